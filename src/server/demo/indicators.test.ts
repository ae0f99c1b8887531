import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../../tests/helpers/app';
import {
  DEMO_CITY,
  DEMO_INDICATORS,
  DEMO_PEERS,
  DEMO_PLACE_INDICATORS,
  DEMO_PLACES,
  demoIndicatorValues,
  demoSeriesValues,
  publishedBy,
  seedDemoIndicators,
} from './indicators';
import { periodEnd, parsePeriodKey, periodKey } from '../../shared/domain/indicators';
import { rankCounties } from '../../shared/domain/indicators-peers';

const today = '2026-11-29';
const values = demoIndicatorValues(today);
const at = (name: string, period: string) =>
  [null, ...DEMO_PEERS]
    .map((c) => values.find((v) => v.indicator === name && v.county === c && v.period === period))
    .map((v, i) => ({
      countyId: String(i),
      name: v?.county ?? '云溪县',
      value: v?.value ?? null,
      growth: v?.growth ?? null,
    }));

describe('demo indicators (generated)', () => {
  it('are the same every time for the same day: thirteen indicators (one by 旬), the own county and six peers, three years', () => {
    expect(demoIndicatorValues(today)).toEqual(values);
    expect(DEMO_INDICATORS).toHaveLength(13);
    expect(DEMO_INDICATORS.filter((d) => d.frequency === 'ten_days').map((d) => d.name)).toEqual(['规上工业用电量']);
    expect(new Set(values.map((v) => v.county))).toEqual(new Set([null, ...DEMO_PEERS]));
    expect(new Set(values.map((v) => v.period.slice(0, 4)))).toEqual(new Set(['2024', '2025', '2026']));
  });

  it('stop at what a bureau has published by then, and publish 1-2月 of investment together', () => {
    expect(publishedBy(today, 'month', 2026)).toBe(10);
    expect(publishedBy(today, 'quarter', 2026)).toBe(3);
    // 旬: 11月上旬 ended on the 10th and is out by the 25th; 中旬 is not yet.
    expect(publishedBy(today, 'ten_days', 2026)).toBe(31);
    expect(
      values
        .filter((v) => v.indicator === '规上工业用电量' && v.county === null && v.period.startsWith('2026'))
        .map((v) => v.period)
        .at(-1),
    ).toBe('2026-11-T1');
    for (const v of values) expect(periodEnd(parsePeriodKey(v.period)!) <= today).toBe(true);
    expect(values.some((v) => v.indicator === '固定资产投资' && v.period.endsWith('-01'))).toBe(false);
    expect(values.some((v) => v.indicator === '一般公共预算收入' && v.period === '2026-01')).toBe(true);
  });

  it('tell the speeches’ story: GDP grows fastest of the peers all year though the economy is among the smallest', () => {
    for (const q of [1, 2, 3]) {
      const peers = at('地区生产总值', periodKey('quarter', 2026, q));
      expect(rankCounties(peers, 'growth').get('0'), `Q${q}`).toBe(1);
      expect(rankCounties(peers, 'value').get('0')).toBeGreaterThanOrEqual(5);
    }
  });

  it('have investment losing pace: it falls in rank in the latest month', () => {
    const oct = rankCounties(at('固定资产投资', '2026-10'), 'growth').get('0')!;
    const sep = rankCounties(at('固定资产投资', '2026-09'), 'growth').get('0')!;
    expect(oct).toBeGreaterThan(sep);
  });
});

