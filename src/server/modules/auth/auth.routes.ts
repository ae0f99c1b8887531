import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps';
import { actorOf, meta } from '../../http/request';
import { cookieOptions, sessionCookieName } from '../../plugins/auth';
import { Role } from '../../../shared/roles';
import { Uuid } from '../../../shared/org';
import type { Actor } from '../../http/access';
import { TOKEN_MAX_DAYS } from './auth.service';

const Me = z.object({
  id: Uuid,
  username: z.string(),
  displayName: z.string(),
  unitId: Uuid,
  unitName: z.string(),
  jurisdictionId: Uuid,
  jurisdictionName: z.string(),
  roles: z.array(Role),
  leaderUnitIds: z.array(Uuid),
  csrfToken: z.string().nullable(),
  mustChangePassword: z.boolean(),
  needsTotpSetup: z.boolean(),
  totpEnabled: z.boolean(),
});

const TokenScope = z.enum(['read', 'read_write']);
/** Re-authentication for changing the second factor: the password, and the current code when one is enabled. */
const TotpProof = { password: z.string().min(1).max(256), code: z.string().trim().max(10).optional() };

const TokenOut = z.object({
  id: Uuid,
  name: z.string(),
  prefix: z.string(),
  scope: TokenScope,
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
});

export function registerAuthRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { auth, org, config } = deps;
  const perMinute = { max: config.loginRateLimitPerMinute, timeWindow: '1 minute' };

  async function me(actor: Actor) {
    const person = await org.accountById(actor.personId);
    const j = await org.getJurisdiction(actor.jurisdictionId);
    return {
      id: actor.personId,
      username: actor.username,
      displayName: actor.displayName,
      unitId: actor.unitId,
      unitName: person?.unitName ?? '',
      jurisdictionId: actor.jurisdictionId,
      jurisdictionName: j?.name ?? '',
      roles: actor.roles,
      leaderUnitIds: actor.leaderUnitIds,
      csrfToken: actor.csrfToken ?? null,
      mustChangePassword: actor.mustChangePassword,
      needsTotpSetup: actor.needsTotpSetup,
      totpEnabled: await auth.totpEnabled(actor.personId),
    };
  }

  r.get('/api/v1/auth/config', {
    config: { access: { public: true } },
    schema: {
      tags: ['auth'],
      summary: '登录页配置 / sign-in page settings',
      response: {
        200: z.object({
          demo: z.boolean(),
          demoPasswordChangeWaived: z.boolean(),
          passwordPolicy: z.object({ minLength: z.number(), minClasses: z.number() }),
          demoAccounts: z.array(z.object({ username: z.string(), label: z.string() })),
        }),
      },
    },
    handler: async () => ({
      demo: deps.demo.enabled,
      demoPasswordChangeWaived: deps.demo.enabled && !config.demoForcePasswordChange,
      passwordPolicy: config.passwordPolicy,
      demoAccounts: deps.demo.enabled ? deps.demo.accounts : [],
    }),
  });

  r.post('/api/v1/auth/login', {
    config: { access: { public: true }, rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: '1 minute' } },
    schema: {
      tags: ['auth'],
      summary: '登录 / sign in',
      body: z.strictObject({
        username: z.string().trim().min(1).max(64),
        password: z.string().min(1).max(256),
        totp: z.string().trim().max(10).optional(),
      }),
      response: { 200: Me },
    },
    handler: async (req, reply) => {
      const { token, actor } = await auth.login(req.body, {
        ...meta(req),
        previousSession: req.cookies[sessionCookieName(req)],
      });
      reply.setCookie(sessionCookieName(req), token, cookieOptions(req));
      return me(actor);
    },
  });

  r.post('/api/v1/auth/logout', {
    config: { access: { authenticated: true, duringSetup: true } },
    schema: { tags: ['auth'], summary: '退出 / sign out', response: { 204: z.null() } },
    handler: async (req, reply) => {
      await auth.logout(actorOf(req), meta(req));
      reply.clearCookie(sessionCookieName(req), cookieOptions(req));
      return reply.code(204).send(null);
    },
  });

  r.get('/api/v1/auth/me', {
    config: { access: { authenticated: true, duringSetup: true } },
    schema: { tags: ['auth'], summary: '当前用户 / current user', response: { 200: Me } },
    handler: async (req) => me(actorOf(req)),
  });

  r.post('/api/v1/auth/change-password', {
    config: { access: { authenticated: true, duringSetup: true, session: true }, rateLimit: perMinute },
    schema: {
      tags: ['auth'],
      summary: '修改密码 / change password (ends every session, this one is renewed)',
      body: z.strictObject({ currentPassword: z.string().min(1).max(256), newPassword: z.string().min(1).max(256) }),
      response: { 200: Me },
    },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      const { token } = await auth.changePassword(actor, req.body, meta(req));
      if (token) {
        reply.setCookie(sessionCookieName(req), token, cookieOptions(req));
        const fresh = await auth.resolveSession(token);
        if (fresh && fresh !== 'expired') return me(fresh);
      }
      return me({ ...actor, mustChangePassword: false });
    },
  });

  r.post('/api/v1/auth/totp/setup', {
    config: { access: { authenticated: true, duringSetup: true, session: true }, rateLimit: perMinute },
    schema: {
      tags: ['auth'],
      summary:
        '开始设置动态验证码（须密码，已启用时还须当前验证码）/ start TOTP setup (password, and the current code if enabled)',
      body: z.strictObject(TotpProof),
      response: { 200: z.object({ secret: z.string(), uri: z.string() }) },
    },
    handler: async (req) => auth.beginTotpSetup(actorOf(req), req.body, meta(req)),
  });

  r.post('/api/v1/auth/totp/disable', {
    config: { access: { authenticated: true, session: true }, rateLimit: perMinute },
    schema: {
      tags: ['auth'],
      summary: '停用动态验证码（须密码和当前验证码）/ switch TOTP off (password and current code)',
      body: z.strictObject({ ...TotpProof, code: z.string().trim().min(6).max(10) }),
      response: { 200: Me },
    },
    handler: async (req) => {
      await auth.disableTotp(actorOf(req), req.body, meta(req));
      return me(actorOf(req));
    },
  });

  r.post('/api/v1/auth/sign-out-everywhere', {
    config: { access: { authenticated: true, duringSetup: true, session: true } },
    schema: {
      tags: ['auth'],
      summary: '退出所有设备（含全部 API 令牌）/ sign out everywhere (API tokens too)',
      response: { 204: z.null() },
    },
    handler: async (req, reply) => {
      await auth.signOutEverywhere(actorOf(req), meta(req));
      reply.clearCookie(sessionCookieName(req), cookieOptions(req));
      return reply.code(204).send(null);
    },
  });

  r.post('/api/v1/auth/totp/enable', {
    config: { access: { authenticated: true, duringSetup: true, session: true }, rateLimit: perMinute },
    schema: {
      tags: ['auth'],
      summary: '启用动态验证码 / enable TOTP',
      body: z.strictObject({ code: z.string().trim().min(6).max(10) }),
      response: { 200: Me },
    },
    handler: async (req) => {
      await auth.enableTotp(actorOf(req), req.body.code, meta(req));
      return me({ ...actorOf(req), needsTotpSetup: false });
    },
  });

  // ---- personal API tokens ----
  // Tokens are managed from a signed-in session only: a token cannot mint, list or revoke tokens.
  r.get('/api/v1/api-tokens', {
    config: { access: { authenticated: true, session: true } },
    schema: {
      tags: ['auth'],
      summary: '我的 API 令牌 / my API tokens',
      response: { 200: z.object({ items: z.array(TokenOut) }) },
    },
    handler: async (req) => ({ items: await auth.listApiTokens(actorOf(req)) }),
  });

  r.post('/api/v1/api-tokens', {
    config: { access: { authenticated: true, session: true } },
    schema: {
      tags: ['auth'],
      summary:
        '创建 API 令牌（只显示一次；默认只读、90 天）/ create an API token (shown once; read-only and 90 days by default)',
      body: z.strictObject({
        name: z.string().trim().min(1).max(60),
        scope: TokenScope.default('read'),
        expiresInDays: z.number().int().min(1).max(TOKEN_MAX_DAYS).nullish(),
      }),
      response: { 201: TokenOut.extend({ token: z.string() }) },
    },
    handler: async (req, reply) => reply.code(201).send(await auth.createApiToken(actorOf(req), req.body, meta(req))),
  });

  r.post('/api/v1/api-tokens/:id/revoke', {
    config: { access: { authenticated: true, session: true } },
    schema: {
      tags: ['auth'],
      summary: '吊销 API 令牌 / revoke an API token',
      params: z.object({ id: Uuid }),
      response: { 204: z.null() },
    },
    handler: async (req, reply) => {
      await auth.revokeApiToken(actorOf(req), req.params.id, meta(req));
      return reply.code(204).send(null);
    },
  });

  // ---- security administrator ----
  const personParams = z.object({ id: Uuid });
  r.post('/api/v1/people/:id/unlock', {
    config: { access: { roles: ['security_admin'] } },
    schema: {
      tags: ['security'],
      summary: '解锁账户 / unlock an account',
      params: personParams,
      response: { 204: z.null() },
    },
    handler: async (req, reply) => {
      await auth.unlock(actorOf(req), req.params.id, meta(req));
      return reply.code(204).send(null);
    },
  });

  r.post('/api/v1/people/:id/reset-password', {
    config: { access: { roles: ['security_admin'] } },
    schema: {
      tags: ['security'],
      summary: '重置密码（下次登录须修改）/ reset a password (must change at next sign-in)',
      params: personParams,
      body: z.strictObject({ newPassword: z.string().min(1).max(256) }),
      response: { 204: z.null() },
    },
    handler: async (req, reply) => {
      await auth.resetPassword(actorOf(req), req.params.id, req.body.newPassword, meta(req));
      return reply.code(204).send(null);
    },
  });

  r.post('/api/v1/people/:id/reset-totp', {
    config: { access: { roles: ['security_admin'] } },
    schema: {
      tags: ['security'],
      summary: '重置动态验证码 / reset TOTP',
      params: personParams,
      response: { 204: z.null() },
    },
    handler: async (req, reply) => {
      await auth.resetTotp(actorOf(req), req.params.id, meta(req));
      return reply.code(204).send(null);
    },
  });
}
