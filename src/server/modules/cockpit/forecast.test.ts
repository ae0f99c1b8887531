import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp } from '../../../../tests/helpers/app';

/**
 * 预测 on the one trajectory through the API: a task's forecast from its reports (GET /api/v1/tasks/{id}), a project's
 * year-end investment (GET /api/v1/projects/{id}), and the cockpit's list of what is forecast to miss, in scope.
 */
let today = '2026-03-02';
const t = await createTestApp({}, { today: () => today });
const office = await t.login('sunli');
const clerk = await t.login('fgj.clerk');
const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
const unit = (s: string) => units.find((u) => u.shortName === s)!.id;
const ifm = (v: number) => ({ 'if-match': `"${v}"` });
/** Reports carry the day they were submitted; the test's clock moves, the database's does not: date them as the demo does. */
const dateReports = (itemId: string, day: string) =>
  t.deps.database.db.execute(
    sql`UPDATE progress_reports SET submitted_at = ${`${day}T10:00:00+08:00`}::timestamptz WHERE item_id = ${itemId}
      AND submitted_at > now() - interval '10 minutes'`,
  );

describe('forecasts', () => {
  it('a task reported on its trajectory is forecast for its deadline; slower, after it, and on the cockpit', async () => {
    // 100 days from 2 March: 30 % on day 30 is exactly on the trajectory.
    const res = await office.post('/api/v1/tasks', {
      title: '预测测试任务',
      content: '预测测试任务',
      standard: '按期完成',
      accountability: '纳入年度目标考核',
      leadUnitId: unit('发改局'),
      deadline: '2026-06-10',
      cadence: 'monthly',
      issue: true,
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    let cur = (await clerk.post(`/api/v1/tasks/${id}/accept`, {}, ifm(res.json().version))).json();
    expect(cur.forecast).toMatchObject({ method: 'no_report', completion: null, misses: false });

    today = '2026-04-01';
    const r1 = await clerk.post(`/api/v1/tasks/${id}/reports`, { progress: 30, text: '完成三成' }, ifm(cur.version));
    expect(r1.statusCode, r1.body).toBe(201);
    await dateReports(id, '2026-04-01');
    cur = (await clerk.get(`/api/v1/tasks/${id}`)).json();
    expect(cur.forecast).toMatchObject({
      method: 'run_rate',
      completion: '2026-06-10',
      misses: false,
      daysLate: 0,
      progress: 30,
      periodDays: 31,
    });
    // What it takes: 70 points in 70 days, a month of 31 days at a time.
    expect(cur.forecast.neededPerPeriod).toBeCloseTo(31, 6);

    // Forty days later only 20 points more: 0.5 a day, 50 points left → 100 days → 19 August, 70 days late.
    today = '2026-05-11';
    const r2 = await clerk.post(`/api/v1/tasks/${id}/reports`, { progress: 50, text: '完成一半' }, ifm(cur.version));
    expect(r2.statusCode, r2.body).toBe(201);
    await dateReports(id, '2026-05-11');
    cur = (await office.get(`/api/v1/tasks/${id}`)).json();
    expect(cur.forecast).toMatchObject({
      method: 'recent_pace',
      completion: '2026-08-19',
      misses: true,
      daysLate: 70,
      basisFrom: '2026-04-01',
      basisTo: '2026-05-11',
    });

    const cockpit = (await office.get('/api/v1/cockpit')).json();
    const row = cockpit.forecasts.tasks.items.find((i: { id: string }) => i.id === id);
    expect(row).toMatchObject({
      title: '预测测试任务',
      deadline: '2026-06-10',
      forecast: { completion: '2026-08-19' },
    });
    expect(cockpit.forecasts.tasks.total).toBeGreaterThanOrEqual(cockpit.forecasts.tasks.items.length);
    for (const i of cockpit.forecasts.tasks.items) expect(i.forecast.misses).toBe(true);
    // 陈辉 does not 分管 发改局: not in his cockpit; a clerk has no cockpit.
    const chenhui = (await (await t.login('chenhui')).get('/api/v1/cockpit')).json();
    expect(chenhui.forecasts.tasks.items.map((i: { id: string }) => i.id)).not.toContain(id);
    expect((await clerk.get('/api/v1/cockpit')).statusCode).toBe(403);
    // Another unit's clerk does not see the task, nor its forecast.
    expect((await (await t.login('czj.clerk')).get(`/api/v1/tasks/${id}`)).statusCode).toBe(404);
    today = '2026-03-02';
  });

  it('a project behind its trajectory is forecast short of its plan, with what it takes; on the cockpit', async () => {
    today = '2026-01-05';
    const admin = await t.login('sysadmin');
    const gong = (await admin.get('/api/v1/people?q=gongying')).json().items[0].id as string;
    const proj = await office.post('/api/v1/projects', {
      name: '预测测试厂房',
      type: 'industry',
      content: '新建厂房',
      totalInvestment: 30000,
      annualPlans: { '2026': 1200 },
      ownerEnterprise: '云溪测试公司',
      responsibleUnitId: unit('住建局'),
      leaderId: gong,
      townshipUnitId: unit('东湖镇'),
      startYear: 2026,
      endYear: 2027,
      pool: 'new_start',
      enteredOn: '2026-01-05',
    });
    expect(proj.statusCode, proj.body).toBe(201);
    const id = proj.json().id as string;
    let v = proj.json().version as number;
    // Before a month has ended there is nothing to judge.
    expect((await office.get(`/api/v1/projects/${id}`)).json().forecast).toBeNull();
    today = '2026-04-01';
    const zjj = await t.login('zjj.clerk');
    for (const month of ['2026-01', '2026-02', '2026-03']) {
      const r = await zjj.post(`/api/v1/projects/${id}/investments`, { month, amount: 50 }, ifm(v));
      expect(r.statusCode, r.body).toBe(201);
      v = r.json().version;
    }
    const p = (await office.get(`/api/v1/projects/${id}`)).json();
    // 150 in the first 90 days of 365: 608.33 at the year end; 1050 left over nine months, 116.67 a month.
    expect(p.forecast).toMatchObject({
      method: 'calendar_run_rate',
      throughMonth: '2026-03',
      completed: 150,
      yearEnd: 608.33,
      plan: 1200,
      misses: true,
      shortfall: 591.67,
      monthsLeft: 9,
    });
    expect(p.forecast.neededPerMonth).toBeCloseTo(1050 / 9, 6);
    expect(p.forecast.expected).toBeCloseTo((1200 * 90) / 365, 2);
    const cockpit = (await office.get('/api/v1/cockpit')).json();
    expect(cockpit.forecasts.projects.items.find((i: { id: string }) => i.id === id)).toMatchObject({
      name: '预测测试厂房',
      unitId: unit('住建局'),
      forecast: { yearEnd: 608.33 },
    });
    // The library's list does not carry forecasts (only the project's page).
    const list = (await office.get('/api/v1/projects?pageSize=500')).json();
    expect(list.items.find((i: { id: string }) => i.id === id).forecast).toBeUndefined();
    today = '2026-03-02';
  });

  it('the economy: the indicators the caller reads with light and rank, a leader’s own first, each linking to its page', async () => {
    today = '2026-06-20';
    const admin = await t.login('sysadmin');
    const gong = (await admin.get('/api/v1/people?q=gongying')).json().items[0].id as string;
    const make = async (name: string, unitName: string, leaderId: string | null) => {
      const r = await office.post('/api/v1/indicators', {
        name,
        unit: '亿元',
        frequency: 'month',
        accumulation: 'cumulative',
        responsibleUnitId: unit(unitName),
        leaderId,
        targets: { '2026': { value: 100, growth: null } },
      });
      expect(r.statusCode, r.body).toBe(201);
      return r.json().id as string;
    };
    const first = await make('驾驶舱指标甲', '财政局', null);
    const hers = await make('驾驶舱指标乙', '发改局', gong);
    const v = await office.post(`/api/v1/indicators/${hers}/values`, { period: '2026-05', value: 20, confirm: true });
    expect(v.statusCode, v.body).toBe(201);
    const principal = (await (await t.login('wangjianguo')).get('/api/v1/cockpit')).json();
    expect(principal.economy.items.map((i: { indicatorId: string }) => i.indicatorId).sort()).toEqual(
      [first, hers].sort(),
    );
    expect(principal.economy.items.find((i: { indicatorId: string }) => i.indicatorId === hers)).toMatchObject({
      // 20 of 100 by the end of May against 41 on the calendar: 21 points behind.
      light: 'yellow',
      period: '2026-05',
      mine: false,
    });
    // 龚颖 leads 乙: hers, first.
    const leader = (await (await t.login('gongying')).get('/api/v1/cockpit')).json();
    expect(leader.economy.items[0]).toMatchObject({ indicatorId: hers, mine: true });
    today = '2026-03-02';
  });
});
