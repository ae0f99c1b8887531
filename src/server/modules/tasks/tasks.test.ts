import { describe, expect, it } from 'vitest';
import { createTestApp, type Client } from '../../../../tests/helpers/app';

let today = '2026-03-02';
const t = await createTestApp({}, { today: () => today });
const office = await t.login('sunli');
const clerk = await t.login('fgj.clerk');
const fgjAdmin = await t.login('fgj.admin');

const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
const unit = (s: string) => units.find((u) => u.shortName === s)!.id;
const personId = async (username: string) => (await t.login('sysadmin').then((c) => c.get(`/api/v1/people?q=${username}`))).json().items[0].id as string;
const gongying = await personId('gongying');

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

function base(overrides: Record<string, unknown> = {}) {
  return {
    title: '新建项目开工率',
    content: '每季度组织一批重点项目开竣工，确保上半年新建项目开工率达到80%以上',
    standard: '上半年新建项目开工率≥80%，第三季度全部开工',
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
  const boundary = '----t' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`), content, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return c.request('POST', '/api/v1/attachments', { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
}
async function issued(overrides: Record<string, unknown> = {}) {
  const res = await office.post('/api/v1/tasks', base(overrides));
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('issuing a task (五明确)', () => {
  it('issues a complete task: assigned, green, with its ledger fields', async () => {
    const task = await issued();
    expect(task).toMatchObject({ state: 'assigned', light: 'green', level: 'key', assigneeUnitId: unit('发改局'), serial: expect.any(Number) });
    expect(task.actions).toEqual(['cancel', 'urge', 'replan']);
  });

  it('refuses to issue without a standard, naming the field', async () => {
    const res = await office.post('/api/v1/tasks', base({ standard: null }));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'incomplete_task', errors: [expect.objectContaining({ field: 'body.standard', code: 'required' })] });
    const draft = await office.post('/api/v1/tasks', base({ standard: null, issue: false }));
    expect(draft.json().state).toBe('draft');
    const assign = await office.post(`/api/v1/tasks/${draft.json().id}/assign`, {}, ifm(draft.json().version));
    expect(assign.json().code).toBe('incomplete_task');
  });

  it('refuses a deadline before today, a co-unit equal to the lead unit, a milestone after the deadline', async () => {
    const res = await office.post('/api/v1/tasks', base({ deadline: '2026-03-01', coUnitIds: [unit('发改局')], milestones: [{ title: 'x', due: '2026-07-01' }] }));
    expect(res.statusCode).toBe(400);
    const codes = res.json().errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`);
    expect(codes).toEqual(expect.arrayContaining(['body.deadline:deadline_past', 'body.coUnitIds.0:co_unit_is_lead', 'body.milestones.0.due:after_deadline']));
    expect(res.json().errors.find((e: { code: string }) => e.code === 'co_unit_is_lead').message).toBe('配合单位不能与牵头单位相同');
  });

  it('only the office and principals issue top-level tasks', async () => {
    expect((await clerk.post('/api/v1/tasks', base())).statusCode).toBe(403);
  });
});

