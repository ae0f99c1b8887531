import { expect, it } from 'vitest';
import { describeBrowser, startBrowserEnv } from './harness';

describeBrowser('sign-in', () => {
  const envP = startBrowserEnv();

  it('shows the Chinese message for a wrong password', async () => {
    const env = await envP;
    const p = await env.page('/login');
    await p.getByTestId('login-username').fill('sunli');
    await p.getByTestId('login-password').fill('wrong-password');
    await p.getByTestId('login-submit').click();
    await expect.poll(() => p.getByTestId('login-error').textContent()).toContain('用户名或密码错误');
    await p.context().close();
  });

  it('says the account is locked after 5 failures', async () => {
    const env = await envP;
    const p = await env.page('/login');
    await p.getByTestId('login-username').fill('chenhui');
    for (let i = 0; i < 5; i++) {
      await p.getByTestId('login-password').fill(`bad-${i}`);
      await p.getByTestId('login-submit').click();
      await p.getByTestId('login-error').waitFor();
      await p.waitForFunction(() => !document.querySelector('[data-testid="login-submit"]')?.classList.contains('ant-btn-loading'));
    }
    await expect.poll(() => p.getByTestId('login-error').textContent()).toContain('账户已锁定');
    await p.context().close();
  });

  it('makes a person with an initial password change it, then lands on the home page', async () => {
    const env = await envP;
    const admin = await env.t.login('sysadmin');
    const units = (await admin.get('/api/v1/units')).json().items;
    await admin.post('/api/v1/people', { username: 'first.timer', displayName: '新来的', unitId: units[0].id, initialPassword: 'Init#2026ab' });
    const p = await env.signedIn('first.timer', 'Init#2026ab');
    await p.waitForURL('**/account/password');
    await p.getByTestId('must-change').waitFor();
    await p.getByTestId('current-password').fill('Init#2026ab');
    await p.getByTestId('new-password').fill('abcdefgh');
    await p.getByTestId('confirm-password').fill('abcdefgh');
    await p.getByTestId('change-password-submit').click();
    await expect.poll(() => p.locator('.ant-form-item-explain-error').allTextContents()).toContain('至少包含大写字母、小写字母、数字、符号中的三类');
    await p.getByTestId('new-password').fill('Mine#2026xy');
    await p.getByTestId('confirm-password').fill('Mine#2026xy');
    await p.getByTestId('change-password-submit').click();
    await p.waitForURL((u) => u.pathname === '/');
    await expect.poll(() => p.textContent('body')).toContain('您好，新来的');
    await p.context().close();
  });

  it('shows each role its own menu, and switches to English', async () => {
    const env = await envP;
    const auditor = await env.signedIn('auditadmin');
    await expect.poll(() => auditor.getByTestId('side-menu').textContent()).toContain('审计日志');
    expect(await auditor.getByTestId('side-menu').textContent()).not.toContain('督办台账');
    await auditor.context().close();
    const clerk = await env.signedIn('fgj.clerk');
    const menu = await clerk.getByTestId('side-menu').textContent();
    expect(menu).toContain('督办台账');
    expect(menu).not.toContain('审计日志');
    await clerk.getByTestId('language-switch').click();
    await expect.poll(() => clerk.getByTestId('side-menu').textContent()).toContain('Task ledger');
    await clerk.context().close();
  });
});
