import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  calendarFraction,
  FREQUENCIES,
  forecastYearEnd,
  growthRate,
  indicatorLight,
  neededGrowth,
  parsePeriodKey,
  periodEnd,
  periodKey,
  periodLabel,
  PERIODS_PER_YEAR,
  periodsOfYear,
  resolveTarget,
  toCumulative,
  toPeriodValues,
  trajectory,
  yearEndWith,
  type Frequency,
  type YearState,
} from './indicators';
import { nextAhead, overtakeGoal, rankCounties, type PeerValue } from './indicators-peers';
import { checkValue, convertUnit, missingBefore, parseNumber, parsePeriodText } from './indicators-check';
import { indicatorStatus, latestIndex } from './indicators-status';
import { DEFAULT_THRESHOLDS } from './light';

const T = DEFAULT_THRESHOLDS;
const freq = fc.constantFrom<Frequency>(...FREQUENCIES);
const year = fc.integer({ min: 2000, max: 2099 });
/** A positive amount, as statistics have them (no zero or denormal noise). */
const amount = fc.double({ min: 1, max: 1e7, noNaN: true, noDefaultInfinity: true });

describe('periods', () => {
  it('writes and reads period keys for every frequency', () => {
    expect(periodsOfYear('quarter', 2026)).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
    expect(periodsOfYear('month', 2026)[4]).toBe('2026-05');
    expect(periodsOfYear('ten_days', 2026).slice(3, 6)).toEqual(['2026-02-T1', '2026-02-T2', '2026-02-T3']);
    expect(periodsOfYear('year', 2026)).toEqual(['2026']);
    fc.assert(
      fc.property(freq, year, fc.nat(), (f, y, k) => {
        const i = (k % PERIODS_PER_YEAR[f]) + 1;
        expect(parsePeriodKey(periodKey(f, y, i))).toEqual({ year: y, frequency: f, index: i });
      }),
    );
    expect(parsePeriodKey('2026-13')).toBeNull();
    expect(parsePeriodKey('2026-Q5')).toBeNull();
  });

  it('ends a period on its last day, leap years included', () => {
    expect(periodEnd({ year: 2024, frequency: 'month', index: 2 })).toBe('2024-02-29');
    expect(periodEnd({ year: 2026, frequency: 'ten_days', index: 6 })).toBe('2026-02-28');
    expect(periodEnd({ year: 2026, frequency: 'ten_days', index: 5 })).toBe('2026-02-20');
    expect(periodEnd({ year: 2026, frequency: 'quarter', index: 3 })).toBe('2026-09-30');
  });

  it('gives each period its calendar share of the year, rising to 1 at the year end', () => {
    expect(calendarFraction({ year: 2026, frequency: 'month', index: 1 })).toBeCloseTo(31 / 365);
    expect(calendarFraction({ year: 2024, frequency: 'quarter', index: 2 })).toBeCloseTo(182 / 366);
    fc.assert(
      fc.property(freq, year, (f, y) => {
        const fr = periodsOfYear(f, y).map((_, i) => calendarFraction({ year: y, frequency: f, index: i + 1 }));
        for (let i = 1; i < fr.length; i++) expect(fr[i]!).toBeGreaterThan(fr[i - 1]!);
        expect(fr.at(-1)).toBe(1);
      }),
    );
  });

  it('names periods the way a bulletin does', () => {
    expect(periodLabel('2026-05')).toBe('2026年1-5月');
    expect(periodLabel('2026-01')).toBe('2026年1月');
    expect(periodLabel('2026-05', 'zh-CN', 'level')).toBe('2026年5月末');
    expect(periodLabel('2026-Q2')).toBe('2026年上半年');
    expect(periodLabel('2026-Q3')).toBe('2026年前三季度');
    expect(periodLabel('2026-03-T2')).toBe('2026年1月至3月中旬');
    expect(periodLabel('2026-03-T2', 'zh-CN', 'level')).toBe('2026年3月中旬');
    expect(periodLabel('2026-01-T1')).toBe('2026年1月上旬');
    expect(periodLabel('2026-01-T2')).toBe('2026年1月上中旬');
    expect(periodLabel('2026-01-T3')).toBe('2026年1月');
    expect(periodLabel('2026-05', 'en-US')).toBe('2026 Jan–May');
  });

  it('reads back every label it writes (an exported sheet imports again), cumulative or level', () => {
    const keys = [
      ...Array.from(
        { length: 36 },
        (_, i) => ['ten_days', `2026-${String(Math.ceil((i + 1) / 3)).padStart(2, '0')}-T${(i % 3) + 1}`] as const,
      ),
      ...Array.from({ length: 12 }, (_, i) => ['month', `2026-${String(i + 1).padStart(2, '0')}`] as const),
      ...[1, 2, 3, 4].map((q) => ['quarter', `2026-Q${q}`] as const),
    ];
    for (const [frequency, key] of keys)
      for (const acc of ['cumulative', 'level'] as const)
        expect(
          parsePeriodText(periodLabel(key, 'zh-CN', acc), frequency),
          `${key} ${acc} ${periodLabel(key, 'zh-CN', acc)}`,
        ).toEqual({ key });
  });
});

