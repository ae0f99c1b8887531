import { expect, it } from 'vitest';
import { describeBrowser, pageProblems, startBrowserEnv } from './harness';
import { phoneLayoutProblems } from './phone-checks';
import { creditCodeCheckChar } from '../../src/shared/domain/credit-code';
import { addDays } from '../../src/shared/domain/dates';

/**
 * Demands in the browser: the unit's answer with files for the enterprise (a disguised file refused in Chinese), the
 * enterprise downloading them through its link; the cockpit's overdue figure opening the list filtered 超过办结时限;
 * the 企业服务 section of the principal's phone cockpit.
 */
describeBrowser('demands: answer files, the overdue filter, the phone cockpit', () => {
  const envP = startBrowserEnv();
  let serial = 500;

  async function setup() {
    const env = await envP;
    const office = await env.t.login('sunli');
    const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
    const jfj = units.find((u) => u.shortName === '经发局')!.id;
    const first = `91350100MF09${String(serial++).padStart(5, '0')}`;
    const e = await office.post('/api/v1/enterprises', {
      name: `诉求页面测试企业${serial}`,
      creditCode: first + creditCodeCheckChar(first),
      industryDivision: '34',
      liaisonUnitId: jfj,
      contacts: [{ name: '孙经理', mobile: '13800000006' }],
    });
    expect(e.statusCode, e.body).toBe(201);
    const record = async (text: string, receivedAt?: string) => {
      const r = await office.post('/api/v1/demands', {
        enterpriseId: e.json().id,
        category: 'policy',
        text,
        source: 'hotline',
        ...(receivedAt ? { receivedAt } : {}),
      });
      expect(r.statusCode, r.body).toBe(201);
      return r.json() as { id: string; trackingCode: string; link: string };
    };
    return { env, office, record };
  }

  it(`[browser] the unit answers with a PDF; a disguised file is refused in Chinese; the enterprise downloads the \
PDF through its link`, async () => {
    const { env, record } = await setup();
    const d = await record('技术改造项目设备购置补助政策如何申报？');
    const u = await env.signedIn('jfj.clerk');
    await u.goto(`${env.baseUrl}/demands/${d.id}`);
    await u.getByTestId('demand-detail').waitFor({ timeout: 60_000 });
    await u.getByTestId('demand-reply').click();
    await u.getByTestId('demand-reply-text').fill('设备购置补助按县工信局通知申报，申报指南见附件。');
    const input = u.locator('.ant-modal input[type=file]').first();
    // An executable named .pdf: refused beside the field, in Chinese only.
    await input.setInputFiles({
      name: '申报指南.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(300)]),
    });
    const field = u.locator('.ant-modal .ant-form-item-explain-error');
    await expect.poll(() => field.textContent(), { timeout: 30_000 }).toContain('文件无法读取：只接受 PDF');
    expect(await field.textContent()).not.toContain('only PDF');
    await u.screenshot({ path: '/tmp/demand-reply-refused.png' });
    await input.setInputFiles({
      name: '申报指南.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n% 设备购置补助申报指南\n%%EOF\n'),
    });
    await expect
      .poll(() => u.getByTestId('evidence-list').textContent(), { timeout: 30_000 })
      .toContain('申报指南.pdf');
    // The refusal is gone once a good file is added (antd lets the message fade out).
    await expect.poll(() => field.count()).toBe(0);
    await u.screenshot({ path: '/tmp/demand-reply-dialog.png' });
    await u.getByTestId('dialog-ok').click();
    await expect
      .poll(() => u.getByTestId('demand-reply-file').textContent(), { timeout: 30_000 })
      .toContain('申报指南.pdf');
    await u.screenshot({ path: '/tmp/demand-reply-unit.png', fullPage: true });

    // The enterprise, through its link: the answer and its file, downloadable there (no sign-in).
    const p = await env.page(d.link);
    await expect
      .poll(() => p.getByTestId('public-reply').textContent(), { timeout: 60_000 })
      .toContain('申报指南见附件');
    const file = p.getByTestId('public-reply-file');
    expect(await file.textContent()).toContain('申报指南.pdf');
    const href = (await file.getAttribute('href'))!;
    expect(href).toContain(d.link.split('/').at(-1));
    const got = await p.request.get(env.baseUrl + href);
    expect(got.status()).toBe(200);
    expect(got.headers()['content-type']).toBe('application/pdf');
    expect((await got.body()).toString()).toContain('设备购置补助申报指南');
    await p.screenshot({ path: '/tmp/demand-reply-public.png', fullPage: true });
    expect(pageProblems(u)).toEqual([]);
    expect(pageProblems(p)).toEqual([]);
  }, 240_000);

  it('[browser] the cockpit’s overdue figure opens the list filtered 超过办结时限, a chip that clears', async () => {
    const { env, office, record } = await setup();
    const today = env.t.deps.supervision.today();
    const overdue = await record('厂区道路破损，请协调修复。', `${addDays(today, -45)}T09:00:00+08:00`);
    const fresh = await record('用电增容咨询');
    const total = (await office.get('/api/v1/demands?status=open&overdue=true&pageSize=1')).json().total as number;
    const p = await env.signedIn('sunli');
    await p.goto(`${env.baseUrl}/cockpit`);
    const figure = p.getByTestId('cockpit-ent-overdue');
    await figure.waitFor({ timeout: 60_000 });
    await expect.poll(() => figure.textContent()).toContain(String(total));
    await figure.click();
    await p.waitForURL((u) => u.pathname === '/demands' && u.searchParams.get('overdue') === 'true');
    const chip = p.getByTestId('demand-overdue-filter');
    await expect.poll(() => chip.getAttribute('class')).toContain('ant-tag-checkable-checked');
    // Our overdue demand is there; the fresh one is not.
    const search = p.locator('.ant-input-search input');
    await search.fill(overdue.trackingCode);
    await search.press('Enter');
    await p.getByTestId(`demand-row-${overdue.trackingCode}`).waitFor({ timeout: 30_000 });
    await p.screenshot({ path: '/tmp/demand-overdue-filter.png', fullPage: true });
    await search.fill(fresh.trackingCode);
    await search.press('Enter');
    await p.waitForURL((u) => u.searchParams.get('q') === fresh.trackingCode);
    await p.locator('.ant-table-placeholder').waitFor({ timeout: 30_000 });
    expect(await p.getByTestId(`demand-row-${fresh.trackingCode}`).count()).toBe(0);
    // Cleared: the URL forgets it, and the fresh demand is listed.
    await chip.click();
    await p.waitForURL((u) => u.pathname === '/demands' && !u.searchParams.has('overdue'));
    await p.getByTestId(`demand-row-${fresh.trackingCode}`).waitFor({ timeout: 30_000 });
    expect(pageProblems(p)).toEqual([]);
  }, 240_000);

  it(`[browser] the principal’s phone cockpit shows 企业服务: demands by light, the overdue with their owner, coverage, \
the forgotten`, async () => {
    const { env, record } = await setup();
    const today = env.t.deps.supervision.today();
    const overdue = await record('园区污水管网接入', `${addDays(today, -45)}T09:00:00+08:00`);
    const principal = await env.t.login('wangjianguo');
    const c = (await principal.get('/api/v1/cockpit')).json().enterprise;
    const p = await env.signedIn('wangjianguo', undefined, { phone: true });
    await p.goto(`${env.baseUrl}/cockpit`);
    const section = p.getByTestId('cockpit-phone-enterprise');
    await section.waitFor({ timeout: 60_000 });
    await section.scrollIntoViewIfNeeded();
    expect(await p.getByTestId('cockpit-phone-ent-overdue-count').textContent()).toBe(String(c.demands.overdue));
    for (const l of ['red', 'yellow', 'green'] as const)
      expect(await p.getByTestId(`cockpit-phone-ent-${l}`).textContent()).toContain(String(c.demands.byLight[l]));
    expect(await p.getByTestId('cockpit-phone-ent-coverage').textContent()).toContain(
      `${c.coverage.county.visited}/${c.coverage.county.total}`,
    );
    expect(await p.getByTestId('cockpit-phone-ent-unvisited').textContent()).toContain(String(c.unvisited.total));
    const text = (await section.textContent())!;
    for (const s of ['企业服务', '在办诉求', '超过办结时限', '包联企业走访覆盖率', '个月无人走访的企业'])
      expect(text).toContain(s);
    const rows = p.getByTestId('cockpit-phone-ent-demand');
    expect(await rows.count()).toBe(Math.min(5, c.demands.overdueList.items.length));
    const first = c.demands.overdueList.items[0] as { id: string; unitName: string; title: string };
    expect(await rows.first().textContent()).toContain(first.unitName);
    expect(await phoneLayoutProblems(p, 'phone cockpit')).toEqual([]);
    await section.screenshot({ path: '/tmp/demand-phone-cockpit-section.png' });
    await p.screenshot({ path: '/tmp/demand-phone-cockpit.png', fullPage: true });
    // A row opens the demand's page.
    await rows.first().click();
    await p.waitForURL((u) => u.pathname === `/demands/${first.id}`);
    await p.getByTestId('demand-detail').waitFor({ timeout: 60_000 });
    expect(overdue.id).toBeTruthy();
    expect(pageProblems(p)).toEqual([]);
  }, 240_000);
});
