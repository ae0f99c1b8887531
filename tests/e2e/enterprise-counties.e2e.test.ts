import { expect, it } from 'vitest';
import { describeBrowser, pageProblems, startBrowserEnv } from './harness';
import { systemActor } from '../../src/server/demo/seed';
import { creditCodeCheckChar } from '../../src/shared/domain/credit-code';
import { quarterOf, quarterRange } from '../../src/shared/domain/visits';

/**
 * In Chromium: an enterprise's 包联 history on the registry page (a reassignment shows the old period ended and the
 * new one holding), and 企业诉求直通车 on a platform of two counties — /public/enterprise offers the choice, each
 * county's page submits to that county and its link opens under the county's address.
 */
describeBrowser('包联 history and the channel per county', () => {
  const envP = startBrowserEnv();

  it('[browser] the registry shows an enterprise’s 包联 history after a reassignment', async () => {
    const env = await envP;
    const office = await env.t.login('sunli');
    const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
    const unit = (s: string) => units.find((u) => u.shortName === s)!.id;
    const today = env.t.deps.supervision.today();
    const first = '91350100MG0000001'.slice(0, 17);
    const e = (
      await office.post('/api/v1/enterprises', {
        name: '包联记录浏览器测试企业',
        creditCode: first + creditCodeCheckChar(first),
        industryDivision: '34',
        liaisonUnitId: unit('经发局'),
        liaisonPerson: '周联络',
        liaisonSince: quarterRange(quarterOf(today)).from,
      })
    ).json();
    const moved = await office.patch(
      `/api/v1/enterprises/${e.id}`,
      { liaisonUnitId: unit('自然资源局'), liaisonPerson: '吴联络' },
      { 'if-match': `"${e.version}"` },
    );
    expect(moved.statusCode, moved.body).toBe(200);

    const p = await env.signedIn('sunli');
    await p.goto(`${env.baseUrl}/enterprises?q=${encodeURIComponent('包联记录浏览器')}`);
    const row = p.getByTestId(`enterprise-row-${e.creditCode}`);
    await row.waitFor({ timeout: 60_000 });
    await row.locator('.ant-table-row-expand-icon').click();
    const history = p.getByTestId(`liaison-history-${e.id}`);
    await expect.poll(() => history.locator('tbody tr.ant-table-row').count()).toBe(2);
    const text = (await history.textContent()) ?? '';
    expect(text).toContain('包联记录');
    expect(text).toContain('至今');
    expect(text).toContain('吴联络');
    expect(text).toContain('周联络');
    expect(text).toContain('30 天');
    await p.screenshot({ path: '/tmp/enterprise-liaison-history.png', fullPage: true });
    expect(pageProblems(p)).toEqual([]);
  });

  it('[browser] two counties: the choice, each county’s page, and its link under its address (phone)', async () => {
    const env = await envP;
    const { org, database } = env.t.deps;
    const j2 = await database.db.transaction((tx) => org.ensureJurisdiction(tx, 'test-county-2', '测试二县'));
    const actor = systemActor(j2.id);
    await org.createUnit(actor, { name: '测试二县委督查室', kind: 'supervision', aliases: [], sortOrder: 0 }, {});

    const p = await env.page('/public/enterprise', { phone: true });
    const choose = p.getByTestId('public-choose-county');
    await choose.waitFor({ timeout: 60_000 });
    expect(await choose.textContent()).toContain('测试二县');
    await p.screenshot({ path: '/tmp/public-choose-county.png', fullPage: true });
    await p.getByTestId('public-county-test-county-2').click();
    await expect.poll(() => p.getByTestId('public-county').textContent()).toBe('测试二县');
    const first = '91350100MG0000002'.slice(0, 17);
    await p.getByTestId('public-credit-code').fill(first + creditCodeCheckChar(first));
    await p.getByTestId('public-enterprise-name').fill('二县浏览器测试有限公司');
    await p.getByTestId('public-contact-name').fill('郑经理');
    await p.getByTestId('public-mobile').fill('13900002222');
    await p.getByTestId('public-text').fill('新建厂房需要接入天然气管道，请协调燃气公司。');
    const question = await p.getByTestId('public-question').textContent();
    const [a, b] = /(\d+) \+ (\d+) = \?/
      .exec(question ?? '')!
      .slice(1)
      .map(Number);
    await p.getByTestId('public-answer').fill(String(a! + b!));
    await p.getByTestId('public-submit').click();
    expect(await p.getByTestId('public-link').textContent()).toContain('/public/enterprise/test-county-2/d/');
    await p.getByTestId('public-open-link').click();
    await expect.poll(() => p.getByTestId('public-status').textContent()).toBe('已受理，待分派');
    expect(await p.getByTestId('public-demand').textContent()).toContain('测试二县');
    await p.screenshot({ path: '/tmp/public-county-demand.png', fullPage: true });
    // Under the other county's address the link finds nothing.
    const token = new URL(p.url()).pathname.split('/').at(-1)!;
    await p.goto(`${env.baseUrl}/public/enterprise/demo-yunxi/d/${token}`);
    await p.getByTestId('public-not-found').waitFor({ timeout: 30_000 });
    // An unknown county's page says so.
    await p.goto(`${env.baseUrl}/public/enterprise/nowhere`);
    await p.getByTestId('public-no-county').waitFor({ timeout: 30_000 });
    expect(pageProblems(p).filter((x) => !/404/.test(x))).toEqual([]);
  });
});
