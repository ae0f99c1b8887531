#!/usr/bin/env node
/**
 * Recovery time when the database goes away under a running server (embedded PostgreSQL, demo county): a stream of
 * writes (two writers creating units as the system administrator) runs throughout; PostgreSQL is stopped cleanly
 * (SIGINT, as a restart would) once and killed with -9 twice, each after the stream has settled. Measured:
 * from the event to the first write acknowledged after it (the server restarts PostgreSQL itself), how many
 * requests answered 503 meanwhile, and at the end whether every acknowledged write is in the database.
 *   node bench/recovery.mjs
 */
import fs from 'node:fs';
import path from 'node:path';
import { machine, signIn, startInstance } from './lib.mjs';
import { appendResults } from './results.mjs';

const inst = await startInstance('recovery');
inst.db.on('error', () => {}); // the bench's own connection dies with the server: not the app's
const session = await signIn(inst.base, 'sysadmin');
const acked = [];
let lastOk = 0;
let lastEvent = 0;
let running = true;
let n = 0;
let unavailable = 0;
let other = 0;
const writer = async (w) => {
  while (running) {
    const sent = Date.now();
    try {
      const r = await fetch(`${inst.base}/api/v1/units`, {
        method: 'POST',
        headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/json' },
        body: JSON.stringify({ name: `恢复测试单位${w}-${n++}`, kind: 'government_office' }),
        signal: AbortSignal.timeout(60_000),
      });
      if (r.status === 201) {
        acked.push((await r.json()).id);
        // Only a request sent after the event shows the database is back (one in flight may have committed before).
        if (sent > lastEvent) lastOk = Math.max(lastOk, Date.now());
      } else {
        await r.arrayBuffer();
        if (r.status === 503) unavailable++;
        else other++;
        await new Promise((res) => setTimeout(res, 50));
      }
    } catch {
      other++;
      await new Promise((res) => setTimeout(res, 50));
    }
  }
};
const writers = [writer(0), writer(1)];
const postmaster = () =>
  Number(fs.readFileSync(path.join(inst.dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
const settle = async () => {
  const target = acked.length + 20;
  while (acked.length < target) await new Promise((r) => setTimeout(r, 50));
};

const rows = [];
for (const [event, signal] of [
  ['clean stop (SIGINT)', 'SIGINT'],
  ['kill -9', 'SIGKILL'],
  ['kill -9', 'SIGKILL'],
]) {
  await settle();
  const before503 = unavailable;
  const at = Date.now();
  lastEvent = at;
  process.kill(postmaster(), signal);
  while (lastOk <= at) await new Promise((r) => setTimeout(r, 20));
  rows.push({ event, ms: lastOk - at, failed: unavailable - before503 });
  console.log(
    `${event}: first write acknowledged ${lastOk - at} ms later (${unavailable - before503} × 503 meanwhile)`,
  );
}
await settle();
running = false;
await Promise.all(writers);
await inst.db.end().catch(() => {});
const { default: pg } = await import('pg');
const rt = JSON.parse(fs.readFileSync(path.join(inst.dataDir, 'runtime.json'), 'utf8'));
const db = new pg.Client({
  host: '127.0.0.1',
  port: rt.pgPort,
  user: 'postgres',
  password: fs.readFileSync(path.join(inst.dataDir, 'pg-password'), 'utf8').trim(),
  database: 'luoshi',
});
await db.connect();
const { rows: found } = await db.query('SELECT count(*)::int AS n FROM units WHERE id = ANY($1::uuid[])', [acked]);
await db.end();
inst.db.end = async () => {};
await inst.stop();

const out = [
  '',
  `## Recovery after PostgreSQL stops or is killed — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  '',
  'Command: `node bench/recovery.mjs`',
  `Machine: ${machine()}.`,
  `Data: the demo county as \`npm start\` loads it; two writers creating units throughout (${acked.length} acknowledged in all).`,
  'Time from the event to the first write acknowledged after it; the server restarts the embedded PostgreSQL itself',
  '(crash recovery after kill -9), requests meanwhile answer 503.',
  '',
  '| event | recovered after | 503 answers meanwhile |',
  '|---|---|---|',
  ...rows.map((r) => `| ${r.event} | ${(r.ms / 1000).toFixed(1)} s | ${r.failed} |`),
  '',
  `Acknowledged writes found afterwards: ${found[0].n} of ${acked.length}. Other failures (not 503): ${other}.`,
  '',
];
appendResults(out.join('\n'));
console.log(out.join('\n'));
