import { expect, it } from 'vitest';
import * as OTPAuth from 'otpauth';
import type { Page } from 'playwright-core';
import { describeBrowser, pageProblems, pendingRequests, startBrowserEnv } from './harness';

/** Waits until no request is pending and no spinner turns: the page and its queries have loaded (or failed). */
async function settled(p: Page) {
  await expect
    .poll(async () => pendingRequests(p) + (await p.locator('.ant-spin-spinning, .ant-skeleton-active').count()))
    .toBe(0);
}

async function menuText(p: Page) {
  return (await p.getByTestId('side-menu').textContent()) ?? '';
}

describeBrowser('sign-in', () => {
  const envP = startBrowserEnv();

  it('shows the Chinese message for a wrong password', async () => {
    const env = await envP;
    const p = await env.page('/login');
    await p.getByTestId('login-username').fill('sunli');
    await p.getByTestId('login-password').fill('wrong-password');
    await p.getByTestId('login-submit').click();
    await expect.poll(() => p.getByTestId('login-error').textContent()).toContain('用户名或密码错误');
    expect(p.url()).toContain('/login');
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
      await p.waitForFunction(
        () => !document.querySelector('[data-testid="login-submit"]')?.classList.contains('ant-btn-loading'),
      );
    }
    await expect.poll(() => p.getByTestId('login-error').textContent()).toContain('账户已锁定');
    // Locked means locked: the right password does not get in either.
    await p.getByTestId('login-password').fill('Luoshi@2026');
    await p.getByTestId('login-submit').click();
    await p.waitForFunction(
      () => !document.querySelector('[data-testid="login-submit"]')?.classList.contains('ant-btn-loading'),
    );
    await expect.poll(() => p.getByTestId('login-error').textContent()).toContain('账户已锁定');
    expect(p.url()).toContain('/login');
    await p.context().close();
  });

  it('lists the demo accounts and fills the form from them', async () => {
    const env = await envP;
    const p = await env.page('/login');
    await p.getByText('演示账户，密码 Luoshi@2026').click();
    await p.getByTestId('demo-account-gongying').click();
    expect(await p.getByTestId('login-username').inputValue()).toBe('gongying');
    await p.getByTestId('login-submit').click();
    await p.waitForURL((u) => u.pathname === '/');
    await expect.poll(() => p.getByTestId('home-greeting').textContent()).toContain('龚颖');
    await p.context().close();
  });

  it('makes a person with an initial password change it, then lands on the home page', async () => {
    const env = await envP;
    const admin = await env.t.login('sysadmin');
    const units = (await admin.get('/api/v1/units')).json().items;
    const created = await admin.post('/api/v1/people', {
      username: 'first.timer',
      displayName: '新来的',
      unitId: units[0].id,
      initialPassword: 'Init#2026ab',
    });
    expect(created.statusCode).toBe(201);
    const p = await env.signedIn('first.timer', 'Init#2026ab');
    await p.waitForURL('**/account/password');
    await p.getByTestId('must-change').waitFor();
    await expect.poll(() => p.getByTestId('password-policy').textContent()).toContain('至少 8 位');
    // Until the password is changed, the menu offers nothing else and other pages lead back here.
    expect(await menuText(p)).not.toContain('首页');
    await p.goto(`${env.baseUrl}/account/tokens`);
    await p.waitForURL('**/account/password');
    await p.getByTestId('current-password').fill('Init#2026ab');
    await p.getByTestId('new-password').fill('abcdefgh');
    await p.getByTestId('confirm-password').fill('abcdefgh');
    await p.getByTestId('change-password-submit').click();
    // The server's reason, next to the field it concerns.
    await expect
      .poll(() => p.locator('.ant-form-item-explain-error').allTextContents())
      .toContain('至少包含大写字母、小写字母、数字、符号中的三类');
    await p.getByTestId('current-password').fill('wrong-one#A1');
    await p.getByTestId('new-password').fill('Mine#2026xy');
    await p.getByTestId('confirm-password').fill('Mine#2026xy');
    await p.getByTestId('change-password-submit').click();
    await expect.poll(() => p.locator('.ant-form-item-explain-error').allTextContents()).toContain('原密码错误');
    await p.getByTestId('current-password').fill('Init#2026ab');
    await p.getByTestId('change-password-submit').click();
    await p.waitForURL((u) => u.pathname === '/');
    await expect.poll(() => p.getByTestId('home-greeting').textContent()).toContain('您好，新来的');
    // The session was renewed with a new CSRF token: a write now still works (signing out is one).
    await p.getByTestId('sign-out').click();
    await p.waitForURL('**/login');
    expect(pageProblems(p)).toEqual([]);
    await p.context().close();
    // And the new password is the one that signs in.
    const again = await env.signedIn('first.timer', 'Mine#2026xy');
    await expect.poll(() => again.getByTestId('home-greeting').textContent()).toContain('新来的');
    await again.context().close();
  });

  it('sets up TOTP with the QR page, then asks for the code at sign-in', async () => {
    const env = await envP;
    const p = await env.signedIn('zhoumin');
    await p.getByTestId('menu-/account/totp').click();
    // Setting up asks who is at the keyboard first: the password.
    await p.getByTestId('totp-password').fill('wrong#Pass2026');
    await p.getByTestId('totp-begin').click();
    await expect.poll(() => p.locator('.ant-form-item-explain-error').allTextContents()).toContain('原密码错误');
    await p.getByTestId('totp-password').fill('Luoshi@2026');
    await p.getByTestId('totp-begin').click();
    await p.getByTestId('totp-qr').waitFor();
    expect(await p.getByTestId('totp-qr').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    const secret = (await p.getByTestId('totp-secret').locator('code').textContent())!.trim();
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) });
    await p.getByTestId('totp-code').fill('000000' === totp.generate() ? '111111' : '000000');
    await p.getByTestId('totp-enable').click();
    await expect.poll(() => p.locator('.ant-form-item-explain-error').allTextContents()).toContain('动态验证码错误');
    await p.getByTestId('totp-code').fill(totp.generate());
    await p.getByTestId('totp-enable').click();
    await p.getByText('已启用动态验证码').waitFor();
    await p.getByTestId('sign-out').click();
    await p.waitForURL('**/login');

    await p.getByTestId('login-username').fill('zhoumin');
    await p.getByTestId('login-password').fill('Luoshi@2026');
    await p.getByTestId('login-submit').click();
    await expect.poll(() => p.getByTestId('login-error').textContent()).toContain('请输入动态验证码');
    // the setup code is used up: the next step's code
    await p.getByTestId('login-totp').fill(totp.generate({ timestamp: Date.now() + 30_000 }));
    await p.getByTestId('login-submit').click();
    await p.waitForURL((u) => u.pathname === '/');
    await expect.poll(() => p.getByTestId('home-greeting').textContent()).toContain('周敏');
    // Now on: changing or switching it off asks for the current code as well.
    await p.getByTestId('menu-/account/totp').click();
    await p.getByTestId('totp-on').waitFor();
    await p.getByTestId('totp-current-code').waitFor();
    expect(pageProblems(p)).toEqual([]);
    await p.context().close();
  });

  it('makes a read-write token with its expiry, lists it, then signs out everywhere', async () => {
    const env = await envP;
    const p = await env.signedIn('jfj.clerk');
    await p.goto(`${env.baseUrl}/account/tokens`);
    await p.getByTestId('token-create').click();
    await p.getByTestId('token-name').fill('县大数据平台');
    await p.getByTestId('token-scope-read_write').click();
    await p.getByTestId('token-days').fill('30');
    await p.getByTestId('token-submit').click();
    const token = (await p.getByTestId('token-value').inputValue()).trim();
    expect(token).toMatch(/^lsk_/);
    await p.getByTestId('token-done').click();
    await expect.poll(() => p.getByTestId('token-table').textContent()).toContain('读写');
    const bearer = { authorization: `Bearer ${token}` };
    expect((await env.t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer })).statusCode).toBe(200);
    await p.getByTestId('sign-out-everywhere').click();
    await p.getByTestId('everywhere-ok').click();
    await p.waitForURL('**/login');
    expect((await env.t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer })).statusCode).toBe(401);
    expect(pageProblems(p)).toEqual([]);
    await p.context().close();
  });

  it('shows the audit log to the audit administrator and not to a clerk', async () => {
    const env = await envP;
    const auditor = await env.signedIn('auditadmin');
    await expect.poll(() => menuText(auditor)).toContain('审计日志');
    expect(await menuText(auditor)).not.toContain('督办台账');
    expect(await menuText(auditor)).not.toContain('单位管理');
    await auditor.context().close();
    const clerk = await env.signedIn('fgj.clerk');
    await expect.poll(() => menuText(clerk)).toContain('督办台账');
    expect(await menuText(clerk)).not.toContain('审计日志');
    expect(await menuText(clerk)).not.toContain('批量导入');
    // The header says where and who: the county, the person and the unit.
    const header = await clerk.locator('header').textContent();
    expect(header).toContain('云溪县（演示）');
    expect(header).toContain('县发展和改革局');
    await clerk.context().close();
  });

  it('switches the menu to English, keeps the choice, and gets server messages in English', async () => {
    const env = await envP;
    const clerk = await env.signedIn('fgj.clerk');
    await clerk.getByTestId('language-switch').click();
    await expect.poll(() => menuText(clerk)).toContain('Task ledger');
    expect(await menuText(clerk)).toContain('Units');
    expect(await menuText(clerk)).not.toContain('督办台账');
    await clerk.reload();
    await expect.poll(() => menuText(clerk)).toContain('Task ledger');
    await clerk.context().close();

    const p = await env.page('/login');
    await p.getByTestId('language-switch').click();
    await expect.poll(() => p.getByTestId('login-submit').textContent()).toContain('Sign in');
    await p.getByTestId('login-username').fill('sunli');
    await p.getByTestId('login-password').fill('wrong-password');
    await p.getByTestId('login-submit').click();
    await expect.poll(() => p.getByTestId('login-error').textContent()).toContain('Wrong username or password');
    await p.context().close();
  });

  // One test per kind of role: each walks its whole menu.
  it.each(['gongying', 'fgj.admin', 'sysadmin', 'secadmin', 'auditadmin'])(
    'opens every menu page of %s without a script error or CSP violation',
    async (username) => {
      const env = await envP;
      const p = await env.signedIn(username);
      await p.getByTestId('menu-/').waitFor();
      await settled(p);
      const paths = await p
        .locator('[data-testid^="menu-/"]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('menu-'.length)));
      expect(paths.length).toBeGreaterThan(3);
      for (const path of paths) {
        const from = new URL(p.url()).pathname;
        const before = await p.locator('main').innerHTML();
        await p.getByTestId(`menu-${path}`).click();
        await p.waitForURL((u) => u.pathname === path);
        // The page has replaced the previous one (lazy pages load their code first), then finished its queries.
        if (from !== path) await expect.poll(() => p.locator('main').innerHTML()).not.toBe(before);
        await settled(p);
        expect(await p.locator('.ant-result-404, .ant-result-error').count(), path).toBe(0);
      }
      // Back home after the organisation pages (which cache the unit list): a leader sees the units led by name.
      await p.getByTestId('menu-/').click();
      await settled(p);
      if (username === 'gongying')
        await expect.poll(() => p.getByTestId('home-led-units').textContent()).toContain('县经济发展局');
      expect(pageProblems(p)).toEqual([]);
      await p.context().close();
    },
  );
});

describeBrowser('sign-in where a role requires TOTP', () => {
  const envP = startBrowserEnv({ totpRequiredRoles: ['audit_admin'] });

  it('sends the audit administrator to TOTP setup first, then to the audit log', async () => {
    const env = await envP;
    const p = await env.signedIn('auditadmin');
    await p.waitForURL('**/account/totp');
    await p.getByTestId('totp-required').waitFor();
    // Nothing else is offered, and other pages lead back here.
    expect(await menuText(p)).not.toContain('审计日志');
    await p.goto(`${env.baseUrl}/audit`);
    await p.waitForURL('**/account/totp');
    await p.getByTestId('totp-password').fill('Luoshi@2026');
    await p.getByTestId('totp-begin').click();
    const secret = (await p.getByTestId('totp-secret').locator('code').textContent())!.trim();
    await p.getByTestId('totp-code').fill(new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate());
    await p.getByTestId('totp-enable').click();
    await p.waitForURL((u) => u.pathname === '/');
    await expect.poll(() => menuText(p)).toContain('审计日志');
    await p.getByTestId('menu-/audit').click();
    await p.waitForURL('**/audit');
    await settled(p);
    expect(pageProblems(p)).toEqual([]);
    await p.context().close();
  });
});
