import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

/** Starting real servers for the process tests (see server.test.ts for the basic life cycle). */
export const repoRoot = path.resolve(import.meta.dirname, '../..');

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export interface Started {
  child: ChildProcess;
  port: number;
  base: string;
  output: () => string;
  exited: Promise<number | null>;
}

export const children: ChildProcess[] = [];

export async function startServer(opts: {
  dataDir: string;
  root?: string;
  args?: string[];
  env?: Record<string, string>;
}): Promise<Started> {
  const port = await freePort();
  const root = opts.root ?? repoRoot;
  const child = spawn(process.execPath, [path.join(root, 'scripts/start.mjs'), '--no-build', ...(opts.args ?? [])], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      LUOSHI_DATA_DIR: opts.dataDir,
      LUOSHI_JOBS: '0',
      LUOSHI_LOG_LEVEL: 'warn',
      LUOSHI_DEMO_HISTORY: '0',
      ...opts.env,
    },
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, port, base: `http://127.0.0.1:${port}`, output: () => out, exited };
}

export async function waitReady(s: Started, base = s.base) {
  for (let i = 0; i < 1200; i++) {
    if (s.child.exitCode !== null) throw new Error(`exited early: ${s.output()}`);
    try {
      const r = await fetch(`${base}/readyz`);
      if (r.ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not ready: ${s.output()}`);
}

export function killAll() {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
}

/** `npx luoshi create-admin` against a data directory (borrowing its running server's database). */
export function createAdmin(
  dataDir: string,
  username: string,
  password: string,
  root = repoRoot,
  env: Record<string, string> = {},
) {
  const r = spawnSync(
    process.execPath,
    [
      path.join(root, 'bin/luoshi.mjs'),
      'create-admin',
      '--username',
      username,
      '--password',
      password,
      '--jurisdiction',
      '测试县',
      '--no-force-change',
    ],
    { cwd: root, env: { ...process.env, LUOSHI_DATA_DIR: dataDir, ...env }, encoding: 'utf8', timeout: 120_000 },
  );
  if (r.status !== 0) throw new Error(`create-admin failed: ${r.stdout}${r.stderr}`);
}

export interface Session {
  cookie: string;
  csrf: string;
}

export async function signIn(
  base: string,
  username: string,
  password: string,
): Promise<Response & { session?: Session }> {
  const r = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!r.ok) return r;
  const sid = r.headers
    .getSetCookie()
    .find((c) => c.startsWith('luoshi_sid='))!
    .split(';')[0]!;
  const body = (await r.json()) as { csrfToken: string };
  return Object.assign(r, { session: { cookie: sid, csrf: body.csrfToken } });
}

export function api(
  base: string,
  s: Session,
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
  signal?: AbortSignal,
) {
  return fetch(`${base}${url}`, {
    method,
    signal,
    headers: {
      cookie: s.cookie,
      'x-csrf-token': s.csrf,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** How to reach the embedded PostgreSQL of a running server as its superuser. */
export function embeddedAdminUrl(dataDir: string): string {
  const { pgPort } = JSON.parse(fs.readFileSync(path.join(dataDir, 'runtime.json'), 'utf8')) as { pgPort: number };
  const pw = fs.readFileSync(path.join(dataDir, 'pg-password'), 'utf8').trim();
  return `postgres://postgres:${encodeURIComponent(pw)}@127.0.0.1:${pgPort}/luoshi`;
}

export function postmasterPid(dataDir: string): number | null {
  try {
    const pid = Number(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}
