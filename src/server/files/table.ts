import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { AppError } from '../http/errors';

/**
 * Reads what county offices actually send: .xlsx (Excel, WPS) and .csv in UTF-8 or GBK/GB18030 (Excel's
 * default "CSV" on a Chinese Windows). Every cell comes back as trimmed text; row numbers are the sheet's own.
 */
export interface Sheet {
  name: string;
  /** Hidden sheets (often lookup lists) are skipped by importers. */
  hidden?: boolean;
  /** [rowNumber, cells] with rowNumber as Excel shows it (1-based, header included). */
  rows: { row: number; cells: string[] }[];
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('error' in v) return '';
  }
  return String(v);
}

export function decodeText(buf: Buffer): string {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return buf.subarray(3).toString('utf8');
  const utf8 = buf.toString('utf8');
  // Invalid UTF-8 shows up as U+FFFD: then it is the GBK family that Chinese Excel writes.
  if (!utf8.includes('\uFFFD')) return utf8;
  return iconv.decode(buf, 'gb18030');
}

export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

export async function readTables(buf: Buffer, fileName: string): Promise<Sheet[]> {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv')) {
    const rows = parseCsv(decodeText(buf));
    return [{ name: fileName.replace(/\.csv$/i, ''), rows: rows.map((cells, i) => ({ row: i + 1, cells: cells.map((c) => c.trim()) })).filter((r) => r.cells.some(Boolean)) }];
  }
  if (!buf.subarray(0, 4).equals(ZIP_MAGIC)) {
    throw new AppError('bad_file', { reason: lower.endsWith('.xls') ? '旧版 .xls 格式请另存为 .xlsx / save old .xls files as .xlsx' : '不是 .xlsx 或 .csv 文件 / not an .xlsx or .csv file' });
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    throw new AppError('bad_file', { reason: '.xlsx 文件已损坏 / the .xlsx file is damaged' });
  }
  return wb.worksheets.map((ws) => {
    const rows: Sheet['rows'] = [];
    ws.eachRow({ includeEmpty: false }, (r, rowNumber) => {
      const cells: string[] = [];
      for (let c = 1; c <= r.cellCount; c++) cells.push(cellText(r.getCell(c).value).trim());
      if (cells.some(Boolean)) rows.push({ row: rowNumber, cells });
    });
    return { name: ws.name, rows, hidden: ws.state !== 'visible' && ws.state !== undefined };
  });
}

/** Maps header labels (any of several spellings) to column indexes. */
export function headerIndex(header: string[], columns: Record<string, readonly string[]>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, labels] of Object.entries(columns)) {
    out[key] = header.findIndex((h) => labels.some((l) => h.replace(/\s|\*/g, '') === l));
  }
  return out;
}
