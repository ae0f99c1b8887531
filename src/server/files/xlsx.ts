import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { sendDownload, XLSX_TYPE } from '../http/download';

/** Sends a workbook as a download; the file name is UTF-8 encoded for Chinese names (RFC 6266). */
export async function sendWorkbook(reply: FastifyReply, wb: ExcelJS.Workbook, fileName: string) {
  wb.creator = 'Luoshi 落实';
  wb.created = new Date();
  for (const ws of wb.worksheets) {
    // A sheet laid out for printing (the ledger: title rows, its own frozen header) keeps its own layout.
    if (ws.views.length > 0) continue;
    const header = ws.getRow(1);
    header.font = { bold: true };
    header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } };
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  }
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  return sendDownload(reply, buf, { type: XLSX_TYPE, standIn: 'export.xlsx', fileName });
}

/** The style every streamed body cell shares: ExcelJS caches a style by object, so one object is looked up once. */
const PLAIN: Partial<ExcelJS.Style> = Object.freeze({});

/** How a streamed sheet's rows are written: each row committed (zipped and sent) as it is added. */
export interface RowWriter {
  /** The header row: bold on grey. */
  header(ws: ExcelJS.Worksheet, values: unknown[]): void;
  /** A body row, unstyled (sharing one style keeps ExcelJS from describing every cell's style again: 3× faster). */
  row(ws: ExcelJS.Worksheet, values: unknown[]): void;
}

/**
 * Streams a workbook as a download while `fill` adds its rows (ExcelJS's streaming writer: each committed row is
 * zipped and sent, the file is never held whole). Give the sheet `views: [{ state: 'frozen', ySplit: 1 }]` to freeze
 * its header on screen as `sendWorkbook` does. The status and headers go out before the rows: check everything that
 * can refuse the request first; a failure while filling cuts the download short (the file is then unreadable, never
 * silently partial).
 */
export async function streamWorkbook(
  reply: FastifyReply,
  fileName: string,
  fill: (wb: ExcelJS.Workbook, rows: RowWriter) => Promise<void>,
) {
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'Luoshi 落实';
  wb.created = new Date();
  sendDownload(reply, out, { type: XLSX_TYPE, standIn: 'export.xlsx', fileName });
  const writer: RowWriter = {
    header(ws, values) {
      const r = ws.addRow(values);
      r.font = { bold: true };
      r.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } };
      r.commit();
    },
    row(ws, values) {
      const r = ws.addRow(values);
      r.eachCell((c) => {
        c.style = PLAIN;
      });
      r.commit();
    },
  };
  try {
    await fill(wb, writer);
    await wb.commit();
  } catch (e) {
    reply.log.error(e, 'streamed workbook failed');
    out.destroy(e as Error);
  }
  return reply;
}

/** Width of text in Excel's column units: a CJK or full-width character takes two, anything else one. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text)
    w +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ||
      ch.codePointAt(0)! > 0xffff
        ? 2
        : 1;
  return w;
}

/**
 * Sets a row's height from the lines its wrapped cells need: a spreadsheet program recomputes heights when it
 * edits a row, but neither LibreOffice nor a printer does so on opening a file, and wrapped text would print over
 * the next row. `points` is the height of one line at the row's font size.
 */
export function fitRowHeight(row: ExcelJS.Row, widths: readonly number[], points = 14) {
  let lines = 1;
  row.eachCell((cell, col) => {
    const v = cell.value;
    const text =
      typeof v === 'string'
        ? v
        : v && typeof v === 'object' && 'richText' in v
          ? v.richText.map((r) => r.text).join('')
          : '';
    if (!text) return;
    const usable = Math.max(1, (widths[col - 1] ?? 10) - 1);
    const n = text.split('\n').reduce((sum, para) => sum + Math.max(1, Math.ceil(displayWidth(para) / usable)), 0);
    lines = Math.max(lines, n);
  });
  row.height = lines * points + 6;
}

