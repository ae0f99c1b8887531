import { describe, expect, it } from 'vitest';
import { createTestApp, type Client } from '../../../../tests/helpers/app';
import { jobsOf, runEscalation } from '../../app';
import { runExclusive } from '../../jobs/runner';

/**
 * Escalation that climbs, as the job runs it: each step once per deadline (run twice = steps once), the right
 * people told at each, the timeline recording it, the principals' cockpit listing it, and blockers climbing by
 * themselves when their level's deadline passes.
 */
let today = '2026-03-02';
const t = await createTestApp({}, { today: () => today });
const office = await t.login('sunli');
const clerk = await t.login('fgj.clerk');
const admin = await t.login('fgj.admin');
const leader = await t.login('zhaozhiqiang'); // 分管 发改局
const principal = await t.login('limingzhe');
const other = await t.login('gongying'); // 分管 neither 发改局 nor the project
const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
const unit = (s: string) => units.find((u) => u.shortName === s)!.id;
const ifm = (v: number) => ({ 'if-match': `"${v}"` });

async function newTask(title: string, deadline: string) {
  const res = await office.post('/api/v1/tasks', {
    title,
    content: '内容',
    standard: '标准',
    accountability: '纳入年度目标考核',
    leadUnitId: unit('发改局'),
    deadline,
    issue: true,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number };
}
const steps = async (id: string) =>
  (await office.get(`/api/v1/tasks/${id}/events`))
    .json()
    .items.filter((e: { action: string }) => e.action === 'escalate')
    .map((e: { reason: string }) => e.reason as string);
const mail = async (c: Client, itemId: string) =>
  (await c.get('/api/v1/notifications?pageSize=100'))
    .json()
    .items.filter((n: { itemId: string; kind: string }) => n.itemId === itemId && CLIMB_KINDS.includes(n.kind))
    .map((n: { kind: string }) => n.kind as string);
const CLIMB_KINDS = ['overdue', 'supervision_notice', 'listed', 'blocker_escalated'];

describe('escalation that climbs (the job)', () => {
  it('told after the deadline, 督办单 after 5 working days, 挂牌督办 after 10 — each once, run twice', async () => {
    const task = await newTask('逐级督办测试任务', '2026-03-20'); // a Friday
    await clerk.post(`/api/v1/tasks/${task.id}/accept`, {}, ifm(task.version));

    today = '2026-03-20'; // the deadline itself: nothing yet
    await runEscalation(t.deps);
    expect(await steps(task.id)).toEqual([]);

    today = '2026-03-23'; // Monday, 1 working day late
    await runEscalation(t.deps);
    await runEscalation(t.deps);
    expect(await steps(task.id)).toHaveLength(1);
    expect(await mail(clerk, task.id)).toEqual(['overdue']);
    expect(await mail(leader, task.id)).toEqual(['overdue']);
    expect(await mail(principal, task.id)).toEqual([]);

    today = '2026-03-27'; // 5 working days
    const [r1] = await runEscalation(t.deps);
    const [r2] = await runEscalation(t.deps);
    expect(r1!.notices).toBeGreaterThan(0);
    expect(r2).toMatchObject({ told: 0, notices: 0, listed: 0 });
    expect(await steps(task.id)).toHaveLength(2);
    expect((await steps(task.id))[1]).toContain('督办单');
    expect(await mail(admin, task.id)).toContain('supervision_notice'); // the unit's head
    expect(await mail(leader, task.id)).toEqual(['supervision_notice', 'overdue']);
    expect(await mail(principal, task.id)).toEqual([]);
    // Not yet on the principals' list.
    expect((await principal.get('/api/v1/cockpit')).json().listed.items.map((i: { id: string }) => i.id)).not.toContain(
      task.id,
    );

    today = '2026-04-03'; // 10 working days (no holiday until 清明, 4–6 April)
    await runEscalation(t.deps);
    await runEscalation(t.deps);
    expect(await steps(task.id)).toHaveLength(3);
    expect(await mail(principal, task.id)).toEqual(['listed']);
    const listed = (await principal.get('/api/v1/cockpit')).json().listed;
    expect(listed.items).toContainEqual(
      expect.objectContaining({ id: task.id, kind: 'task', listedOn: '2026-04-03', light: 'red' }),
    );
    // The 分管 leader sees it on his cockpit; a leader of other units does not.
    expect((await leader.get('/api/v1/cockpit')).json().listed.items.map((i: { id: string }) => i.id)).toContain(
      task.id,
    );
    expect((await other.get('/api/v1/cockpit')).json().listed.items.map((i: { id: string }) => i.id)).not.toContain(
      task.id,
    );

    // Days later, more runs: nothing again.
    today = '2026-04-20';
    await runEscalation(t.deps);
    expect(await steps(task.id)).toHaveLength(3);
    expect(await mail(principal, task.id)).toEqual(['listed']);
  });

  it('a job that did not run for days takes the missed steps together, lowest first', async () => {
    today = '2026-03-02';
    const task = await newTask('积压的逐级督办', '2026-03-06');
    today = '2026-03-25';
    await runEscalation(t.deps);
    const s = await steps(task.id);
    expect(s).toHaveLength(3);
    expect(s[0]).toContain('已过完成时限');
    expect(s[1]).toContain('督办单');
    expect(s[2]).toContain('挂牌督办');
  });

  it('a new deadline takes an item off the list and starts the climb again', async () => {
    today = '2026-03-02';
    const task = await newTask('延期后重新计算', '2026-03-06');
    let v = task.version;
    const acc = await clerk.post(`/api/v1/tasks/${task.id}/accept`, {}, ifm(v));
    v = acc.json().version;
    today = '2026-03-25';
    await runEscalation(t.deps);
    expect(await steps(task.id)).toHaveLength(3);
    expect((await office.get('/api/v1/cockpit')).json().listed.items.map((i: { id: string }) => i.id)).toContain(
      task.id,
    );
    // The office moves the deadline: off the list, and the climb counts from the new date.
    const cur = (await office.get(`/api/v1/tasks/${task.id}`)).json();
    const re = await office.post(
      `/api/v1/tasks/${task.id}/replan`,
      { deadline: '2026-03-31', reason: '县政府常务会议同意调整时限' },
      ifm(cur.version),
    );
    expect(re.statusCode, re.body).toBe(200);
    expect((await office.get('/api/v1/cockpit')).json().listed.items.map((i: { id: string }) => i.id)).not.toContain(
      task.id,
    );
    await runEscalation(t.deps);
    expect(await steps(task.id)).toHaveLength(3);
    today = '2026-04-01';
    await runEscalation(t.deps);
    expect(await steps(task.id)).toHaveLength(4);
  });

  it('a blocker climbs by itself when its level’s deadline passes, recorded as a hand escalation is, once', async () => {
    today = '2026-03-02';
    const p = await office.post('/api/v1/projects', {
      name: '逐级督办测试项目',
      type: 'industry',
      content: '逐级督办测试项目',
      totalInvestment: 10000,
      annualPlans: { '2026': 5000 },
      responsibleUnitId: unit('住建局'),
      leaderId: await leaderId('gongying'),
      startYear: 2026,
      endYear: 2027,
      pool: 'new_start',
      enteredOn: '2026-01-05',
    });
    expect(p.statusCode, p.body).toBe(201);
    const zjj = await t.login('zjj.clerk');
    const raised = await zjj.post('/api/v1/blockers', {
      projectId: p.json().id,
      type: 'land',
      description: '用地指标未落实',
      handlingUnitId: unit('自然资源局'),
    });
    expect(raised.statusCode, raised.body).toBe(201);
    const b = raised.json();
    expect(b).toMatchObject({ level: 1, deadline: '2026-03-16' });
    today = '2026-03-16';
    await runEscalation(t.deps);
    expect((await office.get(`/api/v1/blockers/${b.id}`)).json().level).toBe(1);
    today = '2026-03-17';
    await runEscalation(t.deps);
    await runEscalation(t.deps);
    const after = (await office.get(`/api/v1/blockers/${b.id}`)).json();
    // 龚颖 is the 包联 leader and also 分管 住建局: the chain skips her to the principal.
    expect(after.level).toBe(3);
    expect(after.deadline > '2026-03-17').toBe(true);
    const ev = (await office.get(`/api/v1/tasks/${b.id}/events`)).json().items;
    const urges = ev.filter((e: { action: string }) => e.action === 'urge');
    expect(urges).toHaveLength(1);
    expect(urges[0].reason).toContain('自动升级');
    expect(await mail(principal, b.id)).toContain('blocker_escalated');
    // The overdue ladder of tasks does not apply to blockers.
    expect(ev.filter((e: { action: string }) => e.action === 'escalate')).toEqual([]);
  });

  it('runs as a scheduled job, one instance at a time', async () => {
    const job = jobsOf(t.deps).find((j) => j.name === 'escalation')!;
    expect(job).toBeDefined();
    expect(await runExclusive(t.deps.database.pool, job)).toBe('ran');
  });
});

async function leaderId(username: string) {
  const sys = await t.login('sysadmin');
  return (await sys.get(`/api/v1/people?q=${username}`)).json().items[0].id as string;
}
