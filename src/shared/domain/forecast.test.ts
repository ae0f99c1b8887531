import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, daysBetween, fromDayNumber, toDayNumber } from './dates';
import { expectedProgress } from './light';
import { calendarFraction } from './indicators';
import { forecastInvestment, forecastTask, type ProgressPoint } from './forecast';

const startDay = fc.integer({ min: toDayNumber('2020-01-01'), max: toDayNumber('2030-12-31') }).map(fromDayNumber);

/** A task of 1…730 days, reports on some of its days, and a today from the latest report to the deadline. */
const onTrajectory = fc
  .record({
    start: startDay,
    length: fc.integer({ min: 1, max: 730 }),
    days: fc.uniqueArray(fc.integer({ min: 1, max: 730 }), { minLength: 1, maxLength: 30 }),
    after: fc.integer({ min: 0, max: 730 }),
  })
  .map(({ start, length, days, after }) => {
    const deadline = addDays(start, length);
    const on = days.filter((d) => d <= length).sort((a, b) => a - b);
    const points: ProgressPoint[] = on.map((d) => ({
      date: addDays(start, d),
      progress: expectedProgress(start, deadline, addDays(start, d)),
    }));
    const last = on.at(-1) ?? 0;
    const today = addDays(start, Math.min(length, last + after));
    return { start, deadline, today, points };
  });

describe('task forecast', () => {
  it('a task reported exactly on its trajectory is forecast to finish on its deadline', () => {
    fc.assert(
      fc.property(onTrajectory, (t) => {
        fc.pre(t.points.length > 0);
        const f = forecastTask(t);
        expect(f.completion).toBe(t.deadline);
        expect(f.misses).toBe(false);
        expect(f.daysLate).toBe(0);
      }),
    );
  });

  it('more progress on the same day never forecasts a later completion', () => {
    fc.assert(
      fc.property(onTrajectory, fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), (t, a, b) => {
        fc.pre(t.points.length > 0);
        const last = t.points.at(-1)!;
        const pts = (p: number) => [...t.points.slice(0, -1), { date: last.date, progress: p }];
        const lo = forecastTask({ ...t, points: pts(Math.min(a, b)) });
        const hi = forecastTask({ ...t, points: pts(Math.max(a, b)) });
        if (lo.completion !== null && hi.completion !== null) expect(hi.completion <= lo.completion).toBe(true);
        // A stalled task that moves forecasts a date; one that forecasts a date does not stall by moving more.
        if (lo.completion !== null && lo.method !== 'done') expect(hi.completion).not.toBeNull();
      }),
    );
  });

  it('an open task is never forecast to finish before today; what it takes reaches 100 at the deadline', () => {
    fc.assert(
      fc.property(onTrajectory, fc.integer({ min: 0, max: 99 }), fc.integer({ min: 1, max: 31 }), (t, p, period) => {
        fc.pre(t.points.length > 0);
        const points = [...t.points.slice(0, -1), { date: t.points.at(-1)!.date, progress: p }];
        const f = forecastTask({ ...t, points, periodDays: period });
        if (f.completion !== null) expect(f.completion >= t.today).toBe(true);
        const left = daysBetween(t.today, t.deadline);
        if (left > 0) expect(p + (f.neededPerPeriod! / period) * left).toBeCloseTo(100, 6);
        else expect(f.neededPerPeriod).toBeNull();
      }),
    );
  });

  it('states its method', () => {
    const base = { start: '2026-01-01', deadline: '2026-12-31', today: '2026-06-30' };
    expect(forecastTask({ ...base, points: [] }).method).toBe('no_report');
    expect(forecastTask({ ...base, points: [{ date: '2026-03-01', progress: 20 }] }).method).toBe('run_rate');
    const recent = forecastTask({
      ...base,
      points: [
        { date: '2026-04-01', progress: 20 },
        { date: '2026-06-01', progress: 30 },
      ],
    });
    // 10 points in 61 days from 30 %: 70 more take 427 days, well after the deadline.
    expect(recent).toMatchObject({ method: 'recent_pace', completion: addDays('2026-06-01', 427), misses: true });
    expect(
      forecastTask({
        ...base,
        points: [
          { date: '2026-04-01', progress: 30 },
          { date: '2026-06-01', progress: 30 },
        ],
      }),
    ).toMatchObject({ method: 'stalled', completion: null, misses: true });
    expect(forecastTask({ ...base, points: [], closedOn: '2026-05-05' })).toMatchObject({
      method: 'done',
      completion: '2026-05-05',
      misses: false,
    });
  });
});

describe('investment forecast', () => {
  const plan = fc.integer({ min: 1, max: 10_000_000 }).map((c) => c / 100);
  const year = fc.integer({ min: 2000, max: 2090 });

  it('investment exactly on its trajectory is forecast to reach its plan', () => {
    fc.assert(
      fc.property(plan, year, fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), (p, y, m, d) => {
        const months = new Map<string, number>();
        let before = 0;
        for (let i = 1; i < m; i++) {
          const at = p * calendarFraction({ year: y, frequency: 'month', index: i });
          months.set(`${y}-${String(i).padStart(2, '0')}`, at - before);
          before = at;
        }
        const today = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        const f = forecastInvestment({ year: y, plan: p, months, today });
        if (m === 1) {
          expect(f).toBeNull();
          return;
        }
        expect(f!.yearEnd).toBeCloseTo(p, 2);
        expect(f!.misses).toBe(false);
        expect(f!.completed).toBeCloseTo(f!.expected, 2);
      }),
    );
  });

  it('what it takes per month reaches the plan; behind the trajectory is forecast to miss', () => {
    fc.assert(
      fc.property(
        plan,
        fc.integer({ min: 2, max: 12 }),
        fc.double({ min: 0, max: 0.95, noNaN: true }),
        (p, m, share) => {
          const months = new Map<string, number>();
          const f0 = calendarFraction({ year: 2026, frequency: 'month', index: m - 1 });
          for (let i = 1; i < m; i++) months.set(`2026-${String(i).padStart(2, '0')}`, (p * f0 * share) / (m - 1));
          const f = forecastInvestment({
            year: 2026,
            plan: p,
            months,
            today: `2026-${String(m).padStart(2, '0')}-15`,
          })!;
          expect(f.misses).toBe(f.yearEnd < p);
          if (share < 0.99 && p * (1 - share) > 1) expect(f.misses).toBe(true);
          expect(f.completed + f.neededPerMonth! * f.monthsLeft).toBeCloseTo(p, 1);
        },
      ),
    );
  });
});

describe('task forecast at the edges', () => {
  it('a rise too slight to finish within ten years is a stall, not a date out of range', () => {
    const f = forecastTask({
      start: '2020-01-01',
      deadline: '2021-08-23',
      today: '2021-01-11',
      points: [
        { date: '2020-12-14', progress: 57.99999999999999 },
        { date: '2021-01-11', progress: 58 },
      ],
    });
    expect(f).toMatchObject({ method: 'stalled', completion: null, misses: true });
  });
});
