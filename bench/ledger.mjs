#!/usr/bin/env node
/**
 * The task ledger at 10× a county's scale: 5,000 tasks, 50,000 reports, 500,000 events, 300 units, loaded by SQL
 * into a fresh demo instance; then a clerk's to-do list and the office's filtered ledger page at concurrency 16,
 * the recomputation of every light of the ledger, an import of 10,000 rows (preview and commit) and an export of
 * 10,000 rows. With --counties N the database also holds N−1 other counties of the same size (a province), and
 * the requests still come from the one county. Loopback only. Appends to bench/RESULTS.md.
 *   node bench/ledger.mjs [--seconds 10] [--concurrency 16] [--tasks 5000] [--counties 1] [--events-per-task 100] [--import-rows 10000] [--profile DIR]
 */
import fs from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import ExcelJS from 'exceljs';
import { HZ, luoshiTicks, machineTicks } from './cpu.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '16' },
    tasks: { type: 'string', default: '5000' },
    counties: { type: 'string', default: '1' },
    'events-per-task': { type: 'string', default: '100' },
    'import-rows': { type: 'string', default: '10000' },
    // Writes a V8 CPU profile of the server (open it in Chrome DevTools) to this directory when the run ends.
    profile: { type: 'string' },
  },
});
const SECONDS = Number(values.seconds);
const CONC = Number(values.concurrency);
const TASKS = Number(values.tasks);
const COUNTIES = Number(values.counties);
const EVENTS = Number(values['events-per-task']);
const IMPORT_ROWS = Number(values['import-rows']);
const freePort = () => new Promise((r) => { const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => r(p)); }); });
const pct = (a, p) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor((a.length * p) / 100))];

/**
 * A ledger as counties keep one: deadlines spread over eighteen months around today; of the items past their
 * deadline 85% are closed and the rest overdue (about 8% of all, close to the peer data set's 15% of open ones);
 * open items report progress near the time-proportional expectation, some ahead and some behind.
 */
const ITEMS_SQL = (title) => `
  INSERT INTO supervised_items (jurisdiction_id, kind, title, assigner_unit_id, assignee_unit_id, state, start_date, deadline, progress, last_report_date, cadence, created_by, version)
  SELECT $1, 'task', '${title}' || g, $2, ($3::uuid[])[1 + (g % array_length($3::uuid[], 1))],
         CASE WHEN d < current_date THEN (CASE WHEN g % 20 < 17 THEN 'closed' ELSE 'in_progress' END)
              ELSE (ARRAY['assigned','accepted','in_progress','in_progress','in_progress','in_progress','close_requested'])[1 + (g % 7)] END,
         d - (60 + g % 120), d,
         greatest(0, least(100, round(100.0 * (current_date - (d - (60 + g % 120))) / (60 + g % 120)) + (g * 37) % 41 - 25))::int,
         current_date - (g % 40), 'monthly', $4, 1
  FROM (SELECT g, date '2026-03-01' + ((g * 7) % 540) AS d FROM generate_series(1, $5) g) s`;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-bench-ledger-'));
