import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { demandFigures, timeLost, type FigureRow, type HandOverEvent } from './demand-figures';

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
