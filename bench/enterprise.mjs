#!/usr/bin/env node
/**
 * The enterprise service at issue 18's scale: per county ENTERPRISES enterprises (包联 by its units and leaders) and
 * DEMANDS demands on the supervision core (kind demand, a year of them, most closed and rated), loaded by SQL into a
 * fresh instance; with --counties N the database also holds N−1 other counties of the same size (a province). At
 * concurrency 16: the office's enterprise list and a search, a unit's enterprise list, the office's demand list (open)
 * and a unit's demand list. Then the 亩均 evaluation of MU enterprises of one county (their year of land, tax and
 * output loaded by SQL): the first page (which refreshes the kept evaluation), a threshold change (refreshes it
 * again), then two pages and the export, sequentially, median of 5.
 * Loopback only. Appends to bench/RESULTS.md.
 * --hold: loads the data, prints the database and the cookies (for bench/inject.mjs) and waits for SIGINT; then loads
 * the 亩均 data, waits for a second SIGINT, and stops without measuring.
 *   node bench/enterprise.mjs [--seconds 10] [--concurrency 16] [--enterprises 3000] [--demands 5000] [--counties 1] [--mu 30000] [--hold]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cpuCell, load as loadRequest, loadGenerator, startInstance, signIn } from './lib.mjs';
import { appendResults } from './results.mjs';

// The load average before anything starts: the section says how quiet the machine was.
const loadAtStart = os.loadavg()[0].toFixed(1);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '16' },
    enterprises: { type: 'string', default: '3000' },
    demands: { type: 'string', default: '5000' },
    counties: { type: 'string', default: '1' },
    mu: { type: 'string', default: '30000' },
    'dry-run': { type: 'boolean', default: false },
    hold: { type: 'boolean', default: false },
  },
});
const SECONDS = Number(values.seconds);
const CONC = Number(values.concurrency);
const E = Number(values.enterprises);
const D = Number(values.demands);
const COUNTIES = Number(values.counties);
const MU = Number(values.mu);
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const YEAR = Number(today.slice(0, 4));

const inst = await startInstance('enterprise');
const { base, db, dataDir } = inst;

/** One county's registry and a year of demands, by SQL. Codes are unique per county (not checked characters). */
async function loadCounty(db, j, { units, leaders, office, person, n, d, tag }) {
  await db.query(
    `INSERT INTO enterprises (jurisdiction_id, name, credit_code, industry_section, industry_division, scale, size,
      area_unit_id, key, liaison_leader_id, liaison_unit_id, employees, contacts)
     SELECT $1, '基准企业' || $5 || '-' || g, '91' || lpad($5, 4, '0') || lpad(g::text, 12, '0'), 'C', '34',
       CASE WHEN g % 3 = 0 THEN 'above' ELSE 'below' END, 'small',
            ($2::uuid[])[1 + g % array_length($2::uuid[], 1)], g % 20 = 0,
              CASE WHEN g % 20 = 0 THEN ($3::uuid[])[1 + g % array_length($3::uuid[], 1)] END,
            ($2::uuid[])[1 + g % array_length($2::uuid[], 1)], 10 + g % 500, '[{"name":"联系人","mobile":"13900000000"}]'::jsonb
     FROM generate_series(1, $4) g`,
    [j, units, leaders, n, String(tag)],
  );
  // Their 包联 since the year began, as the app keeps it (docs/ENTERPRISES.md, "包联 and its history").
  await db.query(
    `INSERT INTO enterprise_liaisons (jurisdiction_id, enterprise_id, leader_id, unit_id, person, from_on)
     SELECT jurisdiction_id, id, liaison_leader_id, liaison_unit_id, liaison_person, '${YEAR}-01-01'
     FROM enterprises WHERE jurisdiction_id = $1 AND (liaison_leader_id IS NOT NULL OR liaison_unit_id IS NOT NULL)`,
    [j],
  );
  await db.query(
    `CREATE TEMP TABLE bench_d AS
     SELECT gen_random_uuid() AS id, e.id AS eid, e.liaison_unit_id AS u, e.name, g,
            (timestamp '${YEAR}-01-02 09:00' + ((g * 7919) % 330) * interval '1 day' + (g % 8) * interval '1 hour')
              AT TIME ZONE 'Asia/Shanghai' AS at
     FROM generate_series(1, ${d}) g
     JOIN (SELECT id, liaison_unit_id, name, row_number() OVER (ORDER BY id) - 1 AS rn FROM enterprises WHERE jurisdiction_id = '${j}') e
       ON e.rn = (g * 31) % ${n}`,
  );
  await db.query(
    `INSERT INTO supervised_items (id, jurisdiction_id, kind, title, assigner_unit_id, assignee_unit_id, state,
      start_date, deadline, created_by, closed_at, created_at)
     SELECT id, $1, 'demand', '【政策咨询】' || name || '：基准诉求' || g, $2, u,
            CASE WHEN at > now() - interval '20 days' THEN
              (ARRAY['assigned','accepted','in_progress','close_requested'])[1 + g % 4] WHEN g % 30 = 0 THEN
              'cancelled' ELSE 'closed' END,
            (at + interval '21 days')::date, (at + interval '21 days')::date, $3,
            CASE WHEN at <= now() - interval '20 days' AND g % 30 <> 0 THEN at + interval '5 days' END, at
     FROM bench_d`,
    [j, office, person],
  );
  await db.query(
    `INSERT INTO demands (id, jurisdiction_id, enterprise_id, tracking_code, token_hash, category, text, source,
      received_at, contact_due_at, reply_due_at, contacted_at, first_replied_at, rating)
     SELECT id, $1, eid, 'B' || $2 || '-' || g, md5(id::text),
       (ARRAY['policy','land','labour','finance','energy','approval','infrastructure','legal','other'])[1 + g % 9],
            '基准诉求内容' || g, (ARRAY['enterprise','visit','hotline','leader','office'])[1 + g % 5], at,
              at + interval '2 hours', at + interval '1 day',
            at + interval '1 hour', at + interval '20 hours',
            CASE WHEN at <= now() - interval '20 days' AND g % 30 <> 0 THEN
              (ARRAY['satisfied','satisfied','basically_satisfied','dissatisfied'])[1 + g % 4] END
     FROM bench_d`,
    [j, String(tag)],
  );
  await db.query('DROP TABLE bench_d');
}

