import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as OTPAuth from 'otpauth';
import { createTestApp, DEMO_PASSWORD } from '../../../../tests/helpers/app';

const t = await createTestApp();

describe('sign-in', () => {
  it('signs in, returns me with a CSRF token, and sets an HttpOnly SameSite cookie', async () => {
    const res = await t.anonymous.post('/api/v1/auth/login', { username: 'sunli', password: DEMO_PASSWORD });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      username: 'sunli',
      roles: ['supervision_office'],
      unitName: '县委县政府督查室',
    });
    const c = res.cookies[0]!;
    expect(c.name).toBe('luoshi_sid');
    expect(c.httpOnly).toBe(true);
    expect(c.sameSite).toBe('Strict');
  });

  it('uses the __Host- cookie under TLS (behind a trusted proxy)', async () => {
    const tls = await createTestApp({ trustProxy: true });
    const res = await tls.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'x-forwarded-proto': 'https' },
      payload: { username: 'sunli', password: DEMO_PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    expect(res.cookies[0]).toMatchObject({ name: '__Host-luoshi_sid', secure: true, path: '/' });
  });

  it('wrong password: 401 problem+json in Chinese by default and English on request', async () => {
    const zh = await t.anonymous.post('/api/v1/auth/login', { username: 'chenhui', password: 'nope' });
    expect(zh.statusCode).toBe(401);
    expect(zh.headers['content-type']).toContain('application/problem+json');
    expect(zh.json()).toMatchObject({ status: 401, code: 'bad_credentials', detail: '用户名或密码错误' });
    expect(zh.json().requestId).toBeTruthy();
    const en = await t.anonymous.post(
      '/api/v1/auth/login',
      { username: 'chenhui', password: 'nope' },
      { 'accept-language': 'en-US,en;q=0.9' },
    );
    expect(en.json().detail).toBe('Wrong username or password');
  });

  it('locks after 5 failures from one address, not from another; an administrator unlocks', async () => {
    const from = (ip: string) => ({ 'x-forwarded-for': ip });
    const app = await createTestApp({ trustProxy: true });
    for (let i = 0; i < 4; i++)
      expect(
        (await app.anonymous.post('/api/v1/auth/login', { username: 'liuyang', password: 'bad' }, from('10.0.0.9')))
          .statusCode,
      ).toBe(401);
    const fifth = await app.anonymous.post(
      '/api/v1/auth/login',
      { username: 'liuyang', password: 'bad' },
      from('10.0.0.9'),
    );
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().detail).toContain('锁定');
    // Even the right password is refused from the locked address…
    expect(
      (
        await app.anonymous.post(
          '/api/v1/auth/login',
          { username: 'liuyang', password: DEMO_PASSWORD },
          from('10.0.0.9'),
        )
      ).statusCode,
    ).toBe(423);
    // …but the owner at another address is not locked out by a stranger.
    expect(
      (
        await app.anonymous.post(
          '/api/v1/auth/login',
          { username: 'liuyang', password: DEMO_PASSWORD },
          from('10.0.0.10'),
        )
      ).statusCode,
    ).toBe(200);
    const sec = await app.login('secadmin');
    const person = (await sec.get('/api/v1/people?q=liuyang')).json().items[0];
    expect((await sec.post(`/api/v1/people/${person.id}/unlock`)).statusCode).toBe(204);
    expect(
      (
        await app.anonymous.post(
          '/api/v1/auth/login',
          { username: 'liuyang', password: DEMO_PASSWORD },
          from('10.0.0.9'),
        )
      ).statusCode,
    ).toBe(200);
  });

  it('throttles one address that sprays many accounts', async () => {
    const app = await createTestApp({ trustProxy: true, lockout: { threshold: 5, minutes: 15, ipFailureLimit: 3 } });
    const h = { 'x-forwarded-for': '10.9.9.9' };
    for (const u of ['a1', 'a2', 'a3'])
      await app.anonymous.post('/api/v1/auth/login', { username: u, password: 'x' }, h);
    const res = await app.anonymous.post('/api/v1/auth/login', { username: 'sunli', password: DEMO_PASSWORD }, h);
    expect(res.statusCode).toBe(429);
    expect(res.json().code).toBe('ip_throttled');
  });

  it('rejects unknown fields and wrong JSON with a named field', async () => {
    const extra = await t.anonymous.post('/api/v1/auth/login', { username: 'sunli', password: 'x', admin: true });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().errors).toEqual([expect.objectContaining({ field: 'body.admin', code: 'unknown_field' })]);
    const bad = await t.anonymous.request('POST', '/api/v1/auth/login', {
      payload: '{"username":',
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('bad_json');
    expect(bad.body).not.toContain('at ');
  });
});

