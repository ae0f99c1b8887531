import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  checkMove,
  isMonth,
  libraryOn,
  nextEscalation,
  POOLS,
  poolOn,
  projectLight,
  weekStart,
  type Pool,
  type PoolMove,
} from './projects';
import {
  computeRates,
  daysLate,
  effectiveInvestments,
  investmentProgress,
  RATE_GROUPINGS,
  remainingInvestment,
  sumAmounts,
  yearExpected,
  ytdInvestment,
  type InvestmentRecord,
  type RateProject,
  type RateRow,
} from './projects-rates';
import { roundSummary, type RoundReport } from './projects-round';
import { headerUnit, isYes, parseAmount, parseYears, poolFromLabel, typeFromLabel } from './projects-import';
import { bbox, contains, parseBoundary } from './projects-geo';
import { expectedProgress } from './light';
import { addDays, fromDayNumber, toDayNumber } from './dates';

const mv = (projectId: string, to: Pool, date: string, seq: number, from: Pool | null = null): PoolMove => ({
  projectId,
  from,
  to,
  date,
  seq,
});

describe('pools and moves', () => {
  const history = [
    mv('a', 'reserve', '2026-01-05', 1),
    mv('a', 'preliminary', '2026-02-10', 2),
    mv('a', 'new_start', '2026-04-01', 3),
    mv('a', 'preliminary', '2026-04-01', 4),
    mv('a', 'new_start', '2026-05-20', 5),
  ];

  it('gives the pool on any date; null before the project entered the library', () => {
    expect(poolOn(history, '2026-01-04')).toBeNull();
    expect(poolOn(history, '2026-01-05')).toBe('reserve');
    expect(poolOn(history, '2026-03-31')).toBe('preliminary');
    // Two moves on one day: the later recorded one is in force (a start reported and withdrawn the same day).
    expect(poolOn(history, '2026-04-01')).toBe('preliminary');
    expect(poolOn(history, '2026-12-31')).toBe('new_start');
    expect(poolOn([...history].reverse(), '2026-04-15')).toBe('preliminary');
  });

  it('shows the library as it stood on a date', () => {
    const lib = libraryOn([...history, mv('b', 'continuing', '2026-03-01', 6)], '2026-02-28');
    expect([...lib]).toEqual([['a', 'preliminary']]);
  });

  it('refuses a move into the same pool, dated in the future or before the latest move', () => {
    expect(checkMove(history, 'new_start', '2026-06-01', '2026-06-30')).toEqual([
      { field: 'body.pool', code: 'same_pool' },
    ]);
    expect(checkMove(history, 'continuing', '2026-07-01', '2026-06-30')).toEqual([
      { field: 'body.date', code: 'date_in_future' },
    ]);
    expect(checkMove(history, 'continuing', '2026-05-19', '2026-06-30')).toEqual([
      { field: 'body.date', code: 'before_last_move', params: { last: '2026-05-20' } },
    ]);
    expect(checkMove(history, 'preliminary', '2026-05-20', '2026-06-30')).toEqual([]);
    expect(checkMove([], 'reserve', '2026-01-01', '2026-01-01')).toEqual([]);
  });

  it('colours a project by its worst open milestone', () => {
    expect(projectLight(['done', 'green', 'yellow', 'done'])).toBe('yellow');
    expect(projectLight(['done', 'red', 'yellow'])).toBe('red');
    expect(projectLight(['done', 'done', 'none'])).toBe('done');
    expect(projectLight([])).toBe('none');
  });

  it('escalates 包联 → 分管 → principal, skipping a level held by the same leader', () => {
    const chain = { 1: 'gong', 2: 'zhao', 3: 'li' } as const;
    expect(nextEscalation(1, 'gong', chain)).toEqual({ level: 2, leaderId: 'zhao' });
    expect(nextEscalation(2, 'zhao', chain)).toEqual({ level: 3, leaderId: 'li' });
    expect(nextEscalation(3, 'li', chain)).toBeNull();
    expect(nextEscalation(1, 'gong', { 1: 'gong', 2: 'gong', 3: 'li' })).toEqual({ level: 3, leaderId: 'li' });
    expect(nextEscalation(1, null, { 1: null, 2: null, 3: 'li' })).toEqual({ level: 3, leaderId: 'li' });
  });

  it('finds the Monday of a week', () => {
    expect(weekStart('2026-03-04')).toBe('2026-03-02');
    expect(weekStart('2026-03-02')).toBe('2026-03-02');
    expect(weekStart('2026-03-08')).toBe('2026-03-02');
    expect(weekStart('2026-01-01')).toBe('2025-12-29');
  });

  it('knows a month', () => {
    expect(isMonth('2026-12')).toBe(true);
    expect(isMonth('2026-13')).toBe(false);
    expect(isMonth('2026-1')).toBe(false);
  });
});

