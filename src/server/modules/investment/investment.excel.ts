import ExcelJS from 'exceljs';
import { LEAD_SOURCE_LABELS, LEAD_STAGE_LABELS } from '../../../shared/domain/investment';
import type { LeadOut } from '../../../shared/investment';

/** Text a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets an apostrophe. */
const safe = (v: unknown) => (typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

/** 招商台账 in the layout offices keep (the import reads the same header). */
export const LEDGER_HEADER = [
  '序号',
  '项目名称',
  '投资方',
  '投资额（万元）',
  '产业/链条',
  '阶段',
  '签约时间',
  '责任单位',
  '包联领导',
  '进展情况',
  '存在问题',
  '线索来源',
  '签约次数',
  '到位资金（万元）',
];

export function ledgerWorkbook(items: LeadOut[], progress: Map<string, string>): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('招商台账');
  ws.columns = [6, 30, 24, 12, 20, 8, 12, 16, 10, 40, 30, 10, 8, 12].map((width) => ({ width }));
  ws.addRow(LEDGER_HEADER);
  for (const l of items) {
    const chain = [l.industry, l.chainName && `${l.chainName}${l.linkName ? `·${l.linkName}` : ''}`]
      .filter(Boolean)
      .join(' / ');
    ws.addRow(
      [
        l.serial,
        l.projectName,
        l.investor,
        l.investment,
        chain,
        l.closed ? '流失' : LEAD_STAGE_LABELS[l.stage]['zh-CN'],
        l.signedOn ?? '',
        l.responsibleUnitName ?? '',
        l.leaderName ?? '',
        progress.get(l.id) ?? '',
        l.closed ? (l.lostReason ?? '') : l.light === 'red' ? `${l.daysIdle} 天未跟进` : '',
        LEAD_SOURCE_LABELS[l.source]['zh-CN'],
        l.signings,
        l.fundsInPlace,
      ].map(safe),
    );
  }
  return wb;
}
