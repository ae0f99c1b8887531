import crypto from 'node:crypto';
import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import { hash as argonHash, verify as argonVerify, type Algorithm } from '@node-rs/argon2';
import * as OTPAuth from 'otpauth';
import { ANY_PLAN, type Db, type Tx } from '../../db/client';
import type { Config } from '../../config';
import { AppError } from '../../http/errors';
import type { Actor } from '../../http/access';
import type { AuditService } from '../audit/audit.service';
import type { OrgService, PersonLifecycle } from '../org/org.service';
import type { NotificationService } from '../notifications/notifications.service';
import { apiTokens, credentials, loginFailures, sessions } from './auth.schema';
import { checkPassword } from '../../../shared/domain/password-policy';

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
const randomToken = (bytes = 32) => crypto.randomBytes(bytes).toString('base64url');

export interface ClientMeta {
  ip: string;
  userAgent?: string;
  requestId?: string;
}

export type AuthService = ReturnType<typeof createAuthService>;

type TokenScope = 'read' | 'read_write';
type TotpProof = { password: string; code?: string };
const TOTP_OFF = { totpEnabled: false, totpSecret: null, totpPendingSecret: null };

/** What the person is told, in the app only, when the security administrator changes their credentials. */
const TOLD = {
  password_reset: {
    title: '您的密码已被安全管理员重置',
    body: '安全管理员重置了您的登录密码，您的所有会话和 API 令牌均已失效。如非您本人申请，请立即联系安全管理员。',
    link: null,
  },
  totp_reset: {
    title: '您的动态验证码已被安全管理员重置',
    body: '安全管理员重置了您的动态验证码，您的所有会话和 API 令牌均已失效，请重新设置。如非您本人申请，请立即联系安全管理员。',
    link: '/account/totp',
  },
};

/** A token lives 90 days unless its owner chooses otherwise, and a year at most. */
export const TOKEN_DEFAULT_DAYS = 90;
export const TOKEN_MAX_DAYS = 365;

