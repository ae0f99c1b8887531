import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp } from '../../../../tests/helpers/app';

/**
 * Stored lights (the one light function's result kept on the item so lists page in SQL), milestones in the
 * supervision core, and my to-do derived from the flow's rules.
 */
let today = '2026-03-02';
const t = await createTestApp({}, { today: () => today });
const office = await t.login('sunli');
const clerk = await t.login('fgj.clerk');
const sysadmin = await t.login('sysadmin');

const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
const unit = (s: string) => units.find((u) => u.shortName === s)!.id;
const ifm = (v: number) => ({ 'if-match': `"${v}"` });

function body(overrides: Record<string, unknown> = {}) {
  return {
    title: '储能项目签约落地',
    content: '推进储能项目签约落地，年内开工',
    standard: '签约并开工',
    accountability: '纳入年度目标考核',
    leadUnitId: unit('发改局'),
    coUnitIds: [],
    deadline: '2026-06-30',
    cadence: 'monthly',
    level: 'key',
    milestones: [],
    issue: true,
    ...overrides,
  };
}
async function issued(overrides: Record<string, unknown> = {}) {
  const res = await office.post('/api/v1/tasks', body(overrides));
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
async function accepted(overrides: Record<string, unknown> = {}) {
  const task = await issued(overrides);
  const res = await clerk.post(`/api/v1/tasks/${task.id}/accept`, {}, ifm(task.version));
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
type Row = { id: string; light: string; lightReasons: string[]; version: number };
const all = async (query = '') => (await office.get(`/api/v1/tasks?pageSize=500${query}`)).json().items as Row[];
const detail = async (id: string) => (await office.get(`/api/v1/tasks/${id}`)).json();

describe('stored lights', () => {
  it('the list filters by the light the task page shows, day after day', async () => {
    const a = await accepted({ deadline: '2026-03-31' });
    await accepted({ deadline: '2026-04-30' });
    await accepted({ deadline: '2026-03-06' });
    for (const day of ['2026-03-02', '2026-03-04', '2026-03-27', '2026-04-01', '2026-05-06']) {
      today = day;
      const items = await all();
      for (const i of items) {
        const d = await detail(i.id);
        expect({ day, light: i.light, reasons: i.lightReasons }).toEqual({
          day,
          light: d.light,
          reasons: d.lightReasons,
        });
      }
      for (const light of ['red', 'yellow', 'green']) {
        const filtered = (await all(`&light=${light}`)).map((i) => i.id).sort();
        expect({ day, light, ids: filtered }).toEqual({
          day,
          light,
          ids: items
            .filter((i) => i.light === light)
            .map((i) => i.id)
            .sort(),
        });
      }
    }
    today = '2026-04-01';
    expect((await detail(a.id)).light).toBe('red');
    // Sorting by light puts the reds first.
    const sorted = await all('&sort=light');
    const sev = { red: 3, yellow: 2, green: 1, done: 0, none: 0 } as Record<string, number>;
    expect(sorted.map((i) => sev[i.light])).toEqual([...sorted.map((i) => sev[i.light]!)].sort((x, y) => y - x));
    today = '2026-03-02';
  });

  it('a write clears the stored light: a report that catches up turns the task green at once', async () => {
    today = '2026-03-02';
    const task = await accepted({ deadline: '2026-04-30', title: '追赶进度任务' });
    today = '2026-04-10';
    const behind = (await all()).find((i) => i.id === task.id)!;
    expect(behind).toMatchObject({ light: 'red', lightReasons: ['far_behind'] });
    const res = await clerk.post(
      `/api/v1/tasks/${task.id}/reports`,
      { progress: 90, text: '已基本完成' },
      ifm(behind.version),
    );
    expect(res.statusCode, res.body).toBe(201);
    expect((await all('&light=green')).map((i) => i.id)).toContain(task.id);
    today = '2026-03-02';
  });

  it('a calendar change derives the lights again (two local holidays bring a deadline within three working days)', async () => {
    today = '2026-03-25';
    const task = await accepted({ deadline: '2026-03-31', title: '调休影响的任务' });
    await clerk.post(`/api/v1/tasks/${task.id}/reports`, { progress: 90, text: '收尾' }, ifm(task.version));
    expect((await all('&light=yellow')).map((i) => i.id)).not.toContain(task.id);
    for (const day of ['2026-03-26', '2026-03-27'])
      expect(
        (await sysadmin.put(`/api/v1/calendar/days/${day}`, { kind: 'holiday', name: '本县放假' })).statusCode,
      ).toBe(204);
    const yellow = (await all('&light=yellow')).find((i) => i.id === task.id);
    expect(yellow?.lightReasons).toContain('due_soon');
    for (const day of ['2026-03-26', '2026-03-27'])
      await sysadmin.put(`/api/v1/calendar/days/${day}`, { kind: 'normal', name: '恢复' });
    expect((await all('&light=yellow')).map((i) => i.id)).not.toContain(task.id);
    today = '2026-03-02';
  });

  it('recomputations racing writers never keep a stale light', async () => {
    today = '2026-03-02';
    const tasks = await Promise.all(
      Array.from({ length: 8 }, (_, i) => accepted({ deadline: '2026-04-30', title: `并发任务${i}` })),
    );
    today = '2026-04-10';
    // Every list recomputes what is stale while eight reports land at the same time.
    await Promise.all([
      ...tasks.map((task) =>
        clerk.post(`/api/v1/tasks/${task.id}/reports`, { progress: 95, text: '冲刺' }, ifm(task.version)),
      ),
      ...Array.from({ length: 6 }, () => all()),
    ]);
    const listed = new Map((await all()).map((i) => [i.id, i]));
    for (const task of tasks) {
      const d = await detail(task.id);
      expect(d.light).toBe('green');
      expect(listed.get(task.id)?.light).toBe('green');
    }
    today = '2026-03-02';
  });

  it('a closed item keeps its light for ever and is not derived again', async () => {
    const rows = await t.deps.database.db.execute(
      sql`SELECT count(*)::int AS n FROM supervised_items WHERE state IN ('closed', 'cancelled')
        AND light_on <> 'infinity'::date AND light_on IS NOT NULL`,
    );
    expect((rows.rows[0] as { n: number }).n).toBe(0);
  });
});

describe('milestones (节点) in the supervision core', () => {
  it('an overdue milestone turns the task yellow in list and detail; done, it is green again', async () => {
    today = '2026-03-02';
    const task = await accepted({ milestones: [{ title: '完成签约', due: '2026-03-20' }], title: '节点任务' });
    let cur = await clerk
      .post(`/api/v1/tasks/${task.id}/reports`, { progress: 20, text: '洽谈中' }, ifm(task.version))
      .then(() => detail(task.id));
    today = '2026-03-23';
    const listed = (await all('&light=yellow')).find((i) => i.id === task.id);
    expect(listed?.lightReasons).toEqual(['milestone_overdue']);
    cur = await detail(task.id);
    expect(cur).toMatchObject({ light: 'yellow', lightReasons: ['milestone_overdue'] });
    const m = cur.milestones[0];

    const future = await clerk.post(
      `/api/v1/tasks/${task.id}/milestones/${m.id}/complete`,
      { doneOn: '2026-03-30' },
      ifm(cur.version),
    );
    expect(future.statusCode).toBe(400);
    expect(future.json().errors[0]).toMatchObject({ field: 'body.doneOn', code: 'date_in_future' });
    expect(
      (
        await office.post(
          `/api/v1/tasks/${task.id}/milestones/${m.id}/complete`,
          { doneOn: '2026-03-21' },
          ifm(cur.version),
        )
      ).statusCode,
    ).toBe(403);

    const done = await clerk.post(
      `/api/v1/tasks/${task.id}/milestones/${m.id}/complete`,
      { doneOn: '2026-03-21' },
      ifm(cur.version),
    );
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ light: 'green', milestones: [{ title: '完成签约', doneOn: '2026-03-21' }] });
    expect((await all('&light=green')).map((i) => i.id)).toContain(task.id);
    const events = (await office.get(`/api/v1/tasks/${task.id}/events`))
      .json()
      .items.map((e: { action: string }) => e.action);
    expect(events).toContain('milestoneDone');
    today = '2026-03-02';
  });

  it('the office re-plans milestones with the version it read; stale, past or late plans are refused; a clerk may not', async () => {
    today = '2026-03-02';
    const task = await accepted({ milestones: [{ title: '方案', due: '2026-04-01' }], title: '调整节点任务' });
    const plan = {
      milestones: [
        { title: '方案', due: '2026-04-01' },
        { title: '招标', due: '2026-05-15' },
      ],
    };
    expect((await clerk.put(`/api/v1/tasks/${task.id}/milestones`, plan, ifm(task.version))).statusCode).toBe(403);
    const ok = await office.put(`/api/v1/tasks/${task.id}/milestones`, plan, ifm(task.version));
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().milestones.map((m: { title: string }) => m.title)).toEqual(['方案', '招标']);
    const stale = await office.put(`/api/v1/tasks/${task.id}/milestones`, plan, ifm(task.version));
    expect([409, 412]).toContain(stale.statusCode);
    const late = await office.put(
      `/api/v1/tasks/${task.id}/milestones`,
      { milestones: [{ title: '验收', due: '2026-07-15' }] },
      ifm(ok.json().version),
    );
    expect(late.json().errors[0]).toMatchObject({ field: 'body.milestones.0.due', code: 'after_deadline' });
    const past = await office.put(
      `/api/v1/tasks/${task.id}/milestones`,
      { milestones: [{ title: '补录', due: '2026-02-01' }] },
      ifm(ok.json().version),
    );
    expect(past.json().errors[0]).toMatchObject({ field: 'body.milestones.0.due', code: 'deadline_past' });
  });
});

