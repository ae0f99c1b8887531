#!/usr/bin/env node
/**
 * The cockpit (GET /api/v1/cockpit: tasks by light and unit, the overdue and due-soon lists, projects by pool with
 * their rates, open blockers by leader, twelve weeks of trend) for one county, and for a province of N counties in
 * one database, at concurrency 16 — as the supervision office (the whole county) and as a leader (what he or she
 * 分管); then the league of a full year (考核排名, computed from every recorded event). The county: 5,000 tasks
 * (the shape of bench/ledger.mjs, closures dated), their reports and events (urgings, returned reports, extension
 * decisions among them), 150 key projects with investments and 30 blockers entered through the API. Other
 * counties hold the same ledger by SQL. Loopback only. Appends to bench/RESULTS.md.
 *   node bench/cockpit.mjs [--counties 1] [--tasks 5000] [--seconds 10] [--concurrency 16] [--events-per-task 20]
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ITEMS_SQL, cpuCell, load, loadGenerator, machine, pct, root, signIn, startInstance } from './lib.mjs';
import { appendResults } from './results.mjs';

const { values } = parseArgs({
  options: {
    counties: { type: 'string', default: '1' },
    tasks: { type: 'string', default: '5000' },
    seconds: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '16' },
    'events-per-task': { type: 'string', default: '20' },
  },
});
const COUNTIES = Number(values.counties);
const TASKS = Number(values.tasks);
const SECONDS = Number(values.seconds);
const CONC = Number(values.concurrency);
const EVENTS = Number(values['events-per-task']);

/** Events of a county's items: reports, and the kinds scoring counts (automatic urgings, returned reports, extension
 * decisions, 督办单), dated through the year. */
const EVENTS_SQL = `
  INSERT INTO supervision_events (item_id, at, action, from_state, to_state, actor_person_id, data)
  SELECT i.id, timestamptz '2026-01-05 10:00+08' + ((k * 13 + abs(hashtext(i.id::text)) % 300) % 320) * interval '1 day',
         CASE WHEN k % 10 = 1 THEN 'urge' WHEN k % 10 = 2 THEN 'returnReport' WHEN k % 20 = 3 THEN 'decideExtension'
           WHEN k % 40 = 4 THEN 'notice' ELSE 'report' END,
         'in_progress', 'in_progress', $2,
         CASE WHEN k % 10 = 1 THEN '{"automatic": true}'::jsonb WHEN k % 20 = 3 THEN '{"approved": true}'::jsonb END
  FROM supervised_items i, generate_series(1, $3) k WHERE i.jurisdiction_id = $1`;

