import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeBrowser, pageProblems, startBrowserEnv } from './harness';
import { seedDemoIndicators } from '../../src/server/demo/indicators';
import { todayInShanghai } from '../../src/shared/domain/dates';

describeBrowser('economic indicators', () => {
  const envP = startBrowserEnv().then(async (env) => {
    await seedDemoIndicators(env.t.deps, { today: todayInShanghai() });
    return env;
  });

  it(`the board shows every indicator with its light, rank and sparkline, and the meeting agenda; a tile opens its \
chart and peer table`, async () => {
    const env = await envP;
    const page = await env.signedIn('sunli');
    await page.getByTestId('menu-/indicators').click();
    await page.waitForURL((u) => u.pathname === '/indicators');
    const tiles = page.getByTestId('indicator-tile');
    await expect.poll(() => tiles.count()).toBe(13);
    // Every tile has a light, a value and a sparkline; GDP grows fastest of the seven counties (the speeches' aim).
    const gdp = page.locator('[data-testid="indicator-tile"][data-indicator="地区生产总值"]');
    await expect.poll(() => gdp.getByTestId('tile-rank').textContent()).toBe('全市第 1/7');
    expect(
      await page.locator('[data-testid="indicator-tile"] [data-testid="sparkline"] polyline').count(),
    ).toBeGreaterThanOrEqual(13);
    const lights = await tiles.evaluateAll((els) => els.map((e) => e.getAttribute('data-light')));
    expect(lights).toContain('green');
    expect(lights.some((l) => l === 'yellow' || l === 'red')).toBe(true);
    await expect.poll(() => page.getByTestId('indicator-agenda').textContent()).toContain('序时进度');
    // 以旬保月: the 旬 indicator is on the board at its latest 旬.
    await expect
      .poll(() => page.locator('[data-testid="indicator-tile"][data-indicator="规上工业用电量"]').textContent())
      .toMatch(/\d+月[上中下]旬/);

    await page.locator('[data-testid="indicator-tile"][data-indicator="固定资产投资"]').click();
    await page.waitForURL((u) => /^\/indicators\/[0-9a-f-]{36}$/.test(u.pathname));
    await expect.poll(() => page.getByTestId('indicator-name').textContent()).toBe('固定资产投资');
    const chart = page.getByTestId('indicator-chart');
    await chart.locator('canvas').first().waitFor();
    expect(await chart.getAttribute('data-series')).toMatch(/^\d{4}年\|序时进度（目标路径）\|\d{4}年同期$/);
    const box = await chart.locator('canvas').first().boundingBox();
    expect(box!.width).toBeGreaterThan(300);
    // The canvas has been drawn on (not blank).
    const inked = await chart
      .locator('canvas')
      .first()
      .evaluate((c: HTMLCanvasElement) => {
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) n++;
        return n;
      });
    expect(inked).toBeGreaterThan(1000);
    await expect.poll(() => page.getByTestId('indicator-peers').locator('tbody tr').count()).toBe(7);
    await expect.poll(() => page.getByTestId('indicator-status').textContent()).toContain('余下各期比上年同期增长');
    await expect.poll(() => page.getByTestId('status-forecast').textContent()).toContain('亿元');
    expect(pageProblems(page)).toEqual([]);
  });

  it('a unit imports a file with bad rows: each row’s errors are listed and nothing can be committed', async () => {
    const env = await envP;
    const page = await env.signedIn('fgj.clerk');
    await page.goto(`${env.baseUrl}/indicators`);
    await page.getByTestId('indicators-import').click();
    const csv = Buffer.from(
      '指标名称,期间,县(市、区),数值,计量单位\n固定资产投姿,2020-05,,50,亿元\n固定资产投资,2020-05,石桥镇,50,亿元\n',
      'utf8',
    );
    await page
      .locator('.ant-modal input[type=file]')
      .setInputFiles({ name: '数据.csv', mimeType: 'text/csv', buffer: csv });
    await expect.poll(() => page.getByTestId('indicator-import-summary').textContent()).toContain('2 行有问题');
    const rows = await page.getByTestId('indicator-import-rows').textContent();
    expect(rows).toContain('找不到指标“固定资产投姿”，是否为：固定资产投资');
    expect(rows).toContain('“石桥镇”不在已配置的对比县（市、区）中');
    expect(await page.getByTestId('indicator-import-commit').count()).toBe(0);
    expect(pageProblems(page)).toEqual([]);
  });

  it(`a unit imports a value in 万元 into an 亿元 indicator: the warning must be confirmed before the commit, then it is \
kept converted`, async () => {
    const env = await envP;
    const page = await env.signedIn('fgj.clerk');
    await page.goto(`${env.baseUrl}/indicators`);
    await page.getByTestId('indicators-import').click();
    const csv = Buffer.from('指标名称,期间,县(市、区),数值,计量单位\n固定资产投资,2020-06,,480000,万元\n', 'utf8');
    await page
      .locator('.ant-modal input[type=file]')
      .setInputFiles({ name: '万元.csv', mimeType: 'text/csv', buffer: csv });
    await expect.poll(() => page.getByTestId('indicator-import-summary').textContent()).toContain('处提示需要核实');
    await expect
      .poll(() => page.getByTestId('indicator-import-rows').textContent())
      .toContain('已由万元换算为亿元：48');
    expect(await page.getByTestId('indicator-import-commit').isDisabled()).toBe(true);
    await page.getByTestId('indicator-import-confirm').click();
    await expect.poll(() => page.getByTestId('indicator-import-commit').isDisabled()).toBe(false);
    await page.getByTestId('indicator-import-commit').click();
    await expect.poll(() => page.locator('.ant-message').textContent()).toContain('已导入 1 条');
    const api = await env.t.login('fgj.clerk');
    const invest = (await api.get('/api/v1/indicators'))
      .json()
      .items.find((i: { name: string }) => i.name === '固定资产投资');
    const june = (await api.get(`/api/v1/indicators/${invest.id}/values?year=2020`))
      .json()
      .items.find((v: { period: string; isSelf: boolean }) => v.period === '2020-06' && v.isSelf);
    expect(june).toMatchObject({ value: 48, enteredValue: 480000, enteredUnit: '万元' });
    expect(pageProblems(page)).toEqual([]);
  });

  it(`the office keeps the catalogue: a duplicate name is refused on its field, then a 旬 indicator is created with \
its target`, async () => {
    const env = await envP;
    const page = await env.signedIn('sunli');
    const pick = (p: Page, label: string) =>
      p.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${label}"]`).click();
    await page.goto(`${env.baseUrl}/indicators`);
    await page.getByTestId('indicators-catalogue').click();
    await page.waitForURL((u) => u.pathname === '/indicators/catalogue');
    await expect
      .poll(() => page.getByTestId('indicator-catalogue').textContent(), { timeout: 20_000 })
      .toContain('地区生产总值');

    await page.getByTestId('indicator-new').click();
    const form = page.getByTestId('indicator-form');
    // Nothing typed: the required fields say so before anything is sent.
    await page.getByTestId('indicator-save').click();
    await expect.poll(() => form.locator('.ant-form-item-explain-error').count()).toBeGreaterThanOrEqual(2);
    // A name the catalogue already has: the server's refusal shows under the name.
    await page.getByTestId('indicator-name').fill('地区生产总值');
    await page.getByTestId('indicator-responsible').click();
    await pick(page, '县发展和改革局');
    await page.getByTestId('indicator-save').click();
    const nameItem = form.locator('.ant-form-item').filter({ has: page.getByTestId('indicator-name') });
    await expect
      .poll(() => nameItem.locator('.ant-form-item-explain-error').textContent(), { timeout: 20_000 })
      .toContain('已存在');

    await page.getByTestId('indicator-name').fill('工业用电量（旬报）');
    await page.getByTestId('indicator-unit').locator('input').fill('万千瓦时');
    await page.getByTestId('indicator-frequency').getByText('旬', { exact: true }).click();
    await page
      .locator('input[data-testid="indicator-target-growth"], [data-testid="indicator-target-growth"] input')
      .first()
      .fill('6.5');
    await page.getByTestId('indicator-save').click();
    const row = page.getByTestId('indicator-catalogue').locator('tr').filter({ hasText: '工业用电量（旬报）' });
    await expect.poll(() => row.textContent(), { timeout: 20_000 }).toContain('万千瓦时');
    const text = await row.textContent();
    expect(text).toContain('旬');
    expect(text).toContain('县发展和改革局');
    expect(text).toContain('增长 +6.5%');

    // Peer values for a period, entered in the county grid as the city's bulletin lists them.
    await page.getByRole('tab', { name: '兄弟县数据录入' }).click();
    await page.getByTestId('peer-indicator').click();
    await pick(page, '工业用电量（旬报）（旬，万千瓦时）');
    await page.getByTestId('peer-period').fill('2025年3月上旬');
    await page
      .locator('input[data-testid="peer-value-青山县"], [data-testid="peer-value-青山县"] input')
      .first()
      .fill('1200');
    await page.getByTestId('peer-save').click();
    const grid = page.getByTestId('peer-grid');
    await expect
      .poll(() => grid.locator('tr').filter({ hasText: '青山县' }).textContent(), { timeout: 20_000 })
      .toContain('已保存（第 1 版）');
    expect(pageProblems(page)).toEqual([]);
  });
});