describe('调整时限 (re-plan)', () => {
  it(`the office moves a deadline with a reason; the light follows; past dates, clerks and dates before an open \
sub-task are refused`, async () => {
    today = '2026-03-02';
    const task = await accepted({ deadline: '2026-03-31', title: '调整时限任务' });
    today = '2026-04-02';
    expect((await detail(task.id)).light).toBe('red');
    expect(
      (await office.post(`/api/v1/tasks/${task.id}/replan`, { deadline: '2026-06-30' }, ifm(task.version))).statusCode,
    ).toBe(400);
    expect(
      (
        await clerk.post(
          `/api/v1/tasks/${task.id}/replan`,
          { deadline: '2026-06-30', reason: '自己改' },
          ifm(task.version),
        )
      ).statusCode,
    ).toBe(403);
    const past = await office.post(
      `/api/v1/tasks/${task.id}/replan`,
      { deadline: '2026-04-01', reason: '领导同意' },
      ifm(task.version),
    );
    expect(past.json().errors[0]).toMatchObject({ field: 'body.deadline', code: 'deadline_past' });
    const ok = await office.post(
      `/api/v1/tasks/${task.id}/replan`,
      { deadline: '2026-06-30', reason: '县政府常务会议同意延至6月底' },
      ifm(task.version),
    );
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ deadline: '2026-06-30' });
    expect(ok.json().light).not.toBe('red');
    expect((await all('&light=red')).map((i) => i.id)).not.toContain(task.id);
    // A sub-task due in June holds the parent's deadline from moving before it.
    const sub = await clerk.post(
      `/api/v1/tasks/${task.id}/subtasks`,
      body({ title: '子任务', leadUnitId: unit('城关镇'), deadline: '2026-06-15', issue: true }),
    );
    expect(sub.statusCode, sub.body).toBe(201);
    const cur = await detail(task.id);
    const early = await office.post(
      `/api/v1/tasks/${task.id}/replan`,
      { deadline: '2026-05-31', reason: '提前' },
      ifm(cur.version),
    );
    expect(early.json().errors[0]).toMatchObject({ field: 'body.deadline', code: 'before_children' });
    const events = (await office.get(`/api/v1/tasks/${task.id}/events`)).json().items;
    expect(events.find((e: { action: string }) => e.action === 'replan')).toMatchObject({
      reason: '县政府常务会议同意延至6月底',
      data: { oldDeadline: '2026-03-31', newDeadline: '2026-06-30' },
    });
    today = '2026-03-02';
  });
});