describe('cumulative and per-period values, growth', () => {
  it('converts cumulative values to per-period ones and back', () => {
    expect(toPeriodValues([10, 25, 45])).toEqual([10, 15, 20]);
    expect(toCumulative([10, 15, 20])).toEqual([10, 25, 45]);
    // 1-2月 published together: January and February are not known apart.
    expect(toPeriodValues([null, 25, 45])).toEqual([null, null, 20]);
    expect(toCumulative([10, null, 20])).toEqual([10, null, null]);
  });

  it('round-trips any series of known values (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1e6 }), { maxLength: 36 }), (xs) => {
        expect(toPeriodValues(toCumulative(xs))).toEqual(xs);
        expect(toCumulative(toPeriodValues(xs))).toEqual(xs);
      }),
    );
  });

  it('computes 同比 growth in percent, and none without a positive base', () => {
    expect(growthRate(106.5, 100)).toBeCloseTo(6.5);
    expect(growthRate(90, 100)).toBeCloseTo(-10);
    expect(growthRate(5, 0)).toBeNull();
    expect(growthRate(5, null)).toBeNull();
    expect(growthRate(null, 5)).toBeNull();
  });

  it('turns a growth target into a value and a value target into a growth; the value rules when both are set', () => {
    expect(resolveTarget({ growth: 6.5 }, 200)).toEqual({ value: expect.closeTo(213, 9), growth: 6.5 });
    expect(resolveTarget({ value: 220 }, 200)).toEqual({ value: 220, growth: expect.closeTo(10, 9) });
    expect(resolveTarget({ value: 220, growth: 6.5 }, 200).value).toBe(220);
    expect(resolveTarget({ growth: 6.5 }, null)).toEqual({ value: null, growth: 6.5 });
  });
});

describe('trajectory (序时进度)', () => {
  it('follows the calendar without history', () => {
    const tr = trajectory({ frequency: 'quarter', year: 2026, accumulation: 'cumulative', target: 365, lastYear: [] });
    expect(tr.method).toBe('calendar');
    expect(tr.expected.map(Math.round)).toEqual([90, 181, 273, 365]);
  });

  it('follows last year’s seasonal profile when last year’s total is known, filling unpublished periods on the calendar', () => {
    // Last year: a slow first half, 1-2月 published together (January unknown).
    const ly = [null, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 200];
    const tr = trajectory({ frequency: 'month', year: 2026, accumulation: 'cumulative', target: 300, lastYear: ly });
    expect(tr.method).toBe('seasonal');
    expect(tr.expected[1]).toBeCloseTo(15);
    expect(tr.expected[5]).toBeCloseTo(75);
    expect(tr.expected[11]).toBeCloseTo(300);
    // January lies on the calendar line from 0 to February's share.
    expect(tr.expected[0]).toBeCloseTo((15 * 31) / 59);
  });

  it('moves a level from last year’s year-end level at the target’s growth, or on a straight line from the base', () => {
    const seasonal = trajectory({
      frequency: 'quarter',
      year: 2026,
      accumulation: 'level',
      target: 110,
      lastYear: [90, 95, 98, 100],
    });
    expect(seasonal.method).toBe('seasonal');
    expect(seasonal.expected).toEqual([99, 104.5, 107.8, 110].map((x) => expect.closeTo(x, 9)));
    const line = trajectory({
      frequency: 'quarter',
      year: 2026,
      accumulation: 'level',
      target: 110,
      lastYear: [],
      base: 100,
    });
    expect(line.method).toBe('calendar');
    expect(line.expected[3]).toBe(110);
    expect(line.expected[1]).toBeCloseTo(100 + (10 * 181) / 365);
  });

  it('ends at the target, whatever the method (property)', () => {
    fc.assert(
      fc.property(
        freq,
        year,
        amount,
        fc.option(fc.array(fc.option(amount, { nil: null }), { minLength: 36, maxLength: 36 }), { nil: undefined }),
        fc.constantFrom('cumulative' as const, 'level' as const),
        (f, y, target, ly, acc) => {
          const n = PERIODS_PER_YEAR[f];
          const lastYear = ly ? ly.slice(0, n) : [];
          const tr = trajectory({
            frequency: f,
            year: y,
            accumulation: acc,
            target,
            lastYear,
            base: acc === 'level' ? target / 2 : null,
          });
          expect(tr.expected).toHaveLength(n);
          expect(tr.expected[n - 1]).toBeCloseTo(target, 6);
        },
      ),
    );
  });
});

