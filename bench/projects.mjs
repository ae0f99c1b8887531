#!/usr/bin/env node
/**
 * The key-project library at issue 4's scale: 2,000 projects × 52 weekly rounds × 20 milestones per county, loaded
 * by SQL into a fresh demo instance (projects with their moves and monthly investment, every milestone a supervised
 * item, a year of rounds with the units' reports, blockers). Then, at concurrency 16 from the office of one county:
 * the round summary (对账), the rates page (by pool and by unit) and the map data. With --counties N the database
 * also holds N−1 other counties of the same size (a province); the requests still come from the one county.
 * Loopback only. Appends to bench/RESULTS.md.
 *   node bench/projects.mjs [--seconds 10] [--concurrency 16] [--projects 2000] [--rounds 52] [--milestones 20] [--counties 1]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cpuCell, load as loadRequest, loadGenerator, startInstance } from './lib.mjs';
import { appendResults } from './results.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '16' },
    projects: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '52' },
    milestones: { type: 'string', default: '20' },
    counties: { type: 'string', default: '1' },
    // Writes a V8 CPU profile of the server (open it in Chrome DevTools) to this directory when the run ends.
    profile: { type: 'string' },
    // Prints the section instead of appending it to bench/RESULTS.md (trial runs).
    'dry-run': { type: 'boolean', default: false },
  },
});
const SECONDS = Number(values.seconds);
const CONC = Number(values.concurrency);
const PROJECTS = Number(values.projects);
const ROUNDS = Number(values.rounds);
const MILESTONES = Number(values.milestones);
const COUNTIES = Number(values.counties);
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const YEAR = Number(today.slice(0, 4));

const profileArgs = values.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(values.profile)}`] : [];
const inst = await startInstance('projects', {}, profileArgs);
const { base, db, dataDir } = inst;

/**
 * One county's library, by SQL: projects across the pools (about 60% in the three pools that report weekly), each
 * with its entry move (and a second for those past 储备), monthly investment for the months of the year so far,
 * MILESTONES milestones spread over two years (past ones 90% done and 10% still open — red —, future ones issued),
 * ROUNDS weekly rounds ending this week (the last one open) with the due projects fixed and 95% of them reported
 * (some late, some behind, some with problems), and one blocker per 8 projects, a third still open.
 */
