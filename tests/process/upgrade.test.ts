import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { afterAll, describe, expect, it } from 'vitest';
import { connect, MIGRATIONS_DIR, runMigrations } from '../../src/server/db/client';
import { startEmbedded } from '../../src/server/db/embedded';
import { api, embeddedAdminUrl, killAll, postmasterPid, signIn, startServer, waitReady } from './proc';

/**
 * A data directory made by an earlier version starts on this one: its schema is migrated forward (under the
 * advisory lock, so two instances starting together migrate once) and its data works. The fixture is what the
 * version at commit 5049bc4 (nine migrations) wrote through its own API: an administrator, units and issued tasks
 * (tests/process/fixtures/make-upgrade-fixture.mjs made it).
 */
const OLD_COMMIT = '5049bc4';
const OLD_MIGRATIONS = 9;
const fixture = path.join(import.meta.dirname, 'fixtures', `upgrade-${OLD_COMMIT}.sql`);
const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as {
  entries: { tag: string }[];
};

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-upgrade-'));
fs.chmodSync(work, 0o755);
afterAll(() => {
  killAll();
  const pid = postmasterPid(path.join(work, 'data'));
  if (pid) process.kill(pid, 'SIGINT');
  fs.rmSync(work, { recursive: true, force: true });
});

/** The migrations folder as the old version had it: the first n migrations (landed ones never change). */
function oldMigrations(n: number): string {
  const dir = path.join(work, 'old-migrations');
  fs.mkdirSync(path.join(dir, 'meta'), { recursive: true });
  const entries = journal.entries.slice(0, n);
  for (const e of entries) fs.copyFileSync(path.join(MIGRATIONS_DIR, `${e.tag}.sql`), path.join(dir, `${e.tag}.sql`));
  fs.writeFileSync(path.join(dir, 'meta/_journal.json'), JSON.stringify({ ...journal, entries }));
  return dir;
}

describe('upgrading a data directory made by an earlier version', () => {
  it('migrates forward once (two migrators at once), and the old data signs in, lists and takes writes', async () => {
    const dataDir = path.join(work, 'data');
    const handle = await startEmbedded({ dataDir, mode: 'own', say: () => {} });
    const adminUrl = handle.url.replace(/\/luoshi$/, '/postgres');
    try {
      const old = connect(handle.url, 2);
      await migrate(drizzle(old.pool), { migrationsFolder: oldMigrations(OLD_MIGRATIONS) });
      await old.pool.query(fs.readFileSync(fixture, 'utf8'));
      await old.close();

      // Two instances starting on the old database together: the lock makes one migrate and the other find it done.
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query('CREATE DATABASE upgrade_race TEMPLATE luoshi');
      const raceUrl = handle.url.replace(/\/luoshi$/, '/upgrade_race');
      const racers = [connect(raceUrl, 2), connect(raceUrl, 2)];
      await Promise.all(racers.map((d) => runMigrations(d)));
      const applied = await racers[0]!.pool.query(
        'SELECT count(*)::int AS n, count(DISTINCT hash)::int AS d FROM drizzle.__drizzle_migrations',
      );
      expect(applied.rows[0]).toEqual({ n: journal.entries.length, d: journal.entries.length });
      await Promise.all(racers.map((d) => d.close()));
      await admin.query('DROP DATABASE upgrade_race');
      await admin.end();
    } finally {
      await handle.stop();
    }

    // The new version starts on the old data directory and migrates it.
    const s = await startServer({ dataDir, args: ['--no-demo'] });
    await waitReady(s);
    const signed = await signIn(s.base, 'oldadmin', 'Upgrade#2026a');
    expect(signed.status).toBe(200);
    const session = signed.session!;
    const tasks = (await (await api(s.base, session, 'GET', '/api/v1/tasks')).json()) as { items: { title: string }[] };
    expect(tasks.items.map((t) => t.title).sort()).toEqual([
      '旧版任务1：推进重点项目',
      '旧版任务2：推进重点项目',
      '旧版任务3：推进重点项目',
    ]);
    const units = (await (await api(s.base, session, 'GET', '/api/v1/units')).json()) as { items: { name: string }[] };
    expect(units.items.map((u) => u.name)).toEqual(
      expect.arrayContaining(['县发展和改革局', '县住房和城乡建设局', '县农业农村局']),
    );
    const created = await api(s.base, session, 'POST', '/api/v1/units', {
      name: '升级后新建单位',
      kind: 'government_office',
    });
    expect(created.status).toBe(201);

    const db = connect(embeddedAdminUrl(dataDir), 1);
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations');
    expect(rows[0].n).toBe(journal.entries.length);
    await db.close();

    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
  }, 600_000);
});
