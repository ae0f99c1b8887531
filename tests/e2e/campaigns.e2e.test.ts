import { expect, it } from 'vitest';
import { describeBrowser, pageProblems, startBrowserEnv } from './harness';

describeBrowser('campaigns', () => {
  const envP = startBrowserEnv();

  it(`the office forms a campaign with two fronts; its page shows the fronts’ league, and a front opens the ledger \
filtered by it`, async () => {
    const env = await envP;
    const api = await env.t.login('sunli');
    const units = (await api.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
    const unit = (s: string) => units.find((u) => u.shortName === s)!.id;
    const person = async (username: string) =>
      (await api.get(`/api/v1/people?q=${username}`)).json().items[0].id as string;
    const task = async (title: string, unitShort: string) => {
      const res = await api.post('/api/v1/tasks', {
        title,
        content: title,
        standard: '按期完成',
        accountability: '纳入考核',
        leadUnitId: unit(unitShort),
        deadline: '2099-06-30',
        issue: true,
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const projectTask = await task('亮剑测试：重点项目前期手续清单', '发改局');
    const ruralTask = await task('亮剑测试：新建高标准农田', '农业农村局');
    const otherTask = await task('亮剑测试：不在战线上的任务', '发改局');

    // The office forms the campaign in the page: its name, period and two fronts with their leaders.
    const o = await env.signedIn('sunli');
    await o.getByTestId('menu-/campaigns').click();
    await o.waitForURL((u) => u.pathname === '/campaigns');
    await o.getByTestId('campaign-new').click();
    await o.getByTestId('campaign-name').fill('执行力亮剑');
    await o.getByPlaceholder('开始日期').click();
    await o.getByPlaceholder('开始日期').fill('2026-01-01');
    await o.getByPlaceholder('结束日期').click();
    await o.getByPlaceholder('结束日期').fill('2099-12-31');
    await o.keyboard.press('Enter');
    await o.getByPlaceholder('战线名称').first().fill('项目建设战线');
    await o.getByRole('button', { name: '增加战线' }).click();
    await o.getByPlaceholder('战线名称').nth(1).fill('乡村振兴战线');
    await o.getByRole('button', { name: '保 存' }).click();
    await o.waitForURL((u) => /^\/campaigns\/[0-9a-f-]{36}$/.test(u.pathname), { timeout: 20_000 });
    const id = new URL(o.url()).pathname.split('/').pop()!;
    await expect.poll(() => o.getByTestId('campaign-title').textContent()).toBe('执行力亮剑');

    // Its fronts get their leaders and tasks (the API the page calls; the picker is checked by the API tests).
    let c = (await api.get(`/api/v1/campaigns/${id}`)).json();
    const front = (name: string) => (c.fronts as { id: string; name: string }[]).find((f) => f.name === name)!.id;
    c = (
      await api.patch(
        `/api/v1/campaigns/${id}/fronts/${front('乡村振兴战线')}`,
        { leaderId: await person('liuyang') },
        { 'if-match': `"${c.version}"` },
      )
    ).json();
    for (const [name, taskId] of [
      ['项目建设战线', projectTask],
      ['乡村振兴战线', ruralTask],
    ] as const) {
      const res = await api.post(
        `/api/v1/campaigns/${id}/items`,
        { frontId: front(name), taskIds: [taskId] },
        { 'if-match': `"${c.version}"` },
      );
      expect(res.statusCode, res.body).toBe(200);
      c = res.json();
    }
    await o.reload();
    const league = o.getByTestId('front-league');
    await expect.poll(() => league.textContent()).toContain('刘洋');
    await expect.poll(() => league.locator('tbody tr.ant-table-row').count()).toBe(2);
    await o.screenshot({ path: '/tmp/campaign-page-1440.png', fullPage: true });
    await o.setViewportSize({ width: 1920, height: 1080 });
    await o.screenshot({ path: '/tmp/campaign-page-1920.png' });

    // A front's name opens the ledger filtered by it: its task, not the others.
    await o.getByTestId('front-乡村振兴战线').click();
    await o.waitForURL((u) => u.pathname === '/tasks' && u.searchParams.get('frontId') === front('乡村振兴战线'));
    await expect.poll(() => o.locator('.ant-table-tbody').textContent()).toContain('亮剑测试：新建高标准农田');
    const body = (await o.locator('.ant-table-tbody').textContent())!;
    expect(body).not.toContain('亮剑测试：重点项目前期手续清单');
    expect(body).not.toContain('亮剑测试：不在战线上的任务');
    await expect.poll(() => o.getByTestId('filter-campaign').textContent()).toContain('乡村振兴战线');
    await o.screenshot({ path: '/tmp/campaign-ledger-filtered.png' });
    expect(otherTask).toBeTruthy();
    expect(pageProblems(o)).toEqual([]);

    // A leader reads the campaign on a phone, the league stacked in the page.
    const phone = await env.signedIn('liuyang', undefined, { phone: true });
    await phone.goto(`${env.baseUrl}/campaigns/${id}`);
    await expect.poll(() => phone.getByTestId('front-league').textContent()).toContain('乡村振兴战线');
    await phone.screenshot({ path: '/tmp/campaign-phone.png', fullPage: true });
    expect(pageProblems(phone)).toEqual([]);

    // 减负监测 ranks the units the office asked things of; 工作专班 lists a task force with its members' units.
    await o.goto(`${env.baseUrl}/burden`);
    await expect.poll(() => o.getByTestId('burden-table').textContent()).toContain('农业农村局');
    await o.screenshot({ path: '/tmp/burden-1920.png' });
    const formed = await api.post('/api/v1/task-forces', {
      name: '重点项目审批服务专班',
      leadUnitId: unit('发改局'),
      members: [{ personId: await person('jfj.clerk') }, { personId: await person('zrzyj.clerk') }],
    });
    expect(formed.statusCode, formed.body).toBe(201);
    await o.goto(`${env.baseUrl}/task-forces`);
    await expect.poll(() => o.getByTestId('task-forces').textContent()).toContain('重点项目审批服务专班');
    await o.getByText('重点项目审批服务专班').click();
    await expect.poll(() => o.getByTestId('task-forces').textContent()).toContain('自然资源局');
    await o.screenshot({ path: '/tmp/task-forces-1920.png' });
    expect(pageProblems(o)).toEqual([]);
  }, 240_000);
});
