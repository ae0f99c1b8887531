import { daysBetween, type IsoDate } from './dates';
import { expectedProgress } from './light';
import {
  isCompleted,
  isProducing,
  isStarted,
  libraryOn,
  monthOf,
  type Pool,
  type PoolMove,
  type ProjectType,
} from './projects';

/**
 * The rates the speeches use (开工率、竣工率、达产率、投资完成率) and the investment trajectory against 序时进度.
 * Pure; every figure is "as of" a date D, computed from the library as it stood on D (`libraryOn`) and the
 * investment figures recorded by D, so a past date shows what was known then.
 *
 * Definitions (the same text is in docs/ and shown in the UI; Y is the year of D):
 * - 开工率 start rate = projects planned to start in Y (planned start year = Y) whose pool on D is 新开工, 续建,
 *   竣工 or 投产, ÷ projects planned to start in Y. A project moved back (e.g. 新开工 → 前期, a start reported too
 *   early) counts by its pool on D, once.
 * - 竣工率 completion rate = projects planned to complete in Y (planned end year = Y) whose pool on D is 竣工 or
 *   投产, ÷ projects planned to complete in Y.
 * - 达产率 production rate = industrial (产业) projects planned to complete in Y whose pool on D is 投产, ÷
 *   industrial projects planned to complete in Y. (达产 is about production capacity, which only industrial
 *   projects have; other types "投入使用" and count in 竣工率.)
 * - 投资完成率 investment rate = investment completed in Y up to D (the months of Y up to D's month, latest figure
 *   per month) ÷ the annual planned investment for Y, summed over projects with a plan for Y. Shown at most 100%:
 *   an over-fulfilled plan reads 100% with both amounts beside it.
 * - 序时进度 expected = the share of Y elapsed by D (the one time-proportional rule, `expectedProgress` in light.ts).
 * Only projects in the library on D count. A rate whose denominator is zero is null ("—"), not 0.
 */
export interface RateProject {
  id: string;
  type: ProjectType;
  /** Planned start and end years (计划开工年份, 计划竣工年份). */
  startYear: number;
  endYear: number;
  unitId: string;
  townshipId: string | null;
  leaderId: string | null;
  /** Planned investment per year, 万元: { '2026': 5000 }. */
  annualPlans: Record<string, number>;
}

/** One recorded monthly figure; a later record for the same month corrects (supersedes) an earlier one. */
export interface InvestmentRecord {
  projectId: string;
  /** 'YYYY-MM' */
  month: string;
  /** 万元 completed in that month. */
  amount: number;
  recordedOn: IsoDate;
  seq: number;
}

export const RATE_GROUPINGS = ['pool', 'unit', 'township', 'leader'] as const;
export type RateGrouping = (typeof RATE_GROUPINGS)[number];

export interface RateRow {
  /** The group: a pool, unit id, township id or leader id; null = none set (or the total row). */
  key: string | null;
  projects: number;
  startPlanned: number;
  started: number;
  startRate: number | null;
  completionPlanned: number;
  completed: number;
  completionRate: number | null;
  productionPlanned: number;
  producing: number;
  productionRate: number | null;
  /** 万元 */
  investmentPlanned: number;
  investmentCompleted: number;
  investmentRate: number | null;
}

export interface RatesResult {
  asOf: IsoDate;
  year: number;
  /** 序时进度 as a share (0–1). */
  expected: number;
  total: RateRow;
  groups: RateRow[];
}

/** Money is summed in fen-of-万元 (hundredths) so totals equal the sum of their parts exactly. */
const cents = (x: number) => Math.round(x * 100);
export const sumAmounts = (xs: readonly number[]) => xs.reduce((s, x) => s + cents(x), 0) / 100;

/** 序时进度 of a calendar year on D, 0–1. */
export function yearExpected(year: number, asOf: IsoDate): number {
  return expectedProgress(`${year}-01-01`, `${year}-12-31`, asOf) / 100;
}

/** The figure in force for each project and month on D: the latest record made on or before D. */
export function effectiveInvestments(
  records: readonly InvestmentRecord[],
  asOf: IsoDate,
): Map<string, Map<string, number>> {
  // Keyed by project, then month (no composite string per record: a county's rates fold tens of thousands).
  const latest = new Map<string, Map<string, InvestmentRecord>>();
  for (const r of records) {
    if (r.recordedOn > asOf) continue;
    let months = latest.get(r.projectId);
    if (!months) latest.set(r.projectId, (months = new Map()));
    const cur = months.get(r.month);
    if (!cur || r.recordedOn > cur.recordedOn || (r.recordedOn === cur.recordedOn && r.seq > cur.seq))
      months.set(r.month, r);
  }
  const out = new Map<string, Map<string, number>>();
  for (const [projectId, months] of latest) out.set(projectId, new Map([...months].map(([m, r]) => [m, r.amount])));
  return out;
}

