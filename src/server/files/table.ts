import { AppError } from '../http/errors';
import { FILE_LIMITS, type FileLimits } from './limits';
import { runRead } from './run';
import { assertUnpackable, isZip } from './zip';
export { decodeText, parseCsv, type Sheet } from './csv';
import type { Sheet } from './csv';

/**
 * The one reader of uploaded spreadsheets, for every import: .xlsx (Excel, WPS) and .csv (UTF-8 or GBK). An
 * .xlsx is judged by its ZIP directory first (size, parts, ratio), then streamed in a worker thread with row,
 * cell, memory and time limits; every cell comes back as trimmed text (files/cells.ts) with the sheet's own row
 * numbers. Formulas without a value, error cells and text no field may hold are refused with their row.
 */
export async function readTables(
  buf: Buffer,
  fileName: string,
  limits: FileLimits = { ...FILE_LIMITS },
): Promise<Sheet[]> {
  const lower = fileName.toLowerCase();
  if (!lower.endsWith('.csv')) {
    if (!isZip(buf)) {
      throw new AppError('bad_file', {
        reason: lower.endsWith('.xls')
          ? '旧版 .xls 格式请另存为 .xlsx / save old .xls files as .xlsx'
          : '不是 .xlsx 或 .csv 文件 / not an .xlsx or .csv file',
      });
    }
    if (!assertUnpackable(buf, limits))
      throw new AppError('bad_file', { reason: '.xlsx 文件已损坏 / the .xlsx file is damaged' });
  }
  const out = await runRead({ kind: 'table', buf, fileName }, limits);
  return 'sheets' in out ? out.sheets : [];
}

/** Maps header labels (any of several spellings) to column indexes. */
export function headerIndex(header: string[], columns: Record<string, readonly string[]>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, labels] of Object.entries(columns)) {
    out[key] = header.findIndex((h) => labels.some((l) => h.replace(/\s|\*/g, '') === l));
  }
  return out;
}
