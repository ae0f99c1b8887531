import { describe, expect, it } from 'vitest';
import { createTestApp, type Client } from '../../../../tests/helpers/app';

/**
 * 工作专班 over HTTP on the real database: the office forms a task force led by a unit with members from several
 * units; a task assigned to it is its lead unit's to do, and every member sees it — in the ledger, on its page —
 * while a clerk of another unit who is not a member does not. A member who leaves no longer sees it.
 */
const t = await createTestApp({}, { today: () => '2026-03-02' });
const office = await t.login('sunli');
const leader = await t.login('gongying');
const fgjClerk = await t.login('fgj.clerk');
const jfjClerk = await t.login('jfj.clerk');
const zjjClerk = await t.login('zjj.clerk');
const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
const unit = (s: string) => units.find((u) => u.shortName === s)!.id;
const personId = async (username: string) =>
  (await office.get(`/api/v1/people?q=${username}`)).json().items[0].id as string;
const ifm = (v: number) => ({ 'if-match': `"${v}"` });

const formed = await office.post('/api/v1/task-forces', {
  name: '重点项目审批服务专班',
  kind: 'task_force',
  duties: '重点项目前期手续并联审批',
  leadUnitId: unit('发改局'),
  headId: await personId('zhaozhiqiang'),
  members: [
    { personId: await personId('fgj.clerk'), duty: '联络员' },
    { personId: await personId('jfj.clerk') },
    { personId: await personId('zrzyj.clerk') },
  ],
});
let force = formed.json();

const body = (over: Record<string, unknown> = {}) => ({
  title: '重点项目前期手续并联审批',
  content: '专班集中办公，前期手续一次办结',
  standard: '审批时限压缩一半',
  accountability: '逾期纳入考核',
  leadUnitId: unit('发改局'),
  taskForceId: force.id,
  deadline: '2026-09-30',
  cadence: 'monthly',
  issue: true,
  ...over,
});
const created = await office.post('/api/v1/tasks', body());
const task = created.json() as { id: string; version: number; taskForceId: string; assigneeUnitId: string };

const listed = async (c: Client) =>
  ((await c.get('/api/v1/tasks?pageSize=200')).json().items as { id: string }[]).map((i) => i.id);

describe('forming a task force', () => {
  it('has a lead unit, a head and members who keep their home units', () => {
    expect(formed.statusCode, formed.body).toBe(201);
    expect(force.leadUnitName).toBe('发改局');
    expect(force.headName).toBe('赵志强');
    expect(force.members.map((m: { unitName: string; duty: string }) => [m.unitName, m.duty])).toEqual([
      ['发改局', '联络员'],
      ['经发局', '成员'],
      ['自然资源局', '成员'],
    ]);
    expect(force.unitNames).toEqual(['发改局', '经发局', '自然资源局']);
  });

  it('refuses an unknown unit, a head who is not a leader and a member listed twice, in domain words', async () => {
    const jfj = await personId('jfj.clerk');
    const res = await office.post('/api/v1/task-forces', {
      name: '错误的专班',
      leadUnitId: crypto.randomUUID(),
      headId: jfj,
      members: [{ personId: jfj }, { personId: jfj }],
    });
    expect(res.statusCode).toBe(400);
    const errors = res.json().errors as { field: string; label: string }[];
    expect(errors.map((e) => [e.field, e.label])).toEqual([
      ['body.leadUnitId', '牵头单位'],
      ['body.headId', '组长'],
      ['body.members.1.personId', '成员'],
    ]);
  });

  it('is formed and changed by the office only', async () => {
    for (const c of [leader, fgjClerk]) {
      expect((await c.post('/api/v1/task-forces', { name: 'x', leadUnitId: unit('发改局') })).statusCode).toBe(403);
      expect((await c.patch(`/api/v1/task-forces/${force.id}`, { name: 'x' }, ifm(force.version))).statusCode).toBe(
        403,
      );
    }
    expect((await leader.get(`/api/v1/task-forces/${force.id}`)).statusCode).toBe(200);
  });
});

