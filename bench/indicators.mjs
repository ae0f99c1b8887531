#!/usr/bin/env node
/**
 * The indicator board at a city's scale: 40 indicators × 10 years × 12 months × 100 counties (the own county and 99
 * peers, ~470,000 values) loaded by SQL into a fresh demo instance (the demo's own indicators set inactive); then the
 * office's board and one indicator's page (trajectory with the peer table) at concurrency 16, the bulletin export,
 * and a month's city bulletin imported (preview and commit: 40 indicators × 100 counties). Loopback only. Appends to
 * bench/RESULTS.md.
 *   node bench/indicators.mjs [--seconds 10] [--concurrency 16] [--indicators 40] [--years 10] [--counties 100]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import { load as loadRequest, loadGenerator, startInstance } from './lib.mjs';
import { appendResults } from './results.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '16' },
    indicators: { type: 'string', default: '40' },
    years: { type: 'string', default: '10' },
    counties: { type: 'string', default: '100' },
    /** Load the data, print how to reach the instance and wait (Ctrl-C stops it): for profiling. */
    keep: { type: 'boolean', default: false },
  },
});
const SECONDS = Number(values.seconds);
const CONC = Number(values.concurrency);
const INDICATORS = Number(values.indicators);
const YEARS = Number(values.years);
const COUNTIES = Number(values.counties);
const pct = (a, p) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor((a.length * p) / 100))];

