import http from 'node:http';
import crypto from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../../tests/helpers/app';
import { runExclusive } from '../../jobs/runner';
import { jobsOf } from '../../app';
import { dingtalkSign } from './webhook-format';

/** A local receiver standing in for DingTalk / WeCom / a county system: it records what it gets. */
const received: { url: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
let failNext = 0;
const receiver = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    received.push({ url: req.url ?? '', headers: req.headers, body });
    if (req.url?.startsWith('/moved')) {
      res.writeHead(302, { location: `http://127.0.0.1:${port}/landed` }).end();
      return;
    }
    if (failNext > 0) {
      failNext--;
      res.writeHead(500).end('down');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));
  });
});
await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
const port = (receiver.address() as { port: number }).port;
afterAll(() => new Promise<void>((r) => receiver.close(() => r())));

let today = '2026-03-02';
// The receiver listens on loopback: allowed by address, as LUOSHI_WEBHOOK_ALLOW=127.0.0.1 would.
const t = await createTestApp({ webhookAllow: ['127.0.0.1'] }, { today: () => today });
const office = await t.login('sunli');
const clerk = await t.login('fgj.clerk');
const admin = await t.login('sysadmin');
const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
const fgj = units.find((u) => u.shortName === '发改局')!.id;
const ifm = (v: number) => ({ 'if-match': `"${v}"` });
const newTask = async (extra: Record<string, unknown> = {}) =>
  (
    await office.post('/api/v1/tasks', {
      title: '提醒测试任务',
      content: '内容',
      standard: '标准',
      accountability: '纳入年度目标考核',
      leadUnitId: fgj,
      deadline: '2026-03-31',
      issue: true,
      ...extra,
    })
  ).json();

describe('in-app notifications', () => {
  it('tells the clerk of a new task and the office of a return, with unread counts', async () => {
    const before = (await clerk.get('/api/v1/notifications')).json().unread;
    const task = await newTask();
    const mine = (await clerk.get('/api/v1/notifications?unread=true')).json();
    expect(mine.unread).toBe(before + 1);
    expect(mine.items[0]).toMatchObject({ kind: 'assigned', itemId: task.id, link: `/tasks/${task.id}` });
    expect(mine.items[0].title).toContain('新交办');
    await clerk.post(`/api/v1/tasks/${task.id}/return`, { reason: '职责不符' }, ifm(task.version));
    const officeMail = (await office.get('/api/v1/notifications')).json().items;
    expect(officeMail[0]).toMatchObject({ kind: 'returned' });
    expect(officeMail[0].body).toContain('职责不符');
    await clerk.post('/api/v1/notifications/read', { all: true });
    expect((await clerk.get('/api/v1/notifications')).json().unread).toBe(0);
  });
});

