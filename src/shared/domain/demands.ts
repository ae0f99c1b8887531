import { addDays, type IsoDate } from './dates';
import { addWorkingDays, isWorkingDay, type WorkCalendar } from './working-days';

/**
 * 企业诉求 (docs/ENTERPRISES.md): the categories, the time limits on the county's working-day calendar, and the
 * rating rule. Pure: the demands service records, this decides.
 */
export const DEMAND_CATEGORIES = [
  'policy',
  'land',
  'labour',
  'finance',
  'energy',
  'approval',
  'infrastructure',
  'legal',
  'other',
] as const;
export type DemandCategory = (typeof DEMAND_CATEGORIES)[number];

export const DEMAND_CATEGORY_LABELS: Record<DemandCategory, { 'zh-CN': string; 'en-US': string }> = {
  policy: { 'zh-CN': '政策咨询', 'en-US': 'Policy question' },
  land: { 'zh-CN': '要素保障-用地', 'en-US': 'Factors: land' },
  labour: { 'zh-CN': '要素保障-用工', 'en-US': 'Factors: labour' },
  finance: { 'zh-CN': '要素保障-融资', 'en-US': 'Factors: finance' },
  energy: { 'zh-CN': '要素保障-用能', 'en-US': 'Factors: energy' },
  approval: { 'zh-CN': '审批服务', 'en-US': 'Approvals' },
  infrastructure: { 'zh-CN': '基础设施', 'en-US': 'Infrastructure' },
  legal: { 'zh-CN': '法律纠纷', 'en-US': 'Legal dispute' },
  other: { 'zh-CN': '其他', 'en-US': 'Other' },
};

export const DEMAND_SOURCES = ['enterprise', 'visit', 'hotline', 'leader', 'office'] as const;
export type DemandSource = (typeof DEMAND_SOURCES)[number];
export const DEMAND_SOURCE_LABELS: Record<DemandSource, { 'zh-CN': string; 'en-US': string }> = {
  enterprise: { 'zh-CN': '企业直通车', 'en-US': "Enterprise's own channel" },
  visit: { 'zh-CN': '走访', 'en-US': 'Visit' },
  hotline: { 'zh-CN': '热线', 'en-US': 'Hotline' },
  leader: { 'zh-CN': '领导交办', 'en-US': 'A leader' },
  office: { 'zh-CN': '督查室受理', 'en-US': 'The office' },
};

/** Files one answer may carry to the enterprise (as many as a report's or a close request's evidence). */
export const MAX_REPLY_FILES = 20;

export const RATINGS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
export type Rating = (typeof RATINGS)[number];
export const RATING_LABELS: Record<Rating, { 'zh-CN': string; 'en-US': string }> = {
  satisfied: { 'zh-CN': '满意', 'en-US': 'Satisfied' },
  basically_satisfied: { 'zh-CN': '基本满意', 'en-US': 'Basically satisfied' },
  dissatisfied: { 'zh-CN': '不满意', 'en-US': 'Dissatisfied' },
};

/** Time limits of a category: contact the enterprise (working hours), reply (working days), resolve (working days). */
export interface DemandLimits {
  contactHours: number;
  replyDays: number;
  resolveDays: number;
}
/** 山东's "2115": contact within 2 working hours, reply within 1 working day, resolve within 15. */
export const DEFAULT_DEMAND_LIMITS: DemandLimits = { contactHours: 2, replyDays: 1, resolveDays: 15 };

/** Office hours of a working day, as spans of Beijing time 'HH:MM' (morning and afternoon). */
export type OfficeHours = readonly (readonly [string, string])[];
export const DEFAULT_OFFICE_HOURS: OfficeHours = [
  ['08:30', '12:00'],
  ['14:00', '17:30'],
];

/** A moment in Beijing time, 'YYYY-MM-DDTHH:MM'. */
export type LocalTime = string;

const toMin = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const fromMin = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** The moment `hours` working hours after `at`: only office hours of working days count (调休 included). */
export function addWorkingHours(
  at: LocalTime,
  hours: number,
  cal: WorkCalendar,
  spans: OfficeHours = DEFAULT_OFFICE_HOURS,
): LocalTime {
  if (hours < 0) throw new RangeError('hours must be ≥ 0');
  let day: IsoDate = at.slice(0, 10);
  let minute = toMin(at.slice(11, 16));
  let left = Math.round(hours * 60);
  for (let guard = 0; guard < 4000; guard++) {
    if (isWorkingDay(day, cal)) {
      for (const [s, e] of spans) {
        const from = Math.max(minute, toMin(s));
        const end = toMin(e);
        if (from >= end) continue;
        if (left <= end - from) return `${day}T${fromMin(from + left)}`;
        left -= end - from;
        minute = end;
      }
    }
    day = addDays(day, 1);
    minute = 0;
  }
  throw new RangeError('no working hours within ten years');
}

/** Reply within n working days: by the end of office hours of the n-th working day after the day of receipt. */
export function replyDueAt(at: LocalTime, days: number, cal: WorkCalendar, spans = DEFAULT_OFFICE_HOURS): LocalTime {
  return `${addWorkingDays(at.slice(0, 10), days, cal)}T${spans.at(-1)![1]}`;
}

/** Resolve within n working days: the day (the supervised item's deadline). */
export function resolveDue(at: LocalTime, days: number, cal: WorkCalendar): IsoDate {
  return addWorkingDays(at.slice(0, 10), days, cal);
}

export interface DemandClocks {
  contactDueAt: LocalTime;
  replyDueAt: LocalTime;
  resolveDue: IsoDate;
}

/** The three limits of a demand received at `receivedAt` (the clock starts at receipt, not at acceptance). */
export function demandClocks(
  receivedAt: LocalTime,
  limits: DemandLimits,
  cal: WorkCalendar,
  spans = DEFAULT_OFFICE_HOURS,
): DemandClocks {
  return {
    contactDueAt: addWorkingHours(receivedAt, limits.contactHours, cal, spans),
    replyDueAt: replyDueAt(receivedAt, limits.replyDays, cal, spans),
    resolveDue: resolveDue(receivedAt, limits.resolveDays, cal),
  };
}

/** Where one limit stands: met on time, met late, still open and in time, or open past its limit. */
export type ClockState = 'on_time' | 'late' | 'pending' | 'overdue';
export function clockState(due: string, done: string | null, now: string): ClockState {
  if (done) return done <= due ? 'on_time' : 'late';
  return now <= due ? 'pending' : 'overdue';
}

/**
 * What a rating does: 满意 and 基本满意 close the demand; 不满意 reopens it once (to the 分管 leader's attention),
 * and a second 不满意 closes it as rated.
 */
export function afterRating(rating: Rating, reopenedBefore: number): 'close' | 'reopen' {
  return rating === 'dissatisfied' && reopenedBefore === 0 ? 'reopen' : 'close';
}

/** Beijing time has no daylight saving: UTC+8 all year. */
export function toLocalTime(d: Date): LocalTime {
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16);
}
export function fromLocalTime(t: LocalTime): Date {
  return new Date(`${t}:00+08:00`);
}
