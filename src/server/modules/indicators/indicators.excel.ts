import ExcelJS from 'exceljs';
import { neutraliseFormula } from '../../files/xlsx';
import type { PeerOut, StatusOut } from '../../../shared/indicators';
import { FORECAST_METHOD_LABELS } from '../../../shared/indicators';
import { LIGHT_LABELS } from '../../../shared/supervision';
import { TEMPLATE_HEADER } from './indicators.import';

/**
 * The statistical-bulletin layout (统计月报 / 主要经济指标完成情况): a title line, then one row per indicator with its
 * period, value, growth and city rank as the statistics bureau prints them, followed by what the county watches
 * itself: target, share reached, 序时进度 and the gap, light, forecast, the unit and leader responsible. A second sheet
 * lists each indicator's peer counties.
 */
export const BULLETIN_HEADER = [
  '序号',
  '指标名称',
  '计量单位',
  '统计期',
  '累计/数值',
  '同比增长(%)',
  '全市排名',
  '年度目标',
  '目标增速(%)',
  '完成年度目标(%)',
  '序时进度(%)',
  '较序时进度(百分点)',
  '亮灯',
  '预计全年',
  '预计增速(%)',
  '预计方法',
  '责任单位',
  '分管领导',
];

const round = (v: number | null, d = 2) => (v === null ? '' : Number(v.toFixed(d)));
const FILLS: Record<string, string> = { red: 'FFFFC7CE', yellow: 'FFFFEB9C', green: 'FFC6EFCE' };

export function bulletinWorkbook(data: {
  year: number;
  county: string;
  rows: { status: StatusOut; peers: PeerOut[] }[];
}): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('主要经济指标');
  ws.columns = [6, 26, 10, 16, 12, 12, 10, 12, 12, 14, 12, 16, 8, 12, 12, 26, 20, 10].map((width) => ({ width }));
  const title = `${data.county}主要经济指标完成情况（${data.year}年）`;
  ws.addRow([title]);
  ws.mergeCells(1, 1, 1, BULLETIN_HEADER.length);
  ws.getRow(1).alignment = { horizontal: 'center' };
  ws.getRow(1).font = { bold: true, size: 14 };
  const header = ws.addRow(BULLETIN_HEADER);
  header.font = { bold: true };
  header.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  header.eachCell((c) => (c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } }));
  data.rows.forEach(({ status: s }, i) => {
    const row = ws.addRow(
      [
        i + 1,
        s.indicator.name,
        s.indicator.unit,
        s.periodLabel ?? '',
        round(s.value),
        round(s.growth, 1),
        s.rank ?? '',
        round(s.target.value),
        round(s.target.growth, 1),
        round(s.progress, 1),
        round(s.expectedProgress, 1),
        s.gapPoints === null ? '' : round(-s.gapPoints, 1),
        LIGHT_LABELS[s.light]['zh-CN'],
        round(s.forecast?.value ?? null),
        round(s.forecast?.growth ?? null, 1),
        s.forecast ? FORECAST_METHOD_LABELS[s.forecast.method]['zh-CN'] : '',
        s.indicator.responsibleUnitName,
        s.indicator.leaderName ?? '',
      ].map((v) => (typeof v === 'string' ? neutraliseFormula(v) : v)),
    );
    const fill = FILLS[s.light];
    if (fill) row.getCell(13).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: fill } };
  });
  ws.addRow([]);
  ws.addRow([
    '注：增速为同比增速；全市排名为市统计局公布的位次，未公布时按各县（市、区）数据计算。序时进度按上年各期占全年比重计算，无上年数据时按时间均衡计算；较序时进度为正表示快于序时进度。',
  ]);

  const peers = wb.addWorksheet('兄弟县市区对比');
  peers.columns = [26, 18, 14, 14, 10].map((width) => ({ width }));
  peers.addRow(['指标名称', '县(市、区)', '数值', '同比增长(%)', '排名']);
  for (const { status: s, peers: list } of data.rows) {
    if (list.length === 0) continue;
    for (const p of list) {
      const row = peers.addRow([
        neutraliseFormula(`${s.indicator.name}（${s.periodLabel ?? ''}，${s.indicator.unit}）`),
        neutraliseFormula(p.name),
        round(p.value),
        round(p.growth, 1),
        p.rank ?? '',
      ]);
      if (p.isSelf) row.font = { bold: true };
    }
  }
  wb.title = title;
  return wb;
}

/** The import template: the header and two example rows (own county, a peer). */
export function templateWorkbook(example: {
  indicator: string;
  unit: string;
  period: string;
  peer: string | null;
}): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('指标数据');
  ws.columns = [24, 16, 16, 12, 10, 12, 10, 20, 20].map((width) => ({ width }));
  ws.addRow(TEMPLATE_HEADER);
  ws.addRow([
    example.indicator,
    example.period,
    '',
    123.45,
    example.unit,
    6.5,
    '',
    '县统计局',
    '县（市、区）一栏留空表示本县',
  ]);
  if (example.peer)
    ws.addRow([example.indicator, example.period, example.peer, 234.5, example.unit, 5.8, '', '市统计局', '']);
  return wb;
}
