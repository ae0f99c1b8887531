import { expect, it } from 'vitest';
import { describeBrowser, pageProblems, startBrowserEnv } from './harness';

describeBrowser('cockpit', () => {
  const envP = startBrowserEnv();

  it('the office sees the ledger by light and unit; a number opens the list behind it with the same count', async () => {
    const env = await envP;
    const api = await env.t.login('sunli');
    const units = (await api.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
    const unitId = units.find((u) => u.shortName === '住建局')!.id;
    for (const title of ['驾驶舱测试甲', '驾驶舱测试乙']) await api.post('/api/v1/tasks', { title, content: title, standard: '标准', leadUnitId: unitId, deadline: '2099-06-30', issue: true });
    const expected = (await api.get('/api/v1/cockpit')).json();
    const p = await env.signedIn('sunli');
    await p.getByTestId('menu-/cockpit').click();
    await expect.poll(() => p.getByTestId('cockpit-units').textContent()).toContain('住建局');
    expect(await p.getByTestId('cockpit-green').textContent()).toContain(String(expected.tasks.byLight.green));
    await p.getByTestId('cockpit-green').click();
    await p.waitForURL((u) => u.pathname === '/tasks' && u.searchParams.get('light') === 'green');
    await expect.poll(() => p.locator('.ant-pagination-total-text').textContent()).toContain(`共 ${expected.tasks.byLight.green} 项`);
    expect(pageProblems(p)).toEqual([]);
  });

  it('is not in a clerk’s menu', async () => {
    const env = await envP;
    const p = await env.signedIn('fgj.clerk');
    expect(await p.getByTestId('menu-/cockpit').count()).toBe(0);
  });
});
