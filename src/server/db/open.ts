import path from 'node:path';
import type { Config } from '../config';
import { connect, runMigrations, type Database } from './client';
import { startEmbedded, type DatabaseHandle } from './embedded';
import { APP_ROLE, appPasswordFor, ensureAppRole, grantAppRole, roleWarnings, urlAs } from './roles';

/** The embedded server archives its WAL beside the backups while daily backups run (they prune it). */
export const walArchiveOf = (config: Config): string | undefined =>
  !config.databaseUrl && config.backup.at ? path.join(config.backup.dir, 'wal') : undefined;

export interface Opened {
  /** The app's connections, as its role that owns no table (see roles.ts). */
  database: Database;
  handle: DatabaseHandle;
  /** The URL `database` uses (the app's role). `handle.url` is the owner's (embedded: the superuser). */
  appUrl: string;
  /** What is unsafe about the roles (printed at start). */
  warnings: string[];
  close(): Promise<void>;
}

/**
 * `DATABASE_URL` when set, otherwise the embedded server under the data directory. The server owns the data
 * directory; the CLI borrows a running server's database, or starts its own when none runs. Migrations run as the
 * owner (embedded: the superuser; else `LUOSHI_MIGRATION_DATABASE_URL`, or `DATABASE_URL` when that is unset),
 * which then grants the app's role its rights; the app connects as that role.
 */
export async function openDatabase(
  config: Config,
  mode: 'own' | 'borrow-or-own',
  log?: (m: string) => void,
): Promise<Opened> {
  const handle: DatabaseHandle = config.databaseUrl
    ? { url: config.migrationDatabaseUrl ?? config.databaseUrl, embedded: false, stop: async () => {} }
    : await startEmbedded({
        dataDir: config.dataDir,
        pgPort: config.pgPort,
        mode,
        log,
        walArchiveDir: walArchiveOf(config),
      });
  const owner = connect(handle.url, 2);
  let database: Database | undefined;
  try {
    await runMigrations(owner);
    let appUrl = config.databaseUrl;
    if (!appUrl) {
      const { password, created } = appPasswordFor(config.dataDir);
      await ensureAppRole(owner.pool, APP_ROLE, password, created);
      appUrl = urlAs(handle.url, APP_ROLE, password);
    }
    database = connect(appUrl, mode === 'own' ? config.dbPool : 4);
    const role = (await database.pool.query<{ u: string }>('SELECT current_user AS u')).rows[0]!.u;
    const ownerRole = (await owner.pool.query<{ u: string }>('SELECT current_user AS u')).rows[0]!.u;
    if (role !== ownerRole) await grantAppRole(owner.pool, role);
    const warnings = await roleWarnings(database.pool);
    const db = database;
    return {
      database: db,
      handle,
      appUrl,
      warnings,
      async close() {
        // pool.end() waits for every borrowed connection; one held by a request or job that never returns (its
        // server restarted under it) must not keep the app from stopping: 10 s, then the server is stopped anyway.
        await Promise.race([db.close(), new Promise((r) => setTimeout(r, 10_000).unref())]);
        await handle.stop();
      },
    };
  } catch (e) {
    await database?.close();
    await handle.stop();
    throw e;
  } finally {
    await owner.close();
  }
}
