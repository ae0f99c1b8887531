import { daysBetween, type IsoDate } from './dates';
import type { Light, LightReason, LightThresholds } from './light';

/**
 * Economic indicators against their trajectory (以旬保月、以月保季、以季保年). Pure rules, shared by the API, the
 * board, the export and the web charts, so every screen tells the same story:
 *
 * - periods of a year by frequency (旬 / 月 / 季 / 年) and their calendar share of the year;
 * - cumulative (累计) ⇄ per-period values, and growth on the same period of last year (同比);
 * - the trajectory: where the cumulative value (or level) should be by the end of each period to reach the
 *   annual target — by last year's seasonal profile when last year's year-end value is known, else by the calendar;
 * - the gap and the light (the task rule of `light.ts`, applied to the share of the annual target);
 * - a year-end forecast, with its method; and "what it takes": the growth the remaining periods need to reach a
 *   goal (the target, or the value that overtakes the next county).
 *
 * Values are plain numbers in the indicator's unit of measure; growth rates are in percent (6.5 means +6.5 %).
 */

export const FREQUENCIES = ['ten_days', 'month', 'quarter', 'year'] as const;
export type Frequency = (typeof FREQUENCIES)[number];
export const ACCUMULATIONS = ['cumulative', 'level'] as const;
/** cumulative: a running total from 1 January (GDP, revenue, investment); level: a value at a date (deposits, income per head). */
export type Accumulation = (typeof ACCUMULATIONS)[number];

export const PERIODS_PER_YEAR: Record<Frequency, number> = { ten_days: 36, month: 12, quarter: 4, year: 1 };

// ---------------------------------------------------------------- periods

/**
 * Period keys: `2026` (year), `2026-Q2` (quarter), `2026-05` (month), `2026-05-T2` (旬: T1 上旬, T2 中旬, T3 下旬).
 * The index runs 1…PERIODS_PER_YEAR within the year.
 */
export interface Period {
  year: number;
  frequency: Frequency;
  index: number;
}

export function periodKey(frequency: Frequency, year: number, index: number): string {
  switch (frequency) {
    case 'year':
      return String(year);
    case 'quarter':
      return `${year}-Q${index}`;
    case 'month':
      return `${year}-${String(index).padStart(2, '0')}`;
    case 'ten_days':
      return `${year}-${String(Math.ceil(index / 3)).padStart(2, '0')}-T${((index - 1) % 3) + 1}`;
  }
}

export function parsePeriodKey(key: string): Period | null {
  let m = /^(\d{4})$/.exec(key);
  if (m) return { year: Number(m[1]), frequency: 'year', index: 1 };
  m = /^(\d{4})-Q([1-4])$/.exec(key);
  if (m) return { year: Number(m[1]), frequency: 'quarter', index: Number(m[2]) };
  m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(key);
  if (m) return { year: Number(m[1]), frequency: 'month', index: Number(m[2]) };
  m = /^(\d{4})-(0[1-9]|1[0-2])-T([1-3])$/.exec(key);
  if (m) return { year: Number(m[1]), frequency: 'ten_days', index: (Number(m[2]) - 1) * 3 + Number(m[3]) };
  return null;
}

export function periodsOfYear(frequency: Frequency, year: number): string[] {
  return Array.from({ length: PERIODS_PER_YEAR[frequency] }, (_, i) => periodKey(frequency, year, i + 1));
}

const lastDayOfMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** The last day of a period: the day its cumulative value is "as of". */
export function periodEnd(p: Period): IsoDate {
  const { year, frequency, index } = p;
  const iso = (m: number, d: number) => `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  switch (frequency) {
    case 'year':
      return iso(12, 31);
    case 'quarter':
      return iso(index * 3, lastDayOfMonth(year, index * 3));
    case 'month':
      return iso(index, lastDayOfMonth(year, index));
    case 'ten_days': {
      const month = Math.ceil(index / 3);
      const part = ((index - 1) % 3) + 1;
      return iso(month, part === 1 ? 10 : part === 2 ? 20 : lastDayOfMonth(year, month));
    }
  }
}

/** The calendar share of the year elapsed at the end of a period (days since 1 January ÷ days in the year), in (0, 1]. */
export function calendarFraction(p: Period): number {
  const days = daysBetween(`${p.year}-01-01`, `${p.year + 1}-01-01`);
  return (daysBetween(`${p.year}-01-01`, periodEnd(p)) + 1) / days;
}

const ZH_TEN = ['上旬', '中旬', '下旬'];
const ZH_Q = ['一季度', '上半年', '前三季度', '全年'];
const EN_Q = ['Q1', 'H1', 'Q1–Q3', 'full year'];
const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * How a statistical bulletin names a period: a cumulative value is "1-5月" (January to May), a level "5月末";
 * quarters of a cumulative series are 一季度 / 上半年 / 前三季度 / 全年.
 */
export function periodLabel(
  key: string,
  locale: 'zh-CN' | 'en-US' = 'zh-CN',
  accumulation: Accumulation = 'cumulative',
): string {
  const p = parsePeriodKey(key);
  if (!p) return key;
  const zh = locale === 'zh-CN';
  const y = zh ? `${p.year}年` : `${p.year} `;
  switch (p.frequency) {
    case 'year':
      return zh ? `${p.year}年` : String(p.year);
    case 'quarter':
      if (accumulation === 'level') return zh ? `${y}${p.index}季度末` : `${y}end of Q${p.index}`;
      return zh ? `${y}${ZH_Q[p.index - 1]}` : `${y}${EN_Q[p.index - 1]}`;
    case 'month':
      if (accumulation === 'level') return zh ? `${y}${p.index}月末` : `${y}end of ${EN_MONTHS[p.index - 1]}`;
      return zh
        ? `${y}${p.index === 1 ? '1月' : `1-${p.index}月`}`
        : `${y}${p.index === 1 ? 'Jan' : `Jan–${EN_MONTHS[p.index - 1]}`}`;
    case 'ten_days': {
      const month = Math.ceil(p.index / 3);
      const part = (p.index - 1) % 3;
      const one = zh ? `${month}月${ZH_TEN[part]}` : `${EN_MONTHS[month - 1]} ${['1st', '2nd', '3rd'][part]} ten days`;
      // A cumulative value covers the year so far, as the monthly 1-5月 does: 1月至11月上旬.
      if (accumulation === 'level' || p.index === 1) return `${y}${one}`;
      if (p.index === 2) return zh ? `${y}1月上中旬` : `${y}Jan 1st–2nd ten days`;
      if (p.index === 3) return zh ? `${y}1月` : `${y}Jan`;
      return zh ? `${y}1月至${one}` : `${y}Jan–${one}`;
    }
  }
}

// ---------------------------------------------------------------- series and growth

/** A year's values by period index (0-based; null = not known), cumulative or level as the indicator is. */
export type YearSeries = (number | null)[];

/**
 * Per-period values from cumulative ones (1-5月 minus 1-4月 is May). A period whose own or previous cumulative
 * value is missing has no per-period value (1-2月 published together leaves January and February unknown apart).
 */
export function toPeriodValues(cumulative: YearSeries): YearSeries {
  return cumulative.map((v, i) => {
    if (v === null) return null;
    if (i === 0) return v;
    const prev = cumulative[i - 1];
    return prev === null || prev === undefined ? null : v - prev;
  });
}

/** Cumulative values from per-period ones; unknown from the first missing period on. */
export function toCumulative(periodValues: YearSeries): YearSeries {
  let sum: number | null = 0;
  return periodValues.map((v) => (sum = sum === null || v === null ? null : sum + v));
}

/** 同比: growth in percent on the same period of last year; null when last year is unknown or not positive. */
export function growthRate(current: number | null | undefined, lastYear: number | null | undefined): number | null {
  if (current === null || current === undefined || lastYear === null || lastYear === undefined || !(lastYear > 0))
    return null;
  return (current / lastYear - 1) * 100;
}

/** The series value at an index, or null. */
const at = (s: YearSeries, i: number): number | null => s[i] ?? null;

// ---------------------------------------------------------------- target

export interface AnnualTarget {
  /** 年度目标值, in the indicator's unit. */
  value?: number | null;
  /** 年度目标增速, percent. */
  growth?: number | null;
}

/**
 * The target as a value and a growth: a value target implies its growth on last year's total, a growth target
 * implies its value. When both are set the value rules (it is what the work report wrote down).
 */
export function resolveTarget(
  t: AnnualTarget,
  lastYearTotal: number | null,
): { value: number | null; growth: number | null } {
  if (t.value !== null && t.value !== undefined) return { value: t.value, growth: growthRate(t.value, lastYearTotal) };
  if (t.growth !== null && t.growth !== undefined && lastYearTotal !== null && lastYearTotal > 0)
    return { value: lastYearTotal * (1 + t.growth / 100), growth: t.growth };
  return { value: null, growth: t.growth ?? null };
}

// ---------------------------------------------------------------- trajectory

export type TrajectoryMethod = 'seasonal' | 'calendar';

export interface TrajectoryInput {
  frequency: Frequency;
  year: number;
  accumulation: Accumulation;
  /** The annual target value (year-end cumulative total, or year-end level). */
  target: number;
  /** Last year's series, same frequency and accumulation. */
  lastYear: YearSeries;
  /** Level indicators: the level at the start of the year when last year's series lacks its year-end value. */
  base?: number | null;
}

export interface Trajectory {
  method: TrajectoryMethod;
  /** Where the value should stand at the end of each period, to reach the target at the year end. */
  expected: number[];
  /** Each period's share of the year's path (cumulative: share of the annual total; level: share of the way from the base). */
  fractions: number[];
}

/**
 * 序时进度 of an indicator.
 *
 * Cumulative indicators. Seasonal (when last year's year-end total is known and positive): the share of the annual
 * total that last year had reached by the end of each period, times this year's target — a year that ran like last
 * year but `target / last year` times bigger. Periods missing from last year's series (1-2月 published together) take
 * a share interpolated on the calendar between their known neighbours. Calendar (no such history): the target times
 * the share of the year's days elapsed.
 *
 * Level indicators. Seasonal: last year's level at each period times `target / last year's year-end level`, i.e. the
 * target's growth held at every period. Calendar: a straight line from the level at the start of the year (last
 * year's year-end, or `base`) to the target; without a start level the target itself.
 */
export function trajectory(input: TrajectoryInput): Trajectory {
  const n = PERIODS_PER_YEAR[input.frequency];
  const cal = Array.from({ length: n }, (_, i) =>
    calendarFraction({ year: input.year, frequency: input.frequency, index: i + 1 }),
  );
  const lyEnd = at(input.lastYear, n - 1);
  const seasonal = lyEnd !== null && lyEnd > 0;

  if (input.accumulation === 'cumulative') {
    const fractions = seasonal
      ? interpolate(
          cal,
          input.lastYear.slice(0, n).map((v) => (v === null || v === undefined ? null : v / lyEnd!)),
          0,
        )
      : cal;
    return { method: seasonal ? 'seasonal' : 'calendar', fractions, expected: fractions.map((f) => input.target * f) };
  }
  if (seasonal) {
    const known = input.lastYear
      .slice(0, n)
      .map((v) => (v === null || v === undefined ? null : (v * input.target) / lyEnd!));
    const expected = interpolate(cal, known, lyEnd!);
    const span = input.target - lyEnd!;
    return {
      method: 'seasonal',
      expected,
      fractions: expected.map((e, i) => (span !== 0 ? (e - lyEnd!) / span : cal[i]!)),
    };
  }
  const base = input.base ?? null;
  if (base === null) return { method: 'calendar', expected: cal.map(() => input.target), fractions: cal.map(() => 1) };
  return { method: 'calendar', fractions: cal, expected: cal.map((f) => base + (input.target - base) * f) };
}

/**
 * Fills the unknown points of a series on the calendar: between two known points (or the start of the year, worth
 * `start`, and the year end) a missing point lies on the straight line through its neighbours' calendar positions.
 */
function interpolate(cal: number[], known: (number | null)[], start: number): number[] {
  const n = cal.length;
  const out: number[] = new Array(n);
  let prevI = -1;
  let prevV = start;
  for (let i = 0; i < n; i++) {
    const v = known[i];
    if (v !== null && v !== undefined) {
      out[i] = v;
      prevI = i;
      prevV = v;
      continue;
    }
    let nextI = i + 1;
    while (nextI < n && (known[nextI] === null || known[nextI] === undefined)) nextI++;
    const x0 = prevI < 0 ? 0 : cal[prevI]!;
    if (nextI >= n) {
      out[i] = prevV; // nothing known after: hold (the year end is always known on the seasonal path)
      continue;
    }
    const x1 = cal[nextI]!;
    const y1 = known[nextI]!;
    out[i] = prevV + ((y1 - prevV) * (cal[i]! - x0)) / (x1 - x0);
  }
  return out;
}

// ---------------------------------------------------------------- gap and light

export interface IndicatorLight {
  light: Light;
  reasons: LightReason[];
  /** 完成年度目标: the value as a share of the annual target, percent. */
  progress: number | null;
  /** 序时进度: the trajectory as a share of the annual target, percent. */
  expectedProgress: number | null;
  /** Points by which progress trails the trajectory (negative: ahead of it). */
  gapPoints: number | null;
  /** The value minus the trajectory, in the indicator's unit. */
  gap: number | null;
}

/**
 * The light of an indicator — the task rule of `light.ts` (progress against the time-proportional expectation, in
 * points, with the jurisdiction's yellow and red thresholds), where progress is the share of the annual target
 * reached and the expectation the trajectory's share: "完成年度目标 45%，落后序时进度 5 个百分点".
 *
 * Red when it trails by more than `redGap` points; yellow when by `yellowGap` points or more; green otherwise —
 * on or ahead of the trajectory is always green. No target or no value: no light ('none').
 */
export function indicatorLight(
  actual: number | null,
  expected: number | null,
  target: number | null,
  t: LightThresholds,
): IndicatorLight {
  if (actual === null || expected === null || target === null || !(target > 0)) {
    return {
      light: 'none',
      reasons: [],
      progress: null,
      expectedProgress: null,
      gapPoints: null,
      gap: actual !== null && expected !== null ? actual - expected : null,
    };
  }
  const progress = (actual / target) * 100;
  const expectedProgress = (expected / target) * 100;
  const gapPoints = expectedProgress - progress;
  const base = { progress, expectedProgress, gapPoints, gap: actual - expected };
  if (gapPoints > 0 && gapPoints > t.redGap) return { light: 'red', reasons: ['far_behind'], ...base };
  if (gapPoints > 0 && gapPoints >= t.yellowGap) return { light: 'yellow', reasons: ['behind'], ...base };
  return { light: 'green', reasons: [], ...base };
}

// ---------------------------------------------------------------- forecast

export type ForecastMethod = 'final' | 'seasonal_growth' | 'calendar_run_rate' | 'level_trend' | 'carry_forward';

export interface YearState {
  frequency: Frequency;
  year: number;
  accumulation: Accumulation;
  /** The latest period with a value (1-based). */
  index: number;
  /** Its value (cumulative to date, or the level). */
  actual: number;
  lastYear: YearSeries;
  /** Level indicators: the level at the start of the year, when last year's year-end is not in `lastYear`. */
  base?: number | null;
}

/**
 * The year-end value if the rest of the year goes as the year so far, with the method:
 * - final: the year-end value is in;
 * - seasonal_growth (last year's same period and year end known): the cumulative growth so far carried to the year
 *   end, `actual × last year's total ÷ last year's same period` — the rest of the year keeps last year's shape;
 * - calendar_run_rate (cumulative, no history): the pace so far over the whole year, `actual ÷ share of the year`;
 * - level_trend (level, no history): the straight line from the start level through today's, extended to 31 December;
 * - carry_forward (level, nothing else known): today's level.
 */
export function forecastYearEnd(s: YearState): { value: number; growth: number | null; method: ForecastMethod } {
  const n = PERIODS_PER_YEAR[s.frequency];
  const lyEnd = at(s.lastYear, n - 1);
  const growthOn = (v: number) => growthRate(v, s.accumulation === 'level' ? (lyEnd ?? s.base ?? null) : lyEnd);
  if (s.index >= n) return { value: s.actual, growth: growthOn(s.actual), method: 'final' };
  const lySame = at(s.lastYear, s.index - 1);
  if (lyEnd !== null && lyEnd > 0 && lySame !== null && lySame > 0) {
    const value = (s.actual * lyEnd) / lySame;
    return { value, growth: growthOn(value), method: 'seasonal_growth' };
  }
  const f = calendarFraction({ year: s.year, frequency: s.frequency, index: s.index });
  if (s.accumulation === 'cumulative') {
    const value = s.actual / f;
    return { value, growth: growthOn(value), method: 'calendar_run_rate' };
  }
  const base = lyEnd ?? s.base ?? null;
  if (base !== null) {
    const value = base + (s.actual - base) / f;
    return { value, growth: growthOn(value), method: 'level_trend' };
  }
  return { value: s.actual, growth: null, method: 'carry_forward' };
}

// ---------------------------------------------------------------- what it takes

export type NeededBasis = 'last_year' | 'run_rate' | 'level';

export interface Needed {
  /** The goal is reached already (year end: the final value reached it). */
  reached: boolean;
  /** What the remaining periods must still add (cumulative) or the level must still rise (level); ≤ 0 when reached. */
  remaining: number;
  /**
   * Growth, percent, that the remaining periods need:
   * - last_year: over the same periods of last year (cumulative, last year known);
   * - run_rate: over the pace of the year so far (cumulative, no history);
   * - level: of the level from now to the year end.
   * null when there is no remaining period or no base to grow from.
   */
  growth: number | null;
  basis: NeededBasis;
}

/**
 * "What it takes": the growth the rest of the year needs for the year end to reach `goal`. Applying it gives the
 * goal exactly: `actual + (last year's total − last year's same period) × (1 + g)` for the last_year basis,
 * `actual + pace × (1 − share elapsed) × (1 + g)` with `pace = actual ÷ share elapsed` for run_rate, and
 * `actual × (1 + g)` for a level.
 */
export function neededGrowth(s: YearState, goal: number): Needed {
  const n = PERIODS_PER_YEAR[s.frequency];
  const remaining = goal - s.actual;
  const basis: NeededBasis = s.accumulation === 'level' ? 'level' : 'last_year';
  if (s.index >= n) return { reached: s.actual >= goal, remaining, growth: null, basis };
  if (s.accumulation === 'level')
    return { reached: false, remaining, growth: s.actual > 0 ? (goal / s.actual - 1) * 100 : null, basis };
  const lyEnd = at(s.lastYear, n - 1);
  const lySame = at(s.lastYear, s.index - 1);
  if (lyEnd !== null && lySame !== null && lyEnd - lySame > 0) {
    return { reached: false, remaining, growth: (remaining / (lyEnd - lySame) - 1) * 100, basis: 'last_year' };
  }
  const f = calendarFraction({ year: s.year, frequency: s.frequency, index: s.index });
  const pace = s.actual / f;
  return {
    reached: false,
    remaining,
    growth: pace > 0 ? (remaining / (pace * (1 - f)) - 1) * 100 : null,
    basis: 'run_rate',
  };
}

/** What a needed growth makes of the year end (the inverse of `neededGrowth`, for checks and charts). */
export function yearEndWith(s: YearState, growth: number, basis: NeededBasis): number {
  const n = PERIODS_PER_YEAR[s.frequency];
  if (basis === 'level') return s.actual * (1 + growth / 100);
  if (basis === 'last_year')
    return s.actual + ((at(s.lastYear, n - 1) ?? 0) - (at(s.lastYear, s.index - 1) ?? 0)) * (1 + growth / 100);
  const f = calendarFraction({ year: s.year, frequency: s.frequency, index: s.index });
  return s.actual + (s.actual / f) * (1 - f) * (1 + growth / 100);
}
