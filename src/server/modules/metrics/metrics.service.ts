import type pg from 'pg';

/**
 * What the operator's Prometheus scrapes from GET /metrics (text format 0.0.4): requests and their latency by
 * route pattern (never the raw URL: ids would make a series per row), the database pool, the scheduled jobs and
 * the age of the newest backup. Counters live in this process; each instance is scraped on its own.
 */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

export interface MetricsService {
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  recordJob(job: string, ok: boolean, seconds: number): void;
  render(extra: { pool: pg.Pool; poolMax: number; lastBackup: Date | null; now?: Date }): string;
}

const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const labels = (l: Record<string, string>) =>
  `{${Object.entries(l)
    .map(([k, v]) => `${k}="${esc(v)}"`)
    .join(',')}}`;
const num = (n: number) => (Number.isFinite(n) ? String(n) : n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN');

export function createMetricsService(): MetricsService {
  const requests = new Map<string, number>();
  const latency = new Map<string, Histogram>();
  const jobs = new Map<string, { runs: number; failures: number; lastSuccess: number | null; lastSeconds: number }>();
  const started = Date.now() / 1000 - process.uptime();

  return {
    observeRequest(method, route, status, seconds) {
      const k = JSON.stringify([method, route, String(status)]);
      requests.set(k, (requests.get(k) ?? 0) + 1);
      const hk = JSON.stringify([method, route]);
      let h = latency.get(hk);
      if (!h) latency.set(hk, (h = { counts: BUCKETS.map(() => 0), sum: 0, count: 0 }));
      for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]!) h.counts[i]!++;
      h.sum += seconds;
      h.count++;
    },
    recordJob(job, ok, seconds) {
      const j = jobs.get(job) ?? { runs: 0, failures: 0, lastSuccess: null, lastSeconds: 0 };
      j.runs++;
      if (!ok) j.failures++;
      else j.lastSuccess = Date.now() / 1000;
      j.lastSeconds = seconds;
      jobs.set(job, j);
    },
    render({ pool, poolMax, lastBackup, now = new Date() }) {
      const out: string[] = [];
      const family = (name: string, type: string, help: string) =>
        out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);

      family('luoshi_http_requests_total', 'counter', 'HTTP requests answered, by method, route pattern and status.');
      for (const [k, n] of requests) {
        const [method, route, status] = JSON.parse(k) as string[];
        out.push(`luoshi_http_requests_total${labels({ method: method!, route: route!, status: status! })} ${n}`);
      }
      family('luoshi_http_request_duration_seconds', 'histogram', 'Time to answer, by method and route pattern.');
      for (const [k, h] of latency) {
        const [method, route] = JSON.parse(k) as string[];
        const l = { method: method!, route: route! };
        BUCKETS.forEach((b, i) =>
          out.push(`luoshi_http_request_duration_seconds_bucket${labels({ ...l, le: String(b) })} ${h.counts[i]}`),
        );
        out.push(`luoshi_http_request_duration_seconds_bucket${labels({ ...l, le: '+Inf' })} ${h.count}`);
        out.push(`luoshi_http_request_duration_seconds_sum${labels(l)} ${h.sum}`);
        out.push(`luoshi_http_request_duration_seconds_count${labels(l)} ${h.count}`);
      }

      family('luoshi_db_pool_connections', 'gauge', 'Connections of the database pool: total (open) and idle.');
      out.push(
        `luoshi_db_pool_connections{state="total"} ${pool.totalCount}`,
        `luoshi_db_pool_connections{state="idle"} ${pool.idleCount}`,
      );
      family('luoshi_db_pool_waiting', 'gauge', 'Queries waiting for a pool connection.');
      out.push(`luoshi_db_pool_waiting ${pool.waitingCount}`);
      family('luoshi_db_pool_max', 'gauge', 'The pool size (LUOSHI_DB_POOL).');
      out.push(`luoshi_db_pool_max ${poolMax}`);

      family('luoshi_job_runs_total', 'counter', 'Runs of each scheduled job on this instance.');
      for (const [job, j] of jobs) out.push(`luoshi_job_runs_total${labels({ job })} ${j.runs}`);
      family('luoshi_job_failures_total', 'counter', 'Failed runs of each scheduled job on this instance.');
      for (const [job, j] of jobs) out.push(`luoshi_job_failures_total${labels({ job })} ${j.failures}`);
      family('luoshi_job_last_success_timestamp_seconds', 'gauge', 'When each job last succeeded (Unix time).');
      for (const [job, j] of jobs)
        if (j.lastSuccess !== null)
          out.push(`luoshi_job_last_success_timestamp_seconds${labels({ job })} ${j.lastSuccess}`);
      family('luoshi_job_last_duration_seconds', 'gauge', 'How long the last run of each job took.');
      for (const [job, j] of jobs) out.push(`luoshi_job_last_duration_seconds${labels({ job })} ${j.lastSeconds}`);

      family('luoshi_backup_age_seconds', 'gauge', 'Seconds since the newest finished backup (+Inf: none yet).');
      out.push(
        `luoshi_backup_age_seconds ${num(lastBackup ? Math.max(0, (now.getTime() - lastBackup.getTime()) / 1000) : Infinity)}`,
      );
      if (lastBackup) {
        family('luoshi_backup_last_success_timestamp_seconds', 'gauge', 'When the newest backup finished (Unix time).');
        out.push(`luoshi_backup_last_success_timestamp_seconds ${lastBackup.getTime() / 1000}`);
      }

      family('process_resident_memory_bytes', 'gauge', 'Resident memory of this process.');
      out.push(`process_resident_memory_bytes ${process.memoryUsage.rss()}`);
      family('process_start_time_seconds', 'gauge', 'When this process started (Unix time).');
      out.push(`process_start_time_seconds ${started}`);
      return `${out.join('\n')}\n`;
    },
  };
}
