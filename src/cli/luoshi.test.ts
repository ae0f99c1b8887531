import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestDatabase } from '../../tests/helpers/db';

const root = path.resolve(import.meta.dirname, '../..');
const tdb = await createTestDatabase();
afterAll(() => tdb.drop());

function luoshi(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/luoshi.mjs'), ...args], { env: { ...process.env, DATABASE_URL: tdb.url, LUOSHI_LOG_LEVEL: 'silent' }, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('npx luoshi', () => {
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
    const { rows } = await c.query(`SELECT p.username, c.must_change_password, r.role, j.name FROM people p JOIN credentials c ON c.person_id = p.id JOIN role_assignments r ON r.person_id = p.id JOIN jurisdictions j ON j.id = p.jurisdiction_id WHERE p.username = 'admin'`);
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

  it('verifies the audit chain and reports the first broken row', async () => {
    const ok = luoshi('audit', 'verify');
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toContain('审计日志完整');
    const c = new pg.Client({ connectionString: tdb.url });
    await c.connect();
    const { rows } = await c.query('SELECT min(seq) AS seq FROM audit_events');
    await c.query('ALTER TABLE audit_events DISABLE TRIGGER USER');
    await c.query(`UPDATE audit_events SET username = 'mallory' WHERE seq = $1`, [rows[0].seq]);
    await c.query('ALTER TABLE audit_events ENABLE TRIGGER USER');
    await c.end();
    const broken = luoshi('audit', 'verify');
    expect(broken.code).toBe(1);
    expect(broken.err).toContain(`seq ${rows[0].seq}`);
  });
});