/** Text a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start) gets an apostrophe. */
export function neutraliseFormula(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

/** 2026-03-05 → 3月5日 (a report's day beside its text). */
export const shortCnDate = (d: string) => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

const thin = { style: 'thin' as const, color: { argb: 'FF595959' } };
const BORDER = { top: thin, left: thin, bottom: thin, right: thin };
const FONT = { name: '宋体', size: 10.5 };
const HEADER_ROW = 3;

/** What a ledger printed for handing out is: its sheet, title, as-of line and columns. */
export interface PrintedLedger {
  sheet: string;
  /** The title row, e.g. 云溪县重点工作督办台账 (also the workbook's title). */
  title: string;
  /** The line under the title, right-aligned: 截至…，共 N 项. */
  asOf: string;
  header: readonly string[];
  /** Widths in characters, chosen so that the columns fit a landscape page at a readable scale. */
  widths: readonly number[];
  paper?: 'a4' | 'a3';
}

/**
 * A ledger laid out as offices print and hand it out (督办台账, 整改台账): a title row, the as-of line, the header
 * (grey, bold, filtered). Landscape, fitted to the page's width, the header repeated on every page and frozen on
 * screen, pages numbered in the footer. Rows follow through `addHeadingRow` and `addLedgerRow`.
 */
export function printedLedger(spec: PrintedLedger): { wb: ExcelJS.Workbook; ws: ExcelJS.Worksheet } {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(spec.sheet, {
    pageSetup: {
      // OOXML's paper codes: 9 is A4, 8 is A3 (ExcelJS's type lists A4 but not A3).
      paperSize: (spec.paper === 'a3' ? 8 : 9) as unknown as ExcelJS.PaperSize,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}`,
    },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
    views: [{ state: 'frozen', ySplit: HEADER_ROW, xSplit: 0 }],
  });
  const last = spec.header.length;
  ws.columns = spec.widths.map((width) => ({ width }));

  const title = ws.addRow([spec.title]);
  ws.mergeCells(1, 1, 1, last);
  title.height = 36;
  title.getCell(1).font = { name: '方正小标宋简体', size: 20, bold: true };
  title.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
  const asOf = ws.addRow([spec.asOf]);
  ws.mergeCells(2, 1, 2, last);
  asOf.getCell(1).font = { ...FONT, size: 11 };
  asOf.getCell(1).alignment = { horizontal: 'right', vertical: 'middle' };

  const header = ws.addRow([...spec.header]);
  header.height = 30;
  header.eachCell((c) => {
    c.font = { name: '黑体', size: 11, bold: true };
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9D9D9' } };
    c.border = BORDER;
  });
  ws.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: HEADER_ROW, column: last } };
  wb.title = spec.title;
  return { wb, ws };
}

/** A group's heading across the whole width (一、张三同志牵头（3项）). */
export function addHeadingRow(ws: ExcelJS.Worksheet, text: string, columns: number) {
  const h = ws.addRow([text]);
  ws.mergeCells(h.number, 1, h.number, columns);
  h.getCell(1).font = { name: '黑体', size: 11, bold: true };
  h.getCell(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
  h.getCell(1).border = BORDER;
}

/**
 * One row of a printed ledger: text neutralised, every cell bordered and wrapped, the `centred` columns (1-based)
 * centred, the `date` column shown as 2026年6月30日, the height fitted to the wrapped text.
 */
export function addLedgerRow(
  ws: ExcelJS.Worksheet,
  values: (string | number | Date)[],
  layout: { widths: readonly number[]; centred: readonly number[]; date: number },
): ExcelJS.Row {
  const row = ws.addRow(values.map((v) => (typeof v === 'string' ? neutraliseFormula(v) : v)));
  row.eachCell({ includeEmpty: true }, (c, col) => {
    c.font = FONT;
    c.border = BORDER;
    c.alignment = { vertical: 'middle', horizontal: layout.centred.includes(col) ? 'center' : 'left', wrapText: true };
  });
  row.getCell(layout.date).numFmt = 'yyyy"年"m"月"d"日"';
  fitRowHeight(row, layout.widths);
  return row;
}
