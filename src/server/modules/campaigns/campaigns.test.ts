import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTestApp, type Client } from '../../../../tests/helpers/app';

/**
 * 专项行动与战线 over HTTP on the real database: the office forms a campaign with fronts led by county leaders, puts
 * tasks and projects in them; the fronts' and units' leagues come from the tasks' own lights and progress; the ledger
 * and the library filter by campaign and front; leaders and units read, only the office writes.
 */
let today = '2026-03-02';
const t = await createTestApp({}, { today: () => today });
const office = await t.login('sunli');
const principal = await t.login('wangjianguo');
const leader = await t.login('gongying');
const fgjClerk = await t.login('fgj.clerk');
const zjjClerk = await t.login('zjj.clerk');
const head = await t.login('cgz.admin');
const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
const unit = (s: string) => units.find((u) => u.shortName === s)!.id;
const personId = async (username: string) =>
  (await office.get(`/api/v1/people?q=${username}`)).json().items[0].id as string;
const gongying = await personId('gongying');
const zhaozhiqiang = await personId('zhaozhiqiang');
const ifm = (v: number) => ({ 'if-match': `"${v}"` });

async function task(title: string, unitShort: string, deadline: string) {
  const res = await office.post('/api/v1/tasks', {
    title,
    content: `${title}（专项行动测试）`,
    standard: '按期完成',
    accountability: '逾期纳入考核',
    leadUnitId: unit(unitShort),
    deadline,
    cadence: 'monthly',
    issue: true,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number };
}

const onTime = await task('编制重点项目前期工作清单', '发改局', '2026-12-31');
const late = await task('老旧小区改造开工', '住建局', '2026-03-10');
const other = await task('不在专项行动中的任务', '发改局', '2026-12-31');
const project = (
  await office.post('/api/v1/projects', {
    name: '城西片区路网工程',
    type: 'infrastructure',
    content: '新建道路4条',
    totalInvestment: 30000,
    annualPlans: { '2026': 30000 },
    responsibleUnitId: unit('住建局'),
    leaderId: gongying,
    startYear: 2026,
    endYear: 2026,
    pool: 'preliminary',
    enteredOn: '2026-01-10',
  })
).json() as { id: string };

const created = await office.post('/api/v1/campaigns', {
  name: '执行力亮剑',
  goal: '划分八条战线全力推进重点工作',
  startDate: '2026-01-01',
  endDate: '2026-12-31',
  fronts: [
    { name: '项目建设战线', leaderId: zhaozhiqiang, leadUnitId: unit('发改局'), duties: '重点项目前期、开工、投资' },
    { name: '城乡建设战线', leaderId: gongying },
  ],
});
let campaign = created.json();
const front = (name: string) => (campaign.fronts as { id: string; name: string }[]).find((f) => f.name === name)!.id;

async function put(frontName: string, body: Record<string, unknown>) {
  const res = await office.post(
    `/api/v1/campaigns/${campaign.id}/items`,
    { frontId: front(frontName), ...body },
    ifm(campaign.version),
  );
  expect(res.statusCode, res.body).toBe(200);
  campaign = res.json();
}

describe('forming a campaign', () => {
  it('has its fronts with their lead leaders, in the order given, and a version', () => {
    expect(created.statusCode, created.body).toBe(201);
    expect(created.headers.etag).toBe('"1"');
    expect(campaign.fronts.map((f: { name: string; leaderName: string }) => [f.name, f.leaderName])).toEqual([
      ['项目建设战线', '赵志强'],
      ['城乡建设战线', '龚颖'],
    ]);
    expect(campaign.fronts[0].leadUnitName).toBe('发改局');
    expect(campaign.figures.tasks).toBe(0);
  });

  it('puts tasks and projects in fronts; a task moved to another front leaves the first', async () => {
    await put('项目建设战线', { taskIds: [onTime.id, late.id], projectIds: [project.id] });
    await put('城乡建设战线', { taskIds: [late.id] });
    expect(campaign.tasks.map((x: { id: string; frontId: string }) => [x.id, x.frontId]).sort()).toEqual(
      [
        [onTime.id, front('项目建设战线')],
        [late.id, front('城乡建设战线')],
      ].sort(),
    );
    expect(campaign.projectItems).toEqual([
      expect.objectContaining({ id: project.id, frontId: front('项目建设战线'), unitName: '住建局' }),
    ]);
  });

  it('refuses in domain words: an end before the start, a leader who is not one, an unknown task or front', async () => {
    const bad = await office.post('/api/v1/campaigns', {
      name: '项目攻坚年',
      startDate: '2026-06-01',
      endDate: '2026-01-01',
      fronts: [{ name: '招商战线', leaderId: await personId('fgj.clerk') }],
    });
    expect(bad.statusCode).toBe(400);
    const errors = bad.json().errors as { field: string; message: string; label: string }[];
    expect(errors).toContainEqual(expect.objectContaining({ field: 'body.endDate', label: '结束日期' }));
    expect(errors).toContainEqual(
      expect.objectContaining({
        field: 'body.fronts.0.leaderId',
        label: '牵头县领导',
        message: expect.stringContaining('县级领导'),
      }),
    );
    const unknown = await office.post(
      `/api/v1/campaigns/${campaign.id}/items`,
      { frontId: crypto.randomUUID(), taskIds: [crypto.randomUUID()] },
      ifm(campaign.version),
    );
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors.map((e: { field: string }) => e.field)).toEqual(['body.frontId', 'body.taskIds.0']);
  });

  it('a stale version is refused (412), a missing one asked for (428)', async () => {
    const stale = await office.post(`/api/v1/campaigns/${campaign.id}/fronts`, { name: '招商引资战线' }, ifm(1));
    expect(stale.statusCode).toBe(412);
    expect((await office.post(`/api/v1/campaigns/${campaign.id}/fronts`, { name: '招商引资战线' })).statusCode).toBe(
      428,
    );
  });
});