const P = (id: string, o: Partial<RateProject> = {}): RateProject => ({
  id,
  type: 'industry',
  startYear: 2026,
  endYear: 2027,
  unitId: 'u1',
  townshipId: 't1',
  leaderId: 'l1',
  annualPlans: { '2026': 1000 },
  ...o,
});

describe('rates', () => {
  const projects = [
    P('a'),
    P('b', { unitId: 'u2' }),
    P('c', { startYear: 2025, endYear: 2026 }),
    P('d', { startYear: 2024, endYear: 2026, type: 'infrastructure', annualPlans: {} }),
    P('e', { townshipId: null }),
  ];
  const moves = [
    mv('a', 'preliminary', '2026-01-01', 1),
    mv('a', 'new_start', '2026-03-10', 2),
    mv('b', 'preliminary', '2026-01-01', 3),
    mv('c', 'continuing', '2026-01-01', 4),
    mv('c', 'completed', '2026-05-30', 5),
    mv('c', 'in_production', '2026-06-20', 6),
    mv('d', 'continuing', '2026-01-01', 7),
    mv('e', 'reserve', '2026-07-01', 8),
  ];
  const inv: InvestmentRecord[] = [
    { projectId: 'a', month: '2026-03', amount: 200, recordedOn: '2026-04-05', seq: 1 },
    { projectId: 'a', month: '2026-04', amount: 300, recordedOn: '2026-05-05', seq: 2 },
    { projectId: 'a', month: '2026-04', amount: 250, recordedOn: '2026-05-08', seq: 3 },
    { projectId: 'c', month: '2026-05', amount: 1500, recordedOn: '2026-06-03', seq: 4 },
    { projectId: 'a', month: '2025-12', amount: 999, recordedOn: '2026-01-03', seq: 5 },
  ];

  it('computes the four rates by their definitions on a date', () => {
    const r = computeRates(projects, moves, inv, '2026-06-30', 'unit');
    expect(r.year).toBe(2026);
    // a, b planned to start in 2026 (e is not yet in the library on 30 June); a started.
    expect(r.total).toMatchObject({ projects: 4, startPlanned: 2, started: 1, startRate: 0.5 });
    // c, d planned to complete in 2026; c in 投产 (completed), d still continuing.
    expect(r.total).toMatchObject({ completionPlanned: 2, completed: 1, completionRate: 0.5 });
    // 达产率 only over industrial projects planned to complete: c.
    expect(r.total).toMatchObject({ productionPlanned: 1, producing: 1, productionRate: 1 });
    // Plans of a, b, c (d has none): 3000; completed: a 200 + 250 (April corrected) + c 1500 = 1950 (March–June).
    expect(r.total).toMatchObject({ investmentPlanned: 3000, investmentCompleted: 1950, investmentRate: 0.65 });
    expect(r.expected).toBeCloseTo(expectedProgress('2026-01-01', '2026-12-31', '2026-06-30') / 100);
    expect(r.groups.map((g) => g.key)).toEqual(['u1', 'u2']);
  });

  it('reads only what was known on the date: moves and investment figures recorded later do not count', () => {
    const r = computeRates(projects, moves, inv, '2026-05-06', 'pool');
    expect(r.total.investmentCompleted).toBe(500);
    expect(r.groups.map((g) => [g.key, g.projects])).toEqual([
      ['continuing', 2],
      ['new_start', 1],
      ['preliminary', 1],
    ]);
    expect(r.total.completed).toBe(0);
  });

  it('groups by township and leader, with projects without one last', () => {
    const r = computeRates(projects, moves, inv, '2026-12-31', 'township');
    expect(r.groups.map((g) => [g.key, g.projects])).toEqual([
      ['t1', 4],
      [null, 1],
    ]);
    expect(computeRates(projects, moves, inv, '2026-12-31', 'leader').groups.map((g) => g.key)).toEqual(['l1']);
  });

  it('has no rate for an empty denominator', () => {
    const r = computeRates(
      [P('x', { startYear: 2020, endYear: 2021, annualPlans: {} })],
      [mv('x', 'continuing', '2026-01-01', 1)],
      [],
      '2026-03-01',
      'unit',
    );
    expect(r.total).toMatchObject({
      startRate: null,
      completionRate: null,
      productionRate: null,
      investmentRate: null,
    });
  });

  it('shows an over-fulfilled plan as 100% with the amounts', () => {
    const r = computeRates(
      [P('x', { annualPlans: { '2026': 100 } })],
      [mv('x', 'new_start', '2026-01-01', 1)],
      [{ projectId: 'x', month: '2026-02', amount: 150, recordedOn: '2026-03-01', seq: 1 }],
      '2026-03-01',
      'unit',
    );
    expect(r.total).toMatchObject({ investmentRate: 1, investmentCompleted: 150, investmentPlanned: 100 });
  });
});

