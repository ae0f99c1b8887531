#!/usr/bin/env node
/**
 * Backup and restore of a running server, timed: `npx luoshi backup` (online, from the running instance) and
 * `npx luoshi restore` (into an empty directory, recovery and promotion included), first on the demo county, then
 * after loading the ledger at 10× a county's scale (bench/ledger.mjs's shape: 5,000 tasks, 50,000 reports,
 * 500,000 events, 300 units). Sizes: the database (pg_database_size of all databases), the backup on disk, the
 * evidence files. Appends to bench/RESULTS.md.
 *   node bench/backup.mjs [--tasks 5000] [--events-per-task 100]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { ITEMS_SQL, machine, root, startInstance } from './lib.mjs';
import { appendResults } from './results.mjs';

const { values } = parseArgs({
  options: { tasks: { type: 'string', default: '5000' }, 'events-per-task': { type: 'string', default: '100' } },
});
const TASKS = Number(values.tasks);
const EVENTS = Number(values['events-per-task']);
const mib = (n) => `${(n / 2 ** 20).toFixed(1)} MiB`;

function du(dir) {
  let total = 0;
  const seen = new Set();
  const visit = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) visit(p);
      else {
        const st = fs.statSync(p);
        if (!seen.has(st.ino)) total += st.size;
        seen.add(st.ino);
      }
    }
  };
  if (fs.existsSync(dir)) visit(dir);
  return total;
}

function cli(args, env) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const c = spawn(process.execPath, [path.join(root, 'bin/luoshi.mjs'), ...args], {
      cwd: root,
      env: { ...process.env, ...env },
    });
    let out = '';
    c.stdout.on('data', (d) => (out += d));
    c.stderr.on('data', (d) => (out += d));
    c.on('exit', (code) =>
      code === 0
        ? resolve({ seconds: (performance.now() - t0) / 1000, out })
        : reject(new Error(`luoshi ${args.join(' ')}: ${code}\n${out}`)),
    );
  });
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-bench-backup-'));
fs.chmodSync(work, 0o755);
const inst = await startInstance('backup', { LUOSHI_DEMO_HISTORY: '1' });
const { db } = inst;
const rows = [];
try {
  const measure = async (label) => {
    const dbBytes = Number(
      (await db.query('SELECT sum(pg_database_size(datname))::bigint AS n FROM pg_database')).rows[0].n,
    );
    const filesBytes = du(path.join(inst.dataDir, 'files'));
    const out = path.join(work, `${label}-backups`);
    const env = { LUOSHI_DATA_DIR: inst.dataDir };
    const b = await cli(['backup', '--out', out], env);
    const backupBytes = du(out);
    const target = path.join(work, `${label}-restored`);
    const r = await cli(['restore', '--from', out], {
      LUOSHI_DATA_DIR: target,
      LUOSHI_BACKUP_DIR: path.join(work, `${label}-restored-backups`),
    });
    rows.push({ label, dbBytes, filesBytes, backupBytes, backup: b.seconds, restore: r.seconds });
    fs.rmSync(target, { recursive: true, force: true });
    fs.rmSync(out, { recursive: true, force: true });
    console.log(rows.at(-1));
  };

  await measure('demo');

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
      SELECT id, jurisdiction_id, 100000 + row_number() OVER (ORDER BY created_at, id), title || '：推进重点工作，确保按期完成',
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
  await db.query('CHECKPOINT');
  await measure('10x');
} finally {
  await inst.stop();
  fs.rmSync(work, { recursive: true, force: true });
}

const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
const section = `
## Backup and restore — ${when} UTC

Command: \`node bench/backup.mjs --tasks ${TASKS} --events-per-task ${EVENTS}\`
Machine: ${machine()}.
Data: the demo county as \`npm start\` loads it (its year of ledger, projects and indicators); then the same plus \
the ledger at 10× a county's
scale (${TASKS.toLocaleString('en')} tasks, ${(TASKS * 10).toLocaleString('en')} reports, \
${(TASKS * EVENTS).toLocaleString('en')} events, 300 units). \`npx luoshi backup --out DIR\` from the running server \
(online:
pg_backup_start, copy with sha256, pg_backup_stop, WAL), then \`npx luoshi restore --from DIR\` into an empty
directory (files verified, PostgreSQL started, archive recovery to the backup's end, promotion, stopped). Times include
the CLI's own start (Node and tsx, about 2 s here).

| data | database (all dbs) | evidence files | backup on disk | backup | restore |
|---|---|---|---|---|---|
${rows
  .map(
    (r) => `| ${r.label === 'demo' ? 'demo county' : '10× county'} | ${mib(r.dbBytes)} | ${mib(r.filesBytes)} \
| ${mib(r.backupBytes)} | ${r.backup.toFixed(1)} s | ${r.restore.toFixed(1)} s |`,
  )
  .join('\n')}
`;
appendResults(section);
console.log(section);
