#!/usr/bin/env node
/**
 * Luoshi against Redmine 5 (the peer in ../shared/peers/redmine) at the same data size, in one run, alternating:
 * Redmine A, Luoshi A, Redmine B, Luoshi B, … — each side driven by wrk with the same settings (threads,
 * connections, warm-up, duration). Appends a section to bench/RESULTS.md.
 *
 *   A  a person's open tasks   Redmine GET /issues.json?assigned_to_id=<user>&status_id=open&limit=25
 *                              Luoshi  GET /api/v1/tasks?todo=true&page=1&pageSize=25 as a random unit clerk
 *   B  a unit's overdue tasks  Redmine GET /issues.json?project_id=<p>&status_id=open&due_date=<=TODAY&limit=25
 *                              Luoshi  GET /api/v1/tasks?unitId=<u>&state=<open states>&deadlineTo=<today>&pageSize=25 (office)
 *   C  create                  Redmine POST /issues.json     Luoshi POST /api/v1/tasks (issue=true, as the office)
 *   D  update with a note      Redmine PUT /issues/<id>.json Luoshi POST /api/v1/tasks/<id>/reports (If-Match, as the unit's clerk)
 *
 * Before the first run, as root (installs Debian's Redmine, puma, wrk; loads 50,000 issues; ~1 min):
 *   STATE_DIR=/tmp/redmine-state REDMINE_PORT=3300 bash ../shared/peers/redmine/setup.sh
 * Then:
 *   node bench/peer-redmine.mjs [--seconds 20] [--warmup 5] [--concurrency 16] [--wrk-threads 2]
 *        [--redmine-state /tmp/redmine-state] [--scenarios ABCD] [--passes 1] [--no-append] [--stop-redmine] [--hold]
 *   --passes N      repeat the whole alternating sequence N times and report medians (a shared machine is noisy)
 *   --no-append     print the section only;  --stop-redmine  run the peer's stop.sh at the end (default: leave it up)
 *   --hold          load Luoshi, print its URL and tokens, run nothing, keep it up until Ctrl-C (for inspection)
 *
 * Redmine is driven by the peer's own load.sh (same wrk, same knobs); it must be running already (this script
 * does not install or start it, and leaves it running unless --stop-redmine). Luoshi is a fresh instance of this
 * working tree: own temporary data directory, free port, `scripts/start.mjs --no-build`, demo county without
 * ledger, jobs off, rate limits lifted; then loaded by SQL to Redmine's size (200 units, 300 people, 50,000 tasks,
 * ~15% overdue open, ~75% closed, ~50,000 progress reports) with personal API tokens (Bearer) for the office and
 * every unit clerk. The instance and its directory are removed on exit (also on Ctrl-C / SIGTERM).
 * Exits 1 (and appends nothing) when a scenario was mostly errors on either side.
 */
import { HZ, luoshiTicks, machineTicks, ticksOf, withChildren } from './cpu.mjs';
import fs from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawn, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ownerClient } from './lib.mjs';
import { appendResults } from './results.mjs';
import { day, iso, periodOf, writeData as writeWrkData } from './peer-data.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: opt } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '16' },
    'wrk-threads': { type: 'string', default: '2' },
    'redmine-state': { type: 'string', default: process.env.STATE_DIR || '/tmp/redmine-state' },
    'redmine-dir': {
      type: 'string',
      default: path.resolve(root, process.env.LUOSHI_SHARED_DIR || '../shared', 'peers/redmine'),
    },
    scenarios: { type: 'string', default: 'ABCD' },
    passes: { type: 'string', default: '1' },
    'no-append': { type: 'boolean', default: false },
    'stop-redmine': { type: 'boolean', default: false },
    hold: { type: 'boolean', default: false },
  },
});
const SECONDS = Number(opt.seconds);
const WARMUP = Number(opt.warmup);
const CONC = Number(opt.concurrency);
const THREADS = Number(opt['wrk-threads']);
const STATE = path.resolve(opt['redmine-state']);
const PEER = path.resolve(opt['redmine-dir']);
const SCENARIOS = [...opt.scenarios.toUpperCase()];
const PASSES = Number(opt.passes);
const die = (msg) => {
  console.error(`[peer] ERROR: ${msg}`);
  process.exit(2);
};
if (!(Number.isInteger(SECONDS) && SECONDS >= 1 && SECONDS <= 60))
  die('--seconds must be 1..60 (load.sh allows at most 60)');
if (!(Number.isInteger(WARMUP) && WARMUP >= 0 && WARMUP <= 30)) die('--warmup must be 0..30');
if (!(Number.isInteger(CONC) && CONC >= 1) || !(Number.isInteger(THREADS) && THREADS >= 1 && THREADS <= CONC))
  die('bad --concurrency / --wrk-threads');
if (SCENARIOS.length === 0 || SCENARIOS.some((s) => !'ABCD'.includes(s))) die('--scenarios takes letters of ABCD');
if (!(Number.isInteger(PASSES) && PASSES >= 1 && PASSES <= 10)) die('--passes must be 1..10');
const log = (...a) => console.log('[peer]', ...a);

// ------------------------------------------------------------------ Redmine: must be up already
const need = ['setup.env', 'api_key', 'data.lua', 'puma.pid'];
for (const f of need)
  if (!fs.existsSync(path.join(STATE, f)))
    die(`${STATE}/${f} missing: run  STATE_DIR=${STATE} REDMINE_PORT=3300 bash ${PEER}/setup.sh  first (as root)`);
