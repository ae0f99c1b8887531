import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../../../tests/helpers/app';

/** The cockpit's numbers are the lists' totals: every count, fetched through the ledger with the same filter. */
let today = '2026-03-02';
const t = await createTestApp({}, { today: () => today });
const office = await t.login('sunli');
const clerk = await t.login('fgj.clerk');
const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
const unit = (s: string) => units.find((u) => u.shortName === s)!.id;
const _ifm = (v: number) => ({ 'if-match': `"${v}"` });

async function issue(title: string, leadUnit: string, deadline: string, coUnits: string[] = []) {
  const res = await office.post('/api/v1/tasks', {
    title,
    content: title,
    standard: '按期完成',
    accountability: '纳入年度目标考核',
    leadUnitId: unit(leadUnit),
    coUnitIds: coUnits.map(unit),
    deadline,
    cadence: 'monthly',
    issue: true,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('cockpit', () => {
  it('counts by light and lead unit equal the ledger lists behind them; overdue and due-soon lists in scope', async () => {
    await issue('驾驶舱甲', '发改局', '2026-03-20', ['财政局']);
    await issue('驾驶舱乙', '发改局', '2026-06-30');
    await issue('驾驶舱丙', '财政局', '2026-03-10');
    await issue('驾驶舱丁', '教育局', '2026-12-31');
    today = '2026-03-16';
    const res = await office.get('/api/v1/cockpit');
    expect(res.statusCode, res.body).toBe(200);
    const c = res.json();
    const total = async (q: string) => (await office.get(`/api/v1/tasks?pageSize=1&${q}`)).json().total as number;
    for (const light of ['red', 'yellow', 'green'] as const)
      expect(c.tasks.byLight[light]).toBe(await total(`light=${light}`));
    for (const u of c.tasks.byUnit) {
      for (const light of ['red', 'yellow', 'green'] as const)
        expect({ unit: u.unitName, light, n: u[light] }).toEqual({
          unit: u.unitName,
          light,
          n: await total(`leadUnitId=${u.unitId}&light=${light}`),
        });
    }
    expect(c.tasks.overdue).toBe(
      await total('state=assigned,returned,accepted,in_progress,close_requested&deadlineTo=2026-03-15'),
    );
    expect(c.tasks.overdueList.items.map((i: { title: string }) => i.title)).toContain('驾驶舱丙');
    expect(c.tasks.dueSoonList.items.map((i: { title: string }) => i.title)).toContain('驾驶舱甲');
    // 财政局 co-operates on 甲 but leads only 丙: the cockpit counts the lead unit.
    const czj = c.tasks.byUnit.find((u: { unitId: string }) => u.unitId === unit('财政局'));
    expect(czj.red + czj.yellow + czj.green).toBe(1);
    today = '2026-03-02';
  });

  it('a leader sees only what he leads or 分管; a clerk is refused', async () => {
    today = '2026-03-16';
    const chenhui = await t.login('chenhui'); // 分管 教育局 among others, not 发改局
    const c = (await chenhui.get('/api/v1/cockpit')).json();
    const names = c.tasks.byUnit.map((u: { unitId: string }) => u.unitId);
    expect(names).toContain(unit('教育局'));
    expect(names).not.toContain(unit('发改局'));
    expect((await clerk.get('/api/v1/cockpit')).statusCode).toBe(403);
    today = '2026-03-02';
  });

  it('projects by pool, the rates, blockers by leader: each number is the total of the list it opens', async () => {
    today = '2026-03-16';
    const admin = await t.login('sysadmin');
    const personId = async (username: string) =>
      (await admin.get(`/api/v1/people?q=${username}`)).json().items[0].id as string;
    const gong = await personId('gongying');
    const proj = await office.post('/api/v1/projects', {
      name: '驾驶舱测试产业园',
      type: 'industry',
      content: '新建厂房',
      totalInvestment: 30000,
      annualPlans: { '2026': 12000 },
      ownerEnterprise: '云溪测试公司',
      responsibleUnitId: unit('住建局'),
      leaderId: gong,
      townshipUnitId: unit('东湖镇'),
      startYear: 2026,
      endYear: 2027,
      major: true,
      pool: 'new_start',
      enteredOn: '2026-01-10',
    });
    expect(proj.statusCode, proj.body).toBe(201);
    const zjj = await t.login('zjj.clerk');
    const b = await zjj.post('/api/v1/blockers', {
      projectId: proj.json().id,
      type: 'land',
      description: '用地指标未落实',
      handlingUnitId: unit('自然资源局'),
    });
    expect(b.statusCode, b.body).toBe(201);

    for (const [who, c] of [
      ['office', office],
      ['gongying', await t.login('gongying')],
      ['chenhui', await t.login('chenhui')],
    ] as const) {
      const k = (await c.get('/api/v1/cockpit')).json();
      const total = async (path: string) => (await c.get(path)).json().total as number;
      for (const p of k.projects.byPool)
        expect({ who, pool: p.pool, n: p.count }).toEqual({
          who,
          pool: p.pool,
          n: await total(`/api/v1/projects?pool=${p.pool}&pageSize=1`),
        });
      expect({ who, n: k.projects.total }).toEqual({ who, n: await total('/api/v1/projects?pageSize=1') });
      const rates = (await c.get('/api/v1/projects/rates?groupBy=pool')).json();
      expect(k.projects).toMatchObject({
        expected: rates.expected,
        startRate: rates.total.startRate,
        completionRate: rates.total.completionRate,
        investmentRate: rates.total.investmentRate,
        investmentPlanned: rates.total.investmentPlanned,
      });
      expect({ who, n: k.blockers.open }).toEqual({ who, n: await total('/api/v1/blockers?state=open&pageSize=1') });
      for (const l of k.blockers.byLeader.filter((x: { leaderId: string | null }) => x.leaderId))
        expect({ who, leader: l.leaderName, n: l.open }).toEqual({
          who,
          leader: l.leaderName,
          n: await total(`/api/v1/blockers?state=open&leaderId=${l.leaderId}&pageSize=1`),
        });
      // 龚颖 leads the project (包联) and 分管 住建局: she and the office see it and its blocker; 陈辉 does not.
      const seesProject = (await c.get('/api/v1/projects?pageSize=500'))
        .json()
        .items.some((x: { id: string }) => x.id === proj.json().id);
      const seesBlocker = k.blockers.byLeader.some((l: { leaderId: string | null }) => l.leaderId === gong);
      expect({ who, seesProject, seesBlocker }).toEqual({
        who,
        seesProject: who !== 'chenhui',
        seesBlocker: who !== 'chenhui',
      });
    }
    today = '2026-03-02';
  });

  it(`trends: twelve weeks to this one; a task counts as opened in its week and overdue at the end of each week past \
its deadline, in scope only`, async () => {
    today = '2026-03-16';
    const chenhui = await t.login('chenhui');
    const before = {
      office: (await office.get('/api/v1/cockpit')).json().trends,
      chenhui: (await chenhui.get('/api/v1/cockpit')).json().trends,
    };
    expect(before.office.map((w: { week: string }) => w.week)).toEqual(
      Array.from({ length: 12 }, (_, i) => new Date(Date.UTC(2025, 11, 29 + 7 * i)).toISOString().slice(0, 10)),
    );
    today = '2026-03-02';
    await issue('驾驶舱趋势', '发改局', '2026-03-10');
    today = '2026-03-16';
    const after = {
      office: (await office.get('/api/v1/cockpit')).json().trends,
      chenhui: (await chenhui.get('/api/v1/cockpit')).json().trends,
    };
    type W = { week: string; opened: number; closed: number; overdue: number };
    const diff = (a: W[], b: W[]) =>
      b
        .map((w, i) => ({
          week: w.week,
          opened: w.opened - a[i]!.opened,
          closed: w.closed - a[i]!.closed,
          overdue: w.overdue - a[i]!.overdue,
        }))
        .filter((w) => w.opened || w.closed || w.overdue);
    expect(diff(before.office, after.office)).toEqual([
      { week: '2026-03-02', opened: 1, closed: 0, overdue: 0 },
      { week: '2026-03-09', opened: 0, closed: 0, overdue: 1 },
      { week: '2026-03-16', opened: 0, closed: 0, overdue: 1 },
    ]);
    // 陈辉 does not 分管 发改局: his trend does not move.
    expect(diff(before.chenhui, after.chenhui)).toEqual([]);
    // Every point is the total of the ledger list it links to (the same filters the chart's links carry).
    const total = async (q: string) => (await office.get(`/api/v1/tasks?pageSize=1&${q}`)).json().total as number;
    const notDraft = 'state=assigned,returned,accepted,in_progress,close_requested,closed';
    for (const w of after.office as W[]) {
      const sunday = new Date(Date.parse(w.week) + 6 * 86_400_000).toISOString().slice(0, 10);
      const asOf = sunday < today ? sunday : today;
      expect({ week: w.week, opened: w.opened, closed: w.closed, overdue: w.overdue }).toEqual({
        week: w.week,
        opened: await total(`${notDraft}&startFrom=${w.week}&startTo=${sunday}`),
        closed: await total(`closedFrom=${w.week}&closedTo=${sunday}`),
        overdue: await total(`overdueOn=${asOf}`),
      });
    }
    today = '2026-03-02';
  });

  it('is served again for a few seconds, but never after a write through the API: the next read shows it', async () => {
    today = '2026-03-16';
    const first = (await office.get('/api/v1/cockpit')).json();
    // Changed behind the API's back (as another instance would): the kept cockpit is served meanwhile.
    await t.deps.database.pool.query(
      `UPDATE supervised_items SET light = 'red', light_on = $1 WHERE title = '驾驶舱丁'`,
      [today],
    );
    expect((await office.get('/api/v1/cockpit')).json().tasks.byLight).toEqual(first.tasks.byLight);
    // A write answered by this instance drops what was kept.
    await issue('驾驶舱写后即读', '教育局', '2026-03-20');
    const after = (await office.get('/api/v1/cockpit')).json();
    expect(after.tasks.dueSoonList.items.map((i: { title: string }) => i.title)).toContain('驾驶舱写后即读');
    expect(after.tasks.dueSoonList.total).toBe(first.tasks.dueSoonList.total + 1);
    today = '2026-03-02';
  });
});
