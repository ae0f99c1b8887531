import type ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';

/** Sends a workbook as a download; the file name is UTF-8 encoded for Chinese names (RFC 6266). */
export async function sendWorkbook(reply: FastifyReply, wb: ExcelJS.Workbook, fileName: string) {
  wb.creator = 'Luoshi 落实';
  wb.created = new Date();
  for (const ws of wb.worksheets) {
    const header = ws.getRow(1);
    header.font = { bold: true };
    header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } };
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  }
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  return reply
    .header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('Content-Disposition', `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`)
    .send(buf);
}
