import ExcelJS from 'exceljs';
import { LIGHT_LABELS } from '../../../shared/supervision';
import {
  BLOCKER_TYPE_LABELS,
  POOL_LABELS,
  PROJECT_TYPE_LABELS,
  type BlockerType,
} from '../../../shared/domain/projects';
import type { BlockerOut, ProjectOut } from '../../../shared/projects';

/** Text a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets an apostrophe, as in the ledger export. */
const safe = (v: unknown) => (typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
const FILLS: Record<string, string> = { red: 'FFFFC7CE', yellow: 'FFFFEB9C', green: 'FFC6EFCE' };

export interface Names {
  unit(id: string | null): string;
  person(id: string | null): string;
}

export const LIBRARY_HEADER = [
  '序号',
  '项目名称',
  '项目类型',
  '建设内容',
  '总投资（万元）',
  '年度计划投资（万元）',
  '本年完成投资（万元）',
  '投资完成率',
  '序时进度',
  '建设单位',
  '责任单位',
  '包联领导',
  '所在乡镇（园区）',
  '所在库',
  '入库/调整日期',
  '计划开工年份',
  '计划竣工年份',
  '重大项目',
  '招引项目',
  '民生实事',
  '节点完成',
  '亮灯',
];

/** The key-project table in the layout project offices keep (重点项目表), one row per project. */
export function libraryWorkbook(items: ProjectOut[], names: Names): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('重点项目表');
  ws.columns = [6, 30, 10, 40, 12, 14, 14, 10, 10, 24, 16, 10, 14, 8, 12, 10, 10, 8, 8, 8, 10, 8].map((width) => ({
    width,
  }));
  ws.addRow(LIBRARY_HEADER);
  const yes = (b: boolean) => (b ? '是' : '');
  for (const p of items) {
    const row = ws.addRow(
      [
        p.serial,
        p.name,
        PROJECT_TYPE_LABELS[p.type]['zh-CN'],
        p.content,
        p.totalInvestment,
        p.investment.planned || '',
        p.investment.completed,
        p.investment.rate ?? '',
        p.investment.expected,
        p.ownerEnterprise ?? '',
        names.unit(p.responsibleUnitId),
        names.person(p.leaderId),
        names.unit(p.townshipUnitId),
        POOL_LABELS[p.pool]['zh-CN'],
        new Date(`${p.poolSince}T00:00:00Z`),
        p.startYear,
        p.endYear,
        yes(p.major),
        yes(p.attracted),
        yes(p.livelihood),
        `${p.milestonesDone}/${p.milestoneCount}`,
        LIGHT_LABELS[p.light]['zh-CN'],
      ].map(safe),
    );
    for (const c of [5, 6, 7]) row.getCell(c).numFmt = '#,##0.00';
    for (const c of [8, 9]) row.getCell(c).numFmt = '0.0%';
    row.getCell(15).numFmt = 'yyyy-mm-dd';
    row.alignment = { vertical: 'top', wrapText: true };
    const fill = FILLS[p.light];
    if (fill) row.getCell(22).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: fill } };
  }
  ws.autoFilter = { from: 'A1', to: 'V1' };
  return wb;
}

interface Ref {
  projectName: string;
  unitName: string;
}
export interface RoundSheetInput {
  title: string;
  cutoff: string;
  expected: number;
  reported: number;
  late: number;
  investment: number;
  units: { unitName: string; expected: number; reported: number; late: number; missing: number; investment: number }[];
  missing: Ref[];
  behind: Ref[];
  problems: (Ref & { problems: string | null; coordination: string | null })[];
  newBlockers: BlockerOut[];
  openBlockers: BlockerOut[];
  /** 调度事项 other modules raised for this meeting (an indicator turned red, fell in rank …), as the caller may see them. */
  agenda: { title: string; body: string; unitName: string | null }[];
}

/** The round's 对账 for the scheduling meeting: units, missing reports, projects behind, problems, blockers. */
export function roundWorkbook(s: RoundSheetInput, names: Names): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const sheet = (name: string, header: string[], widths: number[], rows: unknown[][]) => {
    const ws = wb.addWorksheet(name);
    ws.columns = widths.map((width) => ({ width }));
    ws.addRow(header);
    for (const r of rows) ws.addRow(r.map(safe)).alignment = { vertical: 'top', wrapText: true };
    return ws;
  };
  const units = sheet(
    '调度汇总',
    ['单位', '应报项目', '已报', '迟报', '未报', '本月完成投资（万元）'],
    [20, 10, 8, 8, 8, 18],
    [
      ...s.units.map((u) => [u.unitName, u.expected, u.reported, u.late, u.missing, u.investment]),
      ['合计', s.expected, s.reported, s.late, s.missing.length, s.investment],
    ],
  );
  units.getRow(units.rowCount).font = { bold: true };
  units.getColumn(6).numFmt = '#,##0.00';
  sheet(
    '未报项目',
    ['项目名称', '责任单位'],
    [36, 20],
    s.missing.map((m) => [m.projectName, m.unitName]),
  );
  sheet(
    '滞后项目',
    ['项目名称', '责任单位'],
    [36, 20],
    s.behind.map((m) => [m.projectName, m.unitName]),
  );
  sheet(
    '问题及需协调事项',
    ['项目名称', '责任单位', '存在问题', '需协调事项'],
    [30, 16, 40, 40],
    s.problems.map((m) => [m.projectName, m.unitName, m.problems ?? '', m.coordination ?? '']),
  );
  const blockerRows = (bs: BlockerOut[]) =>
    bs.map((b) => [
      b.projectName,
      BLOCKER_TYPE_LABELS[b.type as BlockerType]['zh-CN'],
      b.description,
      names.unit(b.handlingUnitId),
      b.leaderName ?? '',
      b.raisedOn,
      b.deadline,
      LIGHT_LABELS[b.light]['zh-CN'],
    ]);
  const bh = ['项目名称', '类型', '卡点问题', '破解单位', '领办领导', '提出日期', '期限', '亮灯'];
  const bw = [30, 8, 40, 16, 10, 12, 12, 8];
  sheet('本周新增卡点', bh, bw, blockerRows(s.newBlockers));
  sheet('未解决卡点', bh, bw, blockerRows(s.openBlockers));
  sheet(
    '调度事项',
    ['事项', '情况', '责任单位'],
    [30, 60, 16],
    s.agenda.map((a) => [a.title, a.body, a.unitName ?? '']),
  );
  wb.title = `${s.title}（截止 ${s.cutoff}）`;
  return wb;
}
