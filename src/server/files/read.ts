import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { AppError, type FieldProblem } from '../http/errors';
import { badString } from '../http/strings';
import { cellText } from './cells';
import { docxParagraphs, hasDrawings } from './docx-text';
import type { FileLimits } from './limits';
import { decodeText, parseCsv, type Sheet } from './csv';
import { inflateEntry, reorderZip, zipEntries } from './zip';

/**
 * The reading itself, run inside a worker thread (worker.mjs): a spreadsheet streamed row by row and stopped at
 * the row and cell limits, or the body of a Word file inflated with a hard cap on its size. Never on the request
 * thread: a file that is slow to read slows only its own worker, which is stopped at the time limit.
 */
export type ReadJob =
  | { kind: 'table'; buf: Uint8Array; fileName: string; limits: FileLimits }
  | { kind: 'docx'; buf: Uint8Array; limits: FileLimits };
export type ReadOutcome =
  | { ok: true; sheets: Sheet[] }
  | { ok: true; paragraphs: string[]; hasImages: boolean }
  | { ok: false; code: string; params: Record<string, string | number>; errors: FieldProblem[] };

/** A1-style column letters of a 1-based column number. */
export function columnName(n: number): string {
  let s = '';
  for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

class Counter {
  rows = 0;
  cells = 0;
  readonly problems: FieldProblem[] = [];
  constructor(private readonly limits: FileLimits) {}
  row(cells: number) {
    this.rows++;
    this.cells += cells;
    if (this.rows > this.limits.rows) throw new AppError('too_many_rows', { max: this.limits.rows });
    if (this.cells > this.limits.cells) throw new AppError('too_many_cells', { max: this.limits.cells });
  }
  problem(p: FieldProblem) {
    if (this.problems.length < 50) this.problems.push(p);
  }
}

function checkCells(sheet: string, row: number, cells: string[], count: Counter) {
  cells.forEach((c, i) => {
    const code = badString(c);
    if (code) count.problem({ field: 'file', row, column: columnName(i + 1), code, params: { sheet } });
  });
}

function readCsv(buf: Buffer, fileName: string, limits: FileLimits): Sheet[] {
  const count = new Counter(limits);
  const name = fileName.replace(/\.csv$/i, '');
  const rows: Sheet['rows'] = [];
  parseCsv(decodeText(buf)).forEach((cells, i) => {
    const trimmed = cells.map((c) => c.trim());
    if (!trimmed.some(Boolean)) return;
    count.row(trimmed.length);
    checkCells(name, i + 1, trimmed, count);
    rows.push({ row: i + 1, cells: trimmed });
  });
  if (count.problems.length) throw new AppError('validation', {}, count.problems);
  return [{ name, rows }];
}

async function readXlsx(buf: Buffer, limits: FileLimits): Promise<Sheet[]> {
  const count = new Counter(limits);
  // Workbook, relationships, styles and shared strings first: every sheet then streams straight through.
  const ordered = reorderZip(buf, (n) => !/^xl\/worksheets\/sheet\d+\.xml$/.test(n));
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([ordered]), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  // Never park a sheet in a temp file (ExcelJS does when it has not met the shared strings and relationships
  // yet, and a file may have neither): a lying bomb would fill the disk before the row limit could stop it.
  Object.assign(reader, { sharedStrings: [], workbookRels: [] });
  const sheets: Sheet[] = [];
  for await (const ws of reader as AsyncIterable<
    ExcelJS.stream.xlsx.WorksheetReader & { name?: string; state?: string }
  >) {
    const name = ws.name ?? `Sheet${sheets.length + 1}`;
    const hidden = ws.state !== undefined && ws.state !== 'visible';
    const rows: Sheet['rows'] = [];
    for await (const row of ws as AsyncIterable<ExcelJS.Row>) {
      count.row(row.cellCount);
      const cells: string[] = [];
      for (let c = 1; c <= row.cellCount; c++) {
        const cell = row.getCell(c);
        const t = cellText(cell.value, cell.numFmt);
        if ('text' in t) cells.push(t.text.trim());
        else {
          // A lookup list on a hidden sheet may hold errors nobody sees; only what is imported must be sound.
          if (!hidden)
            count.problem({
              field: 'file',
              row: row.number,
              column: columnName(c),
              code: t.problem,
              params: { value: t.value, sheet: name },
            });
          cells.push('');
        }
      }
      if (!cells.some(Boolean)) continue;
      checkCells(name, row.number, cells, count);
      rows.push({ row: row.number, cells });
    }
    sheets.push({ name, rows, hidden });
  }
  if (count.problems.length) throw new AppError('validation', {}, count.problems);
  return sheets;
}

function readDocxText(buf: Buffer, limits: FileLimits): { paragraphs: string[]; hasImages: boolean } {
  const entries = zipEntries(buf);
  const doc = entries?.find((e) => e.name === 'word/document.xml');
  if (!entries || !doc) throw new AppError('validation', {}, [{ field: 'file', code: 'not_a_docx' }]);
  let xml: Buffer | 'too_large';
  try {
    xml = inflateEntry(buf, doc, limits.documentXmlMb * 1024 * 1024);
  } catch {
    throw new AppError('validation', {}, [{ field: 'file', code: 'not_a_docx' }]);
  }
  if (xml === 'too_large')
    throw new AppError('unpacked_too_large', { max: limits.documentXmlMb, size: `> ${limits.documentXmlMb}` });
  const text = xml.toString('utf8');
  return {
    paragraphs: docxParagraphs(text),
    hasImages: hasDrawings(text) || entries.some((e) => e.name.startsWith('word/media/')),
  };
}

export async function runJob(job: ReadJob): Promise<ReadOutcome> {
  const buf = Buffer.from(job.buf.buffer, job.buf.byteOffset, job.buf.byteLength);
  try {
    if (job.kind === 'docx') return { ok: true, ...readDocxText(buf, job.limits) };
    if (job.fileName.toLowerCase().endsWith('.csv'))
      return { ok: true, sheets: readCsv(buf, job.fileName, job.limits) };
    try {
      return { ok: true, sheets: await readXlsx(buf, job.limits) };
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw new AppError('bad_file', { reason: '.xlsx 文件已损坏 / the .xlsx file is damaged' });
    }
  } catch (err) {
    if (err instanceof AppError) return { ok: false, code: err.code, params: err.params, errors: err.errors };
    throw err;
  }
}