const inst = await startInstance('indicators');
const { base, db, dataDir } = inst;
try {
  const rt = JSON.parse(fs.readFileSync(path.join(dataDir, 'runtime.json'), 'utf8'));
  const one = async (q, p = []) => (await db.query(q, p)).rows[0];
  const t0 = performance.now();
  const { id: j } = await one(`SELECT id FROM jurisdictions LIMIT 1`);
  const { id: sunli } = await one(`SELECT id FROM people WHERE username = 'sunli'`);
  const { id: fgj } = await one(`SELECT id FROM units WHERE short_name = '发改局'`);
  const { id: self } = await one(`SELECT id FROM indicator_counties WHERE jurisdiction_id = $1 AND is_self`, [j]);
  // The demo's twelve indicators step aside; the board shows the benchmark's.
  await db.query(`UPDATE indicators SET active = false WHERE jurisdiction_id = $1`, [j]);
  await db.query(
    `INSERT INTO indicator_counties (jurisdiction_id, name, sort_order) SELECT $1, '基准县' || g, 1000 + g FROM generate_series(1, $2) g`,
    [
      j,
      COUNTIES -
        1 -
        (await one(`SELECT count(*)::int AS n FROM indicator_counties WHERE jurisdiction_id = $1 AND NOT is_self`, [j]))
          .n,
    ],
  );
  const { n: countyCount } = await one(`SELECT count(*)::int AS n FROM indicator_counties WHERE jurisdiction_id = $1`, [
    j,
  ]);
  const lastYear = new Date().getUTCFullYear();
  const firstYear = lastYear - YEARS + 1;
  await db.query(
    `INSERT INTO indicators (jurisdiction_id, name, unit, frequency, accumulation, rank_by, category,
      responsible_unit_id, targets, sort_order, created_by)
     SELECT $1, '基准指标' || lpad(g::text, 2, '0'), '亿元', 'month', 'cumulative', CASE WHEN g % 4 = 0 THEN 'value' ELSE 'growth' END, '基准', $2,
            jsonb_build_object($3::text, jsonb_build_object('value', null, 'growth', 5 + g % 5)), 10000 + g, $4
     FROM generate_series(1, $5) g`,
    [j, fgj, String(lastYear), sunli, INDICATORS],
  );
  // Every county's cumulative value for every month published by now (a month is out ~15 days after it ends):
  // a base per indicator and county, growing 2–9 % a year, spread over the months with some noise; growth as the
  // city reports it, on the same month of the year before.
  await db.query(
    `INSERT INTO indicator_values (jurisdiction_id, indicator_id, county_id, period, year, period_index, value,
      growth, version, recorded_by, source)
     SELECT $1, i.id, c.id, y || '-' || lpad(m::text, 2, '0'), y, m,
            round((b.base * power(1 + b.g, y - $2) * m / 12.0 * (1 + 0.02 * sin(m * 7 + y)))::numeric, 2)::float8,
            round((100 * ((power(1 + b.g, 1) * (1 + 0.02 * sin(m * 7 + y))) / (1 + 0.02 * sin(m * 7 + y - 1)) - 1))::numeric, 1)::float8,
            1, $3, '市统计局'
     FROM indicators i
     CROSS JOIN indicator_counties c
     CROSS JOIN LATERAL (SELECT 50 + (abs(hashtext(i.id::text || c.id::text)) % 500) AS base,
       0.02 + (abs(hashtext(c.id::text || i.id::text)) % 70) / 1000.0 AS g) b
     CROSS JOIN generate_series($2::int, $4::int) y
     CROSS JOIN generate_series(1, 12) m
     WHERE i.jurisdiction_id = $1 AND i.active AND c.jurisdiction_id = $1
       AND make_date(y, m, 1) + interval '1 month' - interval '1 day' + interval '15 days' <= current_date`,
    [j, firstYear, sunli, lastYear],
  );
  await db.query('ANALYZE');
  const { n: valueCount } = await one(`SELECT count(*)::int AS n FROM indicator_values WHERE jurisdiction_id = $1`, [
    j,
  ]);
  const loadSeconds = (performance.now() - t0) / 1000;
  const { id: oneIndicator } = await one(
    `SELECT id FROM indicators WHERE jurisdiction_id = $1 AND active ORDER BY sort_order LIMIT 1`,
    [j],
  );
  if (values.keep) {
    console.log(JSON.stringify({ base, pgPort: rt.pgPort, dataDir, oneIndicator, values: valueCount }));
    await new Promise((r) => process.on('SIGINT', r));
  }

  const login = async (username) => {
    const r = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: 'Luoshi@2026' }),
    });
    return { cookie: r.headers.get('set-cookie').split(';')[0], csrf: (await r.json()).csrfToken };
  };
  const office = await login('sunli');
  const board = await (await fetch(`${base}/api/v1/indicators/board`, { headers: { cookie: office.cookie } })).json();
  if (board.items?.length !== INDICATORS) throw new Error(`board: ${JSON.stringify(board).slice(0, 300)}`);

  // Warm-up, load (wrk when installed) and CPU per request as every bench measures them (bench/lib.mjs).
  const load = (name, url, cookie) => loadRequest(base, name, url, cookie, { seconds: SECONDS, conc: CONC, inst });
  // Database round trips per request: transactions the database counted over 20 requests one after another (each
  // query outside a transaction is one). A backend reports its counts when idle, within 10 s: hence the waits.
  const xacts = async () =>
    Number(
      (
        await db.query(
          `SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()`,
        )
      ).rows[0].n,
    );
  const settle = () => new Promise((r) => setTimeout(r, 11_000));
  async function queriesPer(url, cookie) {
    await fetch(base + url, { headers: { cookie } }).then((r) => r.arrayBuffer());
    await settle();
    const a = await xacts();
    for (let i = 0; i < 20; i++) await fetch(base + url, { headers: { cookie } }).then((r) => r.arrayBuffer());
    await settle();
    // The two reads of the counter are transactions of this connection: one of them falls inside the window.
    return ((await xacts()) - a - 1) / 20;
  }
  const queries = {
    me: await queriesPer('/api/v1/auth/me', office.cookie),
    board: await queriesPer('/api/v1/indicators/board', office.cookie),
    trajectory: await queriesPer(`/api/v1/indicators/${oneIndicator}/trajectory`, office.cookie),
  };
  await db.end();

  const loadBefore = os.loadavg()[0];
  const rows = [
    // The floor: the cheapest signed-in request (session, person, roles), to read the others against.
    await load('floor: who am I', '/api/v1/auth/me', office.cookie),
    await load(
      `the board (${INDICATORS} tiles, ranks among ${countyCount} counties)`,
      '/api/v1/indicators/board',
      office.cookie,
    ),
    await load(
      `one indicator's page (trajectory, ${countyCount}-county peer table)`,
      `/api/v1/indicators/${oneIndicator}/trajectory`,
      office.cookie,
    ),
  ];

  const e0 = performance.now();
  const ex = await fetch(`${base}/api/v1/indicators/export`, { headers: { cookie: office.cookie } });
  const exBytes = (await ex.arrayBuffer()).byteLength;
  const exportSeconds = (performance.now() - e0) / 1000;
  if (!ex.ok) throw new Error(`export: ${ex.status}`);

  // A month's city bulletin: every indicator for every county, as corrections of the latest month.
  const latest = board.items[0].period;
  const names = (
    await (await fetch(`${base}/api/v1/indicators/counties`, { headers: { cookie: office.cookie } })).json()
  ).items.map((c) => c.name);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('月报');
  ws.addRow(['指标名称', '期间', '县(市、区)', '数值', '计量单位', '同比增长(%)', '数据来源']);
  for (const tile of board.items) {
    for (const county of names)
      ws.addRow([
        tile.indicator.name,
        latest,
        county,
        100 + ((tile.indicator.name.length * county.length) % 50),
        '亿元',
        5.5,
        '市统计局',
      ]);
  }
  const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
  const form = new FormData();
  form.append('file', new Blob([xlsx]), 'bulletin.xlsx');
  const i0 = performance.now();
  const pv = await fetch(`${base}/api/v1/indicators/import`, {
    method: 'POST',
    headers: { cookie: office.cookie, 'x-csrf-token': office.csrf },
    body: form,
  });
  const preview = await pv.json();
  const previewSeconds = (performance.now() - i0) / 1000;
  if (!pv.ok || !preview.batchId)
    throw new Error(`import preview: ${pv.status} ${JSON.stringify(preview).slice(0, 500)}`);
  const c0 = performance.now();
  const cm = await fetch(`${base}/api/v1/indicators/import/${preview.batchId}/commit`, {
    method: 'POST',
    headers: { cookie: office.cookie, 'x-csrf-token': office.csrf, 'content-type': 'application/json' },
    body: JSON.stringify({ confirm: true }),
  });
  const committed = await cm.json();
  const commitSeconds = (performance.now() - c0) / 1000;
  if (!cm.ok) throw new Error(`import commit: ${cm.status} ${JSON.stringify(committed).slice(0, 500)}`);
  // The first board after a write is computed again (then kept): five times, each after a one-value correction.
  const cold = [];
  for (let i = 0; i < 5; i++) {
    const v = (
      await (
        await fetch(`${base}/api/v1/indicators/${oneIndicator}/values?year=${lastYear}`, {
          headers: { cookie: office.cookie },
        })
      ).json()
    ).items.find((x) => x.isSelf && x.period === latest);
    const w = await fetch(`${base}/api/v1/indicators/${oneIndicator}/values`, {
      method: 'POST',
      headers: {
        cookie: office.cookie,
        'x-csrf-token': office.csrf,
        'content-type': 'application/json',
        'if-match': `"${v.version}"`,
      },
      body: JSON.stringify({ period: latest, value: v.value, growth: v.growth, confirm: true }),
    });
    if (!w.ok) throw new Error(`correction: ${w.status} ${await w.text()}`);
    const t = performance.now();
    const b = await fetch(`${base}/api/v1/indicators/board`, { headers: { cookie: office.cookie } });
    await b.arrayBuffer();
    cold.push(performance.now() - t);
  }

  const machine = `${os.cpus().length} × ${os.cpus()[0].model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const f = (v) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : '–');
  const section = `