describe('sessions', () => {
  it('requires the CSRF header on state-changing requests', async () => {
    const c = await t.login('gongying');
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: c.cookie } });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('csrf');
    expect((await c.post('/api/v1/auth/logout')).statusCode).toBe(204);
    expect((await c.get('/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('ends a session after the idle timeout', async () => {
    const c = await t.login('chenhui');
    await t.deps.database.pool.query(
      `UPDATE sessions SET last_seen_at = now() - interval '31 minutes' WHERE ended_at IS NULL
        AND person_id = (SELECT id FROM people WHERE username = 'chenhui')`,
    );
    const res = await c.get('/api/v1/auth/me');
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('session_expired');
  });

  it('ends every session when the password changes, and renews the current one', async () => {
    const a = await t.login('zhoumin');
    const b = await t.login('zhoumin');
    const res = await a.post('/api/v1/auth/change-password', {
      currentPassword: DEMO_PASSWORD,
      newPassword: 'New#Pass2026',
    });
    expect(res.statusCode).toBe(200);
    expect((await b.get('/api/v1/auth/me')).statusCode).toBe(401);
    const set = res.cookies.find((c) => c.name === 'luoshi_sid')!;
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie: `luoshi_sid=${set.value}` },
    });
    expect(me.statusCode).toBe(200);
    await t.login('zhoumin', 'New#Pass2026');
  });

  it('enforces the password policy with field errors', async () => {
    const c = await t.login('wangjianguo');
    const res = await c.post('/api/v1/auth/change-password', {
      currentPassword: DEMO_PASSWORD,
      newPassword: 'abcdefgh',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      expect.objectContaining({ field: 'body.newPassword', code: 'too_few_classes' }),
    ]);
  });

  it('forces a person with an initial password to change it first', async () => {
    const admin = await t.login('sysadmin');
    const units = (await admin.get('/api/v1/units')).json().items;
    const unit = units.find((u: { shortName: string }) => u.shortName === '发改局');
    const created = await admin.post('/api/v1/people', {
      username: 'newbie',
      displayName: '新同志',
      unitId: unit.id,
      initialPassword: 'Init#2026x',
    });
    expect(created.statusCode).toBe(201);
    const c = await t.login('newbie', 'Init#2026x');
    expect((await c.get('/api/v1/auth/me')).json().mustChangePassword).toBe(true);
    const blocked = await c.get('/api/v1/units');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('password_change_required');
    expect(
      (await c.post('/api/v1/auth/change-password', { currentPassword: 'Init#2026x', newPassword: 'Mine#2026y' }))
        .statusCode,
    ).toBe(200);
  });

  it('deactivating a person ends the sessions and the personal API tokens, even just resolved', async () => {
    const c = await t.login('fgj.clerk');
    const bearer = { authorization: `Bearer ${(await c.post('/api/v1/api-tokens', { name: '对接' })).json().token}` };
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer })).statusCode).toBe(200);
    const admin = await t.login('sysadmin');
    const p = (await admin.get('/api/v1/people?q=fgj.clerk')).json().items[0];
    expect(
      (await admin.post(`/api/v1/people/${p.id}/deactivate`, {}, { 'if-match': `"${p.version}"` })).statusCode,
    ).toBe(200);
    expect((await c.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer })).statusCode).toBe(401);
    expect(
      (await t.anonymous.post('/api/v1/auth/login', { username: 'fgj.clerk', password: DEMO_PASSWORD })).statusCode,
    ).toBe(401);
  });

  it('a person moved to another unit acts for the new unit from the next request (resolved sessions are not served stale)', async () => {
    const c = await t.login('czj.clerk');
    const before = (await c.get('/api/v1/auth/me')).json();
    const bearer = { authorization: `Bearer ${(await c.post('/api/v1/api-tokens', { name: '对接' })).json().token}` };
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer })).json().unitId).toBe(
      before.unitId,
    );
    const admin = await t.login('sysadmin');
    const p = (await admin.get('/api/v1/people?q=czj.clerk')).json().items[0];
    const other = (await admin.get('/api/v1/units'))
      .json()
      .items.find((u: { id: string; shortName: string }) => u.shortName === '住建局');
    expect(other.id).not.toBe(before.unitId);
    const moved = await admin.patch(`/api/v1/people/${p.id}`, { unitId: other.id }, { 'if-match': `"${p.version}"` });
    expect(moved.statusCode, moved.body).toBe(200);
    const after = await c.get('/api/v1/auth/me');
    expect(after.statusCode).toBe(200);
    expect(after.json().unitId).toBe(other.id);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer })).json().unitId).toBe(
      other.id,
    );
  });
});