const port = await freePort();
const profileArgs = values.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(values.profile)}`] : [];
const child = spawn(process.execPath, [...profileArgs, path.join(root, 'scripts/start.mjs'), '--no-build'], {
  cwd: root,
  env: { ...process.env, PORT: String(port), LUOSHI_DATA_DIR: dataDir, LUOSHI_JOBS: '0', LUOSHI_LOG_LEVEL: 'warn', LUOSHI_SHARED_DIR: path.join(dataDir, 'none'), LUOSHI_RATE_LIMIT_PER_MINUTE: '10000000', LUOSHI_LOGIN_RATE_LIMIT_PER_MINUTE: '100000' },
  stdio: 'ignore',
});
const base = `http://127.0.0.1:${port}`;
for (;;) {
  try { if ((await fetch(`${base}/readyz`)).ok) break; } catch {}
  await new Promise((r) => setTimeout(r, 50));
}
try {
  const rt = JSON.parse(fs.readFileSync(path.join(dataDir, 'runtime.json'), 'utf8'));
  const db = new pg.Client({ host: '127.0.0.1', port: rt.pgPort, user: 'postgres', password: fs.readFileSync(path.join(dataDir, 'pg-password'), 'utf8').trim(), database: 'luoshi' });
  await db.connect();
  const t0 = performance.now();
  const one = async (q, p = []) => (await db.query(q, p)).rows[0];
  const { id: j } = await one(`SELECT id FROM jurisdictions LIMIT 1`);
  const { id: office } = await one(`SELECT id FROM units WHERE short_name = '督查室'`);
  const { id: sunli } = await one(`SELECT id FROM people WHERE username = 'sunli'`);
  await db.query(`INSERT INTO units (jurisdiction_id, name, kind, sort_order) SELECT $1, '基准测试单位' || g, 'department', 1000 + g FROM generate_series(1, 252) g`, [j]);
  const units = (await db.query(`SELECT id FROM units WHERE jurisdiction_id = $1 AND id <> $2 ORDER BY sort_order, name`, [j, office])).rows.map((r) => r.id);
  await db.query(ITEMS_SQL('基准任务'), [j, office, units, sunli, TASKS]);
  await db.query(`INSERT INTO tasks (id, jurisdiction_id, serial, content, standard, level, category) SELECT id, jurisdiction_id, row_number() OVER (ORDER BY created_at, id), title || '：推进重点工作，确保按期完成', '按期完成并通过验收', (ARRAY['general','key','major'])[1 + (abs(hashtext(id::text)) % 3)], '项目建设' FROM supervised_items WHERE title LIKE '基准任务%'`);
  await db.query(`INSERT INTO progress_reports (item_id, period, progress, text, submitted_by, review_status) SELECT i.id, '2026-' || lpad(m::text, 2, '0'), m * 10, '本月进展', $1, 'accepted' FROM supervised_items i, generate_series(1, 10) m WHERE i.title LIKE '基准任务%'`, [sunli]);
  await db.query(`INSERT INTO supervision_events (item_id, action, from_state, to_state, actor_person_id) SELECT i.id, 'report', 'in_progress', 'in_progress', $1 FROM supervised_items i, generate_series(1, $2) k WHERE i.title LIKE '基准任务%'`, [sunli, EVENTS]);
  // A province: the other counties' ledgers, of the same size, in the same tables.
  for (let c = 2; c <= COUNTIES; c++) {
    const { id: jc } = await one(`INSERT INTO jurisdictions (code, name) VALUES ($1, $2) RETURNING id`, [`bench-${c}`, `基准县${c}`]);
    const cu = (await db.query(`INSERT INTO units (jurisdiction_id, name, kind, sort_order) SELECT $1, '基准县${c}单位' || g, 'department', g FROM generate_series(1, 300) g RETURNING id`, [jc])).rows.map((r) => r.id);
    await db.query(ITEMS_SQL('外县任务'), [jc, cu[0], cu, sunli, TASKS]);
    await db.query(`INSERT INTO tasks (id, jurisdiction_id, serial, content, standard, level, category) SELECT id, jurisdiction_id, row_number() OVER (ORDER BY created_at, id), title, '按期完成', (ARRAY['general','key','major'])[1 + (abs(hashtext(id::text)) % 3)], '项目建设' FROM supervised_items WHERE jurisdiction_id = $1`, [jc]);
    await db.query(`INSERT INTO progress_reports (item_id, period, progress, text, submitted_by, review_status) SELECT i.id, '2026-' || lpad(m::text, 2, '0'), m * 10, '本月进展', $1, 'accepted' FROM supervised_items i, generate_series(1, 10) m WHERE i.jurisdiction_id = $2`, [sunli, jc]);
    await db.query(`INSERT INTO supervision_events (item_id, action, from_state, to_state, actor_person_id) SELECT i.id, 'report', 'in_progress', 'in_progress', $1 FROM supervised_items i, generate_series(1, $2) k WHERE i.jurisdiction_id = $3`, [sunli, EVENTS, jc]);
    if (c % 10 === 0) process.stdout.write(`  ${c} counties loaded\n`);
  }
  await db.query('ANALYZE');
  const counts = await one(`SELECT (SELECT count(*) FROM jurisdictions) AS counties, (SELECT count(*) FROM tasks) AS tasks, (SELECT count(*) FROM progress_reports) AS reports, (SELECT count(*) FROM supervision_events) AS events, (SELECT count(*) FROM units) AS units`);
  const loadSeconds = (performance.now() - t0) / 1000;
  const { username: clerkName } = await one(`SELECT p.username FROM people p WHERE p.username = 'fgj.clerk'`);

  async function session(username) {
    const r = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'Luoshi@2026' }) });
    return r.headers.get('set-cookie').split(';')[0];
  }
  const cookies = { clerk: await session(clerkName), office: await session('sunli') };
  const csrf = {};
  {
    const r = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'sunli', password: 'Luoshi@2026' }) });
    cookies.office = r.headers.get('set-cookie').split(';')[0];
    csrf.office = (await r.json()).csrfToken;
  }

  // The light of every item of the county derived again (what the first list of a day, or a calendar change,
  // costs): clear the stored lights, then time one list request that must recompute them all.
  const recompute = [];
  for (let k = 0; k < 3; k++) {
    await db.query(`UPDATE supervised_items SET light_on = NULL WHERE jurisdiction_id = $1`, [j]);
    // A change made outside the server is seen once its one-second "lights hold" window has passed.
    await new Promise((r) => setTimeout(r, 1100));
    const s = performance.now();
    const r = await fetch(`${base}/api/v1/tasks?page=1&pageSize=20`, { headers: { cookie: cookies.office } });
    await r.arrayBuffer();
    if (!r.ok) throw new Error(`list after clearing lights: ${r.status}`);
    recompute.push(performance.now() - s);
  }
  const { n: lightItems } = await one(`SELECT count(*)::int AS n FROM supervised_items WHERE jurisdiction_id = $1`, [j]);
  // Statistics as autovacuum would have them after the lights were stored.
  await db.query('ANALYZE supervised_items');
  await db.end();
  // wrk when installed (a light load generator in C: the client steals little of the two cores), else fetch.
  const WRK = spawnSync('wrk', ['--version']).error ? null : 'wrk';
  const ms = (v, u) => Number(v) * ({ us: 0.001, ms: 1, s: 1000 }[u] ?? 1);
  async function loadWrk(name, url, cookie) {
    const out = await new Promise((resolve) => {
      const p = spawn('wrk', ['-t2', `-c${CONC}`, `-d${SECONDS}s`, '--latency', '-H', `Cookie: ${cookie}`, base + url]);
      let text = '';
      p.stdout.on('data', (d) => (text += d));
      p.on('exit', () => resolve(text));
    });
    const pctl = (p) => { const m = new RegExp(`\\s${p}%\\s+([\\d.]+)(us|ms|s)`).exec(out); return m ? ms(m[1], m[2]) : NaN; };
    const n = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
    const bad = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
    return { name, url, n: n - bad, bad, rps: (n - bad) / SECONDS, p50: pctl(50), p99: pctl(99) };
  }
  async function load(name, url, cookie) {
    // Three seconds of warm-up (code paths compiled, connections open), not measured.
    for (const until = performance.now() + 3000; performance.now() < until; ) await (await fetch(base + url, { headers: { cookie } })).arrayBuffer();
    const c0 = luoshiTicks(child.pid, dataDir), m0 = machineTicks();
    const r = await measure(name, url, cookie);
    const c1 = luoshiTicks(child.pid, dataDir), m1 = machineTicks();
    const per = (ticks) => (r.n + r.bad ? (1000 * ticks) / HZ / (r.n + r.bad) : NaN);
    return { ...r, appMs: per(c1.app - c0.app), dbMs: per(c1.db - c0.db), busyPct: Math.round((100 * (m1.busy - m0.busy)) / Math.max(1, m1.total - m0.total)) };
  }
  async function measure(name, url, cookie) {
    if (WRK) return loadWrk(name, url, cookie);
    const lat = [];
    let bad = 0;
    const until = performance.now() + SECONDS * 1000;
    await Promise.all(Array.from({ length: CONC }, async () => {
      while (performance.now() < until) {
        const s = performance.now();
        const r = await fetch(base + url, { headers: { cookie } });
        await r.arrayBuffer();
        if (r.ok) lat.push(performance.now() - s);
        else bad++;
      }
    }));
    return { name, url, n: lat.length, bad, rps: lat.length / SECONDS, p50: pct(lat, 50), p99: pct(lat, 99) };
  }
  const rows = [
    await load("clerk's to-do list", '/api/v1/tasks?todo=true&page=1&pageSize=20', cookies.clerk),
    await load("office's filtered ledger page", '/api/v1/tasks?light=red&level=key&page=2&pageSize=20', cookies.office),
  ];
  // Import of a 10,000-row ledger in the office layout: preview (every row checked), then commit (0 skips it).
  let previewSeconds = 0, commitSeconds = 0, exportSeconds = 0, exBytes = 0, committed = { created: 0 }, xlsx = Buffer.alloc(0);
  if (IMPORT_ROWS > 0) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('台账');
  ws.addRow(['序号', '任务名称', '任务内容', '工作标准', '牵头单位', '配合单位', '完成时限', '级别', '类别']);
  const unitNames = ['县发展和改革局', '县财政局', '县住房和城乡建设局', '县教育局', '县卫生健康局', '县农业农村局', '县交通运输局'];
  for (let i = 1; i <= IMPORT_ROWS; i++) ws.addRow([i, `导入任务${i}`, `导入任务${i}：推进重点工作第${i}项`, '按期完成并通过验收', unitNames[i % unitNames.length], unitNames[(i + 1) % unitNames.length], '2027-06-30', ['一般', '重点', '重大'][i % 3], '项目建设']);
  xlsx = Buffer.from(await wb.xlsx.writeBuffer());
  const form = new FormData();
  form.append('file', new Blob([xlsx]), 'import-bench.xlsx');
  const i0 = performance.now();
  const pv = await fetch(`${base}/api/v1/tasks/import`, { method: 'POST', headers: { cookie: cookies.office, 'x-csrf-token': csrf.office }, body: form });
  const preview = await pv.json();
  previewSeconds = (performance.now() - i0) / 1000;
  if (!pv.ok || !preview.batchId) throw new Error(`import preview: ${pv.status} ${JSON.stringify(preview).slice(0, 500)}`);
  const c0 = performance.now();
  const cm = await fetch(`${base}/api/v1/tasks/import/${preview.batchId}/commit`, { method: 'POST', headers: { cookie: cookies.office, 'x-csrf-token': csrf.office, 'content-type': 'application/json' }, body: '{}' });
  committed = await cm.json();
  commitSeconds = (performance.now() - c0) / 1000;
  if (!cm.ok) throw new Error(`import commit: ${cm.status} ${JSON.stringify(committed).slice(0, 500)}`);

  // Export of 10,000 rows: the imported ones, as the office filters them (keyword).
  const e0 = performance.now();
  const ex = await fetch(`${base}/api/v1/tasks/export?q=${encodeURIComponent('导入任务')}`, { headers: { cookie: cookies.office } });
  exBytes = (await ex.arrayBuffer()).byteLength;
  exportSeconds = (performance.now() - e0) / 1000;
  if (!ex.ok) throw new Error(`export: ${ex.status}`);
  }

  const machine = `${os.cpus().length} × ${os.cpus()[0].model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const section = `
