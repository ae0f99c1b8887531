import type { LightThresholds } from './light';
import {
  forecastYearEnd,
  growthRate,
  indicatorLight,
  neededGrowth,
  periodKey,
  PERIODS_PER_YEAR,
  resolveTarget,
  trajectory,
  type Accumulation,
  type AnnualTarget,
  type ForecastMethod,
  type Frequency,
  type IndicatorLight,
  type Needed,
  type Trajectory,
  type YearSeries,
  type YearState,
} from './indicators';
import { nextAhead, overtakeGoal, rankCounties, type PeerValue, type RankBy } from './indicators-peers';

/**
 * One indicator at one period, everything the board tile, the indicator page, the alerts and the bulletin show:
 * value, growth, target, trajectory and light, forecast, what it takes, rank. One function, so they never disagree.
 */
export interface StatusInput {
  frequency: Frequency;
  accumulation: Accumulation;
  year: number;
  rankBy: RankBy;
  target: AnnualTarget;
  /** This year's own values and what the source reported with them, by period index (0-based). */
  current: YearSeries;
  reportedGrowth?: (number | null)[];
  publishedRank?: (number | null)[];
  lastYear: YearSeries;
  /** Level indicators: the level at the start of the year when last year's year-end value is unknown. */
  base?: number | null;
  selfCountyId: string;
  /** Every county's value and growth at the judged period (the own county included), and at the one before. */
  peers?: PeerValue[];
  previousPeers?: PeerValue[];
  /** The period judged (1-based); default the latest with a value. */
  index?: number;
  thresholds: LightThresholds;
}

export interface IndicatorStatus extends IndicatorLight {
  index: number | null;
  period: string | null;
  value: number | null;
  /** The growth shown: the source's when reported, else the one the values give. */
  growth: number | null;
  computedGrowth: number | null;
  growthSource: 'reported' | 'computed' | null;
  lastYearSame: number | null;
  target: { value: number | null; growth: number | null };
  trajectory: Trajectory | null;
  expected: number | null;
  forecast: { value: number; growth: number | null; method: ForecastMethod } | null;
  needed: Needed | null;
  /** The rank shown: the city's published rank when entered, else the one computed from the peers' values. */
  rank: number | null;
  computedRank: number | null;
  rankSource: 'published' | 'computed' | null;
  rankedCount: number;
  previousRank: number | null;
  ahead: PeerValue | null;
  overtake: (Needed & { goal: number }) | null;
}

export function latestIndex(series: YearSeries): number | null {
  for (let i = series.length - 1; i >= 0; i--) if (series[i] !== null && series[i] !== undefined) return i + 1;
  return null;
}

export function indicatorStatus(input: StatusInput): IndicatorStatus {
  const n = PERIODS_PER_YEAR[input.frequency];
  const lyEnd = input.lastYear[n - 1] ?? null;
  const target = resolveTarget(input.target, input.accumulation === 'level' ? (lyEnd ?? input.base ?? null) : lyEnd);
  const traj =
    target.value !== null
      ? trajectory({
          frequency: input.frequency,
          year: input.year,
          accumulation: input.accumulation,
          target: target.value,
          lastYear: input.lastYear,
          base: input.base,
        })
      : null;
  const index = input.index ?? latestIndex(input.current);
  const value = index ? (input.current[index - 1] ?? null) : null;
  const expected = index && traj ? traj.expected[index - 1]! : null;
  const light = indicatorLight(value, expected, target.value, input.thresholds);
  const lastYearSame = index ? (input.lastYear[index - 1] ?? null) : null;
  const computedGrowth = growthRate(value, lastYearSame);
  const reported = index ? (input.reportedGrowth?.[index - 1] ?? null) : null;

  const state: YearState | null =
    index && value !== null
      ? {
          frequency: input.frequency,
          year: input.year,
          accumulation: input.accumulation,
          index,
          actual: value,
          lastYear: input.lastYear,
          base: input.base,
        }
      : null;
  const forecast = state ? forecastYearEnd(state) : null;
  const needed = state && target.value !== null ? neededGrowth(state, target.value) : null;

  const peers = input.peers ?? [];
  const ranks = rankCounties(peers, input.rankBy);
  const computedRank = ranks.get(input.selfCountyId) ?? null;
  const published = index ? (input.publishedRank?.[index - 1] ?? null) : null;
  const prevPublished = index && index > 1 ? (input.publishedRank?.[index - 2] ?? null) : null;
  const previousRank =
    prevPublished ??
    (input.previousPeers ? (rankCounties(input.previousPeers, input.rankBy).get(input.selfCountyId) ?? null) : null);
  const ahead = nextAhead(peers, ranks, input.selfCountyId);
  const goal = state && ahead ? overtakeGoal(state, ahead, input.rankBy) : null;

  return {
    ...light,
    index,
    period: index ? periodKey(input.frequency, input.year, index) : null,
    value,
    growth: reported ?? computedGrowth,
    computedGrowth,
    growthSource: reported !== null ? 'reported' : computedGrowth !== null ? 'computed' : null,
    lastYearSame,
    target,
    trajectory: traj,
    expected,
    forecast,
    needed,
    rank: published ?? computedRank,
    computedRank,
    rankSource: published !== null ? 'published' : computedRank !== null ? 'computed' : null,
    rankedCount: Math.max(ranks.size, published ?? 0),
    previousRank,
    ahead,
    overtake: state && goal !== null ? { ...neededGrowth(state, goal), goal } : null,
  };
}
