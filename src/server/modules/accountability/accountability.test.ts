import { describe, expect, it } from 'vitest';
import { createTestApp, type Client } from '../../../../tests/helpers/app';

/**
 * 问责与容错 over HTTP on the real database: a case opened on the evidence of a late task, seen only by those it
 * concerns, a 容错 request filed by the person named and accepted by the office — after which the task's
 * deductions count 0 in the league (the trail says 容错免责) and the task cannot found another case.
 */
let today = '2026-03-02';
const t = await createTestApp({}, { today: () => today });
const office = await t.login('sunli');
const principal = await t.login('wangjianguo');
const leader = await t.login('gongying');
const clerk = await t.login('fgj.clerk');
const head = await t.login('fgj.admin');
const otherClerk = await t.login('jfj.clerk');
const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
const unit = (s: string) => units.find((u) => u.shortName === s)!.id;
const me = async (c: Client) => (await c.get('/api/v1/auth/me')).json() as { personId?: string; id?: string };
const personId = async (c: Client) => {
  const m = await me(c);
  return (m.personId ?? m.id)!;
};
const ifm = (v: number) => ({ 'if-match': `"${v}"` });
const year = { from: '2026-01-01', to: '2026-12-31' };

async function lateTask(title: string) {
  today = '2026-03-02';
  const task = (
    await office.post('/api/v1/tasks', {
      title,
      content: '问责测试任务',
      standard: '按期完成',
      accountability: '逾期纳入问责',
      leadUnitId: unit('发改局'),
      deadline: '2026-03-10',
      cadence: 'monthly',
      issue: true,
    })
  ).json();
  const res = await clerk.post(`/api/v1/tasks/${task.id}/accept`, {}, ifm(task.version));
  expect(res.statusCode, res.body).toBe(200);
  // Ten days later the task is past its deadline and still open.
  today = '2026-03-20';
  return res.json() as { id: string; version: number };
}

const clerkId = await personId(clerk);
const task = await lateTask('推进投资项目审批改革试点');
const opened = await office.post('/api/v1/accountability', {
  title: '投资项目审批改革试点逾期',
  facts: '该任务逾期十天未办结。',
  personIds: [clerkId],
  itemIds: [task.id],
  proposedMeasure: '提醒谈话',
});
const personCase = opened.json();

describe('opening a case', () => {
  it('numbers it and takes the evidence from the record', () => {
    expect(opened.statusCode, opened.body).toBe(201);
    expect(personCase.number).toMatch(/^问责〔2026〕\d+号$/);
    expect(personCase.state).toBe('open');
    expect(personCase.persons.map((p: { name: string }) => p.name)).toHaveLength(1);
    expect(personCase.items).toEqual([expect.objectContaining({ id: task.id, deadline: '2026-03-10' })]);
    expect(personCase.evidence).toContainEqual(
      expect.objectContaining({ kind: 'overdue', itemId: task.id, ref: `overdue:${task.id}` }),
    );
    expect(personCase.actions).toEqual(['decide', 'withdraw']);
  });

  it('refuses a case naming nobody, an unknown item and a measure not on the list, in domain words', async () => {
    const res = await office.post('/api/v1/accountability', {
      title: '无对象',
      facts: '……',
      itemIds: [crypto.randomUUID()],
      proposedMeasure: '罚款',
    });
    expect(res.statusCode).toBe(400);
    const errors = res.json().errors as { field: string; message: string }[];
    expect(errors).toContainEqual(
      expect.objectContaining({ field: 'body.personIds', message: expect.stringContaining('问责对象') }),
    );
    expect(errors).toContainEqual(
      expect.objectContaining({ field: 'body.proposedMeasure', message: expect.stringContaining('问责方式“罚款”') }),
    );
    const unknown = await office.post('/api/v1/accountability', {
      title: '未知事项',
      facts: '……',
      unitId: unit('发改局'),
      itemIds: [crypto.randomUUID()],
    });
    expect(unknown.json().errors).toEqual([expect.objectContaining({ field: 'body.itemIds.0' })]);
  });

  it('is opened by the office only', async () => {
    const body = { title: 'x', facts: 'x', personIds: [clerkId], itemIds: [task.id] };
    expect((await principal.post('/api/v1/accountability', body)).statusCode).toBe(403);
    expect((await clerk.post('/api/v1/accountability', body)).statusCode).toBe(403);
  });
});

