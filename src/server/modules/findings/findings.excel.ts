import ExcelJS from 'exceljs';
import { fitRowHeight } from '../../files/xlsx';
import type { FindingOut } from '../../../shared/findings';
import { FINDING_SOURCE_LABELS } from '../../../shared/findings';

/**
 * The ledger of findings in the layout inspectors ask for (整改台账): a title row, the as-of line, then 序号, 问题,
 * 整改措施, 责任单位, 责任人, 整改时限, 整改进展 (the latest report, dated), 是否销号. Landscape A4, fitted to the
 * width, the header repeated on every page and frozen on screen. Text a spreadsheet would run as a formula is
 * prefixed with an apostrophe.
 */
export const FINDING_EXPORT_HEADER = [
  '序号',
  '问题',
  '整改措施',
  '责任单位',
  '责任人',
  '整改时限',
  '整改进展',
  '是否销号',
];
const WIDTHS = [6, 40, 36, 16, 10, 14, 40, 9];
const HEADER_ROW = 3;
const thin = { style: 'thin' as const, color: { argb: 'FF595959' } };
const BORDER = { top: thin, left: thin, bottom: thin, right: thin };
const FONT = { name: '宋体', size: 10.5 };

const neutralise = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
const cnDate = (d: string) => `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
const shortDate = (d: string) => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

export interface FindingExportNames {
  unit(id: string): string;
  /** The latest report kept (not returned): its text and the Beijing day it was submitted. */
  latest(id: string): { text: string; on: string } | null;
}

export function findingsWorkbook(
  items: FindingOut[],
  names: FindingExportNames,
  print: { county: string; asOf: string },
): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('整改台账', {
    pageSetup: {
      paperSize: 9,
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
  const last = FINDING_EXPORT_HEADER.length;
  ws.columns = WIDTHS.map((width) => ({ width }));
  const title = ws.addRow([`${print.county}问题整改台账`]);
  ws.mergeCells(1, 1, 1, last);
  title.height = 36;
  title.getCell(1).font = { name: '方正小标宋简体', size: 20, bold: true };
  title.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
  const closed = items.filter((i) => i.state === 'closed').length;
  const asOf = ws.addRow([`截至${cnDate(print.asOf)}，共 ${items.length} 个问题，已销号 ${closed} 个`]);
  ws.mergeCells(2, 1, 2, last);
  asOf.getCell(1).font = { ...FONT, size: 11 };
  asOf.getCell(1).alignment = { horizontal: 'right', vertical: 'middle' };
  const header = ws.addRow(FINDING_EXPORT_HEADER);
  header.height = 30;
  header.eachCell((c) => {
    c.font = { name: '黑体', size: 11, bold: true };
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9D9D9' } };
    c.border = BORDER;
  });
  for (const f of items) {
    const latest = names.latest(f.id);
    const source = `（${FINDING_SOURCE_LABELS[f.source]['zh-CN']}${f.sourceTitle ? `·${f.sourceTitle}` : ''}）`;
    const progress = latest
      ? `（${shortDate(latest.on)}）${latest.text}`
      : f.state === 'closed'
        ? '已整改到位'
        : f.state === 'assigned'
          ? '尚未签收'
          : '尚未报送整改进展';
    const row = ws.addRow(
      [
        f.serial,
        `${f.problem}\n${source}`,
        f.measures,
        names.unit(f.assigneeUnitId),
        f.responsible ?? '',
        new Date(`${f.deadline}T00:00:00Z`),
        progress,
        f.state === 'closed' ? '是' : '否',
      ].map((v) => (typeof v === 'string' ? neutralise(v) : v)),
    );
    row.eachCell({ includeEmpty: true }, (c, col) => {
      c.font = FONT;
      c.border = BORDER;
      c.alignment = { vertical: 'middle', horizontal: [1, 5, 6, 8].includes(col) ? 'center' : 'left', wrapText: true };
    });
    row.getCell(6).numFmt = 'yyyy"年"m"月"d"日"';
    fitRowHeight(row, WIDTHS);
  }
  ws.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: HEADER_ROW, column: last } };
  wb.title = `${print.county}问题整改台账`;
  return wb;
}
