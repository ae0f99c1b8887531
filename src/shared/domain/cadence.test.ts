import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isoWeek, periodDue, periodOf } from './cadence';
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
