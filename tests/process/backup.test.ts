import fs from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { pngWithText } from '../helpers/png';

/**
 * The restore drill, as the operator runs it: a server with the demo county, writes going on while
 * `npx luoshi backup` copies it, `npx luoshi restore` into a new directory, every table and every file compared,
 * the restored server started and its audit chain verified; then a point-in-time restore to a moment between two
 * writes, and the refusals (a non-empty target, no manifest, a damaged file) as messages, not stack traces.
 */
const root = path.resolve(import.meta.dirname, '../..');
const dirs: string[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of dirs) {
    for (const sub of fs.existsSync(d) ? fs.readdirSync(d) : []) {
      try {
        const pid = Number(fs.readFileSync(path.join(d, sub, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
        process.kill(pid, 'SIGINT');
      } catch {
        /* not running */
      }
    }
    fs.rmSync(d, { recursive: true, force: true });
  }
});

const base = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-backup-'));
dirs.push(base);
// As root PostgreSQL runs as postgres, which must reach the data directories inside.
fs.chmodSync(base, 0o755);
const dataDir = path.join(base, 'data');
const backupDir = path.join(base, 'backups');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

const envFor = (data: string, extra: Record<string, string> = {}) => ({
  ...process.env,
  LUOSHI_DATA_DIR: data,
  LUOSHI_BACKUP_DIR: path.join(data, '..', `${path.basename(data)}-backups`),
  LUOSHI_JOBS: '0',
  LUOSHI_LOG_LEVEL: 'warn',
  LUOSHI_DEMO_HISTORY: '0',
  ...extra,
});

async function startServer(data: string, env: Record<string, string> = {}) {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(root, 'scripts/start.mjs'), '--no-build'], {
    cwd: root,
    env: { ...envFor(data, env), PORT: String(port) },
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  for (let i = 0; i < 1800; i++) {
    if (child.exitCode !== null) throw new Error(`exited early: ${out}`);
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return { child, port, exited, output: () => out };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not ready: ${out}`);
}

/** `npx luoshi …` as a process (asynchronously: the writes go on meanwhile). */
function cli(
  args: string[],
  env: Record<string, string | undefined>,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [path.join(root, 'bin/luoshi.mjs'), ...args], { cwd: root, env });
    children.push(c);
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d) => (stdout += d));
    c.stderr.on('data', (d) => (stderr += d));
    c.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

function adminUrl(data: string, db = 'luoshi') {
  const rt = JSON.parse(fs.readFileSync(path.join(data, 'runtime.json'), 'utf8')) as { pgPort: number };
  const pw = fs.readFileSync(path.join(data, 'pg-password'), 'utf8').trim();
  return `postgres://postgres:${encodeURIComponent(pw)}@127.0.0.1:${rt.pgPort}/${db}`;
}

/** Every table: its row count and an md5 of its rows in a fixed order. */
async function tableDigests(url: string): Promise<Record<string, string>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ s: string; t: string }>(
      "SELECT schemaname AS s, tablename AS t FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2",
    );
    const out: Record<string, string> = {};
    for (const { s, t } of rows) {
      const q = `SELECT count(*)::int AS n, md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '')) AS h FROM "${s}"."${t}" x`;
      const r = (await c.query(q)).rows[0] as { n: number; h: string };
      out[`${s}.${t}`] = `${r.n} ${r.h}`;
    }
    return out;
  } finally {
    await c.end();
  }
}

function fileDigests(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) visit(p);
      else out[path.relative(dir, p)] = crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex');
    }
  };
  if (fs.existsSync(dir)) visit(dir);
  return out;
}

async function login(port: number, username = 'sunli') {
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'Luoshi@2026' }),
  });
  expect(res.status).toBe(200);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