describe('a task assigned to the task force', () => {
  it('is its lead unit’s to do; a task force with another lead unit is refused, naming the field', async () => {
    expect(created.statusCode, created.body).toBe(201);
    expect(task.taskForceId).toBe(force.id);
    expect(task.assigneeUnitId).toBe(unit('发改局'));
    const wrong = await office.post('/api/v1/tasks', body({ leadUnitId: unit('经发局') }));
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors).toContainEqual(
      expect.objectContaining({
        field: 'body.leadUnitId',
        label: '牵头单位',
        message: expect.stringContaining('重点项目审批服务专班'),
      }),
    );
  });

  it('every member sees it, whatever his unit; a clerk of another unit who is not a member does not', async () => {
    expect(await listed(jfjClerk)).toContain(task.id);
    const page = await jfjClerk.get(`/api/v1/tasks/${task.id}`);
    expect(page.statusCode).toBe(200);
    // A member of another unit reads it; only the lead unit acts on it.
    expect(page.json().actions).toEqual([]);
    expect(await listed(zjjClerk)).not.toContain(task.id);
    expect((await zjjClerk.get(`/api/v1/tasks/${task.id}`)).statusCode).toBe(404);
    expect((await zjjClerk.get(`/api/v1/tasks/${task.id}/events`)).statusCode).toBe(404);
    const accepted = await fgjClerk.post(`/api/v1/tasks/${task.id}/accept`, {}, ifm(task.version));
    expect(accepted.statusCode, accepted.body).toBe(200);
  });

  it('the task force’s page lists its tasks as each reader sees them', async () => {
    const mine = (await jfjClerk.get(`/api/v1/task-forces/${force.id}`)).json();
    expect(mine.taskItems.map((x: { id: string }) => x.id)).toEqual([task.id]);
    expect(mine.openTasks).toBe(1);
    expect((await zjjClerk.get(`/api/v1/task-forces/${force.id}`)).json().taskItems).toEqual([]);
    const memberOf = (await jfjClerk.get('/api/v1/task-forces?member=me')).json().items as { id: string }[];
    expect(memberOf.map((f) => f.id)).toEqual([force.id]);
    expect((await zjjClerk.get('/api/v1/task-forces?member=me')).json().items).toEqual([]);
  });

  it('a member who leaves no longer sees it; a new member does at once', async () => {
    let res = await office.post(
      `/api/v1/task-forces/${force.id}/members/remove`,
      { personIds: [await personId('jfj.clerk')] },
      ifm(force.version),
    );
    expect(res.statusCode, res.body).toBe(200);
    force = res.json();
    expect((await jfjClerk.get(`/api/v1/tasks/${task.id}`)).statusCode).toBe(404);
    res = await office.post(
      `/api/v1/task-forces/${force.id}/members`,
      { members: [{ personId: await personId('zjj.clerk'), duty: '副组长' }] },
      ifm(force.version),
    );
    expect(res.statusCode, res.body).toBe(200);
    force = res.json();
    expect(await listed(zjjClerk)).toContain(task.id);
  });

  it('a dissolved task force takes no new tasks; its tasks stay with the lead unit', async () => {
    const res = await office.patch(`/api/v1/task-forces/${force.id}`, { state: 'dissolved' }, ifm(force.version));
    expect(res.statusCode, res.body).toBe(200);
    const refused = await office.post('/api/v1/tasks', body({ title: '专班撤销后的任务' }));
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors).toContainEqual(expect.objectContaining({ field: 'body.taskForceId' }));
    expect(await listed(fgjClerk)).toContain(task.id);
    const audit = await t.deps.database.pool.query(
      'SELECT action FROM audit_events WHERE object_id = $1 ORDER BY seq',
      [force.id],
    );
    expect(audit.rows.map((r: { action: string }) => r.action)).toEqual([
      'taskForce.create',
      'taskForce.members.remove',
      'taskForce.members.add',
      'taskForce.update',
    ]);
  });
});
