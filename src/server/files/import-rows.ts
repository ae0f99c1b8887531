import type { Sheet } from './table';
import { closestNames, toHalfWidth } from '../../shared/domain/text-match';
import { type MoneyUnit, parseAmount } from '../../shared/domain/projects-import';

/**
 * What the ledgers' imports (tasks, findings, projects, enterprises, 亩均, leads) read alike, before each checks its
 * own columns: the header among the first rows of the first visible sheet that has one, every cell read trimmed with
 * over-long ones refused, the row limit, a unit or a county leader named in the sheet's words resolved (a unit with
 * a hint), an amount in 万元 or 亿元. Pure.
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

/** The rows below the header that have any text; none and the file's error when there are more than `max`. */
export function bodyRows(
  h: Pick<Header<string>, 'sheet' | 'index'>,
  max: number,
): { body: Sheet['rows']; fileError?: string } {
  const body = h.sheet.rows.slice(h.index + 1).filter((r) => r.cells.some((c) => c.trim()));
  return body.length > max ? { body: [], fileError: tooManyRows(max, body.length) } : { body };
}

/**
 * A row's reader: a column's text, trimmed ('' when the sheet has no such column); a cell longer than `max`
 * (`MAX_CELL` unless the import takes less) is reported once, under the column's first label.
 */
export function rowReader<C extends string>(
  cells: string[],
  h: Pick<Header<C>, 'cols'>,
  columns: Record<C, readonly string[]>,
  err: Err,
  max = MAX_CELL,
): (c: C) => string {
  const get = (c: C) => (h.cols[c] >= 0 ? (cells[h.cols[c]] ?? '').trim() : '');
  for (const c of Object.keys(columns) as C[])
    if (get(c).length > max) err(columns[c][0]!, 'too_long', `内容超过 ${max} 字`);
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

/** A county leader named in the sheet: its id, or an error on the column (several by that name, or none). */
export function resolveLeader(
  name: string,
  column: string,
  leadersByName: Map<string, string[]>,
  err: Err,
): string | undefined {
  const ids = leadersByName.get(name) ?? [];
  if (ids.length === 1) return ids[0]!;
  err(
    column,
    ids.length ? 'ambiguous' : 'unknown_leader',
    ids.length ? `有多位领导名为“${name}”` : `找不到县级领导“${name}”`,
  );
  return undefined;
}

/** An amount in 万元 or 亿元, the cell's unit before the header's: its value in 万元, or an error on the column. */
export function readAmount(text: string, headerUnit: MoneyUnit | null, column: string, err: Err): number | undefined {
  const r = parseAmount(text, headerUnit);
  if ('value' in r) return r.value;
  err(
    column,
    r.error,
    r.error === 'unit_missing' ? `“${text}”未注明单位：请在表头或单元格中写明万元或亿元` : `无法识别的金额“${text}”`,
  );
  return undefined;
}
