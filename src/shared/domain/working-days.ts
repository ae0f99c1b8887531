import { addDays, toDayNumber, weekday, type IsoDate } from './dates';

/**
 * Working days on the official calendar: Monday–Friday, minus statutory holidays, plus the weekend days that are
 * made working days (调休). The calendar is data (an administrator edits or imports it), not code.
 */
export interface WorkCalendar {
  /** Days off that would otherwise be working days (法定节假日及调休放假). */
  holidays: ReadonlySet<IsoDate>;
  /** Weekend days that are working days (调休上班). */
  makeUpWorkdays: ReadonlySet<IsoDate>;
}

export const EMPTY_CALENDAR: WorkCalendar = { holidays: new Set(), makeUpWorkdays: new Set() };

export function isWorkingDay(d: IsoDate, cal: WorkCalendar): boolean {
  if (cal.makeUpWorkdays.has(d)) return true;
  if (cal.holidays.has(d)) return false;
  const w = weekday(d);
  return w !== 0 && w !== 6;
}

/**
 * The date `n` working days after `d` (n ≥ 0). "Reply within 3 working days" of a demand received on `d` is due
 * at the end of addWorkingDays(d, 3): the day of receipt does not count.
 */
export function addWorkingDays(d: IsoDate, n: number, cal: WorkCalendar): IsoDate {
  if (n < 0) throw new RangeError('n must be ≥ 0');
  let cur = d;
  let left = n;
  while (left > 0) {
    cur = addDays(cur, 1);
    if (isWorkingDay(cur, cal)) left--;
  }
  return cur;
}

/** Working days in (from, to]: after `from`, up to and including `to`; negative when `to` is earlier. */
export function workingDaysBetween(from: IsoDate, to: IsoDate, cal: WorkCalendar): number {
  const a = toDayNumber(from);
  const b = toDayNumber(to);
  if (a === b) return 0;
  const sign = b > a ? 1 : -1;
  let count = 0;
  for (let cur = from; cur !== to; ) {
    cur = addDays(cur, sign);
    if (sign > 0 ? isWorkingDay(cur, cal) : isWorkingDay(addDays(cur, 1), cal)) count++;
  }
  return count === 0 ? 0 : sign * count;
}

/**
 * Whether `to` lies at most `n` working days after `from` (a past `to` counts as within): the due-soon test,
 * stopping after n + 1 working days instead of walking to a deadline months away.
 */
export function withinWorkingDays(from: IsoDate, to: IsoDate, n: number, cal: WorkCalendar): boolean {
  if (to <= from) return true;
  let count = 0;
  for (let cur = from; cur < to; ) {
    cur = addDays(cur, 1);
    if (isWorkingDay(cur, cal) && ++count > n) return false;
  }
  return true;
}
