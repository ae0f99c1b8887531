/**
 * How long a system-wide advisory lock is held per write (issue 16's writes): samples pg_locks every `ms` for
 * `seconds` and prints the share of samples in which each lock was granted. The share divided by the writes per
 * second is the mean hold per write. Run next to a write benchmark (its own backend's CPU is PostgreSQL's too, so
 * not during a run that measures CPU per request):
 *   node bench/lock-sample.mjs <postgres url> <seconds> [ms=2] [lock ids=7351002,7351010]
 */
import pg from 'pg';

const [url, seconds = '10', ms = '2', ids = '7351002,7351010'] = process.argv.slice(2);
const locks = ids.split(',').map(Number);
const db = new pg.Client(url);
await db.connect();
const held = new Map(locks.map((l) => [l, 0]));
let samples = 0;
const end = Date.now() + Number(seconds) * 1000;
while (Date.now() < end) {
  const { rows } = await db.query({
    name: 'held',
    text: `SELECT objid::int AS id, count(*) FILTER (WHERE granted)::int AS held, count(*) FILTER (WHERE NOT granted)::int AS waiting
      FROM pg_locks WHERE locktype = 'advisory' AND objid = ANY($1::oid[]) GROUP BY objid`,
    values: [locks],
  });
  samples++;
  for (const r of rows) if (r.held > 0) held.set(r.id, held.get(r.id) + 1);
  await new Promise((r) => setTimeout(r, Number(ms)));
}
await db.end();
console.log(
  `${samples} samples: ${[...held].map(([l, n]) => `lock ${l} held ${((100 * n) / samples).toFixed(1)}%`).join(', ')}`,
);