async function loadCounty(db, j, { units, townships, leaders, office, person }) {
  const P = PROJECTS;
  await db.query(
    `INSERT INTO projects (jurisdiction_id, serial, name, type, content, total_investment, annual_plans,
      owner_enterprise, responsible_unit_id, leader_id, township_unit_id, lng, lat, start_year, end_year, major,
      attracted, livelihood, pool, pool_since, created_by)
     SELECT $1, g, '基准项目' || g,
       (ARRAY['industry','infrastructure','social','ecology','urban','agriculture','other'])[1 + g % 7],
       '基准项目' || g || '建设内容',
            10000 + (g % 50) * 1000, jsonb_build_object($8::text, 4000 + (g % 50) * 300), '基准建设单位' || (g % 300),
            ($2::uuid[])[1 + g % array_length($2::uuid[], 1)], ($3::uuid[])[1 + g % array_length($3::uuid[], 1)],
              ($4::uuid[])[1 + g % array_length($4::uuid[], 1)],
            117.05 + ((g * 37) % 900) / 1000.0, 31.05 + ((g * 53) % 900) / 1000.0,
            $7 - (g % 3 = 0)::int, $7 + 1 + g % 2, g % 5 = 0, g % 4 = 0, g % 9 = 0,
            (ARRAY['reserve','preliminary','new_start','new_start','continuing','continuing','completed',
                    'in_production','preliminary','continuing'])[1 + g % 10],
            date '${YEAR}-01-05' + (g % 200), $5
     FROM generate_series(1, $6) g`,
    [j, units, leaders, townships, person, P, YEAR, String(YEAR)],
  );
  await db.query(
    `INSERT INTO project_moves (project_id, jurisdiction_id, from_pool, to_pool, date, reason, actor_person_id)
     SELECT id, jurisdiction_id, NULL, CASE WHEN pool = 'reserve' THEN 'reserve' ELSE 'preliminary' END,
       date '${YEAR}-01-05', '入库', $2 FROM projects WHERE jurisdiction_id = $1`,
    [j, person],
  );
  await db.query(
    `INSERT INTO project_moves (project_id, jurisdiction_id, from_pool, to_pool, date, reason, actor_person_id)
     SELECT id, jurisdiction_id, 'preliminary', pool, pool_since, '按实际调整',
       $2 FROM projects WHERE jurisdiction_id = $1 AND pool NOT IN ('reserve', 'preliminary')`,
    [j, person],
  );
  await db.query(
    `INSERT INTO project_investments (project_id, jurisdiction_id, month, amount, recorded_by, recorded_on)
     SELECT p.id, p.jurisdiction_id, '${YEAR}-' || lpad(m::text, 2, '0'), 200 + (p.serial % 20) * 15, $2,
       (date '${YEAR}-01-01' + ((m - 1) * 30 + 35))
     FROM projects p, generate_series(1, $3) m WHERE p.jurisdiction_id = $1 AND p.pool <> 'reserve'`,
    [j, person, Number(today.slice(5, 7)) - 1 || 1],
  );
  // Milestones: a supervised item each (kind milestone, starting and ending on its planned date), same id.
  const MS = `SELECT p.id AS pid, p.jurisdiction_id AS j, p.name, p.responsible_unit_id AS u, p.township_unit_id AS t, p.leader_id AS l, k,
                     gen_random_uuid() AS iid, date '${YEAR}-01-10' + (k * 36 + p.serial % 30) AS d
              FROM projects p, generate_series(0, $2 - 1) k WHERE p.jurisdiction_id = $1`;
  // Utility statements take no parameters: the county's id (read from the database) and the count are inlined.
  await db.query(
    `CREATE TEMP TABLE bench_ms AS ${MS.replaceAll('$1', `'${j}'::uuid`).replaceAll('$2', String(MILESTONES))}`,
  );
  await db.query(
    `INSERT INTO supervised_items (id, jurisdiction_id, kind, title, assigner_unit_id, assignee_unit_id,
      co_unit_ids, lead_leader_id, state, start_date, deadline, created_by, closed_at)
     SELECT iid, j, 'milestone', name || '：节点' || k, $1, u, CASE WHEN t IS NULL OR t = u THEN '{}'::uuid[] ELSE ARRAY[t] END, l,
            CASE WHEN d < current_date THEN (CASE WHEN (k + hashtext(pid::text)) % 10 = 0 THEN 'accepted' ELSE
              'closed' END) ELSE 'assigned' END,
            d, d, $2, CASE WHEN d < current_date AND (k + hashtext(pid::text)) % 10 <> 0 THEN d::timestamptz ELSE NULL END
     FROM bench_ms s`,
    [office, person],
  );
  await db.query(
    `INSERT INTO project_milestones (id, project_id, name, sort_order, planned_date, actual_date)
     SELECT iid, pid, '节点' || k, k, d, CASE WHEN d < current_date AND (k + hashtext(pid::text)) % 10 <> 0 THEN d
       ELSE NULL END FROM bench_ms s`,
  );
  await db.query('DROP TABLE bench_ms');
  // A year of weekly rounds ending this week; the last one still open.
  const monday = `(date '${today}' - ((extract(isodow from date '${today}')::int) - 1))`;
  await db.query(
    `INSERT INTO rounds (jurisdiction_id, title, week_start, cutoff, state, opened_by, closed_at, version)
     SELECT $1, '基准调度第' || w || '轮', ${monday} - 7 * ($3 - w), ${monday} - 7 * ($3 - w) + 3,
       CASE WHEN w = $3 THEN 'open' ELSE 'closed' END, $2,
            CASE WHEN w = $3 THEN NULL ELSE (${monday} - 7 * ($3 - w) + 4)::timestamptz END, 1
     FROM generate_series(1, $3) w`,
    [j, person, ROUNDS],
  );
  await db.query(
    `INSERT INTO round_projects (round_id, project_id, unit_id)
     SELECT r.id, p.id, p.responsible_unit_id FROM rounds r JOIN projects p ON p.jurisdiction_id = r.jurisdiction_id
     WHERE r.jurisdiction_id = $1 AND p.pool IN ('preliminary', 'new_start', 'continuing')`,
    [j],
  );
  await db.query(
    `INSERT INTO round_reports (round_id, project_id, unit_id, progress, image_progress, month_investment, problems,
      coordination, behind, late, submitted_by, submitted_on)
     SELECT rp.round_id, rp.project_id, rp.unit_id, '本周完成主体施工，推进顺利', '形象进度' || (h % 100) || '%', 50 + h % 200,
            CASE WHEN h % 13 = 0 THEN '征迁未完成' END, CASE WHEN h % 17 = 0 THEN '请协调用地指标' END, h % 11 = 0, h % 9 = 0, $2,
            r.cutoff - 2 + (h % 9 = 0)::int * 3
     FROM round_projects rp JOIN rounds r ON r.id = rp.round_id,
       LATERAL (SELECT abs(hashtext(rp.round_id::text || rp.project_id::text)::bigint) AS h) x
     WHERE r.jurisdiction_id = $1 AND h % 20 <> 0`,
    [j, person],
  );
  // Blockers: one per 8 projects, raised over the year, a third still open.
  const BL = `SELECT p.id AS pid, p.jurisdiction_id AS j, p.name, p.responsible_unit_id AS u, p.leader_id AS l, gen_random_uuid() AS bid,
                     date '${YEAR}-01-12' + (p.serial * 7) % 300 AS d, p.serial % 3 = 0 AS open
              FROM projects p WHERE p.jurisdiction_id = $1 AND p.serial % 8 = 0`;
  await db.query(`CREATE TEMP TABLE bench_bl AS ${BL.replaceAll('$1', `'${j}'::uuid`)}`);
  await db.query(
    `INSERT INTO supervised_items (id, jurisdiction_id, kind, title, assigner_unit_id, assignee_unit_id,
      lead_leader_id, state, start_date, deadline, created_by, closed_at)
     SELECT bid, j, 'blocker', name || '：卡点', u, u, l, CASE WHEN open THEN 'accepted' ELSE 'closed' END, d + 14,
       d + 14, $1, CASE WHEN open THEN NULL ELSE (d + 10)::timestamptz END FROM bench_bl s`,
    [person],
  );
  await db.query(
    `INSERT INTO blockers (id, project_id, jurisdiction_id, type, description, level, raised_by_unit_id, raised_on, resolution, resolved_on)
     SELECT bid, pid, j, (ARRAY['land','funding','approval','relocation','environment','other'])[1 +
       abs(hashtext(pid::text)::bigint) % 6], '基准卡点', 1, u, d,
            CASE WHEN open THEN NULL ELSE '已破解' END, CASE WHEN open THEN NULL ELSE d + 10 END FROM bench_bl s`,
  );
  await db.query('DROP TABLE bench_bl');
  await db.query(
    `INSERT INTO map_boundaries (jurisdiction_id, name, geojson, generated, updated_by) VALUES ($1, '基准县（生成的边界）', $2, true, $3)
     ON CONFLICT (jurisdiction_id) DO NOTHING`,
    [
      j,
      JSON.stringify({
        type: 'Polygon',
        coordinates: [
          [
            [117, 31],
            [118, 31],
            [118, 32],
            [117, 32],
            [117, 31],
          ],
        ],
      }),
      person,
    ],
  );
}

