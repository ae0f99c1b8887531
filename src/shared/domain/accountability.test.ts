import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  caseActions,
  caseNumber,
  evidenceOf,
  maySeeCase,
  mayRequestTolerance,
  type CaseViewer,
} from './accountability';
import {
  DEFAULT_RATE_RULES,
  isRateKind,
  DEFAULT_SCORING_RULES,
  exemptTolerated,
  SCORING_EVENT_KINDS,
  SCORING_GROUPS,
  scoreUnits,
  type ScoringEvent,
  type ScoringRules,
} from './scoring';

const period = { from: '2026-01-01', to: '2026-12-31' };
const ITEMS = ['i1', 'i2', 'i3', 'i4'];
const UNITS = [
  { id: 'u1', name: '发改局', kind: 'department' },
  { id: 'u2', name: '城关镇', kind: 'township' },
];
const half = (min: number, max: number) => fc.integer({ min: min * 2, max: max * 2 }).map((n) => n / 2);
const arbCap = fc.option(half(0, 40), { nil: null });
const arbRules: fc.Arbitrary<ScoringRules> = fc
  .record({
    base: half(0, 200),
    floor: half(0, 200),
    deductionCaps: fc.record({ tasks: arbCap, projects: arbCap, enterprises: arbCap, commendations: arbCap }),
    closedOnTime: half(0, 10),
    // A rule set may make a late closure earn points: an exemption must not take them away.
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
  })
  .map((r) => ({ ...r, floor: Math.min(r.floor, r.base) }));
const arbEvent = fc.record({
  unitId: fc.constantFrom('u1', 'u2'),
  kind: fc.constantFrom(...SCORING_EVENT_KINDS),
  group: fc.option(fc.constantFrom(...SCORING_GROUPS), { nil: undefined }),
  on: fc
    .integer({ min: 0, max: 360 })
    .map((n) => new Date(Date.UTC(2026, 0, 1) + n * 86400000).toISOString().slice(0, 10)),
  itemId: fc.option(fc.constantFrom(...ITEMS), { nil: null }),
  title: fc.constant('事项'),
  count: fc.integer({ min: 1, max: 10 }),
}) as fc.Arbitrary<ScoringEvent>;
const arbTolerated = fc
  .subarray(ITEMS)
  .map((ids) => new Map(ids.map((id) => [id, `容错免责（${caseNumber(2026, 1)}）`])));

describe('容错免责 in scoring', () => {
  it('a tolerated event never lowers a score (nor any group’s points), and stays in the trail', () => {
    fc.assert(
      fc.property(fc.array(arbEvent, { maxLength: 40 }), arbRules, arbTolerated, (events, rules, tolerated) => {
        const before = scoreUnits(UNITS, events, rules, period);
        const after = scoreUnits(UNITS, exemptTolerated(events, tolerated), rules, period);
        for (const [i, a] of after.entries()) {
          const b = before[i]!;
          expect(a.score).toBeGreaterThanOrEqual(b.score);
          for (const [g, ga] of a.groups.entries()) expect(ga.points).toBeGreaterThanOrEqual(b.groups[g]!.points);
          // The same events, in the same lines: an exempted one is shown with 0 points and its note.
          const rows = (s: typeof a) => s.breakdown.flatMap((l) => l.events);
          expect(rows(a).length).toBe(rows(b).length);
          for (const r of rows(a)) if (r.exempt) expect(r.points).toBe(0);
        }
      }),
    );
  });

  it('exempts exactly the deductions of the tolerated items: as if they had not been recorded', () => {
    fc.assert(
      fc.property(fc.array(arbEvent, { maxLength: 40 }), arbRules, arbTolerated, (events, rules, tolerated) => {
        const cost = (e: ScoringEvent) => !isRateKind(e.kind) && (e.count ?? 1) * rules[e.kind] < 0;
        const without = events.filter((e) => !(e.itemId && tolerated.has(e.itemId) && cost(e)));
        const exempted = scoreUnits(UNITS, exemptTolerated(events, tolerated), rules, period);
        const removed = scoreUnits(UNITS, without, rules, period);
        expect(exempted.map((s) => s.score)).toEqual(removed.map((s) => s.score));
      }),
    );
  });

  it('an overdue task tolerated costs the unit nothing, and the trail says 容错免责', () => {
    const events: ScoringEvent[] = [
      { unitId: 'u1', kind: 'overdueDay', on: '2026-05-10', itemId: 'i1', title: '改革试点', count: 6 },
      { unitId: 'u1', kind: 'notice', on: '2026-05-12', itemId: 'i1', title: '改革试点' },
      { unitId: 'u1', kind: 'closedOnTime', on: '2026-05-01', itemId: 'i2', title: '按期办结' },
    ];
    const plain = scoreUnits(UNITS, events, DEFAULT_SCORING_RULES, period)[0]!;
    expect(plain.score).toBe(100 + 2 - 3 - 3);
    const tolerated = new Map([['i1', '容错免责（问责〔2026〕1号）']]);
    const s = scoreUnits(UNITS, exemptTolerated(events, tolerated), DEFAULT_SCORING_RULES, period)[0]!;
    expect(s.score).toBe(102);
    const overdue = s.breakdown.find((l) => l.kind === 'overdueDay')!;
    expect(overdue.points).toBe(0);
    expect(overdue.events[0]).toMatchObject({ points: 0, exempt: '容错免责（问责〔2026〕1号）', count: 6 });
    // The gain of another item is untouched, and a gain of a tolerated item is never marked.
    const gain = exemptTolerated([{ ...events[2]!, itemId: 'i1' }], tolerated)[0]!;
    expect(gain.exempt).toBeUndefined();
  });
});

