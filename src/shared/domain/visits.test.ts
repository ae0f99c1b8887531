import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, fromDayNumber, toDayNumber } from './dates';
import {
  coverage,
  monthsBefore,
  periodCoverage,
  quarterOf,
  quarterRange,
  unvisitedSince,
  type CoverageVisit,
} from './visits';

const day = fc.integer({ min: toDayNumber('2020-01-01'), max: toDayNumber('2030-12-31') }).map(fromDayNumber);
const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const enterprise = fc.record({
  id: fc.constantFrom(...ids('e', 12)),
  liaisonLeaderId: fc.option(fc.constantFrom(...ids('l', 3)), { nil: null }),
  liaisonUnitId: fc.option(fc.constantFrom(...ids('u', 4)), { nil: null }),
});
const enterprisesArb = fc.uniqueArray(enterprise, { selector: (e) => e.id, maxLength: 12 });
const visit: fc.Arbitrary<CoverageVisit> = fc.record({
  on: fc.constantFrom('2026-09-30', '2026-10-01', '2026-11-15', '2026-12-31', '2027-01-01'),
  leaderIds: fc.subarray(ids('l', 3)),
  unitIds: fc.subarray(ids('u', 4)),
  enterpriseIds: fc.subarray(ids('e', 12)),
});

describe('quarters', () => {
  it('a day lies in its quarter, and the quarters tile the year', () => {
    fc.assert(
      fc.property(day, (d) => {
        const { from, to } = quarterRange(quarterOf(d));
        expect(from <= d && d <= to).toBe(true);
        expect(quarterOf(addDays(to, 1))).not.toBe(quarterOf(d));
        expect(quarterOf(addDays(from, -1))).not.toBe(quarterOf(d));
      }),
    );
    expect(quarterRange('2026-Q4')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(quarterRange('2024-Q1')).toEqual({ from: '2024-01-01', to: '2024-03-31' });
  });

  it('N months before: the same day of the month, or the month’s last', () => {
    expect(monthsBefore('2026-12-06', 6)).toBe('2026-06-06');
    expect(monthsBefore('2026-03-31', 1)).toBe('2026-02-28');
    expect(monthsBefore('2026-01-15', 13)).toBe('2024-12-15');
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 36 }), (d, n) => {
        expect(monthsBefore(d, n) <= d).toBe(true);
      }),
    );
  });
});

describe('coverage', () => {
  const Q4 = quarterRange('2026-Q4');

  it('counts each 包联 enterprise once; visited never exceeds total; the share is their ratio', () => {
    fc.assert(
      fc.property(enterprisesArb, fc.array(visit, { maxLength: 10 }), (es, vs) => {
        const c = coverage(es, vs, Q4.from, Q4.to);
        for (const r of [...c.leaders, ...c.units]) {
          expect(r.visited).toBeLessThanOrEqual(r.total);
          expect(r.share).toBe(r.visited / r.total);
        }
        expect(c.leaders.reduce((s, r) => s + r.total, 0)).toBe(es.filter((e) => e.liaisonLeaderId).length);
        expect(c.units.reduce((s, r) => s + r.total, 0)).toBe(es.filter((e) => e.liaisonUnitId).length);
      }),
    );
  });

  it('one more visit never lowers anyone’s coverage; a visit outside the quarter changes nothing', () => {
    fc.assert(
      fc.property(enterprisesArb, fc.array(visit, { maxLength: 8 }), visit, (es, vs, extra) => {
        const before = coverage(es, vs, Q4.from, Q4.to);
        const after = coverage(es, [...vs, extra], Q4.from, Q4.to);
        const inside = extra.on >= Q4.from && extra.on <= Q4.to;
        for (const kind of ['leaders', 'units'] as const)
          for (const r of before[kind]) {
            const a = after[kind].find((x) => x.id === r.id)!;
            expect(a.visited).toBeGreaterThanOrEqual(r.visited);
            if (!inside) expect(a.visited).toBe(r.visited);
          }
      }),
    );
  });

  it('a visit by someone else does not count for the 包联 leader or unit', () => {
    const es = [{ id: 'e1', liaisonLeaderId: 'l1', liaisonUnitId: 'u1' }];
    const other = { on: '2026-11-01', leaderIds: ['l2'], unitIds: ['u2'], enterpriseIds: ['e1'] };
    expect(coverage(es, [other], Q4.from, Q4.to).leaders).toEqual([{ id: 'l1', total: 1, visited: 0, share: 0 }]);
    const own = { on: '2026-11-01', leaderIds: ['l1'], unitIds: ['u1'], enterpriseIds: ['e1'] };
    const c = coverage(es, [own], Q4.from, Q4.to);
    expect(c.leaders[0]!.share).toBe(1);
    expect(c.units[0]!.share).toBe(1);
  });
});

