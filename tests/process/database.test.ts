import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, execSync } from 'node:child_process';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import {
  api,
  createAdmin,
  embeddedAdminUrl,
  killAll,
  postmasterPid,
  repoRoot,
  signIn,
  startServer,
  waitReady,
  type Session,
} from './proc';

/**
 * The database under the app: started as root from a private directory, and going away while the app runs
 * (every backend terminated, the embedded PostgreSQL killed with -9). The app stays up, answers 503 meanwhile,
 * recovers by itself, and every write it acknowledged is there afterwards.
 */
const PASSWORD = 'Restart#2026a';
const cleanups: (() => void)[] = [];
afterAll(() => {
  killAll();
  for (const c of cleanups.reverse()) {
    try {
      c();
    } catch {
      /* best effort */
    }
  }
});

function tmpDir(mode = 0o755) {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-db-'));
  fs.chmodSync(d, mode);
  cleanups.push(() => {
    const pid = postmasterPid(path.join(d, 'data'));
    if (pid) process.kill(pid, 'SIGINT');
    fs.rmSync(d, { recursive: true, force: true });
  });
  return d;
}

const isRoot = process.getuid?.() === 0;

describe.skipIf(!isRoot)('as root in a private (700) directory', () => {
  it('starts: binaries run from a copy, the cluster lives outside the private tree, said in the log; sign-in works', async () => {
    const priv = tmpDir(0o700);
    const clone = path.join(priv, 'luoshi');
    execFileSync('git', ['clone', '--quiet', repoRoot, clone]);
    execFileSync('cp', ['-al', path.join(repoRoot, 'node_modules'), path.join(clone, 'node_modules')]);
    const dataDir = path.join(priv, 'data');
    const s = await startServer({ root: clone, dataDir, args: ['--no-demo'] });
    await waitReady(s);
    const cluster = fs.realpathSync(path.join(dataDir, 'pg'));
    cleanups.push(() => fs.rmSync(path.dirname(cluster), { recursive: true, force: true }));
    expect(s.output()).toContain("running PostgreSQL's binaries from /var/lib/luoshi/postgres-");
    expect(s.output()).toContain(`(linked from ${path.join(dataDir, 'pg')})`);
    expect(cluster.startsWith('/var/lib/luoshi/clusters/')).toBe(true);
    expect(
      execSync(`ps -o user= -p ${postmasterPid(dataDir)}`)
        .toString()
        .trim(),
    ).toBe('postgres');

    createAdmin(dataDir, 'rootadmin', PASSWORD, clone);
    expect((await signIn(s.base, 'rootadmin', PASSWORD)).status).toBe(200);

    // Stopped and started again: the same relocated cluster, the same account.
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    const again = await startServer({ root: clone, dataDir, args: ['--no-demo'] });
    await waitReady(again);
    expect((await signIn(again.base, 'rootadmin', PASSWORD)).status).toBe(200);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  }, 600_000); // a clone, two starts and the CLI: minutes on a shared, busy machine

  it('an existing database directory the postgres user cannot reach: stops with what to do, no stack trace', async () => {
    const priv = tmpDir(0o700);
    const dataDir = path.join(priv, 'data');
    fs.mkdirSync(path.join(dataDir, 'pg'), { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'pg', 'PG_VERSION'), '17\n');
    const s = await startServer({ dataDir, args: ['--no-demo'] });
    expect(await s.exited).toBe(1);
    expect(s.output()).toContain('LUOSHI_DATA_DIR=/var/lib/luoshi-data');
    expect(s.output()).toContain('系统用户 postgres 无法访问数据库目录');
    expect(s.output()).not.toMatch(/\n\s+at /);
  }, 240_000);
});

interface Stream {
  acked: string[];
  failures: { status: number; type: string; retryAfter: string | null; detail: string }[];
  stop(): Promise<void>;
  lastOk: number;
}

/** Creates units one after another (two writers), keeping every id the server acknowledged with 201. */
function writeStream(base: string, session: Session): Stream {
  const st: Stream = { acked: [], failures: [], lastOk: 0, stop: async () => {} };
  let running = true;
  let n = 0;
  const writer = async (w: number) => {
    while (running) {
      const name = `单位${w}-${n++}`;
      try {
        const r = await api(
          base,
          session,
          'POST',
          '/api/v1/units',
          { name, kind: 'government_office' },
          { 'accept-language': w ? 'en-US' : 'zh-CN' },
          AbortSignal.timeout(60_000),
        );
        if (r.status === 201) {
          st.acked.push(((await r.json()) as { id: string }).id);
          st.lastOk = Date.now();
        } else {
          const body = (await r.json()) as { detail: string };
          st.failures.push({
            status: r.status,
            type: r.headers.get('content-type') ?? '',
            retryAfter: r.headers.get('retry-after'),
            detail: body.detail,
          });
          await new Promise((res) => setTimeout(res, 100));
        }
      } catch (e) {
        // The app itself must stay up: a refused connection to it is a failure of the test.
        st.failures.push({ status: 0, type: String(e), retryAfter: null, detail: '' });
        await new Promise((res) => setTimeout(res, 100));
      }
    }
  };
  const done = Promise.all([writer(0), writer(1)]);
  st.stop = async () => {
    running = false;
    await done;
  };
  return st;
}