let completed = false;
try {
  const t0 = performance.now();
  const one = async (q, p = []) => (await db.query(q, p)).rows[0];
  const { id: j } = await one(`SELECT id FROM jurisdictions LIMIT 1`);
  const { id: office } = await one(`SELECT id FROM units WHERE short_name = '督查室'`);
  const { id: sunli } = await one(`SELECT id FROM people WHERE username = 'sunli'`);
  const ids = async (q, p) => (await db.query(q, p)).rows.map((r) => r.id);
  const units = await ids(`SELECT id FROM units WHERE jurisdiction_id = $1 AND kind = 'department' AND id <> $2`, [
    j,
    office,
  ]);
  const townships = await ids(`SELECT id FROM units WHERE jurisdiction_id = $1 AND kind IN ('township', 'park')`, [j]);
  const leaders = await ids(
    `SELECT p.id FROM people p JOIN role_assignments r ON r.person_id = p.id WHERE p.jurisdiction_id = $1 AND r.role = 'leader'`,
    [j],
  );
  await loadCounty(db, j, { units, townships, leaders, office, person: sunli });
  for (let c = 2; c <= COUNTIES; c++) {
    const { id: jc } = await one(`INSERT INTO jurisdictions (code, name) VALUES ($1, $2) RETURNING id`, [
      `bench-p-${c}`,
      `基准县${c}`,
    ]);
    const cu = await ids(
      `INSERT INTO units (jurisdiction_id, name, kind, sort_order) SELECT $1, '基准县${c}单位' || g, 'department', g
        FROM generate_series(1, 60) g RETURNING id`,
      [jc],
    );
    const ct = await ids(
      `INSERT INTO units (jurisdiction_id, name, kind, sort_order) SELECT $1, '基准县${c}乡镇' || g, 'township', 100 + g
        FROM generate_series(1, 15) g RETURNING id`,
      [jc],
    );
    await loadCounty(db, jc, { units: cu, townships: ct, leaders: [sunli], office: cu[0], person: sunli });
    if (c % 5 === 0)
      process.stdout.write(`  ${c} counties loaded (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
  }
  await db.query('ANALYZE');
  const counts =
    await one(`SELECT (SELECT count(*) FROM jurisdictions) AS counties, (SELECT count(*) FROM projects) AS projects,
      (SELECT count(*) FROM project_milestones) AS milestones,
    (SELECT count(*) FROM rounds) AS rounds, (SELECT count(*) FROM round_projects) AS due,
      (SELECT count(*) FROM round_reports) AS reports, (SELECT count(*) FROM blockers) AS blockers,
    (SELECT count(*) FROM project_investments) AS investments, (SELECT count(*) FROM supervised_items) AS items`);
  const loadSeconds = (performance.now() - t0) / 1000;
  // The round measured: last week's, closed, with its full set of reports.
  const round = await one(
    `SELECT id, (SELECT count(*) FROM round_projects WHERE round_id = r.id)::int AS due FROM rounds r
      WHERE jurisdiction_id = $1 AND state = 'closed' ORDER BY week_start DESC LIMIT 1`,
    [j],
  );
  await db.end();

  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'sunli', password: 'Luoshi@2026' }),
  });
  const cookie = login.headers.get('set-cookie').split(';')[0];
  // Each light of the county's milestones is derived once, on the first read of the day (measured by the ledger
  // bench); this first request pays it here so the load below measures the pages as a day's users see them.
  const f0 = performance.now();
  const first = await fetch(`${base}/api/v1/projects/map`, { headers: { cookie } });
  const firstMap = await first.json();
  const firstMs = performance.now() - f0;
  if (!first.ok) throw new Error(`map: ${first.status} ${JSON.stringify(firstMap).slice(0, 300)}`);

  // Load, warm-up and CPU per request (node and PostgreSQL, from /proc) as every bench measures them (bench/lib.mjs).
  const load = (name, url) =>
    loadRequest(base, name, url, cookie, { seconds: SECONDS, conc: CONC, inst }).catch((e) => {
      throw new Error(`${e.message}; server log in ${dataDir}/server.log`);
    });
  const rows = [
    await load(`round summary (对账) of a round of ${round.due} projects`, `/api/v1/rounds/${round.id}/summary`),
    await load('rates page by pool', '/api/v1/projects/rates?groupBy=pool'),
    await load('rates page by unit', '/api/v1/projects/rates?groupBy=unit'),
    await load(`map data (${firstMap.points.length} points)`, '/api/v1/projects/map'),
    await load('library page with pool counts: list', '/api/v1/projects?page=1&pageSize=20'),
    await load('library page with pool counts: counts', '/api/v1/projects/counts'),
  ];

  const target = COUNTIES > 1 ? 300 : 100;
  const machine = `${os.cpus().length} × ${os.cpus()[0].model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const section = `
## Key projects ${COUNTIES > 1 ? `in a province (${COUNTIES} counties of ${PROJECTS} projects)` : 'at county scale'} \
— ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC

Command: \`node bench/projects.mjs --seconds ${SECONDS} --concurrency ${CONC} --projects ${PROJECTS} --rounds \
${ROUNDS} --milestones ${MILESTONES} --counties ${COUNTIES}\`
Machine: ${machine}; embedded PostgreSQL 17; load from ${loadGenerator()} on the same 2 cores (shared with other work while this ran).
Data: ${counts.counties} ${COUNTIES > 1 ? 'counties' : 'county'}: ${counts.projects} projects, ${counts.milestones} \
milestones (each a supervised item; ${counts.items} items in all), ${counts.rounds} weekly rounds with ${counts.due} \
due project-weeks and ${counts.reports} reports, ${counts.blockers} blockers, ${counts.investments} monthly \
investment figures (loaded by SQL in ${loadSeconds.toFixed(1)} s). Requests from the supervision office of one \
county (sees all its ${PROJECTS} projects); first read of the day, deriving the milestones' lights: \
${firstMs.toFixed(0)} ms. Target: p99 under ${target} ms.

| request | requests | req/s | p50 | p99 | within target | CPU per request: Node + PostgreSQL |
|---|---|---|---|---|---|---|
${rows
  .map(
    (r) => `| ${r.name} (\`${r.url.replace(/[0-9a-f-]{36}/, '{id}')}\`, ${(r.bytes / 1024).toFixed(0)} KiB) | \
${r.n}${r.bad ? ` (+${r.bad} failed)` : ''} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(1)} ms | ${r.p99.toFixed(1)} ms \
| ${r.p99 < target ? 'yes' : '**no**'} | ${cpuCell(r)} |`,
  )
  .join('\n')}

Load average at the end: ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(', ')} (1, 5, 15 min) on ${os.cpus().length} cores.
`;
  if (!values['dry-run']) appendResults(section);
  console.log(section);
  completed = true;
} finally {
  // The database of a province runs to gigabytes: removed with the instance unless a request failed (its log is there).
  await inst.stop({ keep: !completed });
}