export function createAuthService(deps: {
  db: Db;
  config: Config;
  audit: AuditService;
  org: () => OrgService;
  notifications?: () => NotificationService;
}) {
  const { db, config, audit } = deps;
  // Algorithm is an ambient const enum (unusable under isolatedModules): 2 is Argon2id.
  const argonOpts = {
    algorithm: 2 as Algorithm,
    memoryCost: config.argon2.memoryCost,
    timeCost: config.argon2.timeCost,
    parallelism: 1,
  };
  // Verifying against a dummy hash for unknown users keeps response time from revealing which usernames exist.
  let dummyHash: Promise<string> | undefined;

  const hashPassword = (pw: string) => argonHash(pw, argonOpts);

  function assertPolicy(pw: string, username: string, field: string) {
    const problems = checkPassword(pw, config.passwordPolicy, username);
    if (problems.length) {
      throw new AppError(
        'weak_password',
        {},
        problems.map((code) => ({ field, code, params: { min: config.passwordPolicy.minLength, max: 128 } })),
      );
    }
  }

  /**
   * Sessions resolved in the last few seconds: a page's burst of requests then reads the session and the person
   * once, not once per request. Whatever this instance changes (sign-out, password, second factor, roles,
   * deactivation, a person's unit) drops that person's entries at once; a change made by another instance is
   * seen within LUOSHI_SESSION_CACHE_SECONDS (5 by default; 0 turns this off).
   */
  const SESSION_CACHE_MS = config.session.cacheSeconds * 1000;
  const SESSION_CACHE_MAX = 20_000;
  const recentSessions = new Map<string, { actor: Actor; until: number; lastSeenAt: number; createdAt: number }>();
  /** Personal API tokens resolved in the last few seconds, kept and dropped by the same rules (and on revoking). */
  const recentTokens = new Map<string, { actor: Actor; until: number; expiresAt: number }>();
  function forgetPerson(personId: string) {
    for (const [k, v] of recentSessions) if (v.actor.personId === personId) recentSessions.delete(k);
    for (const [k, v] of recentTokens) if (v.actor.personId === personId) recentTokens.delete(k);
  }

  async function endAllSessions(tx: Tx, personId: string) {
    forgetPerson(personId);
    await tx
      .update(credentials)
      .set({ sessionEpoch: sql`${credentials.sessionEpoch} + 1` })
      .where(eq(credentials.personId, personId));
    await tx
      .update(sessions)
      .set({ endedAt: new Date() })
      .where(and(eq(sessions.personId, personId), isNull(sessions.endedAt)));
  }

  /** A token dies with the trust it came from: the password, the account, the roles it was made under. */
  async function revokeAllTokens(tx: Tx, personId: string) {
    forgetPerson(personId);
    const r = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.personId, personId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    return r.length;
  }

  /** Every session and every token of the person end (the cache of this instance is dropped at once). */
  async function endEverything(tx: Tx, personId: string) {
    await endAllSessions(tx, personId);
    return revokeAllTokens(tx, personId);
  }

  const lifecycle: PersonLifecycle = {
    async created(tx, personId, username, secret) {
      let passwordHash: string;
      if ('passwordHash' in secret) passwordHash = secret.passwordHash;
      else {
        assertPolicy(secret.password, username, 'body.initialPassword');
        passwordHash = await hashPassword(secret.password);
      }
      await tx.insert(credentials).values({ personId, passwordHash, mustChangePassword: true });
    },
    async accessChanged(tx, personId, opts) {
      await endAllSessions(tx, personId);
      if (!opts?.keepTokens) await revokeAllTokens(tx, personId);
    },
    profileChanged: forgetPerson,
  };

  async function buildActor(
    personId: string,
    via: Actor['via'],
    session?: { idHash: string; csrfToken: string },
    known?: typeof credentials.$inferSelect,
    token?: { scope: TokenScope },
  ): Promise<Actor | null> {
    // The account and the credentials side by side; both key lookups that switch no plan mode (ANY_PLAN).
    const [acct, cred] = await Promise.all([
      deps.org().accountById(personId),
      known ??
        db
          .select()
          .from(credentials)
          .where(and(eq(credentials.personId, personId), ANY_PLAN))
          .then((r) => r[0]),
    ]);
    if (!acct?.active || !cred) return null;
    return {
      personId: acct.id,
      username: acct.username,
      displayName: acct.displayName,
      unitId: acct.unitId,
      jurisdictionId: acct.jurisdictionId,
      roles: acct.roles,
      leaderUnitIds: acct.leaderUnitIds,
      via,
      tokenScope: token?.scope,
      sessionIdHash: session?.idHash,
      csrfToken: session?.csrfToken,
      mustChangePassword: cred.mustChangePassword,
      needsTotpSetup: !cred.totpEnabled && acct.roles.some((r) => config.totpRequiredRoles.includes(r)),
    };
  }

  async function recordFailure(username: string, ip: string): Promise<{ locked: boolean }> {
    const lockUntil = new Date(Date.now() + config.lockout.minutes * 60_000);
    const [row] = await db
      .insert(loginFailures)
      .values({ username: username.toLowerCase(), ip, consecutive: 1, lastFailureAt: new Date() })
      .onConflictDoUpdate({
        target: [loginFailures.username, loginFailures.ip],
        set: { consecutive: sql`${loginFailures.consecutive} + 1`, lastFailureAt: new Date() },
      })
      .returning();
    if (row!.consecutive >= config.lockout.threshold) {
      await db
        .update(loginFailures)
        .set({ lockedUntil: lockUntil, consecutive: 0 })
        .where(and(eq(loginFailures.username, row!.username), eq(loginFailures.ip, ip)));
      return { locked: true };
    }
    return { locked: false };
  }

  async function login(
    input: { username: string; password: string; totp?: string },
    meta: ClientMeta & { previousSession?: string },
  ) {
    const username = input.username.trim();
    const uname = username.toLowerCase();
    const base = { ip: meta.ip, requestId: meta.requestId, username, action: 'auth.login' };
    const windowStart = new Date(Date.now() - config.lockout.minutes * 60_000);

    const [ipRow] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(loginFailures)
      .where(and(eq(loginFailures.ip, meta.ip), gt(loginFailures.lastFailureAt, windowStart)));
    // Distinct usernames tried from one address in the window: a spray across accounts is throttled.
    if ((ipRow?.n ?? 0) >= config.lockout.ipFailureLimit) {
      await audit.record({ ...base, result: 'denied', detail: { reason: 'ip_throttled' } });
      throw new AppError('ip_throttled');
    }
    const [lock] = await db
      .select()
      .from(loginFailures)
      .where(and(eq(loginFailures.username, uname), eq(loginFailures.ip, meta.ip)));
    if (lock?.lockedUntil && lock.lockedUntil > new Date()) {
      await audit.record({ ...base, result: 'denied', detail: { reason: 'locked' } });
      throw new AppError('account_locked', { minutes: Math.ceil((lock.lockedUntil.getTime() - Date.now()) / 60_000) });
    }

    const acct = await deps.org().accountByUsername(username);
    const [cred] = acct ? await db.select().from(credentials).where(eq(credentials.personId, acct.id)) : [];
    dummyHash ??= hashPassword(randomToken());
    const ok = await argonVerify(cred?.passwordHash ?? (await dummyHash), input.password).catch(() => false);
    const who = acct
      ? { personId: acct.id, jurisdictionId: acct.jurisdictionId, unitId: acct.unitId, roles: acct.roles }
      : {};

    const fail = async (reason: string) => {
      const { locked } = await recordFailure(uname, meta.ip);
      await audit.record({ ...base, ...who, result: 'failure', detail: { reason, locked } });
      if (locked) throw new AppError('account_locked', { minutes: config.lockout.minutes });
    };

    if (!acct || !cred || !ok) {
      await fail('bad_credentials');
      throw new AppError('bad_credentials');
    }
    if (!acct.active) {
      await audit.record({ ...base, ...who, result: 'failure', detail: { reason: 'inactive' } });
      throw new AppError('account_inactive');
    }
    if (cred.totpEnabled) {
      if (!input.totp)
        throw new AppError('totp_required', {}, [{ field: 'body.totp', code: 'required' }], { totpRequired: true });
      const step = totpStep(cred.totpSecret!, input.totp);
      // A code is good once: the step it belongs to must be later than the last one accepted (no replay of a
      // code seen over a shoulder or in a log within its 90-second window).
      const fresh =
        step !== null &&
        (
          await db
            .update(credentials)
            .set({ totpLastStep: step })
            .where(
              and(
                eq(credentials.personId, cred.personId),
                or(isNull(credentials.totpLastStep), lt(credentials.totpLastStep, step)),
              ),
            )
            .returning({ personId: credentials.personId })
        ).length > 0;
      if (!fresh) {
        await fail(step === null ? 'totp_invalid' : 'totp_reused');
        throw new AppError('totp_invalid', {}, [{ field: 'body.totp', code: 'invalid_value' }], { totpRequired: true });
      }
    }
    await db.delete(loginFailures).where(and(eq(loginFailures.username, uname), eq(loginFailures.ip, meta.ip)));
    // A new session id at every sign-in; the one the browser brought (if any) ends, against session fixation.
    if (meta.previousSession) {
      recentSessions.delete(sha256(meta.previousSession));
      await db
        .update(sessions)
        .set({ endedAt: new Date() })
        .where(eq(sessions.idHash, sha256(meta.previousSession)));
    }
    const token = randomToken();
    const csrfToken = randomToken(24);
    await db.insert(sessions).values({
      idHash: sha256(token),
      personId: acct.id,
      csrfToken,
      epoch: cred.sessionEpoch,
      ip: meta.ip,
      userAgent: meta.userAgent?.slice(0, 300),
    });
    await audit.record({ ...base, ...who, result: 'success', objectType: 'session' });
    const actor = (await buildActor(acct.id, 'session', { idHash: sha256(token), csrfToken }))!;
    return { token, actor };
  }

  /** Resolves a session cookie; ends it when idle or too old, or when the person's access changed. */
  async function resolveSession(token: string): Promise<Actor | 'expired' | null> {
    const idHash = sha256(token);
    const now = Date.now();
    const hit = recentSessions.get(idHash);
    if (
      hit &&
      hit.until > now &&
      now - hit.lastSeenAt <= config.session.idleMinutes * 60_000 &&
      now - hit.createdAt <= config.session.absoluteHours * 3_600_000
    )
      return hit.actor;
    recentSessions.delete(idHash);
    // The session and its person's credential in one round trip.
    const [row] = await db
      .select({ s: sessions, cred: credentials })
      .from(sessions)
      .leftJoin(credentials, eq(credentials.personId, sessions.personId))
      .where(and(eq(sessions.idHash, idHash), ANY_PLAN));
    const s = row?.s;
    if (!s || s.endedAt) return s ? 'expired' : null;
    const cred = row.cred ? { ...row.cred, epoch: row.cred.sessionEpoch } : null;
    const idle = now - s.lastSeenAt.getTime() > config.session.idleMinutes * 60_000;
    const old = now - s.createdAt.getTime() > config.session.absoluteHours * 3_600_000;
    if (idle || old || !cred || cred.epoch !== s.epoch) {
      await db.update(sessions).set({ endedAt: new Date() }).where(eq(sessions.idHash, idHash));
      return 'expired';
    }
    // Touch at most every 30 s: the idle clock needs no finer grain, and it saves a write per request.
    let lastSeenAt = s.lastSeenAt.getTime();
    if (now - lastSeenAt > 30_000) {
      await db
        .update(sessions)
        .set({ lastSeenAt: new Date(now) })
        .where(eq(sessions.idHash, idHash));
      lastSeenAt = now;
    }
    const actor = await buildActor(s.personId, 'session', { idHash, csrfToken: s.csrfToken }, row.cred ?? undefined);
    if (actor && SESSION_CACHE_MS > 0) {
      if (recentSessions.size >= SESSION_CACHE_MAX) recentSessions.delete(recentSessions.keys().next().value!);
      // Frozen: one object now serves several requests, so none may alter it.
      recentSessions.set(idHash, {
        actor: Object.freeze(actor),
        until: now + SESSION_CACHE_MS,
        lastSeenAt,
        createdAt: s.createdAt.getTime(),
      });
    }
    return actor;
  }

  async function resolveApiToken(token: string): Promise<Actor | null> {
    const tokenHash = sha256(token);
    const now = Date.now();
    const hit = recentTokens.get(tokenHash);
    if (hit && hit.until > now && hit.expiresAt > now) return hit.actor;
    recentTokens.delete(tokenHash);
    const [t] = await db
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.tokenHash, tokenHash), ANY_PLAN));
    if (!t || t.revokedAt || t.expiresAt.getTime() <= now) return null;
    if (!t.lastUsedAt || now - t.lastUsedAt.getTime() > 60_000)
      await db
        .update(apiTokens)
        .set({ lastUsedAt: new Date(now) })
        .where(eq(apiTokens.id, t.id));
    const actor = await buildActor(t.personId, 'token', undefined, undefined, { scope: t.scope });
    // A token acts as its owner but cannot do what needs a finished first sign-in.
    if (!actor || actor.mustChangePassword) return null;
    if (SESSION_CACHE_MS > 0) {
      if (recentTokens.size >= SESSION_CACHE_MAX) recentTokens.delete(recentTokens.keys().next().value!);
      recentTokens.set(tokenHash, {
        actor: Object.freeze(actor),
        until: now + SESSION_CACHE_MS,
        expiresAt: t.expiresAt.getTime(),
      });
    }
    return actor;
  }

  async function logout(actor: Actor, meta: ClientMeta) {
    if (actor.sessionIdHash) {
      recentSessions.delete(actor.sessionIdHash);
      await db.update(sessions).set({ endedAt: new Date() }).where(eq(sessions.idHash, actor.sessionIdHash));
    }
    await audit.record({ ...deps.org().auditAs(actor, meta), action: 'auth.logout', result: 'success' });
  }

  async function changePassword(
    actor: Actor,
    input: { currentPassword: string; newPassword: string },
    meta: ClientMeta,
  ) {
    const [cred] = await db.select().from(credentials).where(eq(credentials.personId, actor.personId));
    if (!cred || !(await argonVerify(cred.passwordHash, input.currentPassword).catch(() => false))) {
      await audit.record({ ...deps.org().auditAs(actor, meta), action: 'auth.password.change', result: 'failure' });
      throw new AppError('wrong_password', {}, [{ field: 'body.currentPassword', code: 'invalid_value' }]);
    }
    assertPolicy(input.newPassword, actor.username, 'body.newPassword');
    if (await argonVerify(cred.passwordHash, input.newPassword).catch(() => false)) {
      throw new AppError('weak_password', {}, [
        { field: 'body.newPassword', code: 'invalid_value', message: undefined },
      ]);
    }
    const passwordHash = await hashPassword(input.newPassword);
    let token = '';
    await db.transaction(async (tx) => {
      await tx
        .update(credentials)
        .set({ passwordHash, mustChangePassword: false, passwordChangedAt: new Date() })
        .where(eq(credentials.personId, actor.personId));
      const tokensRevoked = await endEverything(tx, actor.personId);
      const as = deps.org().auditAs(actor, meta);
      await audit.record({ ...as, action: 'auth.password.change', result: 'success', detail: { tokensRevoked } }, tx);
    });
    if (actor.via === 'session') {
      // The password change ended every session, this one too; the browser gets a fresh one.
      const [c] = await db.select().from(credentials).where(eq(credentials.personId, actor.personId));
      token = randomToken();
      await db.insert(sessions).values({
        idHash: sha256(token),
        personId: actor.personId,
        csrfToken: randomToken(24),
        epoch: c!.sessionEpoch,
        ip: meta.ip,
        userAgent: meta.userAgent?.slice(0, 300),
      });
    }
    return { token };
  }

  // ---------- TOTP ----------
  function totpFor(secret: string, label = 'luoshi') {
    return new OTPAuth.TOTP({
      issuer: 'Luoshi 落实',
      label,
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      secret: OTPAuth.Secret.fromBase32(secret),
    });
  }
  function _verifyTotp(secret: string, code: string) {
    return totpStep(secret, code) !== null;
  }
  /** The 30-second step a code belongs to (now ±1 step), or null when it matches none. */
  function totpStep(secret: string, code: string): number | null {
    const totp = totpFor(secret);
    const delta = totp.validate({ token: code.replace(/\s/g, ''), window: 1 });
    return delta === null ? null : totp.counter() + delta;
  }

  /**
   * Proof that the person at the keyboard is the owner before the second factor changes: the password, and the
   * current code when one is enabled (used up like a sign-in code). A stolen session alone cannot replace or
   * remove the factor. Failures count towards the sign-in lockout and are audited.
   */
  async function reauthenticate(actor: Actor, proof: TotpProof, action: string, meta: ClientMeta) {
    const uname = actor.username.toLowerCase();
    const [cred] = await db.select().from(credentials).where(eq(credentials.personId, actor.personId));
    const failed = async (reason: string, field: string) => {
      const { locked } = await recordFailure(uname, meta.ip);
      await audit.record({ ...deps.org().auditAs(actor, meta), action, result: 'failure', detail: { reason, locked } });
      if (locked) throw new AppError('account_locked', { minutes: config.lockout.minutes });
      if (field === 'body.password') throw new AppError('wrong_password', {}, [{ field, code: 'invalid_value' }]);
      throw new AppError('validation', {}, [{ field, code: proof.code ? 'totp_invalid' : 'required' }]);
    };
    const [lock] = await db
      .select()
      .from(loginFailures)
      .where(and(eq(loginFailures.username, uname), eq(loginFailures.ip, meta.ip)));
    if (lock?.lockedUntil && lock.lockedUntil > new Date()) {
      throw new AppError('account_locked', { minutes: Math.ceil((lock.lockedUntil.getTime() - Date.now()) / 60_000) });
    }
    const ok = cred && (await argonVerify(cred.passwordHash, proof.password).catch(() => false));
    if (!cred || !ok) return failed('bad_password', 'body.password');
    if (cred.totpEnabled) {
      const step = proof.code ? totpStep(cred.totpSecret!, proof.code) : null;
      if (step === null || !(await spendTotpStep(cred.personId, step)))
        return failed(step === null ? 'totp_invalid' : 'totp_reused', 'body.code');
    }
    return cred;
  }

  /** Records a code's step as used; false when that step or a later one was used already (a replay). */
  async function spendTotpStep(personId: string, step: number) {
    const later = or(isNull(credentials.totpLastStep), lt(credentials.totpLastStep, step));
    const r = await db
      .update(credentials)
      .set({ totpLastStep: step })
      .where(and(eq(credentials.personId, personId), later))
      .returning({ personId: credentials.personId });
    return r.length > 0;
  }

  /**
   * Makes a new secret to scan. The factor in use (if any) stays in force until a code from the new one is
   * proven (enableTotp), so starting a setup never switches the second factor off.
   */
  async function beginTotpSetup(actor: Actor, proof: TotpProof, meta: ClientMeta) {
    await reauthenticate(actor, proof, 'auth.totp.setup', meta);
    const secret = new OTPAuth.Secret({ size: 20 }).base32;
    await db.update(credentials).set({ totpPendingSecret: secret }).where(eq(credentials.personId, actor.personId));
    await audit.record({ ...deps.org().auditAs(actor, meta), action: 'auth.totp.setup', result: 'success' });
    return { secret, uri: totpFor(secret, actor.username).toString() };
  }

  async function enableTotp(actor: Actor, code: string, meta: ClientMeta) {
    const [cred] = await db.select().from(credentials).where(eq(credentials.personId, actor.personId));
    // A wrong code while setting up is a bad field (400), not a failed sign-in (401 would read as "signed out").
    const step = cred?.totpPendingSecret ? totpStep(cred.totpPendingSecret, code) : null;
    if (step === null) throw new AppError('validation', {}, [{ field: 'body.code', code: 'totp_invalid' }]);
    // The setup code counts as used: it cannot sign in afterwards.
    forgetPerson(actor.personId);
    const pending = cred!.totpPendingSecret!;
    await db
      .update(credentials)
      .set({ totpSecret: pending, totpPendingSecret: null, totpEnabled: true, totpLastStep: step })
      .where(and(eq(credentials.personId, actor.personId), eq(credentials.totpPendingSecret, pending)));
    const action = cred!.totpEnabled ? 'auth.totp.change' : 'auth.totp.enable';
    await audit.record({ ...deps.org().auditAs(actor, meta), action, result: 'success' });
  }

  /** The owner switches the second factor off: password and current code. */
  async function disableTotp(actor: Actor, proof: { password: string; code: string }, meta: ClientMeta) {
    const cred = await reauthenticate(actor, proof, 'auth.totp.disable', meta);
    if (!cred.totpEnabled) throw new AppError('validation', {}, [{ field: 'body.code', code: 'totp_not_enabled' }]);
    forgetPerson(actor.personId);
    await db.update(credentials).set(TOTP_OFF).where(eq(credentials.personId, actor.personId));
    await audit.record({ ...deps.org().auditAs(actor, meta), action: 'auth.totp.disable', result: 'success' });
  }

  /** The person learns in the app (not in group webhooks) that an administrator changed their credentials. */
  async function tellPerson(
    tx: Tx,
    target: { id: string; jurisdictionId: string },
    what: keyof typeof TOLD,
    meta: ClientMeta,
  ) {
    await deps.notifications?.().notify(tx, {
      jurisdictionId: target.jurisdictionId,
      recipients: [target.id],
      kind: `security_${what}`,
      ...TOLD[what],
      dedupeKey: `security:${what}:${target.id}:${meta.requestId ?? Date.now()}`,
      personal: true,
    });
  }

  /** "Sign out everywhere": every session (this one too) and every API token of the caller end. */
  async function signOutEverywhere(actor: Actor, meta: ClientMeta) {
    await db.transaction(async (tx) => {
      const tokensRevoked = await endEverything(tx, actor.personId);
      const as = deps.org().auditAs(actor, meta);
      await audit.record({ ...as, action: 'auth.logout.everywhere', result: 'success', detail: { tokensRevoked } }, tx);
    });
  }

  // ---------- security administrator ----------
  async function unlock(actor: Actor, personId: string, meta: ClientMeta) {
    const target = await deps.org().getPerson(actor, personId);
    await db.delete(loginFailures).where(eq(loginFailures.username, target.username.toLowerCase()));
    await audit.record({
      ...deps.org().auditAs(actor, meta),
      action: 'auth.unlock',
      objectType: 'person',
      objectId: personId,
      result: 'success',
    });
  }

  async function resetPassword(actor: Actor, personId: string, newPassword: string, meta: ClientMeta) {
    const target = await deps.org().getPerson(actor, personId);
    assertPolicy(newPassword, target.username, 'body.newPassword');
    const passwordHash = await hashPassword(newPassword);
    await db.transaction(async (tx) => {
      await tx
        .update(credentials)
        .set({ passwordHash, mustChangePassword: true })
        .where(eq(credentials.personId, personId));
      const tokensRevoked = await endEverything(tx, personId);
      const as = deps.org().auditAs(actor, meta);
      const detail = { tokensRevoked };
      await audit.record(
        { ...as, action: 'auth.password.reset', objectType: 'person', objectId: personId, result: 'success', detail },
        tx,
      );
      await tellPerson(tx, { id: personId, jurisdictionId: actor.jurisdictionId }, 'password_reset', meta);
    });
    await db.delete(loginFailures).where(eq(loginFailures.username, target.username.toLowerCase()));
  }

  /** For a person who lost the phone: audited, told to the person, and every session and token ends. */
  async function resetTotp(actor: Actor, personId: string, meta: ClientMeta) {
    await deps.org().getPerson(actor, personId);
    await db.transaction(async (tx) => {
      await tx.update(credentials).set(TOTP_OFF).where(eq(credentials.personId, personId));
      const tokensRevoked = await endEverything(tx, personId);
      const as = deps.org().auditAs(actor, meta);
      const detail = { tokensRevoked };
      await audit.record(
        { ...as, action: 'auth.totp.reset', objectType: 'person', objectId: personId, result: 'success', detail },
        tx,
      );
      await tellPerson(tx, { id: personId, jurisdictionId: actor.jurisdictionId }, 'totp_reset', meta);
    });
  }

  /** What the security administrator sees of an account: second factor, pending change, current locks. */
  async function totpEnabled(personId: string) {
    const [c] = await db
      .select({ on: credentials.totpEnabled })
      .from(credentials)
      .where(eq(credentials.personId, personId));
    return c?.on ?? false;
  }

  async function accountStatus(personId: string, username: string) {
    const [cred] = await db.select().from(credentials).where(eq(credentials.personId, personId));
    const locks = await db
      .select({ ip: loginFailures.ip, lockedUntil: loginFailures.lockedUntil })
      .from(loginFailures)
      .where(and(eq(loginFailures.username, username.toLowerCase()), gt(loginFailures.lockedUntil, new Date())));
    return {
      totpEnabled: cred?.totpEnabled ?? false,
      mustChangePassword: cred?.mustChangePassword ?? false,
      lockedFrom: locks.map((l) => ({ ip: l.ip, until: l.lockedUntil!.toISOString() })),
    };
  }

  // ---------- personal API tokens ----------
  async function createApiToken(
    actor: Actor,
    input: { name: string; scope?: TokenScope; expiresInDays?: number | null },
    meta: ClientMeta,
  ) {
    const token = `lsk_${randomToken(30)}`;
    const days = Math.min(input.expiresInDays ?? TOKEN_DEFAULT_DAYS, TOKEN_MAX_DAYS);
    const expiresAt = new Date(Date.now() + days * 86_400_000);
    const scope = input.scope ?? 'read';
    const [row] = await db
      .insert(apiTokens)
      .values({
        personId: actor.personId,
        name: input.name,
        prefix: token.slice(0, 10),
        tokenHash: sha256(token),
        scope,
        expiresAt,
      })
      .returning();
    const detail = { name: input.name, scope, days };
    await audit.record({
      ...deps.org().auditAs(actor, meta),
      action: 'token.create',
      objectType: 'api_token',
      objectId: row!.id,
      result: 'success',
      detail,
    });
    return { token, ...presentToken(row!) };
  }

  function presentToken(r: typeof apiTokens.$inferSelect) {
    return {
      id: r.id,
      name: r.name,
      prefix: r.prefix,
      scope: r.scope,
      createdAt: r.createdAt.toISOString(),
      lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
      expiresAt: r.expiresAt.toISOString(),
      revokedAt: r.revokedAt?.toISOString() ?? null,
    };
  }

  async function listApiTokens(actor: Actor) {
    const rows = await db
      .select()
      .from(apiTokens)
      .where(eq(apiTokens.personId, actor.personId))
      .orderBy(sql`${apiTokens.createdAt} desc`);
    return rows.map(presentToken);
  }

  async function revokeApiToken(actor: Actor, id: string, meta: ClientMeta) {
    const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, id));
    const isSecurityAdmin = actor.roles.includes('security_admin');
    if (!row || (row.personId !== actor.personId && !isSecurityAdmin)) throw new AppError('not_found');
    if (isSecurityAdmin && row.personId !== actor.personId) await deps.org().getPerson(actor, row.personId);
    recentTokens.delete(row.tokenHash);
    await db
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)));
    await audit.record({
      ...deps.org().auditAs(actor, meta),
      action: 'token.revoke',
      objectType: 'api_token',
      objectId: id,
      result: 'success',
    });
  }

  /** For seeding and the CLI: sets a password directly (policy still enforced). */
  async function setPasswordDirect(tx: Tx, personId: string, password: string, username: string, mustChange: boolean) {
    assertPolicy(password, username, 'password');
    const passwordHash = await hashPassword(password);
    await tx
      .insert(credentials)
      .values({ personId, passwordHash, mustChangePassword: mustChange })
      .onConflictDoUpdate({ target: credentials.personId, set: { passwordHash, mustChangePassword: mustChange } });
    await endAllSessions(tx, personId);
  }

  /** Demo accounts may be spared the first-sign-in password change (said on the sign-in screen). */
  async function markPasswordState(tx: Tx, personId: string, state: { mustChange: boolean }) {
    await tx
      .update(credentials)
      .set({ mustChangePassword: state.mustChange })
      .where(eq(credentials.personId, personId));
  }

  async function clearLockouts(username: string) {
    await db.delete(loginFailures).where(eq(loginFailures.username, username.toLowerCase()));
  }

  return {
    lifecycle,
    markPasswordState,
    clearLockouts,
    login,
    resolveSession,
    resolveApiToken,
    logout,
    changePassword,
    beginTotpSetup,
    enableTotp,
    disableTotp,
    totpEnabled,
    signOutEverywhere,
    unlock,
    resetPassword,
    resetTotp,
    accountStatus,
    createApiToken,
    listApiTokens,
    revokeApiToken,
    setPasswordDirect,
    hashPassword,
  };
}