describe('gap and light', () => {
  it('judges progress against the trajectory in points of the annual target, with the task thresholds', () => {
    // June: the trajectory says 50 % of the target, the county has 45 %: 5 points behind, green.
    expect(indicatorLight(45, 50, 100, T)).toMatchObject({
      light: 'green',
      progress: 45,
      expectedProgress: 50,
      gapPoints: 5,
      gap: -5,
    });
    expect(indicatorLight(40, 50, 100, T)).toMatchObject({ light: 'yellow', reasons: ['behind'], gapPoints: 10 });
    expect(indicatorLight(19, 50, 100, T)).toMatchObject({ light: 'red', reasons: ['far_behind'], gapPoints: 31 });
    expect(indicatorLight(60, 50, 100, T)).toMatchObject({ light: 'green', gapPoints: -10 });
    expect(indicatorLight(null, 50, 100, T).light).toBe('none');
    expect(indicatorLight(45, 50, null, T).light).toBe('none');
  });

  it('a value exactly on the trajectory is green, whatever the thresholds (property)', () => {
    fc.assert(
      fc.property(
        freq,
        year,
        amount,
        fc.nat(),
        fc.array(fc.option(amount, { nil: null }), { minLength: 36, maxLength: 36 }),
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 0, max: 50 }),
        (f, y, target, k, ly, a, b) => {
          const n = PERIODS_PER_YEAR[f];
          const tr = trajectory({
            frequency: f,
            year: y,
            accumulation: 'cumulative',
            target,
            lastYear: ly.slice(0, n),
          });
          const i = k % n;
          const t = { dueSoonWorkingDays: 3, yellowGap: Math.min(a, b), redGap: Math.max(a, b) + 1 };
          expect(indicatorLight(tr.expected[i]!, tr.expected[i]!, target, t).light).toBe('green');
        },
      ),
    );
  });

  it('never gets better as the value falls (property)', () => {
    const sev = { none: 0, done: 0, green: 1, yellow: 2, red: 3 };
    fc.assert(
      fc.property(amount, amount, amount, (a, b, target) => {
        const [lo, hi] = a < b ? [a, b] : [b, a];
        expect(sev[indicatorLight(lo, target / 2, target, T).light]).toBeGreaterThanOrEqual(
          sev[indicatorLight(hi, target / 2, target, T).light],
        );
      }),
    );
  });
});

