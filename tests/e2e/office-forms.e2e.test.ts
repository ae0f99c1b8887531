import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeBrowser, pageProblems, pendingRequests, startBrowserEnv } from './harness';

/**
 * Day one in a real 督查室 (issue 11): what the office meets in its forms and tables — the calendar's warning where
 * a deadline is set, refusals said beside their field in domain words (in Chinese and in English), and no empty
 * 操作 column for someone who cannot act.
 */
describeBrowser('office forms', () => {
  const envP = startBrowserEnv();

  async function english(p: Page) {
    await p.evaluate(() => localStorage.setItem('luoshi.locale', 'en-US'));
    await p.reload();
  }

  it('the task form warns when its deadline runs into a year whose holiday calendar is not loaded', async () => {
    const env = await envP;
    const office = await env.signedIn('sunli');
    await office.goto(`${env.baseUrl}/tasks`);
    // The ledger's first load on a busy machine (its chunk, the lists it asks for) may take longer than a step.
    await office
      .getByTestId('task-create')
      .click({ timeout: 60_000 })
      .catch(async (e) => {
        await office.screenshot({ path: '/tmp/loop2-tasks-failed.png' });
        throw e;
      });
    const deadline = office.locator('input[data-testid="task-deadline"], [data-testid="task-deadline"] input').first();

    // 600 working days from today always reach a year that no release has loaded (at most next year is shipped).
    const api = await env.t.login('sunli');
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const expected = (await api.get(`/api/v1/calendar/working-days?from=${today}&add=600`)).json() as {
      date: string;
      warnings: { year: number }[];
    };
    expect(expected.warnings.length).toBeGreaterThan(0);
    await office
      .locator('input[data-testid="task-working-days"], [data-testid="task-working-days"] input')
      .first()
      .fill('600');
    await expect.poll(() => deadline.inputValue()).toBe(expected.date);
    const warning = office.getByTestId('deadline-calendar-warning');
    await expect.poll(() => warning.textContent()).toContain(`${expected.warnings[0]!.year} 年节假日安排`);
    expect(await warning.textContent()).toContain('工作日可能算得不准');
    await office.locator('.ant-drawer-body').screenshot({ path: '/tmp/loop2-calendar-warning-zh.png' });

    // A deadline picked within a loaded year says how many working days it leaves, and warns of nothing.
    const loaded = (await api.get(`/api/v1/calendar?year=${today.slice(0, 4)}`)).json() as { status: string };
    if (loaded.status === 'loaded' && today.slice(5) < '12-20') {
      await deadline.click();
      await deadline.fill(`${today.slice(0, 4)}-12-28`);
      await office.keyboard.press('Enter');
      // The form recounts after the new date: the 600 days' warning goes away once it has (polled, never read once).
      await expect.poll(() => office.getByTestId('deadline-calendar-warning').count()).toBe(0);
      await expect.poll(() => office.getByTestId('deadline-working-days').textContent()).toContain('个工作日');
    }

    // In English the warning comes from the server in English.
    await english(office);
    await office.getByTestId('task-create').click({ timeout: 60_000 });
    await deadline.click();
    await deadline.fill(expected.date);
    await office.keyboard.press('Enter');
    await expect
      .poll(() => office.getByTestId('deadline-calendar-warning').textContent())
      .toContain(`The ${expected.warnings[0]!.year} holiday calendar`);
    await office.getByTestId('deadline-note').screenshot({ path: '/tmp/loop2-calendar-warning-en.png' });
    expect(pageProblems(office)).toEqual([]);
  }, 300_000);

  /** Tables on the page whose 操作 column (操作, 办理, Actions, Handle) holds nothing in any row: their headers. */
  async function emptyActionColumns(p: Page): Promise<string[]> {
    await expect.poll(() => pendingRequests(p), { timeout: 60_000 }).toBe(0);
    return p.evaluate(() =>
      [...document.querySelectorAll('.ant-table')].flatMap((table) => {
        const ths = [...table.querySelectorAll('thead th')];
        const i = ths.findIndex((th) => ['操作', '办理', 'Actions', 'Handle'].includes((th.textContent ?? '').trim()));
        if (i < 0) return [];
        const rows = [...table.querySelectorAll('tbody tr.ant-table-row')];
        const filled = rows.filter((r) => {
          const cell = r.children[i];
          return !!cell && (!!(cell.textContent ?? '').trim() || !!cell.querySelector('button, a, input'));
        });
        return filled.length ? [] : [ths.map((th) => (th.textContent ?? '').trim()).join('|')];
      }),
    );
  }
  const hasActionsHeader = (p: Page) =>
    p.evaluate(() =>
      [...document.querySelectorAll('.ant-table thead th')].some((th) =>
        ['操作', '办理'].includes((th.textContent ?? '').trim()),
      ),
    );

  it('a read-only leader sees no 操作 column on any table; those who act still do', async () => {
    const env = await envP;
    // What the leader (龚颖, 分管 住建局 and 东湖镇) reads: a project with a blocker, a task at work with a milestone.
    const office = await env.t.login('sunli');
    const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
    const unit = (name: string) => units.find((u) => u.shortName === name)!.id;
    const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format());
    const project = await office.post('/api/v1/projects', {
      name: '只读测试项目',
      type: 'infrastructure',
      content: '道路改造',
      totalInvestment: 8000,
      annualPlans: { [String(year)]: 8000 },
      ownerEnterprise: '县交投公司',
      responsibleUnitId: unit('住建局'),
      townshipUnitId: unit('东湖镇'),
      startYear: year,
      endYear: year,
      major: false,
      pool: 'continuing',
      enteredOn: `${year}-01-05`,
    });
    expect(project.statusCode, project.body).toBe(201);
    const zjj = await env.t.login('zjj.clerk');
    const blocker = await zjj.post('/api/v1/blockers', {
      projectId: project.json().id,
      type: 'land',
      description: '用地指标尚未落实',
    });
    expect(blocker.statusCode, blocker.body).toBe(201);
    const created = await office.post('/api/v1/tasks', {
      title: '只读测试任务',
      content: '内容',
      standard: '标准',
      accountability: '纳入年度目标考核',
      leadUnitId: unit('住建局'),
      deadline: '2099-06-30',
      milestones: [{ title: '完成方案编制', due: '2099-03-31' }],
      issue: true,
    });
    expect(created.statusCode, created.body).toBe(201);
    const task = created.json() as { id: string; version: number };
    expect(
      (await zjj.post(`/api/v1/tasks/${task.id}/accept`, {}, { 'if-match': `"${task.version}"` })).statusCode,
    ).toBe(200);
    const projects = { items: [project.json() as { id: string }] };
    const pages = [
      '/org/people',
      '/blockers',
      '/indicators/catalogue',
      '/projects',
      `/projects/${projects.items[0]!.id}`,
      `/tasks/${task.id}`,
      '/rounds',
      '/bulletins',
      '/scoring',
      '/account/tokens',
    ];

    for (const who of ['gongying', 'wangjianguo']) {
      const reader = await env.signedIn(who);
      for (const path of pages) {
        await reader.goto(env.baseUrl + path);
        await reader.locator('.ant-table').first().waitFor({ timeout: 120_000 });
        expect(await emptyActionColumns(reader), `${who} ${path}`).toEqual([]);
      }
      // The leader reads people and the indicator catalogue: no column at all there.
      await reader.goto(`${env.baseUrl}/org/people`);
      await reader.getByTestId('people-table').locator('tbody tr.ant-table-row').first().waitFor({ timeout: 60_000 });
      expect(await hasActionsHeader(reader), `${who} /org/people`).toBe(false);
      if (who === 'gongying') await reader.screenshot({ path: '/tmp/loop2-people-leader.png' });
      expect(pageProblems(reader)).toEqual([]);
    }

    // Who may act keeps the column: the system administrator on people, the office on blockers (it escalates).
    const admin = await env.signedIn('sysadmin');
    await admin.goto(`${env.baseUrl}/org/people`);
    await admin.getByTestId('people-table').locator('tbody tr.ant-table-row').first().waitFor({ timeout: 60_000 });
    expect(await hasActionsHeader(admin)).toBe(true);
    expect(await emptyActionColumns(admin)).toEqual([]);
    const officePage = await env.signedIn('sunli');
    await officePage.goto(`${env.baseUrl}/blockers`);
    await officePage.getByTestId('blocker-escalate').first().waitFor({ timeout: 60_000 });
    expect(await hasActionsHeader(officePage)).toBe(true);
  }, 600_000);

  /** The error shown under the form item labelled `label` (the label's text as the page shows it). */
  const errorUnder = (p: Page, label: string) =>
    p
      .locator('.ant-form-item')
      .filter({ has: p.locator(`.ant-form-item-label label:text-is("${label}")`) })
      .locator('.ant-form-item-explain-error')
      .allTextContents()
      .then((l) => l.join(' | '));
  /** Everything said about errors on the page: no request path, no field name of the API, no bare 取值不正确. */
  async function saysNoPath(p: Page) {
    const said = (
      await p.locator('.ant-form-item-explain-error, [data-testid="error-alert"], .ant-message').allTextContents()
    ).join(' | ');
    expect(said).not.toMatch(/body\.|query\.|attachmentIds|leadUnitId|取值不正确|invalid value/);
  }

  it('a refusal lands under its field in words of the domain, in Chinese and in English', async () => {
    const env = await envP;
    const office = await env.t.login('sunli');
    const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
    const created = await office.post('/api/v1/tasks', {
      title: '延期测试任务',
      content: '内容',
      standard: '标准',
      accountability: '纳入年度目标考核',
      leadUnitId: units.find((u) => u.shortName === '财政局')!.id,
      deadline: '2099-06-30',
      issue: true,
    });
    expect(created.statusCode, created.body).toBe(201);
    const task = created.json() as { id: string; version: number };
    const czj = await env.t.login('czj.clerk');
    expect(
      (await czj.post(`/api/v1/tasks/${task.id}/accept`, {}, { 'if-match': `"${task.version}"` })).statusCode,
    ).toBe(200);

    // 1. The unit asks for an extension to a date that is not later than the deadline it has.
    const clerk = await env.signedIn('czj.clerk');
    const askExtension = async (button: string, to: string, why: string) => {
      await clerk.goto(`${env.baseUrl}/tasks/${task.id}`);
      await clerk.getByRole('button', { name: button }).click({ timeout: 60_000 });
      const date = clerk.locator('input[data-testid="extension-deadline"], [data-testid="extension-deadline"] input');
      await date.first().click();
      await date.first().fill('2099-06-30');
      await clerk.keyboard.press('Enter');
      await clerk.locator('.ant-modal textarea').first().fill('配套资金尚未到位');
      await clerk.getByTestId('dialog-ok').click();
      await expect.poll(() => errorUnder(clerk, to)).toContain(why);
    };
    await askExtension('申请延期', '申请延至', '须晚于现在的完成时限（2099-06-30）');
    await saysNoPath(clerk);
    await clerk.locator('.ant-modal').screenshot({ path: '/tmp/loop2-error-extension-zh.png' });
    await english(clerk);
    await askExtension('Request extension', 'Extend to', 'must be later than the present deadline (2099-06-30)');
    await saysNoPath(clerk);

    // 2. The system administrator points a webhook at an address inside the network.
    const admin = await env.signedIn('sysadmin');
    const addHook = async (label: string, why: string) => {
      await admin.goto(`${env.baseUrl}/settings/webhooks`);
      await admin.getByTestId('webhook-create').click({ timeout: 60_000 });
      await admin.getByTestId('webhook-name').fill('督查群');
      await admin.getByTestId('webhook-url').fill('http://10.0.0.8/hook');
      await admin.getByTestId('webhook-save').click();
      await expect.poll(() => errorUnder(admin, label)).toContain(why);
    };
    await addHook('推送地址', '不能推送到本机、内网或链路本地地址');
    await saysNoPath(admin);
    await admin.locator('.ant-modal').screenshot({ path: '/tmp/loop2-error-webhook-zh.png' });
    await english(admin);
    await addHook('URL', 'cannot deliver to a loopback, private or link-local address');
    await saysNoPath(admin);

    // 3. The office issues a task whose deadline has passed.
    const page = await env.signedIn('sunli');
    const issue = async (label: string, why: string) => {
      await page.goto(`${env.baseUrl}/tasks`);
      await page.getByTestId('task-create').click({ timeout: 60_000 });
      await page.getByTestId('task-title').fill('过期时限测试');
      await page.getByTestId('task-content').fill('内容');
      await page.getByTestId('task-standard').fill('标准');
      await page.getByTestId('task-accountability').fill('纳入年度目标考核');
      // Choose the lead unit as a person would, looking again if the choice did not show (as in tasks.e2e).
      const chosen = async () => ((await page.locator('.ant-drawer').textContent()) ?? '').includes('县财政局');
      for (let i = 0; i < 3 && !(await chosen()); i++) {
        await page.getByTestId('task-lead-unit').click({ timeout: 30_000 });
        await page.keyboard.type('财政局');
        await page.locator('.ant-select-tree-node-content-wrapper[title="县财政局"]').click({ timeout: 10_000 });
        await page.waitForTimeout(300);
      }
      const deadline = page.locator('input[data-testid="task-deadline"], [data-testid="task-deadline"] input').first();
      await deadline.click();
      await deadline.fill('2020-01-06');
      await page.keyboard.press('Enter');
      await expect.poll(() => deadline.inputValue()).toBe('2020-01-06');
      await page.getByTestId('task-submit').click();
      await expect.poll(() => errorUnder(page, label)).toContain(why);
    };
    await issue('完成时限（什么时间干成）', '不能早于今天');
    await saysNoPath(page);
    await page.locator('.ant-drawer-body').screenshot({ path: '/tmp/loop2-error-task-zh.png' });
    await english(page);
    await issue('Deadline (by when)', 'cannot be before today');
    await saysNoPath(page);
    for (const p of [clerk, admin, page]) expect(pageProblems(p)).toEqual([]);
  }, 600_000);
});
