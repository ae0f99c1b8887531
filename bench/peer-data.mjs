/**
 * The Luoshi side's wrk data for bench/peer-redmine.lua (scenarios C and D), shared by bench/peer-redmine.mjs and
 * a held instance: `node bench/peer-redmine.mjs --hold` leaves <data dir>/peer-hold.json, and
 *   node bench/peer-data.mjs <data dir> C|D
 * (re)writes <data dir>/wrk-data.lua from it and the database as it stands — D's tuples carry the versions the
 * tasks have now, so they are written again before every run (e.g. WRK_BEFORE of bench/wrk-inproc.mjs).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ownerClient } from './lib.mjs';

export const day = (iso) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
export const iso = (d) => new Date(d * 86_400_000).toISOString().slice(0, 10);
export const periodOf = (d, cadence) => {
  if (cadence === 'monthly') return iso(d).slice(0, 7);
  const dt = new Date(d * 86_400_000);
  const th = d + 3 - ((dt.getUTCDay() + 6) % 7); // Thursday of the ISO week
  const y = new Date(th * 86_400_000).getUTCFullYear();
  return `${y}-W${String(Math.floor((th - day(`${y}-01-01`)) / 7) + 1).padStart(2, '0')}`;
};

/**
 * D: every (working task, period of its cadence from its start to today not yet reported), with the version the
 * task will have when that report is sent; round k holds every task's k-th unused period. Each thread owns whole
 * tasks. `tokenIndexOfUnit`: unit id → 1-based index of its clerk's token in the Lua data.
 */
export async function dTuples(q, { j, today, threads, tokenIndexOfUnit }, limit = 200_000) {
  const T = day(today);
  const rows = await q(
    `SELECT i.id, i.version, i.cadence, i.start_date::text AS start, i.assignee_unit_id AS unit,
            coalesce(array_agg(r.period) FILTER (WHERE r.period IS NOT NULL), '{}') AS done
     FROM supervised_items i LEFT JOIN progress_reports r ON r.item_id = i.id AND r.review_status <> 'returned'
     WHERE i.jurisdiction_id = $1 AND i.kind = 'task' AND i.state IN ('accepted',
       'in_progress') AND i.cadence IN ('weekly', 'monthly') AND i.parent_id IS NULL
     GROUP BY i.id ORDER BY i.id`,
    [j],
  );
  const lists = rows
    .filter((r) => tokenIndexOfUnit.has(r.unit))
    .map((r, idx) => {
      const done = new Set(r.done);
      const periods = [];
      if (r.cadence === 'weekly') {
        for (let d = day(r.start); d <= T; d += 7)
          if (!done.has(periodOf(d, 'weekly'))) periods.push(periodOf(d, 'weekly'));
      } else {
        for (let m = r.start.slice(0, 7); m <= today.slice(0, 7); m = iso(day(`${m}-01`) + 32).slice(0, 7))
          if (!done.has(m)) periods.push(m);
      }
      return { r, th: 1 + (idx % threads), periods };
    });
  const out = [];
  for (let k = 0; out.length < limit; k++) {
    let any = false;
    for (const l of lists) {
      if (k >= l.periods.length) continue;
      any = true;
      out.push(`${l.th} ${l.r.id} ${l.r.version + k} ${l.periods[k]} ${tokenIndexOfUnit.get(l.r.unit)}`);
      if (out.length >= limit) break;
    }
    if (!any) break;
  }
  return { tuples: out, tasks: lists.length };
}

/** Writes the data file for a scenario; answers what D's tuples cover ('' for the others). */
export async function writeData(q, file, baseLua, scenario, spec) {
  let extraLua = 'D_TEXT = ""';
  let info = '';
  if (scenario === 'D') {
    const { tuples, tasks } = await dTuples(q, spec);
    // One long string, split in Lua: a table literal this big exceeds Lua's 65,536 constants per chunk.
    extraLua = `D_TEXT = [[\n${tuples.join('\n')}\n]]`;
    info = `${tuples.length} (task, period) tuples over ${tasks} working tasks`;
  }
  fs.writeFileSync(file, `${baseLua}\n${extraLua}\n`);
  return info;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dataDir, scenario = 'D'] = process.argv.slice(2);
  const hold = JSON.parse(fs.readFileSync(path.join(dataDir, 'peer-hold.json'), 'utf8'));
  const { db } = ownerClient(dataDir);
  await db.connect();
  const q = async (sql, p = []) => (await db.query(sql, p)).rows;
  const spec = { ...hold, tokenIndexOfUnit: new Map(hold.tokenIndexOfUnit) };
  const info = await writeData(q, path.join(dataDir, 'wrk-data.lua'), hold.baseLua, scenario, spec);
  await db.end();
  if (info) console.error(`[peer-data] ${info}`);
}
