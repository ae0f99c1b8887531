import { addDays, daysBetween, type IsoDate } from './dates';
import { expectedProgress } from './light';
import {
  calendarFraction,
  forecastYearEnd,
  neededGrowth,
  trajectory,
  type ForecastMethod,
  type NeededBasis,
} from './indicators';

/**
 * Forecasts on the one trajectory (docs/INDICATORS.md "Forecast", "What it takes"): tasks and project investment
 * get what indicators have. A task's trajectory is the time-proportional 序时进度 of `light.ts` (`expectedProgress`,
 * the one the light is judged by); a project's year of investment is a monthly cumulative series judged, like an
 * indicator without last year's shape, by the calendar (`trajectory`, `forecastYearEnd`, `neededGrowth` of
 * `indicators.ts` — the projects' own 序时进度 is the share of the year elapsed too).
 */

// ---------------------------------------------------------------- tasks

/**
 * How a task's completion date was forecast:
 * - done: closed (or reported 100 %): the date it was;
 * - recent_pace: the pace between the latest report and the one at least RECENT_DAYS before it, carried on;
 * - run_rate: the pace since the start (no report that far back), carried on;
 * - stalled: no progress over that span — at that pace it never finishes;
 * - too_early: no progress yet in the task's first week (not yet stalled);
 * - no_report: nothing reported yet, nothing to forecast from.
 */
export const TASK_FORECAST_METHODS = ['done', 'recent_pace', 'run_rate', 'stalled', 'too_early', 'no_report'] as const;
export type TaskForecastMethod = (typeof TASK_FORECAST_METHODS)[number];

/** The pace is read over at least this many days when the reports go back that far (a month of weekly reports). */
export const RECENT_DAYS = 28;
/** A pace that would need longer than this to finish is a stall, not a date (ten years). */
const STALLED_AFTER_DAYS = 3650;

export interface ProgressPoint {
  date: IsoDate;
  /** 0–100. */
  progress: number;
}

export interface TaskForecastInput {
  start: IsoDate;
  deadline: IsoDate;
  today: IsoDate;
  /** The reports in force (returned ones left out), any order. */
  points: readonly ProgressPoint[];
  /** The day the task was closed, when it is. */
  closedOn?: IsoDate | null;
  /** "What it takes" is given per this many days (the reporting cadence's; a week without one). */
  periodDays?: number | null;
}

export interface TaskForecast {
  method: TaskForecastMethod;
  /** The forecast completion date (null: stalled or nothing reported). */
  completion: IsoDate | null;
  /** Forecast to finish after the deadline (or stalled, or overdue and not done). */
  misses: boolean;
  /** Completion minus deadline, days (positive: late); null without a completion date. */
  daysLate: number | null;
  /** The latest progress reported. */
  progress: number | null;
  /** 序时进度 today (`expectedProgress`, 0–100). */
  expected: number;
  periodDays: number;
  /** The pace the forecast carries on, points per period. */
  pacePerPeriod: number | null;
  /** What it takes: points per period from today to reach 100 by the deadline; null when done or past the deadline. */
  neededPerPeriod: number | null;
  /** The span the pace was read over. */
  basisFrom: IsoDate | null;
  basisTo: IsoDate | null;
}

/** One point per day (the last reported that day wins; a later report may correct an earlier one down). */
function byDay(points: readonly ProgressPoint[], start: IsoDate): ProgressPoint[] {
  const m = new Map<IsoDate, number>();
  for (const p of points) m.set(p.date < start ? start : p.date, Math.max(0, Math.min(100, p.progress)));
  return [...m].sort(([a], [b]) => (a < b ? -1 : 1)).map(([date, progress]) => ({ date, progress }));
}

/**
 * When the task will be done if it goes on as it has gone lately. A task reported exactly on its trajectory (each
 * report's progress the 序时进度 of its day) is forecast to finish on its deadline (property-tested).
 */