## Task ledger ${COUNTIES > 1 ? `in a province (${COUNTIES} counties of ${TASKS} tasks)` : `at 10× county scale`} — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC

Command: \`${process.env.LUOSHI_SESSION_CACHE_SECONDS !== undefined ? `LUOSHI_SESSION_CACHE_SECONDS=${process.env.LUOSHI_SESSION_CACHE_SECONDS} ` : ''}node bench/ledger.mjs --seconds ${SECONDS} --concurrency ${CONC} --tasks ${TASKS} --counties ${COUNTIES} --events-per-task ${EVENTS} --import-rows ${IMPORT_ROWS}\`
Machine: ${machine}; embedded PostgreSQL 17; load from ${WRK ? 'wrk (2 threads)' : 'Node fetch'} on the same 2 cores.
Data: ${counts.counties} ${COUNTIES > 1 ? 'counties (a province)' : 'county'}: ${counts.tasks} tasks, ${counts.reports} progress reports, ${counts.events} events, ${counts.units} units (loaded by SQL in ${loadSeconds.toFixed(1)} s); requests from one county of ${TASKS} tasks.

CPU per request is read from /proc over the measured seconds (node = the server process, PostgreSQL = its embedded
server): on a shared machine it moves much less than req/s. Machine busy = share of all cores in use meanwhile.

| request | requests | req/s | p50 | p99 | CPU per request: node + PostgreSQL | machine busy |
|---|---|---|---|---|---|---|
${rows.map((r) => `| ${r.name} (\`${r.url}\`) | ${r.n}${r.bad ? ` (+${r.bad} failed)` : ''} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(1)} ms | ${r.p99.toFixed(1)} ms | ${r.appMs.toFixed(2)} + ${r.dbMs.toFixed(2)} ms | ${r.busyPct}% |`).join('\n')}
| every light of the county derived again (${lightItems} items; first list after clearing them), 3 runs | 3 | – | ${pct(recompute, 50).toFixed(0)} ms | max ${Math.max(...recompute).toFixed(0)} ms | | |
${IMPORT_ROWS > 0 ? `| import of ${IMPORT_ROWS} rows (.xlsx ${(xlsx.length / 1024).toFixed(0)} KiB): preview, every row checked | 1 | – | ${previewSeconds.toFixed(2)} s | – | | |
| import of ${IMPORT_ROWS} rows: commit (one transaction, ${committed.created} tasks issued) | 1 | – | ${commitSeconds.toFixed(2)} s | – | | |
| export of ${IMPORT_ROWS} filtered rows (.xlsx, ${(exBytes / 1024).toFixed(0)} KiB) | 1 | – | ${exportSeconds.toFixed(2)} s | – | | |
` : ''}`;
  fs.appendFileSync(path.join(root, 'bench/RESULTS.md'), section);
  console.log(section);
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.on('exit', r));
  fs.rmSync(dataDir, { recursive: true, force: true });
}
