import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestDatabase } from '../../tests/helpers/db';
import { connect } from '../server/db/client';
import { createAuditService } from '../server/modules/audit/audit.service';
import { loadAuditKey } from '../server/modules/audit/audit.key';

const root = path.resolve(import.meta.dirname, '../..');
const tdb = await createTestDatabase();
// The data directory holds the audit key and anchors.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-cli-'));
afterAll(async () => {
  await tdb.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function luoshi(...args: string[]) {
  // As README says for an existing PostgreSQL: the app's role, and the tables' owner for migrations and grants.
  const env = {
    ...process.env,
    DATABASE_URL: tdb.url,
    LUOSHI_MIGRATION_DATABASE_URL: tdb.superuserUrl,
    LUOSHI_DATA_DIR: dataDir,
    LUOSHI_LOG_LEVEL: 'silent',
  };
  const r = spawnSync(process.execPath, [path.join(root, 'bin/luoshi.mjs'), ...args], {
    env,
    encoding: 'utf8',
    timeout: 240_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// Each case spawns the CLI (a TypeScript process) several times: on a loaded shared machine that takes minutes.
describe('npx luoshi', { timeout: 300_000 }, () => {
  it('prints help and refuses unknown commands', () => {
    expect(luoshi('help').out).toContain('create-admin');
    const r = luoshi('frobnicate');
    expect(r.code).toBe(2);
    expect(r.err).toContain('未知命令');
  });

  it('migrates, creates an administrator who must change the password, refuses a weak one', async () => {
    expect(luoshi('migrate').code).toBe(0);
    const weak = luoshi('create-admin', '--username', 'admin', '--password', 'weakpass');
    expect(weak.code).toBe(1);
    expect(weak.err).toContain('至少包含大写字母');
    const ok = luoshi('create-admin', '--username', 'admin', '--password', 'Root#2026xy', '--jurisdiction', '测试县');
    expect(ok.code, ok.err).toBe(0);
    const c = new pg.Client({ connectionString: tdb.url });
    await c.connect();
    const { rows } = await c.query(
      `SELECT p.username, c.must_change_password, r.role, j.name FROM people p JOIN credentials c
        ON c.person_id = p.id JOIN role_assignments r ON r.person_id = p.id JOIN jurisdictions j
        ON j.id = p.jurisdiction_id WHERE p.username = 'admin'`,
    );
    expect(rows[0]).toMatchObject({ must_change_password: true, role: 'system_admin', name: '测试县' });
    expect(luoshi('create-admin', '--username', 'admin', '--password', 'Root#2026xy').code).toBe(1);
    await c.end();
  });

  it('resets a password and clears lockouts', () => {
    expect(luoshi('reset-password', '--username', 'nobody', '--password', 'Reset#2026x').code).toBe(1);
    const r = luoshi('reset-password', '--username', 'admin', '--password', 'Reset#2026x');
    expect(r.code, r.err).toBe(0);
    expect(luoshi('reset-password', '--username', 'admin').code).toBe(2);
  });

  it('verifies the audit chain, and names the broken row or the anchor (exit 1)', async () => {
    const ok = luoshi('audit', 'verify');
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toContain('审计日志完整');
    // The head anchored as an export does, then someone with the database superuser's access edits a row.
    const database = connect(tdb.url, 1);
    const head = await createAuditService({ db: database.db, key: loadAuditKey({ dataDir }), dataDir }).anchor(
      'export',
    );
    await database.close();
    const c = new pg.Client({ connectionString: tdb.superuserUrl });
    await c.connect();
    await c.query('SET session_replication_role = replica');
    await c.query(`UPDATE audit_events SET username = 'mallory' WHERE seq = 2`);
    const edited = luoshi('audit', 'verify');
    expect(edited.code).toBe(1);
    expect(edited.err).toContain('第 2 条的内容与其密钥哈希不符');
    expect(edited.err).toContain('row 2: its content does not match its keyed hash');
    // The newest row deleted as well: the anchor names the missing end.
    await c.query(`DELETE FROM audit_events WHERE seq = $1`, [head!.seq]);
    await c.end();
    const cut = luoshi('audit', 'verify');
    expect(cut.code).toBe(1);
    expect(cut.err).toContain(`审计链止于第 ${head!.seq - 1} 条；`);
    expect(cut.err).toContain(`的锚点记录为第 ${head!.seq} 条`);
  });
});
