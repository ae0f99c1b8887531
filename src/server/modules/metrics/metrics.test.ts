import { describe, expect, it } from 'vitest';
import type pg from 'pg';
import { createMetricsService } from './metrics.service';

const pool = { totalCount: 4, idleCount: 3, waitingCount: 1 } as pg.Pool;

describe('metrics', () => {
  it('counts requests by route and keeps cumulative latency buckets', () => {
    const m = createMetricsService();
    m.observeRequest('GET', '/api/v1/tasks/:id', 200, 0.004);
    m.observeRequest('GET', '/api/v1/tasks/:id', 200, 0.3);
    m.observeRequest('GET', '/api/v1/tasks/:id', 404, 12);
    const text = m.render({ pool, poolMax: 5, lastBackup: null });
    expect(text).toContain('luoshi_http_requests_total{method="GET",route="/api/v1/tasks/:id",status="200"} 2');
    expect(text).toContain('luoshi_http_requests_total{method="GET",route="/api/v1/tasks/:id",status="404"} 1');
    const bucket = (le: string) =>
      Number(
        new RegExp(
          `duration_seconds_bucket\\{method="GET",route="/api/v1/tasks/:id",le="${le.replace('+', '\\+')}"\\} (\\d+)`,
        ).exec(text)![1],
      );
    expect([bucket('0.005'), bucket('0.25'), bucket('0.5'), bucket('10'), bucket('+Inf')]).toEqual([1, 1, 2, 2, 3]);
    expect(text).toMatch(
      /luoshi_http_request_duration_seconds_sum\{method="GET",route="\/api\/v1\/tasks\/:id"\} 12\.30/,
    );
    expect(text).toContain('luoshi_db_pool_connections{state="idle"} 3');
    expect(text).toContain('luoshi_db_pool_waiting 1');
    expect(text).toContain('luoshi_backup_age_seconds +Inf');
  });

  it('counts job runs and failures, and the age of the newest backup', () => {
    const m = createMetricsService();
    m.recordJob('backup', true, 3.5);
    m.recordJob('webhook-deliveries', true, 0.01);
    m.recordJob('webhook-deliveries', false, 0.02);
    const text = m.render({
      pool,
      poolMax: 5,
      lastBackup: new Date('2026-12-06T02:30:00Z'),
      now: new Date('2026-12-06T03:30:00Z'),
    });
    expect(text).toContain('luoshi_job_runs_total{job="webhook-deliveries"} 2');
    expect(text).toContain('luoshi_job_failures_total{job="webhook-deliveries"} 1');
    expect(text).toContain('luoshi_job_failures_total{job="backup"} 0');
    expect(text).toContain('luoshi_backup_age_seconds 3600');
    // Every sample line belongs to a declared family.
    const families = new Set([...text.matchAll(/^# TYPE (\S+)/gm)].map((x) => x[1]));
    for (const line of text.split('\n').filter((l) => l && !l.startsWith('#'))) {
      const name = line.split(/[{ ]/)[0]!.replace(/_(bucket|sum|count)$/, '');
      expect(families.has(name) || families.has(line.split(/[{ ]/)[0]), line).toBe(true);
    }
  });
});
