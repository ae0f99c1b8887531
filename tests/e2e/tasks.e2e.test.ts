import { expect, it } from 'vitest';
import { describeBrowser, pageProblems, startBrowserEnv } from './harness';

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000' +
    '000d49444154789c6360f8ffff3f0005fe02fea7d6a4ba0000000049454e44ae426082',
  'hex',
);

describeBrowser('task ledger', () => {
  const envP = startBrowserEnv();

  it('the full loop: office issues → clerk accepts → reports with evidence → requests close → office closes', async () => {
    const env = await envP;
    const office = await env.signedIn('sunli');
    await office.goto(`${env.baseUrl}/tasks`);
    await office.getByTestId('task-create').click();
    await office.getByTestId('task-title').fill('老城区管网改造');
    await office.getByTestId('task-content').fill('完成老城区雨污管网改造');
    await office.getByTestId('task-standard').fill('年底前完成改造20公里并通过验收');
    await office.getByTestId('task-accountability').fill('纳入年度目标考核，逾期未完成的通报约谈');
    // Choose the lead unit as a person would, looking again if the choice did not show (on a loaded machine the
    // tree can re-render under the click while the unit and leader lists arrive).
    const leadUnitShown = async () =>
      ((await office.locator('.ant-drawer [data-testid="task-lead-unit"]').first().textContent()) ?? '').includes(
        '县住房和城乡建设局',
      ) ||
      (await office.locator('.ant-drawer .ant-select-selection-item').allTextContents())
        .join('')
        .includes('县住房和城乡建设局');
    for (let i = 0; i < 3 && !(await leadUnitShown()); i++) {
      if (i > 0) await office.keyboard.press('Escape');
      await office.getByTestId('task-lead-unit').click();
      await office.keyboard.type('住建局');
      await office
        .locator('.ant-select-tree-node-content-wrapper[title="县住房和城乡建设局"]')
        .click({ timeout: 10_000 });
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
    await expect
      .poll(async () =>
        (
          await office.locator('.ant-message, .ant-form-item-explain-error, .ant-drawer .ant-alert').allTextContents()
        ).join(' | '),
      )
      .toContain('已交办');
    await expect.poll(() => office.getByTestId('tasks-table').textContent()).toContain('老城区管网改造');

    const clerk = await env.signedIn('zjj.clerk');
    await clerk.goto(`${env.baseUrl}/tasks?todo=true`);
    await clerk.getByTestId('task-link').filter({ hasText: '老城区管网改造' }).click();
    await clerk.getByTestId('action-accept').click();
    await expect.poll(() => clerk.getByTestId('task-state').textContent()).toBe('已签收');
    await clerk.getByTestId('action-report').click();
    await clerk
      .locator('input[data-testid="report-progress"], [data-testid="report-progress"] input')
      .first()
      .fill('60');
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
    const task = (
      await api.post('/api/v1/tasks', {
        title: '退回测试任务',
        content: '内容',
        standard: '标准',
        accountability: '纳入年度目标考核',
        leadUnitId: units.find((u) => u.shortName === '财政局')!.id,
        deadline: '2099-06-30',
        issue: true,
      })
    ).json();
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
    const task = (
      await api.post('/api/v1/tasks', {
        title: '节点测试任务',
        content: '内容',
        standard: '标准',
        accountability: '纳入年度目标考核',
        leadUnitId: units.find((u) => u.shortName === '交通运输局')!.id,
        deadline: '2099-06-30',
        issue: true,
      })
    ).json();
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
    for (const title of ['批量催办甲', '批量催办乙'])
      ids.push(
        (
          await api.post('/api/v1/tasks', {
            title,
            content: '内容',
            standard: '标准',
            accountability: '纳入年度目标考核',
            leadUnitId: unitId,
            deadline: '2099-06-30',
            issue: true,
          })
        ).json().id,
      );
    const office = await env.signedIn('sunli');
    await office.goto(`${env.baseUrl}/tasks?q=${encodeURIComponent('批量催办')}`);
    await expect.poll(() => office.getByTestId('tasks-table').textContent()).toContain('批量催办乙');
    for (const cb of await office.getByTestId('tasks-table').locator('tbody .ant-checkbox-input').all())
      await cb.check();
    await office.getByTestId('batch-urge').click();
    await expect.poll(() => office.getByTestId('batch-result').textContent()).toContain('成功 2 项');

    const clerk = await env.signedIn('jyj.clerk');
    await clerk.goto(`${env.baseUrl}/tasks`);
    await clerk.getByTestId('task-views').getByText('本单位台账').click();
    await expect.poll(() => clerk.getByTestId('tasks-table').textContent()).toContain('批量催办甲');
    expect(clerk.url()).toContain(`unitId=${unitId}`);
    const events = (await (await env.t.login('jyj.clerk')).get(`/api/v1/tasks/${ids[0]}/events`))
      .json()
      .items.map((e: { action: string }) => e.action);
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
    await p.goto(`${env.baseUrl}/tasks`);
    await p.getByTestId('task-import').click();
    await p.locator('input[type=file]').setInputFiles({
      name: '台账.xlsx',
      mimeType: 'application/octet-stream',
      buffer: await book([
        ['1', '建设智慧停车场', '年底前建成', '住建局', '2099-12-31'],
        ['2', '修缮文化馆', '年底前完工', '文旅局', '2099-12-31'],
      ]),
    });
    await expect.poll(() => p.getByTestId('task-import-summary').textContent()).toContain('1 行有问题');
    await expect.poll(() => p.getByTestId('task-import-rows').textContent()).toContain('找不到单位“文旅局”');
    await p.locator('input[type=file]').setInputFiles({
      name: '台账2.xlsx',
      mimeType: 'application/octet-stream',
      buffer: await book([['1', '建设智慧停车场', '年底前建成', '住建局', '2099-12-31']]),
    });
    await p.getByTestId('task-import-commit').click();
    await expect.poll(() => p.getByTestId('tasks-table').textContent()).toContain('建设智慧停车场');
  });
});

describeBrowser('the loop as an office runs it', () => {
  const envP = startBrowserEnv();
  const shots = process.env.LOOP_SHOTS;
  const ACC = '纳入年度目标考核，逾期未办结的通报约谈';
  const ifm = (v: number) => ({ 'if-match': `"${v}"` });
  async function upload(c: Awaited<ReturnType<Awaited<typeof envP>['t']['login']>>, name: string) {
    const boundary = `----e${Math.random().toString(16).slice(2)}`;
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; ` +
          `filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      PNG,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return (
      await c.request('POST', '/api/v1/attachments', {
        payload,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      })
    ).json() as { id: string };
  }
  async function setup(title: string, unitShort: string, clerkName: string) {
    const env = await envP;
    const office = await env.t.login('sunli');
    const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
    const task = (
      await office.post('/api/v1/tasks', {
        title,
        content: title,
        standard: '年底前全部完成并验收',
        accountability: ACC,
        leadUnitId: units.find((u) => u.shortName === unitShort)!.id,
        deadline: '2099-12-31',
        cadence: 'monthly',
        milestones: [{ title: '完成招标', due: '2099-06-30' }],
        issue: true,
      })
    ).json();
    const clerk = await env.t.login(clerkName);
    const accepted = (await clerk.post(`/api/v1/tasks/${task.id}/accept`, {}, ifm(task.version))).json();
    return { env, office, clerk, task: accepted };
  }

  it(`the clerk asks to close with evidence already on the task; the office reads the statement and evidence in its \
to-do and approves`, async () => {
    const { env, office, clerk, task } = await setup('城区停车场建设', '住建局', 'zjj.clerk');
    const photo = await upload(clerk, '施工现场.png');
    expect(
      (
        await clerk.post(
          `/api/v1/tasks/${task.id}/reports`,
          { progress: 80, text: '主体完工，正在验收', attachmentIds: [photo.id] },
          ifm(task.version),
        )
      ).statusCode,
    ).toBe(201);

    const p = await env.signedIn('zjj.clerk');
    await p.goto(`${env.baseUrl}/tasks/${task.id}`);
    await expect.poll(() => p.getByTestId('task-state').textContent(), { timeout: 30_000 }).toBe('推进中');
    await p.getByTestId('action-request-close').click();
    await p.getByTestId('close-summary').fill('停车场建成，新增车位300个，已通过竣工验收');
    await p.getByTestId('dialog-ok').click();
    // No evidence chosen: said in words beside the evidence, never as a field's name.
    await expect
      .poll(() => p.locator('.ant-modal .ant-form-item-explain-error').allTextContents())
      .toContain('请上传佐证材料');
    expect(await p.locator('.ant-modal').textContent()).not.toContain('attachmentIds');
    await p.getByTestId('evidence-reuse').filter({ hasText: '施工现场.png' }).click();
    await p
      .locator('.ant-modal input[type=file]')
      .setInputFiles({ name: '竣工验收单.png', mimeType: 'image/png', buffer: PNG });
    await p.getByTestId('evidence-list').waitFor();
    if (shots) await p.screenshot({ path: `${shots}/request-close-1440.png` });
    await p.getByTestId('dialog-ok').click();
    await expect.poll(() => p.getByTestId('task-state').textContent()).toBe('申请办结');

    const o = await env.signedIn('sunli');
    // The office lands on its to-do: the close request with the unit's statement, the evidence beside it, the last
    // report and the milestones.
    const card = o.getByTestId('todo-close').getByTestId('close-review').filter({ hasText: '城区停车场建设' });
    await expect
      .poll(() => card.getByTestId('close-summary-text').textContent())
      .toBe('停车场建成，新增车位300个，已通过竣工验收');
    await expect.poll(() => card.getByTestId('close-evidence').textContent()).toContain('施工现场.png');
    expect(await card.getByTestId('close-evidence').textContent()).toContain('竣工验收单.png');
    expect(await card.getByTestId('close-last-reports').textContent()).toContain('主体完工，正在验收');
    expect(await card.getByTestId('close-milestones').textContent()).toContain('完成招标');
    if (shots) {
      await o.screenshot({ path: `${shots}/office-home-1440.png`, fullPage: true });
      await o.setViewportSize({ width: 1920, height: 1080 });
      await o.screenshot({ path: `${shots}/office-home-1920.png` });
      await o.setViewportSize({ width: 390, height: 844 });
      await o.screenshot({ path: `${shots}/office-home-390.png`, fullPage: true });
      await o.setViewportSize({ width: 1440, height: 900 });
    }
    await card.getByTestId('action-close').click();
    await o.getByTestId('confirm-close').click();
    await expect.poll(async () => (await office.get(`/api/v1/tasks/${task.id}`)).json().state).toBe('closed');
    const closed = (await office.get(`/api/v1/tasks/${task.id}`)).json();
    expect(closed.progress).toBe(100);
    // Gone from the to-do; the task page shows 100 %, no expected figure, the settled report.
    await expect.poll(() => o.getByTestId('todo-close').textContent()).not.toContain('城区停车场建设');
    await o.goto(`${env.baseUrl}/tasks/${task.id}`);
    await expect.poll(() => o.getByTestId('task-progress').textContent()).toContain('100');
    expect(await o.locator('body').textContent()).not.toContain('序时进度');
    await expect.poll(() => o.locator('body').textContent()).toContain('随办结审核一并通过');
    if (shots) await o.screenshot({ path: `${shots}/task-closed-1440.png`, fullPage: true });
    expect(pageProblems(p)).toEqual([]);
    expect(pageProblems(o)).toEqual([]);
  }, 240_000);

  it('the office reviews reports in batch: selects several and accepts them at once', async () => {
    const made = [];
    for (const [title, unit, clerkName] of [
      ['批量审核甲', '教育局', 'jyj.clerk'],
      ['批量审核乙', '教育局', 'jyj.clerk'],
      ['批量审核丙', '财政局', 'czj.clerk'],
    ] as const)
      made.push(await setup(title, unit, clerkName));
    const reports: string[] = [];
    for (const m of made)
      reports.push(
        (
          await m.clerk.post(
            `/api/v1/tasks/${m.task.id}/reports`,
            { progress: 30, text: `${m.task.title}：本月进展` },
            ifm(m.task.version),
          )
        ).json().id,
      );
    const { env, office } = made[0]!;
    const o = await env.signedIn('sunli');
    await o.goto(`${env.baseUrl}/tasks?view=reports`);
    const table = o.getByTestId('reports-to-review');
    await expect.poll(() => table.textContent()).toContain('批量审核丙：本月进展');
    for (const title of ['批量审核甲', '批量审核乙', '批量审核丙'])
      await table
        .locator('tbody tr')
        .filter({ hasText: `${title}：本月进展` })
        .locator('.ant-checkbox-input')
        .check();
    if (shots) await o.screenshot({ path: `${shots}/reports-review-1440.png`, fullPage: true });
    await o.getByTestId('reports-batch-accept').click();
    await expect.poll(() => o.getByTestId('reports-batch-result').textContent()).toContain('成功 3 项');
    await expect.poll(() => table.textContent()).not.toContain('批量审核甲');
    for (const [i, m] of made.entries())
      expect(
        (await office.get(`/api/v1/tasks/${m.task.id}/reports`))
          .json()
          .items.find((r: { id: string }) => r.id === reports[i]),
      ).toMatchObject({ reviewStatus: 'accepted' });
    expect(pageProblems(o)).toEqual([]);
  }, 240_000);

  it("the clerk's home is the to-do, and the ledger opens on it", async () => {
    const env = await envP;
    const office = await env.t.login('sunli');
    const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
    await office.post('/api/v1/tasks', {
      title: '首页待签收任务',
      content: '内容',
      standard: '标准',
      accountability: ACC,
      leadUnitId: units.find((u) => u.shortName === '交通运输局')!.id,
      deadline: '2099-06-30',
      issue: true,
    });
    const p = await env.signedIn('jtysj.clerk');
    expect(new URL(p.url()).pathname).toBe('/');
    await expect.poll(() => p.getByTestId('todo-accept').textContent()).toContain('首页待签收任务');
    expect(await p.getByTestId('todo-board').textContent()).toContain('本期待报送');
    if (shots) {
      await p.screenshot({ path: `${shots}/clerk-home-1440.png`, fullPage: true });
      await p.setViewportSize({ width: 390, height: 844 });
      await p.screenshot({ path: `${shots}/clerk-home-390.png`, fullPage: true });
      await p.setViewportSize({ width: 1440, height: 900 });
    }
    await p.getByTestId('todo-accept').getByTestId('todo-task-link').filter({ hasText: '首页待签收任务' }).click();
    await p.getByTestId('action-accept').click();
    await expect.poll(() => p.getByTestId('task-state').textContent()).toBe('已签收');
    await p.goto(`${env.baseUrl}/tasks`);
    await expect.poll(() => new URL(p.url()).searchParams.get('todo'), { timeout: 30_000 }).toBe('true');
    await expect.poll(() => p.getByTestId('tasks-table').textContent()).toContain('首页待签收任务');
    expect(pageProblems(p)).toEqual([]);
  }, 240_000);
});