describe('forecast and what it takes', () => {
  const ly = [null, 30, 50, 70, 90, 110, 130, 150, 170, 190, 210, 240];
  const may: YearState = {
    frequency: 'month',
    year: 2026,
    accumulation: 'cumulative',
    index: 5,
    actual: 99,
    lastYear: ly,
  };

  it('carries the cumulative growth so far to the year end, and says so', () => {
    expect(forecastYearEnd(may)).toEqual({
      value: expect.closeTo(264, 9),
      growth: expect.closeTo(10, 9),
      method: 'seasonal_growth',
    });
    expect(forecastYearEnd({ ...may, lastYear: [] })).toMatchObject({
      method: 'calendar_run_rate',
      value: expect.closeTo(99 / (151 / 365), 6),
      growth: null,
    });
    expect(forecastYearEnd({ ...may, index: 12, actual: 250 })).toEqual({
      value: 250,
      growth: expect.closeTo((250 / 240 - 1) * 100, 9),
      method: 'final',
    });
    expect(forecastYearEnd({ ...may, accumulation: 'level', lastYear: [], base: 80, actual: 90 })).toMatchObject({
      method: 'level_trend',
    });
    expect(forecastYearEnd({ ...may, accumulation: 'level', lastYear: [], actual: 90 })).toEqual({
      value: 90,
      growth: null,
      method: 'carry_forward',
    });
  });

  it('gives the growth the remaining months need over last year’s same months', () => {
    // Target 258 (7.5 %): 159 still needed where last year's June–December brought 150 → 6 % more than last year.
    expect(neededGrowth(may, 258)).toEqual({
      reached: false,
      remaining: 159,
      growth: expect.closeTo(6, 9),
      basis: 'last_year',
    });
    expect(neededGrowth({ ...may, index: 12, actual: 260 }, 258)).toMatchObject({ reached: true, growth: null });
    expect(neededGrowth({ ...may, lastYear: [] }, 258).basis).toBe('run_rate');
    expect(neededGrowth({ ...may, accumulation: 'level', actual: 100 }, 108)).toMatchObject({
      basis: 'level',
      growth: expect.closeTo(8, 9),
    });
  });

  it('the needed growth reproduces the goal when applied (property)', () => {
    fc.assert(
      fc.property(
        freq,
        year,
        fc.nat(),
        amount,
        amount,
        fc.array(amount, { minLength: 36, maxLength: 36 }),
        fc.boolean(),
        fc.constantFrom('cumulative' as const, 'level' as const),
        (f, y, k, actual, goal, lyRaw, history, acc) => {
          const n = PERIODS_PER_YEAR[f];
          if (n === 1) return;
          const index = (k % (n - 1)) + 1; // a period before the year end
          // A cumulative history rises; a level one may do anything.
          const lastYear = history ? (acc === 'cumulative' ? toCumulative(lyRaw.slice(0, n)) : lyRaw.slice(0, n)) : [];
          const s: YearState = { frequency: f, year: y, accumulation: acc, index, actual, lastYear };
          const need = neededGrowth(s, goal);
          expect(need.growth).not.toBeNull();
          expect(yearEndWith(s, need.growth!, need.basis)).toBeCloseTo(goal, 3);
        },
      ),
    );
  });
});

describe('ranks among peer counties', () => {
  const peers: PeerValue[] = [
    { countyId: 'a', name: '云溪县', value: 100, growth: 7.1 },
    { countyId: 'b', name: '青山县', value: 180, growth: 5.2 },
    { countyId: 'c', name: '临河县', value: 150, growth: 7.1 },
    { countyId: 'd', name: '石桥县', value: null, growth: null },
  ];

  it('ranks by growth (ties to the larger value) or by value; counties without data are not ranked', () => {
    expect([...rankCounties(peers, 'growth')]).toEqual([
      ['c', 1],
      ['a', 2],
      ['b', 3],
    ]);
    expect([...rankCounties(peers, 'value')]).toEqual([
      ['b', 1],
      ['c', 2],
      ['a', 3],
    ]);
  });

  it('ranks are a permutation of 1…k, the same whatever the input order (property)', () => {
    const county = fc.record({
      value: fc.option(fc.integer({ min: 0, max: 50 }), { nil: null }),
      growth: fc.option(fc.integer({ min: -5, max: 5 }), { nil: null }),
      name: fc.constantFrom('甲', '乙', '丙'),
    });
    fc.assert(
      fc.property(
        fc.array(county, { maxLength: 30 }),
        fc.constantFrom('growth' as const, 'value' as const),
        fc.integer(),
        (cs, by, seed) => {
          const entries = cs.map((c, i) => ({ ...c, countyId: `c${i}` }));
          const ranks = rankCounties(entries, by);
          const withMeasure = entries.filter((e) => (by === 'growth' ? e.growth : e.value) !== null).length;
          expect([...ranks.values()].sort((x, y) => x - y)).toEqual(
            Array.from({ length: withMeasure }, (_, i) => i + 1),
          );
          const shuffled = [...entries].sort(
            (x, y) => ((x.countyId.charCodeAt(1) * seed) % 7) - ((y.countyId.charCodeAt(1) * seed) % 7),
          );
          expect(rankCounties(shuffled, by)).toEqual(ranks);
        },
      ),
    );
  });

  it('finds the county just ahead and the year end that draws level with it', () => {
    const ranks = rankCounties(peers, 'growth');
    expect(nextAhead(peers, ranks, 'a')?.name).toBe('临河县');
    expect(nextAhead(peers, ranks, 'c')).toBeNull();
    const s: YearState = {
      frequency: 'month',
      year: 2026,
      accumulation: 'cumulative',
      index: 6,
      actual: 100,
      lastYear: [null, 20, 35, 50, 70, 90, 110, 130, 150, 170, 185, 200],
    };
    expect(overtakeGoal(s, peers[2]!, 'growth')).toBeCloseTo(214.2);
    // By value: 150 now, carried with our seasonal shape (200 / 90).
    expect(overtakeGoal(s, peers[2]!, 'value')).toBeCloseTo(333.33, 1);
  });
});