describe('demo indicators (loaded)', () => {
  it('load through the service: the board shows green, yellow and red, GDP first, and alerts reached the units', async () => {
    const t = await createTestApp({}, { today: () => today });
    expect(await seedDemoIndicators(t.deps, { today })).toBe(values.length + demoSeriesValues(today).length);
    expect(await seedDemoIndicators(t.deps, { today })).toBe(0);
    const office = await t.login('sunli');
    const board = (await office.get('/api/v1/indicators/board')).json();
    expect(board.year).toBe(2026);
    expect(board.items).toHaveLength(13);
    const tile = (name: string) => board.items.find((i: { indicator: { name: string } }) => i.indicator.name === name);
    expect(tile('地区生产总值')).toMatchObject({
      period: '2026-Q3',
      rank: 1,
      rankedCount: 7,
      light: 'green',
      method: 'seasonal',
    });
    expect(tile('固定资产投资')).toMatchObject({ light: 'yellow', previousRank: 3, rank: 4 });
    expect(tile('实际利用外资').light).toBe('red');
    expect(board.agenda.map((a: { name: string }) => a.name).sort()).toEqual(
      ['固定资产投资', '实际利用外资', '进出口总额'].sort(),
    );
    // 以旬保月: the 旬 indicator is judged at 11月上旬 on last year's 旬 profile, and its page has all 36 periods.
    const tenDays = tile('规上工业用电量');
    expect(tenDays).toMatchObject({
      period: '2026-11-T1',
      periodLabel: '2026年1月至11月上旬',
      method: 'seasonal',
      light: 'green',
      rankedCount: 7,
    });
    // Its pace eases through the autumn: just behind the trajectory, not yet by the yellow threshold.
    expect(tenDays.gapPoints).toBeGreaterThan(0);
    expect(tenDays.gapPoints).toBeLessThan(10);
    const tr = (await office.get(`/api/v1/indicators/${tenDays.indicator.id}/trajectory`)).json();
    expect(tr.points).toHaveLength(36);
    expect(tr.points.filter((p: { actual: number | null }) => p.actual !== null)).toHaveLength(31);
    expect(tr.points[30]).toMatchObject({ period: '2026-11-T1', label: '2026年1月至11月上旬', light: 'green' });
    // The target path rises 旬 by 旬 to the target at the year end, shaped like last year's 旬s.
    const expected = tr.points.map((p: { expected: number }) => p.expected);
    for (let i = 1; i < 36; i++) expect(expected[i]).toBeGreaterThan(expected[i - 1]);
    expect(expected[35]).toBeCloseTo(tenDays.target.value, 6);
    expect(tr.points[30].expected / tr.points[30].lastYear).toBeCloseTo(
      tenDays.target.value / tr.points[35].lastYear,
      6,
    );
    expect(tr.peers).toHaveLength(7);
    // 占全市比重: GDP is 6.5 % of the city's, give or take the wobble; per-capita income has no share.
    expect(tile('地区生产总值').cityShare).toBeGreaterThan(6.2);
    expect(tile('地区生产总值').cityShare).toBeLessThan(6.8);
    expect(tile('城镇居民人均可支配收入').cityShare).toBeNull();
    // The city and the places are not ranked among the counties.
    expect(tile('固定资产投资').rankedCount).toBe(7);

    // By place: every township and the park, ranked 1…13, shares of the county.
    const counties = (await office.get('/api/v1/indicators/counties')).json().items;
    expect(counties.filter((c: { kind: string }) => c.kind === 'city').map((c: { name: string }) => c.name)).toEqual([
      DEMO_CITY,
    ]);
    const places = counties.filter((c: { kind: string }) => c.kind === 'place');
    expect(places).toHaveLength(DEMO_PLACES.length);
    for (const name of DEMO_PLACE_INDICATORS) {
      const byPlace = (await office.get(`/api/v1/indicators/${tile(name).indicator.id}/places`)).json();
      expect(byPlace.period).toBe(tile(name).period);
      expect(byPlace.rows.map((r: { rank: number }) => r.rank).sort((a: number, b: number) => a - b)).toEqual(
        DEMO_PLACES.map((_, i) => i + 1),
      );
      const shares = byPlace.rows.reduce((a: number, r: { share: number }) => a + r.share, 0);
      expect(shares).toBeGreaterThan(90);
      expect(shares).toBeLessThan(105);
      // Some place moved in rank since the period before.
      expect(byPlace.rows.some((r: { rank: number; previousRank: number }) => r.rank !== r.previousRank)).toBe(true);
    }
    // The board cut by place: the park's series, no light (the targets are the county's), ranked among the places.
    const park = places.find((p: { name: string }) => p.name === '开发区');
    const parkBoard = (await office.get(`/api/v1/indicators/board?placeId=${park.id}`)).json();
    const parkInvest = parkBoard.items.find(
      (i: { indicator: { name: string } }) => i.indicator.name === '固定资产投资',
    );
    expect(parkInvest).toMatchObject({ placeId: park.id, light: 'none', rankedCount: DEMO_PLACES.length });
    expect(parkInvest.value).toBeGreaterThan(0);
    expect(parkBoard.agenda).toEqual([]);
    expect((await office.get(`/api/v1/indicators/board?placeId=${counties[0].id}`)).statusCode).toBe(400);

    const fgj = await t.login('fgj.clerk');
    const alerts = (await fgj.get('/api/v1/notifications?pageSize=50'))
      .json()
      .items.filter((n: { kind: string }) => n.kind === 'indicator_alert');
    expect(alerts.map((n: { title: string }) => n.title)).toContain(
      '【经济运行预警】固定资产投资全市排名由第3位降至第4位',
    );
  });
});