describe('TOTP and API tokens', () => {
  it('sets up TOTP, then sign-in asks for and checks the code', async () => {
    const c = await t.login('jfj.clerk');
    const { secret } = (await c.post('/api/v1/auth/totp/setup', { password: DEMO_PASSWORD })).json();
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) });
    const setupCode = totp.generate();
    expect((await c.post('/api/v1/auth/totp/enable', { code: setupCode })).statusCode).toBe(200);
    const need = await t.anonymous.post('/api/v1/auth/login', { username: 'jfj.clerk', password: DEMO_PASSWORD });
    expect(need.statusCode).toBe(401);
    expect(need.json().code).toBe('totp_required');
    expect(
      (
        await t.anonymous.post('/api/v1/auth/login', { username: 'jfj.clerk', password: DEMO_PASSWORD, totp: '000000' })
      ).json().code,
    ).toBe('totp_invalid');
    // The code used to set up cannot sign in; the next step's code can, once.
    expect(
      (
        await t.anonymous.post('/api/v1/auth/login', {
          username: 'jfj.clerk',
          password: DEMO_PASSWORD,
          totp: setupCode,
        })
      ).json().code,
    ).toBe('totp_invalid');
    const next = totp.generate({ timestamp: Date.now() + 30_000 });
    expect(
      (await t.anonymous.post('/api/v1/auth/login', { username: 'jfj.clerk', password: DEMO_PASSWORD, totp: next }))
        .statusCode,
    ).toBe(200);
    const replay = await t.anonymous.post('/api/v1/auth/login', {
      username: 'jfj.clerk',
      password: DEMO_PASSWORD,
      totp: next,
    });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe('totp_invalid');
    const audit = await t.deps.database.db.execute(
      sql`SELECT detail->>'reason' AS reason FROM audit_events WHERE action = 'auth.login' AND result = 'failure'
        AND username = 'jfj.clerk' ORDER BY seq`,
    );
    expect(audit.rows.map((r) => (r as { reason: string }).reason)).toContain('totp_reused');
  });

  it('requires TOTP setup for roles configured so', async () => {
    const app = await createTestApp({ totpRequiredRoles: ['audit_admin'] });
    const c = await app.login('auditadmin');
    expect((await c.get('/api/v1/auth/me')).json().needsTotpSetup).toBe(true);
    expect((await c.get('/api/v1/audit-events')).json().code).toBe('totp_setup_required');
  });

  it('issues a token shown once, stored hashed, acting as its owner until revoked', async () => {
    const c = await t.login('sunli');
    const created = await c.post('/api/v1/api-tokens', { name: '数据对接' });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json();
    const stored = await t.deps.database.pool.query('SELECT token_hash FROM api_tokens WHERE id = $1', [id]);
    expect(stored.rows[0].token_hash).not.toContain(token);
    expect((await c.get('/api/v1/api-tokens')).json().items[0]).not.toHaveProperty('token');
    const bearer = { authorization: `Bearer ${token}` };
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer });
    expect(me.json().username).toBe('sunli');
    // A token cannot revoke (nor make) tokens: that needs the owner's signed-in session.
    expect(
      (await t.app.inject({ method: 'POST', url: `/api/v1/api-tokens/${id}/revoke`, headers: bearer })).json().code,
    ).toBe('session_required');
    expect((await c.post(`/api/v1/api-tokens/${id}/revoke`)).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer })).statusCode).toBe(401);
  });
});

describe('security administration', () => {
  it('shows where an account is locked from, and a refused route is audited', async () => {
    const app = await createTestApp({ trustProxy: true });
    for (let i = 0; i < 5; i++)
      await app.anonymous.post(
        '/api/v1/auth/login',
        { username: 'sunli', password: 'bad' },
        { 'x-forwarded-for': '10.1.1.1' },
      );
    const sec = await app.login('secadmin');
    const p = (await sec.get('/api/v1/people?q=sunli')).json().items[0];
    const status = (await sec.get(`/api/v1/people/${p.id}/account`)).json();
    expect(status.lockedFrom).toEqual([expect.objectContaining({ ip: '10.1.1.1' })]);
    const clerk = await app.login('fgj.clerk');
    expect((await clerk.get('/api/v1/audit-events')).statusCode).toBe(403);
    const auditor = await app.login('auditadmin');
    const denied = (await auditor.get('/api/v1/audit-events?action=access.denied')).json().items;
    expect(denied[0]).toMatchObject({ username: 'fgj.clerk', objectId: 'GET /api/v1/audit-events', result: 'denied' });
  });

  it('ends the session a browser brings to a new sign-in', async () => {
    const first = await t.login('limingzhe');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { cookie: first.cookie },
      payload: { username: 'limingzhe', password: DEMO_PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    expect((await first.get('/api/v1/auth/me')).statusCode).toBe(401);
  });
});

describe('absolute session lifetime', () => {
  it('ends a session after 12 hours even when it is used all the time', async () => {
    const c = await t.login('wjj.clerk');
    await t.deps.database.pool.query(
      `UPDATE sessions SET created_at = now() - interval '12 hours 1 minute', last_seen_at = now()
        WHERE ended_at IS NULL AND person_id = (SELECT id FROM people WHERE username = 'wjj.clerk')`,
    );
    const res = await c.get('/api/v1/auth/me');
    expect(res.json().code).toBe('session_expired');
  });
});
