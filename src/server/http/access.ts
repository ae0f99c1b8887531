import type { Role } from '../../shared/roles';

/**
 * Who may call a route. Every route under /api must declare one (see plugins/auth.ts: a route without a rule
 * stops the app from starting, and the permission-matrix test walks every route against every role).
 * Data scoping (own unit, units 分管, jurisdiction) is applied by the services from the actor; this rule is
 * the first gate only.
 */
export type Access =
  | { public: true }
  /**
   * Any signed-in user. `duringSetup` routes stay usable while a password change or TOTP setup is pending.
   * `session`: a signed-in browser session only, never a personal API token (credentials, tokens, accounts).
   */
  | { authenticated: true; duringSetup?: boolean; session?: boolean }
  /** Routes passed only through an administrator role need a session as well (plugins/auth.ts). */
  | { roles: readonly Role[]; session?: boolean };

export interface Actor {
  personId: string;
  username: string;
  displayName: string;
  unitId: string;
  jurisdictionId: string;
  roles: Role[];
  /** Units the person 分管 as a leader. */
  leaderUnitIds: string[];
  via: 'session' | 'token';
  /** For a personal API token: 'read' may only read (GET). */
  tokenScope?: 'read' | 'read_write';
  sessionIdHash?: string;
  csrfToken?: string;
  mustChangePassword: boolean;
  needsTotpSetup: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    actor: Actor | null;
    locale: 'zh-CN' | 'en-US';
  }
}

export function hasAnyRole(actor: Actor, roles: readonly Role[]): boolean {
  return actor.roles.some((r) => roles.includes(r));
}

/** Roles that see everything in their jurisdiction (DESIGN.md §5). */
export const JURISDICTION_WIDE: readonly Role[] = ['principal', 'supervision_office', 'system_admin', 'security_admin'];

/**
 * The set of units whose business data an actor may read: `null` means the whole jurisdiction.
 * A unit sees its own; a leader additionally the units he or she 分管.
 */
export function visibleUnitIds(actor: Actor): string[] | null {
  if (hasAnyRole(actor, JURISDICTION_WIDE)) return null;
  return [...new Set([actor.unitId, ...actor.leaderUnitIds])];
}

/** The caller as an audit event names them: person, unit, roles and jurisdiction, with the request's address and id. */
export function auditActor(actor: Actor, meta: { ip?: string; requestId?: string }) {
  return {
    jurisdictionId: actor.jurisdictionId,
    personId: actor.personId,
    username: actor.username,
    unitId: actor.unitId,
    roles: actor.roles,
    ip: meta.ip,
    requestId: meta.requestId,
  };
}
