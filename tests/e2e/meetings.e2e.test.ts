import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { describeBrowser, pageProblems, startBrowserEnv } from './harness';
import { addDays, todayInShanghai } from '../../src/shared/domain/dates';

// The county's day (PostgreSQL's current_date is the server's zone, a day behind Beijing every evening UTC).
const day = (n: number) => addDays(todayInShanghai(), n);

/** Picks an option of an antd Select or TreeSelect as a person would, looking again if the choice did not show. */
async function choose(p: Page, testId: string, typed: string, option: string, tree = false) {
  const field = p.getByTestId(testId).first();
  for (let i = 0; i < 3; i++) {
    if (((await field.textContent()) ?? '').includes(option)) return;
    if (i > 0) await p.keyboard.press('Escape');
    await field.click();
    await p.keyboard.type(typed);
    const opt = tree
      ? p.locator(`.ant-select-tree-node-content-wrapper[title="${option}"]`)
      : p.locator('.ant-select-item-option').filter({ hasText: option }).first();
    await opt.click({ timeout: 10_000 });
    await p.waitForTimeout(300);
  }
  expect((await field.textContent()) ?? '').toContain(option);
}

async function typeDate(p: Page, testId: string, date: string) {
  await p.getByTestId(testId).click();
  await p.keyboard.press('ControlOrMeta+a');
  await p.keyboard.type(date);
  await p.keyboard.press('Enter');
  const input = p.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();
  await expect.poll(() => input.inputValue()).toBe(date);
}

