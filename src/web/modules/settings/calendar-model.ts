import { addDays, weekday, type IsoDate } from '../../../shared/domain/dates';
import type { CalendarDay, DayKind } from './api';

/**
 * The year view's arithmetic, pure: which entry counts for a day (the jurisdiction's own beats the national one,
 * the same rule as the server's calendarFor), what the day then is, and the weeks of a month.
 */
export type DayLook = 'holiday' | 'workday' | 'weekend' | 'weekday';

export interface DayInfo {
  day: IsoDate;
  /** What counts: the local entry if any, else the national one, else nothing (the weekday rule). */
  entry: CalendarDay | null;
  national: CalendarDay | null;
  local: CalendarDay | null;
  look: DayLook;
  working: boolean;
}

export const isWeekend = (d: IsoDate) => weekday(d) === 0 || weekday(d) === 6;

export function lookOf(day: IsoDate, kind: DayKind | null): DayLook {
  if (kind === 'holiday') return 'holiday';
  if (kind === 'workday') return 'workday';
  return isWeekend(day) ? 'weekend' : 'weekday';
}

export function indexYear(
  days: CalendarDay[],
): Map<IsoDate, { national: CalendarDay | null; local: CalendarDay | null }> {
  const out = new Map<IsoDate, { national: CalendarDay | null; local: CalendarDay | null }>();
  for (const d of days) {
    const cur = out.get(d.day) ?? { national: null, local: null };
    cur[d.scope] = d;
    out.set(d.day, cur);
  }
  return out;
}

export function dayInfo(day: IsoDate, index: ReturnType<typeof indexYear>): DayInfo {
  const { national = null, local = null } = index.get(day) ?? {};
  const entry = local ?? national;
  const look = lookOf(day, entry?.kind ?? null);
  return { day, entry, national, local, look, working: look === 'workday' || look === 'weekday' };
}

/** The weeks of a month, Monday first; null pads the first and last week. month is 1–12. */
export function monthWeeks(year: number, month: number): (IsoDate | null)[][] {
  const first = `${year}-${String(month).padStart(2, '0')}-01`;
  const weeks: (IsoDate | null)[][] = [];
  let week: (IsoDate | null)[] = Array((weekday(first) + 6) % 7).fill(null);
  for (let d = first; d.slice(0, 7) === first.slice(0, 7); d = addDays(d, 1)) {
    week.push(d);
    if (week.length === 7) {
      weeks.push(week);
      week = [];
    }
  }
  if (week.length) weeks.push([...week, ...Array(7 - week.length).fill(null)]);
  return weeks;
}

/** Consecutive days with the same entry (春节 15–23 February), for the list: one row per run, not per day. */
export interface DayRun {
  first: IsoDate;
  last: IsoDate;
  days: number;
  info: DayInfo;
}
export function dayRuns(infos: DayInfo[]): DayRun[] {
  const key = (i: DayInfo) =>
    `${i.entry?.kind}|${i.entry?.name}|${i.local ? 'local' : 'national'}|\
${i.local && i.national ? `${i.national.kind}|${i.national.name}` : ''}`;
  const out: DayRun[] = [];
  for (const i of [...infos].sort((a, b) => (a.day < b.day ? -1 : 1))) {
    const prev = out[out.length - 1];
    if (prev && addDays(prev.last, 1) === i.day && key(prev.info) === key(i)) {
      prev.last = i.day;
      prev.days++;
    } else out.push({ first: i.day, last: i.day, days: 1, info: i });
  }
  return out;
}

/** Every day of a year. */
export function yearDays(year: number): IsoDate[] {
  const out: IsoDate[] = [];
  for (let d = `${year}-01-01`; d.startsWith(String(year)); d = addDays(d, 1)) out.push(d);
  return out;
}

/** Counts for the year's summary line. */
export function yearSummary(year: number, days: CalendarDay[]) {
  const index = indexYear(days);
  let holidays = 0;
  let makeUp = 0;
  let working = 0;
  for (const d of yearDays(year)) {
    const i = dayInfo(d, index);
    if (i.look === 'holiday') holidays++;
    if (i.look === 'workday') makeUp++;
    if (i.working) working++;
  }
  return { holidays, makeUp, working, entries: days.length, local: days.filter((d) => d.scope === 'local').length };
}

/** A CSV template of the import (UTF-8 with BOM so Excel opens it as Chinese). */
export function importTemplate(year: number): string {
  return `\uFEFF日期,类型,名称\n${year}-01-01,放假,元旦\n${year}-02-07,上班,春节调休上班\n${year}-06-18,正常,恢复正常\n`;
}
