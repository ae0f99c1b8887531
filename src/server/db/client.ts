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

export function connect(url: string, max = 10, extraOptions = ''): Database {
  // JIT off: short OLTP queries whose estimates look expensive (EXISTS sub-plans over many rows) were spending
  // 0.6 s compiling to save milliseconds.
  const pool = new pg.Pool({ connectionString: url, max, application_name: 'luoshi', options: `-c jit=off ${extraOptions}`.trim() });
  pool.on('error', () => {
    /* an idle client lost its connection; the pool replaces it on next use */
  });
  const db = drizzle(pool);
  return { pool, db, close: () => pool.end() };
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
