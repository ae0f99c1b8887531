import type { Sheet } from './table';
import { closestNames, toHalfWidth } from '../../shared/domain/text-match';

/**
 * What the ledgers' imports (tasks, findings, projects) read alike, before each checks its own columns: the header
 * among the first rows of the first visible sheet that has one, every cell read trimmed with over-long ones refused,
 * the row limit, and a unit named in the sheet's words resolved with a hint. Pure.
 */

/** A row's problem in the sheet's words: the column's label, a code, the message. */
export type RowError = { column: string; code: string; message: string };
type Err = (column: string, code: string, message: string) => void;

/** The longest cell taken. */
export const MAX_CELL = 10_000;

/** A header cell as compared: half-width, without spaces and the asterisk that marks a required column. */
export const headerCell = (s: string) => toHalfWidth(s).replace(/[\s*＊]/g, '');

export interface Header<C extends string> {
  sheet: Sheet;
  /** The header's row index in the sheet. */
  index: number;
  /** Each column's index in the row (-1: absent). */
  cols: Record<C, number>;
  /** The header row's cells as written. */
  labels: string[];
}

/**
 * The first visible sheet whose first ten rows include a header with the `required` columns; a column is found by
 * any of its labels, compared through `norm`.
 */
export function findHeader<C extends string>(
  sheets: Sheet[],
  columns: Record<C, readonly string[]>,
  required: NoInfer<C>[],
  norm: (s: string) => string = headerCell,
): Header<C> | null {
  for (const sheet of sheets.filter((s) => !s.hidden)) {
    for (let i = 0; i < Math.min(sheet.rows.length, 10); i++) {
      const cells = sheet.rows[i]!.cells.map(norm);
      const cols = Object.fromEntries(
        Object.entries<readonly string[]>(columns).map(([k, labels]) => [
          k,
          cells.findIndex((c) => labels.map(norm).includes(c)),
        ]),
      ) as Record<C, number>;
      if (required.every((c) => cols[c] >= 0)) return { sheet, index: i, cols, labels: sheet.rows[i]!.cells };
    }
  }
  return null;
}

/** The file's error when it has more rows than one import takes. */
export const tooManyRows = (max: number, n: number) => `一次最多导入 ${max} 行，本文件有 ${n} 行 / at most ${max} rows`;

/**
 * A row's reader: a column's text, trimmed ('' when the sheet has no such column); a cell longer than `MAX_CELL`
 * is reported once, under the column's first label.
 */
export function rowReader<C extends string>(
  cells: string[],
  h: Pick<Header<C>, 'cols'>,
  columns: Record<C, readonly string[]>,
  err: Err,
): (c: C) => string {
  const get = (c: C) => (h.cols[c] >= 0 ? (cells[h.cols[c]] ?? '').trim() : '');
  for (const c of Object.keys(columns) as C[])
    if (get(c).length > MAX_CELL) err(columns[c][0]!, 'too_long', `内容超过 ${MAX_CELL} 字`);
  return get;
}

/** A unit named in the sheet: its id, or an error on the column (several units by that name, or none: the closest). */
export function resolveUnit(
  label: string,
  column: string,
  lk: { unitIndex: Map<string, string | null>; unitLabels: { label: string; canonical: string }[] },
  err: Err,
): string | undefined {
  const id = lk.unitIndex.get(label);
  if (id) return id;
  const hint = closestNames(label, lk.unitLabels);
  err(
    column,
    id === null ? 'ambiguous_unit' : 'unknown_unit',
    id === null
      ? `“${label}”可指多个单位，请填写全称`
      : `找不到单位“${label}”${hint.length ? `，是否为：${hint.join('、')}` : ''}`,
  );
  return undefined;
}
