import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, fromDayNumber, toDayNumber } from './dates';
import { addWorkingDays, type WorkCalendar } from './working-days';
import { OFFICIAL_CALENDARS } from '../calendar/official';
import {
  DEFAULT_ESCALATION,
  escalationDay,
  escalationDue,
  escalationReached,
  validEscalationRule,
  type EscalationRule,
} from './escalation';

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
const dateArb = fc.integer({ min: toDayNumber('2025-01-01'), max: toDayNumber('2026-10-31') }).map(fromDayNumber);
const ruleArb: fc.Arbitrary<EscalationRule> = fc
  .tuple(fc.integer({ min: 1, max: 15 }), fc.integer({ min: 1, max: 15 }))
  .map(([n, extra]) => ({ noticeAfter: n, listAfter: n + extra }));

describe('escalation that climbs', () => {
  it('is told the day after the deadline, 督办单 after 5 working days, 挂牌督办 after 10', () => {
    // Deadline Friday 20 Nov 2026: Saturday is overdue but no working day has passed.
    expect(escalationReached('2026-11-20', '2026-11-20', cal)).toBe(0);
    expect(escalationReached('2026-11-20', '2026-11-21', cal)).toBe(1);
    expect(escalationReached('2026-11-20', '2026-11-26', cal)).toBe(1); // 4 working days
    expect(escalationReached('2026-11-20', '2026-11-27', cal)).toBe(2); // 5
    expect(escalationReached('2026-11-20', '2026-12-03', cal)).toBe(2); // 9
    expect(escalationReached('2026-11-20', '2026-12-04', cal)).toBe(3); // 10
  });
  it('counts working days on the county calendar: the National Day holiday does not count', () => {
    // Deadline 30 Sept 2026; 1–7 Oct off; 8, 9, 10 (Saturday, 调休), 12, 13 are the first five working days.
    expect(escalationReached('2026-09-30', '2026-10-07', cal)).toBe(1);
    expect(escalationReached('2026-09-30', '2026-10-12', cal)).toBe(1);
    expect(escalationReached('2026-09-30', '2026-10-13', cal)).toBe(2);
    expect(escalationDay('2026-09-30', 2, cal)).toBe('2026-10-13');
  });
  it('takes the missed steps together, lowest first, and never a step again', () => {
    expect(escalationDue([], 3)).toEqual([1, 2, 3]);
    expect(escalationDue([1], 3)).toEqual([2, 3]);
    expect(escalationDue([1, 2, 3], 3)).toEqual([]);
    expect(escalationDue([], 0)).toEqual([]);
  });
  it('accepts only rules that climb', () => {
    expect(validEscalationRule(DEFAULT_ESCALATION)).toBe(true);
    expect(validEscalationRule({ noticeAfter: 5, listAfter: 5 })).toBe(false);
    expect(validEscalationRule({ noticeAfter: 0, listAfter: 5 })).toBe(false);
  });

  it('property: the step reached never falls as the days go by, and is 0 exactly until the deadline', () => {
    fc.assert(
      fc.property(
        dateArb,
        fc.integer({ min: -30, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        ruleArb,
        (dl, a, k, r) => {
          const d1 = addDays(dl, a);
          const d2 = addDays(d1, k);
          expect(escalationReached(dl, d1, cal, r)).toBeLessThanOrEqual(escalationReached(dl, d2, cal, r));
          expect(escalationReached(dl, d1, cal, r) === 0).toBe(d1 <= dl);
        },
      ),
    );
  });

  it('property: a job run on any days (repeated, skipped) takes every reached step exactly once, in order', () => {
    fc.assert(
      fc.property(
        dateArb,
        fc.array(fc.integer({ min: -5, max: 40 }), { minLength: 1, maxLength: 30 }),
        ruleArb,
        (dl, offsets, r) => {
          const days = offsets.map((o) => addDays(dl, o)).sort();
          const taken: number[] = [];
          for (const d of days) {
            // The same day twice: the second run finds nothing to do.
            for (let run = 0; run < 2; run++) taken.push(...escalationDue(taken, escalationReached(dl, d, cal, r)));
          }
          const last = escalationReached(dl, days[days.length - 1]!, cal, r);
          expect(taken).toEqual([1, 2, 3].filter((s) => s <= last));
        },
      ),
    );
  });

  it('property: the 督办单 comes exactly noticeAfter working days after the deadline, 挂牌督办 listAfter', () => {
    fc.assert(
      fc.property(dateArb, ruleArb, (dl, r) => {
        const notice = addWorkingDays(dl, r.noticeAfter, cal);
        expect(escalationReached(dl, notice, cal, r)).toBe(r.listAfter === r.noticeAfter ? 3 : 2);
        expect(escalationReached(dl, addDays(notice, -1), cal, r)).toBeLessThan(2);
        expect(escalationDay(dl, 3, cal, r)).toBe(addWorkingDays(dl, r.listAfter, cal));
      }),
    );
  });
});
