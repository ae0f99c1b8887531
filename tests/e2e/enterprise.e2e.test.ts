import { expect, it } from 'vitest';
import { describeBrowser, pageProblems, startBrowserEnv } from './harness';
import { creditCodeCheckChar } from '../../src/shared/domain/credit-code';

/**
 * 企业诉求直通车 in Chromium, end to end: an enterprise submits a demand on the public page without signing in
 * (answering the check question), follows it with its private link, the 包联 unit answers it from its demand
 * list, and the enterprise rates the answer through the same link; the registry and the demand list render.
 */
describeBrowser('the enterprise’s own channel', () => {
  const envP = startBrowserEnv();

  it('[browser] submit, track with the link, the unit answers, the enterprise rates', async () => {
    const env = await envP;
    const office = await env.t.login('sunli');
    const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
    const first = '91350100MA2E2E0001'.slice(0, 17);
    const code = first + creditCodeCheckChar(first);
    const reg = await office.post('/api/v1/enterprises', {
      name: '云溪智能装备有限公司',
      creditCode: code,
      industryDivision: '35',
      liaisonUnitId: units.find((u) => u.shortName === '经发局')!.id,
      liaisonPerson: '周强',
    });
    expect(reg.statusCode, reg.body).toBe(201);

    // The enterprise, not signed in.
    const p = await env.page('/public/enterprise');
    // The first page of a cold server on a busy machine: its chunk may take a while.
    await p.getByTestId('public-credit-code').waitFor({ timeout: 60_000 });
    await p.getByTestId('public-credit-code').fill(code.toLowerCase());
    await p.getByTestId('public-enterprise-name').fill('云溪智能装备有限公司');
    await p.getByTestId('public-contact-name').fill('刘经理');
    await p.getByTestId('public-mobile').fill('13900001111');
    await p.getByTestId('public-text').fill('二期厂房竣工验收需要消防、规划多部门联合验收，请协调尽快安排。');
    const question = await p.getByTestId('public-question').textContent();
    const [a, b] = /(\d+) \+ (\d+) = \?/
      .exec(question ?? '')!
      .slice(1)
      .map(Number);
    await p.getByTestId('public-answer').fill(String(a! + b!));
    // A file with it (optional), sent through the demand's link once it is received.
    await p
      .getByTestId('public-files')
      .locator('input[type=file]')
      .setInputFiles({
        name: '竣工验收申请.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from('%PDF-1.4\n% 二期厂房竣工验收申请\n%%EOF\n'),
      });
    await p.getByTestId('public-submit').click();
    const tracking = (await p.getByTestId('public-tracking-code').textContent())!;
    expect(await p.getByTestId('public-files-sent').textContent()).toContain('1');
    expect(tracking).toMatch(/^QS\d{8}-/);
    await p.screenshot({ path: '/tmp/enterprise-submitted.png', fullPage: true });
    await p.getByTestId('public-open-link').click();
    await expect.poll(() => p.getByTestId('public-status').textContent()).toBe('办理中');
    const link = p.url();
    // The enterprise sees its own file on its tracking page.
    expect(await p.getByTestId('public-file').textContent()).toContain('竣工验收申请.pdf');
    // The link names the county that received it (its code), then the token.
    expect(link).toMatch(/\/public\/enterprise\/demo-yunxi\/d\/[\w-]{30,}$/);
    // Nothing internal on the page: not the unit's clerk, not the 包联 person, not the enterprise's mobile.
    const body = (await p.textContent('body'))!;
    expect(body).toContain('县经济发展局');
    for (const hidden of ['周强', '13900001111', 'jfj', '经办人']) expect(body).not.toContain(hidden);

    // The 包联 unit answers from its list.
    const u = await env.signedIn('jfj.clerk');
    await u.goto(`${env.baseUrl}/demands`);
    await u.getByTestId(`demand-row-${tracking}`).click({ timeout: 60_000 });
    // The demand's page is the supervised item's page: its light, timeline (the channel's system actor issued it),
    // files; with the demand's own parts — the enterprise's file among them.
    await u.getByTestId('demand-detail').waitFor({ timeout: 60_000 });
    expect(await u.getByTestId('demand-enterprise-file').textContent()).toContain('竣工验收申请.pdf');
    await expect.poll(() => u.getByTestId('timeline').textContent()).toContain('企业诉求直通车（系统）');
    await u.getByTestId('demand-reply').click();
    await u.getByTestId('demand-reply-text').fill('已协调住建、自然资源部门于本周五联合验收，请准备竣工资料。');
    await u.getByTestId('dialog-ok').click();
    await expect.poll(() => u.getByTestId('demand-detail').textContent()).toContain('本周五联合验收');
    await u.screenshot({ path: '/tmp/enterprise-demand-unit.png', fullPage: true });

    // The enterprise, through its link again, rates the answer.
    await p.goto(link);
    await expect.poll(() => p.getByTestId('public-status').textContent()).toBe('已答复，请评价');
    expect(await p.getByTestId('public-reply').textContent()).toContain('本周五联合验收');
    await p.getByText('满意', { exact: true }).click();
    await p.getByTestId('public-rate').click();
    await expect.poll(() => p.getByTestId('public-status').textContent()).toBe('已办结');
    expect(await p.getByTestId('public-rating').textContent()).toBe('满意');
    await p.screenshot({ path: '/tmp/enterprise-rated.png', fullPage: true });

    // The office sees it closed and rated; a guessed link finds nothing.
    const list = (await office.get('/api/v1/demands?status=closed&pageSize=500')).json().items as {
      trackingCode: string;
      rating: string;
    }[];
    expect(list.find((d) => d.trackingCode === tracking)?.rating).toBe('satisfied');
    await p.goto(`${link.slice(0, -2)}xx`);
    await p.getByTestId('public-not-found').waitFor();
    expect(pageProblems(p)).toEqual([]);
    expect(pageProblems(u)).toEqual([]);
  }, 180_000);

  it('[browser] the registry and the demand list render for the office', async () => {
    const env = await envP;
    const p = await env.signedIn('sunli');
    await p.goto(`${env.baseUrl}/enterprises`);
    await p.getByTestId('enterprises-page').waitFor({ timeout: 60_000 });
    await expect.poll(() => p.locator('[data-testid^="enterprise-row-"]').count()).toBeGreaterThan(0);
    await p.screenshot({ path: '/tmp/enterprise-registry.png', fullPage: true });
    await p.goto(`${env.baseUrl}/demands?status=all`);
    await p.getByTestId('demands-page').waitFor({ timeout: 60_000 });
    await expect.poll(() => p.locator('[data-testid^="demand-row-"]').count()).toBeGreaterThan(0);
    await p.screenshot({ path: '/tmp/enterprise-demands.png', fullPage: true });
    expect(pageProblems(p)).toEqual([]);
  }, 120_000);
});
