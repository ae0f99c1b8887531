import { growthRate, parsePeriodKey, periodKey, type Accumulation, type Frequency } from './indicators';
import { toHalfWidth } from './text-match';

/**
 * Checks of indicator data as offices send it: periods written the ways bulletins write them, units of measure
 * (万元 and 亿元 mixed in one file is the classic slip), and values that contradict what is already known.
 * Errors refuse a row; warnings flag it, keep it, and ask the person to confirm.
 */

// ---------------------------------------------------------------- units

/** Units that convert into each other: family and factor to the family's base. */
const UNITS: Record<string, { family: string; factor: number }> = {
  元: { family: 'cny', factor: 1 },
  万元: { family: 'cny', factor: 1e4 },
  亿元: { family: 'cny', factor: 1e8 },
  美元: { family: 'usd', factor: 1 },
  万美元: { family: 'usd', factor: 1e4 },
  亿美元: { family: 'usd', factor: 1e8 },
  人: { family: 'people', factor: 1 },
  万人: { family: 'people', factor: 1e4 },
  吨: { family: 't', factor: 1 },
  万吨: { family: 't', factor: 1e4 },
  千瓦时: { family: 'kwh', factor: 1 },
  万千瓦时: { family: 'kwh', factor: 1e4 },
  亿千瓦时: { family: 'kwh', factor: 1e8 },
};

const normUnit = (u: string) =>
  toHalfWidth(u)
    .replace(/\s+/g, '')
    .replace(/^[（(](.*)[）)]$/, '$1');

/** The value in `to` units; the value itself when the units are the same; null when they do not convert. */
export function convertUnit(value: number, from: string, to: string): number | null {
  const f = normUnit(from);
  const t = normUnit(to);
  if (f === t) return value;
  const a = UNITS[f];
  const b = UNITS[t];
  if (!a || !b || a.family !== b.family) return null;
  return (value * a.factor) / b.factor;
}

// ---------------------------------------------------------------- periods as written

const ZH_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4 };

export type PeriodParse = { key: string } | { error: 'period_invalid' | 'period_frequency' };

/**
 * A period as written in a sheet, for an indicator of the given frequency: 2026-05, 2026/5, 2026年5月, 2026年1-5月,
 * 202605, a date (2026-05-31: the period it closes), 2026-Q2, 2026年二季度, 2026年上半年, 2026年前三季度,
 * 2026年3月中旬, 2026年, 2026年全年, or a period key. A month that closes a quarter is accepted for a quarterly
 * indicator (1-6月 = 上半年). A period of another frequency is `period_frequency`; anything else `period_invalid`.
 */
export function parsePeriodText(raw: string, frequency: Frequency): PeriodParse {
  const s = toHalfWidth(raw)
    .trim()
    .replace(/\s+/g, '')
    .replace(/[—–~～至到]/g, '-');
  if (!s) return { error: 'period_invalid' };
  const asKey = parsePeriodKey(s);
  if (asKey?.frequency === frequency) return { key: s };

  const month = (y: number, mo: number): PeriodParse => {
    if (mo < 1 || mo > 12) return { error: 'period_invalid' };
    if (frequency === 'month') return { key: periodKey('month', y, mo) };
    if (frequency === 'ten_days') return { key: periodKey('ten_days', y, mo * 3) };
    if (frequency === 'quarter')
      return mo % 3 === 0 ? { key: periodKey('quarter', y, mo / 3) } : { error: 'period_frequency' };
    return mo === 12 ? { key: String(y) } : { error: 'period_frequency' };
  };
  const quarter = (y: number, q: number): PeriodParse =>
    frequency === 'quarter' ? { key: periodKey('quarter', y, q) } : month(y, q * 3);
  let m: RegExpExecArray | null;

  // A period key of another frequency: a quarter or a year also closes a month (2026-Q2 = 1-6月).
  if (asKey?.frequency === 'quarter') return quarter(asKey.year, asKey.index);
  if (asKey?.frequency === 'year') return quarter(asKey.year, 4);
  if (asKey?.frequency === 'ten_days') return { error: 'period_frequency' };
  // 2026年1月上中旬 (the cumulative label of 1月中旬)
  m = /^(\d{4})[-/.年]0?1月?上中旬$/.exec(s);
  if (m)
    return frequency === 'ten_days' ? { key: periodKey('ten_days', Number(m[1]), 2) } : { error: 'period_frequency' };
  // 2026年3月上旬 / 中旬 / 下旬, and cumulative: 2026年1月至3月中旬
  m = /^(\d{4})[-/.年](?:0?1月?-)?(\d{1,2})月?(上|中|下)旬$/.exec(s);
  if (m) {
    if (frequency !== 'ten_days') return { error: 'period_frequency' };
    const mo = Number(m[2]);
    if (mo < 1 || mo > 12) return { error: 'period_invalid' };
    return {
      key: periodKey('ten_days', Number(m[1]), (mo - 1) * 3 + { 上: 1, 中: 2, 下: 3 }[m[3] as '上' | '中' | '下']),
    };
  }
  // 2026年全年 / 2026年 / 2026年度
  m = /^(\d{4})年(全年|度)?$/.exec(s);
  if (m) return quarter(Number(m[1]), 4);
  // 2026年上半年 / 前三季度 / 一季度 / 第2季度 / 2026Q2, and a level's 2026年1季度末
  m = /^(\d{4})年?(上半年|前三季度|第?([一二三四1-4])季度?|Q([1-4]))末?$/i.exec(s);
  if (m) {
    const q = m[2] === '上半年' ? 2 : m[2] === '前三季度' ? 3 : m[3] ? (ZH_DIGITS[m[3]] ?? Number(m[3])) : Number(m[4]);
    return quarter(Number(m[1]), q);
  }
  // A date: the period it closes (2026-05-31 → 2026-05; 2026-03-20 → 3月中旬)
  m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    const d = Number(m[3]);
    if (mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return { error: 'period_invalid' };
    const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
    if (frequency === 'ten_days' && (d === 10 || d === 20))
      return { key: periodKey('ten_days', y, (mo - 1) * 3 + (d === 10 ? 1 : 2)) };
    return d === last ? month(y, mo) : { error: 'period_frequency' };
  }
  // 2026年1-5月 (cumulative to May) / 2026年5月 / 5月末 / 2026-05 / 2026/5 / 202605
  m = /^(\d{4})[-/.年](?:1-)?(\d{1,2})月?(?:末|底)?$/.exec(s) ?? /^(\d{4})(\d{2})$/.exec(s);
  if (m) return month(Number(m[1]), Number(m[2]));
  return { error: 'period_invalid' };
}