const office: CaseViewer = { personId: 'p-office', unitId: 'dcs', roles: ['supervision_office'] };
const principal: CaseViewer = { personId: 'p-boss', unitId: 'xwb', roles: ['principal'] };
const named: CaseViewer = { personId: 'p1', unitId: 'fgj', roles: ['unit_clerk'] };
const colleague: CaseViewer = { personId: 'p2', unitId: 'fgj', roles: ['unit_clerk'] };
const head: CaseViewer = { personId: 'p3', unitId: 'fgj', roles: ['unit_admin'] };
const leader: CaseViewer = { personId: 'p4', unitId: 'zfb', roles: ['leader'] };

describe('who sees a case and who may ask for 容错', () => {
  const personCase = { personIds: ['p1'], unitId: null };
  const unitCase = { personIds: [], unitId: 'fgj' };
  it('a case about a person: the office, the principals and that person only', () => {
    expect([office, principal, named, colleague, head, leader].map((v) => maySeeCase(v, personCase))).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });
  it('a case against a unit: its head too, not its clerks', () => {
    expect([office, principal, named, colleague, head, leader].map((v) => maySeeCase(v, unitCase))).toEqual([
      true,
      true,
      false,
      false,
      true,
      false,
    ]);
  });
  it('容错 is asked by those concerned, never by the office or a principal for them', () => {
    expect(mayRequestTolerance(named, personCase)).toBe(true);
    expect(mayRequestTolerance(office, personCase)).toBe(false);
    expect(mayRequestTolerance(principal, personCase)).toBe(false);
    expect(mayRequestTolerance(head, unitCase)).toBe(true);
    expect(mayRequestTolerance(colleague, unitCase)).toBe(false);
  });
  it('a pending request holds the decision; one request per case; nothing after the decision', () => {
    const c = { ...personCase, state: 'open' as const };
    expect(caseActions(office, { ...c, tolerance: null })).toEqual(['decide', 'withdraw']);
    expect(caseActions(office, { ...c, tolerance: 'pending' })).toEqual(['withdraw', 'decideTolerance']);
    expect(caseActions(office, { ...c, tolerance: 'rejected' })).toEqual(['decide', 'withdraw']);
    expect(caseActions(named, { ...c, tolerance: null })).toEqual(['requestTolerance']);
    expect(caseActions(named, { ...c, tolerance: 'rejected' })).toEqual([]);
    expect(caseActions(office, { ...c, state: 'decided', tolerance: 'accepted' })).toEqual([]);
    expect(caseActions(named, { ...c, state: 'withdrawn', tolerance: null })).toEqual([]);
  });
});

describe('evidence from the record', () => {
  const item = { id: 'i1', title: '改革试点', deadline: '2026-05-01', state: 'in_progress' };
  it('lateness, missing and late reports, returned work — and nothing else', () => {
    const facts = evidenceOf(
      item,
      [
        { seq: 1, action: 'assign', on: '2026-03-01', reason: null, data: null },
        { seq: 2, action: 'urge', on: '2026-04-01', reason: null, data: { automatic: true } },
        { seq: 3, action: 'urge', on: '2026-04-02', reason: '请抓紧', data: {} },
        { seq: 4, action: 'returnReport', on: '2026-04-10', reason: '缺少数据', data: null },
        { seq: 5, action: 'notice', on: '2026-05-08', reason: null, data: null },
      ],
      [
        { id: 'r1', period: '2026-03', lateDays: 2, on: '2026-04-03' },
        { id: 'r2', period: '2026-04', lateDays: 0, on: '2026-04-28' },
      ],
      '2026-05-20',
    );
    expect(facts.map((f) => [f.kind, f.on, f.ref])).toEqual([
      ['reportMissing', '2026-04-01', 'event:2'],
      ['reportLate', '2026-04-03', 'report:r1'],
      ['reportReturned', '2026-04-10', 'event:4'],
      ['notice', '2026-05-08', 'event:5'],
      ['overdue', '2026-05-20', 'overdue:i1'],
    ]);
    expect(facts[2]!.text).toBe('进展被退回：缺少数据');
  });
  it('closed late is evidence; closed on time is none', () => {
    const close = (on: string) => [{ seq: 9, action: 'close', on, reason: null, data: null }];
    const closed = { ...item, state: 'closed' };
    expect(evidenceOf(closed, close('2026-05-06'), [], '2026-06-01').map((f) => f.kind)).toEqual(['closedLate']);
    expect(evidenceOf(closed, close('2026-04-30'), [], '2026-06-01')).toEqual([]);
    expect(evidenceOf(item, [], [], '2026-05-01')).toEqual([]);
  });
});
