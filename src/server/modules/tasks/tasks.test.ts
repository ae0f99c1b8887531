import { describe, expect, it } from 'vitest';
import { createTestApp, type Client } from '../../../../tests/helpers/app';

let today = '2026-03-02';
let clock = '09:00';
const t = await createTestApp({}, { today: () => today, clock: () => clock });
const office = await t.login('sunli');
const clerk = await t.login('fgj.clerk');
const fgjAdmin = await t.login('fgj.admin');

const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
const unit = (s: string) => units.find((u) => u.shortName === s)!.id;
const personId = async (username: string) =>
  (await t.login('sysadmin').then((c) => c.get(`/api/v1/people?q=${username}`))).json().items[0].id as string;
const gongying = await personId('gongying');

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

function base(overrides: Record<string, unknown> = {}) {
  return {
    title: '新建项目开工率',
    content: '每季度组织一批重点项目开竣工，确保上半年新建项目开工率达到80%以上',
    standard: '上半年新建项目开工率≥80%，第三季度全部开工',
    accountability: '未按期完成的，按县督查考核办法扣分并约谈',
    leadUnitId: unit('发改局'),
    coUnitIds: [unit('财政局')],
    leadLeaderId: gongying,
    deadline: '2026-06-30',
    cadence: 'monthly',
    level: 'key',
    category: '项目建设',
    sourceType: 'meeting',
    sourceTitle: '2023年县政府全体会',
    milestones: [{ title: '一季度开工一批', due: '2026-03-31' }],
    issue: true,
    ...overrides,
  };
}
const ifm = (v: number) => ({ 'if-match': `"${v}"` });
async function upload(c: Client, name: string, content: Buffer) {
  const boundary = `----t${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return c.request('POST', '/api/v1/attachments', {
    payload,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
}
async function issued(overrides: Record<string, unknown> = {}) {
  const res = await office.post('/api/v1/tasks', base(overrides));
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('issuing a task (五明确)', () => {
  it('issues a complete task: assigned, green, with its ledger fields', async () => {
    const task = await issued();
    expect(task).toMatchObject({
      state: 'assigned',
      light: 'green',
      level: 'key',
      assigneeUnitId: unit('发改局'),
      serial: expect.any(Number),
    });
    expect(task.actions).toEqual(['cancel', 'urge', 'replan']);
  });

  it('refuses to issue without a standard, naming the field', async () => {
    const res = await office.post('/api/v1/tasks', base({ standard: null }));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'incomplete_task',
      errors: [expect.objectContaining({ field: 'body.standard', code: 'required' })],
    });
    const draft = await office.post('/api/v1/tasks', base({ standard: null, issue: false }));
    expect(draft.json().state).toBe('draft');
    const assign = await office.post(`/api/v1/tasks/${draft.json().id}/assign`, {}, ifm(draft.json().version));
    expect(assign.json().code).toBe('incomplete_task');
  });

  it('refuses to issue without 奖惩 (五明确 means five), naming it; a draft may lack it', async () => {
    const res = await office.post('/api/v1/tasks', base({ accountability: '  ' }));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'incomplete_task',
      errors: [expect.objectContaining({ field: 'body.accountability', code: 'required', message: '必填' })],
    });
    expect(res.json().detail).toContain('奖惩');
    const draft = await office.post('/api/v1/tasks', base({ accountability: null, issue: false }));
    expect(draft.statusCode, draft.body).toBe(201);
    const assign = await office.post(`/api/v1/tasks/${draft.json().id}/assign`, {}, ifm(draft.json().version));
    expect(assign.json()).toMatchObject({
      code: 'incomplete_task',
      errors: [expect.objectContaining({ field: 'body.accountability' })],
    });
    const patched = await office.patch(
      `/api/v1/tasks/${draft.json().id}`,
      { accountability: '逾期未办结的，通报并约谈' },
      ifm(draft.json().version),
    );
    expect(patched.statusCode, patched.body).toBe(200);
    expect(
      (await office.post(`/api/v1/tasks/${draft.json().id}/assign`, {}, ifm(patched.json().version))).json().state,
    ).toBe('assigned');
  });

  it('refuses a deadline before today, a co-unit equal to the lead unit, a milestone after the deadline', async () => {
    const res = await office.post(
      '/api/v1/tasks',
      base({ deadline: '2026-03-01', coUnitIds: [unit('发改局')], milestones: [{ title: 'x', due: '2026-07-01' }] }),
    );
    expect(res.statusCode).toBe(400);
    const codes = res.json().errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        'body.deadline:deadline_past',
        'body.coUnitIds.0:co_unit_is_lead',
        'body.milestones.0.due:after_deadline',
      ]),
    );
    expect(res.json().errors.find((e: { code: string }) => e.code === 'co_unit_is_lead').message).toBe(
      '配合单位不能与牵头单位相同',
    );
  });

  it('only the office and principals issue top-level tasks', async () => {
    expect((await clerk.post('/api/v1/tasks', base())).statusCode).toBe(403);
  });
});

describe('the supervision loop', () => {
  it('accept → report → request close with evidence → close', async () => {
    const task = await issued();
    const todo = (await clerk.get('/api/v1/tasks?todo=true&pageSize=100'))
      .json()
      .items.map((i: { id: string }) => i.id);
    expect(todo).toContain(task.id);
    const stale = await clerk.post(`/api/v1/tasks/${task.id}/accept`, {}, ifm(task.version - 1));
    expect(stale.statusCode).toBe(412);
    const noVersion = await clerk.post(`/api/v1/tasks/${task.id}/accept`, {});
    expect(noVersion.statusCode).toBe(428);
    const accepted = (await clerk.post(`/api/v1/tasks/${task.id}/accept`, {}, ifm(task.version))).json();
    expect(accepted.state).toBe('accepted');
    const rep = await clerk.post(
      `/api/v1/tasks/${task.id}/reports`,
      { progress: 40, text: '已开工12个项目', problems: '用地指标紧张', nextSteps: '协调自然资源局' },
      ifm(accepted.version),
    );
    expect(rep.statusCode, rep.body).toBe(201);
    expect(rep.json().period).toBe('2026-03');
    const again = await clerk.post(
      `/api/v1/tasks/${task.id}/reports`,
      { progress: 45, text: '再报一次' },
      ifm(accepted.version + 1),
    );
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('duplicate_report');

    let cur = (await clerk.get(`/api/v1/tasks/${task.id}`)).json();
    expect(cur).toMatchObject({ state: 'in_progress', progress: 40 });
    const noEvidence = await clerk.post(
      `/api/v1/tasks/${task.id}/request-close`,
      { summary: '已完成', attachmentIds: [] },
      ifm(cur.version),
    );
    expect(noEvidence.statusCode).toBe(400);
    // Said in words, not as a field's name.
    expect(noEvidence.json()).toMatchObject({
      code: 'evidence_required',
      detail: expect.stringContaining('请上传佐证材料'),
      errors: [expect.objectContaining({ message: '请上传佐证材料' })],
    });
    expect(
      (await clerk.post(`/api/v1/tasks/${task.id}/request-close`, { summary: '已完成' }, ifm(cur.version))).json().code,
    ).toBe('evidence_required');
    const file = (await upload(clerk, '开工照片.png', PNG)).json();
    const req = await clerk.post(
      `/api/v1/tasks/${task.id}/request-close`,
      { summary: '开工率85%', attachmentIds: [file.id] },
      ifm(cur.version),
    );
    expect(req.statusCode, req.body).toBe(200);
    cur = req.json();
    expect(cur.state).toBe('close_requested');
    expect((await office.get(`/api/v1/tasks/${task.id}/attachments`)).json().items[0]).toMatchObject({
      fileName: '开工照片.png',
      mediaType: 'image/png',
    });
    const closed = (await office.post(`/api/v1/tasks/${task.id}/close`, {}, ifm(cur.version))).json();
    expect(closed).toMatchObject({ state: 'closed', light: 'done', actions: [] });
    const events = (await office.get(`/api/v1/tasks/${task.id}/events`))
      .json()
      .items.map((e: { action: string }) => e.action);
    // The report still waiting was settled by the closing, recorded after it.
    expect(events).toEqual(['create', 'assign', 'accept', 'report', 'requestClose', 'close', 'reviewReport']);
  });

  it('a list asked again answers the same; another caller, filter or day gets its own (values kept by all three)', async () => {
    const cgzClerk = await t.login('cgz.clerk');
    const ids = async (c: Client, query: string) =>
      (await c.get(`/api/v1/tasks?${query}&pageSize=100`)).json().items.map((i: { id: string }) => i.id) as string[];
    const task = await issued({ category: '招商引资' });
    const accepted = (await clerk.post(`/api/v1/tasks/${task.id}/accept`, {}, ifm(task.version))).json();
    expect((await ids(clerk, 'todo=true')).includes(task.id)).toBe(true); // this month's report is due
    const rep = await clerk.post(
      `/api/v1/tasks/${task.id}/reports`,
      { progress: 10, text: '已对接' },
      ifm(accepted.version),
    );
    expect(rep.statusCode, rep.body).toBe(201);
    // Asked twice by the same clerk (the second from kept values, checked against building them under the tests).
    expect(await ids(clerk, 'todo=true')).toEqual(await ids(clerk, 'todo=true'));
    expect(await ids(clerk, 'todo=true')).not.toContain(task.id);
    // Another unit's clerk, with the same filter: not his unit's task.
    expect(await ids(cgzClerk, `todo=true&unitId=${unit('发改局')}`)).not.toContain(task.id);
    // The same clerk with another value of the ledger's own filter.
    expect(await ids(clerk, 'category=招商引资')).toContain(task.id);
    expect(await ids(clerk, 'category=项目建设')).not.toContain(task.id);
    // Next month the report is due again: the day is part of what the values are kept by.
    const was = today;
    today = '2026-04-01';
    try {
      expect(await ids(clerk, 'todo=true')).toContain(task.id);
    } finally {
      today = was;
    }
    expect(await ids(clerk, 'todo=true')).not.toContain(task.id);
  });

  it('a returned task goes back to the office with its reason, and can be issued again', async () => {
    const task = await issued();
    const noReason = await clerk.post(`/api/v1/tasks/${task.id}/return`, {}, ifm(task.version));
    expect(noReason.statusCode).toBe(400);
    const returned = (
      await clerk.post(`/api/v1/tasks/${task.id}/return`, { reason: '不属于本单位职责' }, ifm(task.version))
    ).json();
    expect(returned.state).toBe('returned');
    expect(returned.actions).toEqual([]);
    const seen = (await office.get(`/api/v1/tasks/${task.id}`)).json();
    expect(seen.actions).toEqual(expect.arrayContaining(['reassign', 'cancel']));
    const fixed = (
      await office.patch(`/api/v1/tasks/${task.id}`, { leadUnitId: unit('经发局'), coUnitIds: [] }, ifm(seen.version))
    ).json();
    expect(fixed.assigneeUnitId).toBe(unit('经发局'));
    expect((await office.post(`/api/v1/tasks/${task.id}/reassign`, {}, ifm(fixed.version))).json().state).toBe(
      'assigned',
    );
    const timeline = (await office.get(`/api/v1/tasks/${task.id}/events`)).json().items;
    expect(timeline.find((e: { action: string }) => e.action === 'return')).toMatchObject({
      reason: '不属于本单位职责',
      actorName: expect.any(String),
    });
  });

  it('sends back a close request with a reason', async () => {
    const task = await issued();
    const a = (await clerk.post(`/api/v1/tasks/${task.id}/accept`, {}, ifm(task.version))).json();
    const file = (await upload(clerk, 'x.png', PNG)).json();
    const r = (
      await clerk.post(
        `/api/v1/tasks/${task.id}/request-close`,
        { summary: '完成', attachmentIds: [file.id] },
        ifm(a.version),
      )
    ).json();
    const back = await office.post(`/api/v1/tasks/${task.id}/send-back`, { reason: '佐证材料不足' }, ifm(r.version));
    expect(back.json().state).toBe('in_progress');
  });

  it('an impossible action gets 409 naming what is possible', async () => {
    const task = await issued();
    const cancelled = (
      await office.post(`/api/v1/tasks/${task.id}/cancel`, { reason: '任务调整' }, ifm(task.version))
    ).json();
    expect(cancelled.state).toBe('cancelled');
    const res = await clerk.post(`/api/v1/tasks/${task.id}/accept`, {}, ifm(cancelled.version));
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'invalid_transition', possibleActions: [] });
    const close = await office.post(`/api/v1/tasks/${(await issued()).id}/close`, {}, ifm(2));
    expect(close.json()).toMatchObject({ code: 'invalid_transition', possibleActions: ['cancel', 'urge', 'replan'] });
  });

  it('two clerks reporting the same period: one report, one clear refusal', async () => {
    const task = await issued();
    const a = (await clerk.post(`/api/v1/tasks/${task.id}/accept`, {}, ifm(task.version))).json();
    const [r1, r2] = await Promise.all([
      clerk.post(`/api/v1/tasks/${task.id}/reports`, { progress: 20, text: '甲报送' }, ifm(a.version)),
      fgjAdmin.post(`/api/v1/tasks/${task.id}/reports`, { progress: 25, text: '乙报送' }, ifm(a.version)),
    ]);
    expect([r1.statusCode, r2.statusCode].sort()).toEqual([201, expect.any(Number)]);
    const loser = r1.statusCode === 201 ? r2 : r1;
    expect([409, 412]).toContain(loser.statusCode);
    expect((await office.get(`/api/v1/tasks/${task.id}/reports`)).json().items).toHaveLength(1);
  });

  it('extension: requested with a reason, approved with old and new deadline on record', async () => {
    const task = await issued();
    const a = (await clerk.post(`/api/v1/tasks/${task.id}/accept`, {}, ifm(task.version))).json();
    const req = await clerk.post(`/api/v1/tasks/${task.id}/extension-requests`, {
      deadline: '2026-08-31',
      reason: '征迁未完成',
    });
    expect(req.statusCode, req.body).toBe(201);
    const dup = await clerk.post(`/api/v1/tasks/${task.id}/extension-requests`, {
      deadline: '2026-09-30',
      reason: '再申请',
    });
    expect(dup.json().code).toBe('extension_pending');
    const ok = await office.post(`/api/v1/tasks/${task.id}/extension-requests/${req.json().id}/approve`, {
      note: '同意',
    });
    expect(ok.json().deadline).toBe('2026-08-31');
    const ev = (await office.get(`/api/v1/tasks/${task.id}/events`))
      .json()
      .items.find((e: { action: string }) => e.action === 'decideExtension');
    expect(ev.data).toMatchObject({ approved: true, oldDeadline: '2026-06-30', newDeadline: '2026-08-31' });
    expect(a.state).toBe('accepted');
  });
});

describe('closing, evidence and report review', () => {
  async function working(overrides: Record<string, unknown> = {}) {
    const task = await issued({ milestones: [], ...overrides });
    return (await clerk.post(`/api/v1/tasks/${task.id}/accept`, {}, ifm(task.version))).json();
  }
  async function report(id: string, progress: number, body: Record<string, unknown> = {}) {
    const cur = (await clerk.get(`/api/v1/tasks/${id}`)).json();
    const r = await clerk.post(
      `/api/v1/tasks/${id}/reports`,
      { progress, text: `进展${progress}%`, ...body },
      ifm(cur.version),
    );
    expect(r.statusCode, r.body).toBe(201);
    return r.json();
  }

  it('the task carries its pending close request (summary, evidence, who, when) until it is decided', async () => {
    const a = await working();
    await report(a.id, 35, { attachmentIds: [(await upload(clerk, '月报照片.png', PNG)).json().id] });
    let cur = (await clerk.get(`/api/v1/tasks/${a.id}`)).json();
    expect(cur.closeRequest).toBeNull();
    // Evidence already on the task (the report's photo) is chosen again, with a new file beside it.
    const onTask = (await clerk.get(`/api/v1/tasks/${a.id}/attachments`)).json().items[0];
    const fresh = (await upload(clerk, '验收单.png', PNG)).json();
    const rc = await clerk.post(
      `/api/v1/tasks/${a.id}/request-close`,
      { summary: '20个项目全部开工，附验收单', attachmentIds: [onTask.id, fresh.id] },
      ifm(cur.version),
    );
    expect(rc.statusCode, rc.body).toBe(200);
    const seen = (await office.get(`/api/v1/tasks/${a.id}`)).json();
    expect(seen.closeRequest).toMatchObject({
      summary: '20个项目全部开工，附验收单',
      byName: expect.any(String),
      byUnitId: unit('发改局'),
      at: expect.any(String),
    });
    expect(seen.closeRequest.attachments.map((f: { fileName: string }) => f.fileName)).toEqual([
      '月报照片.png',
      '验收单.png',
    ]);
    // The office's to-do of close requests carries it too, read with the page (the same as the item's own page).
    const todo = (await office.get('/api/v1/tasks?todo=close&pageSize=200'))
      .json()
      .items.find((i: { id: string }) => i.id === a.id);
    expect(todo.closeRequest).toEqual(seen.closeRequest);
    const back = (
      await office.post(`/api/v1/tasks/${a.id}/send-back`, { reason: '缺少竣工验收报告' }, ifm(seen.version))
    ).json();
    expect(back.closeRequest).toBeNull();
    // Sent back: the unit finds it under 被退回 in its to-do.
    expect(
      (await clerk.get('/api/v1/tasks?todo=returned&pageSize=200')).json().items.map((i: { id: string }) => i.id),
    ).toContain(a.id);
    cur = back;
  });

  it('refuses evidence of another task, naming it in words', async () => {
    const a = await working();
    const b = await working();
    await report(b.id, 50, { attachmentIds: [(await upload(clerk, '乙任务照片.png', PNG)).json().id] });
    const other = (await clerk.get(`/api/v1/tasks/${b.id}/attachments`)).json().items[0];
    const res = await clerk.post(
      `/api/v1/tasks/${a.id}/request-close`,
      { summary: '借用乙任务的照片', attachmentIds: [other.id] },
      ifm(a.version),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      expect.objectContaining({
        field: 'body.attachmentIds.0',
        code: 'evidence_other_item',
        message: '这份材料是其他任务的佐证，不能用于本任务',
      }),
    ]);
    expect((await clerk.get(`/api/v1/tasks/${a.id}`)).json().state).toBe('accepted');
    expect((await clerk.get(`/api/v1/tasks/${b.id}/attachments`)).json().items).toHaveLength(1);
    // Someone else's unbound upload is not found either.
    const theirs = (await upload(fgjAdmin, '别人的.png', PNG)).json();
    expect(
      (
        await clerk.post(
          `/api/v1/tasks/${a.id}/request-close`,
          { summary: 'x', attachmentIds: [theirs.id] },
          ifm(a.version),
        )
      ).json().errors[0].code,
    ).toBe('unknown_reference');
  });

  it('reports for a period still to come are refused; a missed earlier one is late', async () => {
    const a = await working({ cadence: 'monthly' });
    const future = await clerk.post(
      `/api/v1/tasks/${a.id}/reports`,
      { period: '2099-01', progress: 10, text: '提前报送' },
      ifm(a.version),
    );
    expect(future.statusCode).toBe(400);
    expect(future.json().errors).toEqual([
      expect.objectContaining({
        field: 'body.period',
        code: 'period_not_come',
        message: expect.stringContaining('2099-01 期尚未到来'),
      }),
    ]);
    const next = await clerk.post(
      `/api/v1/tasks/${a.id}/reports`,
      { period: '2026-04', progress: 10, text: '下月的' },
      ifm(a.version),
    );
    expect(next.json().errors[0].code).toBe('period_not_come');
    const wrongKind = await clerk.post(
      `/api/v1/tasks/${a.id}/reports`,
      { period: '2026-W10', progress: 10, text: '周报' },
      ifm(a.version),
    );
    expect(wrongKind.json().errors[0].code).toBe('period_cadence');
    const missed = await clerk.post(
      `/api/v1/tasks/${a.id}/reports`,
      { period: '2026-02', progress: 10, text: '补报二月' },
      ifm(a.version),
    );
    expect(missed.statusCode, missed.body).toBe(201);
    expect(missed.json().lateDays).toBeGreaterThan(0);
  });

  it('a task without a cadence reported at 18:00 on the day it was issued is not late', async () => {
    clock = '18:00'; // past the 17:00 cut-off, on the day the task was issued
    try {
      const acc = await working({ cadence: null });
      const r = await clerk.post(
        `/api/v1/tasks/${acc.id}/reports`,
        { progress: 5, text: '当天已部署' },
        ifm(acc.version),
      );
      expect(r.statusCode, r.body).toBe(201);
      expect(r.json()).toMatchObject({ period: '2026-03-02', lateDays: 0 });
    } finally {
      clock = '09:00';
    }
  });

  it('the office reviews reports one by one and in batch, from its list of reports awaiting review', async () => {
    const a = await working();
    const b = await working();
    const c = await working();
    const ra = await report(a.id, 20);
    const rb = await report(b.id, 30);
    const rc = await report(c.id, 40);
    const waiting = (await office.get('/api/v1/tasks/reports?pageSize=200')).json();
    // The home's board counts them in one request, each kind as its list has it.
    const counts = (await office.get('/api/v1/tasks/todo-counts')).json();
    expect(counts.reports).toBe(waiting.total);
    expect(counts.review).toBe((await office.get('/api/v1/tasks?todo=review&pageSize=1')).json().total);
    expect(counts.close).toBe((await office.get('/api/v1/tasks?todo=close&pageSize=1')).json().total);
    const mine = (await clerk.get('/api/v1/tasks/todo-counts')).json();
    for (const k of ['accept', 'report', 'returned'])
      expect(mine[k]).toBe((await clerk.get(`/api/v1/tasks?todo=${k}&pageSize=1`)).json().total);
    const ids = waiting.items.map((r: { id: string }) => r.id);
    expect(ids).toEqual(expect.arrayContaining([ra.id, rb.id, rc.id]));
    expect(waiting.items.find((r: { id: string }) => r.id === ra.id)).toMatchObject({
      reviewStatus: 'pending',
      progress: 20,
      item: { id: a.id, title: a.title, serial: a.serial, assigneeUnitId: unit('发改局') },
    });
    // The unit does not review its own reports; another unit sees none of them.
    expect(
      (await clerk.get('/api/v1/tasks/reports?pageSize=200')).json().items.map((r: { id: string }) => r.id),
    ).not.toContain(ra.id);
    expect(
      (await clerk.post('/api/v1/tasks/reports/review', { reportIds: [ra.id], decision: 'accepted' })).json()
        .results[0],
    ).toMatchObject({ ok: false, status: 403 });
    // Returning needs a comment; one by one.
    expect(
      (await office.post(`/api/v1/tasks/${a.id}/reports/${ra.id}/review`, { decision: 'returned' })).statusCode,
    ).toBe(400);
    expect(
      (
        await office.post(`/api/v1/tasks/${a.id}/reports/${ra.id}/review`, {
          decision: 'returned',
          comment: '请补充开工项目清单',
        })
      ).statusCode,
    ).toBe(204);
    expect(
      (await clerk.get('/api/v1/tasks?todo=returned&pageSize=200')).json().items.map((i: { id: string }) => i.id),
    ).toContain(a.id);
    // In batch: each report its own result (the one already reviewed is a conflict).
    const batch = (
      await office.post('/api/v1/tasks/reports/review', { reportIds: [rb.id, rc.id, ra.id], decision: 'accepted' })
    ).json();
    expect(batch.results.map((r: { ok: boolean }) => r.ok)).toEqual([true, true, false]);
    expect(batch.results[2]).toMatchObject({ status: 409, code: 'conflict' });
    const after = (await office.get('/api/v1/tasks/reports?pageSize=200'))
      .json()
      .items.map((r: { id: string }) => r.id);
    expect(after).not.toEqual(expect.arrayContaining([ra.id]));
    expect(after.some((id: string) => [ra.id, rb.id, rc.id].includes(id))).toBe(false);
    expect((await office.get(`/api/v1/tasks/${b.id}/reports`)).json().items[0]).toMatchObject({
      reviewStatus: 'accepted',
      reviewedAt: expect.any(String),
    });
    const ev = (await office.get(`/api/v1/tasks/${a.id}/events`))
      .json()
      .items.find((e: { action: string }) => e.action === 'returnReport');
    expect(ev).toMatchObject({ reason: '请补充开工项目清单', data: { reportId: ra.id } });
  });

  it('closing settles the reports still waiting, sets 100 % and takes the task off every to-do list', async () => {
    const a = await working();
    const r = await report(a.id, 35);
    const cur = (await clerk.get(`/api/v1/tasks/${a.id}`)).json();
    const file = (await upload(clerk, '完成.png', PNG)).json();
    const rc = (
      await clerk.post(
        `/api/v1/tasks/${a.id}/request-close`,
        { summary: '全部完成', attachmentIds: [file.id] },
        ifm(cur.version),
      )
    ).json();
    expect(
      (await office.get('/api/v1/tasks?todo=true&pageSize=500')).json().items.map((i: { id: string }) => i.id),
    ).toContain(a.id);
    const closed = (await office.post(`/api/v1/tasks/${a.id}/close`, {}, ifm(rc.version))).json();
    expect(closed).toMatchObject({ state: 'closed', progress: 100, closeRequest: null });
    const reps = (await office.get(`/api/v1/tasks/${a.id}/reports`)).json().items;
    expect(reps[0]).toMatchObject({ id: r.id, reviewStatus: 'accepted', reviewComment: '随办结审核一并通过' });
    const settled = (await office.get(`/api/v1/tasks/${a.id}/events`))
      .json()
      .items.find((e: { action: string }) => e.action === 'reviewReport');
    expect(settled.data).toMatchObject({ reportId: r.id, withClose: true });
    for (const who of [office, clerk])
      expect(
        (await who.get('/api/v1/tasks?todo=true&pageSize=500')).json().items.map((i: { id: string }) => i.id),
      ).not.toContain(a.id);
    expect(
      (await office.get('/api/v1/tasks/reports?pageSize=200')).json().items.map((x: { id: string }) => x.id),
    ).not.toContain(r.id);
    // Found by its 序号 (other tasks' texts may hold the same digits).
    const listed = (await office.get(`/api/v1/tasks?q=${a.serial}&pageSize=100`)).json().items;
    expect(listed.find((i: { id: string }) => i.id === a.id)).toMatchObject({ progress: 100 });
  });
});

describe('decomposition (一级抓一级)', () => {
  it('a unit breaks its task down to townships; deadlines no later than the parent; the parent waits for children', async () => {
    const task = await issued();
    const a = (await clerk.post(`/api/v1/tasks/${task.id}/accept`, {}, ifm(task.version))).json();
    const late = await clerk.post(
      `/api/v1/tasks/${task.id}/subtasks`,
      base({ leadUnitId: unit('城关镇'), coUnitIds: [], leadLeaderId: null, deadline: '2026-07-31', milestones: [] }),
    );
    expect(late.statusCode).toBe(400);
    expect(late.json().errors[0]).toMatchObject({ field: 'body.deadline', code: 'after_parent' });
    const sub = await clerk.post(
      `/api/v1/tasks/${task.id}/subtasks`,
      base({
        title: '城关镇开工任务',
        leadUnitId: unit('城关镇'),
        coUnitIds: [],
        leadLeaderId: null,
        deadline: '2026-06-15',
        milestones: [],
      }),
    );
    expect(sub.statusCode, sub.body).toBe(201);
    expect(sub.json()).toMatchObject({ parentId: task.id, assignerUnitId: unit('发改局'), state: 'assigned' });
    const town = await t.login('cgz.clerk');
    expect((await town.get(`/api/v1/tasks/${sub.json().id}`)).json().actions).toEqual(['accept', 'return']);
    expect((await town.get(`/api/v1/tasks/${task.id}`)).statusCode).toBe(404);
    // 一级抓一级: the township hands parts only down; a peer township or a department goes through the office.
    const subAccepted = (await town.post(`/api/v1/tasks/${sub.json().id}/accept`, {}, ifm(sub.json().version))).json();
    expect(subAccepted.state).toBe('accepted');
    const across = await town.post(
      `/api/v1/tasks/${sub.json().id}/subtasks`,
      base({
        title: '东湖镇配合任务',
        leadUnitId: unit('东湖镇'),
        coUnitIds: [unit('财政局')],
        leadLeaderId: null,
        deadline: '2026-06-10',
        milestones: [],
      }),
    );
    expect(across.statusCode, across.body).toBe(400);
    expect(across.json().errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'body.leadUnitId', code: 'lateral_handoff' }),
        expect.objectContaining({ field: 'body.coUnitIds.0', code: 'lateral_handoff' }),
      ]),
    );
    expect(across.json().errors[0].message).toMatch(/不能横向交给“.*东湖镇.*”/);
    const parent = (await clerk.get(`/api/v1/tasks/${task.id}`)).json();
    expect(parent).toMatchObject({ childCount: 1, openChildCount: 1 });
    const file = (await upload(clerk, 'e.png', PNG)).json();
    const rc = (
      await clerk.post(
        `/api/v1/tasks/${task.id}/request-close`,
        { summary: '完成', attachmentIds: [file.id] },
        ifm(a.version),
      )
    ).json();
    const close = await office.post(`/api/v1/tasks/${task.id}/close`, {}, ifm(rc.version));
    expect(close.statusCode).toBe(409);
    expect(close.json()).toMatchObject({ code: 'children_open', detail: '还有 1 项子任务未办结，不能销账' });
  });
});

describe('visibility and lights', () => {
  it('a unit sees its own and co-operated tasks; the lead leader and the 分管 leader see it; others do not', async () => {
    const task = await issued();
    expect((await (await t.login('czj.clerk')).get(`/api/v1/tasks/${task.id}`)).json().actions).toEqual([]);
    expect((await (await t.login('jfj.clerk')).get(`/api/v1/tasks/${task.id}`)).statusCode).toBe(404);
    expect((await (await t.login('gongying')).get(`/api/v1/tasks/${task.id}`)).statusCode).toBe(200);
    expect((await (await t.login('zhaozhiqiang')).get(`/api/v1/tasks/${task.id}`)).statusCode).toBe(200);
    expect((await (await t.login('chenhui')).get(`/api/v1/tasks/${task.id}`)).statusCode).toBe(404);
    const list = (await (await t.login('jfj.clerk')).get('/api/v1/tasks?pageSize=500')).json();
    expect(list.items.some((i: { id: string }) => i.id === task.id)).toBe(false);
  });

  it('turns yellow when due soon and red when overdue, and filters by light', async () => {
    const task = await issued({ deadline: '2026-03-31', milestones: [] });
    const a = (await clerk.post(`/api/v1/tasks/${task.id}/accept`, {}, ifm(task.version))).json();
    await clerk.post(`/api/v1/tasks/${task.id}/reports`, { progress: 95, text: '基本完成' }, ifm(a.version));
    today = '2026-03-27';
    expect((await office.get(`/api/v1/tasks/${task.id}`)).json()).toMatchObject({
      light: 'yellow',
      lightReasons: ['due_soon'],
    });
    today = '2026-04-01';
    expect((await office.get(`/api/v1/tasks/${task.id}`)).json()).toMatchObject({
      light: 'red',
      lightReasons: ['overdue'],
    });
    const reds = (await office.get('/api/v1/tasks?light=red&pageSize=500'))
      .json()
      .items.map((i: { id: string }) => i.id);
    expect(reds).toContain(task.id);
    today = '2026-03-02';
  });

  it('filters by Chinese keyword, level and state, and pages', async () => {
    await issued({ title: '乡村振兴示范村建设', content: '打造乡村振兴示范村10个', level: 'major' });
    const res = (await office.get(`/api/v1/tasks?q=${encodeURIComponent('示范村')}&level=major`)).json();
    expect(res.total).toBeGreaterThanOrEqual(1);
    expect(res.items.every((i: { level: string }) => i.level === 'major')).toBe(true);
    const page = (await office.get('/api/v1/tasks?state=assigned&pageSize=2&page=1')).json();
    expect(page.items.length).toBeLessThanOrEqual(2);
    expect(page.items.every((i: { state: string }) => i.state === 'assigned')).toBe(true);
  });
});

describe('evidence files', () => {
  it('refuses a renamed executable and an oversized file', async () => {
    const exe = await upload(clerk, '报告.pdf', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]));
    expect(exe.statusCode).toBe(400);
    expect(exe.json().code).toBe('bad_file');
    const big = await upload(
      clerk,
      'big.pdf',
      Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(21 * 1024 * 1024)]),
    );
    expect(big.statusCode).toBe(413);
  });
});

describe('batch actions and settings', () => {
  it('issues several drafts at once, reporting each result', async () => {
    const a = (await office.post('/api/v1/tasks', base({ issue: false }))).json();
    const b = (await office.post('/api/v1/tasks', base({ issue: false, standard: null }))).json();
    const res = (
      await office.post('/api/v1/tasks/batch', {
        action: 'assign',
        items: [
          { id: a.id, version: a.version },
          { id: b.id, version: b.version },
        ],
      })
    ).json();
    expect(res.results[0]).toMatchObject({ id: a.id, ok: true });
    expect(res.results[1]).toMatchObject({ id: b.id, ok: false, status: 400, code: 'incomplete_task' });
    const urged = (
      await office.post('/api/v1/tasks/batch', {
        action: 'urge',
        items: [{ id: a.id, version: a.version + 1 }],
        reason: '请加快进度',
      })
    ).json();
    expect(urged.results[0].ok).toBe(true);
    expect(
      (await clerk.get('/api/v1/notifications'))
        .json()
        .items.some((n: { kind: string; itemId: string }) => n.kind === 'urge' && n.itemId === a.id),
    ).toBe(true);
  });

  it('light thresholds are per jurisdiction and versioned', async () => {
    const cur = (await office.get('/api/v1/settings/lights')).json();
    expect(cur).toMatchObject({ dueSoonWorkingDays: 3, yellowGap: 10, redGap: 30, custom: false });
    const bad = await office.put(
      '/api/v1/settings/lights',
      { dueSoonWorkingDays: 5, yellowGap: 40, redGap: 30 },
      ifm(cur.version),
    );
    expect(bad.statusCode).toBe(400);
    const task = await issued({ deadline: '2026-03-09', milestones: [] });
    expect((await office.get(`/api/v1/tasks/${task.id}`)).json().light).toBe('green');
    const set = await office.put(
      '/api/v1/settings/lights',
      { dueSoonWorkingDays: 5, yellowGap: 10, redGap: 30 },
      ifm(cur.version),
    );
    expect(set.json()).toMatchObject({ dueSoonWorkingDays: 5, custom: true });
    expect((await office.get(`/api/v1/tasks/${task.id}`)).json()).toMatchObject({
      light: 'yellow',
      lightReasons: ['due_soon'],
    });
    expect(
      (
        await office.put(
          '/api/v1/settings/lights',
          { dueSoonWorkingDays: 3, yellowGap: 10, redGap: 30 },
          ifm(cur.version),
        )
      ).statusCode,
    ).toBe(412);
    await office.put(
      '/api/v1/settings/lights',
      { dueSoonWorkingDays: 3, yellowGap: 10, redGap: 30 },
      ifm(set.json().version),
    );
  });

  it('the administrator imports a holiday calendar, all or nothing', async () => {
    const admin = await t.login('sysadmin');
    const send = (csv: string) => {
      const boundary = `----c${Math.random().toString(16).slice(2)}`;
      const payload = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="days.csv"\r\n\r\n`),
        Buffer.from(csv),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return admin.request('POST', '/api/v1/calendar/import', {
        payload,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      });
    };
    // 2028: a year the release does not ship (2027's arrangement ships with it).
    const bad = await send('日期,类型,名称\n2028-01-03,放假,元旦\n2028-13-01,放假,错\n');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0]).toMatchObject({ row: 3, column: '日期' });
    expect((await admin.get('/api/v1/calendar?year=2028')).json().days).toEqual([]);
    expect((await send('日期,类型,名称\n2028-01-03,放假,元旦\n2028-01-04,上班,调休\n')).json()).toEqual({
      imported: 2,
    });
    // Friday 2027-12-31 + 1 working day: Monday the 3rd is a holiday now, so Tuesday the 4th.
    const wd = (await admin.get('/api/v1/calendar/working-days?from=2027-12-31&add=1')).json();
    expect(wd.date).toBe('2028-01-04');
  });
});

// Last in the file: a draft left behind must not change what the tests above count.
describe('editing', () => {
  it('an edit that names one field leaves the others as they were (level, co-units)', async () => {
    const task = await issued({ issue: false });
    const edited = await office.patch(
      `/api/v1/tasks/${task.id}`,
      { title: '新建项目开工率（修订）' },
      ifm(task.version),
    );
    expect(edited.statusCode, edited.body).toBe(200);
    const seen = (await office.get(`/api/v1/tasks/${task.id}`)).json();
    expect(seen).toMatchObject({ title: '新建项目开工率（修订）', level: 'key', coUnitIds: [unit('财政局')] });
  });
});
