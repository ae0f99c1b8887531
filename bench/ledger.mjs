#!/usr/bin/env node
/**
 * The task ledger at 10× a county's scale: 5,000 tasks, 50,000 reports, 500,000 events, 300 units, loaded by SQL
 * into a fresh demo instance; then a clerk's to-do list and the office's filtered ledger page at concurrency 16,
 * the recomputation of every light of the ledger, an import of 10,000 rows (preview and commit) and an export of
 * 10,000 rows. With --counties N the database also holds N−1 other counties of the same size (a province), and
 * the requests still come from the one county. Loopback only. Appends to bench/RESULTS.md.
 * node bench/ledger.mjs [--seconds 10] [--concurrency 16] [--tasks 5000] [--counties 1] [--events-per-task 100]
 * [--import-rows 10000] [--profile DIR]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import os from 'node:os';
import { ITEMS_SQL, cpuCell, load as loadRequest, loadGenerator, loadMade, pct, root, startInstance } from './lib.mjs';
import { appendResults } from './results.mjs';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '16' },
    tasks: { type: 'string', default: '5000' },
    counties: { type: 'string', default: '1' },
    'events-per-task': { type: 'string', default: '100' },
    'import-rows': { type: 'string', default: '10000' },
    // Seconds of the office creating and issuing tasks (POST /api/v1/tasks, issue: true) after the lists; 0: none.
    'write-seconds': { type: 'string', default: '0' },
    // Writes a V8 CPU profile of the server (open it in Chrome DevTools) to this directory when the run ends.
    profile: { type: 'string' },
    // Load the data, print how to reach the instance and its database, and keep it up until Ctrl-C (no runs).
    hold: { type: 'boolean', default: false },
  },
});
const SECONDS = Number(values.seconds);
const CONC = Number(values.concurrency);
const TASKS = Number(values.tasks);
const COUNTIES = Number(values.counties);
const EVENTS = Number(values['events-per-task']);
const IMPORT_ROWS = Number(values['import-rows']);
const WRITE_SECONDS = Number(values['write-seconds']);
// The ledger's shape is bench/lib.mjs's ITEMS_SQL (deadlines over eighteen months around today, 85% of the past
// ones closed on a day near their deadline, the rest overdue; open items near the time-proportional progress).
const profileArgs = values.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(values.profile)}`] : [];
const inst = await startInstance('ledger', {}, profileArgs);
const { base, db } = inst;
try {
  const t0 = performance.now();
  const one = async (q, p = []) => (await db.query(q, p)).rows[0];
  const { id: j } = await one(`SELECT id FROM jurisdictions LIMIT 1`);
  const { id: office } = await one(`SELECT id FROM units WHERE short_name = '督查室'`);
  const { id: sunli } = await one(`SELECT id FROM people WHERE username = 'sunli'`);
  await db.query(
    `INSERT INTO units (jurisdiction_id, name, kind, sort_order) SELECT $1, '基准测试单位' || g, 'department', 1000 + g
      FROM generate_series(1, 252) g`,
    [j],
  );
  const units = (
    await db.query(`SELECT id FROM units WHERE jurisdiction_id = $1 AND id <> $2 ORDER BY sort_order, name`, [
      j,
      office,
    ])
  ).rows.map((r) => r.id);
  await db.query(ITEMS_SQL('基准任务'), [j, office, units, sunli, TASKS]);
  await db.query(
    `INSERT INTO tasks (id, jurisdiction_id, serial, content, standard, accountability, level, category)
      SELECT id, jurisdiction_id, row_number() OVER (ORDER BY created_at, id), title || '：推进重点工作，确保按期完成',
        '按期完成并通过验收', '纳入年度目标考核', (ARRAY['general','key','major'])[1 + (abs(hashtext(id::text)) % 3)], '项目建设'
      FROM supervised_items WHERE title LIKE '基准任务%'`,
  );
  await db.query(
    `INSERT INTO progress_reports (item_id, period, progress, text, submitted_by, review_status)
      SELECT i.id, '2026-' || lpad(m::text, 2, '0'), m * 10, '本月进展', $1, 'accepted'
      FROM supervised_items i, generate_series(1, 10) m WHERE i.title LIKE '基准任务%'`,
    [sunli],
  );
  await db.query(
    `INSERT INTO supervision_events (item_id, action, from_state, to_state, actor_person_id)
      SELECT i.id, 'report', 'in_progress', 'in_progress', $1 FROM supervised_items i, generate_series(1, $2) k
      WHERE i.title LIKE '基准任务%'`,
    [sunli, EVENTS],
  );
  // A province: the other counties' ledgers, of the same size, in the same tables.
  for (let c = 2; c <= COUNTIES; c++) {
    const { id: jc } = await one(`INSERT INTO jurisdictions (code, name) VALUES ($1, $2) RETURNING id`, [
      `bench-${c}`,
      `基准县${c}`,
    ]);
    const cu = (
      await db.query(
        `INSERT INTO units (jurisdiction_id, name, kind, sort_order) SELECT $1, '基准县${c}单位' || g, 'department', g
          FROM generate_series(1, 300) g RETURNING id`,
        [jc],
      )
    ).rows.map((r) => r.id);
    await db.query(ITEMS_SQL('外县任务'), [jc, cu[0], cu, sunli, TASKS]);
    await db.query(
      `INSERT INTO tasks (id, jurisdiction_id, serial, content, standard, accountability, level, category)
        SELECT id, jurisdiction_id, row_number() OVER (ORDER BY created_at, id), title, '按期完成', '纳入年度目标考核',
          (ARRAY['general','key','major'])[1 + (abs(hashtext(id::text)) % 3)], '项目建设'
        FROM supervised_items WHERE jurisdiction_id = $1`,
      [jc],
    );
    await db.query(
      `INSERT INTO progress_reports (item_id, period, progress, text, submitted_by, review_status)
        SELECT i.id, '2026-' || lpad(m::text, 2, '0'), m * 10, '本月进展', $1, 'accepted'
        FROM supervised_items i, generate_series(1, 10) m WHERE i.jurisdiction_id = $2`,
      [sunli, jc],
    );
    await db.query(
      `INSERT INTO supervision_events (item_id, action, from_state, to_state, actor_person_id)
        SELECT i.id, 'report', 'in_progress', 'in_progress', $1 FROM supervised_items i, generate_series(1, $2) k
        WHERE i.jurisdiction_id = $3`,
      [sunli, EVENTS, jc],
    );
    if (c % 10 === 0) process.stdout.write(`  ${c} counties loaded\n`);
  }
  await db.query('ANALYZE');
  const counts = await one(
    `SELECT (SELECT count(*) FROM jurisdictions) AS counties, (SELECT count(*) FROM tasks)
      AS tasks, (SELECT count(*) FROM progress_reports) AS reports, (SELECT count(*) FROM supervision_events)
      AS events, (SELECT count(*) FROM units) AS units`,
  );
  const loadSeconds = (performance.now() - t0) / 1000;
  const { username: clerkName } = await one(`SELECT p.username FROM people p WHERE p.username = 'fgj.clerk'`);

  async function session(username) {
    const r = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: 'Luoshi@2026' }),
    });
    return r.headers.get('set-cookie').split(';')[0];
  }
  const cookies = { clerk: await session(clerkName), office: await session('sunli') };
  const csrf = {};
  {
    const r = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'sunli', password: 'Luoshi@2026' }),
    });
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
  const { n: lightItems } = await one(`SELECT count(*)::int AS n FROM supervised_items WHERE jurisdiction_id = $1`, [
    j,
  ]);
  // Statistics as autovacuum would have them after the lights were stored.
  await db.query('ANALYZE supervised_items');
  if (values.hold) {
    const rt = JSON.parse(fs.readFileSync(path.join(inst.dataDir, 'runtime.json'), 'utf8'));
    const pw = fs.readFileSync(path.join(inst.dataDir, 'pg-password'), 'utf8').trim();
    console.log(`--hold: ${base}  PGPASSWORD=${pw} psql -h 127.0.0.1 -p ${rt.pgPort} -U postgres luoshi`);
    console.log(`clerk cookie: ${cookies.clerk}\noffice cookie: ${cookies.office}\noffice csrf: ${csrf.office}`);
    await new Promise((r) => process.once('SIGINT', r));
    await inst.stop();
    process.exit(0);
  }
  const load = (name, url, cookie) => loadRequest(base, name, url, cookie, { seconds: SECONDS, conc: CONC, inst });
  const rows = [
    await load("clerk's to-do list", '/api/v1/tasks?todo=true&page=1&pageSize=20', cookies.clerk),
    await load("office's filtered ledger page", '/api/v1/tasks?light=red&level=key&page=2&pageSize=20', cookies.office),
  ];
  if (WRITE_SECONDS > 0) {
    const deadline = new Date(Date.now() + 90 * 864e5).toISOString().slice(0, 10);
    rows.push(
      await loadMade(
        base,
        'office creates and issues a task (its notification, two audit events)',
        (i) => [
          '/api/v1/tasks',
          {
            method: 'POST',
            headers: { cookie: cookies.office, 'x-csrf-token': csrf.office, 'content-type': 'application/json' },
            body: JSON.stringify({
              title: `压测新建任务${i}`,
              content: '推进重点工作，确保按期完成。',
              standard: '按期完成并通过验收',
              accountability: '未按期完成的，按规定问责',
              category: '项目建设',
              level: 'general',
              leadUnitId: units[i % units.length],
              deadline,
              cadence: 'monthly',
              issue: true,
            }),
          },
        ],
        { seconds: WRITE_SECONDS, conc: CONC, inst },
      ),
    );
  }
  // Import of a 10,000-row ledger in the office layout: preview (every row checked), then commit (0 skips it).
  let previewSeconds = 0,
    commitSeconds = 0,
    exportSeconds = 0,
    exBytes = 0,
    committed = { created: 0 },
    xlsx = Buffer.alloc(0);
  if (IMPORT_ROWS > 0) {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('台账');
    ws.addRow(['序号', '任务名称', '任务内容', '工作标准', '奖惩', '牵头单位', '配合单位', '完成时限', '级别', '类别']);
    const unitNames = [
      '县发展和改革局',
      '县财政局',
      '县住房和城乡建设局',
      '县教育局',
      '县卫生健康局',
      '县农业农村局',
      '县交通运输局',
    ];
    for (let i = 1; i <= IMPORT_ROWS; i++)
      ws.addRow([
        i,
        `导入任务${i}`,
        `导入任务${i}：推进重点工作第${i}项`,
        '按期完成并通过验收',
        '纳入年度目标考核',
        unitNames[i % unitNames.length],
        unitNames[(i + 1) % unitNames.length],
        '2027-06-30',
        ['一般', '重点', '重大'][i % 3],
        '项目建设',
      ]);
    xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const form = new FormData();
    form.append('file', new Blob([xlsx]), 'import-bench.xlsx');
    const i0 = performance.now();
    const pv = await fetch(`${base}/api/v1/tasks/import`, {
      method: 'POST',
      headers: { cookie: cookies.office, 'x-csrf-token': csrf.office },
      body: form,
    });
    const preview = await pv.json();
    previewSeconds = (performance.now() - i0) / 1000;
    if (!pv.ok || !preview.batchId)
      throw new Error(`import preview: ${pv.status} ${JSON.stringify(preview).slice(0, 500)}`);
    const c0 = performance.now();
    const cm = await fetch(`${base}/api/v1/tasks/import/${preview.batchId}/commit`, {
      method: 'POST',
      headers: { cookie: cookies.office, 'x-csrf-token': csrf.office, 'content-type': 'application/json' },
      body: '{}',
    });
    committed = await cm.json();
    commitSeconds = (performance.now() - c0) / 1000;
    if (!cm.ok) throw new Error(`import commit: ${cm.status} ${JSON.stringify(committed).slice(0, 500)}`);

    // Export of 10,000 rows: the imported ones, as the office filters them (keyword).
    const e0 = performance.now();
    const ex = await fetch(`${base}/api/v1/tasks/export?q=${encodeURIComponent('导入任务')}`, {
      headers: { cookie: cookies.office },
    });
    exBytes = (await ex.arrayBuffer()).byteLength;
    exportSeconds = (performance.now() - e0) / 1000;
    if (!ex.ok) throw new Error(`export: ${ex.status}`);
  }

  const cpu = os.cpus();
  const machine = `${cpu.length} × ${cpu[0].model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node \
${process.version}, load average ${os.loadavg()[0].toFixed(1)} at the end`;
  const section = `
## Task ledger ${COUNTIES > 1 ? `in a province (${COUNTIES} counties of ${TASKS} tasks)` : `at 10× county scale`} — \
${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC

Command: \`${
    process.env.LUOSHI_SESSION_CACHE_SECONDS !== undefined
      ? `LUOSHI_SESSION_CACHE_SECONDS=\
${process.env.LUOSHI_SESSION_CACHE_SECONDS} `
      : ''
  }node bench/ledger.mjs --seconds ${SECONDS} --concurrency ${CONC} \
--tasks ${TASKS} --counties ${COUNTIES} --events-per-task ${EVENTS} \
--import-rows ${IMPORT_ROWS}${WRITE_SECONDS ? ` --write-seconds ${WRITE_SECONDS}` : ''}\`
Machine: ${machine}; embedded PostgreSQL 17; load from ${loadGenerator()} on the same 2 cores.
Data: ${counts.counties} ${COUNTIES > 1 ? 'counties (a province)' : 'county'}: ${counts.tasks} tasks, \
${counts.reports} progress reports, ${counts.events} events, ${counts.units} units (loaded by SQL in \
${loadSeconds.toFixed(1)} s); requests from one county of ${TASKS} tasks.

CPU per request is read from /proc over the measured seconds (node = the server process, PostgreSQL = its embedded
server): on a shared machine it moves much less than req/s. Machine busy = share of all cores in use meanwhile.

| request | requests | req/s | p50 | p99 | CPU per request: node + PostgreSQL | machine busy |
|---|---|---|---|---|---|---|
${rows
  .map(
    (r) => `| ${r.name} (\`${r.url}\`) | ${r.n}${r.bad ? ` (+${r.bad} failed)` : ''} | ${r.rps.toFixed(0)} | \
${r.p50.toFixed(1)} ms | ${r.p99.toFixed(1)} ms | ${cpuCell(r)} | ${r.busyPct}% |`,
  )
  .join('\n')}
| every light of the county derived again (${lightItems} items; first list after clearing them), 3 runs | 3 | – | \
${pct(recompute, 50).toFixed(0)} ms | max ${Math.max(...recompute).toFixed(0)} ms | | |
${
  IMPORT_ROWS > 0
    ? `| import of ${IMPORT_ROWS} rows (.xlsx ${(xlsx.length / 1024).toFixed(0)} KiB): preview, every row checked | \
1 | – | ${previewSeconds.toFixed(2)} s | – | | |
| import of ${IMPORT_ROWS} rows: commit (one transaction, ${committed.created} tasks issued) | 1 | – | \
${commitSeconds.toFixed(2)} s | – | | |
| export of ${IMPORT_ROWS} filtered rows (.xlsx, ${(exBytes / 1024).toFixed(0)} KiB) | 1 | – | ${exportSeconds.toFixed(2)} s | – | | |
`
    : ''
}`;
  appendResults(section);
  console.log(section);
} finally {
  await inst.stop();
}
