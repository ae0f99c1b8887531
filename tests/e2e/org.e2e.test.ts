import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeBrowser, pageProblems, startBrowserEnv } from './harness';

/** Picks a unit in the open TreeSelect dropdown by its full name. */
const pickTreeOption = (p: Page, name: string) =>
  p.locator(`.ant-select-dropdown:visible .ant-select-tree-node-content-wrapper[title="${name}"]`).click();
/** Picks an option in the open Select dropdown by its label. */
const pickOption = (p: Page, label: string) =>
  p.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${label}"]`).click();
const modalText = (p: Page) => p.locator('.ant-modal:visible').textContent();

describeBrowser('unit management', () => {
  const envP = startBrowserEnv();

  it('creates a unit under a parent, renames it, refuses a move under its own child, deactivates an empty unit', async () => {
    const env = await envP;
    const p = await env.signedIn('sysadmin');
    await p.goto(`${env.baseUrl}/org/units`);
    // The tree counts the people of each unit.
    await expect.poll(() => p.getByTestId('unit-node-县发展和改革局').textContent()).toMatch(/\d+ 人/);

    // New unit: its parent is the selected unit, and it shows under it once saved.
    await p.getByTestId('unit-node-城关镇人民政府').click();
    await p.getByTestId('unit-create-child').click();
    expect(await modalText(p)).toContain('城关镇人民政府');
    await p.getByTestId('unit-name').fill('城关镇综合执法队');
    await p.getByTestId('unit-save').click();
    await p.getByTestId('unit-node-城关镇综合执法队').waitFor();
    await expect.poll(() => p.getByTestId('unit-detail').textContent()).toContain('城关镇人民政府');

    // A child of the new unit, to try the cycle with.
    await p.getByTestId('unit-create-child').click();
    await p.getByTestId('unit-name').fill('执法一中队');
    await p.getByTestId('unit-save').click();
    await p.getByTestId('unit-node-执法一中队').waitFor();

    // Rename.
    await p.getByTestId('unit-node-城关镇综合执法队').click();
    await p.getByTestId('unit-edit').click();
    await p.getByTestId('unit-name').fill('城关镇综合行政执法队');
    await p.getByTestId('unit-save').click();
    await p.getByTestId('unit-node-城关镇综合行政执法队').waitFor();
    expect(await p.getByTestId('unit-node-城关镇综合执法队').count()).toBe(0);

    // Move under its own child: the server refuses and the message sits under the field.
    await p.getByTestId('unit-move').click();
    await p.getByTestId('unit-parent').click();
    await pickTreeOption(p, '执法一中队');
    await p.getByTestId('unit-save').click();
    await expect
      .poll(() => p.locator('.ant-modal:visible .ant-form-item-explain-error').textContent())
      .toContain('不能把单位移动到它自己或其下级单位之下');
    await p.locator('.ant-modal:visible .ant-modal-close').click();
    await expect.poll(() => p.getByTestId('unit-detail').textContent()).toContain('城关镇人民政府');

    // Deactivate the empty child: it leaves the tree, and comes back greyed with 已停用 when asked for.
    await p.getByTestId('unit-node-执法一中队').click();
    await p.getByTestId('unit-toggle').click();
    await p.getByTestId('confirm-ok').click();
    await expect.poll(() => p.getByTestId('unit-node-执法一中队').count()).toBe(0);
    await p.getByTestId('show-inactive').click();
    await expect.poll(() => p.getByTestId('unit-node-执法一中队').textContent()).toContain('已停用');

    expect(pageProblems(p)).toEqual([]);
    await p.context().close();
  });

  it('tells the user when someone else changed the unit first, and saves after a reload', async () => {
    const env = await envP;
    const admin = await env.t.login('sysadmin');
    const unit = (await admin.post('/api/v1/units', { name: '并发测试专班', kind: 'other' })).json();
    const p = await env.signedIn('sysadmin');
    await p.goto(`${env.baseUrl}/org/units`);
    await p.getByTestId('unit-node-并发测试专班').click();
    await p.getByTestId('unit-edit').click();
    // Another administrator saves while the dialog is open.
    expect(
      (
        await admin.patch(
          `/api/v1/units/${unit.id}`,
          { name: '并发测试专班（他人改）' },
          { 'if-match': `"${unit.version}"` },
        )
      ).statusCode,
    ).toBe(200);
    await p.getByTestId('unit-short-name').fill('专班');
    await p.getByTestId('unit-save').click();
    await p.getByTestId('version-conflict').waitFor();
    // The dialog now holds the other person's version; saving again goes through.
    expect(await p.getByTestId('unit-name').inputValue()).toBe('并发测试专班（他人改）');
    await p.getByTestId('unit-short-name').fill('专班');
    await p.getByTestId('unit-save').click();
    await p.getByTestId('unit-node-并发测试专班（他人改）').waitFor();
    await expect
      .poll(async () => (await admin.get(`/api/v1/units/${unit.id}`)).json())
      .toMatchObject({ name: '并发测试专班（他人改）', shortName: '专班' });
    await p.context().close();
  });

  it('filters people by name, role and unit, and shows a clerk only his own unit', async () => {
    const env = await envP;
    const p = await env.signedIn('sysadmin');
    await p.goto(`${env.baseUrl}/org/people`);
    await expect.poll(() => p.getByTestId('people-table').textContent()).toContain('sunli');

    await p.getByTestId('people-search').fill('龚颖');
    await p.getByTestId('people-filter').click();
    await expect.poll(() => p.getByTestId('people-table').textContent()).not.toContain('sunli');
    await expect.poll(() => p.getByTestId('people-table').textContent()).toContain('gongying');

    await p.getByTestId('people-reset').click();
    await p.getByTestId('people-role-filter').click();
    await pickOption(p, '督查室');
    await expect.poll(() => p.getByTestId('people-table').textContent()).not.toContain('gongying');
    await expect.poll(() => p.getByTestId('people-table').textContent()).toContain('sunli');

    // From a unit to its people.
    await p.goto(`${env.baseUrl}/org/units`);
    await p.getByTestId('unit-node-县发展和改革局').click();
    await p.getByText('查看人员').click();
    await p.waitForURL((u) => u.pathname === '/org/people' && u.searchParams.has('unitId'));
    await expect.poll(() => p.getByTestId('people-table').textContent()).toContain('fgj.clerk');
    expect(await p.getByTestId('people-table').textContent()).not.toContain('sunli');
    await p.context().close();

    const clerk = await env.signedIn('czj.clerk');
    await clerk.goto(`${env.baseUrl}/org/people`);
    await expect.poll(() => clerk.getByTestId('people-table').textContent()).toContain('czj.clerk');
    expect(await clerk.getByTestId('people-table').textContent()).not.toContain('fgj.clerk');
    // Read only: no create button, no edit links.
    expect(await clerk.getByTestId('person-create').count()).toBe(0);
    expect(await clerk.getByTestId('edit-czj.clerk').count()).toBe(0);
    await clerk.context().close();
  });

  it('the security administrator cannot combine an administrator role with another', async () => {
    const env = await envP;
    const p = await env.signedIn('secadmin');
    await p.goto(`${env.baseUrl}/org/people`);
    await p.getByTestId('roles-gongying').click();
    await p.getByRole('checkbox', { name: '审计管理员' }).check();
    await p.getByTestId('roles-conflict-hint').waitFor();
    await p.getByTestId('roles-save').click();
    await expect.poll(() => modalText(p)).toContain('三员分立');
    await p.context().close();
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
    await p.goto(`${env.baseUrl}/org/units`);
    await expect.poll(() => p.getByTestId('unit-tree').textContent()).toContain(name);
    expect(await p.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await p.locator('[data-testid="unit-tree"] img').count()).toBe(0);
  });
});
