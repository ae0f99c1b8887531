import { describe, expect, it } from 'vitest';
import { createTestApp, type Client } from '../../../../tests/helpers/app';
import ExcelJS from 'exceljs';
import type { Actor } from '../../http/access';

let today = '2026-03-02';
const t = await createTestApp({}, { today: () => today });
const office = await t.login('sunli');
const principal = await t.login('wangjianguo');
const leader = await t.login('gongying');
const fgj = await t.login('fgj.clerk');
const zjj = await t.login('zjj.clerk');
const czj = await t.login('czj.clerk');
const dhz = await t.login('dhz.clerk');

const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
const unit = (s: string) => units.find((u) => u.shortName === s)!.id;
const admin = await t.login('sysadmin');
const personId = async (username: string) =>
  (await admin.get(`/api/v1/people?q=${username}`)).json().items[0].id as string;
const gongying = await personId('gongying');
const zhaozhiqiang = await personId('zhaozhiqiang');
const sunli = await personId('sunli');
const zjjName = (await zjj.get('/api/v1/auth/me')).json().displayName as string;

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const ifm = (v: number) => ({ 'if-match': `"${v}"` });

function base(overrides: Record<string, unknown> = {}) {
  return {
    name: '年产10万吨新型建材项目',
    type: 'industry',
    content: '新建生产车间4栋、仓储及配套设施，购置生产线2条',
    totalInvestment: 50000,
    annualPlans: { '2026': 20000, '2027': 30000 },
    ownerEnterprise: '云溪建材有限公司',
    responsibleUnitId: unit('住建局'),
    leaderId: gongying,
    townshipUnitId: unit('东湖镇'),
    location: { lng: 113.52, lat: 34.81 },
    startYear: 2026,
    endYear: 2027,
    major: true,
    pool: 'preliminary',
    enteredOn: '2026-01-10',
    ...overrides,
  };
}
async function created(c: Client = office, overrides: Record<string, unknown> = {}) {
  const res = await c.post('/api/v1/projects', base(overrides));
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
async function upload(c: Client) {
  const boundary = `----t${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; ` +
        `filename="permit.png"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    PNG,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await c.request('POST', '/api/v1/attachments', {
    payload,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}
/** The caller as the services see it, from /auth/me (to ask the supervision core directly what it holds). */
async function actorOf(c: Client): Promise<Actor> {
  const me = (await c.get('/api/v1/auth/me')).json();
  return {
    personId: me.id,
    username: me.username,
    displayName: me.displayName,
    unitId: me.unitId,
    jurisdictionId: me.jurisdictionId,
    roles: me.roles,
    leaderUnitIds: me.leaderUnitIds,
    via: 'session',
    mustChangePassword: false,
    needsTotpSetup: false,
  };
}
const fields = (res: { json(): { errors?: { field: string; code: string }[] } }) =>
  (res.json().errors ?? []).map((e) => `${e.field}:${e.code}`);

describe('projects: entering the library', () => {
  it('the office enters a project in a pool with its fields; the entry is the first move', async () => {
    const res = await office.post('/api/v1/projects', base());
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json();
    expect(res.headers.etag).toBe('"1"');
    expect(p).toMatchObject({
      pool: 'preliminary',
      poolSince: '2026-01-10',
      serial: expect.any(Number),
      major: true,
      location: { lng: 113.52, lat: 34.81 },
      light: 'none',
      milestoneCount: 0,
      totalInvestment: 50000,
      annualPlans: { '2026': 20000, '2027': 30000 },
    });
    expect(p.investment).toMatchObject({ year: 2026, planned: 20000, completed: 0, rate: 0 });
    const moves = (await office.get(`/api/v1/projects/${p.id}/moves`)).json().items;
    expect(moves).toEqual([
      expect.objectContaining({ from: null, to: 'preliminary', date: '2026-01-10', reason: '入库', actorName: '孙立' }),
    ]);
  });

  it('refuses bad fields, naming each', async () => {
    const res = await office.post(
      '/api/v1/projects',
      base({
        townshipUnitId: unit('财政局'),
        leaderId: sunli,
        startYear: 2027,
        endYear: 2026,
        annualPlans: { '2026': 40000, '2027': 20000 },
        enteredOn: '2026-03-03',
      }),
    );
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toEqual(
      expect.arrayContaining([
        'body.townshipUnitId:not_township',
        'body.leaderId:not_a_leader',
        'body.endYear:end_before_start',
        'body.annualPlans:plans_over_total',
        'body.enteredOn:date_in_future',
      ]),
    );
    expect(res.json().errors.find((e: { code: string }) => e.code === 'not_township').message).toBe('须为乡镇或园区');
    const en = await office.request('POST', '/api/v1/projects', {
      body: base({ pool: 'ongoing', totalInvestment: 1.234, extra: 1 }),
      headers: { 'accept-language': 'en' },
    });
    expect(en.statusCode).toBe(400);
    expect(en.headers['content-type']).toContain('application/problem+json');
    expect(en.json().detail).toBe('The request is invalid; see the fields listed');
    expect(fields(en)).toEqual(
      expect.arrayContaining([
        'body.pool:choose_from_list',
        'body.totalInvestment:two_decimals',
        'body.extra:unknown_field',
      ]),
    );
    const loc = await office.post('/api/v1/projects', base({ location: { lng: 200, lat: 34 } }));
    expect(fields(loc)).toContain('body.location.lng:number_too_big');
  });

  it('a unit enters only its own projects and cannot plan milestones; a leader cannot enter', async () => {
    const own = await zjj.post('/api/v1/projects', base({ pool: 'reserve', enteredOn: undefined }));
    expect(own.statusCode, own.body).toBe(201);
    expect(own.json().poolSince).toBe(today);
    const other = await zjj.post('/api/v1/projects', base({ responsibleUnitId: unit('发改局') }));
    expect(fields(other)).toContain('body.responsibleUnitId:not_own_unit');
    const ms = await zjj.post('/api/v1/projects', base({ milestones: [{ name: '开工', plannedDate: '2026-05-01' }] }));
    expect(fields(ms)).toContain('body.milestones:office_only');
    expect((await leader.post('/api/v1/projects', base())).statusCode).toBe(403);
  });
});

describe('projects: scope, edits and versions', () => {
  it('a unit sees the projects it is responsible for or that lie in it; others get 404; a leader sees what he 分管 or 包联', async () => {
    const p = await created(office, {
      name: '东湖污水处理厂',
      responsibleUnitId: unit('住建局'),
      townshipUnitId: unit('东湖镇'),
      leaderId: zhaozhiqiang,
    });
    expect((await zjj.get(`/api/v1/projects/${p.id}`)).statusCode).toBe(200);
    expect((await dhz.get(`/api/v1/projects/${p.id}`)).statusCode).toBe(200);
    expect((await czj.get(`/api/v1/projects/${p.id}`)).statusCode).toBe(404);
    expect(
      (await czj.get('/api/v1/projects?pageSize=500')).json().items.map((i: { id: string }) => i.id),
    ).not.toContain(p.id);
    // 龚颖 分管 住建局 (not 包联 here); 赵志强 包联 it but does not 分管 住建局 or 东湖镇.
    expect((await leader.get(`/api/v1/projects/${p.id}`)).statusCode).toBe(200);
    const zhao = await t.login('zhaozhiqiang');
    expect((await zhao.get(`/api/v1/projects/${p.id}`)).statusCode).toBe(200);
    const chen = await t.login('chenhui');
    expect((await chen.get(`/api/v1/projects/${p.id}`)).statusCode).toBe(404);
    // Only the responsible unit writes: the township reads.
    expect((await dhz.patch(`/api/v1/projects/${p.id}`, { name: 'x' }, ifm(p.version))).statusCode).toBe(403);
  });

  it('edits carry If-Match: missing → 428, stale → 412 naming the current version, fresh → bumped', async () => {
    const p = await created();
    expect((await office.patch(`/api/v1/projects/${p.id}`, { name: '改名' })).statusCode).toBe(428);
    const ok = await office.patch(
      `/api/v1/projects/${p.id}`,
      { name: '年产12万吨新型建材项目', location: null },
      ifm(p.version),
    );
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ name: '年产12万吨新型建材项目', location: null, version: p.version + 1 });
    const stale = await zjj.patch(`/api/v1/projects/${p.id}`, { name: '旧页面' }, ifm(p.version));
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toMatchObject({ code: 'version_conflict', currentVersion: p.version + 1 });
    const bad = await office.patch(`/api/v1/projects/${p.id}`, { endYear: 2025 }, ifm(p.version + 1));
    expect(fields(bad)).toContain('body.endYear:end_before_start');
  });

  it('filters by pool, type, unit, township, leader, flag and words', async () => {
    const p = await created(office, {
      name: '白云山生态修复工程',
      type: 'ecology',
      responsibleUnitId: unit('生态环境分局'),
      townshipUnitId: unit('白云镇'),
      leaderId: zhaozhiqiang,
      major: false,
      livelihood: true,
      pool: 'reserve',
    });
    const q = async (qs: string) =>
      (await office.get(`/api/v1/projects?pageSize=500&${qs}`))
        .json()
        .items.map((i: { id: string }) => i.id) as string[];
    expect(await q('type=ecology')).toEqual([p.id]);
    expect(await q(`pool=reserve,new_start&townshipUnitId=${unit('白云镇')}`)).toEqual([p.id]);
    expect(await q(`leaderId=${zhaozhiqiang}&livelihood=true`)).toContain(p.id);
    expect(await q(`unitId=${unit('发改局')}`)).not.toContain(p.id);
    expect(await q(`q=${encodeURIComponent('生态修复')}`)).toEqual([p.id]);
    expect((await office.get('/api/v1/projects?pool=nowhere')).statusCode).toBe(400);
  });
});

describe('projects: pool moves', () => {
  it('moves forward and back with date and reason, never losing history; the library as of a past date', async () => {
    const p = await created(office, { pool: 'reserve', enteredOn: '2026-01-05' });
    let v = p.version;
    const move = async (pool: string, date: string, reason = '按实际调整') => {
      const res = await office.post(`/api/v1/projects/${p.id}/moves`, { pool, date, reason }, ifm(v));
      if (res.statusCode === 201) v = res.json().version;
      return res;
    };
    expect((await move('preliminary', '2026-01-20', '完成立项备案')).statusCode).toBe(201);
    expect((await move('new_start', '2026-02-15', '主体工程开工')).json()).toMatchObject({
      pool: 'new_start',
      poolSince: '2026-02-15',
    });
    // Moved back: the start was reported too early.
    expect((await move('preliminary', '2026-02-20', '施工许可未取得，开工不实')).json().pool).toBe('preliminary');
    const same = await move('preliminary', '2026-02-25');
    expect(same.statusCode).toBe(409);
    expect(same.json()).toMatchObject({
      code: 'same_pool',
      errors: [expect.objectContaining({ field: 'body.pool', code: 'same_pool' })],
    });
    expect(fields(await move('new_start', '2026-03-03'))).toEqual(['body.date:date_in_future']);
    const early = await move('new_start', '2026-02-19');
    expect(fields(early)).toEqual(['body.date:before_last_move']);
    expect(early.json().errors[0].message).toBe('不能早于上一次调整日期 2026-02-20');
    expect(
      (await office.post(`/api/v1/projects/${p.id}/moves`, { pool: 'new_start', date: '2026-03-01' }, ifm(v)))
        .statusCode,
    ).toBe(400);
    expect(
      (
        await office.post(
          `/api/v1/projects/${p.id}/moves`,
          { pool: 'new_start', date: '2026-03-01', reason: '开工' },
          ifm(v - 1),
        )
      ).statusCode,
    ).toBe(412);

    const history = (await office.get(`/api/v1/projects/${p.id}/moves`)).json().items;
    expect(history.map((m: { from: string | null; to: string }) => `${m.from}→${m.to}`)).toEqual([
      'new_start→preliminary',
      'preliminary→new_start',
      'reserve→preliminary',
      'null→reserve',
    ]);
    const asOf = async (d: string) =>
      (await office.get(`/api/v1/projects?pageSize=500&asOf=${d}`))
        .json()
        .items.find((i: { id: string }) => i.id === p.id);
    expect(await asOf('2026-01-04')).toBeUndefined();
    expect((await asOf('2026-01-05')).pool).toBe('reserve');
    expect(await asOf('2026-02-16')).toMatchObject({ pool: 'new_start', poolSince: '2026-02-15' });
    expect((await asOf('2026-02-28')).pool).toBe('preliminary');
    const started = (await office.get('/api/v1/projects?pageSize=500&asOf=2026-02-16&pool=new_start'))
      .json()
      .items.map((i: { id: string }) => i.id);
    expect(started).toContain(p.id);
  });

  it('counts per pool under the list’s filters, now and as of a date, each equal to the list’s total, scoped', async () => {
    const POOLS = ['reserve', 'preliminary', 'new_start', 'continuing', 'completed', 'in_production'];
    const check = async (c: Client, qs: string) => {
      const res = await c.get(`/api/v1/projects/counts?${qs}`);
      expect(res.statusCode, res.body).toBe(200);
      const counts = res.json();
      expect(Object.keys(counts.pools).sort()).toEqual([...POOLS].sort());
      for (const pool of POOLS)
        expect(counts.pools[pool], `${qs} ${pool}`).toBe(
          (await c.get(`/api/v1/projects?pageSize=1&pool=${pool}&${qs}`)).json().total,
        );
      expect(counts.total).toBe((await c.get(`/api/v1/projects?pageSize=1&${qs}`)).json().total);
      return counts;
    };
    const all = await check(office, '');
    expect(all.total).toBeGreaterThan(1);
    expect(all.pools.preliminary).toBeGreaterThan(0);
    await check(office, 'asOf=2026-02-16');
    await check(office, 'type=industry&light=green,none');
    expect((await check(zjj, '')).total).toBeLessThan(all.total);
    expect((await office.get('/api/v1/projects/counts?pool=reserve')).statusCode).toBe(400);
  });

  it('a unit moves its own projects only', async () => {
    const p = await created(office, { responsibleUnitId: unit('住建局') });
    expect(
      (
        await fgj.post(
          `/api/v1/projects/${p.id}/moves`,
          { pool: 'new_start', date: '2026-03-01', reason: '开工' },
          ifm(p.version),
        )
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await zjj.post(
          `/api/v1/projects/${p.id}/moves`,
          { pool: 'new_start', date: '2026-03-01', reason: '开工' },
          ifm(p.version),
        )
      ).statusCode,
    ).toBe(201);
  });
});

describe('projects: monthly investment', () => {
  it('records months, corrects a month keeping the old figure, and compares with the plan and 序时进度', async () => {
    const p = await created(office, { totalInvestment: 1000, annualPlans: { '2026': 600 } });
    let v = p.version;
    const put = async (body: Record<string, unknown>, c: Client = zjj) => {
      const res = await c.post(`/api/v1/projects/${p.id}/investments`, body, ifm(v));
      if (res.statusCode === 201) v = res.json().version;
      return res;
    };
    expect((await put({ month: '2026-01', amount: 100 })).statusCode).toBe(201);
    const feb = await put({ month: '2026-02', amount: 150.5 });
    expect(feb.json()).toMatchObject({
      completedToDate: 250.5,
      remaining: 749.5,
      months: [
        { month: '2026-01', amount: 100 },
        { month: '2026-02', amount: 150.5 },
      ],
    });
    expect(feb.json().warning).toBeUndefined();
    const fix = await put({ month: '2026-02', amount: 120 });
    expect(fix.json()).toMatchObject({ completedToDate: 220, remaining: 780 });
    expect(
      fix
        .json()
        .records.filter((r: { month: string }) => r.month === '2026-02')
        .map((r: { amount: number; superseded: boolean }) => [r.amount, r.superseded]),
    ).toEqual([
      [120, false],
      [150.5, true],
    ]);
    const prog = fix.json().progress;
    expect(prog).toMatchObject({ year: 2026, planned: 600, completed: 220 });
    expect(prog.rate).toBeCloseTo(220 / 600);
    expect(prog.expected).toBeGreaterThan(0.16);
    expect(prog.expected).toBeLessThan(0.17);
    expect((await office.get(`/api/v1/projects/${p.id}`)).json()).toMatchObject({
      investmentToDate: 220,
      investment: { completed: 220 },
    });
    // Read back by whoever sees the project (the leader who 分管 住建局), not by another unit.
    const read = await leader.get(`/api/v1/projects/${p.id}/investments`);
    expect(read.json()).toMatchObject({
      completedToDate: 220,
      remaining: 780,
      months: [
        { month: '2026-01', amount: 100 },
        { month: '2026-02', amount: 120 },
      ],
      version: v,
    });
    expect(read.json().records).toHaveLength(3);
    expect(read.json().records[0]).toMatchObject({ recordedBy: zjjName });
    expect((await czj.get(`/api/v1/projects/${p.id}/investments`)).statusCode).toBe(404);
  });

  it('a figure above the remaining total needs a reason: refused without, kept and marked with one', async () => {
    const p = await created(office, { totalInvestment: 300, annualPlans: { '2026': 300 } });
    const first = await zjj.post(
      `/api/v1/projects/${p.id}/investments`,
      { month: '2026-01', amount: 200 },
      ifm(p.version),
    );
    const v = first.json().version;
    const over = await zjj.post(`/api/v1/projects/${p.id}/investments`, { month: '2026-02', amount: 150 }, ifm(v));
    expect(over.statusCode).toBe(400);
    expect(over.json()).toMatchObject({
      code: 'investment_over_remaining',
      remaining: 100,
      errors: [{ field: 'body.reason', code: 'reason_over_remaining' }],
    });
    expect(over.json().detail).toContain('剩余未完成投资 100 万元');
    const ok = await zjj.post(
      `/api/v1/projects/${p.id}/investments`,
      { month: '2026-02', amount: 150, reason: '追加设备投资，总投资调整待批复' },
      ifm(v),
    );
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ warning: 'over_remaining', completedToDate: 350, remaining: -50 });
    expect(ok.json().records[0]).toMatchObject({ overRemaining: true, reason: '追加设备投资，总投资调整待批复' });
  });

  it('refuses a month in the future, a bad month, cents below a fen, and other units', async () => {
    const p = await created();
    expect(
      fields(await zjj.post(`/api/v1/projects/${p.id}/investments`, { month: '2026-04', amount: 1 }, ifm(p.version))),
    ).toEqual(['body.month:month_in_future']);
    expect(
      fields(await zjj.post(`/api/v1/projects/${p.id}/investments`, { month: '2026-13', amount: 1 }, ifm(p.version))),
    ).toEqual(['body.month:invalid_format']);
    expect(
      (await zjj.post(`/api/v1/projects/${p.id}/investments`, { month: '2026-02', amount: 1.001 }, ifm(p.version)))
        .statusCode,
    ).toBe(400);
    expect((await zjj.post(`/api/v1/projects/${p.id}/investments`, { month: '2026-02', amount: 1 })).statusCode).toBe(
      428,
    );
    expect(
      (await fgj.post(`/api/v1/projects/${p.id}/investments`, { month: '2026-02', amount: 1 }, ifm(p.version)))
        .statusCode,
    ).toBe(404);
    expect(
      (await dhz.post(`/api/v1/projects/${p.id}/investments`, { month: '2026-02', amount: 1 }, ifm(p.version)))
        .statusCode,
    ).toBe(403);
  });
});

describe('projects: milestones on the supervision core', () => {
  it('each milestone is a supervised item issued to the unit; lights by the core; done with evidence and confirmed', async () => {
    today = '2026-03-02';
    const p = await created(office, {
      milestones: [
        { name: '立项备案', plannedDate: '2026-02-20' },
        { name: '施工许可', plannedDate: '2026-03-04' },
        { name: '开工', plannedDate: '2026-05-01' },
      ],
    });
    expect(p).toMatchObject({ milestoneCount: 3, milestonesDone: 0, light: 'red' });
    let ms = (await zjj.get(`/api/v1/projects/${p.id}/milestones`)).json().items;
    expect(
      ms.map((m: { name: string; state: string; light: string; daysLate: number }) => [
        m.name,
        m.state,
        m.light,
        m.daysLate,
      ]),
    ).toEqual([
      ['立项备案', 'assigned', 'red', 10],
      ['施工许可', 'assigned', 'yellow', 0],
      ['开工', 'assigned', 'green', 0],
    ]);
    // The core's own view of the item: kind 'milestone', assigned to the responsible unit, the township co-operating.
    const item = await t.deps.supervision.getItem(await actorOf(office), ms[0].id);
    expect(item).toMatchObject({
      kind: 'milestone',
      assigneeUnitId: unit('住建局'),
      coUnitIds: [unit('东湖镇')],
      leadLeaderId: gongying,
      deadline: '2026-02-20',
      light: 'red',
    });
    const [first] = ms;
    const evidence = await upload(zjj);
    expect(
      fields(
        await zjj.post(
          `/api/v1/projects/${p.id}/milestones/${first.id}/complete`,
          { actualDate: '2026-03-03', attachmentIds: [evidence] },
          ifm(first.version),
        ),
      ),
    ).toEqual(['body.actualDate:date_in_future']);
    expect(
      fields(
        await zjj.post(
          `/api/v1/projects/${p.id}/milestones/${first.id}/complete`,
          { actualDate: '2026-02-27', attachmentIds: [] },
          ifm(first.version),
        ),
      ),
    ).toEqual(['body.attachmentIds:choose_at_least_one']);
    expect(
      (
        await fgj.post(
          `/api/v1/projects/${p.id}/milestones/${first.id}/complete`,
          { actualDate: '2026-02-27', attachmentIds: [evidence] },
          ifm(first.version),
        )
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await zjj.post(
          `/api/v1/projects/${p.id}/milestones/${first.id}/complete`,
          { actualDate: '2026-02-27', attachmentIds: [evidence] },
          ifm(first.version + 5),
        )
      ).statusCode,
    ).toBe(412);
    const done = await zjj.post(
      `/api/v1/projects/${p.id}/milestones/${first.id}/complete`,
      { actualDate: '2026-02-27', attachmentIds: [evidence], note: '已取得备案证明' },
      ifm(first.version),
    );
    expect(done.statusCode, done.body).toBe(200);
    ms = done.json().items;
    expect(ms[0]).toMatchObject({ state: 'close_requested', actualDate: '2026-02-27', daysLate: 7 });
    // The unit cannot confirm its own report; the office does.
    expect(
      (await zjj.post(`/api/v1/projects/${p.id}/milestones/${first.id}/confirm`, {}, ifm(ms[0].version))).statusCode,
    ).toBe(403);
    const confirmed = await office.post(
      `/api/v1/projects/${p.id}/milestones/${first.id}/confirm`,
      {},
      ifm(ms[0].version),
    );
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json().items[0]).toMatchObject({ state: 'closed', light: 'done' });
    expect((await office.get(`/api/v1/projects/${p.id}`)).json()).toMatchObject({ light: 'yellow', milestonesDone: 1 });
    // The evidence is readable by the office through the milestone item.
    expect((await office.get(`/api/v1/attachments/${evidence}`)).statusCode).toBe(200);
    // A milestone's timeline is the core's.
    const events = await t.deps.supervision.events(await actorOf(office), first.id);
    expect(events.map((e) => e.action)).toEqual(['create', 'assign', 'accept', 'requestClose', 'close']);
  });

  it(`the office re-plans an overdue milestone with a reason: new date on the project and the item, light \
recomputed, old and new on record`, async () => {
    today = '2026-03-02';
    const p = await created(office, { milestones: [{ name: '供地', plannedDate: '2026-02-25' }] });
    const [m] = (await zjj.get(`/api/v1/projects/${p.id}/milestones`)).json().items;
    expect(m).toMatchObject({ light: 'red' });
    expect(
      (
        await office.post(
          `/api/v1/projects/${p.id}/milestones/${m.id}/replan`,
          { plannedDate: '2026-04-15' },
          ifm(m.version),
        )
      ).statusCode,
    ).toBe(400);
    expect(
      fields(
        await office.post(
          `/api/v1/projects/${p.id}/milestones/${m.id}/replan`,
          { plannedDate: '2026-02-01', reason: '征迁延后' },
          ifm(m.version),
        ),
      ),
    ).toEqual(['body.deadline:deadline_past']);
    expect(
      (
        await zjj.post(
          `/api/v1/projects/${p.id}/milestones/${m.id}/replan`,
          { plannedDate: '2026-04-15', reason: '征迁延后' },
          ifm(m.version),
        )
      ).statusCode,
    ).toBe(403);
    const ok = await office.post(
      `/api/v1/projects/${p.id}/milestones/${m.id}/replan`,
      { plannedDate: '2026-04-15', reason: '征迁延后，县政府常务会议同意' },
      ifm(m.version),
    );
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().items[0]).toMatchObject({ plannedDate: '2026-04-15', light: 'green' });
    expect(
      (
        await office.post(
          `/api/v1/projects/${p.id}/milestones/${m.id}/replan`,
          { plannedDate: '2026-04-20', reason: '再调' },
          ifm(m.version),
        )
      ).statusCode,
    ).toBe(412);
    const events = await t.deps.supervision.events(await actorOf(office), m.id);
    expect(events.at(-1)).toMatchObject({
      action: 'replan',
      reason: '征迁延后，县政府常务会议同意',
      data: { oldDeadline: '2026-02-25', newDeadline: '2026-04-15' },
    });
  });

  it('sends back a reported milestone (the date is cleared), cancels one with a reason, and goes red when overdue', async () => {
    today = '2026-03-02';
    const p = await created(office, {
      milestones: [
        { name: '用地预审', plannedDate: '2026-03-20' },
        { name: '环评批复', plannedDate: '2026-03-25' },
      ],
    });
    let [a, b] = (await zjj.get(`/api/v1/projects/${p.id}/milestones`)).json().items;
    // The unit signs for a milestone; the office cannot sign for it.
    expect(
      (await office.post(`/api/v1/projects/${p.id}/milestones/${a.id}/accept`, {}, ifm(a.version))).statusCode,
    ).toBe(403);
    a = (await zjj.post(`/api/v1/projects/${p.id}/milestones/${a.id}/accept`, {}, ifm(a.version))).json().items[0];
    expect(a).toMatchObject({ state: 'accepted', actions: expect.arrayContaining(['requestClose']) });
    const ev = await upload(zjj);
    a = (
      await zjj.post(
        `/api/v1/projects/${p.id}/milestones/${a.id}/complete`,
        { actualDate: '2026-03-01', attachmentIds: [ev] },
        ifm(a.version),
      )
    ).json().items[0];
    expect(
      (await office.post(`/api/v1/projects/${p.id}/milestones/${a.id}/send-back`, {}, ifm(a.version))).statusCode,
    ).toBe(400);
    const back = await office.post(
      `/api/v1/projects/${p.id}/milestones/${a.id}/send-back`,
      { reason: '预审意见未附' },
      ifm(a.version),
    );
    expect(back.json().items[0]).toMatchObject({ state: 'in_progress', actualDate: null });
    const cancel = await office.post(
      `/api/v1/projects/${p.id}/milestones/${b.id}/cancel`,
      { reason: '不涉及环评' },
      ifm(b.version),
    );
    expect(cancel.json().items[1]).toMatchObject({ state: 'cancelled', light: 'none', daysLate: 0 });
    today = '2026-03-23';
    expect((await office.get(`/api/v1/projects/${p.id}`)).json().light).toBe('red');
    b = (await office.get(`/api/v1/projects/${p.id}/milestones`)).json().items[1];
    expect(
      (await office.post(`/api/v1/projects/${p.id}/milestones/${b.id}/confirm`, {}, ifm(b.version))).statusCode,
    ).toBe(409);
    today = '2026-03-02';
  });

  it('the office plans more milestones with the project’s If-Match; units and leaders cannot', async () => {
    const p = await created();
    expect(
      (
        await zjj.post(
          `/api/v1/projects/${p.id}/milestones`,
          { milestones: [{ name: '开工', plannedDate: '2026-06-01' }] },
          ifm(p.version),
        )
      ).statusCode,
    ).toBe(403);
    const res = await office.post(
      `/api/v1/projects/${p.id}/milestones`,
      {
        milestones: [
          { name: '开工', plannedDate: '2026-06-01' },
          { name: '主体完工', plannedDate: '2026-11-30' },
        ],
      },
      ifm(p.version),
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().items.map((m: { name: string; sortOrder: number }) => [m.name, m.sortOrder])).toEqual([
      ['开工', 0],
      ['主体完工', 1],
    ]);
    expect(
      (
        await office.post(
          `/api/v1/projects/${p.id}/milestones`,
          { milestones: [{ name: '竣工验收', plannedDate: '2027-06-01' }] },
          ifm(p.version),
        )
      ).statusCode,
    ).toBe(412);
    // A milestone already planned, or twice in one plan, is named by its row; nothing is added.
    const v = (await office.get(`/api/v1/projects/${p.id}`)).json().version;
    const twice = await office.post(
      `/api/v1/projects/${p.id}/milestones`,
      {
        milestones: [
          { name: '竣工验收', plannedDate: '2027-06-01' },
          { name: '开工', plannedDate: '2026-07-01' },
          { name: '竣工验收', plannedDate: '2027-07-01' },
        ],
      },
      ifm(v),
    );
    expect(fields(twice)).toEqual(['body.milestones.1.name:exists', 'body.milestones.2.name:exists']);
    expect((await office.get(`/api/v1/projects/${p.id}/milestones`)).json().items).toHaveLength(2);
    // With milestones issued, the responsible unit cannot be swapped under them.
    const cur = (await office.get(`/api/v1/projects/${p.id}`)).json();
    const swap = await office.patch(
      `/api/v1/projects/${p.id}`,
      { responsibleUnitId: unit('发改局') },
      ifm(cur.version),
    );
    expect(swap.statusCode).toBe(409);
    expect(swap.json()).toMatchObject({
      code: 'project_milestones_issued',
      errors: [{ field: 'body.responsibleUnitId', code: 'milestones_issued' }],
    });
    // The unit's to-do on the core lists the milestones to accept.
    const todo = await t.deps.supervision.listItems(await actorOf(zjj), {
      kind: 'milestone',
      todo: true,
      page: 1,
      pageSize: 500,
    });
    expect(todo.items.some((i) => i.title === `${p.name}：开工` && i.assigneeUnitId === unit('住建局'))).toBe(true);
  });
});

describe('milestone templates', () => {
  it('the built-in template per type until the office saves its own, with versions', async () => {
    const list = (await fgj.get('/api/v1/projects/milestone-templates')).json().items;
    expect(list.find((x: { type: string }) => x.type === 'industry')).toMatchObject({
      custom: false,
      version: 0,
      names: expect.arrayContaining(['立项备案', '施工许可', '开工', '竣工验收', '投产']),
    });
    const names = ['立项备案', '用地预审', '施工许可', '开工', '竣工验收', '投产', '达产'];
    expect((await fgj.put('/api/v1/projects/milestone-templates/industry', { names }, ifm(0))).statusCode).toBe(403);
    const saved = await office.put('/api/v1/projects/milestone-templates/industry', { names }, ifm(0));
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ custom: true, version: 1, names });
    expect((await office.put('/api/v1/projects/milestone-templates/industry', { names }, ifm(0))).statusCode).toBe(412);
    expect((await office.put('/api/v1/projects/milestone-templates/industry', { names: [] }, ifm(1))).statusCode).toBe(
      400,
    );
    expect((await office.put('/api/v1/projects/milestone-templates/spaceport', { names }, ifm(1))).statusCode).toBe(
      400,
    );
    expect(
      (await principal.get('/api/v1/projects/milestone-templates'))
        .json()
        .items.find((x: { type: string }) => x.type === 'industry').names,
    ).toEqual(names);
  });
});

describe('rates and map', () => {
  it('computes the rates by their definitions over the caller’s projects, grouped and labelled', async () => {
    // A separate county slice: the projects of 梅岭乡 under 农业农村局, seen by its leader 刘洋.
    today = '2026-06-30';
    const mk = async (o: Record<string, unknown>) =>
      created(office, {
        responsibleUnitId: unit('农业农村局'),
        townshipUnitId: unit('梅岭乡'),
        leaderId: await personId('liuyang'),
        enteredOn: '2026-01-05',
        milestones: [],
        ...o,
      });
    const a = await mk({
      name: 'A 新建',
      pool: 'preliminary',
      startYear: 2026,
      endYear: 2027,
      annualPlans: { '2026': 1000 },
    });
    await mk({
      name: 'B 新建未开工',
      pool: 'preliminary',
      startYear: 2026,
      endYear: 2027,
      annualPlans: { '2026': 1000 },
    });
    const c = await mk({
      name: 'C 当年竣工投产',
      pool: 'continuing',
      startYear: 2025,
      endYear: 2026,
      annualPlans: { '2026': 2000 },
    });
    await office.post(
      `/api/v1/projects/${a.id}/moves`,
      { pool: 'new_start', date: '2026-04-01', reason: '开工' },
      ifm(a.version),
    );
    const c2 = (
      await office.post(
        `/api/v1/projects/${c.id}/moves`,
        { pool: 'completed', date: '2026-05-30', reason: '竣工验收' },
        ifm(c.version),
      )
    ).json();
    const c3 = (
      await office.post(
        `/api/v1/projects/${c.id}/moves`,
        { pool: 'in_production', date: '2026-06-20', reason: '投产' },
        ifm(c2.version),
      )
    ).json();
    await office.post(`/api/v1/projects/${c.id}/investments`, { month: '2026-05', amount: 1500 }, ifm(c3.version));
    const liu = await t.login('liuyang');
    const r = (await liu.get('/api/v1/projects/rates?groupBy=unit')).json();
    expect(r).toMatchObject({ asOf: '2026-06-30', year: 2026, groupBy: 'unit' });
    expect(r.total).toMatchObject({
      projects: 3,
      startPlanned: 2,
      started: 1,
      startRate: 0.5,
      completionPlanned: 1,
      completed: 1,
      completionRate: 1,
      productionPlanned: 1,
      producing: 1,
      productionRate: 1,
      investmentPlanned: 4000,
      investmentCompleted: 1500,
      investmentRate: 0.375,
    });
    expect(r.groups).toEqual([expect.objectContaining({ key: unit('农业农村局'), label: '农业农村局', projects: 3 })]);
    expect(r.expected).toBeGreaterThan(0.49);
    const byPool = (await liu.get('/api/v1/projects/rates?groupBy=pool&asOf=2026-04-15')).json();
    expect(
      byPool.groups.map((g: { key: string; label: string; projects: number }) => [g.key, g.label, g.projects]),
    ).toEqual([
      ['continuing', '续建', 1],
      ['new_start', '新开工', 1],
      ['preliminary', '前期', 1],
    ]);
    const en = (
      await liu.request('GET', '/api/v1/projects/rates?groupBy=pool', { headers: { 'accept-language': 'en' } })
    ).json();
    expect(en.groups.map((g: { label: string }) => g.label)).toContain('In production');
    const byLeader = (await office.get('/api/v1/projects/rates?groupBy=leader')).json();
    expect(byLeader.groups.find((g: { label: string }) => g.label === '刘洋').projects).toBe(3);
    expect((await liu.get('/api/v1/projects/rates?groupBy=planet')).statusCode).toBe(400);
    today = '2026-03-02';
  });

  it('the map shows located projects with their light, filtered by pool and type, and counts those without a point', async () => {
    const p = await created(office, {
      name: '龙泉物流园',
      type: 'infrastructure',
      pool: 'new_start',
      location: { lng: 113.6, lat: 34.7 },
      milestones: [{ name: '开工', plannedDate: '2026-02-01' }],
    });
    await created(office, { name: '无坐标项目', type: 'infrastructure', pool: 'new_start', location: null });
    const map = (await office.get('/api/v1/projects/map?pool=new_start&type=infrastructure')).json();
    expect(map.points.find((x: { id: string }) => x.id === p.id)).toMatchObject({
      lng: 113.6,
      lat: 34.7,
      light: 'red',
      pool: 'new_start',
      type: 'infrastructure',
    });
    expect(map.unlocated).toBeGreaterThanOrEqual(1);
    expect(
      map.points.every((x: { pool: string; type: string }) => x.pool === 'new_start' && x.type === 'infrastructure'),
    ).toBe(true);
    const mine = (await czj.get('/api/v1/projects/map')).json();
    expect(mine.points.map((x: { id: string }) => x.id)).not.toContain(p.id);
  });
});

describe('export', () => {
  it('exports the filtered library as the key-project table, formulas neutralised', async () => {
    const p = await created(office, { name: '=HYPERLINK("x")云溪冷链物流园', type: 'agriculture', pool: 'new_start' });
    const res = await zjj.get('/api/v1/projects/export?type=agriculture');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('重点项目表'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('重点项目表')!;
    expect((ws.getRow(1).values as unknown[]).slice(1, 5)).toEqual(['序号', '项目名称', '项目类型', '建设内容']);
    const rows = ws.getSheetValues().slice(2) as unknown[][];
    expect(rows).toHaveLength(1);
    expect(rows[0]![1]).toBe(p.serial);
    expect(rows[0]![2]).toBe(`'${p.name}`);
    expect(rows[0]![3]).toBe('农业农村');
    expect(rows[0]![11]).toBe('县住房和城乡建设局');
    expect(rows[0]![12]).toBe('龚颖');
    expect(rows[0]![14]).toBe('新开工');
    // A unit exports only what it sees.
    const other = await czj.get('/api/v1/projects/export?type=agriculture');
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(other.rawPayload as unknown as ArrayBuffer);
    expect(wb2.getWorksheet('重点项目表')!.rowCount).toBe(1);
  });
});

