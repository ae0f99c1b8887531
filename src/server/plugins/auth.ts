import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { pickLocale } from '../../shared/errors';
import { ADMIN_ROLES } from '../../shared/roles';
import { hasAnyRole, type Access, type Actor } from '../http/access';
import { AppError } from '../http/errors';
import type { AuthService } from '../modules/auth/auth.service';
import type { AuditService } from '../modules/audit/audit.service';

export const SESSION_COOKIE_PLAIN = 'luoshi_sid';
/** Under TLS the cookie takes the `__Host-` prefix: Secure, host-only, path /. */
export const SESSION_COOKIE_SECURE = '__Host-luoshi_sid';

export function isSecureRequest(req: FastifyRequest) {
  return req.protocol === 'https';
}

export function sessionCookieName(req: FastifyRequest) {
  return isSecureRequest(req) ? SESSION_COOKIE_SECURE : SESSION_COOKIE_PLAIN;
}

export function cookieOptions(req: FastifyRequest) {
  return { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: isSecureRequest(req) };
}

/** Every route registered, with its access rule: the permission-matrix test walks this list. */
export interface RegisteredRoute {
  method: string;
  url: string;
  access: Access;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** A year, subdomains included: once a browser has seen the site over TLS it never falls back to plain HTTP. */
const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Whether a browser's Origin (or Referer) names this site: the configured public URL, or the Host the request
 * came to. A proxy that passes the Host without its port is matched by host name alone.
 */
export function sameSite(source: string, req: { host: string }, publicUrl: string | null): boolean {
  let u: URL;
  try {
    u = new URL(source);
  } catch {
    return false; // "null" (sandboxed frames, privacy redirects) or garbage: not this site
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return false;
  if (publicUrl && u.origin === publicUrl) return true;
  let site: URL;
  try {
    site = new URL(`${u.protocol}//${req.host}`); // normalises case and default ports as the browser did
  } catch {
    return false;
  }
  if (u.host === site.host) return true;
  return !/:\d+$/.test(req.host) && u.hostname === site.hostname;
}

/**
 * What a personal API token may not do: routes that need a session (credentials, tokens, accounts), routes the
 * owner passes only through an administrator role, and, for a read-only token, any write.
 */
function tokenRefusal(actor: Actor, access: Access, method: string): 'session_required' | 'token_read_only' | null {
  if ('session' in access && access.session) return 'session_required';
  const business = actor.roles.filter((r) => !ADMIN_ROLES.includes(r));
  if ('roles' in access && !business.some((r) => access.roles.includes(r))) return 'session_required';
  if (actor.tokenScope !== 'read_write' && !SAFE_METHODS.has(method)) return 'token_read_only';
  return null;
}

/**
 * Identification and the first gate. Runs in onRequest, before the body is parsed or validated, so a caller
 * who may not use a route learns nothing about its input rules.
 */
export function registerAuth(
  app: FastifyInstance,
  auth: AuthService,
  routes: RegisteredRoute[],
  audit?: AuditService,
  opts: { publicUrl?: string | null } = {},
) {
  app.decorateRequest('actor', null);
  app.decorateRequest('locale', 'zh-CN');

  app.addHook('onSend', async (req, reply) => {
    if (isSecureRequest(req)) reply.header('strict-transport-security', HSTS);
  });

  app.addHook('onRoute', (route: RouteOptions) => {
    const url = route.url;
    if (!url.startsWith('/api/') || url.startsWith('/api/docs')) return;
    const access = (route.config as { access?: Access } | undefined)?.access;
    // A route without a rule must not exist: fail at startup, so the build breaks, not the audit.
    if (!access) throw new Error(`route ${String(route.method)} ${url} declares no access rule (config.access)`);
    for (const m of [route.method].flat()) if (m !== 'HEAD') routes.push({ method: m, url, access });
  });

  app.addHook('onRequest', async (req) => {
    req.locale = pickLocale(req.headers['accept-language']);
    const access = req.routeOptions.config?.access;
    if (!access) return; // static files, docs, not-found
    let expired = false;

    const authz = req.headers.authorization;
    const bearer = authz?.startsWith('Bearer ') ?? false;
    // A browser names the page a write comes from: another site's is refused before anything else, on top of the
    // CSRF token (and sign-in itself, against login CSRF). Scripts with a bearer token, or sending neither
    // header, are not browsers on another site.
    if (!bearer && !SAFE_METHODS.has(req.method)) {
      const source = req.headers.origin ?? req.headers.referer;
      if (source !== undefined && !sameSite(source, req, opts.publicUrl ?? null)) throw new AppError('bad_origin');
    }
    if (bearer) {
      req.actor = await auth.resolveApiToken(authz!.slice(7).trim());
      if (!req.actor && !('public' in access)) throw new AppError('unauthenticated');
    } else {
      const cookie = req.cookies[sessionCookieName(req)] ?? req.cookies[SESSION_COOKIE_PLAIN];
      if (cookie) {
        const r = await auth.resolveSession(cookie);
        if (r === 'expired') expired = true;
        else req.actor = r;
      }
    }
    if ('public' in access) return;
    const actor = req.actor;
    if (!actor) throw new AppError(expired ? 'session_expired' : 'unauthenticated');

    if (actor.via === 'session' && !SAFE_METHODS.has(req.method) && req.headers['x-csrf-token'] !== actor.csrfToken) {
      throw new AppError('csrf');
    }
    const duringSetup = 'authenticated' in access && access.duringSetup;
    if (!duringSetup) {
      if (actor.mustChangePassword) throw new AppError('password_change_required');
      if (actor.needsTotpSetup) throw new AppError('totp_setup_required');
    }
    if ('roles' in access && !hasAnyRole(actor, access.roles)) {
      // A refused attempt is worth an audit line: probing for admin routes shows up in the log.
      await audit?.record({
        jurisdictionId: actor.jurisdictionId,
        personId: actor.personId,
        username: actor.username,
        unitId: actor.unitId,
        roles: actor.roles,
        ip: req.ip,
        requestId: req.id,
        action: 'access.denied',
        objectType: 'route',
        objectId: `${req.method} ${req.routeOptions.url}`,
        result: 'denied',
      });
      throw new AppError('forbidden');
    }
    if (actor.via === 'token') {
      const refusal = tokenRefusal(actor, access, req.method);
      if (refusal) throw new AppError(refusal);
    }
  });
}
