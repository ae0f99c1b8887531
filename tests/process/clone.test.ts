import fs from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * A stranger's clone: the repository's committed HEAD cloned into an empty folder with nothing beside it (no
 * ../shared), started as `npm start` does, must open on the whole demo county — a year of ledger, the project library,
 * the public page, speeches waiting for review, indicators and an issued bulletin. node_modules is a hard-linked copy
 * of this checkout's (what `npm ci` would install), and the web build is skipped: the API is what is checked.
 */
const root = path.resolve(import.meta.dirname, '../..');
const outer = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-clone-'));
// A folder as a stranger's home has it (mkdtemp makes it 0700, which the embedded server's own user cannot enter).
fs.chmodSync(outer, 0o755);
const repo = path.join(outer, 'luoshi');
let child: ChildProcess | null = null;

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await new Promise((r) => child!.once('exit', r));
  }
  fs.rmSync(outer, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

describe('a fresh clone with nothing beside it', () => {
  it('starts on the whole demo county from the repository alone', async () => {
    const head = execFileSync('git', ['-C', root, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    execFileSync('git', ['clone', '--quiet', '--no-checkout', root, repo]);
    execFileSync('git', ['-C', repo, 'checkout', '--quiet', head]);
    execFileSync('cp', ['-al', path.join(root, 'node_modules'), path.join(repo, 'node_modules')]);
    expect(fs.readdirSync(outer)).toEqual(['luoshi']);

    const port = await freePort();
    child = spawn(process.execPath, ['scripts/start.mjs', '--no-build'], {
      cwd: repo,
      env: {
        ...process.env,
        PORT: String(port),
        LUOSHI_DATA_DIR: path.join(repo, 'data'),
        LUOSHI_JOBS: '0',
        LUOSHI_LOG_LEVEL: 'warn',
      },
    });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const base = `http://127.0.0.1:${port}`;
    const exited = new Promise<number | null>((r) => child!.once('exit', r));
    // Ready once /readyz answers (the first start loads the demo county's year first); an early exit ends the wait.
    const deadline = Date.now() + 1_500_000;
    let ready = false;
    while (!ready && Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`exited early: ${out}`);
      ready = await fetch(`${base}/readyz`)
        .then((r) => r.ok)
        .catch(() => false);
      if (!ready) await new Promise((r) => setTimeout(r, 500));
    }
    expect(ready, out).toBe(true);
    expect(out).not.toMatch(/未找到|跳过/);

    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'sunli', password: 'Luoshi@2026' }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const get = async (url: string) => {
      const r = await fetch(`${base}${url}`, { headers: { cookie } });
      expect(r.status, url).toBe(200);
      return r.json();
    };

    const tasks = (await get('/api/v1/tasks?pageSize=500')).items as { state: string; light: string }[];
    expect(tasks.length).toBeGreaterThanOrEqual(40);
    expect(new Set(tasks.filter((x) => x.state !== 'closed').map((x) => x.light))).toEqual(
      expect.objectContaining(new Set(['red', 'yellow', 'green'])),
    );
    expect(tasks.some((x) => x.state === 'closed')).toBe(true);
    expect((await get('/api/v1/projects?pageSize=1')).total).toBeGreaterThanOrEqual(100);
    expect(
      ((await fetch(`${base}/api/public/livelihood`).then((r) => r.json())) as { projects: unknown[] }).projects.length,
    ).toBeGreaterThan(0);
    const speeches = (await get('/api/v1/extractions')).items as { id: string }[];
    expect(speeches.length).toBeGreaterThan(0);
    const doc = await get(`/api/v1/extractions/${speeches[0]!.id}`);
    expect(doc.candidates.some((c: { status: string }) => c.status === 'pending')).toBe(true);
    expect((await get('/api/v1/indicators/board')).items.length).toBeGreaterThan(0);
    expect(((await get('/api/v1/bulletins')).items as { state: string }[]).some((b) => b.state === 'issued')).toBe(
      true,
    );

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 1_800_000);
});