describe('checks of incoming data', () => {
  it('converts 万元 and 亿元 and refuses units of different kinds', () => {
    expect(convertUnit(12345, '万元', '亿元')).toBeCloseTo(1.2345);
    expect(convertUnit(1.5, '亿元', '万元')).toBe(15000);
    expect(convertUnit(3, '（亿元）', '亿元')).toBe(3);
    expect(convertUnit(3, '%', '亿元')).toBeNull();
    expect(convertUnit(3, '万美元', '亿元')).toBeNull();
  });

  it('reads periods as bulletins write them, for the indicator’s frequency', () => {
    const cases: [string, Frequency, string][] = [
      ['2026-05', 'month', '2026-05'],
      ['2026年1-5月', 'month', '2026-05'],
      ['2026年1—5月', 'month', '2026-05'],
      ['2026年5月', 'month', '2026-05'],
      ['2026/5', 'month', '2026-05'],
      ['202605', 'month', '2026-05'],
      ['2026-05-31', 'month', '2026-05'],
      ['２０２６年５月', 'month', '2026-05'],
      ['2026年1-6月', 'quarter', '2026-Q2'],
      ['2026年上半年', 'quarter', '2026-Q2'],
      ['2026年前三季度', 'quarter', '2026-Q3'],
      ['2026年一季度', 'quarter', '2026-Q1'],
      ['2026Q4', 'quarter', '2026-Q4'],
      ['2026年上半年', 'month', '2026-06'],
      ['2026年3月中旬', 'ten_days', '2026-03-T2'],
      ['2026年1月至3月中旬', 'ten_days', '2026-03-T2'],
      ['2026年1月上中旬', 'ten_days', '2026-01-T2'],
      ['2026-03-20', 'ten_days', '2026-03-T2'],
      ['2026年', 'year', '2026'],
      ['2026年全年', 'year', '2026'],
      ['2026年1-12月', 'year', '2026'],
    ];
    for (const [text, f, key] of cases) expect(parsePeriodText(text, f), `${text} ${f}`).toEqual({ key });
    expect(parsePeriodText('2026年1-5月', 'quarter')).toEqual({ error: 'period_frequency' });
    expect(parsePeriodText('2026年3月中旬', 'month')).toEqual({ error: 'period_frequency' });
    expect(parsePeriodText('2026-05-15', 'month')).toEqual({ error: 'period_frequency' });
    expect(parsePeriodText('2026-13', 'month')).toEqual({ error: 'period_invalid' });
    expect(parsePeriodText('五月', 'month')).toEqual({ error: 'period_invalid' });
  });

  it('reads numbers with thousands separators and full-width digits, not with units inside', () => {
    expect(parseNumber('1,234.5')).toBe(1234.5);
    expect(parseNumber('１２.５')).toBe(12.5);
    expect(parseNumber('-3.2%')).toBe(-3.2);
    expect(parseNumber('12万')).toBeNull();
    expect(parseNumber('')).toBeNull();
  });

  it('flags a cumulative value below last period, a growth the values contradict, and a 万/亿 slip', () => {
    const base = {
      accumulation: 'cumulative' as const,
      value: 120,
      previous: 100,
      lastYearSame: 110,
      reportedGrowth: 9.1,
    };
    expect(checkValue(base)).toEqual([]);
    expect(checkValue({ ...base, value: 95 })).toEqual(['cumulative_decreased', 'growth_mismatch']);
    expect(checkValue({ ...base, reportedGrowth: 15 })).toEqual(['growth_mismatch']);
    expect(checkValue({ ...base, value: 1_200_000, reportedGrowth: null })).toEqual(['magnitude_suspect']);
    expect(checkValue({ ...base, accumulation: 'level', value: 95, reportedGrowth: null })).toEqual([]);
  });

  it('finds the months missing before a new one, never January (1-2月 come together)', () => {
    expect(missingBefore('month', new Set([2, 3, 5]), 6)).toEqual([4]);
    expect(missingBefore('month', new Set([]), 3)).toEqual([2]);
    expect(missingBefore('quarter', new Set([1]), 3)).toEqual([2]);
  });
});