describe('investment', () => {
  it('uses the latest figure of a month, the months of the year up to the date, and the time-proportional line', () => {
    const eff = effectiveInvestments(
      [
        { projectId: 'a', month: '2026-01', amount: 10.1, recordedOn: '2026-02-01', seq: 1 },
        { projectId: 'a', month: '2026-01', amount: 12.2, recordedOn: '2026-02-01', seq: 2 },
        { projectId: 'a', month: '2026-02', amount: 20.2, recordedOn: '2026-03-01', seq: 3 },
        { projectId: 'a', month: '2026-03', amount: 30, recordedOn: '2026-04-01', seq: 4 },
      ],
      '2026-03-15',
    );
    expect(ytdInvestment(eff.get('a'), 2026, '2026-03-15')).toBe(32.4);
    expect(ytdInvestment(eff.get('a'), 2026, '2026-01-31')).toBe(12.2);
    expect(ytdInvestment(undefined, 2026, '2026-01-31')).toBe(0);
    const p = investmentProgress(100, 32.4, 2026, '2026-07-02');
    expect(p.expected).toBeCloseTo(yearExpected(2026, '2026-07-02'));
    expect(p.rate).toBeCloseTo(0.324);
    expect(p.gapPoints).toBeLessThan(0);
    expect(investmentProgress(undefined, 5, 2026, '2026-07-02')).toMatchObject({
      rate: null,
      gapPoints: null,
      planned: 0,
    });
  });

  it('computes the remaining total, a correction of a month replacing its figure', () => {
    const months = new Map([
      ['2026-01', 100],
      ['2026-02', 50.5],
    ]);
    expect(remainingInvestment(1000, months, '2026-03')).toBe(849.5);
    expect(remainingInvestment(1000, months, '2026-02')).toBe(900);
  });

  it('counts a milestone’s days late', () => {
    expect(daysLate('2026-03-01', null, '2026-03-05')).toBe(4);
    expect(daysLate('2026-03-01', '2026-02-20', '2026-03-05')).toBe(0);
    expect(daysLate('2026-03-01', '2026-03-03', '2026-04-05')).toBe(2);
  });
});

// ---------- properties ----------
const day = fc.integer({ min: toDayNumber('2025-06-01'), max: toDayNumber('2027-06-30') }).map(fromDayNumber);
const poolArb = fc.constantFrom(...POOLS);
const projectArb = (id: string) =>
  fc.record({
    id: fc.constant(id),
    type: fc.constantFrom('industry' as const, 'infrastructure' as const, 'social' as const),
    startYear: fc.integer({ min: 2025, max: 2027 }),
    endYear: fc.integer({ min: 2025, max: 2028 }),
    unitId: fc.constantFrom('u1', 'u2', 'u3'),
    townshipId: fc.option(fc.constantFrom('t1', 't2'), { nil: null }),
    leaderId: fc.option(fc.constantFrom('l1', 'l2'), { nil: null }),
    annualPlans: fc.dictionary(
      fc.constantFrom('2025', '2026', '2027'),
      fc.integer({ min: 0, max: 100000 }).map((c) => c / 100),
    ),
  });