describe('the supervision loop', () => {
  it('accept → report → request close with evidence → close', async () => {
    const task = await issued();
    const todo = (await clerk.get('/api/v1/tasks?todo=true&pageSize=100')).json().items.map((i: { id: string }) => i.id);
    expect(todo).toContain(task.id);
    const stale = await clerk.post(`/api/v1/tasks/${task.id}/accept`, {}, ifm(task.version - 1));
    expect(stale.statusCode).toBe(412);
    const noVersion = await clerk.post(`/api/v1/tasks/${task.id}/accept`, {});
    expect(noVersion.statusCode).toBe(428);
    const accepted = (await clerk.post(`/api/v1/tasks/${task.id}/accept`, {}, ifm(task.version))).json();
    expect(accepted.state).toBe('accepted');
    const rep = await clerk.post(`/api/v1/tasks/${task.id}/reports`, { progress: 40, text: '已开工12个项目', problems: '用地指标紧张', nextSteps: '协调自然资源局' }, ifm(accepted.version));
    expect(rep.statusCode, rep.body).toBe(201);
    expect(rep.json().period).toBe('2026-03');
    const again = await clerk.post(`/api/v1/tasks/${task.id}/reports`, { progress: 45, text: '再报一次' }, ifm(accepted.version + 1));
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('duplicate_report');

    let cur = (await clerk.get(`/api/v1/tasks/${task.id}`)).json();
    expect(cur).toMatchObject({ state: 'in_progress', progress: 40 });
    const noEvidence = await clerk.post(`/api/v1/tasks/${task.id}/request-close`, { summary: '已完成', attachmentIds: [] }, ifm(cur.version));
    expect(noEvidence.statusCode).toBe(400);
    const file = (await upload(clerk, '开工照片.png', PNG)).json();
    const req = await clerk.post(`/api/v1/tasks/${task.id}/request-close`, { summary: '开工率85%', attachmentIds: [file.id] }, ifm(cur.version));
    expect(req.statusCode, req.body).toBe(200);
    cur = req.json();
    expect(cur.state).toBe('close_requested');
    expect((await office.get(`/api/v1/tasks/${task.id}/attachments`)).json().items[0]).toMatchObject({ fileName: '开工照片.png', mediaType: 'image/png' });
    const closed = (await office.post(`/api/v1/tasks/${task.id}/close`, {}, ifm(cur.version))).json();
    expect(closed).toMatchObject({ state: 'closed', light: 'done', actions: [] });
    const events = (await office.get(`/api/v1/tasks/${task.id}/events`)).json().items.map((e: { action: string }) => e.action);
    expect(events).toEqual(['create', 'assign', 'accept', 'report', 'requestClose', 'close']);
  });

  it('a returned task goes back to the office with its reason, and can be issued again', async () => {
    const task = await issued();
    const noReason = await clerk.post(`/api/v1/tasks/${task.id}/return`, {}, ifm(task.version));
    expect(noReason.statusCode).toBe(400);
    const returned = (await clerk.post(`/api/v1/tasks/${task.id}/return`, { reason: '不属于本单位职责' }, ifm(task.version))).json();
    expect(returned.state).toBe('returned');
    expect(returned.actions).toEqual([]);
    const seen = (await office.get(`/api/v1/tasks/${task.id}`)).json();
    expect(seen.actions).toEqual(expect.arrayContaining(['reassign', 'cancel']));
    const fixed = (await office.patch(`/api/v1/tasks/${task.id}`, { leadUnitId: unit('经发局'), coUnitIds: [] }, ifm(seen.version))).json();
    expect(fixed.assigneeUnitId).toBe(unit('经发局'));
    expect((await office.post(`/api/v1/tasks/${task.id}/reassign`, {}, ifm(fixed.version))).json().state).toBe('assigned');
    const timeline = (await office.get(`/api/v1/tasks/${task.id}/events`)).json().items;
    expect(timeline.find((e: { action: string }) => e.action === 'return')).toMatchObject({ reason: '不属于本单位职责', actorName: expect.any(String) });
  });

  it('sends back a close request with a reason', async () => {
    const task = await issued();
    const a = (await clerk.post(`/api/v1/tasks/${task.id}/accept`, {}, ifm(task.version))).json();
    const file = (await upload(clerk, 'x.png', PNG)).json();
    const r = (await clerk.post(`/api/v1/tasks/${task.id}/request-close`, { summary: '完成', attachmentIds: [file.id] }, ifm(a.version))).json();
    const back = await office.post(`/api/v1/tasks/${task.id}/send-back`, { reason: '佐证材料不足' }, ifm(r.version));
    expect(back.json().state).toBe('in_progress');
  });

  it('an impossible action gets 409 naming what is possible', async () => {
    const task = await issued();
    const cancelled = (await office.post(`/api/v1/tasks/${task.id}/cancel`, { reason: '任务调整' }, ifm(task.version))).json();
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
    const req = await clerk.post(`/api/v1/tasks/${task.id}/extension-requests`, { deadline: '2026-08-31', reason: '征迁未完成' });
    expect(req.statusCode, req.body).toBe(201);
    const dup = await clerk.post(`/api/v1/tasks/${task.id}/extension-requests`, { deadline: '2026-09-30', reason: '再申请' });
    expect(dup.json().code).toBe('extension_pending');
    const ok = await office.post(`/api/v1/tasks/${task.id}/extension-requests/${req.json().id}/approve`, { note: '同意' });
    expect(ok.json().deadline).toBe('2026-08-31');
    const ev = (await office.get(`/api/v1/tasks/${task.id}/events`)).json().items.find((e: { action: string }) => e.action === 'decideExtension');
    expect(ev.data).toMatchObject({ approved: true, oldDeadline: '2026-06-30', newDeadline: '2026-08-31' });
    expect(a.state).toBe('accepted');
  });
});

