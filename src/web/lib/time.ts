/**
 * Times as the county reads them: in Asia/Shanghai whatever the browser's own zone (an official's laptop set to
 * another zone, a test machine in UTC), 24-hour. Every screen that shows a moment uses these, so a notification,
 * an extraction and an indicator value recorded at the same moment show the same time.
 */
import dayjs, { type Dayjs } from 'dayjs';

const ZONE = 'Asia/Shanghai';

/** 2026/12/6 10:00:00 (zh-CN) or 12/6/2026, 10:00:00 (en-US). */
export function beijingTime(iso: string | Date, locale = 'zh-CN'): string {
  return new Date(iso).toLocaleString(locale, { timeZone: ZONE, hour12: false });
}

/** 2026-12-06 10:00 (for tables where the date leads). */
export function beijingMinute(iso: string | Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(iso));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** 10:00 */
export function beijingHourMinute(iso: string | Date): string {
  return new Date(iso).toLocaleTimeString('zh-CN', {
    timeZone: ZONE,
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
}

/**
 * Now as a dayjs holding the county's wall-clock time (Asia/Shanghai), whatever the browser's zone: date pickers,
 * default periods and "not after today" limits use the county's day. A browser in UTC at 00:30 in Beijing would
 * otherwise still be on yesterday and leave out what was recorded today.
 */
export function countyNow(at: Date = new Date()): Dayjs {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '00';
  return dayjs(`${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}:${get('second')}`);
}

/** The county's date today, 2026-12-06. */
export const countyToday = (): string => countyNow().format('YYYY-MM-DD');

/** The county's year now. */
export const countyYear = (): number => countyNow().year();
