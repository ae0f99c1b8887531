import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../../tests/helpers/app';
import { seedDemoProjects } from './projects';

const sharedDir = path.resolve(import.meta.dirname, '../../../../shared');
const haveShared = fs.existsSync(path.join(sharedDir, 'corpus'));
if (!haveShared) console.warn(`[luoshi tests] ${sharedDir}/corpus 不存在，跳过演示项目库测试 / skipping the demo projects test`);

describe.skipIf(!haveShared)('demo project library', () => {
  it('builds a year of 130 key projects as the speeches ask: starts by June, rounds, investment, milestones and blockers', { timeout: 600_000 }, async () => {
    const t = await createTestApp();
    const n = await seedDemoProjects(t.deps, { sharedDir, today: '2026-11-20' });
    expect(n).toBe(130);
    const office = await t.login('sunli');
    const items = (await office.get('/api/v1/projects?pageSize=500&asOf=2026-11-20')).json().items as { pool: string; light: string }[];
    expect(items).toHaveLength(130);
    const pools = new Set(items.map((i) => i.pool));
    for (const p of ['reserve', 'preliminary', 'new_start', 'continuing', 'completed', 'in_production']) expect(pools, p).toContain(p);
    expect(new Set(items.map((i) => i.light))).toEqual(expect.objectContaining(new Set(['red', 'green', 'done'])));
    // 确保上半年新建项目开工率到达80%以上、第三季度实现全部开工 (nearly: a few lag and are red).
    const june = (await office.get('/api/v1/projects/rates?asOf=2026-06-30')).json();
    expect(june.total.startRate).toBeGreaterThanOrEqual(0.75);
    const sept = (await office.get('/api/v1/projects/rates?asOf=2026-09-30')).json();
    expect(sept.total.startRate).toBeGreaterThan(0.85);
    const now = (await office.get('/api/v1/projects/rates?asOf=2026-11-20&groupBy=leader')).json();
    expect(now.total.investmentCompleted).toBeGreaterThan(0);
    expect(now.total.completionRate).toBeGreaterThan(0);
    expect(now.groups.length).toBeGreaterThan(3);
    const rounds = (await office.get('/api/v1/rounds')).json().items as { id: string; state: string; late: number; expected: number; reported: number }[];
    expect(rounds.length).toBeGreaterThan(40);
    expect(rounds.filter((r) => r.state === 'open')).toHaveLength(1);
    expect(rounds.some((r) => r.late > 0)).toBe(true);
    expect(rounds.some((r) => r.reported < r.expected)).toBe(true);
    const summary = (await office.get(`/api/v1/rounds/${rounds[1]!.id}/summary`)).json();
    expect(summary.expected).toBeGreaterThan(60);
    const open = (await office.get('/api/v1/blockers?pageSize=100')).json();
    const closed = (await office.get('/api/v1/blockers?state=closed&pageSize=100')).json();
    expect(open.total).toBeGreaterThan(0);
    expect(closed.total).toBeGreaterThan(0);
    expect([...open.items, ...closed.items].some((b: { level: number }) => b.level > 1)).toBe(true);
    const map = (await office.get('/api/v1/projects/map')).json();
    expect(map.points.length).toBeGreaterThan(100);
    expect(map.unlocated).toBeGreaterThan(0);
    expect(map.boundary).toMatchObject({ generated: true, name: expect.stringContaining('非真实行政区划') });
  });
});
