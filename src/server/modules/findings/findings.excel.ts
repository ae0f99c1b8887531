import type ExcelJS from 'exceljs';
import { addLedgerRow, printedLedger, shortCnDate } from '../../files/xlsx';
import { cnDate } from '../../../shared/domain/official-doc';
import type { FindingOut } from '../../../shared/findings';
import { FINDING_SOURCE_LABELS } from '../../../shared/findings';

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

export interface FindingExportNames {
  unit(id: string): string;
  /** The latest report kept (not returned): its text and the Beijing day it was submitted. */
  latest(id: string): { text: string; on: string } | null;
}

/**
 * The ledger of findings in the layout inspectors ask for (整改台账): a title row, the as-of line, then 序号, 问题,
 * 整改措施, 责任单位, 责任人, 整改时限, 整改进展 (the latest report, dated), 是否销号. Landscape A4, fitted to the
 * width, the header repeated on every page and frozen on screen. Text a spreadsheet would run as a formula is
 * prefixed with an apostrophe (the layout: `printedLedger`).
 */
export function findingsWorkbook(
  items: FindingOut[],
  names: FindingExportNames,
  print: { county: string; asOf: string },
): ExcelJS.Workbook {
  const closed = items.filter((i) => i.state === 'closed').length;
  const { wb, ws } = printedLedger({
    sheet: '整改台账',
    title: `${print.county}问题整改台账`,
    asOf: `截至${cnDate(print.asOf)}，共 ${items.length} 个问题，已销号 ${closed} 个`,
    header: FINDING_EXPORT_HEADER,
    widths: WIDTHS,
  });
  for (const f of items) {
    const latest = names.latest(f.id);
    const source = `（${FINDING_SOURCE_LABELS[f.source]['zh-CN']}${f.sourceTitle ? `·${f.sourceTitle}` : ''}）`;
    const progress = latest
      ? `（${shortCnDate(latest.on)}）${latest.text}`
      : f.state === 'closed'
        ? '已整改到位'
        : f.state === 'assigned'
          ? '尚未签收'
          : '尚未报送整改进展';
    addLedgerRow(
      ws,
      [
        f.serial,
        `${f.problem}\n${source}`,
        f.measures,
        names.unit(f.assigneeUnitId),
        f.responsible ?? '',
        new Date(`${f.deadline}T00:00:00Z`),
        progress,
        f.state === 'closed' ? '是' : '否',
      ],
      { widths: WIDTHS, centred: [1, 5, 6, 8], date: 6 },
    );
  }
  return wb;
}
