import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_RATE_RULES,
  DEFAULT_SCORING_RULES,
  league,
  RATE_KINDS,
  RateRule,
  ratePoints,
  scoringGroupOf,
  overdueWorkingDaysIn,
  SCORING_EVENT_KINDS,
  SCORING_GROUPS,
  ScoringRules,
  scoreUnits,
  type ScoringEvent,
  type ScoredUnit,
} from './scoring';
import { EMPTY_CALENDAR } from './working-days';

const period = { from: '2026-01-01', to: '2026-03-31' };
const units: ScoredUnit[] = [
  { id: 'u1', name: '发改局', kind: 'department' },
  { id: 'u2', name: '住建局', kind: 'department' },
  { id: 't1', name: '城关镇', kind: 'township' },
];

const arbUnits = fc.uniqueArray(
  fc.record({
    id: fc.string({ minLength: 1, maxLength: 4 }),
    name: fc.constantFrom('甲', '乙', '丙', '丁'),
    kind: fc.constantFrom('department', 'township'),
  }),
  { selector: (u) => u.id, minLength: 1, maxLength: 8 },
);
const arbDay = fc
  .integer({ min: 0, max: 120 })
  .map((n) => new Date(Date.UTC(2025, 11, 15) + n * 86400000).toISOString().slice(0, 10));
const arbEvent = (ids: string[]) =>
  fc.record({
    unitId: fc.constantFrom(...ids),
    kind: fc.constantFrom(...SCORING_EVENT_KINDS),
    group: fc.option(fc.constantFrom(...SCORING_GROUPS), { nil: undefined }),
    on: arbDay,
    itemId: fc.option(fc.uuid(), { nil: null }),
    title: fc.string({ maxLength: 5 }),
    count: fc.integer({ min: 1, max: 20 }),
  }) as fc.Arbitrary<ScoringEvent>;
const half = (min: number, max: number) => fc.integer({ min: min * 2, max: max * 2 }).map((n) => n / 2);
const arbCap = fc.option(half(0, 60), { nil: null });
const arbCaps = fc.record({ tasks: arbCap, projects: arbCap, enterprises: arbCap, commendations: arbCap });
const arbRules = fc.record({
  base: half(0, 200),
  floor: half(0, 200),
  deductionCaps: arbCaps,
  closedOnTime: half(0, 10),
  closedLate: half(-10, 10),
  blockerResolved: half(0, 10),
  overdueDay: half(-5, 0),
  reportMissing: half(-5, 0),
  notice: half(-10, 0),
  reportLate: half(-5, 0),
  reportReturned: half(-5, 0),
  extensionApproved: half(-5, 0),
  praised: half(0, 10),
  criticised: half(-10, 0),
  rates: fc.constant(DEFAULT_RATE_RULES),
});
const arbCase = arbUnits.chain((us) =>
  fc.record({
    units: fc.constant(us),
    events: fc.array(arbEvent(us.map((u) => u.id)), { maxLength: 40 }),
    // The floor is at most the base (the schema refuses a floor above it).
    rules: arbRules.map((r) => ({ ...r, floor: Math.min(r.floor, r.base) })),
  }),
);

describe('scoring rules', () => {
  it('the defaults are a valid rule set', () => {
    expect(ScoringRules.parse(DEFAULT_SCORING_RULES)).toEqual(DEFAULT_SCORING_RULES);
  });
  it('refuses a negative on-time closure or praise, and a positive penalty', () => {
    expect(ScoringRules.safeParse({ ...DEFAULT_SCORING_RULES, closedOnTime: -1 }).success).toBe(false);
    expect(ScoringRules.safeParse({ ...DEFAULT_SCORING_RULES, praised: -1 }).success).toBe(false);
    expect(ScoringRules.safeParse({ ...DEFAULT_SCORING_RULES, blockerResolved: -1 }).success).toBe(false);
    expect(ScoringRules.safeParse({ ...DEFAULT_SCORING_RULES, overdueDay: 1 }).success).toBe(false);
    expect(ScoringRules.safeParse({ ...DEFAULT_SCORING_RULES, notice: -0.3 }).success).toBe(false);
  });
});

