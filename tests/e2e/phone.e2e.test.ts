import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import * as OTPAuth from 'otpauth';
import type { Page } from 'playwright-core';
import { describeBrowser, pageProblems, pendingRequests, startBrowserEnv } from './harness';
import { phoneLayoutProblems } from './phone-checks';
import { EXIF_TAGS, exifDateTaken, exifSegment, jpegSize, withSegment } from '../../src/web/lib/exif';
import { addDays, todayInShanghai } from '../../src/shared/domain/dates';

/**
 * 掌上督办: the daily paths on a phone (390×844 CSS px, device scale 3, touch). On every page of the clerk's loop, the
 * principal's cockpit and approvals (a close request, an extension), and a leader's TOTP sign-in, blocker and
 * project: no sideways scrolling, no tap target under another, every tap target at least 44×44 px.
 * Screenshots go to /tmp/phone-*.png.
 */
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000' +
    '000d49444154789c6360f8ffff3f0005fe02fea7d6a4ba0000000049454e44ae426082',
  'hex',
);

describeBrowser('on the phone', () => {
  const envP = startBrowserEnv();

  /** Waits until the page has settled (no request in flight, no spinner), then checks and photographs it. */
  async function look(p: Page, name: string, problems: string[]) {
    const busy = '.ant-spin-spinning, .ant-skeleton, .ant-card-loading-content, .ant-card-loading';
    // Twice: a lazy page's chunk arriving starts the page's own requests.
    for (let i = 0; i < 2; i++) {
      await expect.poll(() => pendingRequests(p)).toBe(0);
      await expect.poll(() => p.locator(busy).count()).toBe(0);
      await p.waitForTimeout(150);
    }
    // A dialog is fixed to the screen: photograph the screen; a page, the whole of it.
    const dialog = (await p.locator('.ant-modal-wrap, .ant-drawer-open').count()) > 0;
    await p.screenshot({ path: `/tmp/phone-${name}.png`, fullPage: !dialog, scale: 'css', timeout: 30_000 });
    problems.push(...(await phoneLayoutProblems(p, name)));
  }

  async function issueTask(title: string, unit: string) {
    const env = await envP;
    const api = await env.t.login('sunli');
    const units = (await api.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
    const res = await api.post('/api/v1/tasks', {
      title,
      content: `${title}的内容`,
      standard: '年底前完成并通过验收',
      accountability: '纳入年度目标考核',
      leadUnitId: units.find((u) => u.shortName === unit)!.id,
      deadline: '2099-06-30',
      issue: true,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string };
  }

  it('a clerk: to-do → accept → report with a photo → request close, every page fitting the phone', async () => {
    const env = await envP;
    const task = await issueTask('掌上督办测试任务', '住建局');
    const problems: string[] = [];
    const p = await env.signedIn('zjj.clerk', undefined, { phone: true });
    await p.getByTestId('todo-accept').waitFor();
    // The checks can fail: a link of one character's size, and a button under another, are found.
    await p.evaluate(() => {
      const a = document.createElement('a');
      a.href = '#';
      a.id = 'tiny-link';
      a.textContent = '小';
      const cover = document.createElement('div');
      cover.style.cssText = 'position:fixed;left:0;top:0;width:100vw;height:60px;background:#fff;z-index:99';
      cover.id = 'cover';
      document.querySelector('[data-testid="todo-board"]')!.append(a);
      document.body.append(cover);
    });
    const planted = await phoneLayoutProblems(p);
    expect(planted.join('\n')).toMatch(/too small: <a\b.*"小"/);
    expect(planted.join('\n')).toMatch(/menu-button .* is under <div/);
    await p.evaluate(() => ['tiny-link', 'cover'].forEach((id) => document.getElementById(id)!.remove()));
    await look(p, 'clerk-todo', problems);
    await p.getByTestId('menu-button').tap();
    await p.getByTestId('menu-drawer').waitFor();
    await look(p, 'clerk-menu', problems);
    await p.keyboard.press('Escape');
    await p.getByTestId('todo-accept').getByTestId('todo-task-link').filter({ hasText: '掌上督办测试任务' }).tap();
    await p.waitForURL((u) => u.pathname === `/tasks/${task.id}`);
    await p.getByTestId('task-state').waitFor();
    await look(p, 'clerk-task', problems);
    await p.getByTestId('action-accept').tap();
    await expect.poll(() => p.getByTestId('task-state').textContent()).toBe('已签收');
    await p.getByTestId('action-report').tap();
    await p.getByTestId('report-text').waitFor();
    await look(p, 'clerk-report', problems);
    await p.locator('input[data-testid="report-progress"], [data-testid="report-progress"] input').first().fill('60');
    await p.getByTestId('report-text').fill('现场已完成管网铺设12公里');
    // A photo as a phone's camera makes it: 4000×3000, with the camera's make and the time it was taken.
    const camera = p.locator('.ant-upload:has([data-testid="evidence-camera"]) input[type=file]');
    expect(await camera.getAttribute('accept')).toBe('image/*');
    expect(await camera.getAttribute('capture')).toBe('environment');
    const shot = await p.evaluate(async () => {
      const c = document.createElement('canvas');
      c.width = 4000;
      c.height = 3000;
      const g = c.getContext('2d')!;
      const grad = g.createLinearGradient(0, 0, 4000, 3000);
      grad.addColorStop(0, '#3d5a80');
      grad.addColorStop(1, '#e0a458');
      g.fillStyle = grad;
      g.fillRect(0, 0, 4000, 3000);
      const blob = await new Promise<Blob>((r) => c.toBlob((b) => r(b!), 'image/jpeg', 0.95));
      return Array.from(new Uint8Array(await blob.arrayBuffer()));
    });
    const original = withSegment(
      new Uint8Array(shot),
      exifSegment({ [EXIF_TAGS.make]: 'PhoneMaker' }, { [EXIF_TAGS.dateTimeOriginal]: '2026:12:01 09:30:15' }),
    );
    expect(exifDateTaken(original)).toBe('2026:12:01 09:30:15');
    await p.getByTestId('evidence-keep-date').tap();
    await camera.setInputFiles({ name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(original) });
    await expect.poll(() => p.getByTestId('evidence-list').textContent()).toContain('IMG_0001.jpg');
    await look(p, 'clerk-report-photo', problems);
    await p.getByTestId('dialog-ok').tap();
    await expect.poll(() => p.getByTestId('task-state').textContent()).toBe('推进中');
    await look(p, 'clerk-task-reported', problems);

    // What reached the server: a smaller JPEG keeping the time it was taken and nothing of the camera.
    const clerkApi = await env.t.login('zjj.clerk');
    const files = (await clerkApi.get(`/api/v1/tasks/${task.id}/attachments`)).json().items as {
      id: string;
      fileName: string;
      size: number;
    }[];
    expect(files.map((f) => f.fileName)).toEqual(['IMG_0001.jpg']);
    const stored = new Uint8Array((await clerkApi.get(`/api/v1/attachments/${files[0]!.id}`)).rawPayload);
    expect(jpegSize(stored)).toEqual({ width: 1920, height: 1440 });
    expect(stored.length).toBeLessThan(original.length);
    expect(exifDateTaken(stored)).toBe('2026:12:01 09:30:15');
    expect(Buffer.from(stored).toString('latin1')).not.toContain('PhoneMaker');
    expect((await clerkApi.get(`/api/v1/tasks/${task.id}/reports`)).json().items).toHaveLength(1);

    await p.getByTestId('action-request-close').tap();
    await p.getByTestId('close-summary').fill('管网改造已完成并通过验收');
    await p.getByTestId('evidence-reuse').tap();
    await look(p, 'clerk-request-close', problems);
    await p.getByTestId('dialog-ok').tap();
    await expect.poll(() => p.getByTestId('task-state').textContent()).toBe('申请办结');
    await look(p, 'clerk-close-requested', problems);
    expect(problems).toEqual([]);
    expect(pageProblems(p)).toEqual([]);
  }, 240_000);

  it('a principal: the cockpit first, the red list, a task, and approving the close request and the extension that wait', async () => {
    const env = await envP;
    const problems: string[] = [];
    // A red task (its deadline moved into the past) and a task whose unit asks to close it, with a photo.
    const late = await issueTask('掌上驾驶舱逾期任务', '住建局');
    await env.t.deps.database.db.execute(
      sql`UPDATE supervised_items SET deadline = current_date - 5, start_date = current_date - 30 WHERE id = ${late.id}`,
    );
    const [j] = await env.t.deps.org.jurisdictionIds();
    await env.t.deps.supervision.invalidateJurisdictionLights(env.t.deps.database.db, j!);
    const done = await issueTask('掌上审批办结任务', '住建局');
    const clerk = await env.t.login('zjj.clerk');
    const ifm = (v: number) => ({ 'if-match': `"${v}"` });
    let cur = (await clerk.get(`/api/v1/tasks/${done.id}`)).json();
    cur = (await clerk.post(`/api/v1/tasks/${done.id}/accept`, {}, ifm(cur.version))).json();
    const boundary = 'luoshi-phone-test';
    const upload = await clerk.request('POST', '/api/v1/attachments', {
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="acceptance.png"\r\nContent-Type: image/png\r\n\r\n`,
        ),
        PNG,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    });
    expect(upload.statusCode, upload.body).toBe(201);
    const asked = await clerk.post(
      `/api/v1/tasks/${done.id}/request-close`,
      { summary: '已完成并通过验收', attachmentIds: [upload.json().id] },
      ifm(cur.version),
    );
    expect(asked.statusCode, asked.body).toBe(200);
    // And a task whose unit asks for more time.
    const longer = await issueTask('掌上审批延期任务', '住建局');
    const lv = (await clerk.get(`/api/v1/tasks/${longer.id}`)).json().version;
    expect((await clerk.post(`/api/v1/tasks/${longer.id}/accept`, {}, ifm(lv))).statusCode).toBe(200);
    const ext = await clerk.post(`/api/v1/tasks/${longer.id}/extension-requests`, {
      deadline: '2099-12-31',
      reason: '雨季施工受阻，申请延期半年',
    });
    expect(ext.statusCode, ext.body).toBe(201);

    const p = await env.signedIn('wangjianguo', undefined, { phone: true });
    await p.getByTestId('cockpit-phone').waitFor({ timeout: 30_000 });
    await p.getByTestId('todo-close').waitFor();
    await look(p, 'leader-home', problems);
    await p.getByTestId('cockpit-red').tap();
    await p.waitForURL((u) => u.pathname === '/tasks' && u.searchParams.get('light') === 'red');
    await expect.poll(() => p.getByTestId('tasks-phone').textContent()).toContain('掌上驾驶舱逾期任务');
    await look(p, 'leader-red-list', problems);
    await p.getByTestId('task-link').filter({ hasText: '掌上驾驶舱逾期任务' }).tap();
    await p.waitForURL((u) => u.pathname === `/tasks/${late.id}`);
    await p.getByTestId('task-state').waitFor();
    await look(p, 'leader-task', problems);
    await p.goBack();
    await p.goBack();
    const review = p.getByTestId('close-review').filter({ hasText: '掌上审批办结任务' });
    await review.getByTestId('action-close').waitFor();
    await review.getByTestId('action-close').tap();
    await p.getByTestId('confirm-close').waitFor();
    await look(p, 'leader-approve', problems);
    await p.getByTestId('confirm-close').tap();
    await expect.poll(async () => (await clerk.get(`/api/v1/tasks/${done.id}`)).json().state).toBe('closed');
    // The extension that waits: from home's list to the task, read and approved there.
    await p.getByTestId('todo-extension').getByTestId('todo-row').filter({ hasText: '掌上审批延期任务' }).tap();
    await p.waitForURL((u) => u.pathname === `/tasks/${longer.id}`);
    await expect.poll(() => p.getByTestId('extension-pending').textContent()).toContain('雨季施工受阻');
    await look(p, 'leader-extension', problems);
    await p.getByTestId('extension-approve').tap();
    await expect.poll(async () => (await clerk.get(`/api/v1/tasks/${longer.id}`)).json().deadline).toBe('2099-12-31');
    await expect.poll(() => p.getByTestId('extension-pending').count()).toBe(0);
    await p.goBack();
    await p.getByTestId('cockpit-blockers-all').tap();
    await p.waitForURL((u) => u.pathname === '/blockers');
    await look(p, 'leader-blockers', problems);
    expect(problems).toEqual([]);
    expect(pageProblems(p)).toEqual([]);
  }, 240_000);

  it(`a principal’s phone home: the economy against 序时进度, what is forecast to finish late and who owns it, reports \
to review as rows — no chart, no table`, async () => {
    const env = await envP;
    const problems: string[] = [];
    const office = await env.t.login('sunli');
    const clerk = await env.t.login('fgj.clerk');
    const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
    const fgj = units.find((u) => u.shortName === '发改局')!.id;
    const today = todayInShanghai();
    const ifm = (v: number) => ({ 'if-match': `"${v}"` });
    // A task forecast to miss its deadline: 10 % reported fifty days after its start, forty days left.
    const made = await office.post('/api/v1/tasks', {
      title: '掌上预计超期任务',
      content: '掌上预计超期任务',
      standard: '按期完成',
      accountability: '纳入年度目标考核',
      leadUnitId: fgj,
      deadline: addDays(today, 40),
      cadence: 'weekly',
      issue: true,
    });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().id as string;
    const acc = (await clerk.post(`/api/v1/tasks/${id}/accept`, {}, ifm(made.json().version))).json();
    const rep = await clerk.post(`/api/v1/tasks/${id}/reports`, { progress: 10, text: '刚起步' }, ifm(acc.version));
    expect(rep.statusCode, rep.body).toBe(201);
    await env.t.deps.database.db.execute(
      sql`UPDATE supervised_items SET start_date = ${addDays(today, -60)}::date, light_on = NULL WHERE id = ${id}`,
    );
    await env.t.deps.database.db.execute(
      sql`UPDATE progress_reports SET submitted_at = ${`${addDays(today, -10)}T10:00:00+08:00`}::timestamptz WHERE item_id = ${id}`,
    );
    // An indicator of 发改局 behind its trajectory: 80 of a target of 100 for a year ended.
    const year = Number(today.slice(0, 4));
    const ind = await office.post('/api/v1/indicators', {
      name: '掌上经济指标',
      unit: '亿元',
      frequency: 'year',
      accumulation: 'cumulative',
      responsibleUnitId: fgj,
      targets: { [String(year - 1)]: { value: 100, growth: null } },
    });
    expect(ind.statusCode, ind.body).toBe(201);
    const indId = ind.json().id as string;
    const v = await office.post(`/api/v1/indicators/${indId}/values`, {
      period: String(year - 1),
      value: 80,
      confirm: true,
    });
    expect(v.statusCode, v.body).toBe(201);
    // What the phone must say: the cockpit's own answer for the principal (scoped by the server).
    const cockpit = (await (await env.t.login('wangjianguo')).get('/api/v1/cockpit')).json();
    const econ = cockpit.economy.items.find((r: { indicatorId: string }) => r.indicatorId === indId);
    expect(econ).toMatchObject({ progress: 80, expectedProgress: 100, gapPoints: 20 });
    const fc = cockpit.forecasts.tasks.items.find((r: { id: string }) => r.id === id);
    expect(fc.forecast.completion).toBeTruthy();

    const p = await env.signedIn('wangjianguo', undefined, { phone: true });
    await p.getByTestId('cockpit-phone').waitFor({ timeout: 30_000 });
    const row = p.getByTestId(`cockpit-economy-${indId}`);
    await p.getByTestId('cockpit-economy').waitFor();
    // The leader's own indicators come first; the rest behind "show all".
    if ((await row.count()) === 0) await p.getByTestId('cockpit-economy-more').tap();
    await expect.poll(() => row.textContent()).toContain('掌上经济指标');
    const text = (await row.textContent())!;
    expect(text).toContain('80 亿元');
    expect(text).toContain('落后序时 20 个百分点');
    expect(text).toContain('完成年度目标 80%，序时 100%');
    const late = p.getByTestId('cockpit-forecast-task').filter({ hasText: '掌上预计超期任务' });
    await expect.poll(() => late.textContent()).toContain(`预计 ${fc.forecast.completion}`);
    expect(await late.textContent()).toContain(`发改局 · 时限 ${addDays(today, 40)}`);
    expect(await late.textContent()).toContain(`晚 ${fc.forecast.daysLate} 天`);
    expect(await p.getByTestId('cockpit-forecast-projects').count()).toBe(1);
    // The report waits for review: a row opening its task, not the desktop's table.
    await expect.poll(() => p.getByTestId('reports-to-review').textContent()).toContain('掌上预计超期任务');
    await look(p, 'leader-cockpit', problems);
    // Nothing of the desktop's cockpit, ECharts or the review table was loaded.
    const scripts = await p.evaluate(() =>
      performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname.replace('/assets/', '')),
    );
    expect(scripts.filter((f) => /^(CockpitDesktop|TrendChart|Chart|table|ReportReviewList)-/.test(f))).toEqual([]);
    expect(await p.locator('[_echarts_instance_], canvas').count()).toBe(0);
    // The twelve weeks are numbers with a sparkline; the forecast opens its task.
    expect(await p.getByTestId('cockpit-trend-overdue').locator('svg polyline').count()).toBe(1);
    await late.tap();
    await p.waitForURL((u) => u.pathname === `/tasks/${id}`);
    await p.getByTestId('task-state').waitFor();
    expect(problems).toEqual([]);
    expect(pageProblems(p)).toEqual([]);
  }, 240_000);

  it(`a leader turns TOTP on from the phone, signs in with the code through a message’s link, and reads a blocker \
and its project at a glance`, async () => {
    const env = await envP;
    const problems: string[] = [];
    // A project of 住建局 (the unit 龚颖 leads) with a late milestone and investment, and a blocker its clerk raised.
    const office = await env.t.login('sunli');
    const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
    const made = await office.post('/api/v1/projects', {
      name: '掌上城南污水处理厂提标改造工程',
      type: 'infrastructure',
      content: '城南污水处理厂一级A提标改造，新增深度处理单元',
      totalInvestment: 26800,
      annualPlans: { '2026': 12000 },
      responsibleUnitId: units.find((u) => u.shortName === '住建局')!.id,
      startYear: 2026,
      endYear: 2027,
      pool: 'new_start',
      enteredOn: '2026-01-05',
      milestones: [
        { name: '完成施工许可', plannedDate: '2026-02-10' },
        { name: '主体工程完工', plannedDate: '2099-06-30' },
      ],
    });
    expect(made.statusCode, made.body).toBe(201);
    const project = made.json() as { id: string };
    const clerk = await env.t.login('zjj.clerk');
    const raised = await clerk.post('/api/v1/blockers', {
      projectId: project.id,
      type: 'land',
      description: '污水管网穿越省道的施工许可尚未批复，影响主管铺设',
    });
    expect(raised.statusCode, raised.body).toBe(201);

    // TOTP set up on the phone: the menu's drawer, the password, the code from the secret shown (an app on the
    // same phone cannot scan its own screen: the key is there to copy).
    const p = await env.signedIn('gongying', undefined, { phone: true });
    await p.getByTestId('menu-button').tap();
    await p.getByTestId('menu-/account/totp').tap();
    await p.waitForURL((u) => u.pathname === '/account/totp');
    await p.getByTestId('totp-password').waitFor();
    await look(p, 'leader-totp', problems);
    await p.getByTestId('totp-password').fill('Luoshi@2026');
    await p.getByTestId('totp-begin').tap();
    await p.getByTestId('totp-qr').waitFor();
    const secret = (await p.getByTestId('totp-secret').locator('code').textContent())!.trim();
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) });
    // On the phone itself the key goes to the authenticator app by its otpauth:// link.
    expect(await p.getByTestId('totp-open-app').getAttribute('href')).toMatch(/^otpauth:\/\/totp\/.*secret=/);
    await look(p, 'leader-totp-qr', problems);
    await p.getByTestId('totp-code').fill(totp.generate());
    await p.getByTestId('totp-enable').tap();
    await p.getByText('已启用动态验证码').waitFor();
    await p.getByTestId('menu-button').tap();
    await p.getByTestId('sign-out').tap();
    await p.waitForURL((u) => u.pathname === '/login');

    // A message's link to the project: sign-in asks for the code after the password, then the project opens.
    await p.goto(`${env.baseUrl}/projects/${project.id}?from=wecom`);
    await p.waitForURL((u) => u.pathname === '/login');
    await p.getByTestId('login-username').fill('gongying');
    await p.getByTestId('login-password').fill('Luoshi@2026');
    await p.getByTestId('login-submit').tap();
    await expect.poll(() => p.getByTestId('login-error').textContent()).toContain('请输入动态验证码');
    await p.getByTestId('login-totp').waitFor();
    await look(p, 'leader-login-totp', problems);
    // The setup's code is used up: the next step's.
    await p.getByTestId('login-totp').fill(totp.generate({ timestamp: Date.now() + 30_000 }));
    await p.getByTestId('login-submit').tap();
    await p.waitForURL((u) => u.pathname === `/projects/${project.id}`);
    expect(new URL(p.url()).search).toBe('?from=wecom');
    await p.getByTestId('project-glance').waitFor();
    expect(await p.getByTestId('project-glance').textContent()).toContain('0/2');
    await look(p, 'leader-project', problems);

    // The blockers, each at a glance; the project opens from its blocker.
    await p.goto(`${env.baseUrl}/blockers`);
    const glance = p.getByTestId('blocker-glance').filter({ hasText: '省道的施工许可' });
    await glance.waitFor();
    expect(await glance.textContent()).toContain('掌上城南污水处理厂提标改造工程');
    await look(p, 'leader-blockers-glance', problems);
    await glance.getByTestId('blocker-project').tap();
    await p.waitForURL((u) => u.pathname === `/projects/${project.id}`);
    await p.getByTestId('project-glance').waitFor();
    expect(problems).toEqual([]);
    expect(pageProblems(p)).toEqual([]);
  }, 240_000);

  it('a message’s link opens its item through sign-in; the app shell is cached (never data) and sign-out clears it', async () => {
    const env = await envP;
    const task = await issueTask('掌上消息链接任务', '住建局');
    const p = await env.page(`/tasks/${task.id}?from=dingtalk`, { phone: true });
    await p.waitForURL((u) => u.pathname === '/login');
    await p.getByTestId('login-submit').waitFor();
    const problems = await phoneLayoutProblems(p, 'login');
    await p.getByTestId('login-username').fill('zjj.clerk');
    await p.getByTestId('login-password').fill('Luoshi@2026');
    await p.getByTestId('login-submit').tap();
    await p.waitForURL((u) => u.pathname === `/tasks/${task.id}`);
    expect(new URL(p.url()).search).toBe('?from=dingtalk');
    await expect.poll(() => p.getByTestId('task-state').textContent()).toBe('已交办');
    // Installable: the manifest and its icons are served; the service worker keeps the shell and nothing under /api.
    const manifest = await p.evaluate(async () => {
      const href = document.querySelector('link[rel="manifest"]')!.getAttribute('href')!;
      const m = await (await fetch(href)).json();
      const icons = await Promise.all(
        m.icons.map(async (i: { src: string }) => (await fetch(i.src)).headers.get('content-type')),
      );
      return { name: m.short_name, display: m.display, icons };
    });
    expect(manifest).toEqual({ name: '落实', display: 'standalone', icons: ['image/png', 'image/png', 'image/png'] });
    await p.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await p.reload();
    await p.getByTestId('task-state').waitFor();
    const cached = async () =>
      p.evaluate(async () => {
        const out: string[] = [];
        for (const k of await caches.keys())
          for (const r of await (await caches.open(k)).keys()) out.push(new URL(r.url).pathname);
        return out;
      });
    await expect.poll(async () => (await cached()).includes('/')).toBe(true);
    expect((await cached()).filter((u) => u.startsWith('/api/'))).toEqual([]);
    expect((await cached()).some((u) => u.startsWith('/assets/'))).toBe(true);
    // Signing out empties the caches: a marker put there is gone (the sign-in page may cache its shell again).
    await p.evaluate(async () => (await caches.open('luoshi-shell-v1')).put('/marker', new Response('kept?')));
    await p.getByTestId('menu-button').tap();
    await p.getByTestId('sign-out').tap();
    await p.waitForURL((u) => u.pathname === '/login');
    expect(await cached()).not.toContain('/marker');
    expect(problems).toEqual([]);
    expect(pageProblems(p)).toEqual([]);
  }, 240_000);
});