describe('import of the key-project table', () => {
  async function xlsx(
    rows: unknown[][],
    header = [
      '序号',
      '项目名称',
      '项目类型',
      '建设内容',
      '总投资（亿元）',
      '2026年计划投资（万元）',
      '建设单位',
      '责任单位',
      '包联领导',
      '所在乡镇',
      '所在库',
      '建设年限',
      '重大项目',
    ],
  ) {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('重点项目');
    ws.addRow(['2026年云溪县县级重点项目表']);
    ws.mergeCells('A1:M1');
    ws.addRow(header);
    for (const r of rows) ws.addRow(r);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }
  async function send(c: Client, name: string, content: Buffer) {
    const boundary = `----t${Math.random().toString(16).slice(2)}`;
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; ` +
          `filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return c.request('POST', '/api/v1/projects/import', {
      payload,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
  }
  const good = [
    [
      1,
      '云溪光电产业园',
      '产业',
      '新建光电器件生产线6条',
      '12.5',
      '30000',
      '云溪光电科技有限公司',
      '经发局',
      '龚颖',
      '开发区',
      '新开工',
      '2026-2027',
      '是',
    ],
    // The cell's own unit wins over the header's: 3000万元 in a 亿元 column.
    [
      2,
      '城南片区污水管网工程',
      '基础设施',
      '新建污水管网12公里',
      '3000万元',
      '1500',
      '',
      '住建局',
      '',
      '城关镇',
      '前期',
      '2026年—2026年',
      '',
    ],
  ];

  it('checks every row and names each problem by row and column; nothing is written', async () => {
    const before = (await office.get('/api/v1/projects?pageSize=1')).json().total;
    const res = await send(
      office,
      '重点项目表.xlsx',
      await xlsx([
        ...good,
        [3, '云溪光电产业园', '产业', 'x', '1', '', '', '发展改革局', '张三', '财政局', '招引', '明年', ''],
        [4, '生态停车场项目', '生态环保', '新建停车位300个', '0.05', '800', '', '住建局', '', '', '前期', '2026', ''],
      ]),
    );
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ batchId: null, accepted: 2, rejected: 2 });
    const bad = body.rows.find((r: { row: number }) => r.row === 5);
    expect(bad.errors.map((e: { column: string; code: string }) => `${e.column}:${e.code}`)).toEqual([
      '项目名称:duplicate_in_file',
      '责任单位:unknown_unit',
      '所在乡镇:not_township',
      '包联领导:unknown_leader',
      '所在库:invalid_value',
      '建设年限:invalid_format',
    ]);
    expect(bad.errors[1].message).toContain('县发展和改革局');
    // 800万元 planned against 0.05亿元 (500万元) total: the units look mixed up.
    expect(body.rows.find((r: { row: number }) => r.row === 6).errors).toEqual([
      expect.objectContaining({ column: '年度计划投资', code: 'plans_over_total' }),
    ]);
    expect((await office.get('/api/v1/projects?pageSize=1')).json().total).toBe(before);
  });

  it('refuses a bare number when neither the header nor the cell names 万元 or 亿元', async () => {
    const csv = Buffer.from(
      '项目名称,项目类型,建设内容,总投资,责任单位,所在库,建设年限\n县体育中心,社会民生,新建体育馆,8000,住建局,前期,2026-2027\n',
      'utf8',
    );
    const res = await send(office, 'p.csv', csv);
    expect(res.json().rows[0].errors).toEqual([expect.objectContaining({ column: '总投资', code: 'unit_missing' })]);
  });

  it('commits a clean file in one transaction, amounts in 万元; a re-upload is recognised and its names refused', async () => {
    const file = await xlsx(good);
    const res = await send(office, '重点项目表.xlsx', file);
    expect(res.json()).toMatchObject({ accepted: 2, rejected: 0, previouslyCommittedAt: null });
    const batch = res.json().batchId;
    expect((await zjj.post(`/api/v1/projects/import/${batch}/commit`, {})).statusCode).toBe(403);
    const commit = await office.post(`/api/v1/projects/import/${batch}/commit`, {});
    expect(commit.json()).toEqual({ created: 2 });
    expect((await office.post(`/api/v1/projects/import/${batch}/commit`, {})).json().code).toBe('import_stale');
    const list = (await office.get(`/api/v1/projects?pageSize=500&q=${encodeURIComponent('光电产业园')}`)).json().items;
    expect(list[0]).toMatchObject({
      name: '云溪光电产业园',
      type: 'industry',
      totalInvestment: 125000,
      annualPlans: { '2026': 30000 },
      pool: 'new_start',
      startYear: 2026,
      endYear: 2027,
      major: true,
      source: 'import',
    });
    const sewer = (await office.get(`/api/v1/projects?pageSize=500&q=${encodeURIComponent('城南片区污水管网')}`)).json()
      .items[0];
    expect(sewer).toMatchObject({
      totalInvestment: 3000,
      annualPlans: { '2026': 1500 },
      pool: 'preliminary',
      endYear: 2026,
    });
    const again = (await send(office, '重点项目表.xlsx', file)).json();
    expect(again.previouslyCommittedAt).not.toBeNull();
    expect(again.rows.every((r: { errors: { code: string }[] }) => r.errors.some((e) => e.code === 'exists'))).toBe(
      true,
    );
  });
});

