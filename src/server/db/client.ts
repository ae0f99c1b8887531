import { AsyncLocalStorage } from 'node:async_hooks';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';

export type Db = NodePgDatabase<Record<string, never>>;
/** A transaction or the database: repository functions accept either (STYLE.md habit 6). */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

export interface Database {
  pool: pg.Pool;
  db: Db;
  close(): Promise<void>;
}

// Dates stay as strings and bigints as numbers where safe; timestamps are parsed to Date by drizzle.
pg.types.setTypeParser(20, (v) => Number(v));

/**
 * The pool is sized to the machine (LUOSHI_DB_POOL): more connections than a few per core only make PostgreSQL's
 * backends and the app preempt one another, and the slowest requests wait longest (measured: p99 of a list 70 ms
 * with 20 connections, 27 ms with 5, on two cores). A small pool needs one rule kept everywhere: code inside a
 * transaction uses that transaction, never a second connection from the pool, or a few concurrent transactions
 * each waiting for a second connection would wait for ever. With `strictTransactions` (the tests) such a query
 * throws, naming the rule.
 */
export function connect(
  url: string,
  max = 10,
  extraOptions = '',
  strictTransactions = process.env.LUOSHI_STRICT_TRANSACTIONS === '1',
): Database {
  // JIT off: short OLTP queries whose estimates look expensive (EXISTS sub-plans over many rows) were spending
  // 0.6 s compiling to save milliseconds.
  // connectionTimeoutMillis: a server that accepts but does not answer (starting, overloaded) must not hold a
  // request for ever; the request answers 503 instead.
  const pool = new pg.Pool({
    connectionString: url,
    max,
    application_name: 'luoshi',
    connectionTimeoutMillis: 10_000,
    options: `-c jit=off ${extraOptions}`.trim(),
  });
  pool.on('error', () => {
    /* an idle client lost its connection; the pool replaces it on next use */
  });
  // A client lent out (a transaction, the migration lock) whose server goes away emits 'error' too, after its query
  // has already failed with it: without a listener that event would end the process. The pool drops such a client
  // when it comes back (it is no longer queryable).
  pool.on('connect', (client) => client.on('error', () => {}));
  // The pool's own names: what its connections have seen (tests run many apps, each with its pool, in one process).
  const statements: StatementNames = { names: new Map(), seen: new Set() };
  if (process.env.LUOSHI_DB_PREPARE !== '0') pool.on('connect', (client) => prepareRepeated(client, statements));
  const db = drizzle(pool);
  if (strictTransactions) guardTransactions(pool, db);
  return { pool, db, close: () => pool.end() };
}

/**
 * Named prepared statements for the queries the app sends again and again (a list page, the to-do, a write's
 * statements): PostgreSQL parses and analyses a named statement once per connection and may keep its plan
 * (`plan_cache_mode` auto: after five custom plans it keeps the generic one when that is no dearer), where an
 * unnamed one is parsed, analysed and planned on every request. The app's SQL carries its values as parameters,
 * so a query's text is its shape: a text seen a second time gets a name (one per text, shared by the pool's
 * connections, each of which parses it on first use). Only texts already sent by the extended protocol are named
 * (parameters, or drizzle's array rows), so nothing else changes about how they run; a few hundred shapes at
 * most (texts with a varying number of placeholders stop being counted there). LUOSHI_DB_PREPARE=0 turns it off.
 *
 * A text holding GENERIC_PLAN is planned once per connection (`plan_cache_mode` force_generic_plan while it runs):
 * for the hot lists whose generic plan was measured to be as good as the custom one, where `auto` would keep
 * planning on every request (0.6–1.3 ms of a list's PostgreSQL CPU) because its cost guess for an unknown unit or
 * light is worse than for the known one. The setting follows the connection's statements: set before such a
 * statement, reset before the next other one with values (named or not: the setting applies to both), so a
 * connection serving only lists sends neither. A rollback may undo the SET; then the next statement sends it again.
 */
export const GENERIC_PLAN_MARK = '/* plan: generic */';
/** A condition (always true) that marks its query for a generic plan: `.where(and(…, GENERIC_PLAN))`. */
export const GENERIC_PLAN = sql.raw(`${GENERIC_PLAN_MARK} true`);
/**
 * A text holding ANY_PLAN runs in whichever mode its connection is in, switching none: a key lookup, whose plan is
 * the same index probe either way (a session's or token's account resolved between a list's generic statements
 * and a write's ordinary ones cost a SET and a RESET round trip each time: bench/RESULTS.md, issue 16).
 */
export const ANY_PLAN_MARK = '/* plan: any */';
/** A condition (always true) that marks a key lookup's query as planned alike in either mode (ANY_PLAN_MARK). */
export const ANY_PLAN = sql.raw(`${ANY_PLAN_MARK} true`);
const STATEMENTS_MAX = 400;
const SEEN_MAX = 20_000;
export interface StatementNames {
  /** A text's statement name, and whether it runs with a generic plan. */
  names: Map<string, { name: string; generic: boolean; any: boolean }>;
  seen: Set<string>;
}

