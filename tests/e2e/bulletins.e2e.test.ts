import crypto from 'node:crypto';
import fs from 'node:fs';
import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { describeBrowser, pageProblems, startBrowserEnv } from './harness';

describeBrowser('bulletins', () => {
  const envP = startBrowserEnv();

  it(`the office drafts a bulletin, the preview shows the cockpit’s figures, edits show at once, issues it and \
downloads the archived file`, async () => {
    const env = await envP;
    const api = await env.t.login('sunli');
    const units = (await api.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
    const unitId = units.find((u) => u.shortName === '交通局' || u.shortName === '交通运输局')!.id;
    // An overdue task: issued, then its deadline moved into the past in the database (the API refuses a past one).
    const late = await api.post('/api/v1/tasks', {
      title: '通报浏览器测试：国道改线征迁',
      content: '征迁',
      standard: '按期完成',
      accountability: '纳入年度目标考核',
      leadUnitId: unitId,
      deadline: '2099-06-30',
      issue: true,
    });
    expect(late.statusCode, late.body).toBe(201);
    const [j] = await env.t.deps.org.jurisdictionIds();
    await env.t.deps.database.db.execute(
      sql`UPDATE supervised_items SET deadline = current_date - 3, start_date = current_date - 20 WHERE id = ${late.json().id}`,
    );
    await env.t.deps.supervision.invalidateJurisdictionLights(env.t.deps.database.db, j!);

    const p = await env.signedIn('sunli');
    await p.getByTestId('menu-/bulletins').click();
    await p.waitForURL((u) => u.pathname === '/bulletins');
    await p.getByTestId('bulletin-range').first().click();
    await p.getByText('今年以来').click();
    await p.getByTestId('bulletin-create').click();
    await p.waitForURL((u) => /^\/bulletins\/[0-9a-f-]{36}$/.test(u.pathname), { timeout: 20_000 });
    const id = new URL(p.url()).pathname.split('/').pop()!;

    // The figures are the cockpit's for the same period.
    const b = (await api.get(`/api/v1/bulletins/${id}`)).json();
    const cockpit = (await api.get(`/api/v1/cockpit/period?from=${b.periodFrom}&to=${b.periodTo}`)).json();
    const tt = cockpit.totals;
    expect(tt.overdue).toBeGreaterThan(0);
    const preview = p.getByTestId('bulletin-preview');
    await expect
      .poll(() => preview.textContent(), { timeout: 20_000 })
      .toContain(`本期在办督办任务 ${tt.total} 项，办结 ${tt.closed} 项，其中按期办结 ${tt.closedOnTime} 项`);
    const text = (await preview.textContent())!;
    expect(text).toContain(`逾期未办结 ${tt.overdue} 项`);
    expect(text).toContain('通报浏览器测试：国道改线征迁');
    await expect.poll(() => p.getByTestId('bulletin-number').textContent()).toBe(`第${b.number}期`);
    await expect
      .poll(() => p.getByTestId('bulletin-totals').textContent())
      .toBe(`${tt.total} / ${tt.closed} / ${tt.closedOnTime} / ${tt.overdue}`);

    // An edit of the requirements shows in the preview before it is saved, and is saved by issuing.
    await p.getByTestId('bulletin-requirements').fill('（一）浏览器测试要求：限期整改到位。');
    await expect.poll(() => preview.textContent()).toContain('（一）浏览器测试要求：限期整改到位。');
    expect(await p.getByTestId('bulletin-save').isEnabled()).toBe(true);
    // The A4 sheet fits its column (scaled down, never cut off at the right).
    const [sheet, column] = await Promise.all([preview.boundingBox(), preview.locator('..').boundingBox()]);
    expect(sheet!.x + sheet!.width).toBeLessThanOrEqual(column!.x + column!.width + 1);
    await p.screenshot({ path: '/tmp/bulletin-preview.png', fullPage: true });

    await p.getByTestId('bulletin-issue').click();
    await p.getByRole('button', { name: '确认印发' }).click();
    await expect.poll(() => p.getByTestId('bulletin-state').textContent(), { timeout: 20_000 }).toBe('已印发');
    const issued = (await api.get(`/api/v1/bulletins/${id}`)).json();
    expect(issued.state).toBe('issued');
    expect(issued.content.requirements).toBe('（一）浏览器测试要求：限期整改到位。');
    await expect.poll(() => p.getByTestId('bulletin-sha').textContent()).toContain(issued.docxSha256);
    expect(await p.getByTestId('bulletin-issue').count()).toBe(0);

    const [download] = await Promise.all([
      p.waitForEvent('download', { timeout: 20_000 }),
      p.getByTestId('bulletin-docx').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`督查通报（${issued.year}年第${issued.number}期）.docx`);
    const bytes = fs.readFileSync((await download.path())!);
    expect(crypto.createHash('sha256').update(bytes).digest('hex')).toBe(issued.docxSha256);
    expect(pageProblems(p)).toEqual([]);

    // A leader finds it in the list (issued ones only) and opens it read-only.
    const l = await env.signedIn('gongying');
    await l.getByTestId('menu-/bulletins').click();
    await expect.poll(() => l.getByTestId('bulletins-table').textContent(), { timeout: 20_000 }).toContain('已印发');
    await l.screenshot({ path: '/tmp/bulletin-list.png' });
    await l.getByText(`${issued.year}年第${issued.number}期`).click();
    await expect
      .poll(() => l.getByTestId('bulletin-preview').textContent(), { timeout: 20_000 })
      .toContain(`本期在办督办任务 ${tt.total} 项`);
    expect(await l.getByTestId('bulletin-requirements').count()).toBe(0);
    await l.screenshot({ path: '/tmp/bulletin-issued.png' });
    expect(pageProblems(l)).toEqual([]);
  }, 90_000);
});
