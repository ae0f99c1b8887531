import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../../../tests/helpers/app';

/**
 * 减负 over HTTP on the real database: what the ledger, the findings and the office's urging ask of 城关镇 in a
 * period — reports due by cadence, fields, items, reminders, the time to 签收, the same content asked twice — ranked
 * among the county's units for the office; a township's head sees his own township only, a leader the units he
 * 分管, a clerk nothing.
 */
let today = '2026-03-02';
const t = await createTestApp({}, { today: () => today });
const office = await t.login('sunli');
const head = await t.login('cgz.admin');
const fgjHead = await t.login('fgj.admin');
const leader = await t.login('gongying');
const clerk = await t.login('cgz.clerk');
const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
const unit = (s: string) => units.find((u) => u.shortName === s)!.id;
const ifm = (v: number) => ({ 'if-match': `"${v}"` });
/** The events just written happened on the simulated day (the service clock moves; the database's does not). */
const backdate = (day: string) =>
  t.deps.database.pool.query(
    "UPDATE supervision_events SET at = ($1 || ' 10:00:00+08')::timestamptz WHERE at > now() - interval '10 minutes'",
    [day],
  );

async function task(title: string, cadence: string, deadline = '2026-06-30') {
  const res = await office.post('/api/v1/tasks', {
    title,
    content: title,
    standard: '按期完成',
    accountability: '纳入考核',
    leadUnitId: unit('城关镇'),
    deadline,
    cadence,
    issue: true,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number };
}
const monthly = await task('推进城关镇老旧小区改造', 'monthly');
const weekly = await task('城关镇秸秆禁烧巡查', 'weekly', '2026-04-30');
const finding = await office.post('/api/v1/findings', {
  source: 'inspection',
  sourceTitle: '县委第二巡察组巡察反馈',
  foundOn: '2026-02-20',
  problem: '城关镇老旧小区改造推进缓慢',
  severity: 'general',
  measures: '制定改造计划，按月推进',
  unitId: unit('城关镇'),
  responsible: '张伟',
  deadline: '2026-05-31',
});
await backdate('2026-03-02');
today = '2026-03-05';
const accepted = await clerk.post(`/api/v1/tasks/${monthly.id}/accept`, {}, ifm(monthly.version));
const urged = await office.post(`/api/v1/tasks/${weekly.id}/urge`, { reason: '请尽快签收' }, ifm(weekly.version));
await backdate('2026-03-05');
today = '2026-05-31';
const period = 'from=2026-03-01&to=2026-05-31';
type Row = {
  unitId: string;
  unitName: string;
  rank: number;
  items: number;
  reportsDue: number;
  fieldsPerReport: number;
  fieldsPerMonth: number;
  reminders: number;
  answerDays: number | null;
  sources: { kind: string; asker: string; reportsDue: number; fields: number }[];
  duplicates: { a: { title: string; kind: string }; b: { title: string; kind: string } }[];
};
const rows = async (c: typeof office, q = period) => {
  const res = await c.get(`/api/v1/burden?${q}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().units as Row[];
};

describe('the burden on a township', () => {
  it('counts its reports by cadence, their fields, its items, reminders and the days to 签收', async () => {
    expect([finding.statusCode, accepted.statusCode, urged.statusCode]).toEqual([201, 200, 200]);
    const cgz = (await rows(office)).find((r) => r.unitName === '城关镇')!;
    expect(cgz.items).toBe(3);
    // Issued on 2 March: three monthly reports (March–May) and thirteen weeks (W10–W22: an overdue task still
    // reports) of the two tasks; the finding's own monthly reports beside them.
    const task = cgz.sources.find((s) => s.kind === 'task')!;
    expect(task.asker).toBe('督查室');
    expect(task.reportsDue).toBe(3 + 13);
    expect(cgz.reportsDue).toBe(task.reportsDue + cgz.sources.find((s) => s.kind === 'finding')!.reportsDue);
    expect(cgz.fieldsPerReport).toBeGreaterThan(0);
    expect(cgz.reminders).toBe(1);
    // Issued on 2 March, signed for on the 5th (the one task answered so far).
    expect(cgz.answerDays).toBe(3);
    // A period after the issue has no new item to answer.
    expect((await rows(office, 'from=2026-03-03&to=2026-03-31')).find((r) => r.unitName === '城关镇')!.answerDays).toBe(
      null,
    );
    expect((await rows(office, 'from=2026-03-01&to=2026-03-31')).find((r) => r.unitName === '城关镇')!.reminders).toBe(
      1,
    );
    const feb = (await rows(office, 'from=2026-03-01&to=2026-05-31')).find((r) => r.unitName === '城关镇')!;
    expect(feb.rank).toBe(1);
  });

  it('finds the same content asked by the ledger and by the inspection', async () => {
    const cgz = (await rows(office)).find((r) => r.unitName === '城关镇')!;
    expect(cgz.duplicates).toHaveLength(1);
    expect([cgz.duplicates[0]!.a.kind, cgz.duplicates[0]!.b.kind].sort()).toEqual(['finding', 'task']);
  });

  it('ranks the county’s units heaviest first for the office', async () => {
    const all = await rows(office);
    expect(all.length).toBeGreaterThan(20);
    expect(all.map((r) => r.rank)).toEqual(all.map((_, i) => i + 1));
    for (let i = 1; i < all.length; i++)
      expect(all[i - 1]!.fieldsPerMonth).toBeGreaterThanOrEqual(all[i]!.fieldsPerMonth);
  });
});

describe('who sees what', () => {
  it('a township’s head sees his own township with its county rank; another unit’s head his own; a leader his units', async () => {
    const own = await rows(head);
    expect(own.map((r) => r.unitName)).toEqual(['城关镇']);
    expect(own[0]!.rank).toBe(1);
    expect((await rows(fgjHead)).map((r) => r.unitName)).toEqual(['发改局']);
    const led = (await rows(leader)).map((r) => r.unitName);
    expect(led).toContain('东湖镇');
    expect(led).not.toContain('城关镇');
  });

  it('a clerk is refused; a period ending before it starts is refused naming the field', async () => {
    expect((await clerk.get(`/api/v1/burden?${period}`)).statusCode).toBe(403);
    const bad = await office.get('/api/v1/burden?from=2026-05-01&to=2026-03-01');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([expect.objectContaining({ field: 'query.to', label: '结束日期' })]);
    expect((await office.get('/api/v1/burden')).statusCode).toBe(200);
  });
});