describe('its league', () => {
  it('counts each front’s tasks by their lights and progress; the front on track leads, a front without tasks comes last', async () => {
    const add = await office.post(
      `/api/v1/campaigns/${campaign.id}/fronts`,
      { name: '营商环境战线', leaderId: zhaozhiqiang },
      ifm(campaign.version),
    );
    expect(add.statusCode, add.body).toBe(200);
    campaign = add.json();
    today = '2026-03-20';
    const c = (await office.get(`/api/v1/campaigns/${campaign.id}`)).json();
    expect(c.fronts.map((f: { name: string; rank: number | null }) => [f.name, f.rank])).toEqual([
      ['项目建设战线', 1],
      ['城乡建设战线', 2],
      ['营商环境战线', null],
    ]);
    const urban = c.fronts.find((f: { name: string }) => f.name === '城乡建设战线');
    expect(urban.figures).toMatchObject({ tasks: 1, open: 1, overdue: 1, red: 1, score: 0 });
    expect(c.fronts[0].projects).toMatchObject({ projects: 1 });
    expect(c.figures.tasks).toBe(2);
    expect(c.units.map((u: { unitName: string; rank: number }) => [u.unitName, u.rank])).toEqual([
      ['发改局', 1],
      ['住建局', 2],
    ]);
    // The list (and the cockpit's card) carries the same fronts' figures.
    const listed = (await principal.get('/api/v1/campaigns?state=active')).json().items;
    expect(listed.find((x: { id: string }) => x.id === campaign.id).fronts[1].figures.red).toBe(1);
  });

  it('each reader’s figures are over the tasks he sees: a unit’s clerk sees its own task’s front only', async () => {
    const mine = (await zjjClerk.get(`/api/v1/campaigns/${campaign.id}`)).json();
    expect(mine.figures.tasks).toBe(1);
    expect(mine.tasks.map((x: { id: string }) => x.id)).toEqual([late.id]);
    const theirs = (await fgjClerk.get(`/api/v1/campaigns/${campaign.id}`)).json();
    expect(theirs.tasks.map((x: { id: string }) => x.id)).toEqual([onTime.id]);
  });
});

