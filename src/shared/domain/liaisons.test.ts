import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, daysBetween, fromDayNumber, toDayNumber, type IsoDate } from './dates';
import { MIN_LIAISON_DAYS, quarterHolders, type LiaisonPeriod } from './liaisons';
import { quarterCoverage, quarterRange, type CoverageVisit } from './visits';

const Q = quarterRange('2026-Q3'); // 2026-07-01 … 2026-09-30, 92 days
const leaders = ['l0', 'l1', 'l2'];
const units = ['u0', 'u1', 'u2', 'u3'];
const lo = toDayNumber('2026-05-01');
const hi = toDayNumber('2026-11-30');

/**
 * One enterprise's history as the service keeps it: consecutive periods (each starts the day the last one ends),
 * the last one open or ended (deactivated).
 */
const history = (enterpriseId: string): fc.Arbitrary<LiaisonPeriod[]> =>
  fc
    .record({
      start: fc.integer({ min: lo, max: hi }),
      spans: fc.array(
        fc.record({
          days: fc.integer({ min: 0, max: 80 }),
          leaderId: fc.option(fc.constantFrom(...leaders), { nil: null }),
          unitId: fc.option(fc.constantFrom(...units), { nil: null }),
        }),
        { minLength: 1, maxLength: 5 },
      ),
      open: fc.boolean(),
    })
    .map(({ start, spans, open }) => {
      let at = start;
      return spans.map((s, i) => {
        const from = fromDayNumber(at);
        at += s.days;
        const last = i === spans.length - 1;
        return {
          enterpriseId,
          leaderId: s.leaderId,
          unitId: s.unitId ?? (s.leaderId ? null : 'u0'),
          from,
          until: last && open ? null : fromDayNumber(at),
        };
      });
    });
const histories = fc.tuple(history('e0'), history('e1'), history('e2'), history('e3')).map((hs) => hs.flat());

/** Days of the quarter each holder of one dimension held the enterprise (open periods to the quarter's end). */
function daysHeld(ps: readonly LiaisonPeriod[], key: 'leaderId' | 'unitId', qFrom: IsoDate, qTo: IsoDate) {
  const by = new Map<string, number>();
  for (const p of ps) {
    const who = p[key];
    if (!who) continue;
    const start = p.from > qFrom ? p.from : qFrom;
    const end = p.until === null || p.until > addDays(qTo, 1) ? addDays(qTo, 1) : p.until;
    by.set(who, (by.get(who) ?? 0) + Math.max(0, daysBetween(start, end)));
  }
  return by;
}

/** A reassignment on `on`: the open period of the enterprise ends that day and another holder's starts. */
function reassign(ps: readonly LiaisonPeriod[], enterpriseId: string, on: IsoDate, to: Partial<LiaisonPeriod>) {
  const open = ps.find((p) => p.enterpriseId === enterpriseId && p.until === null && p.from <= on);
  if (!open) return null;
  return [
    ...ps.filter((p) => p !== open),
    { ...open, until: on },
    { ...open, leaderId: to.leaderId ?? null, unitId: to.unitId ?? 'u3', from: on, until: null },
  ];
}

