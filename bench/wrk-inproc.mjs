/**
 * CPU per request over real HTTP, this checkout's server in process against a database already loaded (e.g. by
 * `node bench/peer-redmine.mjs --hold` or `node bench/ledger.mjs --hold`): listens on a free port, runs wrk at it,
 * and reads node's CPU (process.cpuUsage) and PostgreSQL's (/proc, under PGDATA_PARENT) over the measured run.
 * Run in two checkouts one after the other for an A/B on the same data (issue 16). A V8 profile with PROFILE=<file>.
 *   DB=postgres://… PGDATA_PARENT=<data dir> LUOSHI_DATA_DIR=<dir with its audit-key> \
 *   node --import tsx bench/wrk-inproc.mjs '<path?query>' '<Authorization header value or cookie>' [seconds] [connections]
 * WRK_SCRIPT=<lua> runs wrk with that script (e.g. bench/peer-redmine.lua with PEER_DATA and PEER_SCENARIO in the
 * environment, for its writes); the path and credential are then ignored by the script. WRK_OUT=1 prints wrk's own
 * report too (the latency distribution). WRK_BEFORE=<shell command>
 * runs before each wrk (the warm-up and the measured run), e.g. `node bench/peer-data.mjs <dir> D`: D's tuples carry
 * the tasks' versions, which the warm-up moved on. HOLD=<advisory lock key> also reports the statements per request
 * and how long that lock was held as node sees it: from the answer of the statement taking it to the commit's
 * answer (a lower bound: the rest of the taking statement and the wait for its answer in node's queue are left out;
 * bench/lock-sample.mjs samples the whole hold from pg_locks).
 */
import fs from 'node:fs';
import inspector from 'node:inspector/promises';
import { execSync, spawn } from 'node:child_process';
import { loadConfig } from '../src/server/config';
import { connect } from '../src/server/db/client';
import { buildApp, createServices } from '../src/server/app';
import pg from 'pg';
import { luoshiTicks } from './cpu.mjs';

const stats = { statements: 0, holds: 0, heldMs: 0, inHold: 0 };
if (process.env.HOLD) {
  const marker = `pg_advisory_xact_lock(${process.env.HOLD})`;
  const query = pg.Client.prototype.query;
  const since = new WeakMap();
  pg.Client.prototype.query = function (config, ...rest) {
    const text = typeof config === 'string' ? config : (config?.text ?? '');
    const p = query.call(this, config, ...rest);
    if (!p || typeof p.then !== 'function') return p;
    stats.statements++;
    if (since.has(this)) stats.inHold++; // sent after the taking statement's answer, the commit included
    const takes = text.includes(marker);
    const ends = /^\s*(commit|rollback)\s*$/i.test(text);
    if (takes || ends)
      p.then(
        () => {
          const now = performance.now();
          if (takes && !since.has(this)) since.set(this, now);
          if (ends && since.has(this)) {
            stats.holds++;
            stats.heldMs += now - since.get(this);
            since.delete(this);
          }
        },
        () => since.delete(this),
      );
    return p;
  };
}

const [url, credential, seconds = '10', connections = '16'] = process.argv.slice(2);
const config = loadConfig({
  LUOSHI_LOG_LEVEL: 'warn',
  ...process.env,
  LUOSHI_RATE_LIMIT_PER_MINUTE: '100000000',
});
const database = connect(process.env.DB, Number(process.env.POOL ?? 5)); // the server's default on 2 cores
const deps = createServices(config, database, { enabled: false, accounts: [] });
const { app } = await buildApp(deps, {});
await app.listen({ host: '127.0.0.1', port: 0 });
const base = `http://127.0.0.1:${app.server.address().port}`;
const header = credential.startsWith('Bearer ') ? `Authorization: ${credential}` : `Cookie: ${credential}`;
const before = () =>
  process.env.WRK_BEFORE ? execSync(process.env.WRK_BEFORE, { stdio: ['ignore', 'ignore', 'inherit'] }) : null;
const wrk = (secs) =>
  new Promise((resolve, reject) => {
    const script = process.env.WRK_SCRIPT ? ['-s', process.env.WRK_SCRIPT] : [];
    const args = ['-t', '2', '-c', connections, '-d', `${secs}s`, '--latency', ...script, '-H', header, base + url];
    const p = spawn('wrk', args);
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('error', reject);
    p.on('close', () => resolve(out));
  });
before();
await wrk(3); // warm-up: plans made, code optimised
const session = process.env.PROFILE ? new inspector.Session() : null;
if (session) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}
// Outside the measured CPU, once the requests cut off by the warm-up's end have committed.
await new Promise((resolve) => setTimeout(resolve, 1000));
before();
Object.assign(stats, { statements: 0, holds: 0, heldMs: 0, inHold: 0 });
const p0 = luoshiTicks(process.pid, process.env.PGDATA_PARENT).db;
const c0 = process.cpuUsage();
const out = await wrk(seconds);
const c = process.cpuUsage(c0);
const p1 = luoshiTicks(process.pid, process.env.PGDATA_PARENT).db;
if (session) fs.writeFileSync(process.env.PROFILE, JSON.stringify((await session.post('Profiler.stop')).profile));
await new Promise((resolve) => setTimeout(resolve, 500)); // the last requests wrk left behind, answered before closing
if (process.env.WRK_OUT) console.log(out);
const n = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? '0';
const p99 = /99%\s+(\S+)/.exec(out)?.[1];
console.log(
  `${n} requests (${non2xx} not 2xx), ${(n / Number(seconds)).toFixed(0)} req/s, p99 ${p99} | node ` +
    `${((c.user + c.system) / 1000 / n).toFixed(3)} ms (user ${(c.user / 1000 / n).toFixed(3)}) + pg ` +
    `${(((p1 - p0) * 10) / n).toFixed(3)} ms per request` +
    (process.env.HOLD
      ? ` | ${(stats.statements / n).toFixed(2)} statements per request; lock ${process.env.HOLD} held ` +
        `${(stats.heldMs / Math.max(1, stats.holds)).toFixed(2)} ms from its statement's answer to the commit's, ` +
        `${(stats.inHold / Math.max(1, stats.holds)).toFixed(2)} statements sent in between, the commit included (${stats.holds} holds)`
      : ''),
);
await app.close();
await database.close();
