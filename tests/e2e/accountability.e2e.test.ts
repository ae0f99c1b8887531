import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { describeBrowser, pageProblems, startBrowserEnv } from './harness';
import { todayInShanghai } from '../../src/shared/domain/dates';

describeBrowser('accountability', () => {
  const envP = startBrowserEnv();

  it(`the office opens a case on a late task, the clerk named asks for 容错, the office accepts: the case ends 容错免责 \
and the league shows the deduction not counted`, async () => {
    const env = await envP;
    const api = await env.t.login('sunli');
    const units = (await api.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
    const fgj = units.find((u) => u.shortName === '发改局')!.id;
    // A late task: issued, accepted, then its deadline moved into the past in the database (the API refuses one).
    const created = await api.post('/api/v1/tasks', {
      title: '问责浏览器测试：投资审批改革试点',
      content: '先行先试',
      standard: '按期完成',
      accountability: '逾期纳入问责',
      leadUnitId: fgj,
      deadline: '2099-06-30',
      issue: true,
    });
    expect(created.statusCode, created.body).toBe(201);
    const clerkApi = await env.t.login('fgj.clerk');
    const task = created.json();
    expect(
      (await clerkApi.post(`/api/v1/tasks/${task.id}/accept`, {}, { 'if-match': `"${task.version}"` })).statusCode,
    ).toBe(200);
    const [j] = await env.t.deps.org.jurisdictionIds();
    await env.t.deps.database.db.execute(
      sql`UPDATE supervised_items SET deadline = current_date - 10, start_date = current_date - 40 WHERE id = ${task.id}`,
    );
    await env.t.deps.supervision.invalidateJurisdictionLights(env.t.deps.database.db, j!);
    const clerk = (await clerkApi.get('/api/v1/auth/me')).json() as { displayName: string };

    // The office opens the case from the list page: the person, the task, the measure proposed.
    const o = await env.signedIn('sunli');
    await o.getByTestId('menu-/accountability').click();
    await o.waitForURL((u) => u.pathname === '/accountability');
    await o.getByTestId('case-open').click();
    await o.getByTestId('case-title').fill('投资审批改革试点逾期');
    await o.getByTestId('case-facts').fill('该试点任务逾期未办结，经催办仍未报送进展。');
    await o.getByTestId('case-persons').click();
    await o.keyboard.type(clerk.displayName);
    await o
      .locator('.ant-select-item-option', { hasText: `${clerk.displayName}（` })
      .first()
      .click();
    await o.keyboard.press('Escape');
    await o.getByTestId('case-items').click();
    await o.keyboard.type('投资审批改革试点');
    await o.locator('.ant-select-item-option', { hasText: '问责浏览器测试：投资审批改革试点' }).first().click();
    await o.keyboard.press('Escape');
    await o.getByTestId('case-proposed').click();
    await o.locator('.ant-select-item-option', { hasText: '提醒谈话' }).click();
    await o.getByTestId('case-open-submit').click();
    await o.waitForURL((u) => /^\/accountability\/[0-9a-f-]{36}$/.test(u.pathname), { timeout: 20_000 });
    const id = new URL(o.url()).pathname.split('/').pop()!;
    await expect.poll(() => o.getByTestId('case-state').textContent()).toBe('已立案');
    await expect.poll(() => o.getByTestId('case-evidence').textContent()).toContain('逾期未办结');
    const number = (await o.getByTestId('case-number').textContent())!;
    expect(number).toMatch(/^问责〔\d{4}〕\d+号$/);
    await o.screenshot({ path: '/tmp/accountability-opened.png', fullPage: true });

    // Another unit's clerk does not see it, in the list or by its address (the API answers 404).
    const otherApi = await env.t.login('jfj.clerk');
    expect((await otherApi.get(`/api/v1/accountability/${id}`)).statusCode).toBe(404);
    expect((await otherApi.get('/api/v1/accountability')).json().items).toEqual([]);

    // The clerk named finds it and asks for 容错, ticking the conditions of the county's rules.
    const c = await env.signedIn('fgj.clerk');
    await c.getByTestId('menu-/accountability').click();
    await c.getByTestId(`case-link-${id}`).click();
    await c.getByTestId('case-request-tolerance').click();
    await c.getByText('属于改革创新、先行先试的探索性工作').click();
    await c.getByText('未谋取私利').click();
    await c.getByTestId('tolerance-reasons').fill('试点无先例可循，审批流程调整后已及时纠正。');
    await c.getByTestId('tolerance-submit').click();
    await expect.poll(() => c.getByTestId('case-tolerance-state').textContent()).toBe('容错申请待决定');
    expect(await c.getByTestId('case-decide').count()).toBe(0);
    expect(pageProblems(c)).toEqual([]);
    await c.context().close();

    // The office decides the request: accepted, with its reasons.
    await o.reload();
    await o.getByTestId('case-decide-tolerance').click();
    await o.getByText('同意容错（免责）').click();
    await o.getByTestId('tolerance-decision-reason').fill('符合改革探索容错情形，未谋取私利，且已及时纠正。');
    await o.getByTestId('tolerance-decide-submit').click();
    await expect.poll(() => o.getByTestId('case-state').textContent()).toBe('已决定');
    expect(await o.getByTestId('case-tolerance-state').textContent()).toBe('容错免责');
    expect(await o.getByTestId('case-exempt').textContent()).toContain('不再计入考核');
    expect(await o.getByTestId('case-tolerance-reason').textContent()).toContain('符合改革探索容错情形');
    expect(await o.getByTestId('case-timeline').textContent()).toContain('容错免责，不予问责');
    await o.screenshot({ path: '/tmp/accountability-tolerated.png', fullPage: true });
    expect(pageProblems(o)).toEqual([]);

    // The league: the unit's row counts the case, and the task's deductions show as not counted, naming the case.
    const year = todayInShanghai().slice(0, 4);
    await o.goto(`${env.baseUrl}/scoring?from=${year}-01-01&to=${year}-12-31&kind=unit`);
    await expect
      .poll(() => o.getByTestId(`league-cases-${fgj}`).textContent(), { timeout: 20_000 })
      .toContain('容错免责 1');
    await o.getByTestId(`league-row-${fgj}`).click();
    await expect
      .poll(() => o.getByTestId('league-event-exempt').first().textContent(), { timeout: 20_000 })
      .toContain(`容错免责（${number}）`);
    await o.getByTestId('league-event-exempt').first().scrollIntoViewIfNeeded();
    await o.screenshot({ path: '/tmp/accountability-league.png' });
    expect(pageProblems(o)).toEqual([]);
  }, 300_000);
});
