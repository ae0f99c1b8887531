import { bigint, boolean, index, integer, pgTable, text, timestamp, uuid, primaryKey } from 'drizzle-orm/pg-core';
import { people } from '../org/org.schema';

/** Secrets of a person, owned by the auth module (org owns who the person is). */
export const credentials = pgTable('credentials', {
  personId: uuid('person_id')
    .primaryKey()
    .references(() => people.id),
  passwordHash: text('password_hash').notNull(),
  mustChangePassword: boolean('must_change_password').notNull().default(true),
  passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
  totpSecret: text('totp_secret'),
  totpEnabled: boolean('totp_enabled').notNull().default(false),
  /** A secret being set up: it replaces totpSecret only once a code from it is proven, so setup never disables. */
  totpPendingSecret: text('totp_pending_secret'),
  /** The 30-second step of the last code accepted: a code is good once (no replay within its window). */
  totpLastStep: bigint('totp_last_step', { mode: 'number' }),
  /** Bumped whenever all sessions must end (password change, deactivation, role change). */
  sessionEpoch: integer('session_epoch').notNull().default(0),
});

/**
 * Failed sign-ins counted per account and source address: 5 in a row lock the account *from that address*,
 * so a stranger cannot lock the owner out at will; the per-address limit stops password spraying.
 */
export const loginFailures = pgTable(
  'login_failures',
  {
    username: text('username').notNull(),
    ip: text('ip').notNull(),
    consecutive: integer('consecutive').notNull().default(0),
    lastFailureAt: timestamp('last_failure_at', { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.username, t.ip] }), index('login_failures_ip_idx').on(t.ip, t.lastFailureAt)],
);

export const sessions = pgTable(
  'sessions',
  {
    /** sha256 of the cookie value: a stolen table does not yield usable sessions. */
    idHash: text('id_hash').primaryKey(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    csrfToken: text('csrf_token').notNull(),
    epoch: integer('epoch').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
  },
  (t) => [index('sessions_person_idx').on(t.personId)],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    /** 'read': GET only; 'read_write': business writes too. Never credentials, tokens or administration. */
    scope: text('scope').$type<'read' | 'read_write'>().notNull().default('read'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    /** Every token expires (90 days by default, a year at most). */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('api_tokens_person_idx').on(t.personId)],
);
