import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeBrowser, pageProblems, startBrowserEnv } from './harness';

// A 1×1 PNG: evidence whose type the server checks from its content.
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000' +
    '000d49444154789c6360f8ffff3f0005fe02fea7d6a4ba0000000049454e44ae426082',
  'hex',
);

/** Key projects in the browser (issue 4): a weekly round from opening to 对账, and the offline map. */
/** Polls and steps with room to spare: other suites share the two cores. */
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000 });

/** Picks a pool in the move dialog and makes sure the select shows it (a click on an option still sliding in can miss). */
async function choosePool(p: Page, label: string) {
  const pool = p.getByTestId('move-pool');
  const chosen = async () => ((await pool.textContent()) ?? '').includes(label);
  for (let attempt = 0; attempt < 3 && !(await chosen()); attempt++) {
    await pool.click();
    await p.locator(`.ant-select-item-option[title="${label}"]`).click();
    await expect
      .poll(chosen, { timeout: 5_000 })
      .toBe(true)
      .catch(() => undefined);
  }
  await poll(chosen).toBe(true);
}

describeBrowser('key projects', () => {
  const envP = startBrowserEnv();
  async function signedIn(env: Awaited<typeof envP>, username: string) {
    const p = await env.signedIn(username);
    p.setDefaultTimeout(20_000);
    return p;
  }

  async function setup() {
    const env = await envP;
    const office = await env.t.login('sunli');
    const admin = await env.t.login('sysadmin');
    const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
    const unit = (s: string) => units.find((u) => u.shortName === s)!.id;
    // A county outline first (the demo one is not seeded in tests): points are checked against it.
    const boundary = await admin.request('PUT', '/api/v1/projects/boundary', {
      body: {
        name: '测试县（生成的边界）',
        geojson: {
          type: 'Polygon',
          coordinates: [
            [
              [117, 31],
              [118, 31],
              [118.2, 31.6],
              [118, 32],
              [117, 32],
              [117, 31],
            ],
          ],
        },
      },
      headers: { 'if-match': '"0"' },
    });
    expect(boundary.statusCode, boundary.body).toBe(200);
    const make = async (
      name: string,
      shortName: string,
      pool: string,
      lng: number,
      lat: number,
      milestones: { name: string; plannedDate: string }[] = [],
    ) => {
      const res = await office.post('/api/v1/projects', {
        name,
        type: 'industry',
        content: `${name}建设`,
        totalInvestment: 20000,
        annualPlans: { '2026': 8000 },
        responsibleUnitId: unit(shortName),
        location: { lng, lat },
        startYear: 2026,
        endYear: 2027,
        pool,
        enteredOn: '2026-01-05',
        milestones,
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: string; name: string };
    };
    // An overdue milestone makes the project red.
    const a = await make('云溪智能装备产业园', '住建局', 'new_start', 117.4, 31.4, [
      { name: '完成施工许可', plannedDate: '2026-02-10' },
    ]);
    const b = await make('城西片区路网工程', '发改局', 'continuing', 117.7, 31.7);
    return { env, a, b };
  }
  const dataP = setup();

  it('the office opens a round, a unit reports, and the summary names the unit that did not', async () => {
    const { env, a, b } = await dataP;
    const office = await signedIn(env, 'sunli');
    await office.goto(`${env.baseUrl}/rounds`);
    await office.getByTestId('round-open').click();
    // The week defaults to today: wait until the form shows it, so the click submits a filled form.
    await poll(() => office.locator('.ant-modal .ant-picker input').first().inputValue()).toMatch(
      /^\d{4}-\d{2}-\d{2}$/,
    );
    await office.getByTestId('dialog-ok').click();
    await office.waitForURL(/\/rounds\/[0-9a-f-]{36}$/, { timeout: 20_000 }).catch(async (e: unknown) => {
      // Name what the dialog said (a refusal, a field message) rather than only that the page did not move.
      const dialog = await office
        .locator('.ant-modal')
        .allTextContents()
        .catch(() => [] as string[]);
      throw new Error(
        `the round did not open; the dialog shows: ${dialog.join(' | ') || '(closed)'}; page problems: \
${pageProblems(office).join('; ')}; ${String(e)}`,
      );
    });
    await poll(() => office.getByTestId('round-state').textContent()).toBe('进行中');
    const roundUrl = office.url();
    await poll(() => office.getByTestId('round-missing').textContent()).toContain(a.name);

    const clerk = await signedIn(env, 'zjj.clerk');
    await clerk.goto(roundUrl);
    await clerk.getByTestId('report-project').click();
    await clerk.locator(`.ant-select-item-option[title="${a.name}"]`).click();
    await clerk.getByTestId('report-progress').fill('厂房主体封顶');
    await clerk.getByTestId('report-image').fill('主体完成60%');
    await clerk
      .locator('input[data-testid="report-investment"], [data-testid="report-investment"] input')
      .first()
      .fill('800');
    await clerk.getByTestId('report-submit').click();
    await poll(() => clerk.getByTestId('round-reports').textContent()).toContain('厂房主体封顶');

    await office.reload();
    await poll(() => office.getByTestId('round-reports').textContent()).toContain('厂房主体封顶');
    await poll(() => office.getByTestId('round-missing').textContent()).toContain(b.name);
    expect(await office.getByTestId('round-missing').textContent()).not.toContain(a.name);
    // The unit that did not report has its project missing in the per-unit 对账.
    const units = office.getByTestId('round-units').locator('tbody tr').filter({ hasText: '发改局' });
    await poll(() => units.count()).toBe(1);
    expect((await units.locator('td').nth(3).textContent())?.trim()).toBe('1');
    await poll(() => office.getByTestId('round-missing-units').textContent()).toContain('发改局');
    expect(await office.getByTestId('round-missing-units').textContent()).not.toContain('住建局');
    expect(pageProblems(office)).toEqual([]);
    expect(pageProblems(clerk)).toEqual([]);
  }, 90_000);

  it('the map draws a project point in its light colour and clicking it opens the project', async () => {
    const { env, a } = await dataP;
    const office = await signedIn(env, 'sunli');
    await office.goto(`${env.baseUrl}/projects/map`);
    await office.getByTestId('project-map').waitFor();
    expect(await office.getByTestId('project-map').locator('path').count()).toBeGreaterThan(0);
    const point = office.locator(`[data-testid="map-point"][data-name="${a.name}"]`);
    await point.waitFor();
    expect(await point.getAttribute('data-light')).toBe('red');
    expect(await point.getAttribute('fill')).toBe('#cf1322');
    await point.click();
    await office.waitForURL(`**/projects/${a.id}`);
    await poll(() => office.getByTestId('project-name').textContent()).toBe(a.name);
    expect(pageProblems(office)).toEqual([]);
  }, 90_000);

  it(`the project page: a pool move with date and reason, the unit signs for a milestone, an investment over the \
remaining total asks for a reason`, async () => {
    const { env, a } = await dataP;
    const clerk = await signedIn(env, 'zjj.clerk');
    await clerk.goto(`${env.baseUrl}/projects/${a.id}`);
    await poll(() => clerk.getByTestId('project-pool').textContent()).toBe('新开工');
    // 调整库别: to 续建, with the reason kept in the history.
    await clerk.getByTestId('project-move').click();
    const dialog = clerk.locator('.ant-modal');
    // The choice must show in the select before the form is sent (a click on an option still sliding in can miss).
    await choosePool(clerk, '续建');
    await poll(() => dialog.locator('.ant-picker input').first().inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await clerk.getByTestId('move-reason').fill('主体工程已连续施工');
    await clerk.getByTestId('dialog-ok').click();
    await dialog.waitFor({ state: 'hidden', timeout: 20_000 }).catch(async (e: unknown) => {
      // Name what the dialog said (a field message, a refusal) rather than only that the pool did not change.
      throw new Error(
        `the move was not saved; the dialog shows: \
${(await dialog.allTextContents().catch(() => [] as string[])).join(' | ')}; page problems: \
${pageProblems(clerk).join('; ')}; ${String(e)}`,
      );
    });
    await poll(() => clerk.getByTestId('project-pool').textContent()).toBe('续建');
    await poll(() => clerk.getByTestId('project-moves').textContent()).toContain('主体工程已连续施工');
    // The unit signs for its milestone.
    await clerk.getByTestId('milestone-accept').click();
    await poll(() => clerk.getByTestId('milestone-state').first().textContent()).toBe('已签收');
    // 25,000 万元 against a total of 20,000: the server asks for a reason, shown by the field.
    const amount = clerk
      .locator('input[data-testid="investment-amount"], [data-testid="investment-amount"] input')
      .first();
    await amount.fill('25000');
    await clerk.getByTestId('investment-submit').click();
    await clerk.getByTestId('investment-form').locator('.ant-form-item-explain-error').first().waitFor();
    await clerk.getByTestId('investment-reason').fill('设备采购款集中支付，总投资调整正在报批');
    await clerk.getByTestId('investment-submit').click();
    await poll(() => clerk.getByTestId('investment-records').textContent()).toContain('超过剩余总投资');
    expect(pageProblems(clerk)).toEqual([]);
  }, 90_000);

  it('the library shows pool counts, the rates page their definitions, and a stale version is reloaded and said', async () => {
    const { env, b } = await dataP;
    const office = await signedIn(env, 'sunli');
    await office.goto(`${env.baseUrl}/projects?pool=continuing`);
    await poll(() => office.getByTestId('projects-table').textContent()).toContain(b.name);
    await poll(() => office.getByTestId('pool-tab-all').textContent()).toContain('2');
    await office.goto(`${env.baseUrl}/projects/rates`);
    await poll(() => office.getByTestId('rate-definitions').textContent()).toContain('开工率 = 计划当年开工的项目中');
    await poll(() => office.getByTestId('rates-table').textContent()).toContain('合计');
    // Someone else moves the project while the page is open: the move is refused, the page reloads and says so.
    await office.goto(`${env.baseUrl}/projects/${b.id}`);
    await poll(() => office.getByTestId('project-pool').textContent()).toBe('续建');
    const other = await env.t.login('sunli');
    const cur = (await other.get(`/api/v1/projects/${b.id}`)).json();
    const res = await other.request('POST', `/api/v1/projects/${b.id}/moves`, {
      body: { pool: 'completed', date: '2026-11-02', reason: '已竣工验收' },
      headers: { 'if-match': `"${cur.version}"` },
    });
    expect(res.statusCode, res.body).toBe(201);
    await office.getByTestId('project-move').click();
    await choosePool(office, '竣工');
    await office.getByTestId('move-reason').fill('竣工');
    await office.getByTestId('dialog-ok').click();
    await office.getByText('数据已被他人修改').waitFor();
    await poll(() => office.getByTestId('project-pool').textContent()).toBe('竣工');
  }, 90_000);

  it(`卡点: a unit raises one, the office escalates it to the next leader with a reason, the unit reports it solved \
with evidence, the office confirms it`, async () => {
    const { env, a } = await dataP;
    const zjj = await env.t.login('zjj.clerk');
    const raised = await zjj.post('/api/v1/blockers', {
      projectId: a.id,
      type: 'land',
      description: '用地指标尚未落实',
    });
    expect(raised.statusCode, raised.body).toBe(201);
    const blocker = raised.json() as { id: string; level: number };
    const office = await signedIn(env, 'sunli');
    await office.goto(`${env.baseUrl}/blockers`);
    const row = office.getByTestId(`blocker-row-${blocker.id}`);
    await poll(() => row.textContent()).toContain('用地指标尚未落实');
    const before = await row.locator('td').nth(3).textContent();
    await row.getByTestId('blocker-escalate').click();
    await office.getByTestId('escalate-reason').fill('十个工作日未破解，提请分管领导协调');
    await office.getByTestId('blocker-dialog-ok').click();
    await poll(() => row.locator('td').nth(3).textContent()).not.toBe(before);

    // The unit reports it solved with its evidence; the office confirms it (销号).
    const unit = await signedIn(env, 'zjj.clerk');
    await unit.goto(`${env.baseUrl}/blockers`);
    const unitRow = unit.getByTestId(`blocker-row-${blocker.id}`);
    await unitRow.getByTestId('blocker-resolve').click();
    await unit.locator('.ant-modal textarea').fill('县自然资源局调剂用地指标30亩');
    await unit
      .locator('.ant-modal input[type=file]')
      .setInputFiles({ name: '用地批复.png', mimeType: 'image/png', buffer: PNG });
    await poll(() => unit.getByTestId('evidence-list').textContent()).toContain('用地批复.png');
    await unit.getByTestId('blocker-dialog-ok').click();
    await poll(() => unitRow.textContent()).toContain('破解情况：县自然资源局调剂用地指标30亩');
    await office.reload();
    await row.getByTestId('blocker-confirm').click();
    const api = await env.t.login('sunli');
    await poll(
      async () =>
        (await api.get(`/api/v1/blockers?state=closed&projectId=${a.id}`))
          .json()
          .items.find((b: { id: string }) => b.id === blocker.id)?.state,
    ).toBe('closed');
    expect(pageProblems(office)).toEqual([]);
    expect(pageProblems(unit)).toEqual([]);
  }, 90_000);
});
