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

/**
 * When reports fall due, per jurisdiction: weekly on an ISO weekday (5 = Friday), monthly on a day of the month
 * (0 = its last day; a day past the month's end means its last day), quarterly on the quarter's last day; all by
 * a cut-off time of day, Beijing time (每周五17:00前报送).
 */
export interface ReportingRules {
  weeklyDueWeekday: number;
  cutoff: string;
  monthlyDueDay: number;
}
export const DEFAULT_REPORTING: ReportingRules = { weeklyDueWeekday: 5, cutoff: '17:00', monthlyDueDay: 0 };

/** The day a period's report is due (null for a period that is not a date: 'once' is due by the deadline). */
export function periodDue(period: string, rules: ReportingRules = DEFAULT_REPORTING): IsoDate | null {
  let m = /^(\d{4})-W(\d{2})$/.exec(period);
  if (m) {
    const year = Number(m[1]);
    const jan4 = `${year}-01-04`;
    const monday = addDays(jan4, -((weekday(jan4) + 6) % 7));
    return addDays(monday, (Number(m[2]) - 1) * 7 + (rules.weeklyDueWeekday - 1));
  }
  m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) {
    const last = addDays(
      `${Number(m[2]) === 12 ? Number(m[1]) + 1 : m[1]}-${String((Number(m[2]) % 12) + 1).padStart(2, '0')}-01`,
      -1,
    );
    const day = rules.monthlyDueDay;
    return day <= 0 || day >= Number(last.slice(8)) ? last : `${m[1]}-${m[2]}-${String(day).padStart(2, '0')}`;
  }
  m = /^(\d{4})-Q([1-4])$/.exec(period);
  if (m) {
    const q = Number(m[2]);
    return q === 4 ? `${m[1]}-12-31` : addDays(`${m[1]}-${String(q * 3 + 1).padStart(2, '0')}-01`, -1);
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(period)) return period;
  return null;
}

/**
 * How late a report is, in days: 0 when in by the cut-off on its due day, 1 from the cut-off to the end of the
 * next day, and so on. `time` is the Beijing time of day of the submission ('HH:MM').
 */
export function lateDays(
  due: IsoDate,
  submittedOn: IsoDate,
  time: string,
  rules: ReportingRules = DEFAULT_REPORTING,
): number {
  const days = daysBetween(due, submittedOn);
  if (days < 0) return 0;
  if (days === 0) return time > rules.cutoff ? 1 : 0;
  return time > rules.cutoff ? days + 1 : days;
}

/** The first day of a period ('2026-W47' → its Monday, '2026-11' → the 1st, '2026-Q4' → 1 October, a date → itself). */
export function periodStart(period: string): IsoDate | null {
  let m = /^(\d{4})-W(\d{2})$/.exec(period);
  if (m) {
    const jan4 = `${m[1]}-01-04`;
    return addDays(addDays(jan4, -((weekday(jan4) + 6) % 7)), (Number(m[2]) - 1) * 7);
  }
  m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) return Number(m[2]) >= 1 && Number(m[2]) <= 12 ? `${m[1]}-${m[2]}-01` : null;
  m = /^(\d{4})-Q([1-4])$/.exec(period);
  if (m) return `${m[1]}-${String((Number(m[2]) - 1) * 3 + 1).padStart(2, '0')}-01`;
  if (/^\d{4}-\d{2}-\d{2}$/.test(period)) return period;
  return null;
}

/**
 * Whether a report may answer this period today: the current period or a missed earlier one of the item's own
 * cadence, never a period still to come (a report filed ahead would silence that period's 催办 and 漏报 in advance).
 * 'once' is the one period of a one-off report.
 */
export function reportablePeriod(
  period: string,
  cadence: CadenceKind | null,
  today: IsoDate,
): 'ok' | 'invalid' | 'future' {
  if (period === 'once' || cadence === 'once') return period === 'once' && cadence === 'once' ? 'ok' : 'invalid';
  const start = periodStart(period);
  // The period must be of the item's cadence: a monthly key on a weekly task would answer no period the reminders ask for.
  if (!start || periodOf(start, cadence) !== period) return 'invalid';
  return start > today ? 'future' : 'ok';
}
