import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../../../tests/helpers/app';
import { quarterOf, quarterRange } from '../../../shared/domain/visits';
import { creditCodeCheckChar } from '../../../shared/domain/credit-code';

/**
 * Visits (走访) through HTTP on the demo county: recording a visit with the demands raised on it (one step), the
 * checks, who sees which visit, coverage per leader and unit, and enterprises no one visited for N months.
 */
const t = await createTestApp();
const office = await t.login('sunli');
const jfj = await t.login('jfj.clerk');
const czj = await t.login('czj.clerk');
const gongying = await t.login('gongying'); // 分管 the 经发局
const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
const unit = (s: string) => units.find((u) => u.shortName === s)!.id;
const today = t.deps.supervision.today();
let serial = 300000;
const jfjEnterprises: { id: string; name: string; liaisonUnitId: string }[] = [];
for (let i = 0; i < 4; i++) {
  const first = `91350100MB${String(serial++).padStart(7, '0')}`;
  const res = await office.post('/api/v1/enterprises', {
    name: `走访测试企业${i}`,
    creditCode: first + creditCodeCheckChar(first),
    industryDivision: '34',
    liaisonUnitId: unit('经发局'),
    contacts: [{ name: '李经理', mobile: '13800000002' }],
    // 包联 since the quarter began: it answers for the quarter whatever day the test runs (docs/ENTERPRISES.md).
    liaisonSince: quarterRange(quarterOf(today)).from,
  });
  jfjEnterprises.push(res.json());
}

describe('visits', () => {
  let visitId = '';

  it('a unit records a visit and the demand raised on it in one step; the demand is on the core, source visit', async () => {
    const [a, b] = jfjEnterprises;
    const res = await jfj.post('/api/v1/visits', {
      on: today,
      kind: 'walk',
      title: '经发局走访规上企业',
      enterpriseIds: [a!.id, b!.id],
      discussed: '了解一季度生产经营情况，企业反映用电扩容需求',
      demands: [{ enterpriseId: a!.id, category: 'energy', text: '新厂房用电扩容至 2000 千伏安' }],
    });
    expect(res.statusCode, res.body).toBe(201);
    const v = res.json();
    visitId = v.id;
    expect(v.units.map((u: { id: string }) => u.id)).toEqual([unit('经发局')]); // the recording unit is present
    expect(v.enterprises).toHaveLength(2);
    expect(v.demands).toHaveLength(1);
    const d = (await office.get(`/api/v1/demands/${v.demands[0].id}`)).json();
    expect(d.source).toBe('visit');
    expect(d.enterpriseId).toBe(a!.id);
    expect(d.handlingUnitId).toBe(a!.liaisonUnitId);
    expect(d.state).toBe('assigned');
  });

  it('refuses a demand of an enterprise not met, a visit in the future, no one present — naming the fields', async () => {
    const [a, b] = jfjEnterprises;
    const res = await office.post('/api/v1/visits', {
      on: '2999-01-01',
      kind: 'breakfast',
      enterpriseIds: [a!.id],
      discussed: '早餐会',
      demands: [{ enterpriseId: b!.id, category: 'policy', text: '政策咨询' }],
    });
    expect(res.statusCode).toBe(400);
    const codes = res.json().errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`);
    expect(codes).toContain('body.on:visit_in_future');
    expect(codes).toContain('body.demands.0.enterpriseId:not_met_on_visit');
    expect(codes).toContain('body.unitIds:visit_needs_someone');
    expect(res.json().errors.find((e: { code: string }) => e.code === 'not_met_on_visit').message).toContain(
      '本次走访',
    );
    const unknown = await office.post('/api/v1/visits', {
      on: today,
      kind: 'forum',
      unitIds: [unit('经发局')],
      enterpriseIds: ['00000000-0000-4000-8000-000000000001'],
      discussed: '座谈',
    });
    expect(unknown.json().errors[0]).toMatchObject({ field: 'body.enterpriseIds.0', code: 'unknown_reference' });
    const bad = await office.post('/api/v1/visits', { on: today, kind: 'party', enterpriseIds: [], discussed: '' });
    expect(bad.statusCode).toBe(400);
  });

  it('is seen by the office, by the units present and their 分管 leader; not by another unit', async () => {
    expect((await office.get(`/api/v1/visits/${visitId}`)).statusCode).toBe(200);
    expect((await gongying.get(`/api/v1/visits/${visitId}`)).statusCode).toBe(200);
    expect((await czj.get(`/api/v1/visits/${visitId}`)).statusCode).toBe(404);
    const theirs = (await czj.get('/api/v1/visits?pageSize=500')).json().items as { id: string }[];
    expect(theirs.some((v) => v.id === visitId)).toBe(false);
    const mine = (await jfj.get(`/api/v1/visits?enterpriseId=${jfjEnterprises[0]!.id}`)).json().items;
    expect(mine.map((v: { id: string }) => v.id)).toContain(visitId);
  });

  it('a leader recording a visit is among the leaders present', async () => {
    const me = (await gongying.get('/api/v1/auth/me')).json();
    const res = await gongying.post('/api/v1/visits', {
      on: today,
      kind: 'onsite',
      enterpriseIds: [jfjEnterprises[2]!.id],
      discussed: '现场办公，协调项目用地',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().leaders.map((l: { id: string }) => l.id)).toEqual([me.id ?? me.personId]);
  });

  it('coverage: the share of each leader’s and unit’s 包联 enterprises it met itself this quarter', async () => {
    const all = (await office.get('/api/v1/visits/coverage')).json();
    expect(all.quarter).toBe(quarterOf(today));
    expect(all.definition).toContain('本人参加');
    const row = all.units.find((u: { id: string }) => u.id === unit('经发局'));
    expect(row.visited).toBeGreaterThanOrEqual(2);
    expect(row.share).toBe(row.visited / row.total);
    expect(all.county.total).toBeGreaterThan(0);
    // A unit sees its own row only.
    const theirs = (await czj.get('/api/v1/visits/coverage')).json();
    expect(theirs.units.every((u: { id: string }) => u.id === unit('财政局'))).toBe(true);
    expect(theirs.leaders).toEqual([]);
    expect((await office.get('/api/v1/visits/coverage?quarter=2026-Q5')).statusCode).toBe(400);
  });

  it('lists the caller’s enterprises no one has visited for N months, leaving out those just visited', async () => {
    const res = await jfj.get('/api/v1/visits/unvisited?months=1&pageSize=500');
    expect(res.statusCode, res.body).toBe(200);
    const ids = res.json().items.map((e: { id: string }) => e.id);
    expect(ids).not.toContain(jfjEnterprises[0]!.id);
    expect(res.json().items.every((e: { liaisonUnitName: string }) => e.liaisonUnitName === '经发局')).toBe(true);
  });
});
