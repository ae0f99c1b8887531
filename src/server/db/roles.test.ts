import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestApp } from '../../../tests/helpers/app';
import { createTestDatabase } from '../../../tests/helpers/db';
import { loadConfig } from '../config';
import { openDatabase } from './open';
import { APP_ROLE, roleWarnings } from './roles';

const t = await createTestApp({}, { demo: false });

async function as<T>(url: string, run: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await run(c);
  } finally {
    await c.end();
  }
}

describe("the app's database role", () => {
  it('owns no table and cannot switch the audit protection off or change the audit trail', async () => {
    const pool = t.deps.database.pool;
    const me = (await pool.query(`SELECT current_user AS u, rolsuper FROM pg_roles WHERE rolname = current_user`))
      .rows[0];
    expect(me).toMatchObject({ u: 'luoshi_test_app', rolsuper: false });
    expect(
      (await pool.query(`SELECT count(*)::int AS n FROM pg_tables WHERE tableowner = current_user`)).rows[0].n,
    ).toBe(0);
    const refused: [string, RegExp][] = [
      ['SET session_replication_role = replica', /permission denied/],
      ['ALTER TABLE audit_events DISABLE TRIGGER USER', /must be owner/],
      ['DROP TRIGGER audit_events_no_update ON audit_events', /must be owner/],
      ['ALTER TABLE audit_events DROP CONSTRAINT audit_seq_positive', /must be owner/],
      [`UPDATE audit_events SET action = 'x' WHERE seq = 1`, /permission denied/],
      ['DELETE FROM audit_events WHERE seq = 1', /permission denied/],
      ['TRUNCATE audit_events', /permission denied/],
      ['DROP TABLE people', /must be owner/],
      ['CREATE TABLE mine (x int)', /permission denied/],
    ];
    for (const [q, why] of refused) await expect(pool.query(q), q).rejects.toThrow(why);
    // What it needs: read and write the business tables, append to and read the audit trail.
    await t.deps.audit.record({ action: 'test.event', result: 'success' });
    expect((await t.deps.audit.verify()).ok).toBe(true);
    expect(await roleWarnings(pool)).toEqual([]);
    const su = await as(t.superuserUrl, (c) => roleWarnings(c));
    expect(su[0]).toContain('是超级用户');
  });

  it('with DATABASE_URL and LUOSHI_MIGRATION_DATABASE_URL: migrates as the owner and grants the app role', async () => {
    const tdb = await createTestDatabase();
    try {
      // A new table the app role has no right to yet (as after a migration): the start grants it.
      await as(tdb.superuserUrl, (c) => c.query('CREATE TABLE later_table (x int)'));
      await expect(as(tdb.url, (c) => c.query('SELECT * FROM later_table'))).rejects.toThrow(/permission denied/);
      const config = loadConfig(
        {},
        {
          databaseUrl: tdb.url,
          migrationDatabaseUrl: tdb.superuserUrl,
          dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-roles-')),
        },
      );
      const opened = await openDatabase(config, 'own');
      try {
        expect(opened.warnings).toEqual([]);
        expect((await opened.database.pool.query('SELECT current_user AS u')).rows[0].u).toBe('luoshi_test_app');
        expect((await opened.database.pool.query('SELECT count(*)::int AS n FROM later_table')).rows[0].n).toBe(0);
      } finally {
        await opened.close();
        fs.rmSync(config.dataDir, { recursive: true, force: true });
      }
      // DATABASE_URL alone as the owner: it works as before, with a warning printed at start.
      const alone = await openDatabase(
        loadConfig({}, { databaseUrl: tdb.superuserUrl, dataDir: config.dataDir }),
        'own',
      );
      try {
        expect(alone.warnings[0]).toContain('LUOSHI_MIGRATION_DATABASE_URL');
      } finally {
        await alone.close();
      }
    } finally {
      await tdb.drop();
    }
  });
});

// A whole embedded server of its own: slow on a busy machine, so only where tests run on the embedded server.
describe.skipIf(!!process.env.TEST_DATABASE_URL)('embedded mode', () => {
  it('creates the app role, migrates as the superuser and connects as the app role', { timeout: 600_000 }, async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-embedded-roles-'));
    try {
      const opened = await openDatabase(loadConfig({}, { dataDir }), 'own');
      try {
        expect(opened.warnings).toEqual([]);
        expect((await opened.database.pool.query('SELECT current_user AS u')).rows[0].u).toBe(APP_ROLE);
        expect(fs.statSync(path.join(dataDir, 'pg-app-password')).mode & 0o777).toBe(0o600);
        await expect(opened.database.pool.query('SET session_replication_role = replica')).rejects.toThrow(
          /permission denied/,
        );
        await expect(opened.database.pool.query('ALTER TABLE audit_events DISABLE TRIGGER USER')).rejects.toThrow(
          /must be owner/,
        );
        expect(new URL(opened.handle.url).username).toBe('postgres');
      } finally {
        await opened.close();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