/** An evidence file uploaded as a user does. */
async function upload(port: number, text: string) {
  const { cookie, csrf } = await login(port);
  const form = new FormData();
  form.append(
    'file',
    new Blob([new Uint8Array(pngWithText(text, [200, 30, 30]))], { type: 'image/png' }),
    `${text}.png`,
  );
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/attachments`, {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': csrf },
    body: form,
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { sha256: string }).sha256;
}

const shanghai = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().replace('T', ' ').replace('Z', '');

describe('backup and restore drill', () => {
  let live: Awaited<ReturnType<typeof startServer>>;
  let pointInTime = '';
  const env = envFor(dataDir, { LUOSHI_BACKUP_DIR: backupDir });

  it('backs up a running server while writes go on; the restore equals it table by table and file by file', async () => {
    live = await startServer(dataDir, { LUOSHI_BACKUP_DIR: backupDir });
    const url = adminUrl(dataDir);
    await upload(live.port, 'before the backup');
    const w = new pg.Client({ connectionString: url });
    w.on('error', () => {});
    await w.connect();
    await w.query(
      'CREATE TABLE drill (id serial PRIMARY KEY, at timestamptz NOT NULL DEFAULT clock_timestamp(), note text NOT NULL)',
    );
    // One writer, one row per transaction, in id order: the restored rows must be exactly a prefix of these.
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        await w.query('INSERT INTO drill (note) VALUES ($1)', [`row ${written}`]);
        written++;
      }
    })();
    const b = await cli(['backup'], env);
    const writtenDuringBackup = written;
    writing = false;
    await writer;
    expect(b.status, b.stderr).toBe(0);
    expect(b.stdout).toContain('已备份到');
    expect(writtenDuringBackup).toBeGreaterThan(0);
    const [backup] = fs.readdirSync(backupDir).filter((n) => n.startsWith('luoshi-'));
    const manifest = JSON.parse(fs.readFileSync(path.join(backupDir, backup!, 'manifest.json'), 'utf8'));
    expect(manifest.kind).toBe('embedded');
    expect(manifest.files.some((f: { path: string }) => f.path.startsWith('files/'))).toBe(true);

    const liveTables = await tableDigests(url);
    const liveDrill = (await w.query('SELECT id, note FROM drill ORDER BY id')).rows;

    // Writes after the backup, for the point-in-time restore below: one before the moment, one after it.
    await w.query("INSERT INTO drill (note) VALUES ('before the moment')");
    await new Promise((r) => setTimeout(r, 1500));
    const { rows: now } = await w.query<{ t: Date }>('SELECT clock_timestamp() AS t');
    pointInTime = shanghai(now[0]!.t);
    await new Promise((r) => setTimeout(r, 1500));
    await w.query("INSERT INTO drill (note) VALUES ('after the moment')");
    const { rows: sw } = await w.query<{ f: string }>('SELECT pg_walfile_name(pg_switch_wal()) AS f');
    // The segment holding both writes is archived (the archive is what point-in-time recovery reads).
    await expect
      .poll(
        async () =>
          (await w.query('SELECT last_archived_wal FROM pg_stat_archiver')).rows[0].last_archived_wal >= sw[0]!.f,
        { timeout: 60_000 },
      )
      .toBe(true);
    await w.end();

    const restored = path.join(base, 'restored');
    const r = await cli(['restore', '--from', backupDir], envFor(restored));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('已从');
    expect(r.stderr).not.toContain('警告');

    const s = await startServer(restored);
    const restoredUrl = adminUrl(restored);
    const restoredTables = await tableDigests(restoredUrl);
    const c = new pg.Client({ connectionString: restoredUrl });
    c.on('error', () => {});
    await c.connect();
    const restoredDrill = (await c.query('SELECT id, note FROM drill ORDER BY id')).rows;
    await c.end();
    // Every table as it was, but the one written during the backup: that one holds a prefix of its rows.
    const { 'public.drill': _a, ...liveRest } = liveTables;
    const { 'public.drill': _b, ...restoredRest } = restoredTables;
    expect(Object.keys(restoredRest).length).toBeGreaterThan(20);
    expect(restoredRest).toEqual(liveRest);
    expect(restoredDrill.length).toBeGreaterThan(0);
    expect(restoredDrill).toEqual(liveDrill.slice(0, restoredDrill.length));
    expect(fileDigests(path.join(restored, 'files'))).toEqual(fileDigests(path.join(dataDir, 'files')));
    expect(Object.keys(fileDigests(path.join(restored, 'files'))).length).toBeGreaterThan(0);

    await login(s.port);
    const audit = await cli(['audit', 'verify'], envFor(restored));
    expect(audit.status, audit.stderr).toBe(0);
    expect(audit.stdout).toContain('审计日志完整');
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
  }, 600_000);

  it('restores to a moment: what was written before it is there, what came after is not', async () => {
    const target = path.join(base, 'pitr');
    const r = await cli(['restore', '--from', backupDir, '--to', pointInTime], envFor(target));
    expect(r.status, r.stderr).toBe(0);
    const s = await startServer(target);
    const c = new pg.Client({ connectionString: adminUrl(target) });
    c.on('error', () => {});
    await c.connect();
    const notes = (await c.query<{ note: string }>('SELECT note FROM drill')).rows.map((x) => x.note);
    await c.end();
    expect(notes).toContain('before the moment');
    expect(notes).not.toContain('after the moment');
    // The restored server writes again (a new timeline: its WAL never overwrites the original's in the archive).
    await upload(s.port, 'after the restore');
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    live.child.kill('SIGTERM');
    expect(await live.exited).toBe(0);

    // With the server stopped the CLI starts the database for the copy; unchanged evidence files are linked.
    const again = await cli(['backup'], env);
    expect(again.status, again.stderr).toBe(0);
    const [b1, b2] = fs
      .readdirSync(backupDir)
      .filter((n) => n.startsWith('luoshi-'))
      .sort();
    const m2 = JSON.parse(fs.readFileSync(path.join(backupDir, b2!, 'manifest.json'), 'utf8'));
    const file = m2.files.find((f: { path: string }) => f.path.startsWith('files/')).path as string;
    expect(fs.statSync(path.join(backupDir, b2!, file)).ino).toBe(fs.statSync(path.join(backupDir, b1!, file)).ino);
    expect(fs.existsSync(path.join(dataDir, 'luoshi.lock'))).toBe(false);
  }, 300_000);

  it('refuses a non-empty target, a folder without a manifest and a damaged backup, with plain messages', async () => {
    const notEmpty = path.join(base, 'not-empty');
    fs.mkdirSync(notEmpty);
    fs.writeFileSync(path.join(notEmpty, 'something'), 'x');
    const a = await cli(['restore', '--from', backupDir], envFor(notEmpty));
    expect(a.status).toBe(1);
    expect(a.stderr).toContain('不是空的');

    const b = await cli(['restore', '--from', path.join(base, 'no-shared')], envFor(path.join(base, 'r-b')));
    expect(b.status).toBe(1);
    expect(b.stderr).toMatch(/不存在|manifest/);
    fs.mkdirSync(path.join(base, 'empty-folder'));
    const b2 = await cli(['restore', '--from', path.join(base, 'empty-folder')], envFor(path.join(base, 'r-b2')));
    expect(b2.status).toBe(1);
    expect(b2.stderr).toContain('manifest.json');

    // A copy of the backup with one byte of one relation file changed.
    const [backup] = fs.readdirSync(backupDir).filter((n) => n.startsWith('luoshi-'));
    const damaged = path.join(base, 'damaged');
    fs.cpSync(path.join(backupDir, backup!), damaged, { recursive: true });
    const manifest = JSON.parse(fs.readFileSync(path.join(damaged, 'manifest.json'), 'utf8'));
    const victim = manifest.files.find(
      (f: { path: string; size: number }) => f.path.startsWith('pg/base/') && f.size > 8192,
    ).path as string;
    const fd = fs.openSync(path.join(damaged, victim), 'r+');
    fs.writeSync(fd, Buffer.from([0x42]), 0, 1, 100);
    fs.closeSync(fd);
    const target = path.join(base, 'r-damaged');
    const c = await cli(['restore', '--from', damaged], envFor(target));
    expect(c.status).toBe(1);
    expect(c.stderr).toContain('校验失败');
    expect(c.stderr).toContain(victim);
    expect(c.stderr).not.toMatch(/\n\s+at /);
    // Nothing half-restored is left behind.
    expect(fs.readdirSync(target)).toEqual([]);
  }, 120_000);
});