let completed = false;
try {
  const t0 = performance.now();
  const one = async (q, p = []) => (await db.query(q, p)).rows[0];
  const ids = async (q, p) => (await db.query(q, p)).rows.map((r) => r.id);
  const { id: j } = await one(`SELECT id FROM jurisdictions LIMIT 1`);
  const { id: office } = await one(`SELECT id FROM units WHERE short_name = '督查室'`);
  const { id: sunli } = await one(`SELECT id FROM people WHERE username = 'sunli'`);
  const { unit_id: jfjUnit } = await one(`SELECT unit_id FROM people WHERE username = 'jfj.clerk'`);
  const units = await ids(`SELECT id FROM units WHERE jurisdiction_id = $1 AND kind <> 'supervision'`, [j]);
  const leaders = await ids(
    `SELECT p.id FROM people p JOIN role_assignments r ON r.person_id = p.id WHERE p.jurisdiction_id = $1 AND r.role = 'leader'`,
    [j],
  );
  await loadCounty(db, j, { units, leaders, office, person: sunli, n: E, d: D, tag: 1 });
  for (let c = 2; c <= COUNTIES; c++) {
    const { id: jc } = await one(`INSERT INTO jurisdictions (code, name) VALUES ($1, $2) RETURNING id`, [
      `bench-e-${c}`,
      `基准县${c}`,
    ]);
    const cu = await ids(
      `INSERT INTO units (jurisdiction_id, name, kind, sort_order) SELECT $1, '基准县${c}单位' || g, 'department',
        g FROM generate_series(1, 40) g RETURNING id`,
      [jc],
    );
    await loadCounty(db, jc, { units: cu, leaders: [sunli], office: cu[0], person: sunli, n: E, d: D, tag: c });
    if (c % 10 === 0)
      process.stdout.write(`  ${c} counties loaded (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
  }
  // As autovacuum leaves a loaded table: statistics and the visibility map (index-only counts).
  await db.query('VACUUM ANALYZE');
  const counts = await one(
    `SELECT (SELECT count(*) FROM jurisdictions) AS counties, (SELECT count(*) FROM enterprises) AS enterprises,
      (SELECT count(*) FROM demands) AS demands, (SELECT count(*) FROM supervised_items) AS items,
      (SELECT count(*) FROM enterprises WHERE liaison_unit_id = $1) AS jfj`,
    [jfjUnit],
  );
  const loadSeconds = (performance.now() - t0) / 1000;

  const officeSignIn = await signIn(base, 'sunli');
  const officeC = officeSignIn.cookie;
  const unitC = (await signIn(base, 'jfj.clerk')).cookie;
  const load = (name, url, cookie) =>
    loadRequest(base, name, url, cookie, { seconds: SECONDS, conc: CONC, inst }).catch((e) => {
      throw new Error(`${e.message}; server log in ${dataDir}/server.log`);
    });
  // The first read of the day derives the demands' lights; paid here, as the ledger bench does.
  await fetch(`${base}/api/v1/demands?status=open&pageSize=20`, { headers: { cookie: officeC } });
  await fetch(`${base}/api/v1/demands?status=open&pageSize=20`, { headers: { cookie: unitC } });
  const hold = async (what) => {
    if (!values.hold) return;
    const rt = JSON.parse(fs.readFileSync(path.join(dataDir, 'runtime.json'), 'utf8'));
    const pw = fs.readFileSync(path.join(dataDir, 'pg-password'), 'utf8').trim();
    console.log(
      `--hold (${what}): ${base}  DB=postgres://postgres:${pw}@127.0.0.1:${rt.pgPort}/luoshi \
PGDATA_PARENT=${dataDir} LUOSHI_DATA_DIR=${dataDir}`,
    );
    console.log(`office cookie: ${officeC}\nunit cookie: ${unitC}\n(SIGINT to go on)`);
    await new Promise((r) => process.once('SIGINT', r));
  };
  await hold('enterprises and demands loaded');
  const rows = values.hold
    ? []
    : [
        await load('office: enterprise list, first page', '/api/v1/enterprises?page=1&pageSize=20', officeC),
        await load(
          'office: enterprise search by name',
          `/api/v1/enterprises?q=${encodeURIComponent('企业1-12')}&pageSize=20`,
          officeC,
        ),
        await load(
          `unit (经发局, ${counts.jfj} 包联): its enterprises`,
          '/api/v1/enterprises?page=2&pageSize=20',
          unitC,
        ),
        await load('office: open demands', '/api/v1/demands?status=open&page=1&pageSize=20', officeC),
        await load('office: all demands, page 5', '/api/v1/demands?status=all&page=5&pageSize=20', officeC),
        await load('unit: its demands', '/api/v1/demands?status=all&page=1&pageSize=20', unitC),
      ];

  // 亩均: MU enterprises of the first county with a year of data (the county's own plus more to reach MU).
  const db2 = db;
  const extra = Math.max(0, MU - E);
  if (extra)
    await db2.query(
      `INSERT INTO enterprises (jurisdiction_id, name, credit_code, industry_section, industry_division, area_unit_id, liaison_unit_id)
       SELECT $1, '亩均基准企业' || g, '92' || lpad(g::text, 16, '0'), 'C', lpad((13 + g % 30)::text, 2, '0'),
         ($2::uuid[])[1 + g % array_length($2::uuid[], 1)], ($2::uuid[])[1 + g % array_length($2::uuid[], 1)]
       FROM generate_series(1, $3) g`,
      [j, units, extra],
    );
  await db2.query(
    `INSERT INTO mu_records (jurisdiction_id, enterprise_id, year, land_mu, idle_land_mu, tax, output, energy, employees, updated_by)
     SELECT $1, e.id, $2, 5 + h % 300, CASE WHEN h % 7 = 0 THEN h % 20 ELSE 0 END, (h % 300) * (1 + h % 40),
       (h % 300) * (20 + h % 400), 100 + h % 5000, 10 + h % 900, $3
     FROM (SELECT id, abs(hashtext(id::text)) AS h FROM enterprises WHERE jurisdiction_id = $1 LIMIT $4) e`,
    [j, YEAR - 1, sunli, MU],
  );
  await db2.query('ANALYZE mu_records');
  const { n: muN } = (await db2.query(`SELECT count(*)::int AS n FROM mu_records WHERE jurisdiction_id = $1`, [j]))
    .rows[0];
  await hold(`亩均 data of ${MU} enterprises loaded`);
  if (values.hold) completed = true;
  else {
    await db.end();
    // The evaluation is sent a page at a time: the first page, a filtered page deep in the list, and the export of
    // the whole year (sequential, 5 runs after one warm-up each; with the server's CPU per request).
    const seq = async (url) => {
      const times = [];
      let bytes = 0;
      for (let i = 0; i < 6; i++) {
        const t = performance.now();
        const r = await fetch(`${base}${url}`, { headers: { cookie: officeC } });
        const body = await r.arrayBuffer();
        if (!r.ok) throw new Error(`mu: ${r.status} ${Buffer.from(body).toString().slice(0, 300)}`);
        bytes = body.byteLength;
        if (i > 0) times.push(performance.now() - t); // the first warms up
      }
      times.sort((a, b) => a - b);
      return { url, times, bytes };
    };
    // The kept evaluation: the records were loaded by SQL, so the first page refreshes the year (classes and ranks
    // all MU records and keeps them) before answering; a threshold change refreshes it again in its request.
    const timed = async (url, init = {}) => {
      const t = performance.now();
      const r = await fetch(`${base}${url}`, { ...init, headers: { cookie: officeC, ...init.headers } });
      const body = await r.arrayBuffer();
      if (!r.ok) throw new Error(`mu: ${r.status} ${Buffer.from(body).toString().slice(0, 300)}`);
      return { ms: performance.now() - t, json: () => JSON.parse(Buffer.from(body).toString()) };
    };
    const cold = await timed(`/api/v1/mu-evaluation?year=${YEAR - 1}&page=1&pageSize=20`);
    const th = (await timed('/api/v1/mu-evaluation/thresholds')).json();
    const put = await timed('/api/v1/mu-evaluation/thresholds', {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-csrf-token': officeSignIn.csrf },
      body: JSON.stringify({ ...th, byIndustry: { ...th.byIndustry, 34: th.default } }),
    });
    const mus = [
      await seq(`/api/v1/mu-evaluation?year=${YEAR - 1}&page=1&pageSize=20`),
      await seq(`/api/v1/mu-evaluation?year=${YEAR - 1}&muClass=D&page=50&pageSize=20&sort=-rank`),
      await seq(`/api/v1/mu-evaluation/export?year=${YEAR - 1}`),
    ];
    const target = 100;
    const machine = `${os.cpus().length} × ${os.cpus()[0].model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
    const section = `
## Enterprise service ${
      COUNTIES > 1
        ? `in a province (${COUNTIES} counties of ${E} enterprises and ${D} \
demands)`
        : 'at county scale'
    } — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC

Command: \`node bench/enterprise.mjs --seconds ${SECONDS} --concurrency ${CONC} --enterprises ${E} --demands ${D} \
--counties ${COUNTIES} --mu ${MU}\`
Machine: ${machine}; embedded PostgreSQL 17; load from ${loadGenerator()} on the same ${os.cpus().length} cores; \
load average ${loadAtStart} before the run and ${os.loadavg()[0].toFixed(1)} at the end (anything else running makes \
the numbers pessimistic).
Data: ${counts.counties} ${COUNTIES > 1 ? 'counties' : 'county'}: ${counts.enterprises} enterprises, \
${counts.demands} demands on the core (${counts.items} supervised items in all), loaded by SQL in \
${loadSeconds.toFixed(1)} s. Requests from one county's office (sees all ${E}) and from 经发局's clerk. Target: p99 \
under ${target} ms at c${CONC}.

| request | requests | req/s | p50 | p99 | within target | CPU per request: Node + PostgreSQL |
|---|---|---|---|---|---|---|
${rows
  .map(
    (r) => `| ${r.name} (\`${r.url}\`, ${(r.bytes / 1024).toFixed(0)} KiB) | ${r.n}${
      r.bad
        ? ` (+${r.bad} \
failed)`
        : ''
    } | ${r.rps.toFixed(0)} | ${r.p50.toFixed(1)} ms | ${r.p99.toFixed(1)} ms | \
${r.p99 < target ? 'yes' : '**no**'} | ${cpuCell(r)} |`,
  )
  .join('\n')}

亩均论英雄 of ${muN} enterprises (one county, one year), read from the kept evaluation: the first page after the records \
were loaded (refreshes the year first) ${cold.ms.toFixed(0)} ms; a threshold change (its request refreshes the year) \
${put.ms.toFixed(0)} ms. Then sequential, 5 runs after one warm-up:
${mus
  .map(
    (m) => `- \`${m.url}\` (${
      m.bytes > 2 ** 20
        ? `${(m.bytes / 2 ** 20).toFixed(1)} \
MiB`
        : `${(m.bytes / 1024).toFixed(0)} KiB`
    }): median ${m.times[2].toFixed(0)} ms (min ${m.times[0].toFixed(0)}, max \
${m.times[4].toFixed(0)})`,
  )
  .join('\n')}
`;
    if (!values['dry-run']) appendResults(section);
    console.log(section);
    completed = true;
  }
} finally {
  await inst.stop({ keep: !completed });
}