export function forecastTask(input: TaskForecastInput): TaskForecast {
  const periodDays = input.periodDays && input.periodDays > 0 ? input.periodDays : 7;
  const expected = expectedProgress(input.start, input.deadline, input.today);
  const pts = byDay(input.points, input.start);
  const latest = pts.at(-1) ?? null;
  const base = {
    progress: latest?.progress ?? null,
    expected,
    periodDays,
    pacePerPeriod: null,
    neededPerPeriod: null,
    basisFrom: null,
    basisTo: null,
  };
  const lateBy = (d: IsoDate) => daysBetween(input.deadline, d);
  if (input.closedOn)
    return {
      ...base,
      method: 'done',
      completion: input.closedOn,
      misses: input.closedOn > input.deadline,
      daysLate: lateBy(input.closedOn),
    };
  const full = pts.find((p) => p.progress >= 100);
  if (full)
    return {
      ...base,
      method: 'done',
      completion: full.date,
      misses: full.date > input.deadline,
      daysLate: lateBy(full.date),
    };

  const daysLeft = daysBetween(input.today, input.deadline);
  const needed = (p: number) => (daysLeft > 0 ? ((100 - p) / daysLeft) * periodDays : null);
  if (!latest)
    return {
      ...base,
      method: 'no_report',
      completion: null,
      misses: input.today > input.deadline,
      daysLate: null,
      neededPerPeriod: needed(0),
    };

  // The pace over the latest stretch of at least RECENT_DAYS (or since the start, at 0 %).
  const cutoff = addDays(latest.date, -RECENT_DAYS);
  const earlier = pts.filter((p) => p.date <= cutoff).at(-1);
  const from = earlier ?? { date: input.start, progress: 0 };
  const span = daysBetween(from.date, latest.date);
  const rise = latest.progress - from.progress;
  const method: TaskForecastMethod = earlier ? 'recent_pace' : 'run_rate';
  const basis = { basisFrom: from.date, basisTo: latest.date, neededPerPeriod: needed(latest.progress) };
  if (rise <= 0 && span < 7)
    return {
      ...base,
      ...basis,
      method: 'too_early',
      completion: null,
      misses: input.today > input.deadline,
      daysLate: null,
    };
  // Progress reported on the day of issue counts as a day's work.
  const pace = rise / Math.max(1, span); // points per day
  // Rounded to the day: the reports are on days, and on-trajectory reports land exactly on the deadline.
  const daysToGo = Math.round((100 - latest.progress) / pace);
  // No rise, or one so slight that finishing would take more than ten years, is no forecast: the task has stalled.
  if (rise <= 0 || !Number.isFinite(daysToGo) || daysToGo > STALLED_AFTER_DAYS)
    return { ...base, ...basis, method: 'stalled', completion: null, misses: true, daysLate: null, pacePerPeriod: 0 };
  let completion = addDays(latest.date, daysToGo);
  // Not done yet: it cannot be done before today.
  if (completion < input.today) completion = input.today;
  return {
    ...base,
    ...basis,
    method,
    completion,
    misses: completion > input.deadline,
    daysLate: lateBy(completion),
    pacePerPeriod: pace * periodDays,
  };
}

// ---------------------------------------------------------------- project investment

export interface InvestmentForecastInput {
  year: number;
  /** The year's planned investment (万元). */
  plan: number;
  /** The figures in force by month ('YYYY-MM' → 万元). */
  months: ReadonlyMap<string, number>;
  today: IsoDate;
}

export interface InvestmentForecast {
  /** The indicators' method: calendar_run_rate (the pace of the months so far over the year) or final. */
  method: ForecastMethod;
  /** The last month judged ('YYYY-MM'; months that have ended), null when none has. */
  throughMonth: string | null;
  /** Completed through that month. */
  completed: number;
  /** Where the trajectory stands at that month's end (序时进度 of the plan), 万元. */
  expected: number;
  /** Forecast year-end investment. */
  yearEnd: number;
  plan: number;
  /** Forecast to fall short of the plan. */
  misses: boolean;
  /** plan − yearEnd when short, else 0. */
  shortfall: number;
  /** What it takes: per remaining month to reach the plan (0 when reached; null when no month remains). */
  neededPerMonth: number | null;
  /** …and as growth over the pace so far, percent (the indicators' `neededGrowth`). */
  neededGrowth: number | null;
  neededBasis: NeededBasis;
  /** The pace so far, per month. */
  pacePerMonth: number;
  monthsLeft: number;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * A project's year-end investment on the one trajectory: the months that have ended (a month under way is not judged,
 * as an indicator's period is not before it ends) as a monthly cumulative series against the plan. With no month
 * ended, null. A project whose investment is exactly on its trajectory is forecast to reach its plan (property-tested).
 */
export function forecastInvestment(input: InvestmentForecastInput): InvestmentForecast | null {
  if (!(input.plan > 0)) return null;
  const todayMonth = input.today.slice(0, 7);
  const yearStr = String(input.year);
  // Months of the year that have ended by today.
  const ended =
    input.today.slice(0, 4) > yearStr ? 12 : input.today.slice(0, 4) < yearStr ? 0 : Number(todayMonth.slice(5)) - 1;
  if (ended < 1) return null;
  let actual = 0;
  for (let m = 1; m <= ended; m++) actual += input.months.get(`${yearStr}-${String(m).padStart(2, '0')}`) ?? 0;
  const completed = round2(actual);
  const state = {
    frequency: 'month' as const,
    year: input.year,
    accumulation: 'cumulative' as const,
    index: ended,
    actual,
    lastYear: [],
  };
  const path = trajectory({
    frequency: 'month',
    year: input.year,
    accumulation: 'cumulative',
    target: input.plan,
    lastYear: [],
  });
  const f = forecastYearEnd(state);
  const need = neededGrowth(state, input.plan);
  const monthsLeft = 12 - ended;
  const yearEnd = round2(f.value);
  return {
    method: f.method,
    throughMonth: `${yearStr}-${String(ended).padStart(2, '0')}`,
    completed,
    expected: round2(path.expected[ended - 1]!),
    yearEnd,
    plan: input.plan,
    misses: yearEnd < input.plan,
    shortfall: yearEnd < input.plan ? round2(input.plan - yearEnd) : 0,
    neededPerMonth: monthsLeft > 0 ? Math.max(0, need.remaining) / monthsLeft : null,
    neededGrowth: need.remaining > 0 ? need.growth : null,
    neededBasis: need.basis,
    pacePerMonth: round2(completed / (calendarFraction({ year: input.year, frequency: 'month', index: ended }) * 12)),
    monthsLeft,
  };
}
