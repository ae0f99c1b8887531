import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isoWeek, lateDays, periodDue, periodOf, periodStart, reportablePeriod } from './cadence';
import { addDays } from './dates';
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
      fc.property(
        fc.integer({ min: toDayNumber('2020-01-01'), max: toDayNumber('2035-12-31') }).map(fromDayNumber),
        (d) => {
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
        },
      ),
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
      fc.property(
        fc.integer({ min: -10, max: 30 }),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 0, max: 5 }),
        (d, a, b) => {
          const due = '2026-06-12';
          const on = fromDayNumber(toDayNumber(due) + d);
          const next = fromDayNumber(toDayNumber(due) + d + 1);
          const [t1, t2] = [times[Math.min(a, b)]!, times[Math.max(a, b)]!];
          expect(lateDays(due, on, t1)).toBeLessThanOrEqual(lateDays(due, on, t2));
          expect(lateDays(due, on, t2)).toBeLessThanOrEqual(lateDays(due, next, t1) + 1);
          expect(lateDays(due, on, t1)).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});

describe('which periods a report may answer', () => {
  it("the current period and earlier ones of the item's cadence; never one still to come", () => {
    expect(reportablePeriod('2099-01', 'monthly', '2026-11-22')).toBe('future');
    expect(reportablePeriod('2026-12', 'monthly', '2026-11-30')).toBe('future');
    expect(reportablePeriod('2026-11', 'monthly', '2026-11-01')).toBe('ok');
    expect(reportablePeriod('2026-10', 'monthly', '2026-11-22')).toBe('ok');
    expect(reportablePeriod('2026-W48', 'weekly', '2026-11-22')).toBe('future');
    expect(reportablePeriod('2026-W48', 'weekly', '2026-11-23')).toBe('ok');
    expect(reportablePeriod('2026-11', 'weekly', '2026-11-22')).toBe('invalid');
    expect(reportablePeriod('2026-13', 'monthly', '2026-11-22')).toBe('invalid');
    expect(reportablePeriod('once', 'once', '2026-11-22')).toBe('ok');
    expect(reportablePeriod('2026-11-23', null, '2026-11-22')).toBe('future');
    expect(reportablePeriod('2026-11-22', null, '2026-11-22')).toBe('ok');
    expect(periodStart('2027-W01')).toBe('2027-01-04');
    expect(periodStart('2026-Q4')).toBe('2026-10-01');
  });
  it("property: today's own period is reportable, the next one is not", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: toDayNumber('2020-01-01'), max: toDayNumber('2035-12-31') }).map(fromDayNumber),
        (d) => {
          for (const c of ['weekly', 'monthly', 'quarterly', null] as const) {
            const p = periodOf(d, c);
            expect(reportablePeriod(p, c, d)).toBe('ok');
            let next = d;
            while (periodOf(next, c) === p) next = addDays(next, 1);
            expect(reportablePeriod(periodOf(next, c), c, d)).toBe('future');
            expect(periodStart(p)! <= d).toBe(true);
          }
        },
      ),
    );
  });
});
