import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, fromDayNumber, toDayNumber } from './dates';
import { isWorkingDay, type WorkCalendar } from './working-days';
import { OFFICIAL_CALENDARS } from '../calendar/official';
import {
  addWorkingHours,
  afterRating,
  clockState,
  DEFAULT_DEMAND_LIMITS,
  demandClocks,
  fromLocalTime,
  toLocalTime,
} from './demands';

function calendarOf(): WorkCalendar {
  const holidays = new Set<string>();
  const makeUpWorkdays = new Set<string>();
  for (const y of OFFICIAL_CALENDARS) {
    for (const [from, to] of y.holidays) for (let d = from; d <= to; d = addDays(d, 1)) holidays.add(d);
    for (const [d] of y.makeUpWorkdays) makeUpWorkdays.add(d);
  }
  return { holidays, makeUpWorkdays };
}
const cal = calendarOf();

describe('demand time limits on the working-day calendar', () => {
  it('2 working hours: within the morning, across lunch, across the evening and the weekend', () => {
    expect(addWorkingHours('2026-11-23T09:00', 2, cal)).toBe('2026-11-23T11:00');
    expect(addWorkingHours('2026-11-23T11:30', 2, cal)).toBe('2026-11-23T15:30'); // 12:00–14:00 is lunch
    expect(addWorkingHours('2026-11-23T12:30', 2, cal)).toBe('2026-11-23T16:00');
    expect(addWorkingHours('2026-11-20T17:00', 2, cal)).toBe('2026-11-23T10:00'); // Friday evening → Monday
    expect(addWorkingHours('2026-11-21T10:00', 2, cal)).toBe('2026-11-23T10:30'); // a Saturday
  });

  it('counts the National Day holiday out and its 调休 Saturday in', () => {
    // Received Wednesday 30 Sept 2026 at 16:00: 1–7 Oct off, 8 Oct the next working day.
    const c = demandClocks('2026-09-30T16:00', DEFAULT_DEMAND_LIMITS, cal);
    expect(c.contactDueAt).toBe('2026-10-08T09:00');
    expect(c.replyDueAt).toBe('2026-10-08T17:30');
    // 15 working days: 8, 9, 10 (Saturday, 调休上班), 12–16, 19–23, 26, 27 October.
    expect(c.resolveDue).toBe('2026-10-27');
    expect(isWorkingDay('2026-10-10', cal)).toBe(true);
  });

  it('received during the Spring Festival: the clock runs from the first working day', () => {
    const c = demandClocks('2026-02-17T10:00', { contactHours: 2, replyDays: 1, resolveDays: 1 }, cal);
    expect(c.contactDueAt).toBe('2026-02-24T10:30');
    expect(c.replyDueAt).toBe('2026-02-24T17:30');
    expect(c.resolveDue).toBe('2026-02-24');
  });

  it('property: the contact limit falls within office hours of a working day, never before receipt', () => {
    const at = fc
      .tuple(
        fc.integer({ min: toDayNumber('2025-01-01'), max: toDayNumber('2026-12-20') }).map(fromDayNumber),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
      )
      .map(([d, h, m]) => `${d}T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
    fc.assert(
      fc.property(at, fc.integer({ min: 1, max: 24 }), (t, h) => {
        const due = addWorkingHours(t, h, cal);
        expect(due > t).toBe(true);
        expect(isWorkingDay(due.slice(0, 10), cal)).toBe(true);
        const hm = due.slice(11);
        expect((hm > '08:30' && hm <= '12:00') || (hm > '14:00' && hm <= '17:30')).toBe(true);
        // Adding in two steps is adding at once.
        expect(addWorkingHours(addWorkingHours(t, 1, cal), h - 1, cal)).toBe(due);
      }),
    );
  });

  it('says where each limit stands', () => {
    expect(clockState('2026-11-23T11:00', '2026-11-23T10:59', '2026-11-24T09:00')).toBe('on_time');
    expect(clockState('2026-11-23T11:00', '2026-11-23T11:01', '2026-11-24T09:00')).toBe('late');
    expect(clockState('2026-11-23T11:00', null, '2026-11-23T10:00')).toBe('pending');
    expect(clockState('2026-11-23T11:00', null, '2026-11-23T11:01')).toBe('overdue');
  });

  it('Beijing time both ways', () => {
    expect(toLocalTime(new Date('2026-11-23T01:30:00Z'))).toBe('2026-11-23T09:30');
    expect(fromLocalTime('2026-11-23T09:30').toISOString()).toBe('2026-11-23T01:30:00.000Z');
  });
});

describe('the rating loop', () => {
  it('满意 and 基本满意 close; 不满意 reopens once, then closes', () => {
    expect(afterRating('satisfied', 0)).toBe('close');
    expect(afterRating('basically_satisfied', 0)).toBe('close');
    expect(afterRating('dissatisfied', 0)).toBe('reopen');
    expect(afterRating('dissatisfied', 1)).toBe('close');
  });
});