describe('the filter on the ledger and the library', () => {
  const ids = async (c: Client, url: string) => ((await c.get(url)).json().items as { id: string }[]).map((i) => i.id);

  it('the ledger by campaign and by front, for the office and within a unit’s own scope', async () => {
    const all = await ids(office, `/api/v1/tasks?campaignId=${campaign.id}&pageSize=100`);
    expect(all.sort()).toEqual([onTime.id, late.id].sort());
    expect(all).not.toContain(other.id);
    expect(await ids(office, `/api/v1/tasks?frontId=${front('城乡建设战线')}`)).toEqual([late.id]);
    expect(await ids(fgjClerk, `/api/v1/tasks?frontId=${front('城乡建设战线')}`)).toEqual([]);
    expect(await ids(office, `/api/v1/tasks?frontId=${crypto.randomUUID()}`)).toEqual([]);
    const xlsx = await office.get(`/api/v1/tasks/export?frontId=${front('城乡建设战线')}`);
    expect(xlsx.statusCode).toBe(200);
  });

  it('the library and its pool counts by front', async () => {
    expect(await ids(office, `/api/v1/projects?frontId=${front('项目建设战线')}`)).toEqual([project.id]);
    expect(await ids(office, `/api/v1/projects?frontId=${front('城乡建设战线')}`)).toEqual([]);
    const counts = (await office.get(`/api/v1/projects/counts?campaignId=${campaign.id}`)).json();
    expect(counts.total).toBe(1);
  });
});

describe('who may do what', () => {
  it('leaders and units read; only the office forms, edits and fills a campaign', async () => {
    for (const c of [principal, leader, fgjClerk, head])
      expect((await c.get(`/api/v1/campaigns/${campaign.id}`)).statusCode).toBe(200);
    for (const c of [principal, leader, fgjClerk, head]) {
      expect(
        (await c.post('/api/v1/campaigns', { name: 'x', startDate: '2026-01-01', endDate: '2026-12-31' })).statusCode,
      ).toBe(403);
      expect((await c.patch(`/api/v1/campaigns/${campaign.id}`, { name: 'x' }, ifm(campaign.version))).statusCode).toBe(
        403,
      );
      expect(
        (await c.post(`/api/v1/campaigns/${campaign.id}/items/remove`, { taskIds: [late.id] }, ifm(campaign.version)))
          .statusCode,
      ).toBe(403);
    }
  });

  it('the office takes a task out and closes the campaign; it stays readable', async () => {
    const out = await office.post(
      `/api/v1/campaigns/${campaign.id}/items/remove`,
      { taskIds: [late.id] },
      ifm(campaign.version),
    );
    expect(out.statusCode, out.body).toBe(200);
    expect(out.json().tasks.map((x: { id: string }) => x.id)).toEqual([onTime.id]);
    const closed = await office.patch(`/api/v1/campaigns/${campaign.id}`, { state: 'closed' }, ifm(out.json().version));
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().state).toBe('closed');
    expect(
      ((await leader.get('/api/v1/campaigns?state=closed')).json().items as { id: string }[]).map((c) => c.id),
    ).toContain(campaign.id);
    const audit = await t.deps.database.pool.query(
      `SELECT action FROM audit_events WHERE object_id = $1 ORDER BY seq`,
      [campaign.id],
    );
    expect(audit.rows.map((r: { action: string }) => r.action)).toEqual(
      expect.arrayContaining(['campaign.create', 'campaign.items.add', 'campaign.items.remove', 'campaign.update']),
    );
  });
});
