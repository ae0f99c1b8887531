import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../../../tests/helpers/app';

/** The cockpit's numbers are the lists' totals: every count, fetched through the ledger with the same filter. */
let today = '2026-03-02';
const t = await createTestApp({}, { today: () => today });
const office = await t.login('sunli');
const clerk = await t.login('fgj.clerk');
const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
const unit = (s: string) => units.find((u) => u.shortName === s)!.id;
const ifm = (v: number) => ({ 'if-match': `"${v}"` });

async function issue(title: string, leadUnit: string, deadline: string, coUnits: string[] = []) {
  const res = await office.post('/api/v1/tasks', { title, content: title, standard: '按期完成', leadUnitId: unit(leadUnit), coUnitIds: coUnits.map(unit), deadline, cadence: 'monthly', issue: true });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('cockpit', () => {
  it('counts by light and lead unit equal the ledger lists behind them; overdue and due-soon lists in scope', async () => {
    await issue('驾驶舱甲', '发改局', '2026-03-20', ['财政局']);
    await issue('驾驶舱乙', '发改局', '2026-06-30');
    await issue('驾驶舱丙', '财政局', '2026-03-10');
    await issue('驾驶舱丁', '教育局', '2026-12-31');
    today = '2026-03-16';
    const res = await office.get('/api/v1/cockpit');
    expect(res.statusCode, res.body).toBe(200);
    const c = res.json();
    const total = async (q: string) => (await office.get(`/api/v1/tasks?pageSize=1&${q}`)).json().total as number;
    for (const light of ['red', 'yellow', 'green'] as const) expect(c.tasks.byLight[light]).toBe(await total(`light=${light}`));
    for (const u of c.tasks.byUnit) {
      for (const light of ['red', 'yellow', 'green'] as const) expect({ unit: u.unitName, light, n: u[light] }).toEqual({ unit: u.unitName, light, n: await total(`leadUnitId=${u.unitId}&light=${light}`) });
    }
    expect(c.tasks.overdue).toBe(await total('state=assigned,returned,accepted,in_progress,close_requested&deadlineTo=2026-03-15'));
    expect(c.tasks.overdueList.items.map((i: { title: string }) => i.title)).toContain('驾驶舱丙');
    expect(c.tasks.dueSoonList.items.map((i: { title: string }) => i.title)).toContain('驾驶舱甲');
    // 财政局 co-operates on 甲 but leads only 丙: the cockpit counts the lead unit.
    const czj = c.tasks.byUnit.find((u: { unitId: string }) => u.unitId === unit('财政局'));
    expect(czj.red + czj.yellow + czj.green).toBe(1);
    today = '2026-03-02';
  });

  it('a leader sees only what he leads or 分管; a clerk is refused', async () => {
    today = '2026-03-16';
    const chenhui = await t.login('chenhui'); // 分管 教育局 among others, not 发改局
    const c = (await chenhui.get('/api/v1/cockpit')).json();
    const names = c.tasks.byUnit.map((u: { unitId: string }) => u.unitId);
    expect(names).toContain(unit('教育局'));
    expect(names).not.toContain(unit('发改局'));
    expect((await clerk.get('/api/v1/cockpit')).statusCode).toBe(403);
    today = '2026-03-02';
  });
});
