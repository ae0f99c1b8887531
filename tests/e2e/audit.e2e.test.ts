import { expect, it } from 'vitest';
import { describeBrowser, pageProblems, startBrowserEnv } from './harness';

describeBrowser('audit log', () => {
  const envP = startBrowserEnv();

  it('the audit administrator sees this test’s sign-ins, filters them and verifies the chain', async () => {
    const env = await envP;
    // Sign-ins made by this test: one refused, one through the browser.
    await env.t.anonymous.post('/api/v1/auth/login', { username: 'gongying', password: 'wrong-password' });
    const p = await env.signedIn('auditadmin');
    await p.goto(`${env.baseUrl}/audit`);
    const table = p.getByTestId('audit-table');
    await expect.poll(() => table.textContent()).toContain('gongying');
    await expect.poll(() => table.textContent()).toContain('auditadmin');
    // Time as the server gives it, with its +08:00 offset.
    await expect.poll(() => table.textContent()).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \+08:00/);

    // Only sign-ins: every row is 登录 with its raw code beside it.
    await p.getByTestId('audit-action').click();
    await p.keyboard.type('auth.login');
    await p.keyboard.press('Enter');
    await p.getByTestId('audit-filter').click();
    await expect
      .poll(async () => [...new Set(await p.getByTestId('audit-row-action').allTextContents())])
      .toEqual(['登录auth.login']);
    await expect.poll(() => table.textContent()).toContain('gongying');

    // Only failures: the refused sign-in of gongying, not the administrator's own.
    await p.getByTestId('audit-result').click();
    await p.locator('.ant-select-dropdown:visible .ant-select-item-option[title="失败"]').click();
    await expect.poll(() => table.textContent()).not.toContain('auditadmin');
    await expect.poll(() => table.textContent()).toContain('gongying');

    await p.getByTestId('audit-verify').click();
    await expect.poll(() => p.getByTestId('audit-verify-result').textContent()).toContain('哈希链完整');
    expect(pageProblems(p)).toEqual([]);
    await p.context().close();
  });

  it('is refused to anyone but the audit administrator', async () => {
    const env = await envP;
    const p = await env.signedIn('sysadmin');
    await p.goto(`${env.baseUrl}/audit`);
    await expect.poll(() => p.textContent('body')).toContain('审计日志只限审计管理员查看');
    expect(await p.getByTestId('audit-table').count()).toBe(0);
    await p.context().close();
  });
});
