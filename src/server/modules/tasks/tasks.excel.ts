import ExcelJS from 'exceljs';
import type { TaskOut } from '../../../shared/tasks';
import { LEVEL_LABELS } from '../../../shared/tasks';
import { LIGHT_LABELS, STATE_LABELS } from '../../../shared/supervision';

/**
 * The ledger as offices keep it (序号, 任务内容, 工作标准, 奖惩, 牵头领导, 牵头单位, 配合单位, 完成时限, 进展情况, 状态/亮灯).
 * Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start) is prefixed with an apostrophe.
 */
export function neutraliseFormula(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

export interface ExportNames {
  unit(id: string): string;
  person(id: string | null): string;
  latest(id: string): string;
}

export const EXPORT_HEADER = ['序号', '任务名称', '任务内容', '工作标准', '奖惩', '牵头领导', '牵头单位', '配合单位', '完成时限', '进展情况', '完成进度', '状态', '亮灯', '级别', '类别'];

export function ledgerWorkbook(items: TaskOut[], names: ExportNames, title: string): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('督办台账');
  ws.columns = [6, 24, 48, 36, 24, 10, 18, 24, 12, 48, 10, 10, 8, 8, 12].map((width) => ({ width }));
  ws.addRow(EXPORT_HEADER);
  const fills: Record<string, string> = { red: 'FFFFC7CE', yellow: 'FFFFEB9C', green: 'FFC6EFCE' };
  for (const t of items) {
    const row = ws.addRow([
      t.serial,
      t.title,
      t.content,
      t.standard ?? '',
      t.accountability ?? '',
      names.person(t.leadLeaderId),
      names.unit(t.assigneeUnitId),
      t.coUnitIds.map(names.unit).join('、'),
      new Date(`${t.deadline}T00:00:00Z`),
      names.latest(t.id),
      t.progress === null ? '' : t.progress / 100,
      STATE_LABELS[t.state]['zh-CN'],
      LIGHT_LABELS[t.light]['zh-CN'],
      LEVEL_LABELS[t.level]['zh-CN'],
      t.category ?? '',
    ].map((v) => (typeof v === 'string' ? neutraliseFormula(v) : v)));
    row.getCell(9).numFmt = 'yyyy-mm-dd';
    row.getCell(11).numFmt = '0%';
    row.alignment = { vertical: 'top', wrapText: true };
    const fill = fills[t.light];
    if (fill) row.getCell(13).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: fill } };
  }
  ws.autoFilter = { from: 'A1', to: `O1` };
  wb.title = title;
  return wb;
}
