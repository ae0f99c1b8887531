import os from 'node:os';
import pg from 'pg';
import type { FastifyBaseLogger } from 'fastify';
import { isDatabaseUnavailable } from '../db/client';

/**
 * Scheduled work, once per period per cluster: each job takes a PostgreSQL advisory lock for its run and records
 * its start in `job_runs`, so when several app instances share a database one of them runs it each period and
 * the others skip. Jobs are idempotent, so a restart in the middle repeats nothing that was done.
 */
export interface Job {
  name: string;
  lockKey: number;
  everySeconds: number;
  run(): Promise<unknown>;
}

const INSTANCE = `${os.hostname()}:${process.pid}`;

export async function runExclusive(pool: pg.Pool, job: Job, log?: FastifyBaseLogger): Promise<'ran' | 'skipped'> {
  // The lock lives on a connection of its own, outside the pool: the job's queries take pool connections, and a
  // pool sized to the machine must not lose one to a lock held for the whole run.
  const client = new pg.Client({ ...pool.options, application_name: 'luoshi-jobs' });
  // A lost backend (PostgreSQL restarting, pg_terminate_backend) is an 'error' event on an idle client: without a
  // listener it would end the process. The lock goes with the connection; the next tick takes it again.
  client.on('error', (e) =>
    log?.warn(
      { err: { message: e.message, code: (e as { code?: string }).code }, job: job.name },
      'job connection lost',
    ),
  );
  try {
    await client.connect();
    const { rows } = await client.query('SELECT pg_try_advisory_lock($1) AS ok', [job.lockKey]);
    if (!rows[0].ok) {
      log?.debug({ job: job.name }, 'job skipped: running elsewhere');
      return 'skipped';
    }
    try {
      // Another instance ran it this period (its timer fired first): skip. 80% of the period, so timers drifting
      // a little apart do not make an instance skip its own turn; a run that never finished (failed, its
      // instance or the database gone) is due at once.
      const due = await client.query(
        `INSERT INTO job_runs (name, started_at, instance) VALUES ($1, now(), $3)
         ON CONFLICT (name) DO UPDATE SET started_at = now(), finished_at = NULL, instance = $3
           WHERE job_runs.finished_at IS NULL OR job_runs.started_at <= now() - make_interval(secs => $2 * 0.8)
         RETURNING 1`,
        [job.name, job.everySeconds, INSTANCE],
      );
      if (due.rowCount === 0) {
        log?.debug({ job: job.name }, 'job skipped: ran this period');
        return 'skipped';
      }
      const result = await job.run();
      await client.query('UPDATE job_runs SET finished_at = now() WHERE name = $1', [job.name]);
      log?.info({ job: job.name, result }, 'job done');
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [job.lockKey]).catch(() => {});
    }
    return 'ran';
  } catch (e) {
    if (isDatabaseUnavailable(e))
      log?.warn({ job: job.name, err: { message: (e as Error).message } }, 'job skipped: database unavailable');
    else log?.error({ err: e, job: job.name }, 'job failed');
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
