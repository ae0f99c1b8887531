import { expect, it } from 'vitest';
import { describeBrowser, startBrowserEnv } from './harness';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360f8ffff3f0005fe02fea7d6a4ba0000000049454e44ae426082', 'hex');

describeBrowser('task ledger', () => {
  const envP = startBrowserEnv();

  it('the full loop: office issues → clerk accepts → reports with evidence → requests close → office closes', async () => {
    const env = await envP;
    const office = await env.signedIn('sunli');
    await office.goto(env.baseUrl + '/tasks');
    await office.getByTestId('task-create').click();
    await office.getByTestId('task-title').fill('老城区管网改造');
    await office.getByTestId('task-content').fill('完成老城区雨污管网改造');
    await office.getByTestId('task-standard').fill('年底前完成改造20公里并通过验收');
    await office.getByTestId('task-accountability').fill('纳入年度目标考核，逾期未完成的通报约谈');
    // Choose the lead unit as a person would, looking again if the choice did not show (on a loaded machine the
    // tree can re-render under the click while the unit and leader lists arrive).
    const leadUnitShown = async () => ((await office.locator('.ant-drawer [data-testid="task-lead-unit"]').first().textContent()) ?? '').includes('县住房和城乡建设局') || ((await office.locator('.ant-drawer .ant-select-selection-item').allTextContents()).join('')).includes('县住房和城乡建设局');
    for (let i = 0; i < 3 && !(await leadUnitShown()); i++) {
      if (i > 0) await office.keyboard.press('Escape');
      await office.getByTestId('task-lead-unit').click();
      await office.keyboard.type('住建局');
      await office.locator('.ant-select-tree-node-content-wrapper[title="县住房和城乡建设局"]').click({ timeout: 10_000 });
      await office.waitForTimeout(300);
    }
    await office.getByTestId('task-deadline').click();
    await office.keyboard.type('2099-12-31');
    await office.keyboard.press('Enter');
    // On a busy machine the picker may not have taken the typed date yet: check the fields before submitting.
    const deadline = office.locator('input[data-testid="task-deadline"], [data-testid="task-deadline"] input').first();
    await expect.poll(() => deadline.inputValue()).toBe('2099-12-31');
    await expect.poll(() => office.locator('.ant-drawer').textContent()).toContain('县住房和城乡建设局');
    await office.getByTestId('task-submit').click();
    // Either the success message, or whatever the form said instead (so a failure names its cause).
    await expect.poll(async () => (await office.locator('.ant-message, .ant-form-item-explain-error, .ant-drawer .ant-alert').allTextContents()).join(' | ')).toContain('已交办');
    await expect.poll(() => office.getByTestId('tasks-table').textContent()).toContain('老城区管网改造');

    const clerk = await env.signedIn('zjj.clerk');
    await clerk.goto(env.baseUrl + '/tasks?todo=true');
    await clerk.getByTestId('task-link').filter({ hasText: '老城区管网改造' }).click();
    await clerk.getByTestId('action-accept').click();
    await expect.poll(() => clerk.getByTestId('task-state').textContent()).toBe('已签收');
    await clerk.getByTestId('action-report').click();
    await clerk.locator('input[data-testid="report-progress"], [data-testid="report-progress"] input').first().fill('60');
    await clerk.getByTestId('report-text').fill('已完成12公里');
    await clerk.locator('input[type=file]').setInputFiles({ name: '现场照片.png', mimeType: 'image/png', buffer: PNG });
    await clerk.getByTestId('evidence-list').waitFor();
    await clerk.getByTestId('dialog-ok').click();
    await expect.poll(() => clerk.getByTestId('task-state').textContent()).toBe('推进中');
    await clerk.getByTestId('action-request-close').click();
    await clerk.getByTestId('close-summary').fill('已完成20公里并验收');
    await clerk.locator('input[type=file]').setInputFiles({ name: '验收单.png', mimeType: 'image/png', buffer: PNG });
    await clerk.getByTestId('evidence-list').waitFor();
    await clerk.getByTestId('dialog-ok').click();
    await expect.poll(() => clerk.getByTestId('task-state').textContent()).toBe('申请办结');

    await office.goto(clerk.url());
    await office.getByTestId('action-close').click();
    await office.getByTestId('confirm-close').click();
    await expect.poll(() => office.getByTestId('task-state').textContent()).toBe('已销账');
    await expect.poll(() => office.getByTestId('timeline').textContent()).toContain('销账');
    await expect.poll(() => office.textContent('body')).toContain('验收单.png');
  });

  it('a clerk returns a task with a reason and the office sees it', async () => {
    const env = await envP;
    const api = await env.t.login('sunli');
    const units = (await api.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
    const task = (await api.post('/api/v1/tasks', { title: '退回测试任务', content: '内容', standard: '标准', accountability: '纳入年度目标考核', leadUnitId: units.find((u) => u.shortName === '财政局')!.id, deadline: '2099-06-30', issue: true })).json();
    const clerk = await env.signedIn('czj.clerk');
    await clerk.goto(`${env.baseUrl}/tasks/${task.id}`);
    await clerk.getByTestId('action-return').click();
    await clerk.getByTestId('dialog-ok').click();
    await clerk.locator('.ant-form-item-explain-error').first().waitFor();
    await clerk.getByTestId('reason').fill('不属于本单位职责');
    await clerk.getByTestId('dialog-ok').click();
    await expect.poll(() => clerk.getByTestId('task-state').textContent()).toBe('已退回');
    const office = await env.signedIn('sunli');
    await office.goto(`${env.baseUrl}/tasks/${task.id}`);
    await expect.poll(() => office.getByTestId('timeline').textContent()).toContain('不属于本单位职责');
  });
});

describeBrowser('task milestones', () => {
  const envP = startBrowserEnv();

  it('the office adds a milestone, the clerk marks it done, and the timeline keeps both', async () => {
    const env = await envP;
    const api = await env.t.login('sunli');
    const units = (await api.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
    const task = (await api.post('/api/v1/tasks', { title: '节点测试任务', content: '内容', standard: '标准', accountability: '纳入年度目标考核', leadUnitId: units.find((u) => u.shortName === '交通运输局')!.id, deadline: '2099-06-30', issue: true })).json();
    const office = await env.signedIn('sunli');
    await office.goto(`${env.baseUrl}/tasks/${task.id}`);
    await expect.poll(() => office.getByTestId('milestones').textContent()).toContain('未设工作节点');
    await office.getByTestId('milestones-edit').click();
    await office.getByTestId('milestone-add').click();
    await office.getByTestId('milestone-title-0').fill('完成路基工程');
    await office.getByTestId('milestone-due-0').click();
    await office.keyboard.type('2099-03-31');
    await office.keyboard.press('Enter');
    await office.getByTestId('dialog-ok').click();
    await expect.poll(() => office.getByTestId('milestones').textContent()).toContain('完成路基工程');
    await expect.poll(() => office.getByTestId('milestones').textContent()).toContain('未到期');

    const clerk = await env.signedIn('jtysj.clerk');
    await clerk.goto(`${env.baseUrl}/tasks/${task.id}`);
    await clerk.getByTestId('action-accept').click();
    await expect.poll(() => clerk.getByTestId('task-state').textContent()).toBe('已签收');
    await clerk.getByTestId('milestone-done').click();
    await clerk.getByTestId('dialog-ok').click();
    await expect.poll(() => clerk.getByTestId('milestones').textContent()).toContain('完成');
    await expect.poll(() => clerk.getByTestId('timeline').textContent()).toContain('节点完成');
    await expect.poll(() => clerk.getByTestId('timeline').textContent()).toContain('调整工作节点');

    // The office moves the deadline with a reason; the page shows the new one and the timeline the reason.
    await office.reload();
    await office.getByTestId('action-replan').click();
    await office.getByTestId('replan-deadline').click();
    await office.keyboard.type('2099-09-30');
    await office.keyboard.press('Enter');
    await office.getByTestId('reason').fill('县政府常务会议同意调整');
    await office.getByTestId('dialog-ok').click();
    await expect.poll(() => office.getByTestId('timeline').textContent()).toContain('县政府常务会议同意调整');
    await expect.poll(() => office.textContent('body')).toContain('2099-09-30');
  });
});

describeBrowser('ledger views and batch actions', () => {
  const envP = startBrowserEnv();

  it('the office urges two tasks at once; the clerk finds them under 本单位台账 with the 催办 on record', async () => {
    const env = await envP;
    const api = await env.t.login('sunli');
    const units = (await api.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
    const unitId = units.find((u) => u.shortName === '教育局')!.id;
    const ids: string[] = [];
    for (const title of ['批量催办甲', '批量催办乙']) ids.push((await api.post('/api/v1/tasks', { title, content: '内容', standard: '标准', accountability: '纳入年度目标考核', leadUnitId: unitId, deadline: '2099-06-30', issue: true })).json().id);
    const office = await env.signedIn('sunli');
    await office.goto(env.baseUrl + '/tasks?q=' + encodeURIComponent('批量催办'));
    await expect.poll(() => office.getByTestId('tasks-table').textContent()).toContain('批量催办乙');
    for (const cb of await office.getByTestId('tasks-table').locator('tbody .ant-checkbox-input').all()) await cb.check();
    await office.getByTestId('batch-urge').click();
    await expect.poll(() => office.getByTestId('batch-result').textContent()).toContain('成功 2 项');

    const clerk = await env.signedIn('jyj.clerk');
    await clerk.goto(env.baseUrl + '/tasks');
    await clerk.getByTestId('task-views').getByText('本单位台账').click();
    await expect.poll(() => clerk.getByTestId('tasks-table').textContent()).toContain('批量催办甲');
    expect(clerk.url()).toContain(`unitId=${unitId}`);
    const events = (await (await env.t.login('jyj.clerk')).get(`/api/v1/tasks/${ids[0]}/events`)).json().items.map((e: { action: string }) => e.action);
    expect(events).toContain('urge');
  });
});

describeBrowser('ledger import and export', () => {
  const envP = startBrowserEnv();

  it('an import with a bad row shows the row and its reason, then a good file imports', async () => {
    const env = await envP;
    const ExcelJS = (await import('exceljs')).default;
    const book = async (rows: string[][]) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('台账');
      ws.addRow(['序号', '任务内容', '工作标准', '牵头单位', '完成时限', '奖惩']);
      rows.forEach((r) => ws.addRow([...r, '纳入年度目标考核']));
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    const p = await env.signedIn('sunli');
    await p.goto(env.baseUrl + '/tasks');
    await p.getByTestId('task-import').click();
    await p.locator('input[type=file]').setInputFiles({ name: '台账.xlsx', mimeType: 'application/octet-stream', buffer: await book([['1', '建设智慧停车场', '年底前建成', '住建局', '2099-12-31'], ['2', '修缮文化馆', '年底前完工', '文旅局', '2099-12-31']]) });
    await expect.poll(() => p.getByTestId('task-import-summary').textContent()).toContain('1 行有问题');
    await expect.poll(() => p.getByTestId('task-import-rows').textContent()).toContain('找不到单位“文旅局”');
    await p.locator('input[type=file]').setInputFiles({ name: '台账2.xlsx', mimeType: 'application/octet-stream', buffer: await book([['1', '建设智慧停车场', '年底前建成', '住建局', '2099-12-31']]) });
    await p.getByTestId('task-import-commit').click();
    await expect.poll(() => p.getByTestId('tasks-table').textContent()).toContain('建设智慧停车场');
  });
});
