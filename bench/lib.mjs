/**
 * What the bench scripts share: a fresh instance on a free port with its own data directory (embedded PostgreSQL,
 * organisation only, no jobs), a client on its database, sign-in, a province of extra counties loaded by SQL in
 * the shape bench/ledger.mjs uses, and a closed-loop load of one request at a given concurrency.
 */
import fs from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { HZ, luoshiTicks, machineTicks } from './cpu.mjs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const freePort = () =>
  new Promise((r) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => r(p));
    });
  });
export const pct = (a, p) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor((a.length * p) / 100))];
export const machine = () =>
  `${os.cpus().length} × ${os.cpus()[0].model}, ${Math.round(os.totalmem() / 2 ** 30)} ` +
  `GiB, Node ${process.version}; load average ${os.loadavg()[0].toFixed(1)} ` +
  `at the end (other work on the machine included)`;

/**
 * Starts `scripts/start.mjs` on a fresh data directory; `env` adds to the defaults, `nodeArgs` go to node (e.g.
 * `--cpu-prof`). Returns the base URL, a pg client on its database and stop().
 */
/** A client of a running instance's embedded database as its owner (not connected yet), and its runtime.json. */
export function ownerClient(dataDir) {
  const rt = JSON.parse(fs.readFileSync(path.join(dataDir, 'runtime.json'), 'utf8'));
  const db = new pg.Client({
    host: '127.0.0.1',
    port: rt.pgPort,
    user: 'postgres',
    password: fs.readFileSync(path.join(dataDir, 'pg-password'), 'utf8').trim(),
    database: 'luoshi',
  });
  return { db, rt };
}

