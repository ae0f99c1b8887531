import type { Sheet } from '../../files/table';
import { FIELD_MESSAGES, formatMessage, type Locale } from '../../../shared/errors';
import {
  parsePeriodKey,
  periodEnd,
  periodKey,
  periodLabel,
  type Accumulation,
  type Frequency,
} from '../../../shared/domain/indicators';
import {
  checkValue,
  convertUnit,
  missingBefore,
  parseNumber,
  parsePeriodText,
} from '../../../shared/domain/indicators-check';
import { closestNames } from '../../../shared/domain/text-match';
import { FREQUENCY_LABELS } from '../../../shared/indicators';

/**
 * The value sheet as offices keep it: one row per indicator, period and county (the own county when the county
 * column is empty), with the unit, growth, the city's rank and the source. Every row is checked against the catalogue,
 * the configured counties, the calendar and the values already known (the database and the rest of the file); nothing
 * is written here. Errors refuse the file; warnings are kept with the value once the person confirms.
 */
export const VALUE_COLUMNS = {
  indicator: ['指标名称', '指标', '指标项目'],
  period: ['期间', '时期', '统计期', '统计时期', '月份', '报告期'],
  county: ['县(市、区)', '县（市、区）', '县市区', '地区', '县区', '区县'],
  value: ['数值', '累计值', '本期累计', '累计完成', '完成值', '本期值', '绝对值'],
  unit: ['计量单位', '单位'],
  growth: ['同比增长(%)', '同比增长（%）', '同比增长', '增速(%)', '增速（%）', '增速', '累计增速', '同比(%)'],
  rank: ['全市排名', '排名', '位次', '全市位次'],
  source: ['数据来源', '来源'],
  note: ['备注', '说明'],
} as const;
type Col = keyof typeof VALUE_COLUMNS;
export const TEMPLATE_HEADER = [
  '指标名称',
  '期间',
  '县(市、区)',
  '数值',
  '计量单位',
  '同比增长(%)',
  '全市排名',
  '数据来源',
  '备注',
];
export const MAX_VALUE_ROWS = 20_000;

export interface ImportIndicator {
  id: string;
  name: string;
  unit: string;
  frequency: Frequency;
  accumulation: Accumulation;
  writable: boolean;
  responsibleUnitName: string;
}

export interface ValueLookups {
  today: string;
  locale: Locale;
  indicatorsByName: Map<string, ImportIndicator>;
  /** County name → id (the own county also answers to 本县 and an empty cell). */
  countiesByName: Map<string, string>;
  selfCountyId: string;
  countyCount: number;
  /** Known current values, `${indicatorId}|${countyId}|${period}` → value (the database's). */
  known: Map<string, number>;
}

export interface PlannedValue {
  row: number;
  indicatorId: string;
  countyId: string;
  period: string;
  value: number;
  growth: number | null;
  rank: number | null;
  enteredValue: number | null;
  enteredUnit: string | null;
  source: string | null;
  note: string | null;
  flags: string[];
}

type Problem = { column: string; code: string; message: string };
export interface ValueRowResult {
  row: number;
  status: 'accepted' | 'rejected';
  indicator: string;
  period: string;
  county: string;
  errors: Problem[];
  warnings: Problem[];
  input?: PlannedValue;
}

const norm = (h: string) => h.replace(/\s|\*/g, '');

function findHeader(sheet: Sheet): { index: number; cols: Record<Col, number> } | null {
  for (let i = 0; i < Math.min(sheet.rows.length, 10); i++) {
    const cells = sheet.rows[i]!.cells.map(norm);
    const cols = Object.fromEntries(
      Object.entries(VALUE_COLUMNS).map(([k, labels]) => [
        k,
        cells.findIndex((c) => (labels as readonly string[]).map(norm).includes(c)),
      ]),
    ) as Record<Col, number>;
    if (cols.indicator >= 0 && cols.period >= 0 && cols.value >= 0) return { index: i, cols };
  }
  return null;
}

const fmt = (v: number) => String(Number(v.toFixed(4)));

