import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as OTPAuth from 'otpauth';
import { createTestApp, DEMO_PASSWORD, type Client } from '../../../../tests/helpers/app';

/**
 * What the outside security review (issue 13) tried against credentials and tokens, each case as it tried it:
 * docs/SECURITY.md lists them (tried / held).
 */
const t = await createTestApp();
const totpOf = (secret: string) => new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) });
const code = (secret: string, steps = 0) => totpOf(secret).generate({ timestamp: Date.now() + steps * 30_000 });
const bearerOf = (token: string) => ({ authorization: `Bearer ${token}` });
const asToken = (
  token: string,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH',
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
) =>
  t.app.inject({
    method,
    url,
    headers: { ...bearerOf(token), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    payload: body === undefined ? undefined : JSON.stringify(body),
  });
const newToken = async (c: Client, body: Record<string, unknown> = {}) => {
  const res = await c.post('/api/v1/api-tokens', { name: '对接', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; token: string; scope: string; expiresAt: string };
};
const personOf = async (username: string) => {
  const admin = await t.login('sysadmin');
  return (await admin.get(`/api/v1/people?q=${username}&active=all`))
    .json()
    .items.find((p: { username: string }) => p.username === username) as {
    id: string;
    version: number;
    roles: string[];
    leaderUnitIds: string[];
  };
};

/** Turns the second factor on for a person and returns its secret (the code used is spent). */
async function enableTotp(c: Client) {
  const { secret } = (await c.post('/api/v1/auth/totp/setup', { password: DEMO_PASSWORD })).json();
  expect((await c.post('/api/v1/auth/totp/enable', { code: code(secret) })).statusCode).toBe(200);
  return secret as string;
}

describe('TOTP cannot be switched off or replaced without re-authentication', () => {
  it('a session alone, or an API token, cannot restart setup; the next sign-in still needs the code', async () => {
    const c = await t.login('jyj.clerk');
    const secret = await enableTotp(c);
    const { token } = await newToken(c, { scope: 'read_write' });
    // What the review did: POST /auth/totp/setup with only the token, then with only the session.
    expect((await asToken(token, 'POST', '/api/v1/auth/totp/setup', {})).json().code).toBe('session_required');
    const bare = await c.post('/api/v1/auth/totp/setup', {});
    expect(bare.statusCode).toBe(400);
    expect(bare.json().errors).toEqual([expect.objectContaining({ field: 'body.password' })]);
    const noCode = await c.post('/api/v1/auth/totp/setup', { password: DEMO_PASSWORD });
    expect(noCode.statusCode).toBe(400);
    expect(noCode.json().errors).toEqual([expect.objectContaining({ field: 'body.code', code: 'required' })]);
    const wrongPw = await c.post('/api/v1/auth/totp/setup', { password: 'Wrong#2026x', code: code(secret, 1) });
    expect(wrongPw.json()).toMatchObject({
      code: 'wrong_password',
      errors: [expect.objectContaining({ field: 'body.password' })],
    });
    expect(
      (await c.post('/api/v1/auth/totp/disable', { password: DEMO_PASSWORD, code: '000000' })).json().errors[0].field,
    ).toBe('body.code');
    // The factor is still on: the password alone does not sign in.
    const signIn = await t.anonymous.post('/api/v1/auth/login', { username: 'jyj.clerk', password: DEMO_PASSWORD });
    expect(signIn.json().code).toBe('totp_required');
    const failures = await t.deps.database.db.execute(
      sql`SELECT action, detail->>'reason' AS reason FROM audit_events WHERE username = 'jyj.clerk' AND result = 'failure' ORDER BY seq`,
    );
    expect(failures.rows.map((r) => (r as { reason: string }).reason)).toEqual(
      expect.arrayContaining(['bad_password', 'totp_invalid']),
    );
  });

  it('starting a new setup keeps the old factor in force until a code from the new one is proven', async () => {
    const c = await t.login('kjj.clerk');
    const old = await enableTotp(c);
    const { secret: fresh } = (
      await c.post('/api/v1/auth/totp/setup', { password: DEMO_PASSWORD, code: code(old, 1) })
    ).json();
    expect(fresh).not.toBe(old);
    expect((await c.get('/api/v1/auth/me')).json().totpEnabled).toBe(true);
    expect(
      (
        await t.anonymous.post('/api/v1/auth/login', {
          username: 'kjj.clerk',
          password: DEMO_PASSWORD,
          totp: code(fresh, 2),
        })
      ).json().code,
    ).toBe('totp_invalid');
    expect((await c.post('/api/v1/auth/totp/enable', { code: code(fresh) })).statusCode).toBe(200);
    expect(
      (
        await t.anonymous.post('/api/v1/auth/login', {
          username: 'kjj.clerk',
          password: DEMO_PASSWORD,
          totp: code(old, 2),
        })
      ).json().code,
    ).toBe('totp_invalid');
    expect(
      (
        await t.anonymous.post('/api/v1/auth/login', {
          username: 'kjj.clerk',
          password: DEMO_PASSWORD,
          totp: code(fresh, 1),
        })
      ).statusCode,
    ).toBe(200);
  });

  it('the owner switches it off with the password and the current code; a code is good once', async () => {
    const c = await t.login('zjj.clerk');
    const secret = await enableTotp(c);
    const proof = { password: DEMO_PASSWORD, code: code(secret, 1) };
    const off = await c.post('/api/v1/auth/totp/disable', proof);
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json().totpEnabled).toBe(false);
    expect(
      (await t.anonymous.post('/api/v1/auth/login', { username: 'zjj.clerk', password: DEMO_PASSWORD })).statusCode,
    ).toBe(200);
    const audit = await t.deps.database.db.execute(
      sql`SELECT action FROM audit_events WHERE username = 'zjj.clerk' AND action LIKE 'auth.totp.%' AND result = 'success' ORDER BY seq`,
    );
    expect(audit.rows.map((r) => (r as { action: string }).action)).toEqual([
      'auth.totp.setup',
      'auth.totp.enable',
      'auth.totp.disable',
    ]);
  });

  it('the security administrator resets it: audited, told to the person, sessions and tokens end', async () => {
    const c = await t.login('jtysj.clerk');
    await enableTotp(c);
    const { token } = await newToken(c);
    const sec = await t.login('secadmin');
    const p = await personOf('jtysj.clerk');
    expect((await sec.post(`/api/v1/people/${p.id}/reset-totp`)).statusCode).toBe(204);
    expect((await c.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await asToken(token, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
    const again = await t.login('jtysj.clerk');
    const mail = (await again.get('/api/v1/notifications')).json().items;
    expect(mail[0]).toMatchObject({ kind: 'security_totp_reset', title: expect.stringContaining('安全管理员') });
    const audit = await t.deps.database.db.execute(
      sql`SELECT username, detail FROM audit_events WHERE action = 'auth.totp.reset' AND object_id = ${p.id}`,
    );
    expect(audit.rows[0]).toMatchObject({ username: 'secadmin', detail: { tokensRevoked: 1 } });
  });
});

describe('a token cannot mint tokens or touch credentials', () => {
  it('creating, listing or revoking tokens, password and TOTP changes need a session', async () => {
    const c = await t.login('sthj.clerk');
    const { token, id } = await newToken(c, { scope: 'read_write' });
    // The review minted a child token with a token; a child then outlived its parent.
    const child = await asToken(token, 'POST', '/api/v1/api-tokens', { name: '子令牌', scope: 'read_write' });
    expect(child.statusCode).toBe(403);
    expect(child.json().code).toBe('session_required');
    for (const [url, body] of [
      ['/api/v1/auth/change-password', { currentPassword: DEMO_PASSWORD, newPassword: 'Token#Took2026' }],
      ['/api/v1/auth/totp/setup', { password: DEMO_PASSWORD }],
      ['/api/v1/auth/totp/enable', { code: '123456' }],
      ['/api/v1/auth/totp/disable', { password: DEMO_PASSWORD, code: '123456' }],
      ['/api/v1/auth/sign-out-everywhere', {}],
      [`/api/v1/api-tokens/${id}/revoke`, {}],
    ] as const) {
      expect((await asToken(token, 'POST', url, body)).json().code, url).toBe('session_required');
    }
    expect((await asToken(token, 'GET', '/api/v1/api-tokens')).json().code).toBe('session_required');
    expect((await c.get('/api/v1/api-tokens')).json().items).toHaveLength(1);
  });

  it('an administrator’s token does not pass the administrators’ routes; account changes need a session', async () => {
    const p = await personOf('yjglj.clerk');
    for (const [who, method, url, body] of [
      ['secadmin', 'POST', `/api/v1/people/${p.id}/reset-password`, { newPassword: 'Reset#2026abc' }],
      ['secadmin', 'POST', `/api/v1/people/${p.id}/unlock`, undefined],
      ['sysadmin', 'GET', '/api/v1/webhooks', undefined],
      ['sysadmin', 'POST', '/api/v1/units', { name: '令牌新建单位', shortName: '令牌' }],
      ['auditadmin', 'GET', '/api/v1/audit-events', undefined],
    ] as const) {
      const { token } = await newToken(await t.login(who), { scope: 'read_write' });
      const res = await asToken(token, method, url, body);
      expect(res.statusCode, `${who} ${url}`).toBe(403);
      expect(res.json().code).toBe('session_required');
    }
    const ua = await t.login('fgj.admin');
    const { token } = await newToken(ua, { scope: 'read_write' });
    const units = (await ua.get('/api/v1/units')).json().items;
    const own = units.find((u: { shortName: string }) => u.shortName === '发改局');
    const res = await asToken(token, 'POST', '/api/v1/people', {
      username: 'by.token',
      displayName: '令牌建号',
      unitId: own.id,
      initialPassword: 'Token#2026abc',
    });
    expect(res.json().code).toBe('session_required');
  });

  it('a read-only token is refused on any write; a read-write token writes business data', async () => {
    const c = await t.login('wjj.clerk');
    const ro = await newToken(c);
    expect(ro.scope).toBe('read');
    expect((await asToken(ro.token, 'GET', '/api/v1/notifications')).statusCode).toBe(200);
    const refused = await asToken(ro.token, 'POST', '/api/v1/notifications/read', { all: true });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'token_read_only', detail: '该 API 令牌为只读，不能修改数据' });
    const rw = await newToken(c, { scope: 'read_write' });
    // A script sends neither Origin nor a CSRF token: a bearer token needs neither.
    expect((await asToken(rw.token, 'POST', '/api/v1/notifications/read', { all: true })).statusCode).toBe(204);
  });

  it('expires: 90 days by default, at most a year, refused once past', async () => {
    const c = await t.login('nyncj.clerk');
    const dflt = await newToken(c);
    const days = (Date.parse(dflt.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89.9);
    expect(days).toBeLessThanOrEqual(90);
    const year = await newToken(c, { expiresInDays: 365 });
    expect((Date.parse(year.expiresAt) - Date.now()) / 86_400_000).toBeGreaterThan(364.9);
    const tooLong = await c.post('/api/v1/api-tokens', { name: '永久', expiresInDays: 366 });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().errors[0].field).toBe('body.expiresInDays');
    const old = await newToken(c);
    await t.deps.database.pool.query(`UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`, [
      old.id,
    ]);
    expect((await asToken(old.token, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
    expect((await asToken(dflt.token, 'GET', '/api/v1/auth/me')).statusCode).toBe(200);
  });
});

describe('tokens die with the trust they came from', () => {
  it('a password change revokes the person’s tokens, even one resolved a moment ago', async () => {
    const c = await t.login('jrb.clerk');
    const { token } = await newToken(c);
    expect((await asToken(token, 'GET', '/api/v1/auth/me')).statusCode).toBe(200);
    expect(
      (await c.post('/api/v1/auth/change-password', { currentPassword: DEMO_PASSWORD, newPassword: 'Fresh#Pass2026' }))
        .statusCode,
    ).toBe(200);
    expect((await asToken(token, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
    const again = await t.login('jrb.clerk', 'Fresh#Pass2026');
    expect((await again.get('/api/v1/api-tokens')).json().items[0].revokedAt).not.toBeNull();
  });

  it('a reset by the security administrator revokes them', async () => {
    const c = await t.login('zsfw.clerk');
    const { token } = await newToken(c);
    const sec = await t.login('secadmin');
    const p = await personOf('zsfw.clerk');
    expect((await sec.post(`/api/v1/people/${p.id}/reset-password`, { newPassword: 'Reset#2026abc' })).statusCode).toBe(
      204,
    );
    expect((await asToken(token, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('a deactivation revokes them: reactivating the person does not bring them back', async () => {
    const c = await t.login('kfq.clerk');
    const { token } = await newToken(c);
    expect((await asToken(token, 'GET', '/api/v1/auth/me')).statusCode).toBe(200);
    const admin = await t.login('sysadmin');
    const p = await personOf('kfq.clerk');
    const off = await admin.post(`/api/v1/people/${p.id}/deactivate`, {}, { 'if-match': `"${p.version}"` });
    expect(off.statusCode).toBe(200);
    expect(
      (await admin.post(`/api/v1/people/${p.id}/reactivate`, {}, { 'if-match': `"${off.json().version}"` })).statusCode,
    ).toBe(200);
    expect((await asToken(token, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('a role change that removes a right revokes them; one that only adds keeps them', async () => {
    const sec = await t.login('secadmin');
    const units = (await sec.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
    const c = await t.login('chenhui'); // leader of 教育局, 卫健局 …
    const { token } = await newToken(c);
    let p = await personOf('chenhui');
    const added = await sec.put(
      `/api/v1/people/${p.id}/roles`,
      { roles: p.roles, leaderUnitIds: [...p.leaderUnitIds, units.find((u) => u.shortName === '发改局')!.id] },
      { 'if-match': `"${p.version}"` },
    );
    expect(added.statusCode, added.body).toBe(200);
    expect((await asToken(token, 'GET', '/api/v1/auth/me')).statusCode).toBe(200);
    p = await personOf('chenhui');
    const removed = await sec.put(
      `/api/v1/people/${p.id}/roles`,
      { roles: p.roles, leaderUnitIds: p.leaderUnitIds.slice(1) },
      { 'if-match': `"${p.version}"` },
    );
    expect(removed.statusCode, removed.body).toBe(200);
    expect((await asToken(token, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('“sign out everywhere” ends every session and token of the person', async () => {
    const a = await t.login('jfj.admin');
    const b = await t.login('jfj.admin');
    const { token } = await newToken(a);
    expect((await asToken(token, 'GET', '/api/v1/auth/me')).statusCode).toBe(200);
    const res = await a.post('/api/v1/auth/sign-out-everywhere');
    expect(res.statusCode).toBe(204);
    for (const c of [a, b]) expect((await c.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await asToken(token, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
  });
});

describe('transport and origin', () => {
  it('sends HSTS over TLS behind the trusted proxy, not over plain HTTP', async () => {
    const tls = await createTestApp({ trustProxy: true });
    const https = await tls.app.inject({
      method: 'GET',
      url: '/api/v1/auth/config',
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(https.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    const plain = await tls.app.inject({ method: 'GET', url: '/api/v1/auth/config' });
    expect(plain.headers['strict-transport-security']).toBeUndefined();
  });

  it('refuses a state-changing request whose Origin or Referer is another site, even with the CSRF token', async () => {
    const c = await t.login('lqz.clerk');
    const evil = await c.post('/api/v1/notifications/read', { all: true }, { origin: 'https://evil.example' });
    expect(evil.statusCode).toBe(403);
    expect(evil.json().code).toBe('bad_origin');
    expect((await c.post('/api/v1/notifications/read', { all: true }, { origin: 'null' })).json().code).toBe(
      'bad_origin',
    );
    expect(
      (await c.post('/api/v1/notifications/read', { all: true }, { referer: 'https://evil.example/page' })).json().code,
    ).toBe('bad_origin');
    // Same site (inject's Host is localhost:80), by Origin or by Referer when Origin is absent.
    expect((await c.post('/api/v1/notifications/read', { all: true }, { origin: 'http://localhost' })).statusCode).toBe(
      204,
    );
    expect(
      (await c.post('/api/v1/notifications/read', { all: true }, { referer: 'http://localhost/tasks' })).statusCode,
    ).toBe(204);
    // Sign-in from another site's page is refused too (login CSRF).
    const login = await t.anonymous.post(
      '/api/v1/auth/login',
      { username: 'lqz.clerk', password: DEMO_PASSWORD },
      { origin: 'https://evil.example' },
    );
    expect(login.json().code).toBe('bad_origin');
    // Reads are not checked.
    expect((await c.get('/api/v1/auth/me', { origin: 'https://evil.example' })).statusCode).toBe(200);
  });

  it('accepts the configured public URL when the proxy passes another Host', async () => {
    const app = await createTestApp({ publicUrl: 'https://dc.county.gov.cn' });
    const c = await app.login('xzz.clerk');
    const h = { host: '10.0.0.5:3000' };
    expect(
      (await c.post('/api/v1/notifications/read', { all: true }, { ...h, origin: 'https://dc.county.gov.cn' }))
        .statusCode,
    ).toBe(204);
    expect(
      (
        await c.post(
          '/api/v1/notifications/read',
          { all: true },
          { ...h, origin: 'https://dc.county.gov.cn.evil.example' },
        )
      ).json().code,
    ).toBe('bad_origin');
  });
});
