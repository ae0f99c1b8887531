import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../../../tests/helpers/app';
import { creditCodeCheckChar } from '../../../shared/domain/credit-code';
import { quarterOf, quarterRange } from '../../../shared/domain/visits';
import { ratePoints, type RateRule } from '../../../shared/domain/scoring';

/**
 * The enterprise service in the league (企业服务 group): a unit's 包联 visit coverage and its demands' rates scored
 * by the rate rules, computed from the enterprise module's records on the demo county. The demo carries a year of
 * visits and demands, so the checks look at what this file adds and at the rule applied to what is shown.
 */
const t = await createTestApp();
const office = await t.login('sunli');
const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string; kind: string }[];
const today = t.deps.supervision.today();
const { from } = quarterRange(quarterOf(today));

type Line = {
  group: string;
  kind: string;
  points: number;
  events: { rate?: { numerator: number; denominator: number }; points: number }[];
};
type Row = { unitId: string; score: number; groups: { group: string; points: number }[]; breakdown: Line[] };
const league = async (unitId: string) => {
  const res = await office.get(`/api/v1/scoring/league?from=${from}&to=${today}&unitId=${unitId}`);
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json() as { rules: { rates: Record<string, RateRule> }; rows: Row[] };
  return { rules: body.rules, row: body.rows[0]! };
};
const coverageOf = (row: Row) =>
  row.breakdown.find((l) => l.kind === 'visitCoverage')?.events[0]?.rate ?? { numerator: 0, denominator: 0 };

describe('enterprise service in the scoring rules', () => {
  // A department of the demo county: the test's enterprises are 包联 by it.
  const dept = units.find((u) => u.shortName === '经发局')!;
  const ids: string[] = [];

  it('a unit’s 包联 enterprises count in its coverage; its own visit raises it, and the rule sets the points', async () => {
    const before = coverageOf((await league(dept.id)).row);
    for (let i = 0; i < 2; i++) {
      const first = `91350100MC${String(700000 + i).padStart(7, '0')}`;
      const res = await office.post('/api/v1/enterprises', {
        name: `考核走访测试企业${i}`,
        creditCode: first + creditCodeCheckChar(first),
        industryDivision: '34',
        liaisonUnitId: dept.id,
        contacts: [{ name: '王经理', mobile: '13800000003' }],
        liaisonSince: from, // 包联 since the quarter began: it answers for this quarter
      });
      expect(res.statusCode, res.body).toBe(201);
      ids.push(res.json().id);
    }
    const added = coverageOf((await league(dept.id)).row);
    expect(added).toEqual({ numerator: before.numerator, denominator: before.denominator + 2 });

    // The office records a visit with the unit present: one of the two is met.
    const v = await office.post('/api/v1/visits', {
      on: today,
      kind: 'walk',
      unitIds: [dept.id],
      enterpriseIds: [ids[0]],
      discussed: '了解企业生产经营情况',
      demands: [],
    });
    expect(v.statusCode, v.body).toBe(201);
    const { rules, row } = await league(dept.id);
    const after = coverageOf(row);
    expect(after).toEqual({ numerator: before.numerator + 1, denominator: before.denominator + 2 });
    const line = row.breakdown.find((l) => l.kind === 'visitCoverage')!;
    expect(line.group).toBe('enterprises');
    expect(line.points).toBe(ratePoints(after, rules.rates.visitCoverage));
    // Every rate line's points are its rule applied to the share shown.
    for (const l of row.breakdown.filter((x) => x.events[0]?.rate))
      expect(l.points).toBe(ratePoints(l.events[0]!.rate!, rules.rates[l.kind]!));
    expect(row.groups.map((g) => g.group)).toContain('enterprises');
  });

  it('a demand answered in time and rated 满意 counts in the handling unit’s three rates; the office sets the rate rules', async () => {
    const jfj = await t.login('jfj.clerk');
    const v = (d: { version: number }) => ({ 'if-match': `"${d.version}"` });
    const rateOf = (row: Row, kind: string) =>
      row.breakdown.find((l) => l.kind === kind)?.events[0]?.rate ?? { numerator: 0, denominator: 0 };
    const before = (await league(dept.id)).row;
    // A demand of an enterprise 包联 by the unit: contacted, answered and rated 满意 at once.
    const { id } = (
      await office.post('/api/v1/demands', {
        enterpriseId: ids[0],
        category: 'finance',
        text: '技改贷款贴息政策如何申报？',
        source: 'hotline',
      })
    ).json();
    let d = (await jfj.get(`/api/v1/demands/${id}`)).json();
    d = (await jfj.post(`/api/v1/demands/${id}/contact`, { note: '已电话联系王经理' }, v(d))).json();
    d = (
      await jfj.post(`/api/v1/demands/${id}/reply`, { text: '贴息按季度申报，材料清单已发。', final: true }, v(d))
    ).json();
    d = (await office.post(`/api/v1/demands/${id}/rating`, { rating: 'satisfied' }, v(d))).json();
    expect(d.state).toBe('closed');
    const { rules, row } = await league(dept.id);
    for (const kind of ['demandResponse', 'demandConfirmed', 'demandSatisfaction'] as const) {
      const b = rateOf(before, kind);
      const a = rateOf(row, kind);
      expect(a, kind).toEqual({ numerator: b.numerator + 1, denominator: b.denominator + 1 });
      const line = row.breakdown.find((l) => l.kind === kind)!;
      expect(line.group).toBe('enterprises');
      expect(line.points).toBe(ratePoints(a, rules.rates[kind]!));
    }
    // The demand's closure on time is the enterprise service's too.
    expect(row.breakdown.some((l) => l.kind === 'closedOnTime' && l.group === 'enterprises')).toBe(true);
    const cur = (await office.get('/api/v1/scoring/rules')).json();
    const next = {
      ...cur.rules,
      rates: { ...cur.rules.rates, visitCoverage: { weight: 0, target: 1, lowest: 0.5, minCount: 1 } },
    };
    const put = await office.put('/api/v1/scoring/rules', next, { 'if-match': `"${cur.version}"` });
    expect(put.statusCode, put.body).toBe(200);
    expect((await league(dept.id)).row.breakdown.find((l) => l.kind === 'visitCoverage')!.points).toBe(0);
    // A lowest not below the target is refused, naming the field in domain words.
    const bad = await office.put(
      '/api/v1/scoring/rules',
      { ...next, rates: { ...next.rates, demandResponse: { weight: 5, target: 0.5, lowest: 0.9, minCount: 3 } } },
      { 'if-match': `"${put.json().version}"` },
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('诉求按时响应率扣满分的值');
  });
});
