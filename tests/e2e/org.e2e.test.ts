import { expect, it } from 'vitest';
import { describeBrowser, startBrowserEnv } from './harness';

describeBrowser('unit management', () => {
  const envP = startBrowserEnv();

  it('creates a unit under a parent, renames it, refuses a move under its own child, deactivates it', async () => {
    const env = await envP;
    const p = await env.signedIn('sysadmin');
    await p.goto(env.baseUrl + '/org/units');
    await p.getByTestId('unit-node-城关镇人民政府').click();
    await p.getByTestId('unit-create').click();
    await p.getByTestId('unit-name').fill('城关镇综合执法队');
    await p.getByTestId('unit-save').click();
    await p.getByTestId('unit-node-城关镇综合执法队').waitFor();
    // A child of the new unit, to try the cycle.
    await p.getByTestId('unit-create').click();
    await p.getByTestId('unit-name').fill('执法一中队');
    await p.getByTestId('unit-save').click();
    await p.getByTestId('unit-node-执法一中队').waitFor();

    await p.getByTestId('unit-node-城关镇综合执法队').click();
    await p.getByTestId('unit-edit').click();
    await p.getByTestId('unit-name').fill('城关镇综合行政执法队');
    await p.getByTestId('unit-save').click();
    await p.getByTestId('unit-node-城关镇综合行政执法队').waitFor();

    await p.getByTestId('unit-edit').click();
    await p.getByTestId('unit-parent').click();
    await p.locator('.ant-select-tree-node-content-wrapper[title="执法一中队"]').click();
    await p.getByTestId('unit-save').click();
    await expect.poll(() => p.getByTestId('error-alert').textContent()).toContain('不能把单位移动到它自己或其下级单位之下');
    await p.locator('.ant-modal-close').click();

    await p.getByTestId('unit-node-执法一中队').click();
    await p.getByTestId('unit-toggle').click();
    await p.getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect.poll(async () => p.getByTestId('unit-node-执法一中队').count()).toBe(0);
    await p.context().close();
  });

  it('filters people by name and shows them scoped for a clerk', async () => {
    const env = await envP;
    const p = await env.signedIn('sysadmin');
    await p.goto(env.baseUrl + '/org/people');
    await p.getByTestId('people-search').locator('input').fill('龚颖');
    await p.getByTestId('people-filter').click();
    await expect.poll(() => p.getByTestId('people-table').textContent()).toContain('gongying');
    expect(await p.getByTestId('people-table').textContent()).not.toContain('sunli');
    await p.context().close();
    const clerk = await env.signedIn('czj.clerk');
    await clerk.goto(env.baseUrl + '/org/people');
    await expect.poll(() => clerk.getByTestId('people-table').textContent()).toContain('czj.clerk');
    expect(await clerk.getByTestId('people-table').textContent()).not.toContain('fgj.clerk');
    await clerk.context().close();
  });
});

describeBrowser('text is text', () => {
  const envP = startBrowserEnv();
  it('shows HTML typed into a unit name as text, never as markup', async () => {
    const env = await envP;
    const admin = await env.t.login('sysadmin');
    const name = '<img src=x onerror="window.__pwned=1">测试单位';
    expect((await admin.post('/api/v1/units', { name, kind: 'other' })).statusCode).toBe(201);
    const p = await env.signedIn('sysadmin');
    await p.goto(env.baseUrl + '/org/units');
    await expect.poll(() => p.getByTestId('unit-tree').textContent()).toContain(name);
    expect(await p.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await p.locator('[data-testid="unit-tree"] img').count()).toBe(0);
  });
});
