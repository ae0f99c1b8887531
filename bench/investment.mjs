#!/usr/bin/env node
/**
 * 招商引资 at a province's scale: N counties in one database, each with 4 chains of 12 links, 150 leads at every stage
 * (their events, signing dates, confirmed funds) and 60 idle sites, loaded by SQL; the county asked also holds
 * --sites idle sites (10,000 by default) for matching. Measured at concurrency 16 as the supervision office: the
 * year's summary (pipeline, targets on 序时进度, conversion by year/chain/source, 盘活), a chain's graph, and
 * matching a lead against the county's sites (GET /leads/{id}/matches). Loopback only. Appends to bench/RESULTS.md.
 *   node bench/investment.mjs [--counties 100] [--sites 10000] [--seconds 10] [--concurrency 16]
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cpuCell, load, loadGenerator, machine, pct, root, signIn, startInstance } from './lib.mjs';
import { appendResults } from './results.mjs';

const { values } = parseArgs({
  options: {
    counties: { type: 'string', default: '100' },
    sites: { type: 'string', default: '10000' },
    seconds: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '16' },
  },
});
const COUNTIES = Number(values.counties);
const SITES = Number(values.sites);
const SECONDS = Number(values.seconds);
const CONC = Number(values.concurrency);

const t0 = performance.now();
const inst = await startInstance('investment');
const { base, db } = inst;
try {
  const one = async (q, p = []) => (await db.query(q, p)).rows[0];
  const { id: home } = await one(`SELECT id FROM jurisdictions LIMIT 1`);
  const { id: unit } = await one(`SELECT id FROM units WHERE short_name = '招商服务中心'`);
  const { id: sunli } = await one(`SELECT id FROM people WHERE username = 'sunli'`);
  await db.query(
    `INSERT INTO jurisdictions (code, name) SELECT 'bench-inv-' || g, '基准县' || g FROM generate_series(2, $1) g`,
    [COUNTIES],
  );
  const js = (await db.query(`SELECT id FROM jurisdictions ORDER BY (id = $1) DESC, code`, [home])).rows.map(
    (r) => r.id,
  );
  await db.query(
    `INSERT INTO chains (jurisdiction_id, name, chief_leader_id, lead_unit_id)
     SELECT j, c, $2, $3 FROM unnest($1::uuid[]) j, unnest(ARRAY['新一代疫苗','细胞治疗','新材料','农产品加工']) c`,
    [js, sunli, unit],
  );
  await db.query(
    `INSERT INTO chain_links (chain_id, jurisdiction_id, name, tier, sort_order, enough)
     SELECT c.id, c.jurisdiction_id, c.name || '环节' || k, (ARRAY['upstream','midstream','downstream'])[1 + k % 3], k, 1 + k % 3
     FROM chains c, generate_series(1, 12) k`,
  );
  await db.query(
    `INSERT INTO leads (jurisdiction_id, serial, investor, project_name, industry, chain_id, link_id, investment, space_kind,
                        space_min, space_max, land_use, source, responsible_unit_id, received_on, stage, closed, last_event_on,
                        signed_on, created_by)
     SELECT j, g, '投资方' || g, '招商项目' || g, '制造业', c.id, l.id, 1000 + (g % 40) * 500, 'land', 20 + g % 60, 30 + g % 60,
            'industrial', (ARRAY['merchant','resident','task_force','fair','agent','superior'])[1 + g % 6], $2,
            date '2025-01-05' + g * 4, st, g % 15 = 0, date '2025-01-05' + g * 4 + 20,
            CASE WHEN array_position(ARRAY['lead','contact','visit','negotiation','signed','registered','started','producing'], st) >= 5
                 THEN date '2025-01-05' + g * 4 + 10 END, $3
     FROM unnest($1::uuid[]) j, generate_series(1, 150) g,
          LATERAL (SELECT (ARRAY['lead','contact','visit','negotiation','signed','registered','started','producing'])[1 + g % 8] AS st) s,
          LATERAL (SELECT id FROM chains WHERE jurisdiction_id = j ORDER BY name OFFSET g % 4 LIMIT 1) c,
          LATERAL (SELECT id FROM chain_links WHERE chain_id = c.id ORDER BY sort_order OFFSET g % 12 LIMIT 1) l`,
    [js, unit, sunli],
  );
  await db.query(
    `INSERT INTO lead_events (lead_id, jurisdiction_id, action, stage, date, actor_person_id)
     SELECT id, jurisdiction_id, 'create', 'lead', received_on, created_by FROM leads
     UNION ALL SELECT id, jurisdiction_id, 'advance', stage, received_on + 10, created_by FROM leads WHERE stage <> 'lead'`,
  );
  await db.query(
    `INSERT INTO lead_funds (lead_id, jurisdiction_id, amount, date, entered_by, confirmed_by, confirmed_on)
     SELECT id, jurisdiction_id, investment * 0.3, signed_on + 30, created_by, created_by,
       signed_on + 31 FROM leads WHERE signed_on IS NOT NULL`,
  );
  await db.query(
    `INSERT INTO sites (jurisdiction_id, serial, name, kind, area, land_use, responsible_unit_id, ownership, state, state_since, created_by)
     SELECT j, g, '闲置地块' || g, 'land', 10 + (g * 7) % 120, (ARRAY['industrial','commercial','warehouse','mixed'])[1 + g % 4], $2,
            'state', (ARRAY['idle','idle','negotiating','revitalised'])[1 + g % 4], date '2025-06-01' + g, $3
     FROM unnest($1::uuid[]) j, generate_series(1, 60) g`,
    [js, unit, sunli],
  );
  await db.query(
    `INSERT INTO sites (jurisdiction_id, serial, name, kind, area, land_use, responsible_unit_id, ownership, state,
      state_since, created_by, power_kva, water_tons_per_day)
     SELECT $1, 100 + g, '匹配测试地块' || g, (ARRAY['land','land','floor'])[1 + g % 3],
       CASE WHEN g % 3 = 2 THEN 500 + (g * 37) % 20000 ELSE 5 + (g * 13) % 200 END,
            (ARRAY['industrial','commercial','warehouse','mixed'])[1 + g % 4], $2, 'state',
              (ARRAY['idle','idle','negotiating','revitalised'])[1 + g % 4],
            date '2025-06-01', $3, 500 + g % 3000, 50 + g % 500
     FROM generate_series(1, $4) g`,
    [home, unit, sunli, SITES],
  );
  await db.query('ANALYZE');
  const loadSeconds = (performance.now() - t0) / 1000;
  const counts = await one(
    `SELECT (SELECT count(*) FROM jurisdictions)::int AS counties, (SELECT count(*) FROM leads)::int AS leads,
            (SELECT count(*) FROM lead_events)::int AS events, (SELECT count(*) FROM chain_links)::int AS links,
            (SELECT count(*) FROM sites)::int AS sites, (SELECT count(*) FROM sites WHERE jurisdiction_id = $1)::int AS homeSites`,
    [home],
  );
  const { id: chainId } = await one(`SELECT id FROM chains WHERE jurisdiction_id = $1 ORDER BY name LIMIT 1`, [home]);
  const { id: leadId } = await one(
    `SELECT id FROM leads WHERE jurisdiction_id = $1 AND stage = 'negotiation' AND NOT closed ORDER BY serial LIMIT 1`,
    [home],
  );
  const office = await signIn(base, 'sunli');
  const opts = { seconds: SECONDS, conc: CONC, inst };
  const year = new Date().getUTCFullYear();
  const rows = [
    await load(base, 'the year’s summary', `/api/v1/investment/summary?year=${year}`, office.cookie, opts),
    await load(base, 'a chain’s graph', `/api/v1/chains/${chainId}/graph`, office.cookie, opts),
    await load(
      base,
      `a lead matched against the county’s ${counts.homesites} sites`,
      `/api/v1/leads/${leadId}/matches`,
      office.cookie,
      opts,
    ),
  ];
  const single = [];
  for (let i = 0; i < 20; i++) {
    const s = performance.now();
    await (await fetch(`${base}/api/v1/leads/${leadId}/matches`, { headers: { cookie: office.cookie } })).arrayBuffer();
    single.push(performance.now() - s);
  }

  const section = `
## 招商引资 in a province (${COUNTIES} counties), matching against ${SITES} sites — \
${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC

Command: \`node bench/investment.mjs --counties ${COUNTIES} --sites ${SITES} --seconds ${SECONDS} --concurrency ${CONC}\`
Machine: ${machine()}; embedded PostgreSQL 17; load from ${loadGenerator()} on the same cores. **The machine was shared with
other helpers' builds and tests while this ran** (see the load average): read the numbers as upper bounds.
Data: ${counts.counties} counties, ${counts.leads} leads, ${counts.events} lead events, ${counts.links} chain links, \
${counts.sites} sites (${counts.homesites} in the county asked), loaded by SQL in ${loadSeconds.toFixed(1)} s.

| request | requests | req/s | p50 | p99 | CPU per request: node + PostgreSQL |
|---|---|---|---|---|---|
${rows
  .map(
    (r) =>
      `| ${r.name} (\`${r.url.replace(/[0-9a-f-]{36}/, '{id}')}\`) | ${r.n}${
        r.bad
          ? ` (+${r.bad} \
failed)`
          : ''
      } | ${r.rps.toFixed(0)} | ${r.p50.toFixed(1)} ms | ${r.p99.toFixed(1)} ms | ${cpuCell(r)} |`,
  )
  .join('\n')}
| matching, one request at a time, 20 runs | 20 | – | ${pct(single, 50).toFixed(1)} ms | max ${Math.max(...single).toFixed(1)} ms | |
`;
  appendResults(section);
  console.log(section);
} finally {
  await inst.stop();
}
