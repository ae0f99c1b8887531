import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeBrowser, pageProblems, startBrowserEnv } from './harness';

/** Key projects' forms in the browser (issue 4): enter, edit and plan a project; the county boundary upload. */
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000 });
const SQUARE = {
  type: 'Polygon',
  coordinates: [
    [
      [117, 31],
      [118, 31],
      [118, 32],
      [117, 32],
      [117, 31],
    ],
  ],
};

describeBrowser('key projects: forms', () => {
  const envP = startBrowserEnv();
  async function signedIn(username: string) {
    const env = await envP;
    const p = await env.signedIn(username);
    p.setDefaultTimeout(20_000);
    return p;
  }
  const number = (p: Page, id: string) => p.locator(`input[data-testid="${id}"], [data-testid="${id}"] input`).first();
  async function choose(p: Page, id: string, option: string) {
    await p.getByTestId(id).click();
    await p.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${option}"]`).click();
  }
  /** A form item's error text, found from its field. */
  const fieldError = (p: Page, id: string) =>
    p
      .locator('.ant-form-item')
      .filter({ has: p.getByTestId(id) })
      .locator('.ant-form-item-explain-error');

  const boundaryP = (async () => {
    const env = await envP;
    const admin = await env.t.login('sysadmin');
    const res = await admin.request('PUT', '/api/v1/projects/boundary', {
      body: { name: '测试县（生成的边界）', geojson: SQUARE },
      headers: { 'if-match': '"0"' },
    });
    expect(res.statusCode, res.body).toBe(200);
  })();

  it(`the office enters a project by form (a point outside the boundary named on its field), edits it through a \
conflict, and plans milestones from the template`, async () => {
    const env = await envP;
    await boundaryP;
    const office = await signedIn('sunli');
    await office.goto(`${env.baseUrl}/projects`);
    await office.getByTestId('project-new').click();
    await office.waitForURL('**/projects/new');
    await office.getByTestId('project-name-input').fill('云溪高端装备产业园二期');
    await office.getByTestId('project-content').fill('新建标准化厂房6万平方米及配套设施');
    await number(office, 'project-total').fill('36000');
    await office.getByTestId('plan-add').click();
    await number(office, 'plan-amount').fill('12000');
    await office.getByTestId('project-owner').fill('云溪装备制造有限公司');
    await choose(office, 'project-unit', '县住房和城乡建设局');
    await choose(office, 'project-leader', '赵志强（常务副县长）');
    await office.getByTestId('project-major').check();
    // A point outside the county: the server's refusal lands on the location field.
    await number(office, 'project-lng').fill('120.5');
    await number(office, 'project-lat').fill('31.5');
    await office.getByTestId('project-save').click();
    await poll(() => fieldError(office, 'project-lng').textContent()).toContain('不在县域边界');
    expect(office.url()).toContain('/projects/new');
    await number(office, 'project-lng').fill('117.5');
    await office.getByTestId('project-save').click();
    await office.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
    const id = office.url().split('/').pop()!;
    await poll(() => office.getByTestId('project-name').textContent()).toBe('云溪高端装备产业园二期');

    const api = await env.t.login('sunli');
    const saved = (await api.get(`/api/v1/projects/${id}`)).json();
    expect(saved).toMatchObject({
      type: 'industry',
      totalInvestment: 36000,
      ownerEnterprise: '云溪装备制造有限公司',
      location: { lng: 117.5, lat: 31.5 },
      major: true,
      pool: 'reserve',
    });
    expect(Object.values(saved.annualPlans)).toEqual([12000]);

    // Edit: someone else changes the project meanwhile; the save is refused, the form reloads and says so.
    await office.getByTestId('project-edit').click();
    await office.waitForURL(`**/projects/${id}/edit`);
    await poll(() => office.getByTestId('project-name-input').inputValue()).toBe('云溪高端装备产业园二期');
    const other = await api.patch(
      `/api/v1/projects/${id}`,
      { content: '新建标准化厂房6.5万平方米及配套设施' },
      { 'if-match': `"${saved.version}"` },
    );
    expect(other.statusCode, other.body).toBe(200);
    await office.getByTestId('project-name-input').fill('云溪高端装备产业园（二期）');
    await office.getByTestId('project-save').click();
    await office.getByText('数据已被他人修改').waitFor();
    await poll(() => office.getByTestId('project-content').inputValue()).toBe('新建标准化厂房6.5万平方米及配套设施');
    await office.getByTestId('project-name-input').fill('云溪高端装备产业园（二期）');
    // An end year before the start year: the server names the field.
    await number(office, 'project-end').fill('2020');
    await office.getByTestId('project-save').click();
    await poll(() => fieldError(office, 'project-end').textContent()).toContain('竣工年份不能早于开工年份');
    await number(office, 'project-end').fill('2028');
    await office.getByTestId('project-save').click();
    await office.waitForURL(`**/projects/${id}`);
    await poll(() => office.getByTestId('project-name').textContent()).toBe('云溪高端装备产业园（二期）');

    // 安排节点: the industry template's milestones, two kept with their dates.
    await office.getByTestId('milestones-plan').click();
    const rows = office.getByTestId('plan-row');
    await poll(() => rows.count()).toBe(11);
    await poll(() => office.locator('[data-testid="plan-name"]').first().inputValue()).toBe('立项备案');
    while ((await rows.count()) > 2) await rows.nth(2).getByRole('button', { name: '删除该节点' }).click();
    for (const [i, date] of ['2027-01-15', '2027-03-31'].entries()) {
      const input = rows.nth(i).locator('[data-testid="plan-date"] input, input[data-testid="plan-date"]').first();
      await input.click();
      await input.fill(date);
      await input.press('Enter');
    }
    await office.getByTestId('plan-ok').click();
    await poll(() => office.getByTestId('project-milestones').textContent()).toContain('用地预审');
    const text = await office.getByTestId('project-milestones').textContent();
    expect(text).toContain('立项备案');
    expect(text).toContain('2027-01-15');
    expect(text).toContain('2027-03-31');
    const ms = (await api.get(`/api/v1/projects/${id}/milestones`)).json().items;
    expect(
      ms.map((m: { name: string; plannedDate: string; state: string }) => [m.name, m.plannedDate, m.state]),
    ).toEqual([
      ['立项备案', '2027-01-15', 'assigned'],
      ['用地预审', '2027-03-31', 'assigned'],
    ]);
    // Planned again: only the template's remaining milestones are offered.
    await office.getByTestId('milestones-plan').click();
    await poll(() => rows.count()).toBe(9);
    expect(await office.locator('[data-testid="plan-name"]').first().inputValue()).toBe('环评批复');
    expect(pageProblems(office)).toEqual([]);
  }, 120_000);

  it(`the office edits a type’s milestone template; the system administrator’s boundary upload refuses a file that \
is not GeoJSON and an open ring, then takes a good one`, async () => {
    const env = await envP;
    await boundaryP;
    const office = await signedIn('sunli');
    await office.goto(`${env.baseUrl}/settings/milestone-templates`);
    await office.getByTestId('template-tab-other').click();
    const form = office.getByTestId('template-other');
    await poll(() => form.locator('[data-testid="template-row"]').count()).toBe(3);
    await form.getByTestId('template-add').click();
    await form.locator('[data-testid="template-name"]').nth(3).fill('投入使用');
    await form.getByTestId('template-save').click();
    await poll(() => form.textContent()).toContain('本县模板 · 第 1 版');
    const api = await env.t.login('sunli');
    expect(
      (await api.get('/api/v1/projects/milestone-templates'))
        .json()
        .items.find((t: { type: string }) => t.type === 'other'),
    ).toMatchObject({ names: ['立项', '开工', '竣工验收', '投入使用'], custom: true, version: 1 });

    const admin = await signedIn('sysadmin');
    await admin.goto(`${env.baseUrl}/settings/boundary`);
    await poll(() => admin.getByTestId('boundary-name').textContent()).toBe('测试县（生成的边界）');
    const file = admin.locator('input[type="file"]');
    await file.setInputFiles({
      name: '边界.geojson',
      mimeType: 'application/geo+json',
      buffer: Buffer.from('<kml>不是 JSON</kml>'),
    });
    await poll(() => admin.getByTestId('boundary-file-error').textContent()).toContain('不是有效的 GeoJSON 文件');
    expect(await admin.getByTestId('boundary-save').isDisabled()).toBe(true);
    // JSON, but the ring is not closed: the server names the path and the problem.
    const open = {
      type: 'Polygon',
      coordinates: [
        [
          [117, 31],
          [118, 31],
          [118, 32],
          [117, 32],
        ],
      ],
    };
    await file.setInputFiles({
      name: 'open.geojson',
      mimeType: 'application/geo+json',
      buffer: Buffer.from(JSON.stringify(open)),
    });
    await poll(() => admin.getByTestId('boundary-file-name').textContent()).toBe('open.geojson');
    expect(await admin.getByTestId('boundary-file-error').count()).toBe(0);
    await admin.getByTestId('boundary-save').click();
    await poll(() => admin.getByTestId('error-alert').textContent()).toContain('边界线未闭合');
    await expect.poll(() => admin.getByTestId('boundary-name').textContent()).toBe('测试县（生成的边界）');
    // A good one replaces it: version 2, drawn.
    const good = {
      type: 'Feature',
      properties: {},
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [116.9, 30.9],
            [118.1, 30.9],
            [118.1, 32.1],
            [116.9, 32.1],
            [116.9, 30.9],
          ],
        ],
      },
    };
    await file.setInputFiles({
      name: 'county.geojson',
      mimeType: 'application/geo+json',
      buffer: Buffer.from(JSON.stringify(good)),
    });
    await admin.getByTestId('boundary-name-input').fill('测试县行政区域界线');
    await admin.getByTestId('boundary-save').click();
    await poll(() => admin.getByTestId('boundary-name').textContent()).toBe('测试县行政区域界线');
    expect(await admin.getByTestId('boundary-outline').locator('path').count()).toBe(1);
    expect((await api.get('/api/v1/projects/boundary')).json()).toMatchObject({
      name: '测试县行政区域界线',
      version: 2,
      generated: false,
    });
    expect(pageProblems(office)).toEqual([]);
    expect(pageProblems(admin)).toEqual([]);
  }, 120_000);
});
