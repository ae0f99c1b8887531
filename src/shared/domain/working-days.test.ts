import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, fromDayNumber, toDayNumber } from './dates';
import { addWorkingDays, isWorkingDay, withinWorkingDays, workingDaysBetween, type WorkCalendar } from './working-days';
import { OFFICIAL_CALENDARS } from '../calendar/official';

function calendarOf(years = OFFICIAL_CALENDARS): WorkCalendar {
  const holidays = new Set<string>();
  const makeUpWorkdays = new Set<string>();
  for (const y of years) {
    for (const [from, to] of y.holidays) for (let d = from; d <= to; d = addDays(d, 1)) holidays.add(d);
    for (const [d] of y.makeUpWorkdays) makeUpWorkdays.add(d);
  }
  return { holidays, makeUpWorkdays };
}
const cal = calendarOf();
const dateArb = fc.integer({ min: toDayNumber('2025-01-01'), max: toDayNumber('2026-12-31') }).map(fromDayNumber);

describe('working days on the official calendar', () => {
  it('knows the 2026 Spring Festival and its make-up Saturdays', () => {
    expect(isWorkingDay('2026-02-16', cal)).toBe(false); // a Monday in the holiday
    expect(isWorkingDay('2026-02-14', cal)).toBe(true); // Saturday, 调休上班
    expect(isWorkingDay('2026-02-28', cal)).toBe(true);
    expect(isWorkingDay('2026-02-24', cal)).toBe(true);
  });
  it('counts a reply within 3 working days across the National Day holiday', () => {
    // Received Wednesday 30 Sept 2026: 1–7 Oct off, 10 Oct (Saturday) a working day.
    expect(addWorkingDays('2026-09-30', 1, cal)).toBe('2026-10-08');
    expect(addWorkingDays('2026-09-30', 3, cal)).toBe('2026-10-10');
  });
  it('counts an ordinary week', () => {
    expect(addWorkingDays('2026-11-20', 1, cal)).toBe('2026-11-23'); // Friday → Monday
    expect(workingDaysBetween('2026-11-20', '2026-11-27', cal)).toBe(5);
  });
  it('property: n working days later is a working day, and exactly n lie between', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 1, max: 40 }), (d, n) => {
        const due = addWorkingDays(d, n, cal);
        expect(isWorkingDay(due, cal)).toBe(true);
        expect(workingDaysBetween(d, due, cal)).toBe(n);
      }),
    );
  });
  it('property: counting is antisymmetric and additive', () => {
    fc.assert(
      fc.property(dateArb, dateArb, dateArb, (a, b, c) => {
        expect(workingDaysBetween(a, b, cal) + workingDaysBetween(b, a, cal)).toBe(0);
        expect(workingDaysBetween(a, c, cal)).toBe(workingDaysBetween(a, b, cal) + workingDaysBetween(b, c, cal));
      }),
    );
  });
  it('property: the bounded test agrees with counting', () => {
    fc.assert(
      fc.property(dateArb, dateArb, fc.integer({ min: 0, max: 10 }), (a, b, n) => {
        expect(withinWorkingDays(a, b, n, cal)).toBe(workingDaysBetween(a, b, cal) <= n);
      }),
    );
  });
});