describeBrowser('meetings', () => {
  const envP = startBrowserEnv();

  it('a meeting from its generated agenda to decisions issued as tasks, and the next meeting’s agenda opens with their 落实情况', async () => {
    const env = await envP;
    const api = await env.t.login('sunli');
    const units = (await api.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
    const unitId = (s: string) => units.find((u) => u.shortName === s)!.id;
    // A red task for the agenda: issued, then its deadline moved into the past (the API refuses a past one).
    const late = await api.post('/api/v1/tasks', {
      title: '会议浏览器测试：城区污水管网改造',
      content: '完成城区污水管网雨污分流改造',
      standard: '完成改造并通过验收',
      accountability: '纳入年度目标考核',
      leadUnitId: unitId('住建局'),
      deadline: '2099-06-30',
      issue: true,
    });
    expect(late.statusCode, late.body).toBe(201);
    const db = env.t.deps.database.db;
    const [j] = await env.t.deps.org.jurisdictionIds();
    await db.execute(
      sql`UPDATE supervised_items SET deadline = ${day(-12)}::date, start_date = ${day(-60)}::date WHERE id = ${late.json().id}`,
    );
    await env.t.deps.supervision.invalidateJurisdictionLights(db, j!);

    // The office records a scheduling meeting chaired by the 县长; the agenda is generated.
    const p = await env.signedIn('sunli');
    await p.getByTestId('menu-/meetings').click();
    await p.waitForURL((u) => u.pathname === '/meetings');
    await p.getByTestId('meeting-title').fill('全县重点工作第一次调度会');
    await choose(p, 'meeting-chair', '李明哲', '李明哲');
    await choose(p, 'meeting-attendees', '住建局', '县住房和城乡建设局', true);
    await p.keyboard.press('Escape');
    await p.getByTestId('meeting-create').click();
    await p.waitForURL((u) => /^\/meetings\/[0-9a-f-]{36}$/.test(u.pathname), { timeout: 30_000 });
    const firstId = new URL(p.url()).pathname.split('/').pop()!;
    const agenda = p.getByTestId('agenda-table');
    await expect.poll(() => agenda.textContent(), { timeout: 20_000 }).toContain('会议浏览器测试：城区污水管网改造');
    const text = (await agenda.textContent())!;
    expect(text).toContain('逾期天数 12');
    expect(text).toContain('红灯任务');
    // Its link leads to the task.
    expect(await agenda.getByRole('link', { name: '会议浏览器测试：城区污水管网改造' }).getAttribute('href')).toBe(
      `/tasks/${late.json().id}`,
    );
    // The office adds an item by hand.
    await p.getByTestId('agenda-add-title').fill('研究城区停车难问题');
    await p.getByTestId('agenda-add').click();
    await expect.poll(() => agenda.textContent(), { timeout: 20_000 }).toContain('研究城区停车难问题');

    // Held; a decision is recorded and issued as a task.
    await p.getByTestId('meeting-hold').click();
    await expect.poll(() => p.getByTestId('meeting-state').textContent(), { timeout: 20_000 }).toContain('已召开');
    await p.getByTestId('decision-title').fill('县人民医院新院区年底前投入使用');
    await choose(p, 'decision-lead-unit', '卫健局', '县卫生健康局', true);
    await typeDate(p, 'decision-deadline', '2099-12-31');
    await p.getByTestId('decision-content').fill('加快设备安装和科室搬迁');
    await p.getByTestId('decision-standard').fill('门诊、住院部全部启用');
    await p.getByTestId('decision-issue').click();
    const decisions = p.getByTestId('decisions-table');
    await expect.poll(() => decisions.textContent(), { timeout: 20_000 }).toContain('县人民医院新院区年底前投入使用');
    expect(await decisions.textContent()).toContain('按序时推进');
    const [d] = (await api.get(`/api/v1/meetings/${firstId}/decisions`)).json().items;
    const task = (await api.get(`/api/v1/tasks/${d.taskId}`)).json();
    expect(task.sourceType).toBe('meeting');
    expect(task.sourceTitle).toContain('全县重点工作第一次调度会');
    expect(task.assigneeUnitId).toBe(unitId('卫健局'));
    await p.screenshot({ path: '/tmp/meeting-first.png', fullPage: true });

    // The minutes are issued.
    await p.getByTestId('meeting-issue-minutes').click();
    await p
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await expect.poll(() => p.getByTestId('meeting-state').textContent(), { timeout: 30_000 }).toContain('纪要已印发');
    expect(pageProblems(p)).toEqual([]);

    // Time passes: the decision's task is now past its deadline, still open.
    await db.execute(
      sql`UPDATE supervised_items SET deadline = ${day(-3)}::date, start_date = ${day(-40)}::date WHERE id = ${d.taskId}`,
    );
    await env.t.deps.supervision.invalidateJurisdictionLights(db, j!);

    // The next scheduling meeting opens with the last one's decisions and their 落实情况.
    await p.getByText('← 会议调度').click();
    await p.waitForURL((u) => u.pathname === '/meetings');
    await p.getByTestId('meeting-title').fill('全县重点工作第二次调度会');
    await choose(p, 'meeting-chair', '李明哲', '李明哲');
    await p.getByTestId('meeting-create').click();
    await p.waitForURL((u) => /^\/meetings\/[0-9a-f-]{36}$/.test(u.pathname) && !u.pathname.endsWith(firstId), {
      timeout: 30_000,
    });
    const previous = p.getByTestId('previous-decisions');
    await expect.poll(() => previous.textContent(), { timeout: 20_000 }).toContain('全县重点工作第一次调度会');
    const prevText = (await previous.textContent())!;
    expect(prevText).toContain('县人民医院新院区年底前投入使用');
    expect(prevText).toContain('逾期未办结');
    expect(await previous.getByTestId('follow-up-overdue').count()).toBe(1);
    await p.screenshot({ path: '/tmp/meeting-next.png', fullPage: true });
    expect(pageProblems(p)).toEqual([]);

    // The 卫健局 clerk finds the meeting and its decision, without the agenda.
    const c = await env.signedIn('wjj.clerk');
    await c.getByTestId('menu-/meetings').click();
    await expect
      .poll(() => c.getByTestId('meetings-table').textContent(), { timeout: 20_000 })
      .toContain('全县重点工作第一次调度会');
    expect(await c.getByTestId('meetings-table').textContent()).not.toContain('全县重点工作第二次调度会');
    await c.getByText('全县重点工作第一次调度会').click();
    await expect
      .poll(() => c.getByTestId('decisions-table').textContent(), { timeout: 20_000 })
      .toContain('县人民医院新院区年底前投入使用');
    expect(await c.getByTestId('agenda').count()).toBe(0);
    await c.screenshot({ path: '/tmp/meeting-unit.png', fullPage: true });
    expect(pageProblems(c)).toEqual([]);
  }, 180_000);
});