type QueryConfigLike = { text?: unknown; name?: unknown; values?: unknown; rowMode?: unknown; submit?: unknown };
type Mode = 'generic' | 'auto' | undefined; // undefined: not known (after a rollback)
const ignore = () => {};
export function prepareRepeated(client: pg.PoolClient | pg.Client, names: StatementNames) {
  const query = client.query as (...args: unknown[]) => unknown;
  let mode: Mode = 'auto';
  // Queued ahead of the statement on the same connection (node-postgres runs a client's queries in order).
  const setMode = (self: unknown, want: 'generic' | 'auto') => {
    const p = query.call(
      self,
      want === 'generic' ? 'SET plan_cache_mode = force_generic_plan' : 'RESET plan_cache_mode',
    ) as Promise<unknown>;
    p.catch(ignore); // in a failed transaction: the statement after it fails and says why
    mode = want;
  };
  (client as unknown as { query: unknown }).query = function (this: unknown, config: unknown, ...rest: unknown[]) {
    const text = typeof config === 'string' ? config : (config as QueryConfigLike | null)?.text;
    if (typeof text === 'string' && text.length < 100 && /^\s*rollback/i.test(text)) mode = undefined;
    if (config !== null && typeof config === 'object') {
      const c = config as QueryConfigLike;
      const values = Array.isArray(rest[0]) ? rest[0] : c.values;
      const withValues = Array.isArray(values) && values.length > 0;
      const named =
        typeof c.text === 'string' &&
        c.name === undefined &&
        c.submit === undefined && // a Query or Cursor object goes as it is
        (withValues || c.rowMode === 'array')
          ? nameOf(c.text, names)
          : undefined;
      // Any statement with values is planned by the mode in force, named or not: only a named marked one runs generic.
      if (named?.any) {
        // planned alike in either mode (or by the mode in force, if not known after a rollback)
      } else if (named?.generic) {
        if (mode !== 'generic') setMode(this, 'generic');
      } else if ((withValues || c.name !== undefined) && mode !== 'auto') setMode(this, 'auto');
      if (named) return query.call(this, { ...c, name: named.name }, ...rest);
    }
    return query.call(this, config, ...rest);
  };
}

function nameOf(text: string, s: StatementNames): { name: string; generic: boolean; any: boolean } | undefined {
  const named = s.names.get(text);
  if (named !== undefined || s.names.size >= STATEMENTS_MAX) return named;
  if (!s.seen.has(text)) {
    if (s.seen.size >= SEEN_MAX) s.seen.clear();
    s.seen.add(text);
    return undefined;
  }
  s.seen.delete(text);
  const n = {
    name: `luoshi_${s.names.size + 1}`,
    generic: text.includes(GENERIC_PLAN_MARK),
    any: text.includes(ANY_PLAN_MARK),
  };
  s.names.set(text, n);
  return n;
}

const inTransaction = new AsyncLocalStorage<true>();

/** Makes a query on the pool from inside one of its transactions throw (see `connect`). */
function guardTransactions(pool: pg.Pool, db: Db) {
  // Deep enough to show the app's frames under drizzle's when the rule is broken.
  Error.stackTraceLimit = Math.max(Error.stackTraceLimit, 60);
  const transaction = db.transaction.bind(db);
  db.transaction = ((run, config) =>
    transaction((tx) => inTransaction.run(true, () => run(tx)), config)) as Db['transaction'];
  // The query builders first: they are called in the app's own frame, so the error's stack names the caller.
  const builders = db as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const method of ['select', 'selectDistinct', 'insert', 'update', 'delete', 'execute', 'transaction'] as const) {
    const original = builders[method]!.bind(db);
    builders[method] = (...args: unknown[]) => {
      if (inTransaction.getStore())
        throw new Error(
          'a query on a second connection inside a transaction: pass the transaction (tx) down (see connect() in src/server/db/client.ts)',
        );
      return original(...args);
    };
  }
  for (const method of ['query', 'connect'] as const) {
    const original = pool[method].bind(pool) as (...args: unknown[]) => unknown;
    (pool as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      if (inTransaction.getStore())
        throw new Error(
          'a query on a second connection inside a transaction: pass the transaction (tx) down (see connect() in src/server/db/client.ts)',
        );
      return original(...args);
    };
  }
}

/**
 * Whether an error means the database is away for now (restarting, its connection cut, not yet accepting), not
 * that the request was wrong: such requests answer 503 with Retry-After and work again once it is back.
 * node-postgres reports a lost server as a socket error or a "Connection terminated" message; drizzle wraps
 * query errors in one whose `cause` is the driver's.
 */
const AWAY_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  '57P01', // admin_shutdown (pg_terminate_backend, fast shutdown)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down, recovering)
  '08000',
  '08001',
  '08003',
  '08004',
  '08006', // connection exceptions
  '53300', // too_many_connections
]);
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && AWAY_CODES.has(code)) return true;
    if (e instanceof AggregateError && e.errors.some((x) => isDatabaseUnavailable(x))) return true;
    if (
      typeof message === 'string' &&
      /^Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is closed/.test(
        message,
      )
    )
      return true;
  }
  return false;
}

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Applies pending migrations; an advisory lock keeps two instances from migrating at once. */
export async function runMigrations(database: Database): Promise<void> {
  const client = await database.pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock(7351001)');
    await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_DIR });
  } finally {
    await client.query('SELECT pg_advisory_unlock(7351001)').catch(() => {});
    client.release();
  }
}