if (!fs.existsSync(path.join(PEER, 'load.sh'))) die(`no load.sh in ${PEER} (--redmine-dir)`);
try {
  execFileSync('wrk', ['-v'], { stdio: 'ignore' });
} catch (e) {
  if (e.code === 'ENOENT') die('wrk not installed (setup.sh installs it)');
}
const rmEnv = Object.fromEntries(
  fs
    .readFileSync(path.join(STATE, 'setup.env'), 'utf8')
    .split('\n')
    .filter((l) => l.includes('='))
    .map((l) => l.split('=')),
);
const rmBase = `http://127.0.0.1:${Number(rmEnv.REDMINE_PORT)}`;
const rmKey = fs.readFileSync(path.join(STATE, 'api_key'), 'utf8').trim();
const rmToday = /TODAY = "([0-9-]+)"/.exec(fs.readFileSync(path.join(STATE, 'data.lua'), 'utf8'))[1];
const rmTotal = async (q) => {
  const r = await fetch(`${rmBase}/${q}`, { headers: { 'X-Redmine-API-Key': rmKey } });
  if (!r.ok) throw new Error(`Redmine ${q}: HTTP ${r.status}`);
  return (await r.json()).total_count;
};
let rmData;
try {
  rmData = {
    projects: await rmTotal('projects.json?limit=1'),
    users: await rmTotal('users.json?limit=1&status='),
    issues: await rmTotal('issues.json?limit=1&status_id=*'),
    open: await rmTotal('issues.json?limit=1&status_id=open'),
    overdue: await rmTotal(`issues.json?limit=1&status_id=open&due_date=%3C%3D${rmToday}`),
  };
} catch (e) {
  die(
    `Redmine does not answer at ${rmBase} (${e.message}); run  STATE_DIR=${STATE} REDMINE_PORT=${rmEnv.REDMINE_PORT} bash ${PEER}/setup.sh`,
  );
}
let rmJournals = '?';
try {
  rmJournals = JSON.parse(fs.readFileSync(path.join(STATE, 'seed_summary.txt'), 'utf8')).journals;
} catch {}
const rmVersion = (() => {
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${Version}', 'redmine'], { encoding: 'utf8' });
  } catch {
    return '?';
  }
})();
log(
  `Redmine ${rmVersion} at ${rmBase}: ${JSON.stringify(rmData)} (seed date ${rmToday}, puma ` +
    `${rmEnv.PUMA_WORKERS}×${rmEnv.PUMA_THREADS}, notifications ${rmEnv.REDMINE_NOTIFICATIONS})`,
);

