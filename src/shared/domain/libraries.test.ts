import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_THRESHOLDS } from './light';
import { DEFAULT_LIBRARIES, libraryYear, stageMoveAllowed, targetProgress } from './libraries';

const ipo = DEFAULT_LIBRARIES.find((l) => l.code === 'ipo')!.stages;

describe('library stages', () => {
  it('a member enters at any stage and then only moves forward', () => {
    expect(stageMoveAllowed(ipo, null, '入库')).toBe(true);
    expect(stageMoveAllowed(ipo, '入库', '辅导备案')).toBe(true);
    expect(stageMoveAllowed(ipo, '申报', '辅导备案')).toBe(false);
    expect(stageMoveAllowed(ipo, '上市', '上市')).toBe(false);
    expect(stageMoveAllowed(ipo, '入库', '退市')).toBe(false);
    fc.assert(
      fc.property(fc.constantFrom(...ipo), fc.constantFrom(...ipo), (a, b) => {
        expect(stageMoveAllowed(ipo, a, b)).toBe(ipo.indexOf(b) > ipo.indexOf(a));
        // Never both ways.
        expect(stageMoveAllowed(ipo, a, b) && stageMoveAllowed(ipo, b, a)).toBe(false);
      }),
    );
  });
});

const movement = fc.record({
  kind: fc.constantFrom('enter' as const, 'stage' as const, 'leave' as const),
  stage: fc.constantFrom(...ipo),
  on: fc.constantFrom('2025-12-31', '2026-01-01', '2026-03-15', '2026-07-31', '2026-12-31', '2027-01-01'),
});

describe('counts and movements', () => {
  it('stage counts add up to the current members; the monthly entries climb to the year’s entries', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ stage: fc.constantFrom(...ipo), leftOn: fc.constantFrom(null, '2026-05-01') })),
        fc.array(movement),
        (members, movements) => {
          const y = libraryYear(ipo, members, movements, 2026);
          expect(y.byStage.reduce((s, b) => s + b.count, 0)).toBe(y.members);
          expect(y.enteredByMonth).toHaveLength(12);
          expect(y.enteredByMonth[11]).toBe(y.entered);
          for (let i = 1; i < 12; i++) expect(y.enteredByMonth[i]!).toBeGreaterThanOrEqual(y.enteredByMonth[i - 1]!);
          expect(y.entered + y.advanced + y.left).toBe(movements.filter((m) => m.on.startsWith('2026-')).length);
        },
      ),
    );
  });
});

describe('the yearly target on the one trajectory', () => {
  const noHistory = Array<number>(12).fill(0);
  it('on the calendar without history: half the year, half the target expected', () => {
    const p = targetProgress(20, 2026, '2026-07-02', Array<number>(12).fill(10), noHistory, DEFAULT_THRESHOLDS);
    expect(p.method).toBe('calendar');
    expect(p.expected[11]).toBeCloseTo(20);
    expect(p.expectedNow).toBeGreaterThan(9.5);
    expect(p.expectedNow).toBeLessThan(10.5);
    expect(p.light.light).toBe('green');
  });

  it('ahead of the trajectory is never red; more entries never make the light worse', () => {
    const order = { none: 0, done: 0, green: 0, yellow: 1, red: 2 } as const;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 1, max: 365 }),
        fc.array(fc.nat(10), { minLength: 12, maxLength: 12 }),
        fc.nat(5),
        (target, doy, monthly, extra) => {
          const day = new Date(Date.UTC(2026, 0, doy)).toISOString().slice(0, 10);
          const cum = monthly.map((_, i) => monthly.slice(0, i + 1).reduce((a, b) => a + b, 0));
          const more = cum.map((v) => v + extra);
          const a = targetProgress(target, 2026, day, cum, noHistory, DEFAULT_THRESHOLDS);
          const b = targetProgress(target, 2026, day, more, noHistory, DEFAULT_THRESHOLDS);
          expect(order[b.light.light]).toBeLessThanOrEqual(order[a.light.light]);
          if (a.actual >= a.expectedNow) expect(a.light.light).toBe('green');
        },
      ),
    );
  });
});
