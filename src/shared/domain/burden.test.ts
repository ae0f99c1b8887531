import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { burdenOf, duplicatesOf, fieldsOf, monthsIn, periodsIn, type BurdenEvent, type BurdenItem } from './burden';
import { addDays } from './dates';

const FROM = '2026-01-01';
const TO = '2026-06-30';
const arbDay = fc.integer({ min: -30, max: 220 }).map((n) => addDays(FROM, n));
const TITLES = ['推进老旧小区改造', '老旧小区改造推进情况', '高标准农田建设', '安全生产大检查', '企业用工难'];
const arbItem = fc
  .record({
    id: fc.uuid(),
    kind: fc.constantFrom('task', 'finding', 'milestone', 'demand'),
    title: fc.constantFrom(...TITLES),
    unitId: fc.constantFrom('u1', 'u2', 't1'),
    coUnitIds: fc.subarray(['u1', 'u2', 't1']),
    assignerUnitId: fc.constantFrom('office', 'u1'),
    cadence: fc.constantFrom('weekly', 'monthly', 'quarterly', 'once', null),
    assignedOn: fc.option(arbDay, { nil: null }),
    acceptAfter: fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }),
    length: fc.integer({ min: 0, max: 200 }),
    ended: fc.boolean(),
  })
  .map(
    ({ acceptAfter, length, ended, ...r }): BurdenItem => ({
      ...r,
      acceptedOn: r.assignedOn && acceptAfter !== null ? addDays(r.assignedOn, acceptAfter) : null,
      deadline: addDays(r.assignedOn ?? FROM, length),
      endedOn: ended && r.assignedOn ? addDays(r.assignedOn, length) : null,
    }),
  );
const arbItems = fc.uniqueArray(arbItem, { selector: (i) => i.id, maxLength: 25 });
const arbEvents = (items: BurdenItem[]) =>
  fc.array(
    fc.record({
      itemId: fc.constantFrom(...items.map((i) => i.id)),
      on: arbDay,
      type: fc.constantFrom<BurdenEvent['type']>('reminder', 'notice'),
    }),
    { maxLength: 30 },
  );

describe('reporting periods', () => {
  it('a month has one monthly period, a quarter one quarterly, a year 52–53 weekly; none without a cadence', () => {
    expect(periodsIn('monthly', '2026-03-01', '2026-03-31')).toBe(1);
    expect(periodsIn('monthly', FROM, TO)).toBe(6);
    expect(periodsIn('quarterly', FROM, TO)).toBe(2);
    expect(periodsIn('weekly', '2026-01-05', '2026-12-27')).toBe(51);
    expect(periodsIn('once', FROM, TO)).toBe(1);
    expect(periodsIn(null, FROM, TO)).toBe(0);
  });

  it('a longer span never has fewer periods', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('weekly', 'monthly', 'quarterly', 'once', null),
        arbDay,
        fc.nat(120),
        fc.nat(60),
        (c, a, n, m) => {
          expect(periodsIn(c, a, addDays(a, n + m))).toBeGreaterThanOrEqual(periodsIn(c, a, addDays(a, n)));
        },
      ),
    );
  });
});

