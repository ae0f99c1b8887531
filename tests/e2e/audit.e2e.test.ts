import { expect, it } from 'vitest';
import { describeBrowser, startBrowserEnv } from './harness';

describeBrowser('audit log', () => {
  const envP = startBrowserEnv();

  it('the audit administrator sees sign-ins, filters them and verifies the chain', async () => {
    const env = await envP;
    await env.t.anonymous.post('/api/v1/auth/login', { username: 'gongying', password: 'nope' });
    const p = await env.signedIn('auditadmin');
    await p.goto(env.baseUrl + '/audit');
    await expect.poll(() => p.textContent('body')).toContain('gongying');
    await p.getByTestId('audit-action').click();
    await p.keyboard.type('auth.login');
    await p.keyboard.press('Enter');
    await p.getByTestId('audit-filter').click();
    await expect.poll(async () => new Set(await p.getByTestId('audit-row-action').allTextContents()).size).toBe(1);
    expect((await p.getByTestId('audit-row-action').first().textContent()) ?? '').toContain('登录');
    await p.getByTestId('audit-verify').click();
    await expect.poll(() => p.getByTestId('audit-verify-result').textContent()).toContain('哈希链完整');
    await p.context().close();
  });
});
