import { addDays, daysBetween, weekday, type IsoDate } from './dates';

/**
 * Reporting cadences (每周调度, 每月, 每季度, 一次性): which period a date falls in, when that period's report is due,
 * and how many days may pass without a report before it counts as missing.
 */
export type CadenceKind = 'weekly' | 'monthly' | 'quarterly' | 'once';

export const CADENCE_DAYS: Record<CadenceKind, number | null> = { weekly: 7, monthly: 31, quarterly: 92, once: null };

/** ISO week: Monday-based, the week belongs to the year of its Thursday. */
export function isoWeek(d: IsoDate): { year: number; week: number } {
  const offset = (weekday(d) + 6) % 7; // 0 = Monday
  const thursday = addDays(d, 3 - offset);
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1;
  return { year, week };
}

export function periodOf(d: IsoDate, cadence: CadenceKind | null): string {
  switch (cadence) {
    case 'weekly': {
      const { year, week } = isoWeek(d);
      return `${year}-W${String(week).padStart(2, '0')}`;
    }
    case 'monthly':
      return d.slice(0, 7);
    case 'quarterly':
      return `${d.slice(0, 4)}-Q${Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 1}`;
    case 'once':
      return 'once';
    default:
      return d;
  }
}

/** The last day of a period (weekly reports are due by that week's Friday). */
export function periodDue(period: string): IsoDate | null {
  let m = /^(\d{4})-W(\d{2})$/.exec(period);
  if (m) {
    const year = Number(m[1]);
    const jan4 = `${year}-01-04`;
    const monday = addDays(jan4, -((weekday(jan4) + 6) % 7));
    return addDays(monday, (Number(m[2]) - 1) * 7 + 4);
  }
  m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) return addDays(`${Number(m[2]) === 12 ? Number(m[1]) + 1 : m[1]}-${String((Number(m[2]) % 12) + 1).padStart(2, '0')}-01`, -1);
  m = /^(\d{4})-Q([1-4])$/.exec(period);
  if (m) {
    const q = Number(m[2]);
    return q === 4 ? `${m[1]}-12-31` : addDays(`${m[1]}-${String(q * 3 + 1).padStart(2, '0')}-01`, -1);
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(period)) return period;
  return null;
}