export function planValueImport(sheets: Sheet[], lk: ValueLookups): { rows: ValueRowResult[]; fileError?: string } {
  const msg = (code: string, params: Record<string, string | number> = {}) =>
    formatMessage(FIELD_MESSAGES[code]?.[lk.locale] ?? code, params);
  const sheet = sheets.filter((s) => !s.hidden).find((s) => findHeader(s));
  if (!sheet)
    return {
      rows: [],
      fileError:
        lk.locale === 'zh-CN'
          ? '未找到表头（须含“指标名称”“期间”“数值”列）'
          : 'no header row (指标名称, 期间, 数值) found',
    };
  const { index, cols } = findHeader(sheet)!;
  const header = sheet.rows[index]!.cells;
  const colName = (c: Col) => (cols[c] >= 0 ? header[cols[c]]! : VALUE_COLUMNS[c][0]);
  const body = sheet.rows.slice(index + 1);
  if (body.length > MAX_VALUE_ROWS)
    return {
      rows: [],
      fileError:
        lk.locale === 'zh-CN'
          ? `一次最多导入 ${MAX_VALUE_ROWS} 行，本文件有 ${body.length} 行`
          : `at most ${MAX_VALUE_ROWS} rows; this file has ${body.length}`,
    };
  const labels = [...lk.indicatorsByName.keys()].map((label) => ({ label, canonical: label }));

  // First pass: read every row; the second checks each against the database and the rest of the file.
  const rows: (ValueRowResult & { ind?: ImportIndicator; unitWritten?: string })[] = [];
  const seen = new Map<string, number>();
  for (const { row, cells } of body) {
    const get = (c: Col) => (cols[c] >= 0 ? (cells[cols[c]] ?? '').trim() : '');
    const errors: Problem[] = [];
    const warnings: Problem[] = [];
    const err = (c: Col, code: string, params: Record<string, string | number> = {}) =>
      errors.push({ column: colName(c), code, message: msg(code, params) });
    const name = get('indicator');
    const ind = lk.indicatorsByName.get(name);
    if (!name) err('indicator', 'required');
    else if (!ind) {
      const hint = closestNames(name, labels);
      err('indicator', 'unknown_indicator', {
        name,
        hint: hint.length
          ? lk.locale === 'zh-CN'
            ? `，是否为：${hint.join('、')}`
            : ` (did you mean ${hint.join(', ')}?)`
          : '',
      });
    } else if (!ind.writable) err('indicator', 'not_own_indicator', { name, unit: ind.responsibleUnitName });

    const periodText = get('period');
    let period: string | null = null;
    if (!periodText) err('period', 'required');
    else if (ind) {
      const p = parsePeriodText(periodText, ind.frequency);
      if ('error' in p)
        err('period', p.error, { text: periodText, frequency: FREQUENCY_LABELS[ind.frequency][lk.locale] });
      else if (periodEnd(parsePeriodKey(p.key)!) > lk.today)
        err('period', 'period_future', { period: periodLabel(p.key, lk.locale, ind.accumulation) });
      else period = p.key;
    }

    const countyText = get('county');
    const countyId = !countyText || countyText === '本县' ? lk.selfCountyId : lk.countiesByName.get(countyText);
    if (!countyId) err('county', 'unknown_county', { name: countyText });

    const valueText = get('value');
    let value = valueText ? parseNumber(valueText) : null;
    if (!valueText) err('value', 'required');
    else if (value === null) err('value', 'not_a_number', { text: valueText });

    const unitText = get('unit');
    let enteredValue: number | null = null;
    const flags: string[] = [];
    if (ind && value !== null && unitText && unitText.replace(/[()（）\s]/g, '') !== ind.unit) {
      const converted = convertUnit(value, unitText, ind.unit);
      if (converted === null) err('unit', 'unit_incompatible', { from: unitText, to: ind.unit });
      else {
        enteredValue = value;
        value = converted;
        flags.push('unit_converted');
        warnings.push({
          column: colName('unit'),
          code: 'unit_converted',
          message: msg('unit_converted', { from: unitText, to: ind.unit, value: fmt(converted) }),
        });
      }
    }
    const growthText = get('growth');
    const growth = growthText ? parseNumber(growthText) : null;
    if (growthText && growth === null) err('growth', 'not_a_number', { text: growthText });
    const rankText = get('rank');
    const rank = rankText ? parseNumber(rankText) : null;
    if (rankText && (rank === null || !Number.isInteger(rank) || rank < 1 || rank > lk.countyCount))
      err('rank', 'rank_out_of_range', { max: lk.countyCount });

    if (ind && period && countyId) {
      const key = `${ind.id}|${countyId}|${period}`;
      if (seen.has(key)) err('period', 'duplicate_in_file', { row: seen.get(key)! });
      else seen.set(key, row);
    }
    const countyName = countyText || (lk.locale === 'zh-CN' ? '本县' : 'own county');
    const result: (typeof rows)[number] = {
      row,
      status: 'accepted',
      indicator: name,
      period: period ?? periodText,
      county: countyName,
      errors,
      warnings,
      ind,
      unitWritten: unitText || ind?.unit,
    };
    if (errors.length === 0 && ind && period && countyId && value !== null) {
      result.input = {
        row,
        indicatorId: ind.id,
        countyId,
        period,
        value,
        growth,
        rank,
        enteredValue,
        enteredUnit: enteredValue !== null ? unitText : null,
        source: get('source') || null,
        note: get('note') || null,
        flags,
      };
    }
    rows.push(result);
  }

  // What the file says, over what the database holds: a row is checked against both.
  const known = new Map(lk.known);
  for (const r of rows)
    if (r.input) known.set(`${r.input.indicatorId}|${r.input.countyId}|${r.input.period}`, r.input.value);
  const unitsByIndicator = new Map<string, Set<string>>();
  for (const r of rows)
    if (r.ind && r.unitWritten)
      unitsByIndicator.set(
        r.ind.id,
        (unitsByIndicator.get(r.ind.id) ?? new Set()).add(r.unitWritten.replace(/[()（）\s]/g, '')),
      );

  for (const r of rows) {
    const v = r.input;
    if (!v || !r.ind) continue;
    const ind = r.ind;
    const p = parsePeriodKey(v.period)!;
    const warn = (c: Col, code: string, params: Record<string, string | number> = {}) => {
      r.warnings.push({ column: colName(c), code, message: msg(code, params) });
      if (!v.flags.includes(code)) v.flags.push(code);
    };
    const at = (year: number, index: number) =>
      known.get(`${v.indicatorId}|${v.countyId}|${periodKey(p.frequency, year, index)}`) ?? null;
    const previous = p.index > 1 ? at(p.year, p.index - 1) : null;
    const lastYearSame = at(p.year - 1, p.index);
    for (const w of checkValue({
      accumulation: ind.accumulation,
      value: v.value,
      previous,
      lastYearSame,
      reportedGrowth: v.growth,
    })) {
      if (w === 'cumulative_decreased') warn('value', w, { value: fmt(v.value), previous: fmt(previous!) });
      else if (w === 'magnitude_suspect') warn('value', w, { ref: fmt(previous ?? lastYearSame!) });
      else warn('growth', w, { reported: fmt(v.growth!), computed: fmt((v.value / lastYearSame! - 1) * 100) });
    }
    const units = unitsByIndicator.get(v.indicatorId);
    if (units && units.size > 1) warn('unit', 'units_mixed', { units: [...units].join('、'), to: ind.unit });
    if (v.countyId === lk.selfCountyId) {
      const knownIdx = new Set<number>();
      for (let i = 1; i < p.index; i++) if (at(p.year, i) !== null) knownIdx.add(i);
      const missing = missingBefore(p.frequency, knownIdx, p.index);
      if (missing.length)
        warn('period', 'missing_period', {
          periods: missing
            .map((i) =>
              periodLabel(periodKey(p.frequency, p.year, i), lk.locale, 'level')
                .replace(/末$/, '')
                .replace('end of ', ''),
            )
            .join(lk.locale === 'zh-CN' ? '、' : ', '),
        });
    }
  }
  return {
    rows: rows.map(({ ind: _i, unitWritten: _u, ...r }) => ({
      ...r,
      status: r.errors.length ? 'rejected' : 'accepted',
    })),
  };
}