describe('scoreUnits', () => {
  it('sums points per event within the period, with a traceable breakdown', () => {
    const events: ScoringEvent[] = [
      { unitId: 'u1', kind: 'closedOnTime', on: '2026-02-01', itemId: 'a', title: '任务A' },
      { unitId: 'u1', kind: 'overdueDay', on: '2026-03-31', itemId: 'b', title: '任务B', count: 4 },
      { unitId: 'u1', kind: 'notice', on: '2026-04-02', itemId: 'b', title: '任务B' }, // after the period
      { unitId: 'u2', kind: 'reportMissing', on: '2026-01-10', itemId: 'c', title: '任务C' },
    ];
    const [u1, u2, t1] = scoreUnits(units, events, DEFAULT_SCORING_RULES, period);
    expect(u1!.score).toBe(100 + 2 - 2);
    expect(u1!.breakdown).toEqual([
      {
        group: 'tasks',
        kind: 'closedOnTime',
        count: 1,
        points: 2,
        events: [{ itemId: 'a', title: '任务A', on: '2026-02-01', count: 1, points: 2 }],
      },
      {
        group: 'tasks',
        kind: 'overdueDay',
        count: 4,
        points: -2,
        events: [{ itemId: 'b', title: '任务B', on: '2026-03-31', count: 4, points: -2 }],
      },
    ]);
    expect(u2!.score).toBe(99);
    expect(t1).toMatchObject({ score: 100, breakdown: [] });
  });

  it('every score is the base plus its groups (each capped) kept above the floor; lines sum their events', () => {
    fc.assert(
      fc.property(arbCase, ({ units, events, rules }) => {
        for (const s of scoreUnits(units, events, rules, period)) {
          const raw = rules.base + s.groups.reduce((a, g) => a + g.points, 0);
          expect(s.score).toBe(Math.max(rules.floor, raw));
          expect(s.floored).toBe(s.score - raw);
          expect(s.score).toBeGreaterThanOrEqual(rules.floor);
          for (const g of s.groups) {
            const lines = s.breakdown.filter((l) => l.group === g.group);
            expect(g.gained + g.deducted).toBe(lines.reduce((a, l) => a + l.points, 0));
            const cap = rules.deductionCaps[g.group];
            if (cap !== null) expect(g.deducted + g.waived).toBeGreaterThanOrEqual(-cap);
            expect(g.points).toBe(g.gained + g.deducted + g.waived);
            expect(g.waived).toBeGreaterThanOrEqual(0);
          }
          for (const l of s.breakdown) expect(l.points).toBe(l.events.reduce((a, e) => a + e.points, 0));
        }
      }),
    );
  });

  it('without caps and above the floor, a score is the base plus every line', () => {
    const open = {
      ...DEFAULT_SCORING_RULES,
      floor: 0,
      deductionCaps: { tasks: null, projects: null, enterprises: null, commendations: null },
    };
    fc.assert(
      fc.property(arbCase, ({ units, events }) => {
        for (const s of scoreUnits(units, events, { ...open, base: 1000 }, period)) {
          expect(s.score).toBe(1000 + s.breakdown.reduce((a, l) => a + l.points, 0));
        }
      }),
    );
  });

  it('扣完为止: a unit with 194.5 points of deductions loses at most its groups’ caps, never below the floor', () => {
    const events: ScoringEvent[] = [
      { unitId: 'u1', kind: 'overdueDay', on: '2026-03-31', itemId: 'b', title: '任务B', count: 300, group: 'tasks' },
      { unitId: 'u1', kind: 'overdueDay', on: '2026-03-31', itemId: 'm', title: '节点M', count: 89, group: 'projects' },
      { unitId: 'u1', kind: 'closedOnTime', on: '2026-02-01', itemId: 'a', title: '任务A', group: 'tasks' },
    ];
    const [u1] = scoreUnits(units, events, DEFAULT_SCORING_RULES, period);
    // Tasks: +2 and −150, capped at −60; projects: −44.5 capped at −30: 100 + 2 − 60 − 30 = 12.
    expect(u1!.groups.find((g) => g.group === 'tasks')).toEqual({
      group: 'tasks',
      gained: 2,
      deducted: -150,
      waived: 90,
      points: -58,
    });
    expect(u1!.groups.find((g) => g.group === 'projects')).toEqual({
      group: 'projects',
      gained: 0,
      deducted: -44.5,
      waived: 14.5,
      points: -30,
    });
    expect(u1!.score).toBe(12);
    const strict = {
      ...DEFAULT_SCORING_RULES,
      floor: 20,
      deductionCaps: { tasks: null, projects: null, enterprises: null, commendations: null },
    };
    const [s] = scoreUnits(units, events, strict, period);
    expect(s!.score).toBe(20);
    expect(s!.floored).toBe(20 - (100 + 2 - 150 - 44.5));
  });

  it('refuses a floor above the base', () => {
    expect(ScoringRules.safeParse({ ...DEFAULT_SCORING_RULES, floor: 120 }).success).toBe(false);
    expect(
      ScoringRules.safeParse({
        ...DEFAULT_SCORING_RULES,
        deductionCaps: { tasks: -1, projects: null, commendations: 1 },
      }).success,
    ).toBe(false);
  });

  it('adding an on-time closure never lowers a unit’s score (nor changes any other unit’s)', () => {
    fc.assert(
      fc.property(arbCase, fc.nat(), arbDay, ({ units, events, rules }, pick, on) => {
        const u = units[pick % units.length]!;
        const before = scoreUnits(units, events, rules, period);
        const after = scoreUnits(
          units,
          [...events, { unitId: u.id, kind: 'closedOnTime', on, itemId: 'x', title: 'x' }],
          rules,
          period,
        );
        for (let i = 0; i < units.length; i++) {
          if (units[i]!.id === u.id) expect(after[i]!.score).toBeGreaterThanOrEqual(before[i]!.score);
          else expect(after[i]!.score).toBe(before[i]!.score);
        }
      }),
    );
  });

  it('is pure: recomputing, or computing from the events in another order, gives the same result', () => {
    fc.assert(
      fc.property(arbCase, ({ units, events, rules }) => {
        const a = scoreUnits(units, events, rules, period);
        expect(scoreUnits(units, events, rules, period)).toEqual(a);
        expect(scoreUnits(units, [...events].reverse(), rules, period)).toEqual(a);
      }),
    );
  });
});

