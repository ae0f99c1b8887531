import { calendarFraction, PERIODS_PER_YEAR, type YearState } from './indicators';

/**
 * 全市排名: ranks among the peer counties (兄弟县市区) for one indicator and period. Cities publish county ranks by
 * cumulative growth (增速排名) for most indicators and by value for some; each indicator says which.
 */
export type RankBy = 'growth' | 'value';

export interface PeerValue {
  countyId: string;
  name: string;
  value: number | null;
  /** Cumulative growth, percent. */
  growth: number | null;
}

/**
 * Ranks 1…k over the counties that have the ranking measure (the others get none), best first. A tie on the
 * measure goes to the larger other measure, then by name, then by id, so the ranks are always a permutation of
 * 1…k and the same data always gives the same order.
 */
export function rankCounties(entries: readonly PeerValue[], by: RankBy): Map<string, number> {
  const main = (e: PeerValue) => (by === 'growth' ? e.growth : e.value);
  const other = (e: PeerValue) => (by === 'growth' ? e.value : e.growth);
  const ranked = entries
    .filter((e) => main(e) !== null && Number.isFinite(main(e)))
    .sort(
      (a, b) =>
        main(b)! - main(a)! ||
        (other(b) ?? -Infinity) - (other(a) ?? -Infinity) ||
        (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
        (a.countyId < b.countyId ? -1 : a.countyId > b.countyId ? 1 : 0),
    );
  return new Map(ranked.map((e, i) => [e.countyId, i + 1]));
}

/** The county ranked just above `countyId`, or null when it leads or is unranked. */
export function nextAhead(
  entries: readonly PeerValue[],
  ranks: Map<string, number>,
  countyId: string,
): PeerValue | null {
  const mine = ranks.get(countyId);
  if (!mine || mine === 1) return null;
  const id = [...ranks].find(([, r]) => r === mine - 1)?.[0];
  return entries.find((e) => e.countyId === id) ?? null;
}

/**
 * The year-end value that draws level with the county ahead, assuming it keeps its pace:
 * - by growth: our last year's total grown at its current cumulative growth;
 * - by value: its value carried to the year end with our own seasonal shape (last year's total ÷ last year's same
 *   period), or by the calendar when we have no history.
 * null when the inputs are missing.
 */
export function overtakeGoal(self: YearState, ahead: PeerValue, by: RankBy): number | null {
  const n = PERIODS_PER_YEAR[self.frequency];
  const lyEnd = self.lastYear[n - 1] ?? null;
  if (by === 'growth') {
    if (ahead.growth === null || lyEnd === null || !(lyEnd > 0)) return null;
    return lyEnd * (1 + ahead.growth / 100);
  }
  if (ahead.value === null) return null;
  if (self.index >= n || self.accumulation === 'level') return ahead.value;
  const lySame = self.lastYear[self.index - 1] ?? null;
  if (lyEnd !== null && lySame !== null && lySame > 0) return (ahead.value * lyEnd) / lySame;
  return ahead.value / calendarFraction({ year: self.year, frequency: self.frequency, index: self.index });
}