/** Investment completed in year Y up to D's month. */
export function ytdInvestment(months: ReadonlyMap<string, number> | undefined, year: number, asOf: IsoDate): number {
  if (!months) return 0;
  const last = monthOf(asOf);
  return sumAmounts([...months].filter(([m]) => m.startsWith(`${year}-`) && m <= last).map(([, a]) => a));
}

export interface InvestmentProgress {
  year: number;
  planned: number;
  completed: number;
  /** completed ÷ planned, at most 1; null without a plan. */
  rate: number | null;
  /** 序时进度, 0–1. */
  expected: number;
  /** rate − expected in percentage points (negative = behind the time-proportional line); null without a plan. */
  gapPoints: number | null;
}

export function investmentProgress(
  plan: number | undefined,
  completed: number,
  year: number,
  asOf: IsoDate,
): InvestmentProgress {
  const expected = yearExpected(year, asOf);
  const planned = plan ?? 0;
  const rate = planned > 0 ? Math.min(1, completed / planned) : null;
  return {
    year,
    planned,
    completed,
    rate,
    expected,
    gapPoints: rate === null ? null : Math.round((rate - expected) * 1000) / 10,
  };
}

/**
 * Remaining total investment before recording `amount` for `month`: the total minus everything recorded for the
 * other months (a correction of the same month replaces its figure). A figure above it is allowed only with a reason.
 */
export function remainingInvestment(total: number, months: ReadonlyMap<string, number>, month: string): number {
  return sumAmounts([total, ...[...months].filter(([m]) => m !== month).map(([, a]) => -a)]);
}

const ratio = (n: number, d: number) => (d > 0 ? n / d : null);

function emptyRow(key: string | null): RateRow {
  return {
    key,
    projects: 0,
    startPlanned: 0,
    started: 0,
    startRate: null,
    completionPlanned: 0,
    completed: 0,
    completionRate: null,
    productionPlanned: 0,
    producing: 0,
    productionRate: null,
    investmentPlanned: 0,
    investmentCompleted: 0,
    investmentRate: null,
  };
}

function finish(r: RateRow): RateRow {
  r.investmentPlanned = cents(r.investmentPlanned) / 100;
  r.investmentCompleted = cents(r.investmentCompleted) / 100;
  r.startRate = ratio(r.started, r.startPlanned);
  r.completionRate = ratio(r.completed, r.completionPlanned);
  r.productionRate = ratio(r.producing, r.productionPlanned);
  const inv = ratio(r.investmentCompleted, r.investmentPlanned);
  r.investmentRate = inv === null ? null : Math.min(1, inv);
  return r;
}

function add(row: RateRow, p: RateProject, pool: Pool, year: number, ytd: number) {
  row.projects++;
  if (p.startYear === year) {
    row.startPlanned++;
    if (isStarted(pool)) row.started++;
  }
  if (p.endYear === year) {
    row.completionPlanned++;
    if (isCompleted(pool)) row.completed++;
    if (p.type === 'industry') {
      row.productionPlanned++;
      if (isProducing(pool)) row.producing++;
    }
  }
  const plan = p.annualPlans[String(year)] ?? 0;
  if (plan > 0) {
    row.investmentPlanned = (cents(row.investmentPlanned) + cents(plan)) / 100;
    row.investmentCompleted = (cents(row.investmentCompleted) + cents(ytd)) / 100;
  }
}

function groupKey(p: RateProject, pool: Pool, by: RateGrouping): string | null {
  switch (by) {
    case 'pool':
      return pool;
    case 'unit':
      return p.unitId;
    case 'township':
      return p.townshipId;
    case 'leader':
      return p.leaderId;
  }
}

/** The four rates on D for all projects and by one grouping; groups are ordered by key (null last). */
export function computeRates(
  projects: readonly RateProject[],
  moves: readonly PoolMove[],
  investments: readonly InvestmentRecord[],
  asOf: IsoDate,
  by: RateGrouping,
): RatesResult {
  const year = Number(asOf.slice(0, 4));
  const library = libraryOn(moves, asOf);
  const money = effectiveInvestments(investments, asOf);
  const total = emptyRow(null);
  const groups = new Map<string | null, RateRow>();
  for (const p of projects) {
    const pool = library.get(p.id);
    if (!pool) continue;
    const ytd = ytdInvestment(money.get(p.id), year, asOf);
    add(total, p, pool, year, ytd);
    const k = groupKey(p, pool, by);
    if (!groups.has(k)) groups.set(k, emptyRow(k));
    add(groups.get(k)!, p, pool, year, ytd);
  }
  const rows = [...groups.values()]
    .map(finish)
    .sort((a, b) => (a.key === b.key ? 0 : a.key === null ? 1 : b.key === null ? -1 : a.key < b.key ? -1 : 1));
  return { asOf, year, expected: yearExpected(year, asOf), total: finish(total), groups: rows };
}

/** Days a planned date is overdue on D (0 when not yet due or done). */
export function daysLate(planned: IsoDate, actual: IsoDate | null, asOf: IsoDate): number {
  const end = actual ?? asOf;
  return Math.max(0, daysBetween(planned, end));
}
