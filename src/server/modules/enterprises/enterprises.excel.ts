import ExcelJS from 'exceljs';
import { DIVISIONS, SECTIONS } from '../../../shared/domain/industry';
import { DEMAND_CATEGORY_LABELS, RATING_LABELS, toLocalTime } from '../../../shared/domain/demands';
import { SCALE_LABELS, SIZE_LABELS, type DemandOut, type EnterpriseOut, type MuRow } from '../../../shared/enterprises';
import { ENTERPRISE_HEADER } from './enterprises.import';
import { MU_HEADER } from './mu.import';

/** Text a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets an apostrophe, as in the ledger export. */
const safe = (v: unknown) => (typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

/** The enterprise table in the import's own columns: an exported file imports again (recognised, not doubled). */
export function enterpriseWorkbook(items: EnterpriseOut[]): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('企业库');
  ws.columns = [30, 22, 10, 20, 24, 8, 8, 16, 30, 10, 14, 8, 12, 8, 10, 16, 10].map((width) => ({ width }));
  ws.addRow(ENTERPRISE_HEADER);
  for (const e of items) {
    const c = e.contacts[0];
    ws.addRow(
      [
        e.name,
        e.creditCode,
        e.legalRepresentative ?? '',
        e.industrySection ? `${e.industrySection} ${SECTIONS[e.industrySection]?.name ?? ''}` : '',
        e.industryDivision ? `${e.industryDivision} ${e.industryName ?? ''}` : '',
        e.scale ? SCALE_LABELS[e.scale]['zh-CN'] : '',
        e.size ? SIZE_LABELS[e.size]['zh-CN'] : '',
        e.areaName ?? '',
        e.address ?? '',
        c?.name ?? '',
        c?.mobile ?? '',
        e.employees ?? '',
        e.foundedOn ?? '',
        e.key ? '是' : '否',
        e.liaisonLeaderName ?? '',
        e.liaisonUnitName ?? '',
        e.liaisonPerson ?? '',
      ].map(safe),
    );
  }
  return wb;
}

export const DEMAND_HEADER = [
  '序号',
  '企业',
  '诉求内容',
  '类别',
  '承办单位',
  '受理时间',
  '答复时限',
  '答复内容',
  '办结时间',
  '企业评价',
];

const local = (iso: string | null) => (iso ? toLocalTime(new Date(iso)).replace('T', ' ') : '');

/** 企业诉求台账: the columns the office keeps, one row per demand. */
export function demandWorkbook(items: DemandOut[]): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('企业诉求台账');
  ws.columns = [6, 26, 50, 14, 18, 17, 17, 50, 17, 16].map((width) => ({ width }));
  ws.addRow(DEMAND_HEADER);
  items.forEach((d, i) => {
    const answer = [...d.replies].reverse().find((r) => r.final) ?? d.replies.at(-1);
    const rating = d.rating
      ? `${RATING_LABELS[d.rating]['zh-CN']}${d.firstRating ? `（首次${RATING_LABELS[d.firstRating]['zh-CN']}，已重办）` : ''}`
      : '';
    const row = ws.addRow(
      [
        i + 1,
        d.enterpriseName,
        d.text,
        DEMAND_CATEGORY_LABELS[d.category]['zh-CN'],
        d.handlingUnitName ?? '',
        local(d.receivedAt),
        local(d.replyDueAt),
        answer?.text ?? '',
        local(d.closedAt),
        rating,
      ].map(safe),
    );
    row.alignment = { wrapText: true, vertical: 'top' };
  });
  return wb;
}

/** The 亩均 import's own columns first (the file imports again), then what the evaluation computed. */
export const MU_EXPORT_HEADER = [
  ...MU_HEADER.slice(0, 2),
  '年度',
  ...MU_HEADER.slice(3),
  '所属乡镇（园区）',
  '行业',
  '亩均税收（万元/亩）',
  '亩均产出（万元/亩）',
  '单位能耗产出（万元/吨标煤）',
  '人均产出（万元/人）',
  '分类',
  '全县排名',
  '乡镇（园区）排名',
];

const round2 = (x: number | null) => (x === null ? '' : Math.round(x * 100) / 100);

/** 亩均论英雄 of a year, one row per enterprise by county rank: the table the office sends upward (its sheet). */
export function muSheet(wb: ExcelJS.Workbook, year: number): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(`亩均评价${year}`, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [22, 30, 8, 12, 12, 12, 16, 12, 10, 16, 24, 14, 14, 16, 14, 6, 10, 12].map((width) => ({ width }));
  return ws;
}

/** One enterprise's row of the 亩均 sheet (the header is MU_EXPORT_HEADER). */
export function muCells(year: number, r: MuRow): unknown[] {
  return [
    r.creditCode,
    r.enterpriseName,
    year,
    r.landMu ?? '',
    r.idleLandMu ?? '',
    r.tax ?? '',
    r.output ?? '',
    r.energy ?? '',
    r.employees ?? '',
    r.areaName ?? '',
    r.industryDivision
      ? `${r.industryDivision} ${DIVISIONS[r.industryDivision] ?? ''}`
      : r.industrySection
        ? `${r.industrySection} ${SECTIONS[r.industrySection]?.name ?? ''}`
        : '',
    round2(r.taxPerMu),
    round2(r.outputPerMu),
    round2(r.outputPerEnergy),
    round2(r.outputPerEmployee),
    r.muClass ?? '',
    r.countyRank ?? '',
    r.areaRank ?? '',
  ].map(safe);
}
