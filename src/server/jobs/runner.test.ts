import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Database } from '../db/client';
import { createTestDatabase } from '../../../tests/helpers/db';
import { runExclusive, type Job } from './runner';

/** The job runner with two app instances on one database, and its connection cut under it. */
let tdb: Awaited<ReturnType<typeof createTestDatabase>>;
let a: Database;
let b: Database;
beforeAll(async () => {
  tdb = await createTestDatabase();
  a = connect(tdb.url, 3);
  b = connect(tdb.url, 3);
});
afterAll(async () => {
  await a.close();
  await b.close();
  await tdb.drop();
});

let key = 990_001;
function counting(name: string, everySeconds = 60, body: () => Promise<unknown> = async () => null) {
  const job: Job & { runs: number } = {
    name,
    lockKey: key++,
    everySeconds,
    runs: 0,
    run: async () => (job.runs++, body()),
  };
  return job;
}

describe('runExclusive', () => {
  it('runs a job once per period across instances: the second instance within the period skips', async () => {
    const job = counting('once-per-period');
    expect(await runExclusive(a.pool, job)).toBe('ran');
    expect(await runExclusive(b.pool, job)).toBe('skipped');
    expect(await runExclusive(a.pool, job)).toBe('skipped');
    expect(job.runs).toBe(1);
    // Once the period has passed, whichever instance comes first runs it.
    await a.pool.query(`UPDATE job_runs SET started_at = now() - interval '61 seconds' WHERE name = $1`, [job.name]);
    expect(await runExclusive(b.pool, job)).toBe('ran');
    expect(job.runs).toBe(2);
  });

  it('two instances ticking at the same moment: one runs', async () => {
    const job = counting('same-moment', 60, () => new Promise((r) => setTimeout(r, 200)));
    const results = await Promise.all([
      runExclusive(a.pool, job),
      runExclusive(b.pool, job),
      runExclusive(a.pool, job),
    ]);
    expect(results.filter((r) => r === 'ran')).toHaveLength(1);
    expect(job.runs).toBe(1);
  });

  it('a run that failed is due again at the next tick', async () => {
    let fail = true;
    const job = counting('fails-once', 60, async () => {
      if (fail) throw new Error('boom');
    });
    await runExclusive(a.pool, job);
    fail = false;
    expect(await runExclusive(b.pool, job)).toBe('ran');
    expect(job.runs).toBe(2);
  });

  it('its connection terminated mid-run (pg_terminate_backend): no unhandled error, and the next tick runs', async () => {
    const job = counting('cut-off', 60, async () => {
      await a.pool.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'luoshi-jobs' AND datname = current_database()`,
      );
      await new Promise((r) => setTimeout(r, 200)); // the 'error' event arrives on the idle lock connection
    });
    expect(await runExclusive(a.pool, job)).toBe('ran');
    // The pool's own connections cut too: the next queries reconnect.
    await b.pool.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'luoshi'
        AND datname = current_database() AND pid <> pg_backend_pid()`,
    );
    await new Promise((r) => setTimeout(r, 200));
    const ok = counting('after-cut');
    expect(await runExclusive(a.pool, ok)).toBe('ran');
    expect((await a.pool.query('SELECT 1 AS one')).rows[0].one).toBe(1);
  });
});