describe('my to-do (我的待办)', () => {
  it('the clerk sees what to accept and what to report this period; a report takes it off', async () => {
    today = '2026-03-02';
    const fresh = await issued({ title: '待签收任务' });
    const working = await accepted({ title: '待报送任务' });
    const todo = async () =>
      (await clerk.get('/api/v1/tasks?todo=true&pageSize=500')).json().items.map((i: Row) => i.id);
    expect(await todo()).toEqual(expect.arrayContaining([fresh.id, working.id]));
    await clerk.post(`/api/v1/tasks/${working.id}/reports`, { progress: 10, text: '启动' }, ifm(working.version));
    expect(await todo()).not.toContain(working.id);
    // Next month the report is due again.
    today = '2026-04-01';
    expect(await todo()).toContain(working.id);
    today = '2026-03-02';
  });

  it('the office sees reports to review, extensions and close requests to decide, not every task at work', async () => {
    today = '2026-03-02';
    const quiet = await accepted({ title: '无待办的在办任务' });
    const reported = await accepted({ title: '待审核报告的任务' });
    const r = await clerk.post(
      `/api/v1/tasks/${reported.id}/reports`,
      { progress: 10, text: '启动' },
      ifm(reported.version),
    );
    expect(r.statusCode).toBe(201);
    const ext = await accepted({ title: '待审批延期的任务' });
    expect(
      (await clerk.post(`/api/v1/tasks/${ext.id}/extension-requests`, { deadline: '2026-07-31', reason: '征迁未完成' }))
        .statusCode,
    ).toBe(201);
    const todo = async () =>
      (await office.get('/api/v1/tasks?todo=true&pageSize=500')).json().items.map((i: Row) => i.id);
    const ids = await todo();
    expect(ids).toEqual(expect.arrayContaining([reported.id, ext.id]));
    expect(ids).not.toContain(quiet.id);
    const report = (await office.get(`/api/v1/tasks/${reported.id}/reports`)).json().items[0];
    expect(
      (await office.post(`/api/v1/tasks/${reported.id}/reports/${report.id}/review`, { decision: 'accepted' }))
        .statusCode,
    ).toBe(204);
    expect(await todo()).not.toContain(reported.id);
  });
});