export async function startInstance(name, env = {}, nodeArgs = []) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `luoshi-bench-${name}-`));
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, path.join(root, 'scripts/start.mjs'), '--no-build'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      LUOSHI_DATA_DIR: dataDir,
      LUOSHI_JOBS: '0',
      LUOSHI_LOG_LEVEL: 'warn',
      LUOSHI_DEMO_HISTORY: '0',
      LUOSHI_RATE_LIMIT_PER_MINUTE: '10000000',
      LUOSHI_LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
      ...env,
    },
    // The server's own log (warnings and errors) beside its data, to say why a request failed.
    stdio: [
      'ignore',
      fs.openSync(path.join(dataDir, 'server.log'), 'w'),
      fs.openSync(path.join(dataDir, 'server.log'), 'a'),
    ],
  });
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) break;
    } catch {}
    if (child.exitCode !== null) throw new Error(`the instance exited with ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const { db } = ownerClient(dataDir);
  await db.connect();
  // `keep`: leave the data directory (its server.log says why a request failed).
  const stop = async ({ keep = false } = {}) => {
    await db.end().catch(() => {});
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r() : child.on('exit', r)));
    if (!keep) fs.rmSync(dataDir, { recursive: true, force: true });
  };
  return { base, db, stop, pid: child.pid, dataDir };
}

/** Signs in; returns the cookie and the CSRF token. */
export async function signIn(base, username, password = 'Luoshi@2026') {
  const r = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!r.ok) throw new Error(`sign-in ${username}: ${r.status}`);
  return { cookie: r.headers.get('set-cookie').split(';')[0], csrf: (await r.json()).csrfToken };
}

/**
 * A ledger as counties keep one (the shape of bench/ledger.mjs): deadlines spread over eighteen months around
 * today; of the items past their deadline 85% are closed (on a day before or after the deadline) and the rest
 * overdue; open items report progress near the time-proportional expectation. Parameters: $1 jurisdiction,
 * $2 assigning unit, $3 units (uuid[]), $4 creator, $5 count.
 */
export const ITEMS_SQL = (title) => `
  INSERT INTO supervised_items (jurisdiction_id, kind, title, assigner_unit_id, assignee_unit_id, state, start_date,
    deadline, progress, last_report_date, cadence, created_by, version, closed_at)
  SELECT $1, 'task', '${title}' || g, $2, ($3::uuid[])[1 + (g % array_length($3::uuid[], 1))], st,
         d - (60 + g % 120), d,
         greatest(0, least(100, round(100.0 * (current_date - (d - (60 + g % 120))) / (60 + g % 120)) + (g * 37) % 41 - 25))::int,
         current_date - (g % 40), 'monthly', $4, 1,
         CASE WHEN st = 'closed' THEN least(current_date, d + (g % 21) - 14)::timestamptz + interval '10 hours' END
  FROM (SELECT g, d, CASE WHEN d < current_date THEN (CASE WHEN g % 20 < 17 THEN 'closed' ELSE 'in_progress' END)
              ELSE (ARRAY['assigned','accepted','in_progress','in_progress','in_progress','in_progress',
                           'close_requested'])[1 + (g % 7)] END AS st
        FROM (SELECT g, date '2026-03-01' + ((g * 7) % 540) AS d FROM generate_series(1, $5) g) s0) s`;

/** wrk when installed (a light load generator in C: the client steals little of the two cores), else Node's fetch. */
export const WRK = spawnSync('wrk', ['--version']).error ? null : 'wrk';
const ms = (v, u) => Number(v) * ({ us: 0.001, ms: 1, s: 1000 }[u] ?? 1);

async function loadWrk(base, url, cookie, seconds, conc) {
  const out = await new Promise((resolve) => {
    const p = spawn('wrk', [
      '-t2',
      `-c${conc}`,
      `-d${seconds}s`,
      '--timeout',
      '60s',
      '--latency',
      '-H',
      `Cookie: ${cookie}`,
      base + url,
    ]);
    let text = '';
    p.stdout.on('data', (d) => (text += d));
    p.on('exit', () => resolve(text));
  });
  const pctl = (p) => {
    const m = new RegExp(`\\s${p}%\\s+([\\d.]+)(us|ms|s)`).exec(out);
    return m ? ms(m[1], m[2]) : NaN;
  };
  const n = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
  const bad = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  return { n: n - bad, bad, rps: (n - bad) / seconds, p50: pctl(50), p99: pctl(99) };
}

async function loadFetch(base, url, cookie, seconds, conc) {
  const lat = [];
  let bad = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: conc }, async () => {
      while (performance.now() < until) {
        const s = performance.now();
        const r = await fetch(base + url, { headers: { cookie } });
        await r.arrayBuffer();
        if (r.ok) lat.push(performance.now() - s);
        else bad++;
      }
    }),
  );
  return { n: lat.length, bad, rps: lat.length / seconds, p50: pct(lat, 50), p99: pct(lat, 99) };
}

/**
 * Closed-loop load: `conc` clients each sending `url` again as soon as the last answer arrived (wrk when installed,
 * else fetch), after 3 s of warm-up. With `inst` (an instance from startInstance) it also reads, from /proc, the CPU
 * each request cost the server (node) and its PostgreSQL, and the share of the machine busy meanwhile: on a shared
 * machine these move much less than req/s.
 */
export async function load(base, name, url, cookie, { seconds = 10, conc = 16, inst = null } = {}) {
  const first = await fetch(base + url, { headers: { cookie } });
  const body = await first.text();
  if (!first.ok) throw new Error(`${url}: ${first.status} ${body.slice(0, 300)}`);
  for (const until = performance.now() + 3000; performance.now() < until; )
    await (await fetch(base + url, { headers: { cookie } })).arrayBuffer();
  const c0 = inst ? luoshiTicks(inst.pid, inst.dataDir) : null,
    m0 = machineTicks();
  const r = WRK ? await loadWrk(base, url, cookie, seconds, conc) : await loadFetch(base, url, cookie, seconds, conc);
  const c1 = inst ? luoshiTicks(inst.pid, inst.dataDir) : null,
    m1 = machineTicks();
  const per = (ticks) => (r.n + r.bad ? (1000 * ticks) / HZ / (r.n + r.bad) : NaN);
  return {
    name,
    url,
    bytes: body.length,
    ...r,
    appMs: c0 ? per(c1.app - c0.app) : NaN,
    dbMs: c0 ? per(c1.db - c0.db) : NaN,
    busyPct: Math.round((100 * (m1.busy - m0.busy)) / Math.max(1, m1.total - m0.total)),
  };
}

/**
 * Closed-loop load of a request made afresh each time (`make(i)` → [url, fetch init], e.g. a POST with its own
 * body), with Node's fetch, `conc` clients, after `warmup` s; CPU per request as in load(). For writes.
 */
export async function loadMade(base, name, make, { seconds = 10, conc = 16, warmup = 2, inst = null } = {}) {
  let i = 0;
  const one = async () => {
    const [url, init] = make(i++);
    const r = await fetch(base + url, init);
    const text = await r.text();
    return { ok: r.ok, status: r.status, text };
  };
  const first = await one();
  if (!first.ok) throw new Error(`${name}: ${first.status} ${first.text.slice(0, 300)}`);
  for (const until = performance.now() + warmup * 1000; performance.now() < until; ) await one();
  const c0 = inst ? luoshiTicks(inst.pid, inst.dataDir) : null,
    m0 = machineTicks();
  const lat = [];
  let bad = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: conc }, async () => {
      while (performance.now() < until) {
        const s = performance.now();
        const r = await one();
        if (r.ok) lat.push(performance.now() - s);
        else bad++;
      }
    }),
  );
  const c1 = inst ? luoshiTicks(inst.pid, inst.dataDir) : null,
    m1 = machineTicks();
  const n = lat.length;
  const per = (ticks) => (n + bad ? (1000 * ticks) / HZ / (n + bad) : NaN);
  return {
    name,
    url: make(0)[0],
    n,
    bad,
    rps: n / seconds,
    p50: pct(lat, 50),
    p99: pct(lat, 99),
    appMs: c0 ? per(c1.app - c0.app) : NaN,
    dbMs: c0 ? per(c1.db - c0.db) : NaN,
    busyPct: Math.round((100 * (m1.busy - m0.busy)) / Math.max(1, m1.total - m0.total)),
  };
}

/** "1.95 + 2.07 ms" (node + PostgreSQL per request), or "–" when not measured. */
export const cpuCell = (r) => (Number.isFinite(r.appMs) ? `${r.appMs.toFixed(2)} + ${r.dbMs.toFixed(2)} ms` : '–');
export const loadGenerator = () => (WRK ? 'wrk (2 threads)' : 'Node fetch');
