import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { addDays, todayInShanghai } from '../../src/shared/domain/dates';
import { describeBrowser, pageProblems, startBrowserEnv } from './harness';

const ifm = (v: number) => ({ 'if-match': `"${v}"` });

describeBrowser('forecasts and the economy on the cockpit', () => {
  const envP = startBrowserEnv();

  it('a task page shows its forecast with the method and what it takes; the cockpit lists a task forecast to miss', async () => {
    const env = await envP;
    const office = await env.t.login('sunli');
    const clerk = await env.t.login('fgj.clerk');
    const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
    const today = todayInShanghai();
    const res = await office.post('/api/v1/tasks', {
      title: '预测浏览器测试任务',
      content: '预测浏览器测试任务',
      standard: '按期完成',
      accountability: '纳入年度目标考核',
      leadUnitId: units.find((u) => u.shortName === '发改局')!.id,
      deadline: addDays(today, 40),
      cadence: 'weekly',
      issue: true,
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    const acc = (await clerk.post(`/api/v1/tasks/${id}/accept`, {}, ifm(res.json().version))).json();
    expect(
      (await clerk.post(`/api/v1/tasks/${id}/reports`, { progress: 10, text: '刚起步' }, ifm(acc.version))).statusCode,
    ).toBe(201);
    // Issued sixty days ago and reported ten days ago: 10 % in 50 days cannot finish in the 40 days left.
    await env.t.deps.database.db.execute(
      sql`UPDATE supervised_items SET start_date = ${addDays(today, -60)}::date, light_on = NULL WHERE id = ${id}`,
    );
    await env.t.deps.database.db.execute(
      sql`UPDATE progress_reports SET submitted_at = ${`${addDays(today, -10)}T10:00:00+08:00`}::timestamptz WHERE item_id = ${id}`,
    );
    const api = (await office.get(`/api/v1/tasks/${id}`)).json();
    expect(api.forecast).toMatchObject({ method: 'run_rate', misses: true });

    const p = await env.signedIn('sunli');
    await p.goto(`${env.baseUrl}/tasks/${id}`);
    const forecast = p.getByTestId('task-forecast');
    await expect.poll(() => forecast.textContent()).toContain(`预计 ${api.forecast.completion} 完成`);
    expect(await forecast.textContent()).toContain(`预计超期 ${api.forecast.daysLate} 天`);
    expect(await p.getByTestId('task-forecast-needed').textContent()).toMatch(/按期完成需每周推进 [\d.]+ 个百分点/);

    await p.getByTestId('menu-/cockpit').click();
    const card = p.getByTestId('cockpit-forecast-tasks');
    await expect.poll(() => card.textContent()).toContain('预测浏览器测试任务');
    await card.getByText('预测浏览器测试任务').click();
    await p.waitForURL((u) => u.pathname === `/tasks/${id}`);
    expect(pageProblems(p)).toEqual([]);
  });

  it('the cockpit’s economy panel shows an indicator’s light and rank and opens the indicator', async () => {
    const env = await envP;
    const office = await env.t.login('sunli');
    const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
    const year = Number(todayInShanghai().slice(0, 4));
    const ind = await office.post('/api/v1/indicators', {
      name: '驾驶舱浏览器指标',
      unit: '亿元',
      frequency: 'year',
      accumulation: 'cumulative',
      responsibleUnitId: units.find((u) => u.shortName === '发改局')!.id,
      targets: { [String(year - 1)]: { value: 100, growth: null } },
    });
    expect(ind.statusCode, ind.body).toBe(201);
    const id = ind.json().id as string;
    const peer = (await office.post('/api/v1/indicators/counties', { name: '浏览器兄弟县' })).json();
    for (const [countyId, value] of [
      [null, 90],
      [peer.id, 120],
    ] as const) {
      const v = await office.post(`/api/v1/indicators/${id}/values`, {
        period: String(year - 1),
        value,
        ...(countyId ? { countyId } : {}),
        confirm: true,
      });
      expect(v.statusCode, v.body).toBe(201);
    }
    const p = await env.signedIn('sunli');
    await p.getByTestId('menu-/cockpit').click();
    const row = p.getByTestId(`cockpit-economy-${id}`);
    await expect.poll(() => p.getByTestId('cockpit-economy').textContent()).toContain('驾驶舱浏览器指标');
    await row.click();
    await p.waitForURL((u) => u.pathname === `/indicators/${id}`);
    await expect.poll(() => p.locator('body').textContent()).toContain('驾驶舱浏览器指标');
    expect(pageProblems(p)).toEqual([]);
  });

  it('the office adds a township as a series of its own in the catalogue', async () => {
    const env = await envP;
    const p = await env.signedIn('sunli');
    await p.goto(`${env.baseUrl}/indicators/catalogue?tab=counties`);
    await p.getByTestId('county-kind').click();
    await p.locator('.ant-select-item-option').filter({ hasText: '乡镇、园区' }).click();
    await p.getByTestId('county-place-unit').click();
    await p.locator('.ant-select-item-option').filter({ hasText: '河西镇' }).click();
    await p.getByTestId('county-add').click();
    await expect.poll(() => p.getByTestId('county-table').textContent()).toContain('河西镇');
    const api = await env.t.login('sunli');
    const c = (await api.get('/api/v1/indicators/counties'))
      .json()
      .items.find((x: { name: string }) => x.name === '河西镇');
    expect(c).toMatchObject({ kind: 'place' });
    expect(pageProblems(p)).toEqual([]);
  });
});