describe('county boundary (挂图作战 without online tiles)', () => {
  const county = {
    type: 'Feature',
    properties: { name: '云溪县' },
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [113, 34],
          [114, 34],
          [114, 35],
          [113, 35],
          [113, 34],
        ],
      ],
    },
  };

  it('the system administrator uploads a GeoJSON boundary; one that is not valid is refused with the path of each problem', async () => {
    const sys = await t.login('sysadmin');
    expect((await office.get('/api/v1/projects/boundary')).statusCode).toBe(404);
    expect(
      (await office.put('/api/v1/projects/boundary', { name: '云溪县', geojson: county }, ifm(0))).statusCode,
    ).toBe(403);
    const bad = await sys.put(
      '/api/v1/projects/boundary',
      {
        name: '云溪县',
        geojson: {
          type: 'Polygon',
          coordinates: [
            [
              [113, 34],
              [114, 34],
              [114, 35],
              [113, 35],
            ],
          ],
        },
      },
      ifm(0),
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([
      expect.objectContaining({
        field: 'body.geojson.coordinates.0',
        code: 'ring_not_closed',
        message: '边界线未闭合（首末点须相同）',
      }),
    ]);
    expect(
      fields(
        await sys.put(
          '/api/v1/projects/boundary',
          { name: '云溪县', geojson: { type: 'LineString', coordinates: [] } },
          ifm(0),
        ),
      ),
    ).toEqual(['body.geojson.type:invalid_geojson']);
    const ok = await sys.put('/api/v1/projects/boundary', { name: '云溪县', geojson: county }, ifm(0));
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ name: '云溪县', generated: false, bbox: [113, 34, 114, 35], version: 1 });
    expect((await sys.put('/api/v1/projects/boundary', { name: '云溪县', geojson: county }, ifm(0))).statusCode).toBe(
      412,
    );
    expect((await zjj.get('/api/v1/projects/boundary')).json().geojson).toEqual(county);
  });

  it('refuses a project point outside the boundary, on entry, edit and import; the map carries the outline', async () => {
    const out = await office.post('/api/v1/projects', base({ location: { lng: 115.2, lat: 34.5 } }));
    expect(out.statusCode).toBe(400);
    expect(out.json().errors).toEqual([
      expect.objectContaining({
        field: 'body.location',
        code: 'outside_boundary',
        message: '坐标不在县域边界（云溪县）内',
      }),
    ]);
    const p = await created(office, { location: { lng: 113.5, lat: 34.5 } });
    expect(
      fields(await office.patch(`/api/v1/projects/${p.id}`, { location: { lng: 112, lat: 34.5 } }, ifm(p.version))),
    ).toEqual(['body.location:outside_boundary']);
    const map = (await office.get('/api/v1/projects/map')).json();
    expect(map.boundary).toMatchObject({ name: '云溪县', bbox: [113, 34, 114, 35] });
    const csv = Buffer.from(
      '项目名称,项目类型,建设内容,总投资（万元）,责任单位,所在库,建设年限,经度,纬度\n界外项目,产业,新建厂房,8000,住建局,前期,2026-2027,116.1,34.2\n',
      'utf8',
    );
    const boundary = `----t${Math.random().toString(16).slice(2)}`;
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.csv"\r\nContent-Type: text/csv\r\n\r\n`,
      ),
      csv,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await office.request('POST', '/api/v1/projects/import', {
      payload,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(res.json().rows[0].errors).toEqual([expect.objectContaining({ column: '经度', code: 'outside_boundary' })]);
  });
});