describe('reminders job', () => {
  it(`due soon, overdue (the first step of the climb), missing report → 催办, twice missing → 督办单; a second run sends \
nothing again`, async () => {
    const soon = await newTask({ title: '临期任务', deadline: '2026-03-04' });
    const monthly = await newTask({ title: '月报任务', deadline: '2026-12-31', cadence: 'monthly' });
    await clerk.post(`/api/v1/tasks/${monthly.id}/accept`, {}, ifm(monthly.version));
    const jid = (await clerk.get('/api/v1/auth/me')).json().jurisdictionId;
    const first = await t.deps.supervision.runReminders(jid);
    expect(first.dueSoon).toBeGreaterThan(0);
    expect((await t.deps.supervision.runReminders(jid)).dueSoon).toBe(0);
    const kinds = (await clerk.get('/api/v1/notifications?pageSize=100'))
      .json()
      .items.filter((n: { itemId: string }) => n.itemId === soon.id)
      .map((n: { kind: string }) => n.kind);
    expect(kinds.filter((k: string) => k === 'due_soon')).toHaveLength(1);

    today = '2026-03-05';
    await t.deps.supervision.runReminders(jid);
    const late = await t.deps.supervision.runEscalations(jid);
    expect(late.told).toBeGreaterThan(0);
    const leader = await t.login('zhaozhiqiang'); // 分管 发改局
    expect(
      (await leader.get('/api/v1/notifications'))
        .json()
        .items.some((n: { kind: string; itemId: string }) => n.kind === 'overdue' && n.itemId === soon.id),
    ).toBe(true);

    today = '2026-04-02'; // March's report is missing
    const urged = await t.deps.supervision.runReminders(jid);
    expect(urged.urged).toBeGreaterThan(0);
    expect((await t.deps.supervision.runReminders(jid)).urged).toBe(0);
    today = '2026-05-02'; // April's too: a supervision notice
    const notice = await t.deps.supervision.runReminders(jid);
    expect(notice.notices).toBeGreaterThan(0);
    const events = (await office.get(`/api/v1/tasks/${monthly.id}/events`))
      .json()
      .items.map((e: { action: string }) => e.action);
    expect(events).toEqual(expect.arrayContaining(['urge', 'notice']));
    expect(
      (await office.get('/api/v1/notifications'))
        .json()
        .items.some((n: { kind: string }) => n.kind === 'supervision_notice'),
    ).toBe(true);
    today = '2026-03-02';
  });

  it('runs on one instance at a time (advisory lock)', async () => {
    const job = { name: 'slow', lockKey: 999001, everySeconds: 60, run: () => new Promise((r) => setTimeout(r, 300)) };
    const results = await Promise.all([
      runExclusive(t.deps.database.pool, job),
      runExclusive(t.deps.database.pool, job),
    ]);
    expect(results.sort()).toEqual(['ran', 'skipped']);
    expect(jobsOf(t.deps).map((j) => j.name)).toEqual([
      'reminders',
      'escalation',
      'webhook-deliveries',
      'calendar-next-year',
      'round-cutoff',
      'audit-anchor',
      'lead-stalls',
      'commitment-overdue',
      'backup',
    ]);
  });
});

describe('webhooks', () => {
  it('delivers DingTalk (signed), WeCom and generic (HMAC) messages to a local receiver, retrying failures', async () => {
    const secret = `SEC${crypto.randomBytes(8).toString('hex')}`;
    const ding = (
      await admin.post('/api/v1/webhooks', {
        name: '督查群',
        format: 'dingtalk',
        url: `http://127.0.0.1:${port}/robot/send?access_token=abc`,
        secret,
        kinds: [],
      })
    ).json();
    expect(ding.url).toContain('access_token=***');
    await admin.post('/api/v1/webhooks', {
      name: '企业微信',
      format: 'wecom',
      url: `http://127.0.0.1:${port}/cgi-bin/webhook/send?key=k`,
      kinds: ['assigned'],
    });
    await admin.post('/api/v1/webhooks', {
      name: '县大数据平台',
      format: 'generic',
      url: `http://127.0.0.1:${port}/hook`,
      secret: 'shh',
      kinds: ['assigned'],
    });
    received.length = 0;
    await newTask({ title: '推送测试任务' });
    const r1 = await t.deps.notifications.deliverDue();
    expect(r1.sent).toBe(3);
    const d = received.find((x) => x.url.startsWith('/robot/send'))!;
    const u = new URL(d.url, 'http://x');
    expect(u.searchParams.get('sign')).toBe(dingtalkSign(secret, Number(u.searchParams.get('timestamp'))));
    expect(JSON.parse(d.body)).toMatchObject({
      msgtype: 'markdown',
      markdown: { title: expect.stringContaining('推送测试任务') },
    });
    const w = received.find((x) => x.url.startsWith('/cgi-bin'))!;
    expect(JSON.parse(w.body).markdown.content).toContain('推送测试任务');
    const g = received.find((x) => x.url === '/hook')!;
    const expected = `sha256=${crypto.createHmac('sha256', 'shh').update(`${g.headers['x-luoshi-timestamp']}.${g.body}`).digest('hex')}`;
    expect(g.headers['x-luoshi-signature']).toBe(expected);
    expect((await t.deps.notifications.deliverDue()).sent).toBe(0);

    failNext = 1;
    received.length = 0;
    await admin.post(`/api/v1/webhooks/${ding.id}/test`);
    const list = (await admin.get(`/api/v1/webhooks/${ding.id}/deliveries`)).json().items;
    const failed = list.find((x: { status: string; attempts: number }) => x.status === 'pending' && x.attempts === 1);
    expect(failed.lastError).toContain('HTTP 500');
    expect((await admin.post(`/api/v1/webhook-deliveries/${failed.id}/retry`)).statusCode).toBe(204);
    expect((await t.deps.notifications.deliverDue()).sent).toBe(1);
  });
});