async function ackedMore(st: Stream, count: number, timeoutMs = 30_000) {
  const target = st.acked.length + count;
  await expect.poll(() => st.acked.length, { timeout: timeoutMs, interval: 100 }).toBeGreaterThanOrEqual(target);
}

describe('the database goes away while the app runs', () => {
  it(`every backend terminated, then PostgreSQL killed with -9: the app stays up, answers 503, recovers, loses no \
acknowledged write`, async () => {
    const dataDir = path.join(tmpDir(), 'data');
    const s = await startServer({ dataDir, args: ['--no-demo'], env: { LUOSHI_JOBS: '1' } });
    await waitReady(s);
    createAdmin(dataDir, 'opsadmin', PASSWORD);
    const signed = await signIn(s.base, 'opsadmin', PASSWORD);
    expect(signed.status).toBe(200);
    const st = writeStream(s.base, signed.session!);
    const progress = setInterval(
      () => console.log(`[restart test] acked ${st.acked.length}, failures ${JSON.stringify(st.failures.slice(-2))}`),
      2000,
    );
    try {
      await ackedMore(st, 20);

      // 1. Every backend of the app's database terminated, a few times over (the pool's and the job runner's).
      const admin = new pg.Client({ connectionString: embeddedAdminUrl(dataDir).replace(/\/luoshi$/, '/postgres') });
      admin.on('error', () => {});
      await admin.connect();
      for (let i = 0; i < 5; i++) {
        await admin.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'luoshi' AND pid <> pg_backend_pid()`,
        );
        await new Promise((r) => setTimeout(r, 200));
      }
      await admin.end();
      await ackedMore(st, 20);
      expect(s.child.exitCode).toBeNull();

      // 2. The embedded PostgreSQL killed outright: the app restarts it and carries on.
      const pid = postmasterPid(dataDir)!;
      const killedAt = Date.now();
      process.kill(pid, 'SIGKILL');
      await expect
        .poll(() => st.failures.filter((f) => f.status === 503).length, { timeout: 30_000 })
        .toBeGreaterThan(0);
      await expect.poll(() => st.lastOk > killedAt, { timeout: 30_000, interval: 100 }).toBe(true);
      await ackedMore(st, 20);
      expect(s.child.exitCode).toBeNull();
      expect(postmasterPid(dataDir)).not.toBe(pid);
      expect(s.output()).toContain('the embedded PostgreSQL ended unexpectedly');
      expect(s.output()).toContain('the embedded PostgreSQL is running again');
    } catch (e) {
      console.log(s.output().slice(-5000));
      throw e;
    } finally {
      clearInterval(progress);
      await st.stop();
    }

    // While the database was away: 503 problem+json in the caller's language, with Retry-After; nothing else.
    expect(st.failures.filter((f) => f.status !== 503)).toEqual([]);
    for (const f of st.failures) {
      expect(f.type).toContain('application/problem+json');
      expect(f.retryAfter).toMatch(/^\d+$/);
    }
    expect(st.failures.some((f) => f.detail.startsWith('数据库暂不可用'))).toBe(true);
    expect(st.failures.some((f) => f.detail.startsWith('The database is unavailable'))).toBe(true);

    // Every acknowledged write is there.
    console.log('[restart test] checking the acknowledged writes');
    const list = await api(s.base, signed.session!, 'GET', '/api/v1/units', undefined, {}, AbortSignal.timeout(60_000));
    expect(list.status).toBe(200);
    const ids = new Set(((await list.json()) as { items: { id: string }[] }).items.map((u) => u.id));
    expect(st.acked.filter((id) => !ids.has(id))).toEqual([]);
    expect((await fetch(`${s.base}/readyz`)).status).toBe(200);

    s.child.kill('SIGTERM');
    const code = await Promise.race([s.exited, new Promise((r) => setTimeout(() => r('still running'), 120_000))]);
    if (code !== 0) console.log(s.output().slice(-6000));
    expect(code).toBe(0);
    expect(postmasterPid(dataDir)).toBeNull();
  }, 600_000);
});