// ------------------------------------------------------------------ Luoshi: a fresh instance, cleaned up on exit
const freePort = () =>
  new Promise((r) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => r(p));
    });
  });
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-bench-peer-'));
const port = await freePort();
const serverLog = fs.openSync(path.join(dataDir, 'server.log'), 'a');
const child = spawn(process.execPath, [path.join(root, 'scripts/start.mjs'), '--no-build'], {
  cwd: root,
  env: {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    LUOSHI_DATA_DIR: dataDir,
    LUOSHI_JOBS: '0',
    // As deployed: every request logged (Redmine writes each to its production.log as well).
    LUOSHI_LOG_LEVEL: 'info',
    LUOSHI_DEMO_HISTORY: '0',
    LUOSHI_RATE_LIMIT_PER_MINUTE: '100000000',
    LUOSHI_LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
  },
  stdio: ['ignore', serverLog, serverLog],
});
let childExited = false;
child.on('exit', () => {
  childExited = true;
});
let running = null; // the load generator (own process group) currently running, if any
let cleaned = false;
async function cleanup() {
  if (cleaned) return;
  cleaned = true;
  if (running)
    try {
      process.kill(-running.pid, 'SIGTERM');
    } catch {}
  if (!childExited) {
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await new Promise((r) => (childExited ? r() : child.on('exit', r)));
    clearTimeout(t);
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (opt['stop-redmine']) {
    log('stopping Redmine (--stop-redmine)');
    try {
      execFileSync('bash', [path.join(PEER, 'stop.sh')], {
        env: { ...process.env, STATE_DIR: STATE, STOP_POSTGRES: 'no' },
        stdio: 'inherit',
      });
    } catch {}
  }
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'])
  process.on(sig, () => {
    log(`${sig}: cleaning up`);
    cleanup().finally(() => process.exit(130));
  });

const base = `http://127.0.0.1:${port}`;
let exitCode = 0;
try {
  const t0 = performance.now();
  for (;;) {
    if (childExited)
      throw new Error(
        `Luoshi exited during start-up; its log:\n${fs.readFileSync(path.join(dataDir, 'server.log'), 'utf8').slice(-3000)}`,
      );
    if (performance.now() - t0 > 180_000) throw new Error('Luoshi not ready within 180 s');
    try {
      if ((await fetch(`${base}/readyz`)).ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  log(`Luoshi ready at ${base} in ${((performance.now() - t0) / 1000).toFixed(1)} s (data dir ${dataDir})`);

  // ---------------------------------------------------------------- load Redmine's data size by SQL
  const { db, rt } = ownerClient(dataDir);
  db.on('error', () => {}); // the server going away at clean-up is expected
  await db.connect();
  const q = async (sql, p = []) => (await db.query(sql, p)).rows;
  const one = async (sql, p = []) => (await q(sql, p))[0];
  const l0 = performance.now();
  const { today } = await one(`SELECT to_char((now() AT TIME ZONE 'Asia/Shanghai')::date, 'YYYY-MM-DD') AS today`);
  const { id: j } = await one(`SELECT id FROM jurisdictions LIMIT 1`);
  const { id: office } = await one(`SELECT id FROM units WHERE short_name = '督查室'`);
  const { id: sunli } = await one(`SELECT id FROM people WHERE username = 'sunli'`);
  const { person_id: templateCred } = await one(
    `SELECT person_id FROM credentials c JOIN people p ON p.id = c.person_id WHERE p.username = 'fgj.clerk'`,
  );
  const UNITS_TARGET = 200,
    PEOPLE_TARGET = 300,
    TASKS = 50_000;
  const { n: unitsNow } = await one(`SELECT count(*)::int AS n FROM units WHERE jurisdiction_id = $1`, [j]);
  await db.query(
    `INSERT INTO units (jurisdiction_id, name, short_name, kind, sort_order)
      SELECT $1, '基准测试单位' || lpad(g::text, 3, '0'), '基准' || g, 'department', 1000 + g
      FROM generate_series(1, $2::int) g`,
    [j, Math.max(0, UNITS_TARGET - unitsNow)],
  );
  const newUnits = (
    await q(`SELECT id FROM units WHERE jurisdiction_id = $1 AND name LIKE '基准测试单位%' ORDER BY sort_order`, [j])
  ).map((r) => r.id);
  const { n: peopleNow } = await one(`SELECT count(*)::int AS n FROM people WHERE jurisdiction_id = $1`, [j]);
  // One clerk per new unit, then second clerks round the new units until 300 people; same password as the demo.
  const extra = Math.max(0, PEOPLE_TARGET - peopleNow);
  const newPeople = Array.from({ length: extra }, (_, i) => ({
    unit: newUnits[i % newUnits.length],
    username: `bench${String(1 + (i % newUnits.length)).padStart(3, '0')}.clerk${i < newUnits.length ? '' : 2}`,
  }));
  await db.query(
    `WITH p AS (INSERT INTO people (jurisdiction_id, unit_id, username, display_name, title)
                SELECT $1, u, n, '经办人' || n, '经办人' FROM unnest($2::uuid[], $3::text[]) AS x(u, n) RETURNING id)
     , r AS (INSERT INTO role_assignments (person_id, role) SELECT id, 'unit_clerk' FROM p)
     INSERT INTO credentials (person_id, password_hash, must_change_password, password_changed_at)
     SELECT p.id, c.password_hash, false, now() FROM p, credentials c WHERE c.person_id = $4`,
    [j, newPeople.map((p) => p.unit), newPeople.map((p) => p.username), templateCred],
  );
  // Every unit but the office takes tasks; one clerk of each (the first by name) acts for it in A and D.
  const clerks = await q(
    `SELECT DISTINCT ON (p.unit_id) p.unit_id AS unit, p.id AS person FROM people p JOIN role_assignments r ON
      r.person_id = p.id AND r.role = 'unit_clerk'
     WHERE p.jurisdiction_id = $1 AND p.active AND p.unit_id <> $2 ORDER BY p.unit_id, p.username`,
    [j, office],
  );
  const unitIds = (
    await q(`SELECT id FROM units WHERE jurisdiction_id = $1 AND active AND id <> $2 ORDER BY sort_order, name`, [
      j,
      office,
    ])
  ).map((r) => r.id);
  const clerkOf = new Map(clerks.map((c) => [c.unit, c.person]));
  const taskUnits = unitIds.filter((u) => clerkOf.has(u));

  // Deterministic data shaped like the Redmine seed: units weighted 0.5..1.5, deadlines uniform over this year,
  // start 14..120 days before; of the tasks due before today a share stays open so that ~15% of all are overdue.
  let seed = 20261122;
  const rnd = () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const ri = (a, b) => a + Math.floor(rnd() * (b - a + 1));
  const T = day(today);
  const y0 = day(`${today.slice(0, 4)}-01-01`),
    y1 = day(`${today.slice(0, 4)}-12-31`);
  const pastShare = (T - y0) / (y1 - y0 + 1);
  const weights = taskUnits.map(() => 0.5 + rnd());
  const cum = [];
  weights.reduce((s, w, i) => (cum[i] = s + w), 0);
  const pickUnit = () => {
    const x = rnd() * cum[cum.length - 1];
    let lo = 0,
      hi = cum.length - 1;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (cum[m] < x) lo = m + 1;
      else hi = m;
    }
    return taskUnits[lo];
  };
  const items = {
    id: [],
    unit: [],
    state: [],
    start: [],
    deadline: [],
    progress: [],
    lastReport: [],
    cadence: [],
    version: [],
    created: [],
    closed: [],
    level: [],
  };
  const reps = { item: [], period: [], progress: [], by: [], at: [] };
  for (let g = 0; g < TASKS; g++) {
    const id = crypto.randomUUID();
    const unit = pickUnit();
    const deadline = ri(y0, y1);
    const start = deadline - ri(14, 120);
    const open = deadline >= T || rnd() < 0.15 / pastShare;
    const state = !open
      ? 'closed'
      : start > T
        ? 'assigned'
        : (() => {
            const x = rnd();
            return x < 0.1 ? 'assigned' : x < 0.2 ? 'accepted' : x < 0.9 ? 'in_progress' : 'close_requested';
          })();
    const cadence = rnd() < 0.6 ? 'monthly' : 'weekly';
    // 0, 1, 1 or 2 reports (Redmine: 0, 1, 1 or 2 journals), on days between start and min(deadline, today).
    const n = state === 'assigned' ? 0 : [0, 1, 1, 2][ri(0, 3)];
    const last = Math.min(deadline, T);
    const periods = new Set();
    let lastReport = null,
      progress = state === 'closed' ? 100 : state === 'assigned' ? null : ri(0, 9) * 10;
    for (let k = 0; k < n && last >= start; k++) {
      const d = ri(start, last);
      const p = periodOf(d, cadence);
      if (periods.has(p)) continue;
      periods.add(p);
      reps.item.push(id);
      reps.period.push(p);
      reps.progress.push(state === 'closed' ? 100 : (progress ?? 0));
      reps.by.push(clerkOf.get(unit));
      reps.at.push(`${iso(d)}T10:00:00+08:00`);
      lastReport = Math.max(lastReport ?? d, d);
    }
    items.id.push(id);
    items.unit.push(unit);
    items.state.push(state);
    items.start.push(iso(start));
    items.deadline.push(iso(deadline));
    items.progress.push(progress);
    items.lastReport.push(lastReport === null ? null : iso(lastReport));
    items.cadence.push(cadence);
    items.version.push(
      2 +
        (state === 'assigned' ? 0 : 1) +
        periods.size +
        (state === 'closed' ? 2 : state === 'close_requested' ? 1 : 0),
    );
    items.created.push(`${iso(start)}T09:00:00+08:00`);
    items.closed.push(state === 'closed' ? `${iso(Math.min(deadline, T) - ri(0, 10))}T17:00:00+08:00` : null);
    items.level.push(['general', 'general', 'key', 'major'][ri(0, 3)]);
  }
  await db.query(
    `INSERT INTO supervised_items (id, jurisdiction_id, kind, title, assigner_unit_id, assignee_unit_id, state,
      start_date, deadline, progress, last_report_date, cadence, created_by, version, created_at, updated_at, closed_at)
     SELECT x.id, $1, 'task', '基准任务' || x.n, $2, x.unit, x.state, x.start, x.deadline, x.progress, x.last_report,
       x.cadence, $3, x.version, x.created, x.created, x.closed
     FROM unnest($4::uuid[], $5::uuid[], $6::text[], $7::date[], $8::date[], $9::int[], $10::date[], $11::text[],
       $12::int[], $13::timestamptz[], $14::timestamptz[]) WITH ORDINALITY
          AS x(id, unit, state, start, deadline, progress, last_report, cadence, version, created, closed, n)`,
    [
      j,
      office,
      sunli,
      items.id,
      items.unit,
      items.state,
      items.start,
      items.deadline,
      items.progress,
      items.lastReport,
      items.cadence,
      items.version,
      items.created,
      items.closed,
    ],
  );
  const { n: serial0 } = await one(`SELECT coalesce(max(serial), 0)::int AS n FROM tasks WHERE jurisdiction_id = $1`, [
    j,
  ]);
  await db.query(
    `INSERT INTO tasks (id, jurisdiction_id, serial, content, standard, accountability, level, category, source_type, created_at)
     SELECT x.id, $1, $2 + x.n, '基准任务' || x.n || '：推进重点工作，确保按期完成', '按期完成并通过验收', '未按期完成的，按规定问责', x.level, '项目建设', 'meeting', now()
     FROM unnest($3::uuid[], $4::text[]) WITH ORDINALITY AS x(id, level, n)`,
    [j, serial0, items.id, items.level],
  );
  await db.query(
    `INSERT INTO progress_reports (item_id, period, progress, text, submitted_by, submitted_at, review_status)
     SELECT x.item, x.period, x.progress, '本期进展：按计划推进', x.by, x.at, 'accepted' FROM unnest($1::uuid[], $2::text[],
       $3::int[], $4::uuid[], $5::timestamptz[]) AS x(item, period, progress, by, at)`,
    [reps.item, reps.period, reps.progress, reps.by, reps.at],
  );
  // History: issue, acceptance, one event per report, closing request and closing.
  await db.query(
    `INSERT INTO supervision_events (item_id, at, actor_person_id, actor_unit_id, action, from_state, to_state)
     SELECT id, created_at, $1::uuid, $2::uuid, 'assign', 'draft', 'assigned' FROM supervised_items WHERE title LIKE '基准任务%'
     UNION ALL SELECT id, created_at + interval '1 day', NULL, assignee_unit_id, 'accept', 'assigned',
       'accepted' FROM supervised_items WHERE title LIKE '基准任务%' AND state <> 'assigned'
     UNION ALL SELECT r.item_id, r.submitted_at, r.submitted_by, NULL, 'report', 'in_progress',
       'in_progress' FROM progress_reports r JOIN supervised_items i ON i.id = r.item_id AND i.title LIKE '基准任务%'
     UNION ALL SELECT id, closed_at - interval '1 day', NULL, assignee_unit_id, 'requestClose', 'in_progress',
       'close_requested' FROM supervised_items WHERE title LIKE '基准任务%' AND state = 'closed'
     UNION ALL SELECT id, closed_at, $1, $2, 'close', 'close_requested',
       'closed' FROM supervised_items WHERE title LIKE '基准任务%' AND state = 'closed'`,
    [sunli, office],
  );
  // Personal API tokens (Bearer), stored as the auth module stores them: sha256 of the token.
  const mkToken = async (person, name) => {
    const token = `lsk_${crypto.randomBytes(30).toString('base64url')}`;
    // read_write: scenarios C and D write; a day is enough for a run (every token expires).
    await db.query(
      `INSERT INTO api_tokens (person_id, name, prefix, token_hash, scope, expires_at)
       VALUES ($1, $2, $3, $4, 'read_write', now() + interval '1 day')`,
      [person, name, token.slice(0, 10), crypto.createHash('sha256').update(token).digest('hex')],
    );
    return token;
  };
  const officeToken = await mkToken(sunli, 'peer-redmine bench');
  const clerkTokens = [];
  const tokenIndexOfUnit = new Map();
  for (const u of taskUnits) {
    clerkTokens.push(await mkToken(clerkOf.get(u), 'peer-redmine bench'));
    tokenIndexOfUnit.set(u, clerkTokens.length); // 1-based, for Lua
  }
  await db.query('VACUUM ANALYZE');
  const loadSeconds = (performance.now() - l0) / 1000;
  const OPEN = ['assigned', 'returned', 'accepted', 'in_progress', 'close_requested'];
  const ls = await one(
    `SELECT (SELECT count(*) FROM units WHERE jurisdiction_id = $1)::int AS units,
      (SELECT count(*) FROM people WHERE jurisdiction_id = $1)::int AS people,
            count(*)::int AS tasks, count(*) FILTER (WHERE i.state = ANY($2))::int AS open,
              count(*) FILTER (WHERE i.state = 'closed')::int AS closed,
            count(*) FILTER (WHERE i.state = ANY($2) AND i.deadline < $3::date)::int AS overdue,
              count(*) FILTER (WHERE i.state = ANY($2) AND i.deadline <= $3::date)::int AS due_by_today,
            (SELECT count(*) FROM progress_reports)::int AS reports, (SELECT count(*) FROM supervision_events)::int AS events
     FROM supervised_items i JOIN tasks t ON t.id = i.id`,
    [j, OPEN, today],
  );
  log(`Luoshi loaded by SQL in ${loadSeconds.toFixed(1)} s (today ${today}): ${JSON.stringify(ls)}`);

  // ---------------------------------------------------------------- wrk data for the Luoshi side
  const luaStr = (s) => JSON.stringify(s); // ids, tokens, dates: plain ASCII, JSON quoting is valid Lua
  const DEADLINES = Array.from({ length: 60 }, (_, i) => iso(T + 1 + i));
  const baseLua = [
    `TODAY = ${luaStr(today)}`,
    `OPEN_STATES = ${luaStr(OPEN.join(','))}`,
    `OFFICE_TOKEN = ${luaStr(officeToken)}`,
    `CLERK_TOKENS = {${clerkTokens.map(luaStr).join(',')}}`,
    `UNITS = {${taskUnits.map(luaStr).join(',')}}`,
    `DEADLINES = {${DEADLINES.map(luaStr).join(',')}}`,
  ].join('\n');
  const dataFile = path.join(dataDir, 'wrk-data.lua');
  const dataSpec = { j, today, threads: THREADS, tokenIndexOfUnit };
  const writeData = (scenario) => writeWrkData(q, dataFile, baseLua, scenario, dataSpec);

  // ---------------------------------------------------------------- pre-flight on Luoshi: one request of each kind
  const auth = (t) => ({ authorization: `Bearer ${t}`, accept: 'application/json' });
  const pre = {};
  {
    // Rows loaded by SQL carry no stored light yet; one untimed read of the whole ledger lets the server derive them
    // (as it would have kept them up to date in a live system), so no measured run pays for the initial fill.
    // (Harmless for code that derives lights on every read instead.)
    const w0 = performance.now();
    const lr = await fetch(`${base}/api/v1/tasks?page=1&pageSize=1`, { headers: auth(officeToken) });
    if (!lr.ok) throw new Error(`ledger read: HTTP ${lr.status} ${await lr.text()}`);
    pre.warm = `${(await lr.json()).total} tasks in ${((performance.now() - w0) / 1000).toFixed(1)} s`;
    // That read rewrote every row; refresh the planner's statistics as autovacuum would within minutes (with the
    // load-time statistics saying light_on is all NULL, the stale-light check seq-scans 50,000 rows on every read).
    await db.query('VACUUM ANALYZE supervised_items');
    let r = await fetch(`${base}/api/v1/tasks?todo=true&page=1&pageSize=25`, { headers: auth(clerkTokens[0]) });
    if (!r.ok) throw new Error(`pre-flight A: HTTP ${r.status} ${await r.text()}`);
    pre.A = (await r.json()).total;
    r = await fetch(
      `${base}/api/v1/tasks?unitId=${taskUnits[0]}&state=${OPEN.join(',')}&deadlineTo=${today}&page=1&pageSize=25`,
      { headers: auth(officeToken) },
    );
    if (!r.ok) throw new Error(`pre-flight B: HTTP ${r.status} ${await r.text()}`);
    pre.B = (await r.json()).total;
    r = await fetch(`${base}/api/v1/tasks`, {
      method: 'POST',
      headers: { ...auth(officeToken), 'content-type': 'application/json' },
      body: JSON.stringify({
        title: '预检任务',
        content: '预检',
        standard: '按期完成',
        accountability: '问责',
        leadUnitId: taskUnits[0],
        deadline: DEADLINES[0],
        cadence: 'monthly',
        issue: true,
      }),
    });
    if (r.status !== 201) throw new Error(`pre-flight C: HTTP ${r.status} ${await r.text()}`);
    const created = await r.json();
    pre.C = created.state;
    const [w] = await q(
      `SELECT id, version, assignee_unit_id AS unit FROM supervised_items i WHERE title LIKE '基准任务%'
        AND state = 'in_progress' AND cadence = 'monthly'
        AND NOT EXISTS (SELECT 1 FROM progress_reports r WHERE r.item_id = i.id AND r.period = $1) ORDER BY id LIMIT 1`,
      [today.slice(0, 7)],
    );
    r = await fetch(`${base}/api/v1/tasks/${w.id}/reports`, {
      method: 'POST',
      headers: {
        ...auth(clerkTokens[tokenIndexOfUnit.get(w.unit) - 1]),
        'content-type': 'application/json',
        'if-match': `"${w.version}"`,
      },
      body: JSON.stringify({ progress: 50, text: '预检进展' }),
    });
    if (r.status !== 201) throw new Error(`pre-flight D: HTTP ${r.status} ${await r.text()}`);
    pre.D = (await r.json()).period;
  }
  log(`Luoshi first read of the whole ledger (office): ${pre.warm}`);
  log(
    `Luoshi pre-flight ok: A first clerk's to-do total ${pre.A}; B first unit's open tasks ` +
      `due by ${today}: ${pre.B}; C created a task in state ${pre.C}; D reported period ${pre.D}`,
  );

  if (opt.hold) {
    // Inspection: keep the loaded instance up (no runs) until Ctrl-C / SIGTERM, then clean up as usual. What
    // bench/peer-data.mjs needs to write the wrk data for runs against it (D's again before each run).
    fs.writeFileSync(
      path.join(dataDir, 'peer-hold.json'),
      JSON.stringify({ j, today, threads: THREADS, tokenIndexOfUnit: [...tokenIndexOfUnit], baseLua }),
    );
    await writeData('C');
    log(
      `--hold: Luoshi at ${base}, database port ${rt.pgPort} (password in ${dataDir}/pg-password); ` +
        `office token ${officeToken}; clerk token ${clerkTokens[0]} (unit ${taskUnits[0]}); wrk data ${dataFile} ` +
        `(bench/peer-data.mjs ${dataDir} C|D writes it again); Ctrl-C ends`,
    );
    await new Promise(() => {});
  }

  // ---------------------------------------------------------------- the alternating runs
  const runProc = (cmd, args, env) =>
    new Promise((resolve, reject) => {
      const p = spawn(cmd, args, {
        env: { ...process.env, ...env },
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      running = p;
      let out = '',
        err = '';
      p.stdout.on('data', (d) => {
        out += d;
      });
      p.stderr.on('data', (d) => {
        err += d;
      });
      p.on('error', reject);
      p.on('exit', (code) => {
        running = null;
        resolve({ code, out, err });
      });
    });
  const resultOf = (out) => {
    const m = /^RESULT (\{.*\})$/m.exec(out);
    return m ? JSON.parse(m[1]) : null;
  };
  // Wait (max 60 s) until Redmine's puma is idle, as load.sh does before its own runs: stock Redmine renders
  // notification mails after the response, and that backlog must not run during a Luoshi measurement.
  const hz = HZ;
  const pumaTicks = () => ticksOf(withChildren(fs.readFileSync(path.join(STATE, 'puma.pid'), 'utf8').trim()));
  // Luoshi's CPU: the server process (node) and its embedded PostgreSQL (postmaster and backends); the whole machine's busy share.
  const luoshiTicksNow = () => luoshiTicks(child.pid, dataDir);
  const machine = machineTicks;
  async function waitPumaIdle() {
    for (let i = 0; i < 60; i++) {
      const a = pumaTicks();
      await new Promise((r) => setTimeout(r, 1000));
      if ((pumaTicks() - a) * 10 <= hz) return i;
    }
    return 60;
  }
  const wrkLua = path.join(root, 'bench/peer-redmine.lua');
  async function luoshiRun(s) {
    const waited = await waitPumaIdle();
    const wrkArgs = ['-t', String(THREADS), '-c', String(CONC), '--timeout', '10s', '-s', wrkLua];
    let info = '';
    if (WARMUP > 0) {
      info = await writeData(s);
      log(`Luoshi ${s}: warm-up ${WARMUP}s${info ? ` (${info})` : ''}`);
      const w = await runProc('wrk', [...wrkArgs, '-d', `${WARMUP}s`, base], { PEER_DATA: dataFile, PEER_SCENARIO: s });
      if (w.code !== 0) throw new Error(`wrk warm-up failed: ${w.err}`);
    }
    await new Promise((r) => setTimeout(r, 1000)); // let requests cut off by the warm-up's end commit before D reads versions
    info = await writeData(s);
    log(
      `Luoshi ${s}: measuring ${SECONDS}s, ${CONC} connections, ${THREADS} wrk threads${
        info
          ? ` \
(${info})`
          : ''
      }${waited ? ` after waiting ${waited} s for puma to go idle` : ''}`,
    );
    const loadavg = os.loadavg()[0];
    const c0 = luoshiTicksNow(),
      m0 = machine();
    const m = await runProc('wrk', [...wrkArgs, '-d', `${SECONDS}s`, '--latency', base], {
      PEER_DATA: dataFile,
      PEER_SCENARIO: s,
    });
    const c1 = luoshiTicksNow(),
      m1 = machine();
    const res = resultOf(m.out);
    if (m.code !== 0 || !res) throw new Error(`wrk failed (${m.code}): ${m.err}\n${m.out}`);
    return {
      ...res,
      app_cpu_s: (c1.app - c0.app) / hz,
      db_cpu_s: (c1.db - c0.db) / hz,
      machine_cpu_util_pct: Math.round((100 * (m1.busy - m0.busy)) / Math.max(1, m1.total - m0.total)),
      loadavg_before: loadavg.toFixed(2),
    };
  }
  async function redmineRun(s) {
    log(`Redmine ${s}: load.sh (${WARMUP}s warm-up, ${SECONDS}s measured)`);
    const m = await runProc('bash', [path.join(PEER, 'load.sh'), s], {
      STATE_DIR: STATE,
      DURATION: String(SECONDS),
      WARMUP: String(WARMUP),
      CONNS: String(CONC),
      WRK_THREADS: String(THREADS),
    });
    const res = resultOf(m.out);
    if (m.code !== 0 || !res) throw new Error(`load.sh ${s} failed (${m.code}): ${m.err}\n${m.out}`);
    return res;
  }
  const runs = [];
  const startedAt = new Date();
  const loadBefore = os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
  for (let pass = 1; pass <= PASSES; pass++)
    for (const s of SCENARIOS) {
      if (PASSES > 1 && s === SCENARIOS[0]) log(`pass ${pass} of ${PASSES}`);
      const rm = await redmineRun(s);
      log(
        `Redmine ${s}: ${rm.rps} req/s, p50 ${rm.p50_ms} ms, p99 ${rm.p99_ms} ms, ` +
          `non-2xx ${rm.non_2xx_3xx}, socket errors ${rm.socket_errors}, timeouts ` +
          `${rm.timeouts}, puma ${rm.puma_cpu_s} CPU-s, machine ${rm.machine_cpu_util_pct}% busy`,
      );
      const lu = await luoshiRun(s);
      log(
        `Luoshi  ${s}: ${lu.rps} req/s, p50 ${lu.p50_ms} ms, p99 ${lu.p99_ms} ms, non-2xx ` +
          `${lu.non_2xx_3xx}, socket errors ${lu.socket_errors}, node ${lu.app_cpu_s} ` +
          `CPU-s, PostgreSQL ${lu.db_cpu_s} CPU-s, machine ${lu.machine_cpu_util_pct}% busy`,
      );
      runs.push({ s, rm, lu });
    }
  const bad = (r) => r.requests === 0 || (r.non_2xx_3xx + r.socket_errors + r.timeouts) * 2 > r.requests;
  // Per scenario over the passes: medians of rates and latencies, sums of requests, errors and CPU seconds.
  const median = (a) => {
    const b = [...a].sort((x, y) => x - y);
    const m = b.length >> 1;
    return b.length % 2 ? b[m] : (b[m - 1] + b[m]) / 2;
  };
  const sum = (a) => a.reduce((x, y) => x + Number(y ?? 0), 0);
  const aggregate = (rs) => ({
    rps: median(rs.map((r) => r.rps)),
    p50_ms: median(rs.map((r) => r.p50_ms)),
    p99_ms: median(rs.map((r) => r.p99_ms)),
    requests: sum(rs.map((r) => r.requests)),
    non_2xx_3xx: sum(rs.map((r) => r.non_2xx_3xx)),
    socket_errors: sum(rs.map((r) => r.socket_errors)),
    timeouts: sum(rs.map((r) => r.timeouts)),
    puma_cpu_s: sum(rs.map((r) => r.puma_cpu_s)),
    app_cpu_s: sum(rs.map((r) => r.app_cpu_s)),
    db_cpu_s: sum(rs.map((r) => r.db_cpu_s)),
    machine_cpu_util_pct: median(rs.map((r) => Number(r.machine_cpu_util_pct))),
    loadavg_before: rs.map((r) => String(r.loadavg_before ?? '?').split(' ')[0]).join(', '),
    bad: rs.some(bad),
  });
  const rows = SCENARIOS.map((s) => {
    const ps = runs.filter((r) => r.s === s);
    return {
      s,
      rm: aggregate(ps.map((p) => p.rm)),
      lu: aggregate(ps.map((p) => p.lu)),
      ratios: ps.map((p) => p.lu.rps / p.rm.rps),
    };
  });
  const { n: reportsAfter } = await one(`SELECT count(*)::int AS n FROM progress_reports`);
  const { n: tasksAfter } = await one(`SELECT count(*)::int AS n FROM tasks`);
  await db.end();

  // ---------------------------------------------------------------- report
  const NAMES = {
    A: [
      "a person's open tasks",
      'Redmine `GET /issues.json?assigned_to_id=<user>&status_id=open&limit=25` ' +
        '(random user of 300) · Luoshi `GET /api/v1/tasks?todo=true&page=1&pageSize=25` ' +
        "as a random unit clerk (his unit's tasks with an action for him)",
    ],
    B: [
      "a unit's overdue tasks",
      `Redmine \`GET /issues.json?project_id=<p>&status_id=open&due_date=<=${rmToday}&limit=25\` · Luoshi \`GET \
/api/v1/tasks?unitId=<u>&state=${OPEN.join(',')}&deadlineTo=${today}&page=1&pageSize=25\` as the office (open tasks \
of a random unit due by today, Redmine's own condition)`,
    ],
    C: [
      'create a task',
      'Redmine `POST /issues.json` (project, tracker, subject, assignee, dates) · ' +
        'Luoshi `POST /api/v1/tasks` with `issue: true` (created and issued to a random ' +
        "unit at once, with its notification to the unit's clerk and two audit events)",
    ],
    D: [
      'update with a note',
      'Redmine `PUT /issues/<id>.json` (status, done ratio, notes) · Luoshi `POST ' +
        "/api/v1/tasks/<id>/reports` with `If-Match` as that unit's clerk (progress + text for a period " +
        "of the task's cadence not yet reported: a new report, a state event, a version bump and an audit event)",
    ],
  };
  const f1 = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
  const ms = (x) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${f1(x)} ms`);
  const errs = (r) => r.non_2xx_3xx + r.socket_errors + r.timeouts;
  const table = [
    `| scenario | Redmine req/s | Luoshi req/s | **req/s ratio** (Luoshi/Redmine)${
      PASSES > 1 ? ' | req/s ratio in ' + 'each pass' : ''
    } | Redmine p50 / p99 | Luoshi p50 / p99 | **p99 ratio** (Redmine/Luoshi) | errors (Redmine / \
Luoshi) |`,
    `|---|---:|---:|---:${PASSES > 1 ? '|---:' : ''}|---:|---:|---:|---:|`,
    ...rows.map(
      ({ s, rm, lu, ratios }) =>
        `| ${s} ${NAMES[s][0]}${rm.bad || lu.bad ? ' **(mostly errors)**' : ''} | ${f1(rm.rps)} | ${f1(lu.rps)} | \
**${(lu.rps / rm.rps).toFixed(1)}×**${PASSES > 1 ? ` | ${ratios.map((x) => x.toFixed(1)).join(', ')}` : ''} | \
${ms(rm.p50_ms)} / ${ms(rm.p99_ms)} | ${ms(lu.p50_ms)} / ${ms(lu.p99_ms)} | \
**${(rm.p99_ms / lu.p99_ms).toFixed(1)}×** | ${errs(rm)} / ${errs(lu)} |`,
    ),
  ].join('\n');
  const perReq = (cpuS, r) => (r.requests ? `${((1000 * cpuS) / r.requests).toFixed(1)} ms` : '–');
  const ncpu = os.cpus().length;
  const cpuRatio = (rm, lu) => Number(rm.puma_cpu_s) / rm.requests / ((lu.app_cpu_s + lu.db_cpu_s) / lu.requests);
  const cpuTable = [
    `| scenario | Redmine puma CPU per request | Luoshi node + PostgreSQL CPU ` +
      `per request | **CPU ratio** (Redmine/Luoshi) | cores the servers got (of ` +
      `${ncpu}): Redmine puma / Luoshi node + PostgreSQL | machine busy during ` +
      `the run (Redmine / Luoshi) | 1-min load average before (Redmine / Luoshi) |`,
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      ({ s, rm, lu }) =>
        `| ${s} | ${perReq(Number(rm.puma_cpu_s), rm)} | ${perReq(lu.app_cpu_s, lu)} + ` +
        `${perReq(lu.db_cpu_s, lu)} | **${cpuRatio(rm, lu).toFixed(1)}×** | ` +
        `${(Number(rm.puma_cpu_s) / SECONDS / PASSES).toFixed(2)} / ` +
        `${((lu.app_cpu_s + lu.db_cpu_s) / SECONDS / PASSES).toFixed(2)} | ${rm.machine_cpu_util_pct}% / \
${lu.machine_cpu_util_pct}% | ${rm.loadavg_before} / ${lu.loadavg_before} |`,
    ),
  ].join('\n');
  // Issue 16's aims: 50× Redmine's req/s on the reads (A, B), 20× on the writes (C, D), p99 at most 1/50 of Redmine's.
  const AIM = { A: 50, B: 50, C: 20, D: 20 };
  const P99_AIM = 50;
  const verdict = `Aims (issue 16: ≥ 50× Redmine's req/s on A and B, ≥ 20× on C and D; p99 at most 1/${P99_AIM} of \
Redmine's): ${rows
    .map(({ s, rm, lu }) => {
      const rps = lu.rps / rm.rps;
      const p99 = rm.p99_ms / lu.p99_ms;
      const aim = AIM[s] ?? 50;
      return `${s} ${rps.toFixed(1)}× (${rps >= aim ? 'met' : 'not met'}), p99 ${p99.toFixed(1)}× (${
        p99 >= P99_AIM ? 'met' : 'not met'
      })`;
    })
    .join('; ')}.`;
  const cpu = os.cpus();
  const wrkVersion = (() => {
    try {
      return execFileSync('wrk', ['-v'], { encoding: 'utf8' });
    } catch (e) {
      return String(e.stdout ?? '');
    }
  })()
    .split('\n')[0]
    .replace(/ \[.*$/, '');
  const args = process.argv.slice(2).join(' ');
  const git = (a) => {
    try {
      return execFileSync('git', a, { cwd: root, encoding: 'utf8' }).trim();
    } catch {
      return '?';
    }
  };
  const dirty = git(['status', '--porcelain', '--', 'src', 'scripts', 'package.json']);
  const luoshiCode = `commit ${git(['rev-parse', '--short', 'HEAD'])}${
    dirty && dirty !== '?' ? ' plus uncommitted ' + 'changes under src/' : ''
  }`;
  const section = `
## Luoshi against Redmine 5, same data size, alternating runs — ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC

Command: \`node bench/peer-redmine.mjs${args ? ` ${args}` : ''}\` (Redmine set up before with
\`STATE_DIR=${STATE} REDMINE_PORT=${rmEnv.REDMINE_PORT} bash ../shared/peers/redmine/setup.sh\`; the script leaves it running).
Machine: ${cpu.length} × ${cpu[0].model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, \
${os.type().toLowerCase()} ${os.release()}; load generator ${wrkVersion.trim()},
${THREADS} threads, ${CONC} connections, keep-alive, ${WARMUP} s warm-up then ${SECONDS} s measured per side and scenario, in the
order ${SCENARIOS.map((s) => `Redmine ${s}, Luoshi ${s}`).join(', ')}${
    PASSES > 1
      ? `, ${PASSES} passes of that \
sequence; the tables give medians over the passes (CPU: totals over all passes)`
      : ''
  } (load average before: \
${loadBefore}). Redmine's side is the peer's own \`load.sh\`; Luoshi's is
\`bench/peer-redmine.lua\` with the same wrk settings and the same \`RESULT\` line; latencies are wrk's percentiles.

Data, Redmine (${rmVersion}, puma ${rmEnv.PUMA_WORKERS} workers × ${rmEnv.PUMA_THREADS} threads, Debian's PostgreSQL \
15, notifications ${rmEnv.REDMINE_NOTIFICATIONS}):
${rmData.projects} projects, ${rmData.users} users, ${rmData.issues} issues (${rmData.open} open, ${rmData.overdue} \
open and due by ${rmToday}), ${rmJournals} journals at seeding
(earlier runs' C and D add issues and journals).
Data, Luoshi (${luoshiCode}, embedded PostgreSQL 17, demo county plus SQL load in ${loadSeconds.toFixed(1)} s, today \
${today}): ${ls.units} units,
${ls.people} people, ${ls.tasks} tasks (${ls.open} open, ${ls.overdue} = \
${((100 * ls.overdue) / ls.tasks).toFixed(1)}% open and overdue, ${ls.due_by_today} open and due by today,
${ls.closed} = ${((100 * ls.closed) / ls.tasks).toFixed(1)}% closed), ${ls.reports} progress reports, ${ls.events} \
events; after the runs ${tasksAfter} tasks and ${reportsAfter} reports.

${table}

${verdict}

Where the CPU went (from /proc over each measured run). CPU per request is the steadier comparison on a shared
machine: req/s moves with whatever else runs, CPU per request much less. Redmine's PostgreSQL is a shared cluster and
not counted (its SQL is under 1 ms a request, see ../shared/peers/redmine/RESULTS.md); Luoshi's embedded one is. When
the servers got fewer cores than the machine has while it was 100% busy, other work (wrk, and other people's jobs) had
the rest.

${cpuTable}

Scenarios:
${SCENARIOS.map((s) => `- **${s}** ${NAMES[s][0]}: ${NAMES[s][1]}.`).join('\n')}

Caveats: both servers, both databases and wrk share the same ${cpu.length} cores; each logs every request as deployed (Luoshi at
info level into its server log); each side is idle while the other is
measured (before every Luoshi run the script waits, as load.sh does, until Redmine's puma has no deferred mail work
left). Redmine runs every request as admin (the simplest visibility rule), Luoshi as a unit clerk (A, D) or the
supervision office (B, C), with its scoping, version checks and hash-chained audit trail. Redmine's stock
notifications render mails in-process after the response (not counted in its write latency; \`REDMINE_NOTIFICATIONS=off\`
about doubles its C/D rates, see ../shared/peers/redmine/RESULTS.md); Luoshi writes its in-app notification inside the
request. Luoshi's to-do list (A) is per unit, Redmine's per assignee; both return up to 25 rows with a total.
Errors count non-2xx responses, socket errors and timeouts (wrk's timeout is 10 s; a timed-out request is not in
the latency percentiles). Luoshi's rows are loaded by SQL without stored lights: before the runs the script reads the
whole ledger once as the office (the server derives and stores every light) and runs \`VACUUM ANALYZE\` on the items,
as autovacuum would shortly after. C and D change the data on both sides (each run adds tasks and reports/journals).

Rerun (Redmine left running by setup.sh): \`node bench/peer-redmine.mjs [--seconds 20] [--warmup 5] [--concurrency 16]
[--wrk-threads 2] [--redmine-state /tmp/redmine-state] [--scenarios ABCD] [--passes 1] [--no-append] [--stop-redmine] [--hold]\`;
\`RESET_DATA=1\` with setup.sh restores Redmine's pristine data set.
`;
  console.log(section);
  if (rows.some(({ rm, lu }) => rm.bad || lu.bad)) {
    console.error('[peer] ERROR: a scenario was mostly errors (see the table); nothing appended to bench/RESULTS.md');
    exitCode = 1;
  } else if (!opt['no-append']) {
    appendResults(section);
    log('appended to bench/RESULTS.md');
  }
} catch (e) {
  console.error('[peer] ERROR:', e.stack ?? e);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
