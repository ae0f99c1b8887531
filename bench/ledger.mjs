#!/usr/bin/env node
/**
 * The task ledger at 10× a county's scale: 5,000 tasks, 50,000 reports, 500,000 events, 300 units, loaded by SQL
 * into a fresh demo instance; then a clerk's to-do list and the office's filtered ledger page at concurrency 16,
 * and an export of the whole ledger. Loopback only. Appends to bench/RESULTS.md.
 *   node bench/ledger.mjs [--seconds 10] [--concurrency 16] [--tasks 5000]
 */
import fs from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' }, concurrency: { type: 'string', default: '16' }, tasks: { type: 'string', default: '5000' } } });
const SECONDS = Number(values.seconds);
const CONC = Number(values.concurrency);
const TASKS = Number(values.tasks);
const freePort = () => new Promise((r) => { const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => r(p)); }); });
const pct = (a, p) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor((a.length * p) / 100))];

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-bench-ledger-'));
const port = await freePort();
const child = spawn(process.execPath, [path.join(root, 'scripts/start.mjs'), '--no-build'], {
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
  await db.query(
    `INSERT INTO supervised_items (jurisdiction_id, kind, title, assigner_unit_id, assignee_unit_id, state, start_date, deadline, progress, last_report_date, cadence, created_by, version)
     SELECT $1, 'task', '基准任务' || g, $2, ($3::uuid[])[1 + (g % array_length($3::uuid[], 1))],
            (ARRAY['assigned','accepted','in_progress','in_progress','in_progress','close_requested','closed','closed'])[1 + (g % 8)],
            date '2026-01-05', date '2026-02-01' + (g % 330), (g * 37) % 101, date '2026-10-15', 'monthly', $4, 1
     FROM generate_series(1, $5) g`,
    [j, office, units, sunli, TASKS],
  );
  await db.query(`INSERT INTO tasks (id, jurisdiction_id, serial, content, standard, level, category) SELECT id, jurisdiction_id, row_number() OVER (ORDER BY created_at, id), title || '：推进重点工作，确保按期完成', '按期完成并通过验收', (ARRAY['general','key','major'])[1 + (abs(hashtext(id::text)) % 3)], '项目建设' FROM supervised_items WHERE title LIKE '基准任务%'`);
  await db.query(`INSERT INTO progress_reports (item_id, period, progress, text, submitted_by, review_status) SELECT i.id, '2026-' || lpad(m::text, 2, '0'), m * 10, '本月进展', $1, 'accepted' FROM supervised_items i, generate_series(1, 10) m WHERE i.title LIKE '基准任务%'`, [sunli]);
  await db.query(`INSERT INTO supervision_events (item_id, action, from_state, to_state, actor_person_id) SELECT i.id, 'report', 'in_progress', 'in_progress', $1 FROM supervised_items i, generate_series(1, 100) k WHERE i.title LIKE '基准任务%'`, [sunli]);
  await db.query('ANALYZE');
  const counts = await one(`SELECT (SELECT count(*) FROM tasks) AS tasks, (SELECT count(*) FROM progress_reports) AS reports, (SELECT count(*) FROM supervision_events) AS events, (SELECT count(*) FROM units) AS units`);
  const loadSeconds = (performance.now() - t0) / 1000;
  const { username: clerkName } = await one(`SELECT p.username FROM people p WHERE p.username = 'fgj.clerk'`);
  await db.end();

  async function session(username) {
    const r = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'Luoshi@2026' }) });
    return r.headers.get('set-cookie').split(';')[0];
  }
  const cookies = { clerk: await session(clerkName), office: await session('sunli') };
  async function load(name, url, cookie) {
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
  const e0 = performance.now();
  const ex = await fetch(`${base}/api/v1/tasks/export`, { headers: { cookie: cookies.office } });
  const exBytes = (await ex.arrayBuffer()).byteLength;
  const exportSeconds = (performance.now() - e0) / 1000;

  const machine = `${os.cpus().length} × ${os.cpus()[0].model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const section = `
## Task ledger at 10× county scale — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC

Command: \`node bench/ledger.mjs --seconds ${SECONDS} --concurrency ${CONC} --tasks ${TASKS}\`
Machine: ${machine}; embedded PostgreSQL 17, client and server on the same 2 cores.
Data: ${counts.tasks} tasks, ${counts.reports} progress reports, ${counts.events} events, ${counts.units} units (loaded by SQL in ${loadSeconds.toFixed(1)} s).

| request | requests | req/s | p50 | p99 |
|---|---|---|---|---|
${rows.map((r) => `| ${r.name} (\`${r.url}\`) | ${r.n}${r.bad ? ` (+${r.bad} failed)` : ''} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(1)} ms | ${r.p99.toFixed(1)} ms |`).join('\n')}
| export of the whole ledger (.xlsx, ${counts.tasks} rows, ${(exBytes / 1024).toFixed(0)} KiB) | 1 | – | ${exportSeconds.toFixed(2)} s | – |
`;
  fs.appendFileSync(path.join(root, 'bench/RESULTS.md'), section);
  console.log(section);
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.on('exit', r));
  fs.rmSync(dataDir, { recursive: true, force: true });
}