describe('an indicator’s status at a period', () => {
  const ly = [null, 30, 50, 70, 90, 110, 130, 150, 170, 190, 210, 240];
  const current = [null, 32, 54, 76, 99, null, null, null, null, null, null, null];
  const input = {
    frequency: 'month' as const,
    accumulation: 'cumulative' as const,
    year: 2026,
    rankBy: 'growth' as const,
    target: { growth: 7.5 },
    current,
    lastYear: ly,
    selfCountyId: 'self',
    thresholds: T,
    peers: [
      { countyId: 'self', name: '云溪县', value: 99, growth: 10 },
      { countyId: 'p1', name: '青山县', value: 300, growth: 11 },
      { countyId: 'p2', name: '临河县', value: 200, growth: 4 },
    ],
    previousPeers: [
      { countyId: 'self', name: '云溪县', value: 76, growth: 8.6 },
      { countyId: 'p1', name: '青山县', value: 230, growth: 7 },
      { countyId: 'p2', name: '临河县', value: 150, growth: 4 },
    ],
  };

  it('brings value, growth, target, light, forecast, needed growth and rank together', () => {
    const s = indicatorStatus(input);
    expect(latestIndex(current)).toBe(5);
    expect(s).toMatchObject({
      period: '2026-05',
      value: 99,
      growth: expect.closeTo(10, 9),
      growthSource: 'computed',
      target: { value: 258, growth: 7.5 },
      light: 'green',
      rank: 2,
      rankSource: 'computed',
      rankedCount: 3,
      previousRank: 1,
    });
    expect(s.trajectory!.method).toBe('seasonal');
    expect(s.expected).toBeCloseTo(96.75);
    expect(s.forecast).toMatchObject({ method: 'seasonal_growth', value: expect.closeTo(264, 9) });
    expect(s.needed).toMatchObject({ basis: 'last_year', growth: expect.closeTo(6, 9) });
    expect(s.ahead?.name).toBe('青山县');
    expect(s.overtake).toMatchObject({ goal: expect.closeTo(266.4, 9), basis: 'last_year' });
  });

  it('prefers what the source published: its growth and the city’s rank', () => {
    const s = indicatorStatus({
      ...input,
      reportedGrowth: [null, null, null, null, 9.8],
      publishedRank: [null, null, null, 2, 1],
    });
    expect(s).toMatchObject({
      growth: 9.8,
      growthSource: 'reported',
      computedGrowth: expect.closeTo(10, 9),
      rank: 1,
      rankSource: 'published',
      computedRank: 2,
      previousRank: 2,
    });
  });

  it('has no light without a target and no rank without peers', () => {
    const s = indicatorStatus({ ...input, target: {}, lastYear: [], peers: [], previousPeers: [] });
    expect(s).toMatchObject({
      light: 'none',
      rank: null,
      rankSource: null,
      growth: null,
      needed: null,
      overtake: null,
    });
    expect(s.forecast?.method).toBe('calendar_run_rate');
  });
});