describe('who answers for an enterprise in a quarter (包联 history)', () => {
  it('the holder held it the most days of the quarter, and at least MIN_LIAISON_DAYS', () => {
    fc.assert(
      fc.property(histories, (ps) => {
        const holders = quarterHolders(ps, Q.from, Q.to);
        for (const e of ['e0', 'e1', 'e2', 'e3']) {
          const mine = ps.filter((p) => p.enterpriseId === e);
          for (const key of ['leaderId', 'unitId'] as const) {
            const days = daysHeld(mine, key, Q.from, Q.to);
            const max = Math.max(0, ...days.values());
            const h = holders.get(e)?.[key] ?? null;
            if (max < MIN_LIAISON_DAYS) expect(h).toBeNull();
            else {
              expect(h).not.toBeNull();
              expect(days.get(h!)).toBe(max);
            }
          }
        }
      }),
    );
  });

  it('a reassignment after the quarter never changes who answered for it', () => {
    fc.assert(
      fc.property(
        histories,
        fc.constantFrom('e0', 'e1', 'e2', 'e3'),
        fc.integer({ min: toDayNumber(addDays(Q.to, 1)), max: hi + 60 }),
        fc.constantFrom(...leaders),
        (ps, e, day, l) => {
          const later = reassign(ps, e, fromDayNumber(day), { leaderId: l, unitId: 'u2' });
          fc.pre(later !== null);
          expect(quarterHolders(later!, Q.from, Q.to)).toEqual(quarterHolders(ps, Q.from, Q.to));
        },
      ),
    );
  });

  it('splitting a period in two with the same holder changes nothing', () => {
    fc.assert(
      fc.property(histories, fc.nat(), fc.nat(90), (ps, i, cut) => {
        const p = ps[i % ps.length]!;
        const at = addDays(p.from, cut);
        fc.pre(at > p.from && (p.until === null || at < p.until));
        const split = [...ps.filter((x) => x !== p), { ...p, until: at }, { ...p, from: at }];
        expect(quarterHolders(split, Q.from, Q.to)).toEqual(quarterHolders(ps, Q.from, Q.to));
      }),
    );
  });

  it('examples: a mid-quarter handover, a late newcomer, equal halves to the later holder', () => {
    const p = (leaderId: string | null, unitId: string | null, from: IsoDate, until: IsoDate | null) => ({
      enterpriseId: 'e',
      leaderId,
      unitId,
      from,
      until,
    });
    // Handed over on 16 August: l0 held 46 days, l1 46 (to 30 September): equal, so the later one, l1.
    expect(
      quarterHolders([p('l0', 'u0', '2026-05-01', '2026-08-16'), p('l1', 'u0', '2026-08-16', null)], Q.from, Q.to),
    ).toEqual(new Map([['e', { leaderId: 'l1', unitId: 'u0' }]]));
    // Handed over on 20 September: l0 answers for the quarter.
    expect(
      quarterHolders([p('l0', 'u0', '2026-05-01', '2026-09-20'), p('l1', 'u0', '2026-09-20', null)], Q.from, Q.to).get(
        'e',
      ),
    ).toEqual({
      leaderId: 'l0',
      unitId: 'u0',
    });
    // Registered on 10 September: 21 days, nobody answers for it this quarter; the next quarter its unit does.
    expect(quarterHolders([p(null, 'u1', '2026-09-10', null)], Q.from, Q.to).size).toBe(0);
    const q4 = quarterRange('2026-Q4');
    expect(quarterHolders([p(null, 'u1', '2026-09-10', null)], q4.from, q4.to).get('e')).toEqual({
      leaderId: null,
      unitId: 'u1',
    });
    // Deactivated on 15 July (ended, nothing after): 14 days, not counted.
    expect(quarterHolders([p(null, 'u1', '2026-01-01', '2026-07-15')], Q.from, Q.to).size).toBe(0);
    // A same-day correction (an empty period) holds on no day.
    expect(
      quarterHolders([p(null, 'u2', '2026-08-01', '2026-08-01'), p(null, 'u1', '2026-08-01', null)], Q.from, Q.to).get(
        'e',
      ),
    ).toEqual({
      leaderId: null,
      unitId: 'u1',
    });
  });

  it('a quarter’s coverage counts each enterprise for one leader and one unit; a later reassignment leaves it alone', () => {
    const visit: fc.Arbitrary<CoverageVisit> = fc.record({
      on: fc.integer({ min: toDayNumber(Q.from), max: toDayNumber(Q.to) }).map(fromDayNumber),
      leaderIds: fc.subarray(leaders),
      unitIds: fc.subarray(units),
      enterpriseIds: fc.subarray(['e0', 'e1', 'e2', 'e3']),
    });
    fc.assert(
      fc.property(
        histories,
        fc.array(visit, { maxLength: 6 }),
        fc.constantFrom('e0', 'e1', 'e2', 'e3'),
        (ps, vs, e) => {
          const c = quarterCoverage(ps, vs, '2026-Q3');
          const holders = quarterHolders(ps, Q.from, Q.to);
          expect(c.units.reduce((n, u) => n + u.total, 0)).toBe([...holders.values()].filter((h) => h.unitId).length);
          expect(c.leaders.reduce((n, u) => n + u.total, 0)).toBe(
            [...holders.values()].filter((h) => h.leaderId).length,
          );
          expect(c.county.total).toBe(holders.size);
          expect(c.county.visited).toBeLessThanOrEqual(c.county.total);
          const later = reassign(ps, e, '2026-10-15', { leaderId: 'l2', unitId: 'u3' });
          if (later) expect(quarterCoverage(later, vs, '2026-Q3')).toEqual(c);
        },
      ),
    );
  });
});