/** A number as offices type it: 1,234.5 / 1234.5万 is not accepted (the unit goes in its own column) / full-width digits. */
export function parseNumber(raw: string): number | null {
  const s = toHalfWidth(raw)
    .trim()
    .replace(/[,，\s]/g, '')
    .replace(/%$/, '');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

// ---------------------------------------------------------------- values against what is known

export type ValueWarning = 'cumulative_decreased' | 'growth_mismatch' | 'magnitude_suspect';

export interface ValueContext {
  accumulation: Accumulation;
  value: number;
  /** The previous period's value in the same year (cumulative only matters), if known. */
  previous: number | null;
  /** Last year's value of the same period, if known. */
  lastYearSame: number | null;
  /** The growth the source reports (同比, percent), if given. */
  reportedGrowth: number | null;
}

/** Reported and computed growth may differ by rounding and by price basis (GDP at comparable prices); beyond this, ask. */
export const GROWTH_TOLERANCE_POINTS = 3;
/** A value 1,000 times off its neighbour is almost always 万元 typed as 亿元 (or back). */
const MAGNITUDE = 1000;

/**
 * Warnings, not errors: each may be true (a revision lowers a cumulative total; GDP growth is at comparable prices),
 * so the row is kept, flagged, and the person asked to confirm.
 * - cumulative_decreased: a cumulative value below the previous period's of the same year;
 * - growth_mismatch: the reported growth differs from the growth the values give by more than the tolerance;
 * - magnitude_suspect: the value is a thousand times larger or smaller than the previous period or last year's.
 */
export function checkValue(c: ValueContext, tolerance = GROWTH_TOLERANCE_POINTS): ValueWarning[] {
  const out: ValueWarning[] = [];
  const ref = c.previous ?? c.lastYearSame;
  if (ref !== null && ref > 0 && c.value > 0 && (c.value / ref > MAGNITUDE || ref / c.value > MAGNITUDE))
    out.push('magnitude_suspect');
  if (c.accumulation === 'cumulative' && c.previous !== null && c.value < c.previous) out.push('cumulative_decreased');
  const computed = growthRate(c.value, c.lastYearSame);
  if (
    c.reportedGrowth !== null &&
    computed !== null &&
    Math.abs(c.reportedGrowth - computed) > tolerance &&
    !out.includes('magnitude_suspect')
  )
    out.push('growth_mismatch');
  return out;
}

/**
 * Periods of the year before `index` (1-based) with no value in `known`: a monthly series with March and May but no
 * April is missing April. January of a monthly series never counts (1-2月 are usually published together).
 */
export function missingBefore(frequency: Frequency, known: ReadonlySet<number>, index: number): number[] {
  const out: number[] = [];
  for (let i = 1; i < index; i++) if (!known.has(i) && !(frequency === 'month' && i === 1)) out.push(i);
  return out;
}
