/**
 * Calendar dates as 'YYYY-MM-DD' strings, meaning the date in Asia/Shanghai (DESIGN.md §5). Plain strings keep
 * the rules pure and time-zone proof: arithmetic is done on UTC midnights of those dates, never local time.
 */
export type IsoDate = string;

const DAY = 86_400_000;
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(s: string): boolean {
  const m = ISO.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
  return d.toISOString().slice(0, 10) === s;
}

export function toDayNumber(d: IsoDate): number {
  return Math.round(Date.parse(`${d}T00:00:00Z`) / DAY);
}

export function fromDayNumber(n: number): IsoDate {
  return new Date(n * DAY).toISOString().slice(0, 10);
}

export function addDays(d: IsoDate, n: number): IsoDate {
  return fromDayNumber(toDayNumber(d) + n);
}

/** Days from a to b (negative when b is earlier). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(d: IsoDate): number {
  return new Date(`${d}T00:00:00Z`).getUTCDay();
}

/** Today in Asia/Shanghai (UTC+8, no daylight saving). */
export function todayInShanghai(now: Date = new Date()): IsoDate {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
