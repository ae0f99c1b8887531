import crypto from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { urlAs } from '../../src/server/db/roles';
import { TEST_APP_PASSWORD, TEST_APP_ROLE } from './roles';

/**
 * A fresh database for one test file, cloned from the migrated template (fast: no migrations), or with `demo` from
 * the template that also holds the demo county's units and people (tests/setup/global.ts).
 */
export async function createTestDatabase(
  opts: { demo?: boolean } = {},
): Promise<{ url: string; superuserUrl: string; drop(): Promise<void> }> {
  const adminUrl = inject('pgAdminUrl');
  const template = opts.demo ? inject('pgDemoTemplate') : inject('pgTemplate');
  const name = `luoshi_t_${inject('pgTemplate').replace('luoshi_tpl_', '')}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  // CREATE DATABASE … TEMPLATE needs the template idle; retry briefly if another file is cloning it.
  for (let i = 0; ; i++) {
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
      break;
    } catch (e) {
      if (i > 50) throw e;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    /** As the app connects: its role, which owns nothing (src/server/db/roles.ts). */
    url: urlAs(url.toString(), TEST_APP_ROLE, TEST_APP_PASSWORD),
    /** The database superuser, who owns the tables: what someone with full access to the database has. */
    superuserUrl: url.toString(),
    async drop() {
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
      await a.end();
    },
  };
}
