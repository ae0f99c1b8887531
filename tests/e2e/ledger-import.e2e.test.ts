import { expect, it } from 'vitest';
import { describeBrowser, pageProblems, startBrowserEnv } from './harness';

/** 导入历史台账: a county brings in the ledger it already keeps, then the same file again. */
describeBrowser('ledger import', () => {
  const envP = startBrowserEnv();

  it('an existing ledger comes in with its overdue and closed rows; importing it again shows the duplicates', async () => {
    const env = await envP;
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('2026年重点工作台账');
    ws.addRow([
      '序号',
      '任务内容',
      '工作标准',
      '奖惩',
      '牵头单位',
      '完成时限',
      '进展情况',
      '完成进度',
      '状态',
      '办结时间',
    ]);
    ws.addRow([
      1,
      '浏览器历史：完成城区雨污分流改造',
      '改造管网15公里',
      '逾期约谈',
      '住建局',
      '2026-01-31',
      '已完成10公里，剩余路段正在施工',
      '60%',
      '在办',
      '',
    ]);
    ws.addRow([
      2,
      '浏览器历史：印发营商环境提升方案',
      '方案印发',
      '纳入年度考核',
      '经发局',
      '2026-02-28',
      '方案已印发实施',
      '100%',
      '已办结',
      '2026-02-20',
    ]);
    const file = Buffer.from(await wb.xlsx.writeBuffer());

    const p = await env.signedIn('sunli');
    await p.goto(`${env.baseUrl}/tasks`);
    await p.getByTestId('task-import').click();
    await p.getByTestId('task-import-mode').getByText('导入历史台账').click();
    await p
      .locator('.ant-modal input[type=file]')
      .setInputFiles({ name: '历史台账.xlsx', mimeType: 'application/octet-stream', buffer: file });
    await expect.poll(() => p.getByTestId('task-import-summary').textContent()).toContain('2');
    await p.getByTestId('task-import-commit').click();
    await expect.poll(() => p.locator('.ant-modal:visible').count()).toBe(0);

    // The overdue row is red and in hand; the closed one closed at 100 %.
    const api = await env.t.login('sunli');
    const find = async (q: string) => (await api.get(`/api/v1/tasks?q=${encodeURIComponent(q)}`)).json().items[0];
    await expect.poll(async () => (await find('城区雨污分流改造'))?.light).toBe('red');
    expect(await find('城区雨污分流改造')).toMatchObject({ state: 'in_progress', progress: 60 });
    expect(await find('营商环境提升方案')).toMatchObject({ state: 'closed', progress: 100 });
    await p.goto(`${env.baseUrl}/tasks?q=${encodeURIComponent('浏览器历史')}`);
    await expect.poll(() => p.getByTestId('tasks-table').textContent()).toContain('城区雨污分流改造');

    // The same file again: both rows recognised, marked with the serial they repeat, and skipped.
    await p.getByTestId('task-import').click();
    await p.getByTestId('task-import-mode').getByText('导入历史台账').click();
    await p
      .locator('.ant-modal input[type=file]')
      .setInputFiles({ name: '历史台账.xlsx', mimeType: 'application/octet-stream', buffer: file });
    await expect
      .poll(() => p.getByTestId('task-import-duplicates').textContent())
      .toContain('2 行与台账中已有任务重复');
    const serial = (await find('城区雨污分流改造')).serial as number;
    await expect.poll(() => p.getByTestId('task-import-rows').textContent()).toContain(`重复（序号 ${serial}）`);
    await p.screenshot({ path: '/tmp/ledger-import-duplicates.png' });
    const before = (await api.get('/api/v1/tasks?pageSize=1')).json().total;
    await p.getByTestId('task-import-commit').click();
    await expect.poll(() => p.locator('.ant-modal:visible').count()).toBe(0);
    expect((await api.get('/api/v1/tasks?pageSize=1')).json().total).toBe(before);
    expect(pageProblems(p)).toEqual([]);
  });
});
