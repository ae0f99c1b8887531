import pg from 'pg';
import type { FastifyBaseLogger } from 'fastify';

/**
 * Scheduled work, one runner per cluster: each job takes a PostgreSQL advisory lock for its run, so when several
 * app instances share a database only one runs it and the others skip. Jobs are idempotent, so a restart in the
 * middle repeats nothing that was done.
 */
export interface Job {
  name: string;
  lockKey: number;
  everySeconds: number;
  run(): Promise<unknown>;
}

export async function runExclusive(pool: pg.Pool, job: Job, log?: FastifyBaseLogger): Promise<'ran' | 'skipped'> {
  // The lock lives on a connection of its own, outside the pool: the job's queries take pool connections, and a
  // pool sized to the machine must not lose one to a lock held for the whole run.
  const client = new pg.Client({ ...pool.options, application_name: 'luoshi-jobs' });
  try {
    await client.connect();
    const { rows } = await client.query('SELECT pg_try_advisory_lock($1) AS ok', [job.lockKey]);
    if (!rows[0].ok) return 'skipped';
    try {
      const result = await job.run();
      log?.info({ job: job.name, result }, 'job done');
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [job.lockKey]);
    }
    return 'ran';
  } catch (e) {
    log?.error({ err: e, job: job.name }, 'job failed');
    return 'ran';
  } finally {
    await client.end().catch(() => {});
  }
}

export function startJobs(pool: pg.Pool, jobs: Job[], log?: FastifyBaseLogger): () => void {
  const timers = jobs.map((job) => {
    const tick = () => void runExclusive(pool, job, log);
    const first = setTimeout(tick, 5_000);
    const every = setInterval(tick, job.everySeconds * 1000);
    return () => {
      clearTimeout(first);
      clearInterval(every);
    };
  });
  return () => timers.forEach((stop) => stop());
}

