import { AsyncLocalStorage } from 'node:async_hooks';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
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
export function connect(url: string, max = 10, extraOptions = '', strictTransactions = process.env.LUOSHI_STRICT_TRANSACTIONS === '1'): Database {
  // JIT off: short OLTP queries whose estimates look expensive (EXISTS sub-plans over many rows) were spending
  // 0.6 s compiling to save milliseconds.
  const pool = new pg.Pool({ connectionString: url, max, application_name: 'luoshi', options: `-c jit=off ${extraOptions}`.trim() });
  pool.on('error', () => {
    /* an idle client lost its connection; the pool replaces it on next use */
  });
  const db = drizzle(pool);
  if (strictTransactions) guardTransactions(pool, db);
  return { pool, db, close: () => pool.end() };
}

const inTransaction = new AsyncLocalStorage<true>();

/** Makes a query on the pool from inside one of its transactions throw (see `connect`). */
function guardTransactions(pool: pg.Pool, db: Db) {
  // Deep enough to show the app's frames under drizzle's when the rule is broken.
  Error.stackTraceLimit = Math.max(Error.stackTraceLimit, 60);
  const transaction = db.transaction.bind(db);
  db.transaction = ((run, config) => transaction((tx) => inTransaction.run(true, () => run(tx)), config)) as Db['transaction'];
  // The query builders first: they are called in the app's own frame, so the error's stack names the caller.
  const builders = db as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const method of ['select', 'selectDistinct', 'insert', 'update', 'delete', 'execute', 'transaction'] as const) {
    const original = builders[method]!.bind(db);
    builders[method] = (...args: unknown[]) => {
      if (inTransaction.getStore()) throw new Error('a query on a second connection inside a transaction: pass the transaction (tx) down (see connect() in src/server/db/client.ts)');
      return original(...args);
    };
  }
  for (const method of ['query', 'connect'] as const) {
    const original = pool[method].bind(pool) as (...args: unknown[]) => unknown;
    (pool as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      if (inTransaction.getStore()) throw new Error('a query on a second connection inside a transaction: pass the transaction (tx) down (see connect() in src/server/db/client.ts)');
      return original(...args);
    };
  }
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