const worldArb = fc.integer({ min: 1, max: 8 }).chain((n) => {
  const ids = Array.from({ length: n }, (_, i) => `p${i}`);
  return fc.record({
    projects: fc.tuple(...ids.map(projectArb)),
    moves: fc.array(fc.record({ projectId: fc.constantFrom(...ids), to: poolArb, date: day }), { maxLength: 30 }),
    investments: fc.array(
      fc.record({
        projectId: fc.constantFrom(...ids),
        month: fc.constantFrom('2025-11', '2026-01', '2026-04', '2026-09', '2027-02'),
        amount: fc.integer({ min: 0, max: 50000 }).map((c) => c / 100),
        recordedOn: day,
      }),
      { maxLength: 30 },
    ),
    asOf: day,
    by: fc.constantFrom(...RATE_GROUPINGS),
  });
});
const withSeq = <T>(xs: T[]) => xs.map((x, i) => ({ ...x, seq: i + 1 }));
const inUnit = (x: number | null) => x === null || (x >= 0 && x <= 1);
const RATES: (keyof RateRow)[] = ['startRate', 'completionRate', 'productionRate', 'investmentRate'];
const COUNTS: (keyof RateRow)[] = [
  'projects',
  'startPlanned',
  'started',
  'completionPlanned',
  'completed',
  'productionPlanned',
  'producing',
];

describe('rate properties', () => {
  it('every rate lies in [0, 1] (or is null), for the total and every group', () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        const r = computeRates(
          w.projects,
          withSeq(w.moves.map((m) => ({ ...m, from: null }))),
          withSeq(w.investments),
          w.asOf,
          w.by,
        );
        for (const row of [r.total, ...r.groups])
          for (const k of RATES) expect(inUnit(row[k] as number | null), `${k}=${row[k]}`).toBe(true);
        expect(r.expected).toBeGreaterThanOrEqual(0);
        expect(r.expected).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('a project moved back and forth counts once: the rates equal those of a history with only its pool on the date', () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        const moves = withSeq(w.moves.map((m) => ({ ...m, from: null })));
        const full = computeRates(w.projects, moves, withSeq(w.investments), w.asOf, w.by);
        const collapsed = [...libraryOn(moves, w.asOf)].map(([projectId, to], i) => mv(projectId, to, '2000-01-01', i));
        expect(computeRates(w.projects, collapsed, withSeq(w.investments), w.asOf, w.by)).toEqual(full);
        // Numerators never exceed denominators, which never exceed the projects counted.
        expect(full.total.started).toBeLessThanOrEqual(full.total.startPlanned);
        expect(full.total.completed).toBeLessThanOrEqual(full.total.completionPlanned);
        expect(full.total.producing).toBeLessThanOrEqual(full.total.productionPlanned);
        expect(full.total.projects).toBeLessThanOrEqual(w.projects.length);
      }),
    );
  });

  it('the groups partition the total: counts and amounts add up', () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        const r = computeRates(
          w.projects,
          withSeq(w.moves.map((m) => ({ ...m, from: null }))),
          withSeq(w.investments),
          w.asOf,
          w.by,
        );
        for (const k of COUNTS)
          expect(
            r.groups.reduce((s, g) => s + (g[k] as number), 0),
            k,
          ).toBe(r.total[k]);
        expect(sumAmounts(r.groups.map((g) => g.investmentCompleted))).toBe(r.total.investmentCompleted);
        expect(sumAmounts(r.groups.map((g) => g.investmentPlanned))).toBe(r.total.investmentPlanned);
      }),
    );
  });

  it('the library on a date is what replaying the moves up to that date leaves', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ to: poolArb, date: day }), { minLength: 1, maxLength: 15 }), day, (ms, d) => {
        const moves = withSeq(ms.map((m) => ({ ...m, projectId: 'p', from: null })));
        let pool: Pool | null = null;
        for (const m of [...moves].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.seq - b.seq)))
          if (m.date <= d) pool = m.to;
        expect(poolOn(moves, d)).toBe(pool);
        expect(poolOn(moves, addDays(d, 0))).toBe(libraryOn(moves, d).get('p') ?? null);
      }),
    );
  });
});

const reportArb = fc.record({
  projectId: fc.constantFrom('p1', 'p2', 'p3', 'p4', 'p5', 'p6'),
  unitId: fc.constantFrom('u1', 'u2', 'u3'),
  submittedOn: fc.constantFrom('2026-03-02', '2026-03-04', '2026-03-06', '2026-03-09'),
  investment: fc.option(
    fc.integer({ min: 0, max: 100000 }).map((c) => c / 100),
    { nil: null },
  ),
  behind: fc.boolean(),
  hasProblems: fc.boolean(),
});