describe('league', () => {
  it('ranks by score, ties share a rank, townships separately', () => {
    const events: ScoringEvent[] = [{ unitId: 'u2', kind: 'praised', on: '2026-01-05', itemId: null, title: '表扬' }];
    const scores = scoreUnits(
      [...units, { id: 'u3', name: '财政局', kind: 'department' }],
      events,
      DEFAULT_SCORING_RULES,
      period,
    );
    expect(league(scores, 'unit').map((r) => [r.name, r.rank])).toEqual([
      ['住建局', 1],
      ['发改局', 2],
      ['财政局', 2],
    ]);
    expect(league(scores, 'township').map((r) => r.unitId)).toEqual(['t1']);
  });

  it('the league tables together are a permutation of the units, sorted by score', () => {
    fc.assert(
      fc.property(arbCase, ({ units, events, rules }) => {
        const scores = scoreUnits(units, events, rules, period);
        const u = league(scores, 'unit');
        const t = league(scores, 'township');
        expect([...u, ...t].map((r) => r.unitId).sort()).toEqual(units.map((x) => x.id).sort());
        for (const l of [u, t]) {
          for (let i = 1; i < l.length; i++) {
            expect(l[i]!.score).toBeLessThanOrEqual(l[i - 1]!.score);
            expect(l[i]!.rank).toBe(l[i]!.score === l[i - 1]!.score ? l[i - 1]!.rank : i + 1);
          }
        }
        expect(league([...scores].reverse(), 'unit')).toEqual(u);
      }),
    );
  });
});

describe('overdueWorkingDaysIn', () => {
  it('counts working days after the deadline within the period, up to the day before closing', () => {
    // 2026-03-27 is a Friday.
    expect(overdueWorkingDaysIn('2026-03-27', null, period, EMPTY_CALENDAR, '2026-04-10')).toBe(2); // Mon 30, Tue 31
    expect(overdueWorkingDaysIn('2026-03-27', '2026-03-31', period, EMPTY_CALENDAR, '2026-04-10')).toBe(1);
    expect(overdueWorkingDaysIn('2026-03-27', null, period, EMPTY_CALENDAR, '2026-03-27')).toBe(0);
    expect(overdueWorkingDaysIn('2025-12-31', null, period, EMPTY_CALENDAR, '2026-01-02')).toBe(2);
    expect(overdueWorkingDaysIn('2026-04-30', null, period, EMPTY_CALENDAR, '2026-05-10')).toBe(0);
  });
});

const arbRateRule = fc
  .record({
    weight: half(0, 50),
    target: fc.integer({ min: 1, max: 100 }).map((n) => n / 100),
    lowest: fc.integer({ min: 0, max: 99 }).map((n) => n / 100),
    minCount: fc.integer({ min: 1, max: 10 }),
  })
  .filter((r) => r.lowest < r.target);
const arbRate = fc
  .integer({ min: 0, max: 200 })
  .chain((d) => fc.record({ numerator: fc.integer({ min: 0, max: d }), denominator: fc.constant(d) }));