describe('unvisited for N months', () => {
  it('lists exactly those last visited before the date (or never), never-visited first', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ id: fc.string({ minLength: 1, maxLength: 4 }) }), { selector: (e) => e.id }),
        fc.array(fc.tuple(fc.nat(30), day)),
        day,
        (es, visits, since) => {
          const last = new Map<string, string>();
          for (const [i, d] of visits) {
            const e = es[i % Math.max(1, es.length)];
            if (e && (last.get(e.id) ?? '') < d) last.set(e.id, d);
          }
          const out = unvisitedSince(es, last, since);
          for (const e of es) {
            const l = last.get(e.id);
            expect(out.some((o) => o.id === e.id)).toBe(l === undefined || l < since);
          }
          const firstVisited = out.findIndex((o) => o.lastVisitOn !== null);
          if (firstVisited >= 0) expect(out.slice(firstVisited).every((o) => o.lastVisitOn !== null)).toBe(true);
        },
      ),
    );
  });
});

/** Enterprises 包联 as they are, since long before and still. */
const held = (es: readonly { id: string; liaisonLeaderId: string | null; liaisonUnitId: string | null }[]) =>
  es.map((e) => ({
    enterpriseId: e.id,
    leaderId: e.liaisonLeaderId,
    unitId: e.liaisonUnitId,
    from: '2000-01-01',
    until: null,
  }));

describe('coverage over a period (the scoring rules)', () => {
  const periods = fc.constantFrom(
    { from: '2026-10-01', to: '2026-12-31' },
    { from: '2026-01-01', to: '2026-12-31' },
    { from: '2026-11-01', to: '2027-01-31' },
  );
  it('each quarter counts once: met ≤ 包联, and a quarter alone is that quarter’s coverage', () => {
    fc.assert(
      fc.property(enterprisesArb, fc.array(visit, { maxLength: 8 }), periods, (es, vs, p) => {
        for (const r of periodCoverage(held(es), vs, p.from, p.to).values()) {
          expect(r.numerator).toBeLessThanOrEqual(r.denominator);
          expect(r.numerator).toBeGreaterThanOrEqual(0);
        }
        const q = periodCoverage(held(es), vs, '2026-10-01', '2026-12-31');
        for (const u of coverage(es, vs, '2026-10-01', '2026-12-31').units)
          expect(q.get(u.id)).toEqual({ numerator: u.visited, denominator: u.total });
        // A year is four quarters' duty.
        const year = periodCoverage(held(es), vs, '2026-01-01', '2026-12-31');
        for (const u of coverage(es, vs, '2026-10-01', '2026-12-31').units)
          expect(year.get(u.id)!.denominator).toBe(4 * u.total);
      }),
    );
  });
  it('one more visit never lowers a unit’s coverage', () => {
    fc.assert(
      fc.property(enterprisesArb, fc.array(visit, { maxLength: 8 }), visit, periods, (es, vs, v, p) => {
        const before = periodCoverage(held(es), vs, p.from, p.to);
        const after = periodCoverage(held(es), [...vs, v], p.from, p.to);
        for (const [u, r] of before) {
          expect(after.get(u)!.denominator).toBe(r.denominator);
          expect(after.get(u)!.numerator).toBeGreaterThanOrEqual(r.numerator);
        }
      }),
    );
  });
});