describe('webhook targets and the delivery log (security review, issue 13)', () => {
  it('refuses loopback, private and link-local targets when configured, by address or by a name resolving there', async () => {
    for (const url of [
      'http://169.254.169.254/latest/meta-data',
      'http://10.0.0.8/hook',
      'http://[::1]:8080/hook',
      'http://[::ffff:7f00:1]/hook',
      `http://localhost:${port}/hook`,
      'http://2130706434/hook',
    ]) {
      const res = await admin.post('/api/v1/webhooks', { name: '内网', format: 'generic', url, kinds: [] });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().errors[0]).toMatchObject({ field: 'body.url', code: 'webhook_target_private' });
    }
    const ok = (
      await admin.post('/api/v1/webhooks', {
        name: '可改',
        format: 'generic',
        url: `http://127.0.0.1:${port}/hook`,
        kinds: ['never'],
      })
    ).json();
    const patched = await admin.patch(
      `/api/v1/webhooks/${ok.id}`,
      { url: 'http://192.168.1.10/hook' },
      ifm(ok.version),
    );
    expect(patched.json().errors[0]).toMatchObject({ field: 'body.url', code: 'webhook_target_private' });
  });

  it('checks again at delivery (a target changed behind the check) and follows no redirect', async () => {
    const hook = (
      await admin.post('/api/v1/webhooks', {
        name: '改指向',
        format: 'generic',
        url: `http://127.0.0.1:${port}/hook`,
        kinds: ['never'],
      })
    ).json();
    await t.deps.database.pool.query(`UPDATE webhooks SET url = 'http://10.255.255.1/hook' WHERE id = $1`, [hook.id]);
    received.length = 0;
    await admin.post(`/api/v1/webhooks/${hook.id}/test`);
    const [refused] = (await admin.get(`/api/v1/webhooks/${hook.id}/deliveries`)).json().items;
    expect(refused.lastError).toContain('target refused: 10.255.255.1');
    expect(received).toHaveLength(0);

    const moved = (
      await admin.post('/api/v1/webhooks', {
        name: '跳转',
        format: 'generic',
        url: `http://127.0.0.1:${port}/moved`,
        kinds: ['never'],
      })
    ).json();
    await admin.post(`/api/v1/webhooks/${moved.id}/test`);
    const [redirected] = (await admin.get(`/api/v1/webhooks/${moved.id}/deliveries`)).json().items;
    expect(redirected).toMatchObject({ status: 'pending', lastStatus: 302 });
    expect(redirected.lastError).toContain('redirect not followed');
    expect(received.map((r) => r.url)).toEqual(['/moved']);
  });

  it('the system administrator sees status, time and size of a delivery; its content only the supervision office', async () => {
    const hook = (
      await admin.post('/api/v1/webhooks', {
        name: '督查群2',
        format: 'generic',
        url: `http://127.0.0.1:${port}/hook`,
        kinds: ['assigned'],
      })
    ).json();
    await newTask({ title: '仅督查室可见的推送内容' });
    await t.deps.notifications.deliverDue();
    const asAdmin = (await admin.get(`/api/v1/webhooks/${hook.id}/deliveries`)).json().items[0];
    expect(asAdmin).toMatchObject({ status: 'sent', title: null });
    expect(asAdmin.size).toBeGreaterThan(50);
    expect(JSON.stringify(asAdmin)).not.toContain('仅督查室可见的推送内容');
    const asOffice = (await office.get(`/api/v1/webhooks/${hook.id}/deliveries`)).json().items[0];
    expect(asOffice.title).toContain('仅督查室可见的推送内容');
    expect((await clerk.get(`/api/v1/webhooks/${hook.id}/deliveries`)).statusCode).toBe(403);
  });
});