describe('who sees a case', () => {
  const ids = async (c: Client, q = '') =>
    ((await c.get(`/api/v1/accountability?pageSize=200${q}`)).json().items as { id: string }[]).map((i) => i.id);

  it('a case about a person: the office, the principals and the person; a clerk never sees another’s', async () => {
    for (const c of [office, principal, clerk]) {
      expect(await ids(c)).toContain(personCase.id);
      expect((await c.get(`/api/v1/accountability/${personCase.id}`)).statusCode).toBe(200);
    }
    // Another unit's clerk, the unit's own head and the leader who 分管 the unit: not listed, not found.
    for (const c of [otherClerk, head, leader]) {
      expect(await ids(c)).not.toContain(personCase.id);
      expect((await c.get(`/api/v1/accountability/${personCase.id}`)).statusCode).toBe(404);
    }
  });

  it('a case against a unit: its head too, not its clerk', async () => {
    const other = await lateTask('完善重大项目储备库');
    const res = await office.post('/api/v1/accountability', {
      title: '项目储备库建设滞后',
      facts: '单位整体推进不力。',
      unitId: unit('发改局'),
      itemIds: [other.id],
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id;
    expect(await ids(head)).toContain(id);
    expect((await head.get(`/api/v1/accountability/${id}`)).json().actions).toEqual(['requestTolerance']);
    expect(await ids(clerk)).not.toContain(id);
    expect((await clerk.get(`/api/v1/accountability/${id}`)).statusCode).toBe(404);
    expect(await ids(office, `&unitId=${unit('发改局')}`)).toContain(id);
    // Withdrawn with a reason, it stays on record and no longer counts.
    const w = await office.post(
      `/api/v1/accountability/${id}/withdraw`,
      { reason: '立案有误' },
      ifm(res.json().version),
    );
    expect(w.statusCode, w.body).toBe(200);
    expect(w.json()).toMatchObject({ state: 'withdrawn', withdrawReason: '立案有误', actions: [] });
  });
});

describe('容错 request and its decision', () => {
  it('is filed only by the person concerned, with conditions on the county’s list', async () => {
    const cur = (await clerk.get(`/api/v1/accountability/${personCase.id}`)).json();
    expect(cur.actions).toEqual(['requestTolerance']);
    const bad = await clerk.post(
      `/api/v1/accountability/${personCase.id}/tolerance`,
      { conditions: ['领导同意'], reasons: '……' },
      ifm(cur.version),
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([
      expect.objectContaining({ field: 'body.conditions.0', message: expect.stringContaining('容错情形“领导同意”') }),
    ]);
    const body = {
      conditions: ['属于改革创新、先行先试的探索性工作', '未谋取私利'],
      reasons: '试点无先例可循，已及时调整。',
    };
    expect(
      (await office.post(`/api/v1/accountability/${personCase.id}/tolerance`, body, ifm(cur.version))).statusCode,
    ).toBe(403);
    expect(
      (await otherClerk.post(`/api/v1/accountability/${personCase.id}/tolerance`, body, ifm(cur.version))).statusCode,
    ).toBe(404);
    expect((await clerk.post(`/api/v1/accountability/${personCase.id}/tolerance`, body)).statusCode).toBe(428);
    const res = await clerk.post(`/api/v1/accountability/${personCase.id}/tolerance`, body, ifm(cur.version));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().tolerance).toMatchObject({ state: 'pending', conditions: body.conditions });
    const again = await clerk.post(`/api/v1/accountability/${personCase.id}/tolerance`, body, ifm(res.json().version));
    expect(again.statusCode).toBe(409);
  });

  it('holds the decision while pending', async () => {
    const cur = (await office.get(`/api/v1/accountability/${personCase.id}`)).json();
    expect(cur.actions).toEqual(['withdraw', 'decideTolerance']);
    const res = await office.post(
      `/api/v1/accountability/${personCase.id}/decide`,
      { measure: '提醒谈话', decidedOn: today, reason: '逾期' },
      ifm(cur.version),
    );
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('tolerance_pending');
  });

  it('accepted: the case ends 容错免责, the task’s deductions count 0 and it founds no later case', async () => {
    const league = async () => {
      const res = await office.get(`/api/v1/scoring/league?from=${year.from}&to=${year.to}&unitId=${unit('发改局')}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().rows[0] as {
        score: number;
        cases: { opened: number; tolerated: number };
        breakdown: { kind: string; events: { itemId: string; points: number; exempt?: string }[] }[];
      };
    };
    const before = await league();
    const overdueBefore = before.breakdown.flatMap((l) => l.events).filter((e) => e.itemId === task.id);
    expect(overdueBefore.some((e) => e.points < 0)).toBe(true);

    const cur = (await office.get(`/api/v1/accountability/${personCase.id}`)).json();
    const stale = await office.post(
      `/api/v1/accountability/${personCase.id}/tolerance/decide`,
      { decision: 'accepted', reason: 'x' },
      ifm(cur.version - 1),
    );
    expect(stale.statusCode).toBe(412);
    const res = await office.post(
      `/api/v1/accountability/${personCase.id}/tolerance/decide`,
      { decision: 'accepted', reason: '符合改革探索容错情形，且未谋取私利。' },
      ifm(cur.version),
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      state: 'decided',
      outcome: 'exempted',
      measure: null,
      decidedOn: today,
      tolerance: { state: 'accepted', decisionReason: '符合改革探索容错情形，且未谋取私利。' },
      actions: [],
    });

    const after = await league();
    expect(after.score).toBeGreaterThan(before.score);
    const mine = after.breakdown.flatMap((l) => l.events).filter((e) => e.itemId === task.id);
    expect(mine.length).toBe(overdueBefore.length);
    for (const e of mine) {
      expect(e.points).toBe(0);
      expect(e.exempt).toBe(`容错免责（${personCase.number}）`);
    }
    expect(after.cases.tolerated).toBeGreaterThanOrEqual(1);

    const later = await office.post('/api/v1/accountability', {
      title: '再次问责',
      facts: '……',
      personIds: [clerkId],
      itemIds: [task.id],
    });
    expect(later.statusCode).toBe(400);
    expect(later.json().errors).toEqual([
      expect.objectContaining({ field: 'body.itemIds.0', message: expect.stringContaining('已容错免责') }),
    ]);
  });

  it('rejected: the office then decides the measure, on the county’s list, not before the case was opened', async () => {
    const other = await lateTask('编制专项规划');
    const c = (
      await office.post('/api/v1/accountability', {
        title: '专项规划编制逾期',
        facts: '逾期未报送。',
        personIds: [clerkId],
        itemIds: [other.id],
      })
    ).json();
    const asked = (
      await clerk.post(
        `/api/v1/accountability/${c.id}/tolerance`,
        { conditions: ['未谋取私利'], reasons: '工作量大。' },
        ifm(c.version),
      )
    ).json();
    const rejected = await office.post(
      `/api/v1/accountability/${c.id}/tolerance/decide`,
      { decision: 'rejected', reason: '不属于容错情形。' },
      ifm(asked.version),
    );
    expect(rejected.json()).toMatchObject({
      state: 'open',
      tolerance: { state: 'rejected' },
      actions: ['decide', 'withdraw'],
    });
    const v = rejected.json().version;
    const bad = await office.post(
      `/api/v1/accountability/${c.id}/decide`,
      { measure: '罚款', decidedOn: '2026-01-01', reason: '逾期' },
      ifm(v),
    );
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['body.decidedOn', 'body.measure']);
    const ok = await office.post(
      `/api/v1/accountability/${c.id}/decide`,
      { measure: '诫勉谈话', decidedOn: today, reason: '逾期且未说明原因。' },
      ifm(v),
    );
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ state: 'decided', outcome: 'measure', measure: '诫勉谈话' });
    const again = await office.post(
      `/api/v1/accountability/${c.id}/decide`,
      { measure: '诫勉谈话', decidedOn: today, reason: '重复' },
      ifm(ok.json().version),
    );
    expect(again.statusCode).toBe(409);
  });
});

describe('counts, settings and audit', () => {
  it('counts cases by unit for the office and leaders, never for a unit', async () => {
    const res = await office.get(`/api/v1/accountability/counts?from=${year.from}&to=${year.to}`);
    expect(res.statusCode).toBe(200);
    const row = res.json().byUnit.find((r: { unitId: string }) => r.unitId === unit('发改局'));
    // The withdrawn case does not count: two opened, one decided with a measure, one tolerated.
    expect(row).toMatchObject({ opened: 2, measures: 1, tolerated: 1 });
    const mine = (await leader.get(`/api/v1/accountability/counts?from=${year.from}&to=${year.to}`)).json();
    expect(mine.byUnit.some((r: { unitId: string }) => r.unitId === unit('发改局'))).toBe(false);
    // The leader who 分管 发改局 gets its counts (not its cases).
    const zhao = await t.login('zhaozhiqiang');
    const his = (await zhao.get(`/api/v1/accountability/counts?from=${year.from}&to=${year.to}`)).json();
    expect(his.byUnit.find((r: { unitId: string }) => r.unitId === unit('发改局'))).toMatchObject({ opened: 2 });
    expect((await zhao.get(`/api/v1/accountability/${personCase.id}`)).statusCode).toBe(404);
    expect((await clerk.get(`/api/v1/accountability/counts?from=${year.from}&to=${year.to}`)).statusCode).toBe(403);
  });

  it('the measures are the county’s list, edited with If-Match', async () => {
    const s = await office.get('/api/v1/accountability/settings');
    expect(s.json().measures).toEqual(['提醒谈话', '通报批评', '诫勉谈话', '责令检查', '组织处理']);
    const put = await office.put(
      '/api/v1/accountability/settings',
      { measures: [...s.json().measures, '停职检查'], conditions: s.json().conditions },
      ifm(s.json().version),
    );
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().version).toBe(1);
    expect((await office.put('/api/v1/accountability/settings', s.json(), ifm(0))).statusCode).toBe(400);
  });

  it('every step is in the audit trail', async () => {
    const auditor = await t.login('auditadmin');
    for (const a of [
      'accountability.open',
      'accountability.withdraw',
      'accountability.tolerance.request',
      'accountability.tolerance.decide',
      'accountability.decide',
      'settings.accountability',
    ]) {
      const res = await auditor.get(`/api/v1/audit-events?action=${a}&pageSize=100`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().items.length, a).toBeGreaterThan(0);
    }
    const opened = await auditor.get(`/api/v1/audit-events?action=accountability.open&q=${personCase.id}`);
    expect(opened.json().items[0].detail.after.evidence).toContain(`overdue:${task.id}`);
  });
});
