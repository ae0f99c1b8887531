import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../../tests/helpers/app';
import { DEMO_INDICATORS, DEMO_PEERS, demoIndicatorValues, publishedBy, seedDemoIndicators } from './indicators';
import { periodEnd, parsePeriodKey, periodKey } from '../../shared/domain/indicators';
import { rankCounties } from '../../shared/domain/indicators-peers';

const today = '2026-11-29';
const values = demoIndicatorValues(today);
const at = (name: string, period: string) => [null, ...DEMO_PEERS].map((c) => values.find((v) => v.indicator === name && v.county === c && v.period === period)).map((v, i) => ({ countyId: String(i), name: v?.county ?? '云溪县', value: v?.value ?? null, growth: v?.growth ?? null }));

describe('demo indicators (generated)', () => {
  it('are the same every time for the same day: twelve indicators, the own county and six peers, three years', () => {
    expect(demoIndicatorValues(today)).toEqual(values);
    expect(DEMO_INDICATORS).toHaveLength(12);
    expect(new Set(values.map((v) => v.county))).toEqual(new Set([null, ...DEMO_PEERS]));
    expect(new Set(values.map((v) => v.period.slice(0, 4)))).toEqual(new Set(['2024', '2025', '2026']));
  });

  it('stop at what a bureau has published by then, and publish 1-2月 of investment together', () => {
    expect(publishedBy(today, 'month', 2026)).toBe(10);
    expect(publishedBy(today, 'quarter', 2026)).toBe(3);
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
    expect(await seedDemoIndicators(t.deps, { today })).toBe(values.length);
    expect(await seedDemoIndicators(t.deps, { today })).toBe(0);
    const office = await t.login('sunli');
    const board = (await office.get('/api/v1/indicators/board')).json();
    expect(board.year).toBe(2026);
    expect(board.items).toHaveLength(12);
    const tile = (name: string) => board.items.find((i: { indicator: { name: string } }) => i.indicator.name === name);
    expect(tile('地区生产总值')).toMatchObject({ period: '2026-Q3', rank: 1, rankedCount: 7, light: 'green', method: 'seasonal' });
    expect(tile('固定资产投资')).toMatchObject({ light: 'yellow', previousRank: 3, rank: 4 });
    expect(tile('实际利用外资').light).toBe('red');
    expect(board.agenda.map((a: { name: string }) => a.name).sort()).toEqual(['固定资产投资', '实际利用外资', '进出口总额'].sort());
    const fgj = await t.login('fgj.clerk');
    const alerts = (await fgj.get('/api/v1/notifications?pageSize=50')).json().items.filter((n: { kind: string }) => n.kind === 'indicator_alert');
    expect(alerts.map((n: { title: string }) => n.title)).toContain('【经济运行预警】固定资产投资全市排名由第3位降至第4位');
  });
});
