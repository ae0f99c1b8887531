import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { demandFigures, timeLost, unitDemandRates, type FigureRow, type HandOverEvent } from './demand-figures';

const rating = fc.constantFrom(null, 'satisfied', 'basically_satisfied', 'dissatisfied');
const row: fc.Arbitrary<FigureRow> = fc
  .record({
    unitId: fc.constantFrom('u1', 'u2'),
    state: fc.constantFrom('assigned', 'in_progress', 'close_requested', 'closed', 'cancelled'),
    rating,
    firstRating: fc.constantFrom(null, 'dissatisfied'),
    withdrawalChecked: fc.boolean(),
    withdrawalVoluntary: fc.constantFrom(null, true, false),
  })
  .map((r) => ({
    ...r,
    answered: r.state === 'close_requested' || r.state === 'closed' || r.firstRating !== null,
    reopenCount: r.firstRating ? 1 : 0,
    withdrawn: r.state === 'cancelled',
    rating: r.state === 'closed' ? r.rating : null,
  }));

describe('honest figures', () => {
  it('every rate is a share of what it says it counts over', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 50 }), (rows) => {
        const f = demandFigures(rows);
        for (const k of ['confirmedRate', 'ratedShare', 'satisfiedOfRated', 'reopenRate', 'withdrawalRate'] as const) {
          const v = f[k];
          if (v !== null) {
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThanOrEqual(1);
          }
        }
        expect(f.confirmed).toBeLessThanOrEqual(f.closed);
        expect(f.rated).toBeLessThanOrEqual(f.answered);
        expect(f.withdrawalPressed + 0).toBeLessThanOrEqual(f.withdrawn);
        // Confirmed resolution counts over everything received: it can only fall when more comes in unrated.
        const more = demandFigures(
          [
            ...rows,
            {
              ...rows[0]!,
              state: 'assigned',
              rating: null,
              firstRating: null,
              answered: false,
              reopenCount: 0,
              withdrawn: false,
            } as FigureRow,
          ].slice(rows.length ? 0 : 1),
        );
        if (rows.length && f.confirmedRate !== null) expect(more.confirmedRate!).toBeLessThanOrEqual(f.confirmedRate);
      }),
    );
  });

  it('a demand rated 不满意 and then 满意 counts as rated once, reopened once, confirmed once', () => {
    const f = demandFigures([
      {
        unitId: 'u',
        state: 'closed',
        answered: true,
        rating: 'satisfied',
        firstRating: 'dissatisfied',
        reopenCount: 1,
        withdrawn: false,
        withdrawalChecked: false,
        withdrawalVoluntary: null,
      },
    ]);
    expect(f).toMatchObject({ rated: 1, reopened: 1, confirmed: 1, reopenRate: 1, satisfiedOfRated: 1 });
  });
});

describe('time lost between units', () => {
  const h = 3_600_000;
  it('charges the hours held to the unit that gave it back, and the wait to the office', () => {
    const ev: HandOverEvent[] = [
      { itemId: 'd', action: 'assign', at: 0, actorUnitId: 'office', toUnitId: 'u1' },
      { itemId: 'd', action: 'return', at: 5 * h, actorUnitId: 'u1', toUnitId: null },
      { itemId: 'd', action: 'reassign', at: 8 * h, actorUnitId: 'office', toUnitId: 'u2' },
      { itemId: 'e', action: 'assign', at: 0, actorUnitId: 'office', toUnitId: 'u1' },
      { itemId: 'e', action: 'return', at: 2 * h, actorUnitId: 'u1', toUnitId: null },
    ];
    const t = timeLost(ev);
    expect(t.byUnit.get('u1')).toEqual({ returns: 2, heldHours: 7 });
    expect(t.office).toMatchObject({ decisions: 1, waitHours: 3, waiting: 1 });
  });

  it('every give-back is either decided or waiting; hours are never negative', () => {
    const event = fc.record({
      itemId: fc.constantFrom('a', 'b', 'c'),
      action: fc.constantFrom('assign', 'reassign', 'return', 'accept'),
      at: fc.nat(1e9),
      actorUnitId: fc.constantFrom('u1', 'u2', 'office'),
      toUnitId: fc.constant(null),
    });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 40 }), (evs) => {
        const t = timeLost(evs);
        const returns = [...t.byUnit.values()].reduce((s, u) => s + u.returns, 0);
        expect(t.office.decisions + t.office.waiting).toBe(returns);
        for (const u of t.byUnit.values()) expect(u.heldHours).toBeGreaterThanOrEqual(0);
        expect(t.office.waitHours).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

describe('unit demand rates (the scoring rules)', () => {
  const H = 3_600_000;
  const NOW = 1000 * H;
  const row = fc.record({
    unitId: fc.constantFrom('u1', 'u2'),
    state: fc.constantFrom('assigned', 'in_progress', 'close_requested', 'closed', 'cancelled'),
    rating: fc.option(fc.constantFrom('satisfied', 'basically_satisfied', 'dissatisfied'), { nil: null }),
    firstRating: fc.option(fc.constantFrom('satisfied', 'basically_satisfied', 'dissatisfied'), { nil: null }),
    contactDueAt: fc.integer({ min: 900, max: 1100 }).map((h) => h * H),
    contactedAt: fc.option(
      fc.integer({ min: 900, max: 1100 }).map((h) => h * H),
      { nil: null },
    ),
    replyDueAt: fc.integer({ min: 900, max: 1100 }).map((h) => h * H),
    firstRepliedAt: fc.option(
      fc.integer({ min: 900, max: 1000 }).map((h) => h * H),
      { nil: null },
    ),
    resolveDue: fc.constantFrom('2026-11-01', '2026-12-06', '2027-01-10'),
  });
  it('every numerator is within its denominator, and the counts add up to the rows', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), (rows) => {
        const rates = unitDemandRates(rows, NOW, '2026-12-06');
        let n = 0;
        for (const r of rates.values())
          for (const k of ['response', 'confirmed', 'satisfaction'] as const) {
            expect(r[k].numerator).toBeLessThanOrEqual(r[k].denominator);
            if (k === 'satisfaction') n += r[k].denominator;
          }
        expect(n).toBe(rows.filter((r) => r.rating !== null || r.firstRating !== null).length);
      }),
    );
  });
  it('a demand not yet due neither helps nor costs; one answered late counts against', () => {
    const base = {
      unitId: 'u1',
      state: 'in_progress',
      rating: null,
      firstRating: null,
      contactDueAt: 990 * H,
      contactedAt: 980 * H,
      replyDueAt: 1010 * H,
      firstRepliedAt: null,
      resolveDue: '2027-01-10',
    };
    const fresh = unitDemandRates([base], NOW, '2026-12-06').get('u1')!;
    expect(fresh.response.denominator).toBe(0);
    expect(fresh.confirmed.denominator).toBe(0);
    const late = unitDemandRates([{ ...base, replyDueAt: 990 * H, firstRepliedAt: 995 * H }], NOW, '2026-12-06').get(
      'u1',
    )!;
    expect(late.response).toEqual({ numerator: 0, denominator: 1 });
    const onTime = unitDemandRates([{ ...base, firstRepliedAt: 1000 * H }], NOW, '2026-12-06').get('u1')!;
    expect(onTime.response).toEqual({ numerator: 1, denominator: 1 });
  });
});
