import path from 'node:path';
import type { Config } from '../config';
import { connect, runMigrations, type Database } from './client';
import { startEmbedded, type DatabaseHandle } from './embedded';

/** The embedded server archives its WAL beside the backups while daily backups run (they prune it). */
export const walArchiveOf = (config: Config): string | undefined =>
  !config.databaseUrl && config.backup.at ? path.join(config.backup.dir, 'wal') : undefined;

export interface Opened {
  database: Database;
  handle: DatabaseHandle;
  close(): Promise<void>;
}

/**
 * `DATABASE_URL` when set, otherwise the embedded server under the data directory. The server owns the data
 * directory; the CLI borrows a running server's database, or starts its own when none runs.
 */
export async function openDatabase(config: Config, mode: 'own' | 'borrow-or-own', log?: (m: string) => void): Promise<Opened> {
  const handle: DatabaseHandle = config.databaseUrl
    ? { url: config.databaseUrl, embedded: false, stop: async () => {} }
    : await startEmbedded({ dataDir: config.dataDir, pgPort: config.pgPort, mode, log, walArchiveDir: walArchiveOf(config) });
  const database = connect(handle.url, mode === 'own' ? config.dbPool : 4);
  try {
    await runMigrations(database);
  } catch (e) {
    await database.close();
    await handle.stop();
    throw e;
  }
  return {
    database,
    handle,
    async close() {
      await database.close();
      await handle.stop();
    },
  };
}
