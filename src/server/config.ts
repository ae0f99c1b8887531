import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { ROLES, type Role } from '../shared/roles';

/**
 * Every environment variable Luoshi reads, in one place (the README's configuration table mirrors this).
 */
const bool = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().optional(),
  LUOSHI_MIGRATION_DATABASE_URL: z.string().optional(),
  LUOSHI_DATA_DIR: z.string().default('./data'),
  LUOSHI_PG_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  LUOSHI_DB_POOL: z.coerce.number().int().min(3).max(200).optional(),
  LUOSHI_DEMO: bool.default(true),
  LUOSHI_DEMO_FORCE_PASSWORD_CHANGE: bool.default(false),
  LUOSHI_DEMO_HISTORY: bool.default(true),
  LUOSHI_TRUST_PROXY: bool.default(false),
  LUOSHI_PUBLIC_URL: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]).default(''),
  LUOSHI_WEBHOOK_ALLOW: z.string().default(''),
  LUOSHI_SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(30),
  LUOSHI_SESSION_ABSOLUTE_HOURS: z.coerce.number().int().positive().default(12),
  LUOSHI_SESSION_CACHE_SECONDS: z.coerce.number().int().min(0).max(60).default(5),
  LUOSHI_VIEW_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(10),
  LUOSHI_LOCK_THRESHOLD: z.coerce.number().int().positive().default(5),
  LUOSHI_LOCK_MINUTES: z.coerce.number().int().positive().default(15),
  LUOSHI_IP_FAILURE_LIMIT: z.coerce.number().int().positive().default(100),
  LUOSHI_PASSWORD_MIN_LENGTH: z.coerce.number().int().min(8).default(8),
  LUOSHI_TOTP_REQUIRED_ROLES: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(ROLES))),
  LUOSHI_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  LUOSHI_ADDRESS_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(3000),
  LUOSHI_LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  LUOSHI_PUBLIC_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  LUOSHI_BODY_LIMIT_MB: z.coerce.number().positive().default(10),
  LUOSHI_JOBS: bool.default(true),
  LUOSHI_ESCALATION_NOTICE_DAYS: z.coerce.number().int().min(1).max(60).default(5),
  LUOSHI_ESCALATION_LIST_DAYS: z.coerce.number().int().min(2).max(120).default(10),
  LUOSHI_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LUOSHI_ARGON2_MEMORY_KIB: z.coerce.number().int().min(8192).default(57344),
  LUOSHI_ARGON2_TIME_COST: z.coerce.number().int().min(1).default(2),
  LUOSHI_AUDIT_KEY: z.string().min(32, 'at least 32 characters').optional(),
  LUOSHI_AUDIT_ANCHOR_MINUTES: z.coerce.number().int().min(1).default(15),
  LUOSHI_AUDIT_ANCHOR_WEBHOOK: z.union([z.literal(''), z.url()]).default(''),
  LUOSHI_AUDIT_ANCHOR_SYSLOG: z.union([z.literal(''), z.string().regex(/^[^\s:]+:\d{1,5}$/, 'host:port')]).default(''),
  LUOSHI_BACKUP_DIR: z.string().optional(),
  LUOSHI_BACKUP_KEEP: z.coerce.number().int().min(1).default(7),
  LUOSHI_BACKUP_AT: z
    .union([z.literal('off'), z.string().regex(/^([01]?\d|2[0-3]):[0-5]\d$/, 'HH:MM (Asia/Shanghai) or off')])
    .default('02:30'),
  LUOSHI_METRICS_TOKEN: z.string().default(''),
  LUOSHI_EXTRACT_MODEL_URL: z.union([z.literal(''), z.url()]).default(''),
  LUOSHI_EXTRACT_MODEL: z.string().default(''),
  LUOSHI_EXTRACT_MODEL_KEY: z.string().default(''),
  LUOSHI_EXTRACT_MODEL_TIMEOUT_SECONDS: z.coerce.number().positive().default(30),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl?: string;
  /** With DATABASE_URL: the tables' owner, who migrates and grants DATABASE_URL's role its rights. */
  migrationDatabaseUrl?: string;
  dataDir: string;
  pgPort: number;
  /**
   * Connections the server keeps to PostgreSQL. Default: two per core and one (5 to 20): more only make the
   * database's backends and the app preempt one another, and the slowest requests wait longest.
   */
  dbPool: number;
  demo: boolean;
  demoForcePasswordChange: boolean;
  /** Load the demo county's year (ledger, projects, indicators, bulletins, speeches), not only its organisation. */
  demoHistory: boolean;
  trustProxy: boolean;
  /** The address people type (https://督查.县.gov.cn): a state-changing request's Origin may be it or the Host. */
  publicUrl: string | null;
  /**
   * Webhook hosts allowed although they resolve to loopback, private or link-local addresses (a county system on
   * the intranet); by name or address as written in the URL. Every other such target is refused.
   */
  webhookAllow: string[];
  /** cacheSeconds: how long a resolved session is reused in memory (0: read it on every request). */
  session: { idleMinutes: number; absoluteHours: number; cacheSeconds: number };
  /**
   * How long a person's dashboard view (cockpit, project rates and map, round summary) is served again before it is
   * computed anew (0: every time); any write on this instance drops it.
   */
  viewCacheSeconds: number;
  lockout: { threshold: number; minutes: number; ipFailureLimit: number };
  passwordPolicy: { minLength: number; minClasses: number };
  totpRequiredRoles: Role[];
  /**
   * API requests per minute per signed-in person (session or token), not per address: an office of hundreds behind
   * one NAT address or an untrusted proxy shares one address. Static files are never counted.
   */
  rateLimitPerMinute: number;
  /** Requests per minute per address to the public endpoints without a limit of their own (sign-in page settings). */
  addressRateLimitPerMinute: number;
  /**
   * Sign-in attempts per minute per address (on top of the failure lockout); 300 people behind one address, some
   * mistyping, sign in within a minute.
   */
  loginRateLimitPerMinute: number;
  /** Reads of the public livelihood list per minute per address (its photos: five times as many). */
  publicRateLimitPerMinute: number;
  /**
   * 讲话任务分解's optional model: an OpenAI-compatible endpoint (`…/v1`) that refines the offline draft. Unset:
   * nothing leaves the machine. On any failure the offline draft stands.
   */
  extractModel: { url: string; model: string; key: string; timeoutMs: number } | null;
  /**
   * The audit chain's key (else `<dataDir>/audit-key`, made on first start) and where its head is anchored outside
   * the database: `<dataDir>/audit-anchors.jsonl` every `anchorMinutes` and at every export, the log, and optionally
   * a webhook (POST JSON) and a syslog server (UDP).
   */
  audit: { key?: string; anchorMinutes: number; anchorWebhook: string; anchorSyslog: string };
  bodyLimitBytes: number;
  logLevel: string;
  /** Run the scheduled jobs (reminders, webhook deliveries) in this instance. */
  jobs: boolean;
  /**
   * Escalation that climbs: working days after the deadline at which a 督办单 goes out (`noticeAfter`) and at which
   * the item is 挂牌督办 by the principals (`listAfter`, later than the 督办单).
   */
  escalation: { noticeAfter: number; listAfter: number };
  argon2: { memoryCost: number; timeCost: number };
  /**
   * Backups (`npx luoshi backup`, and daily at `at`, Asia/Shanghai, keeping the newest `keep`); with the embedded
   * database its WAL is archived into `<dir>/wal` for point-in-time recovery while the daily backup is on.
   */
  backup: { dir: string; keep: number; at: string | null };
  /** Bearer token for GET /metrics from elsewhere than this machine ('' : loopback only). */
  metricsToken: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`配置错误 / invalid configuration:\n${lines}`);
  }
  const e = parsed.data;
  if (e.LUOSHI_ESCALATION_LIST_DAYS <= e.LUOSHI_ESCALATION_NOTICE_DAYS)
    throw new Error(
      '配置错误 / invalid configuration:\n  LUOSHI_ESCALATION_LIST_DAYS: must be greater than LUOSHI_ESCALATION_NOTICE_DAYS',
    );
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL || undefined,
    migrationDatabaseUrl: e.LUOSHI_MIGRATION_DATABASE_URL || undefined,
    dataDir: path.resolve(e.LUOSHI_DATA_DIR),
    pgPort: e.LUOSHI_PG_PORT,
    dbPool: e.LUOSHI_DB_POOL ?? Math.min(20, Math.max(5, 2 * os.availableParallelism() + 1)),
    demo: e.LUOSHI_DEMO,
    demoForcePasswordChange: e.LUOSHI_DEMO_FORCE_PASSWORD_CHANGE,
    demoHistory: e.LUOSHI_DEMO_HISTORY,
    trustProxy: e.LUOSHI_TRUST_PROXY,
    publicUrl: e.LUOSHI_PUBLIC_URL ? new URL(e.LUOSHI_PUBLIC_URL).origin : null,
    webhookAllow: e.LUOSHI_WEBHOOK_ALLOW.split(',')
      .map((h) =>
        h
          .trim()
          .toLowerCase()
          .replace(/^\[|\]$/g, ''),
      )
      .filter(Boolean),
    session: {
      idleMinutes: e.LUOSHI_SESSION_IDLE_MINUTES,
      absoluteHours: e.LUOSHI_SESSION_ABSOLUTE_HOURS,
      cacheSeconds: e.LUOSHI_SESSION_CACHE_SECONDS,
    },
    viewCacheSeconds: e.LUOSHI_VIEW_CACHE_SECONDS,
    lockout: {
      threshold: e.LUOSHI_LOCK_THRESHOLD,
      minutes: e.LUOSHI_LOCK_MINUTES,
      ipFailureLimit: e.LUOSHI_IP_FAILURE_LIMIT,
    },
    passwordPolicy: { minLength: e.LUOSHI_PASSWORD_MIN_LENGTH, minClasses: 3 },
    totpRequiredRoles: e.LUOSHI_TOTP_REQUIRED_ROLES,
    rateLimitPerMinute: e.LUOSHI_RATE_LIMIT_PER_MINUTE,
    addressRateLimitPerMinute: e.LUOSHI_ADDRESS_RATE_LIMIT_PER_MINUTE,
    loginRateLimitPerMinute: e.LUOSHI_LOGIN_RATE_LIMIT_PER_MINUTE,
    publicRateLimitPerMinute: e.LUOSHI_PUBLIC_RATE_LIMIT_PER_MINUTE,
    audit: {
      key: e.LUOSHI_AUDIT_KEY,
      anchorMinutes: e.LUOSHI_AUDIT_ANCHOR_MINUTES,
      anchorWebhook: e.LUOSHI_AUDIT_ANCHOR_WEBHOOK,
      anchorSyslog: e.LUOSHI_AUDIT_ANCHOR_SYSLOG,
    },
    bodyLimitBytes: Math.round(e.LUOSHI_BODY_LIMIT_MB * 1024 * 1024),
    logLevel: e.LUOSHI_LOG_LEVEL,
    jobs: e.LUOSHI_JOBS,
    escalation: { noticeAfter: e.LUOSHI_ESCALATION_NOTICE_DAYS, listAfter: e.LUOSHI_ESCALATION_LIST_DAYS },
    argon2: { memoryCost: e.LUOSHI_ARGON2_MEMORY_KIB, timeCost: e.LUOSHI_ARGON2_TIME_COST },
    backup: {
      dir: path.resolve(e.LUOSHI_BACKUP_DIR ?? path.join(e.LUOSHI_DATA_DIR, 'backups')),
      keep: e.LUOSHI_BACKUP_KEEP,
      at: e.LUOSHI_BACKUP_AT === 'off' ? null : e.LUOSHI_BACKUP_AT,
    },
    metricsToken: e.LUOSHI_METRICS_TOKEN,
    extractModel: e.LUOSHI_EXTRACT_MODEL_URL
      ? {
          url: e.LUOSHI_EXTRACT_MODEL_URL.replace(/\/+$/, ''),
          model: e.LUOSHI_EXTRACT_MODEL || 'default',
          key: e.LUOSHI_EXTRACT_MODEL_KEY,
          timeoutMs: e.LUOSHI_EXTRACT_MODEL_TIMEOUT_SECONDS * 1000,
        }
      : null,
    ...overrides,
  };
}