describe('a unit’s burden', () => {
  it('its sources add up to its reports and fields; its items are those open in the period that it leads', () => {
    fc.assert(
      fc.property(arbItems, (items) => {
        for (const r of burdenOf(items, [], FROM, TO)) {
          const sum = r.sources.reduce((n, s) => n + s.reportsDue, 0);
          expect(sum).toBe(r.reportsDue);
          const fields = r.sources.reduce((n, s) => n + s.fields, 0);
          expect(r.fieldsPerMonth).toBeCloseTo(Math.round((fields / monthsIn(FROM, TO)) * 10) / 10, 5);
          expect(r.sources.reduce((n, s) => n + s.items, 0)).toBe(r.items);
          expect(r.items).toBeLessThanOrEqual(items.filter((i) => i.unitId === r.unitId).length);
          for (const s of r.sources) expect(s.fields).toBe(s.reportsDue * fieldsOf(s.kind));
        }
      }),
    );
  });

  it('one more ask never lightens a unit: reports, fields and items only grow', () => {
    fc.assert(
      fc.property(arbItems, arbItem, (items, extra) => {
        fc.pre(!items.some((i) => i.id === extra.id));
        const before = new Map(burdenOf(items, [], FROM, TO).map((r) => [r.unitId, r]));
        for (const r of burdenOf([...items, extra], [], FROM, TO)) {
          const b = before.get(r.unitId);
          if (!b) continue;
          expect(r.reportsDue).toBeGreaterThanOrEqual(b.reportsDue);
          expect(r.fieldsPerMonth).toBeGreaterThanOrEqual(b.fieldsPerMonth);
          expect(r.items).toBeGreaterThanOrEqual(b.items);
          expect(r.coItems).toBeGreaterThanOrEqual(b.coItems);
        }
      }),
    );
  });

  it('reminders and 督办单 are counted once each, for the unit answering, within the period', () => {
    fc.assert(
      fc.property(
        arbItems.filter((x) => x.length > 0).chain((items) => fc.tuple(fc.constant(items), arbEvents(items))),
        ([items, events]) => {
          const rows = burdenOf(items, events, FROM, TO);
          const inside = events.filter((e) => e.on >= FROM && e.on <= TO);
          expect(rows.reduce((n, r) => n + r.reminders + r.notices, 0)).toBe(inside.length);
          expect(rows.reduce((n, r) => n + r.notices, 0)).toBe(inside.filter((e) => e.type === 'notice').length);
        },
      ),
    );
  });

  it('is ranked heaviest first, ranks 1…n', () => {
    fc.assert(
      fc.property(arbItems, (items) => {
        const rows = burdenOf(items, [], FROM, TO, ['quiet']);
        rows.forEach((r, i) => {
          expect(r.rank).toBe(i + 1);
          if (i) expect(rows[i - 1]!.fieldsPerMonth).toBeGreaterThanOrEqual(r.fieldsPerMonth);
        });
        expect(rows.at(-1)!.fieldsPerMonth).toBe(rows.find((r) => r.unitId === 'quiet')!.fieldsPerMonth);
      }),
    );
  });
});

describe('duplicate asks', () => {
  it('pair two different items of two ledgers or two askers, never an item with itself, each pair once', () => {
    fc.assert(
      fc.property(arbItems, (items) => {
        const pairs = duplicatesOf(items);
        const keys = pairs.map((p) => `${p.a.id}|${p.b.id}`);
        expect(new Set(keys).size).toBe(keys.length);
        for (const p of pairs) {
          expect(p.a.id < p.b.id).toBe(true);
          expect(p.a.kind !== p.b.kind || p.a.assignerUnitId !== p.b.assignerUnitId).toBe(true);
          expect(p.similarity).toBeGreaterThanOrEqual(0.6);
        }
      }),
    );
  });

  it('finds the same content asked by the ledger and by an inspection', () => {
    const base = {
      unitId: 'u1',
      coUnitIds: [],
      cadence: 'monthly' as const,
      assignedOn: FROM,
      acceptedOn: null,
      deadline: TO,
      endedOn: null,
    };
    const pairs = duplicatesOf([
      { ...base, id: 'a', kind: 'task', title: '推进老旧小区改造', assignerUnitId: 'office' },
      { ...base, id: 'b', kind: 'finding', title: '老旧小区改造推进缓慢', assignerUnitId: 'office' },
      { ...base, id: 'c', kind: 'task', title: '高标准农田建设', assignerUnitId: 'office' },
    ]);
    expect(pairs.map((p) => [p.a.id, p.b.id])).toEqual([['a', 'b']]);
  });
});