describe('decomposition (一级抓一级)', () => {
  it('a unit breaks its task down to townships; deadlines no later than the parent; the parent waits for children', async () => {
    const task = await issued();
    const a = (await clerk.post(`/api/v1/tasks/${task.id}/accept`, {}, ifm(task.version))).json();
    const late = await clerk.post(`/api/v1/tasks/${task.id}/subtasks`, base({ leadUnitId: unit('城关镇'), coUnitIds: [], leadLeaderId: null, deadline: '2026-07-31', milestones: [] }));
    expect(late.statusCode).toBe(400);
    expect(late.json().errors[0]).toMatchObject({ field: 'body.deadline', code: 'after_parent' });
    const sub = await clerk.post(`/api/v1/tasks/${task.id}/subtasks`, base({ title: '城关镇开工任务', leadUnitId: unit('城关镇'), coUnitIds: [], leadLeaderId: null, deadline: '2026-06-15', milestones: [] }));
    expect(sub.statusCode, sub.body).toBe(201);
    expect(sub.json()).toMatchObject({ parentId: task.id, assignerUnitId: unit('发改局'), state: 'assigned' });
    const town = await t.login('cgz.clerk');
    expect((await town.get(`/api/v1/tasks/${sub.json().id}`)).json().actions).toEqual(['accept', 'return']);
    expect((await town.get(`/api/v1/tasks/${task.id}`)).statusCode).toBe(404);
    const parent = (await clerk.get(`/api/v1/tasks/${task.id}`)).json();
    expect(parent).toMatchObject({ childCount: 1, openChildCount: 1 });
    const file = (await upload(clerk, 'e.png', PNG)).json();
    const rc = (await clerk.post(`/api/v1/tasks/${task.id}/request-close`, { summary: '完成', attachmentIds: [file.id] }, ifm(a.version))).json();
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
    expect((await office.get(`/api/v1/tasks/${task.id}`)).json()).toMatchObject({ light: 'yellow', lightReasons: ['due_soon'] });
    today = '2026-04-01';
    expect((await office.get(`/api/v1/tasks/${task.id}`)).json()).toMatchObject({ light: 'red', lightReasons: ['overdue'] });
    const reds = (await office.get('/api/v1/tasks?light=red&pageSize=500')).json().items.map((i: { id: string }) => i.id);
    expect(reds).toContain(task.id);
    today = '2026-03-02';
  });

  it('filters by Chinese keyword, level and state, and pages', async () => {
    await issued({ title: '乡村振兴示范村建设', content: '打造乡村振兴示范村10个', level: 'major' });
    const res = (await office.get('/api/v1/tasks?q=' + encodeURIComponent('示范村') + '&level=major')).json();
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
    const big = await upload(clerk, 'big.pdf', Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(21 * 1024 * 1024)]));
    expect(big.statusCode).toBe(413);
  });
});

describe('batch actions and settings', () => {
  it('issues several drafts at once, reporting each result', async () => {
    const a = (await office.post('/api/v1/tasks', base({ issue: false }))).json();
    const b = (await office.post('/api/v1/tasks', base({ issue: false, standard: null }))).json();
    const res = (await office.post('/api/v1/tasks/batch', { action: 'assign', items: [{ id: a.id, version: a.version }, { id: b.id, version: b.version }] })).json();
    expect(res.results[0]).toMatchObject({ id: a.id, ok: true });
    expect(res.results[1]).toMatchObject({ id: b.id, ok: false, status: 400, code: 'incomplete_task' });
    const urged = (await office.post('/api/v1/tasks/batch', { action: 'urge', items: [{ id: a.id, version: a.version + 1 }], reason: '请加快进度' })).json();
    expect(urged.results[0].ok).toBe(true);
    expect((await clerk.get('/api/v1/notifications')).json().items.some((n: { kind: string; itemId: string }) => n.kind === 'urge' && n.itemId === a.id)).toBe(true);
  });

  it('light thresholds are per jurisdiction and versioned', async () => {
    const cur = (await office.get('/api/v1/settings/lights')).json();
    expect(cur).toMatchObject({ dueSoonWorkingDays: 3, yellowGap: 10, redGap: 30, custom: false });
    const bad = await office.put('/api/v1/settings/lights', { dueSoonWorkingDays: 5, yellowGap: 40, redGap: 30 }, ifm(cur.version));
    expect(bad.statusCode).toBe(400);
    const task = await issued({ deadline: '2026-03-09', milestones: [] });
    expect((await office.get(`/api/v1/tasks/${task.id}`)).json().light).toBe('green');
    const set = await office.put('/api/v1/settings/lights', { dueSoonWorkingDays: 5, yellowGap: 10, redGap: 30 }, ifm(cur.version));
    expect(set.json()).toMatchObject({ dueSoonWorkingDays: 5, custom: true });
    expect((await office.get(`/api/v1/tasks/${task.id}`)).json()).toMatchObject({ light: 'yellow', lightReasons: ['due_soon'] });
    expect((await office.put('/api/v1/settings/lights', { dueSoonWorkingDays: 3, yellowGap: 10, redGap: 30 }, ifm(cur.version))).statusCode).toBe(412);
    await office.put('/api/v1/settings/lights', { dueSoonWorkingDays: 3, yellowGap: 10, redGap: 30 }, ifm(set.json().version));
  });

  it('the administrator imports a holiday calendar, all or nothing', async () => {
    const admin = await t.login('sysadmin');
    const send = (csv: string) => {
      const boundary = '----c' + Math.random().toString(16).slice(2);
      const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="days.csv"\r\n\r\n`), Buffer.from(csv), Buffer.from(`\r\n--${boundary}--\r\n`)]);
      return admin.request('POST', '/api/v1/calendar/import', { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    };
    const bad = await send('日期,类型,名称\n2027-01-01,放假,元旦\n2027-13-01,放假,错\n');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0]).toMatchObject({ row: 3, column: '日期' });
    expect((await admin.get('/api/v1/calendar?year=2027')).json().days).toEqual([]);
    expect((await send('日期,类型,名称\n2027-01-01,放假,元旦\n2027-01-04,上班,调休\n')).json()).toEqual({ imported: 2 });
    const wd = (await admin.get('/api/v1/calendar/working-days?from=2026-12-31&add=1')).json();
    expect(wd.date).toBe('2027-01-04');
  });
});