describe('round summary', () => {
  it('names the missing and the late, and totals the reports in force', () => {
    const reports: RoundReport[] = [
      {
        projectId: 'p1',
        unitId: 'u1',
        submittedOn: '2026-03-05',
        seq: 1,
        investment: 100,
        behind: false,
        hasProblems: false,
      },
      {
        projectId: 'p1',
        unitId: 'u1',
        submittedOn: '2026-03-09',
        seq: 2,
        investment: 120,
        behind: true,
        hasProblems: false,
      },
      {
        projectId: 'p2',
        unitId: 'u2',
        submittedOn: '2026-03-09',
        seq: 3,
        investment: 30.5,
        behind: false,
        hasProblems: true,
      },
    ];
    const s = roundSummary(
      [
        { projectId: 'p1', unitId: 'u1' },
        { projectId: 'p2', unitId: 'u2' },
        { projectId: 'p3', unitId: 'u2' },
      ],
      reports,
      '2026-03-06',
    );
    expect(s).toMatchObject({
      expected: 3,
      reported: 2,
      late: 1,
      investment: 150.5,
      behindProjectIds: ['p1'],
      problemProjectIds: ['p2'],
      lateUnitIds: ['u2'],
    });
    expect(s.missing).toEqual([{ projectId: 'p3', unitId: 'u2' }]);
    expect(s.units).toEqual([
      { unitId: 'u1', expected: 1, reported: 1, late: 0, missing: 0, investment: 120 },
      { unitId: 'u2', expected: 2, reported: 1, late: 1, missing: 1, investment: 30.5 },
    ]);
  });

  it('property: the summary equals the sum of its reports, and every expected project is reported or missing', () => {
    fc.assert(
      fc.property(
        fc.array(reportArb, { maxLength: 25 }),
        fc.subarray<string>(['p1', 'p2', 'p3', 'p4', 'p5', 'p6']),
        (rs, expectedIds) => {
          const reports = withSeq(rs);
          // A project belongs to one unit: take the unit of its latest report, or u1.
          const unitOf = new Map<string, string>(reports.map((r) => [r.projectId, r.unitId]));
          const consistent = reports.map((r) => ({ ...r, unitId: unitOf.get(r.projectId)! }));
          const expected = expectedIds.map((projectId) => ({ projectId, unitId: unitOf.get(projectId) ?? 'u1' }));
          const s = roundSummary(expected, consistent, '2026-03-06');
          const inForce = new Map<string, (typeof consistent)[number]>();
          for (const r of consistent) inForce.set(r.projectId, r);
          expect(s.investment).toBe(sumAmounts([...inForce.values()].map((r) => r.investment ?? 0)));
          expect(sumAmounts(s.units.map((u) => u.investment))).toBe(s.investment);
          expect(s.units.reduce((n, u) => n + u.reported, 0)).toBe(s.reported);
          expect(s.reported).toBe(inForce.size);
          expect(s.units.reduce((n, u) => n + u.missing, 0)).toBe(s.missing.length);
          expect(s.expected - s.missing.length).toBe(expectedIds.filter((id) => inForce.has(id)).length);
          expect(s.late).toBeLessThanOrEqual(s.reported);
        },
      ),
    );
  });
});

describe('reading the key-project table', () => {
  it('reads amounts in 万元 or 亿元, the cell’s own unit winning; refuses a bare number without a unit', () => {
    expect(headerUnit('总投资（亿元）')).toBe('亿元');
    expect(headerUnit('总投资(万元)')).toBe('万元');
    expect(headerUnit('总投资')).toBeNull();
    expect(parseAmount('1.25', '亿元')).toEqual({ value: 12500 });
    expect(parseAmount('5,000', '万元')).toEqual({ value: 5000 });
    expect(parseAmount('3000万元', '亿元')).toEqual({ value: 3000 });
    expect(parseAmount('２亿', '万元')).toEqual({ value: 20000 });
    expect(parseAmount('1200000元', null)).toEqual({ value: 120 });
    expect(parseAmount('800', null)).toEqual({ error: 'unit_missing' });
    expect(parseAmount('约800', '万元')).toEqual({ error: 'invalid_amount' });
    expect(parseAmount('-5', '万元')).toEqual({ error: 'invalid_amount' });
  });

  it('reads year ranges, pools and types as offices write them', () => {
    expect(parseYears('2026—2027')).toEqual({ start: 2026, end: 2027 });
    expect(parseYears('2026年-2028年')).toEqual({ start: 2026, end: 2028 });
    expect(parseYears('2026')).toEqual({ start: 2026, end: 2026 });
    expect(parseYears('2027-2026')).toBeNull();
    expect(parseYears('明年')).toBeNull();
    expect(poolFromLabel('新开工')).toBe('new_start');
    expect(poolFromLabel('在建库')).toBe('continuing');
    expect(poolFromLabel('招引')).toBeUndefined();
    expect(typeFromLabel('工业项目')).toBe('industry');
    expect(typeFromLabel('社会民生')).toBe('social');
    expect(isYes('√')).toBe(true);
    expect(isYes('否')).toBe(false);
  });
});

