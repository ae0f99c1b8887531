import type ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';

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
  return reply
    .header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header(
      'Content-Disposition',
      `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    )
    .send(buf);
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
