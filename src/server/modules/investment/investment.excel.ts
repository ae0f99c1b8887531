import ExcelJS from 'exceljs';
import { LEAD_SOURCE_LABELS, LEAD_STAGE_LABELS } from '../../../shared/domain/investment';
import type { ChainOut, LeadOut, LinkOut } from '../../../shared/investment';

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

const COVERAGE_ZH = { none: '缺链', weak: '弱链', covered: '已覆盖' } as const;
const TIER_ZH = { upstream: '上游', midstream: '中游', downstream: '下游' } as const;

/**
 * A chain's 图谱 as lists for a meeting's annex: 环节 (tier, parent, coverage, enterprises needed and found, open
 * leads), 本地企业 (by link, 链主 marked), 缺链与招商目标 (the gaps and weak links with their target enterprises) and the
 * open leads on the chain. The graph's picture comes from the browser (ECharts) as a PNG.
 */
export function chainWorkbook(chain: ChainOut, links: LinkOut[], leads: LeadOut[]): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const name = new Map(links.map((l) => [l.id, l.name]));
  const head = (ws: ExcelJS.Worksheet, cols: [string, number][]) => {
    ws.columns = cols.map(([, width]) => ({ width }));
    ws.addRow(cols.map(([h]) => h)).font = { bold: true };
  };
  const info = wb.addWorksheet('产业链');
  info.columns = [{ width: 14 }, { width: 40 }];
  for (const [k, v] of [
    ['产业链', chain.name],
    ['链长', chain.chiefLeaderName ?? ''],
    ['牵头单位', chain.leadUnitName ?? ''],
    ['环节数', chain.links],
    ['缺链', chain.gaps],
    ['弱链', chain.weak],
    ['在谈线索', chain.openLeads],
    ['说明', chain.description],
  ] as [string, unknown][])
    info.addRow([k, safe(v)]);

  const ls = wb.addWorksheet('环节');
  head(ls, [
    ['层级', 8],
    ['环节', 24],
    ['上级环节', 20],
    ['覆盖', 8],
    ['本地企业数', 10],
    ['补链所需', 10],
    ['链主企业', 24],
    ['在谈线索', 10],
    ['招商目标数', 10],
  ]);
  for (const l of links)
    ls.addRow(
      [
        TIER_ZH[l.tier],
        l.name,
        l.parentId ? (name.get(l.parentId) ?? '') : '',
        COVERAGE_ZH[l.coverage],
        l.enterprises.length,
        l.enough,
        l.enterprises
          .filter((e) => e.anchor)
          .map((e) => e.name)
          .join('、'),
        l.openLeads,
        l.targets.length,
      ].map(safe),
    );

  const es = wb.addWorksheet('本地企业');
  head(es, [
    ['环节', 24],
    ['企业', 36],
    ['链主', 6],
  ]);
  for (const l of links) for (const e of l.enterprises) es.addRow([l.name, e.name, e.anchor ? '是' : ''].map(safe));

  const gs = wb.addWorksheet('缺链与招商目标');
  head(gs, [
    ['环节', 24],
    ['覆盖', 8],
    ['目标企业', 30],
    ['所在地', 14],
    ['引进理由', 40],
  ]);
  for (const l of links.filter((x) => x.coverage !== 'covered')) {
    if (l.targets.length === 0) gs.addRow([l.name, COVERAGE_ZH[l.coverage], '', '', ''].map(safe));
    for (const t of l.targets) gs.addRow([l.name, COVERAGE_ZH[l.coverage], t.name, t.region, t.why].map(safe));
  }

  const os = wb.addWorksheet('在谈线索');
  head(os, [
    ['序号', 6],
    ['项目名称', 30],
    ['投资方', 24],
    ['环节', 20],
    ['阶段', 8],
    ['投资额（万元）', 12],
    ['责任单位', 16],
  ]);
  for (const l of leads)
    os.addRow(
      [
        l.serial,
        l.projectName,
        l.investor,
        l.linkName ?? '',
        l.closed ? '流失' : LEAD_STAGE_LABELS[l.stage]['zh-CN'],
        l.investment,
        l.responsibleUnitName ?? '',
      ].map(safe),
    );
  return wb;
}