## Indicator board at city scale — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC

Command: \`node bench/indicators.mjs --seconds ${SECONDS} --concurrency ${CONC} --indicators ${INDICATORS} --years \
${YEARS} --counties ${COUNTIES}\`
Machine: ${machine}; embedded PostgreSQL 17; load from ${loadGenerator()} on the same cores; the machine's load \
average (other work included) ${loadBefore.toFixed(1)} before the timed requests, ${os.loadavg()[0].toFixed(1)} after.
Data: ${INDICATORS} monthly indicators × ${YEARS} years (${firstYear}–${lastYear}, months published by today) × \
${countyCount} counties = ${valueCount.toLocaleString('en')} current values (loaded by SQL in \
${loadSeconds.toFixed(1)} s); the demo's own indicators inactive.

| request | requests | req/s | p50 | p99 |
|---|---|---|---|---|
${rows
  .map(
    (r) =>
      `| ${r.name} (\`${r.url.replace(/[0-9a-f-]{36}/, '{id}')}\`) | ${r.n}${
        r.bad
          ? ` (+${r.bad} \
failed)`
          : ''
      } | ${r.rps.toFixed(0)} | ${f(r.p50)} | ${f(r.p99)} |`,
  )
  .join('\n')}
| bulletin export (.xlsx, ${INDICATORS} rows + ${INDICATORS} peer tables, ${Math.round(exBytes / 1024)} KiB) | 1 | – \
| ${(exportSeconds * 1000).toFixed(0)} ms | – |
| import of a month's city bulletin, ${preview.accepted} rows: preview / commit (all corrections, alerts checked) | \
1 | – | ${(previewSeconds * 1000).toFixed(0)} ms / ${(commitSeconds * 1000).toFixed(0)} ms | – |
| the board computed again after a one-value correction, one request at a time, 5 runs | 5 | – | \
${pct(cold, 50).toFixed(0)} ms | max ${Math.max(...cold).toFixed(0)} ms |

Database round trips per request (kept answers; \`pg_stat_database\` over 20 requests): who am I \
${queries.me.toFixed(1)}, the board ${queries.board.toFixed(1)}, an indicator's page ${queries.trajectory.toFixed(1)}.
`;
  appendResults(section);
  console.log(section);
} finally {
  await inst.stop();
}