describe('rate rules (企业服务)', () => {
  it('the defaults are valid, and a lowest at or above the target is refused', () => {
    for (const k of RATE_KINDS) expect(RateRule.parse(DEFAULT_RATE_RULES[k])).toEqual(DEFAULT_RATE_RULES[k]);
    expect(RateRule.safeParse({ weight: 5, target: 0.8, lowest: 0.8, minCount: 1 }).success).toBe(false);
    expect(RateRule.safeParse({ weight: 5, target: 1.2, lowest: 0.8, minCount: 1 }).success).toBe(false);
  });

  it('a rule set stored before the enterprise service reads with its defaults', () => {
    const { rates: _r, deductionCaps, ...old } = DEFAULT_SCORING_RULES;
    const { enterprises: _e, ...oldCaps } = deductionCaps;
    const parsed = ScoringRules.parse({ ...old, deductionCaps: oldCaps });
    expect(parsed.rates).toEqual(DEFAULT_RATE_RULES);
    expect(parsed.deductionCaps.enterprises).toBe(20);
  });

  it('costs between 0 and the weight, in steps of 0.5, nothing at the target, the whole weight at the lowest', () => {
    fc.assert(
      fc.property(arbRateRule, arbRate, (rule, rate) => {
        const p = ratePoints(rate, rule);
        expect(p).toBeLessThanOrEqual(0);
        expect(p).toBeGreaterThanOrEqual(-rule.weight);
        expect(Number.isInteger(p * 2)).toBe(true);
        if (rate.denominator < rule.minCount) expect(p).toBe(0);
        else if (rate.numerator / rate.denominator >= rule.target) expect(p).toBe(0);
        else if (rate.numerator / rate.denominator <= rule.lowest) expect(p + rule.weight).toBe(0);
      }),
    );
  });

  it('a higher rate never costs more (monotone in coverage, response, resolution and satisfaction)', () => {
    fc.assert(
      fc.property(arbRateRule, arbRate, fc.nat(), (rule, rate, more) => {
        const better = { ...rate, numerator: Math.min(rate.denominator, rate.numerator + more) };
        expect(ratePoints(better, rule)).toBeGreaterThanOrEqual(ratePoints(rate, rule));
      }),
    );
  });

  it('a heavier weight never costs less, a lower target never more', () => {
    fc.assert(
      fc.property(arbRateRule, arbRate, half(0, 10), (rule, rate, extra) => {
        const heavier = { ...rule, weight: Math.min(50, rule.weight + extra) };
        expect(ratePoints(rate, heavier)).toBeLessThanOrEqual(ratePoints(rate, rule));
        const easier = { ...rule, target: Math.max(rule.lowest + 0.01, rule.target - 0.1) };
        if (easier.target < rule.target)
          expect(ratePoints(rate, easier)).toBeGreaterThanOrEqual(ratePoints(rate, rule));
      }),
    );
  });

  it('scores a unit’s rates in the enterprise service group, within its cap, and the demands’ closures there too', () => {
    expect(scoringGroupOf('closedOnTime', 'demand')).toBe('enterprises');
    expect(scoringGroupOf('overdueDay', 'task')).toBe('tasks');
    const events: ScoringEvent[] = [
      // 2 of 8 visited: below the lowest (0.5), the whole 5.
      {
        unitId: 'u1',
        kind: 'visitCoverage',
        on: '2026-03-31',
        itemId: null,
        title: '走访',
        rate: { numerator: 2, denominator: 8 },
      },
      // 3 of 4 on time: 0.75, 20 points of shortfall out of 35: 5 × 0.571 = 2.86 → 3.
      {
        unitId: 'u1',
        kind: 'demandResponse',
        on: '2026-03-31',
        itemId: null,
        title: '响应',
        rate: { numerator: 3, denominator: 4 },
      },
      // 2 rated: under the minimum of 3, shown, not scored.
      {
        unitId: 'u1',
        kind: 'demandSatisfaction',
        on: '2026-03-31',
        itemId: null,
        title: '满意',
        rate: { numerator: 0, denominator: 2 },
      },
      {
        unitId: 'u2',
        kind: 'visitCoverage',
        on: '2026-03-31',
        itemId: null,
        title: '走访',
        rate: { numerator: 8, denominator: 8 },
      },
      {
        unitId: 'u1',
        kind: 'closedOnTime',
        on: '2026-02-01',
        itemId: 'd',
        title: '诉求',
        group: scoringGroupOf('closedOnTime', 'demand'),
      },
    ];
    const [u1, u2] = scoreUnits(units, events, DEFAULT_SCORING_RULES, period);
    expect(u1!.groups.find((g) => g.group === 'enterprises')).toEqual({
      group: 'enterprises',
      gained: 2,
      deducted: -8,
      waived: 0,
      points: -6,
    });
    expect(u1!.score).toBe(94);
    expect(u1!.breakdown.find((l) => l.kind === 'demandSatisfaction')!.events[0]).toMatchObject({
      points: 0,
      rate: { numerator: 0, denominator: 2 },
    });
    expect(u2!.score).toBe(100);
    const capped = {
      ...DEFAULT_SCORING_RULES,
      deductionCaps: { ...DEFAULT_SCORING_RULES.deductionCaps, enterprises: 4 },
    };
    expect(scoreUnits(units, events, capped, period)[0]!.score).toBe(98);
  });
});
