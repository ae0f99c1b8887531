/**
 * CPU per request of one request type, in process (app.inject, one request at a time, no HTTP client on the
 * cores), against a database already loaded — e.g. by `node bench/ledger.mjs --import-rows 0 --hold`, which prints
 * the database URL and the cookies. Node's CPU from process.cpuUsage(), PostgreSQL's from /proc (its postmaster
 * under PGDATA_PARENT/pg, see cpu.mjs). Run the same command in two checkouts one after the other for an A/B on
 * the same data and load (bench/RESULTS.md, issue 16). A POST creates and issues tasks for unit UNIT.
 * 'POST /api/v1/tasks/:id/reports' (literally, with the clerk's cookie and csrf): progress reports with If-Match on
 * the open monthly tasks of unit UNIT (the clerk's), each for a month not reported yet (from 1000-01 on), one task
 * at a time per request in flight (peer-redmine.mjs's scenario D).
 *   DB=postgres://… PGDATA_PARENT=<data dir> LUOSHI_DATA_DIR=<dir with its audit-key> LUOSHI_RATE_LIMIT_PER_MINUTE=10000000 \
 *   [UNIT=<unit id>] [PROFILE=<file.cpuprofile>] node --import tsx bench/inject.mjs '<url or POST /api/v1/tasks>' '<cookie>' [n] [csrf]
 * PLANS=1: prints the plans PostgreSQL kept (pg_prepared_statements: generic or custom) of one pooled connection.
 * CONC: requests in flight at a time (default 1, one after the other).
 * PROFILE: a V8 CPU profile of the measured requests alone (not the start-up), to open in Chrome DevTools.
 */
import fs from 'node:fs';
import inspector from 'node:inspector/promises';
import { loadConfig } from '../src/server/config';
import { connect } from '../src/server/db/client';
import { buildApp, createServices } from '../src/server/app';
import { luoshiTicks, ticksOf } from './cpu.mjs';
const [url, cookie, n = '500', csrf] = process.argv.slice(2);
const config = loadConfig({ ...process.env, LUOSHI_LOG_LEVEL: 'warn' });
const database = connect(process.env.DB, 5);
const deps = createServices(config, database, { enabled: false, accounts: [] });
const { app } = await buildApp(deps, {});
await app.ready();
const post = url.startsWith('POST ');
// A personal API token ("Bearer lsk_…", as bench/peer-redmine.mjs --hold prints) instead of a session cookie.
const auth = cookie.startsWith('Bearer ') ? { authorization: cookie } : { cookie };
const reports = url.endsWith('/:id/reports');
let i = 0;
// Reports: per task its version and the months still free, handed out so two requests in flight never share a task.
const open = reports
  ? (
      await database.pool.query(
        `SELECT i.id, i.version, coalesce(array_agg(r.period) FILTER (WHERE r.period IS NOT NULL), '{}') AS done
           FROM supervised_items i LEFT JOIN progress_reports r ON r.item_id = i.id AND r.review_status <> 'returned'
          WHERE i.assignee_unit_id = $1 AND i.kind = 'task' AND i.state IN ('accepted', 'in_progress')
            AND i.cadence = 'monthly' GROUP BY i.id ORDER BY i.id`,
        [process.env.UNIT],
      )
    ).rows.map((t) => {
      const done = new Set(t.done);
      const free = [];
      for (let y = 1000; y < 2026; y++)
        for (let m = 1; m <= 12; m++)
          if (!done.has(`${y}-${String(m).padStart(2, '0')}`)) free.push(`${y}-${String(m).padStart(2, '0')}`);
      return { id: t.id, version: t.version, free };
    })
  : [];
const reportOn = async (w) => {
  const mine = open.filter((_, k) => k % conc === w && open[k].free.length);
  const t = mine[i++ % mine.length];
  if (!t) throw new Error('no open monthly task with a free month left for UNIT');
  const r = await app.inject({
    method: 'POST',
    url: `/api/v1/tasks/${t.id}/reports`,
    headers: { ...auth, 'x-csrf-token': csrf, 'content-type': 'application/json', 'if-match': `"${t.version}"` },
    payload: JSON.stringify({ period: t.free.shift(), progress: 10 * (i % 10), text: `注入进展${i}：按计划推进。` }),
  });
  if (r.statusCode === 201) t.version++;
  return r;
};
const one = async (w = 0) => {
  const r = reports
    ? await reportOn(w)
    : await app.inject(
        post
          ? {
              method: 'POST',
              url: url.slice(5),
              headers: { ...auth, 'x-csrf-token': csrf, 'content-type': 'application/json' },
              payload: JSON.stringify({
                title: `注入任务${i++}`,
                content: '推进重点工作，确保按期完成。',
                standard: '按期完成并通过验收',
                accountability: '未按期完成的，按规定问责',
                category: '项目建设',
                level: 'general',
                leadUnitId: process.env.UNIT,
                deadline: '2027-03-01',
                cadence: 'monthly',
                issue: true,
              }),
            }
          : { method: 'GET', url, headers: auth },
      );
  if (r.statusCode >= 300) throw new Error(`${r.statusCode} ${r.body.slice(0, 300)}`);
};
// CONC=c: c requests in flight at a time (as a loaded server has them), default 1.
const conc = Number(process.env.CONC ?? 1);
for (let k = 0; k < 30; k++) await one();
const session = process.env.PROFILE ? new inspector.Session() : null;
if (session) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}
// Also the CPU of this process's own PostgreSQL connections alone (their backends), without the archiver's copies,
// autovacuum, checkpoints and other clients that the whole cluster's figure includes.
const backends = async () =>
  (await Promise.all(Array.from({ length: 5 }, () => database.pool.query('SELECT pg_backend_pid() AS pid')))).map(
    (r) => r.rows[0].pid,
  );
const own = [...new Set(await backends())];
const b0 = ticksOf(own);
const p0 = luoshiTicks(process.pid, process.env.PGDATA_PARENT).db;
const c0 = process.cpuUsage();
const t0 = performance.now();
let left = Number(n);
await Promise.all(
  Array.from({ length: conc }, async (_, w) => {
    while (left-- > 0) await one(w);
  }),
);
const c = process.cpuUsage(c0);
if (session) fs.writeFileSync(process.env.PROFILE, JSON.stringify((await session.post('Profiler.stop')).profile));
const pgMs = ((luoshiTicks(process.pid, process.env.PGDATA_PARENT).db - p0) * 10) / Number(n);
const ownMs = ((ticksOf(own) - b0) * 10) / Number(n);
const still = new Set(await backends());
console.log(
  `pg ${pgMs.toFixed(2)} (own backends ${ownMs.toFixed(2)}${own.every((b) => still.has(b)) ? '' : ', some replaced'}) \
| node user ${(c.user / 1000 / Number(n)).toFixed(3)} ` +
    `sys ${(c.system / 1000 / Number(n)).toFixed(3)} ms/request; ` +
    `wall ${((performance.now() - t0) / Number(n)).toFixed(2)}`,
);
if (process.env.PLANS)
  console.table(
    (
      await database.pool.query(
        `SELECT name, generic_plans, custom_plans, left(regexp_replace(statement, '\\s+', ' ', 'g'), 100) AS statement
          FROM pg_prepared_statements ORDER BY name`,
      )
    ).rows,
  );
await app.close();
await database.close();