const t0 = performance.now();
const inst = await startInstance('cockpit');
const { base, db } = inst;
try {
  const one = async (q, p = []) => (await db.query(q, p)).rows[0];
  const { id: j } = await one(`SELECT id FROM jurisdictions LIMIT 1`);
  const { id: officeUnit } = await one(`SELECT id FROM units WHERE short_name = '督查室'`);
  const { id: sunli } = await one(`SELECT id FROM people WHERE username = 'sunli'`);
  await db.query(
    `INSERT INTO units (jurisdiction_id, name, kind, sort_order) SELECT $1, '基准测试单位' || g, 'department',
      1000 + g FROM generate_series(1, 252) g`,
    [j],
  );
  const units = (
    await db.query(`SELECT id FROM units WHERE jurisdiction_id = $1 AND id <> $2 ORDER BY sort_order, name`, [
      j,
      officeUnit,
    ])
  ).rows.map((r) => r.id);
  await db.query(ITEMS_SQL('基准任务'), [j, officeUnit, units, sunli, TASKS]);
  await db.query(
    `INSERT INTO tasks (id, jurisdiction_id, serial, content, standard, level, category) SELECT id, jurisdiction_id,
      row_number() OVER (ORDER BY created_at, id), title || '：推进重点工作，确保按期完成', '按期完成并通过验收',
      (ARRAY['general','key','major'])[1 + (abs(hashtext(id::text)) % 3)],
      '项目建设' FROM supervised_items WHERE jurisdiction_id = $1 AND kind = 'task'`,
    [j],
  );
  await db.query(
    `INSERT INTO progress_reports (item_id, period, progress, text, submitted_by, review_status, submitted_at,
      late_days) SELECT i.id, '2026-' || lpad(m::text, 2, '0'), m * 10, '本月进展', $1, 'accepted', make_date(2026, m,
      1) + interval '1 month 4 days', CASE WHEN (m + abs(hashtext(i.id::text))) % 9 = 0 THEN 3 ELSE 0 END FROM
      supervised_items i, generate_series(1, 10) m WHERE i.jurisdiction_id = $2`,
    [sunli, j],
  );
  await db.query(EVENTS_SQL, [j, sunli, EVENTS]);

  // Key projects, their investments and blockers through the API (pools, moves and blocker items as the services make them).
  const office = await signIn(base, 'sunli');
  const post = async (url, body, version) => {
    const r = await fetch(base + url, {
      method: 'POST',
      headers: {
        cookie: office.cookie,
        'x-csrf-token': office.csrf,
        'content-type': 'application/json',
        ...(version ? { 'if-match': `"${version}"` } : {}),
      },
      body: JSON.stringify(body),
    });
    const json = await r.json().catch(() => ({}));
    if (!r.ok) throw new Error(`${url}: ${r.status} ${JSON.stringify(json).slice(0, 300)}`);
    return json;
  };
  const demoUnits = (
    await db.query(
      `SELECT id, kind FROM units WHERE jurisdiction_id = $1 AND sort_order < 1000 AND kind <> 'party_office'`,
      [j],
    )
  ).rows;
  const towns = demoUnits.filter((u) => u.kind === 'township');
  const depts = demoUnits.filter((u) => u.kind !== 'township');
  const leaders = (
    await db.query(
      `SELECT p.id FROM people p JOIN role_assignments r ON r.person_id = p.id WHERE r.role = 'leader' ORDER BY p.username`,
    )
  ).rows.map((r) => r.id);
  const POOLS = [
    'reserve',
    'preliminary',
    'new_start',
    'new_start',
    'continuing',
    'continuing',
    'completed',
    'in_production',
  ];
  const TYPES = ['industry', 'infrastructure', 'social', 'ecology', 'urban', 'agriculture'];
  const projectIds = [];
  for (let i = 0; i < 150; i++) {
    const p = await post('/api/v1/projects', {
      name: `基准重点项目${i + 1}`,
      type: TYPES[i % TYPES.length],
      content: '新建厂房及配套设施',
      totalInvestment: 5000 + (i % 17) * 1000,
      annualPlans: { 2026: 2000 + (i % 11) * 300 },
      responsibleUnitId: depts[i % depts.length].id,
      leaderId: leaders[i % leaders.length],
      townshipUnitId: towns[i % towns.length].id,
      startYear: 2026 - (i % 3 === 0 ? 1 : 0),
      endYear: 2026 + (i % 2),
      pool: POOLS[i % POOLS.length],
      enteredOn: '2026-01-10',
    });
    projectIds.push(p.id);
    await post(`/api/v1/projects/${p.id}/investments`, { month: '2026-03', amount: 300 + (i % 7) * 100 }, p.version);
  }
  for (let i = 0; i < 30; i++)
    await post('/api/v1/blockers', {
      projectId: projectIds[i * 5],
      type: ['land', 'funding', 'approval'][i % 3],
      description: `基准卡点${i + 1}`,
    });

  // A province: the other counties' ledgers, of the same size, in the same tables.
  for (let c = 2; c <= COUNTIES; c++) {
    const { id: jc } = await one(`INSERT INTO jurisdictions (code, name) VALUES ($1, $2) RETURNING id`, [
      `bench-${c}`,
      `基准县${c}`,
    ]);
    const cu = (
      await db.query(
        `INSERT INTO units (jurisdiction_id, name, kind, sort_order) SELECT $1, '基准县${c}单位' || g, 'department',
          g FROM generate_series(1, 300) g RETURNING id`,
        [jc],
      )
    ).rows.map((r) => r.id);
    await db.query(ITEMS_SQL('外县任务'), [jc, cu[0], cu, sunli, TASKS]);
    await db.query(
      `INSERT INTO tasks (id, jurisdiction_id, serial, content, standard, level, category) SELECT id,
        jurisdiction_id, row_number() OVER (ORDER BY created_at, id), title, '按期完成', 'general',
        '项目建设' FROM supervised_items WHERE jurisdiction_id = $1`,
      [jc],
    );
    await db.query(EVENTS_SQL, [jc, sunli, Math.max(1, Math.round(EVENTS / 4))]);
    if (c % 10 === 0) process.stdout.write(`  ${c} counties loaded\n`);
  }
  await db.query('ANALYZE');
  const counts = await one(
    `SELECT (SELECT count(*) FROM jurisdictions) AS counties, (SELECT count(*) FROM supervised_items) AS items,
      (SELECT count(*) FROM supervision_events) AS events, (SELECT count(*) FROM progress_reports) AS reports,
      (SELECT count(*) FROM units) AS units, (SELECT count(*) FROM projects) AS projects`,
  );
  const loadSeconds = (performance.now() - t0) / 1000;

  const leader = await signIn(base, 'gongying');
  const opts = { seconds: SECONDS, conc: CONC, inst };
  const rows = [
    await load(base, "office's cockpit (whole county)", '/api/v1/cockpit', office.cookie, opts),
    await load(base, "a leader's cockpit (what he or she 分管)", '/api/v1/cockpit', leader.cookie, opts),
  ];
  // One request at a time (what a single screen waits for; its parts run side by side), each right after a write
  // through the API (marking notifications read), so the cockpit is computed anew every time, never served kept.
  const single = [];
  for (let k = 0; k < 40; k++) {
    const w = await fetch(`${base}/api/v1/notifications/read`, {
      method: 'POST',
      headers: { cookie: office.cookie, 'x-csrf-token': office.csrf, 'content-type': 'application/json' },
      body: '{"all":true}',
    });
    if (!w.ok) throw new Error(`mark read: ${w.status}`);
    const s = performance.now();
    await (await fetch(`${base}/api/v1/cockpit`, { headers: { cookie: office.cookie } })).arrayBuffer();
    if (k >= 10) single.push(performance.now() - s);
  }

  // 考核: the league of the whole year, one request at a time (what the office waits for on the page).
  const league = async (q) => {
    const times = [];
    let size = 0;
    for (let k = 0; k < 6; k++) {
      const s = performance.now();
      const r = await fetch(`${base}/api/v1/scoring/league?${q}`, { headers: { cookie: office.cookie } });
      const body = await r.arrayBuffer();
      if (!r.ok) throw new Error(`league: ${r.status}`);
      if (k > 0) times.push(performance.now() - s); // the first is a warm-up
      size = body.byteLength;
    }
    return { q, median: pct(times, 50), max: Math.max(...times), size };
  };
  // As the page asks: the table without the events behind each line, then the whole table with every event (an export).
  const year = [
    await league('from=2026-01-01&to=2026-12-31&kind=unit&events=none'),
    await league('from=2026-01-01&to=2026-12-31&kind=township&events=none'),
    await league('from=2026-01-01&to=2026-12-31&kind=unit'),
  ];
  const { n: scoredEvents } = await one(
    `SELECT count(*)::int AS n FROM supervision_events e JOIN supervised_items i ON i.id = e.item_id WHERE
      i.jurisdiction_id = $1 AND e.action IN ('urge','notice','returnReport','decideExtension')`,
    [j],
  );

  const section = `
## Cockpit and scoring ${
    COUNTIES > 1
      ? `in a province (${COUNTIES} counties of ${TASKS} tasks)`
      : `for one county \
(${TASKS} tasks)`
  } — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC

Command: \`node bench/cockpit.mjs --counties ${COUNTIES} --tasks ${TASKS} --seconds ${SECONDS} --concurrency ${CONC} \
--events-per-task ${EVENTS}\`
Machine: ${machine()}; embedded PostgreSQL 17; load from ${loadGenerator()} on the same cores.
Data: ${counts.counties} ${COUNTIES > 1 ? 'counties' : 'county'}, ${counts.items} supervised items, ${counts.events} \
events, ${counts.reports} progress reports, ${counts.units} units, ${counts.projects} key projects (loaded in \
${loadSeconds.toFixed(1)} s); requests from one county of ${TASKS} tasks, 150 projects and 30 blockers.

Under load the same person asks again and again: the cockpit is then served as kept (\`LUOSHI_VIEW_CACHE_SECONDS\`, \
${process.env.LUOSHI_VIEW_CACHE_SECONDS ?? '10'} s, dropped by any write); the row "computed anew" is the cost of a \
fresh one.

| request | requests | req/s | p50 | p99 | CPU per request: node + PostgreSQL |
|---|---|---|---|---|---|
${rows
  .map(
    (r) => `| ${r.name} (\`${r.url}\`) | ${r.n}${r.bad ? ` (+${r.bad} failed)` : ''} | ${r.rps.toFixed(0)} | \
${r.p50.toFixed(1)} ms | ${r.p99.toFixed(1)} ms | ${cpuCell(r)} |`,
  )
  .join('\n')}
| office's cockpit computed anew (each right after a write), one request at a time, 30 runs | 30 | – | \
${pct(single, 50).toFixed(1)} ms | max ${Math.max(...single).toFixed(1)} ms | |
${year
  .map(
    (y) => `| league of a full year (\`/api/v1/scoring/league?${y.q}\`; ${TASKS} tasks, ${scoredEvents} \
scored events, ${(y.size / 1024).toFixed(0)} KiB), one at a time, 5 runs | 5 | – | ${y.median.toFixed(0)} ms | max \
${y.max.toFixed(0)} ms | |`,
  )
  .join('\n')}
`;
  appendResults(section);
  console.log(section);
} finally {
  await inst.stop();
}
