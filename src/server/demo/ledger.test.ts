import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../../tests/helpers/app';
import { seedDemoLedger } from './ledger';

const sharedDir = path.resolve(import.meta.dirname, '../../../../shared');
const haveShared = fs.existsSync(path.join(sharedDir, 'gold'));
if (!haveShared) console.warn(`[luoshi tests] ${sharedDir}/gold 不存在，跳过演示台账测试 / skipping the demo ledger test`);

describe.skipIf(!haveShared)('demo ledger from the corpus directives', () => {
  it('builds a year of history: every state a supervision office meets, timestamps in the past', async () => {
    const t = await createTestApp({}, { today: () => '2026-11-20' });
    const n = await seedDemoLedger(t.deps, { sharedDir, today: '2026-11-20' });
    expect(n).toBeGreaterThan(20);
    const office = await t.login('sunli');
    const items = (await office.get('/api/v1/tasks?pageSize=500')).json().items as { state: string; light: string; parentId: string | null; leadLeaderId: string | null }[];
    const states = new Set(items.map((i) => i.state));
    expect(states).toContain('closed');
    expect(states).toContain('in_progress');
    // What the office and the units meet when the demo opens: just issued and not yet accepted, evidence to check,
    // tasks a little behind (yellow) and far behind or overdue (red).
    expect(states).toContain('assigned');
    expect(states).toContain('close_requested');
    const lights = new Set(items.filter((i) => i.state !== 'closed').map((i) => i.light));
    expect(lights).toContain('yellow');
    expect(lights).toContain('red');
    expect(lights).toContain('green');
    expect(items.some((i) => i.parentId)).toBe(true); // township sub-tasks
    expect(items.some((i) => i.leadLeaderId)).toBe(true); // 请龚颖同志牵头
    const { rows } = await t.deps.database.pool.query(`SELECT action, count(*)::int AS n, max(at) < now() - interval '1 day' AS past FROM supervision_events GROUP BY action`);
    const byAction = Object.fromEntries(rows.map((r: { action: string; n: number; past: boolean }) => [r.action, r]));
    for (const a of ['assign', 'accept', 'report', 'requestClose', 'close', 'return', 'reassign']) expect(byAction[a]?.n, a).toBeGreaterThan(0);
    expect(byAction.report.past).toBe(true);
  });
});
