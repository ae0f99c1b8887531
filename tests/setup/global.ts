import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { connect, runMigrations } from '../../src/server/db/client';
import { startEmbedded, type DatabaseHandle } from '../../src/server/db/embedded';
import { ensureAppRole, grantAppRole } from '../../src/server/db/roles';
import { urlAs } from '../../src/server/db/roles';
import { TEST_APP_PASSWORD, TEST_APP_ROLE } from '../helpers/roles';
import { loadDemoTemplate } from '../helpers/demo-template';

/**
 * One PostgreSQL for the whole run: the embedded server in a temporary directory, or the server named by
 * TEST_DATABASE_URL. A template database is migrated once; each test file clones it (tests/helpers/db.ts).
 */
declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
    /** The template with the demo county's units and people loaded, and the audit key its chain was written with. */
    pgDemoTemplate: string;
    demoAuditKey: string;
  }
}

let handle: DatabaseHandle | undefined;
let dataDir: string | undefined;

export async function setup(project: TestProject) {
  let adminUrl: string;
  if (process.env.TEST_DATABASE_URL) {
    adminUrl = process.env.TEST_DATABASE_URL;
    console.log(`[luoshi tests] PostgreSQL from TEST_DATABASE_URL (${new URL(adminUrl).host})`);
  } else {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-test-'));
    handle = await startEmbedded({ dataDir, mode: 'own', database: 'postgres' });
    adminUrl = handle.url;
    console.log('[luoshi tests] embedded PostgreSQL in', dataDir);
  }
  const template = `luoshi_tpl_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${template}`;
  const db = connect(url.toString(), 2);
  await runMigrations(db);
  // The app in tests connects as a role that owns nothing, as in production (src/server/db/roles.ts); the grants
  // are in the template, so every cloned database has them.
  await ensureAppRole(db.pool, TEST_APP_ROLE, TEST_APP_PASSWORD, true);
  await grantAppRole(db.pool, TEST_APP_ROLE);
  await db.close();
  // A second template holding the demo county's units and people, which most test apps start from (createTestApp).
  const demoTemplate = `${template}_demo`;
  const a = new pg.Client({ connectionString: adminUrl });
  await a.connect();
  await a.query(`DROP DATABASE IF EXISTS ${demoTemplate}`);
  await a.query(`CREATE DATABASE ${demoTemplate} TEMPLATE ${template}`);
  await a.end();
  url.pathname = `/${demoTemplate}`;
  const demoAuditKey = await loadDemoTemplate(urlAs(url.toString(), TEST_APP_ROLE, TEST_APP_PASSWORD));
  project.provide('pgAdminUrl', adminUrl);
  project.provide('pgTemplate', template);
  project.provide('pgDemoTemplate', demoTemplate);
  project.provide('demoAuditKey', demoAuditKey);
  return async () => {
    const a = new pg.Client({ connectionString: adminUrl });
    await a.connect();
    // Drop what this run created (test databases are dropped by their files; catch leftovers of crashes).
    const left = await a.query(
      `SELECT datname FROM pg_database WHERE datname LIKE 'luoshi_t_${process.pid}_%' OR datname = $1 OR datname = $2`,
      [template, demoTemplate],
    );
    for (const r of left.rows) await a.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`).catch(() => {});
    await a.end();
    await handle?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
