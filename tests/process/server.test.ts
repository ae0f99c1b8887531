import fs from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { execSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * `npm start` as a real process on its own data directory: first start, reuse, a refused second instance, the CLI
 * beside a running server, clean SIGTERM, recovery after kill -9, and running as root.
 */
const root = path.resolve(import.meta.dirname, '../..');
const dirs: string[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of dirs) {
    const pid = pidOfPostmaster(d);
    if (pid) process.kill(pid, 'SIGINT');
  }
});

function tmpDir() {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-proc-'));
  dirs.push(d);
  return d;
}
async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}
function pidOfPostmaster(dataDir: string): number | null {
  try {
    const pid = Number(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

interface Started {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
}
async function start(dataDir: string, args: string[] = [], env: Record<string, string> = {}): Promise<Started> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(root, 'scripts/start.mjs'), '--no-build', ...args], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      LUOSHI_DATA_DIR: dataDir,
      LUOSHI_JOBS: '0',
      LUOSHI_LOG_LEVEL: 'warn',
      LUOSHI_DEMO_HISTORY: '0',
      ...env,
    },
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, port, output: () => out, exited };
}
async function ready(s: Started) {
  for (let i = 0; i < 600; i++) {
    if (s.child.exitCode !== null) throw new Error(`exited early: ${s.output()}`);
    try {
      const r = await fetch(`http://127.0.0.1:${s.port}/readyz`);
      if (r.ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not ready: ${s.output()}`);
}
async function login(port: number, username: string, password = 'Luoshi@2026') {
  return fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
}

describe('npm start as a process', () => {
  const dataDir = tmpDir();

  it('first start: embedded PostgreSQL, migrations, demo county, the URL and accounts printed', async () => {
    const s = await start(dataDir);
    await ready(s);
    await expect.poll(() => s.output(), { timeout: 10_000 }).toContain('落实 Luoshi 已启动');
    expect(s.output()).toContain('已载入演示县');
    expect(s.output()).toContain('sysadmin');
    expect((await login(s.port, 'sunli')).status).toBe(200);

    // PostgreSQL refuses root: as root it runs as the postgres user.
    const pid = pidOfPostmaster(dataDir)!;
    if (process.getuid?.() === 0) expect(execSync(`ps -o user= -p ${pid}`).toString().trim()).toBe('postgres');

    // A second instance on the same data directory is refused with a clear message.
    const second = await start(dataDir);
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain('正被另一个 Luoshi 进程');

    // The CLI borrows the running server's database.
    const cli = spawnSync(process.execPath, [path.join(root, 'bin/luoshi.mjs'), 'audit', 'verify'], {
      env: { ...process.env, LUOSHI_DATA_DIR: dataDir },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(cli.status, cli.stderr).toBe(0);
    expect(cli.stdout).toContain('审计日志完整');

    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    expect(s.output()).toContain('已停止');
    expect(pidOfPostmaster(dataDir)).toBeNull();
    expect(fs.existsSync(path.join(dataDir, 'luoshi.lock'))).toBe(false);
  }, 120_000); // a fresh start loads the whole demo county; shared machines are slow at times

  it('a port already in use: says so and what to do, before the database or the demo starts', async () => {
    const busy = net.createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
    const port = (busy.address() as net.AddressInfo).port;
    try {
      const s = await start(tmpDir(), [], { PORT: String(port) });
      expect(await s.exited).toBe(1);
      expect(s.output()).toContain(`端口 ${port} 已被占用`);
      expect(s.output()).toContain(`Port ${port} is already in use`);
      expect(s.output()).not.toMatch(/演示台账|UVException|at Server\./);
    } finally {
      busy.close();
    }
  }, 60_000);

  it('a second start reuses the data', async () => {
    const s = await start(dataDir);
    await ready(s);
    await expect.poll(() => s.output(), { timeout: 10_000 }).toContain('演示县已存在');
    expect((await login(s.port, 'sunli')).status).toBe(200);
    s.child.kill('SIGINT');
    expect(await s.exited).toBe(0);
  });

  it('recovers after the app was killed with -9 (PostgreSQL left running)', async () => {
    const s = await start(dataDir);
    await ready(s);
    s.child.kill('SIGKILL');
    await s.exited;
    expect(pidOfPostmaster(dataDir)).not.toBeNull();
    const again = await start(dataDir);
    await ready(again);
    expect((await login(again.port, 'gongying')).status).toBe(200);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  });

  it('--no-demo starts empty and says how to create the first administrator', async () => {
    const s = await start(tmpDir(), ['--no-demo']);
    await ready(s);
    await expect.poll(() => s.output(), { timeout: 10_000 }).toContain('npx luoshi create-admin');
    expect((await login(s.port, 'sunli')).status).toBe(401);
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
  });
});
