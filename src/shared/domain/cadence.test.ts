import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isoWeek, lateDays, periodDue, periodOf } from './cadence';
import { fromDayNumber, toDayNumber, weekday } from './dates';

describe('reporting periods', () => {
  it('names weeks, months and quarters', () => {
    expect(periodOf('2026-11-22', 'weekly')).toBe('2026-W47');
    expect(periodOf('2027-01-01', 'weekly')).toBe('2026-W53');
    expect(periodOf('2026-11-22', 'monthly')).toBe('2026-11');
    expect(periodOf('2026-11-22', 'quarterly')).toBe('2026-Q4');
    expect(periodDue('2026-W47')).toBe('2026-11-20');
    expect(periodDue('2026-02')).toBe('2026-02-28');
    expect(periodDue('2026-12')).toBe('2026-12-31');
    expect(periodDue('2026-Q1')).toBe('2026-03-31');
  });
  it('property: a date lies in its period, and a weekly period is due on its Friday', () => {
    fc.assert(
      fc.property(fc.integer({ min: toDayNumber('2020-01-01'), max: toDayNumber('2035-12-31') }).map(fromDayNumber), (d) => {
        for (const c of ['weekly', 'monthly', 'quarterly'] as const) {
          const due = periodDue(periodOf(d, c))!;
          if (c !== 'weekly') expect(due >= d).toBe(true);
          else {
            expect(weekday(due)).toBe(5);
            expect(Math.abs(toDayNumber(due) - toDayNumber(d))).toBeLessThanOrEqual(6);
          }
        }
        expect(isoWeek(d).week).toBeGreaterThanOrEqual(1);
        expect(isoWeek(d).week).toBeLessThanOrEqual(53);
      }),
    );
  });
});

describe('reporting rules (cut-off)', () => {
  it('weekly reports due on the configured weekday, monthly on the configured day', () => {
    expect(periodDue('2026-W47', { weeklyDueWeekday: 4, cutoff: '12:00', monthlyDueDay: 0 })).toBe('2026-11-19');
    expect(periodDue('2026-11', { weeklyDueWeekday: 5, cutoff: '17:00', monthlyDueDay: 25 })).toBe('2026-11-25');
    expect(periodDue('2026-02', { weeklyDueWeekday: 5, cutoff: '17:00', monthlyDueDay: 30 })).toBe('2026-02-28');
    expect(periodDue('once')).toBeNull();
  });
  it('a report after the cut-off on its due day is one day late; before it, on time', () => {
    expect(lateDays('2026-11-20', '2026-11-20', '16:59')).toBe(0);
    expect(lateDays('2026-11-20', '2026-11-20', '17:01')).toBe(1);
    expect(lateDays('2026-11-20', '2026-11-21', '09:00')).toBe(1);
    expect(lateDays('2026-11-20', '2026-11-21', '18:00')).toBe(2);
    expect(lateDays('2026-11-20', '2026-11-18', '23:00')).toBe(0);
  });
  it('property: lateness never falls as the submission moves later', () => {
    const times = ['00:00', '08:30', '16:59', '17:00', '17:01', '23:59'];
    fc.assert(
      fc.property(fc.integer({ min: -10, max: 30 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 }), (d, a, b) => {
        const due = '2026-06-12';
        const on = fromDayNumber(toDayNumber(due) + d);
        const next = fromDayNumber(toDayNumber(due) + d + 1);
        const [t1, t2] = [times[Math.min(a, b)]!, times[Math.max(a, b)]!];
        expect(lateDays(due, on, t1)).toBeLessThanOrEqual(lateDays(due, on, t2));
        expect(lateDays(due, on, t2)).toBeLessThanOrEqual(lateDays(due, next, t1) + 1);
        expect(lateDays(due, on, t1)).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});