const square = (x: number, y: number, s: number) => [
  [x, y],
  [x + s, y],
  [x + s, y + s],
  [x, y + s],
  [x, y],
];
describe('county boundary', () => {
  it('reads Polygon, MultiPolygon, Feature and FeatureCollection documents', () => {
    expect(parseBoundary({ type: 'Polygon', coordinates: [square(113, 34, 1)] })).toMatchObject({ ok: true });
    expect(
      parseBoundary({
        type: 'Feature',
        properties: {},
        geometry: { type: 'MultiPolygon', coordinates: [[square(113, 34, 1)], [square(115, 34, 1)]] },
      }),
    ).toMatchObject({ ok: true, boundary: { polygons: [expect.anything(), expect.anything()] } });
    expect(
      parseBoundary({
        type: 'FeatureCollection',
        features: [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [square(113, 34, 1)] } }],
      }),
    ).toMatchObject({ ok: true });
  });

  it('names what is wrong with a document that is not a usable boundary', () => {
    expect(parseBoundary('nonsense')).toEqual({
      ok: false,
      problems: [{ path: 'body.geojson', code: 'invalid_geojson' }],
    });
    expect(parseBoundary({ type: 'Point', coordinates: [113, 34] })).toEqual({
      ok: false,
      problems: [{ path: 'body.geojson.type', code: 'invalid_geojson' }],
    });
    expect(
      parseBoundary({
        type: 'Polygon',
        coordinates: [
          [
            [113, 34],
            [114, 34],
            [114, 35],
            [113, 35],
          ],
        ],
      }),
    ).toEqual({ ok: false, problems: [{ path: 'body.geojson.coordinates.0', code: 'ring_not_closed' }] });
    expect(
      parseBoundary({
        type: 'Polygon',
        coordinates: [
          [
            [113, 34],
            [114, 34],
            [113, 34],
          ],
        ],
      }),
    ).toEqual({ ok: false, problems: [{ path: 'body.geojson.coordinates.0', code: 'ring_too_short' }] });
    expect(
      parseBoundary({
        type: 'Polygon',
        coordinates: [
          [
            [113, 34],
            [214, 34],
            [114, 35],
            [113, 34],
          ],
        ],
      }),
    ).toEqual({ ok: false, problems: [{ path: 'body.geojson.coordinates.0.1', code: 'invalid_value' }] });
    expect(parseBoundary({ type: 'FeatureCollection', features: [] })).toEqual({
      ok: false,
      problems: [{ path: 'body.geojson.features', code: 'invalid_geojson' }],
    });
  });

  it('tells a point inside from one outside, holes included', () => {
    const r = parseBoundary({ type: 'Polygon', coordinates: [square(113, 34, 1), square(113.4, 34.4, 0.2)] });
    if (!r.ok) throw new Error('boundary');
    expect(contains(r.boundary, 113.1, 34.1)).toBe(true);
    expect(contains(r.boundary, 113.5, 34.5)).toBe(false);
    expect(contains(r.boundary, 112.9, 34.5)).toBe(false);
    expect(bbox(r.boundary)).toEqual([113, 34, 114, 35]);
  });

  it('property: points strictly inside a rectangle are contained, points beyond its box are not', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -170, max: 170, noNaN: true }),
        fc.double({ min: -80, max: 80, noNaN: true }),
        fc.double({ min: 0.01, max: 5, noNaN: true }),
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        (x, y, s, u, v) => {
          const r = parseBoundary({ type: 'Polygon', coordinates: [square(x, y, s)] });
          if (!r.ok) throw new Error('boundary');
          expect(contains(r.boundary, x + u * s, y + v * s)).toBe(true);
          expect(contains(r.boundary, x - u, y + v * s)).toBe(false);
          expect(contains(r.boundary, x + u * s, y + s + v)).toBe(false);
        },
      ),
    );
  });
});
