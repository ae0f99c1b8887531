import { expect, it } from 'vitest';
import { describeBrowser, pageProblems, startBrowserEnv } from './harness';
import { creditCodeCheckChar } from '../../src/shared/domain/credit-code';
import { quarterOf, quarterRange } from '../../src/shared/domain/visits';

describeBrowser('cockpit: enterprise service', () => {
  const envP = startBrowserEnv();

  it('the office sees coverage, demands, honest figures and the libraries as the API counts them, and clicks through', async () => {
    const env = await envP;
    const api = await env.t.login('sunli');
    const units = (await api.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
    const jfj = units.find((u) => u.shortName === '经发局')!.id;
    const first = '91350100ME0900001'.slice(0, 17);
    const today = env.t.deps.supervision.today();
    const e = (
      await api.post('/api/v1/enterprises', {
        name: '驾驶舱浏览器测试企业',
        creditCode: first + creditCodeCheckChar(first),
        industryDivision: '34',
        liaisonUnitId: jfj,
        contacts: [{ name: '钱经理', mobile: '13800000005' }],
        // 包联 since the quarter began, so it answers for this quarter whatever day the test runs.
        liaisonSince: quarterRange(quarterOf(today)).from,
      })
    ).json();
    const v = await api.post('/api/v1/visits', {
      on: today,
      kind: 'walk',
      unitIds: [jfj],
      enterpriseIds: [e.id],
      discussed: '了解企业用工情况',
      demands: [{ enterpriseId: e.id, category: 'labour', text: '春节后用工缺口约 50 人' }],
    });
    expect(v.statusCode, v.body).toBe(201);
    // 科技型中小企业: a target of 10 new this year, the test's enterprise entering today.
    const libs0 = (await api.get('/api/v1/enterprise-libraries')).json().items as {
      id: string;
      code: string;
      version: number;
    }[];
    const tech = libs0.find((l) => l.code === 'tech_sme')!;
    const year = Number(today.slice(0, 4));
    const pt = await api.patch(
      `/api/v1/enterprise-libraries/${tech.id}`,
      { target: { year, newMembers: 10 } },
      { 'if-match': `"${tech.version}"` },
    );
    expect(pt.statusCode, pt.body).toBe(200);
    const ad = await api.post(`/api/v1/enterprise-libraries/${tech.id}/members`, {
      enterpriseId: e.id,
      stage: '入库',
      on: today,
    });
    expect(ad.statusCode, ad.body).toBe(201);
    const c = (await api.get('/api/v1/cockpit')).json().enterprise;
    expect(c.coverage.county.visited).toBeGreaterThanOrEqual(1);

    const p = await env.signedIn('sunli');
    await p.goto(`${env.baseUrl}/cockpit`);
    const card = p.getByTestId('cockpit-enterprise');
    await expect.poll(() => card.count(), { timeout: 30_000 }).toBe(1);
    await card.scrollIntoViewIfNeeded();
    await expect
      .poll(() => p.getByTestId('cockpit-ent-coverage').textContent())
      .toContain(`${c.coverage.county.visited}/${c.coverage.county.total}`);
    await expect.poll(() => p.getByTestId('cockpit-ent-open').textContent()).toContain(String(c.demands.open));
    for (const l of ['red', 'yellow', 'green'] as const)
      expect(await p.getByTestId(`cockpit-ent-light-${l}`).textContent()).toContain(String(c.demands.byLight[l]));
    // The honest figures: the share and what it counts over.
    const rated = await p.getByTestId('cockpit-ent-ratedShare').textContent();
    expect(rated).toContain(`${c.figures.rated}/${c.figures.answered}`);
    // Every library with its members; the one with a target shows it against 序时进度.
    const libs = await p.getByTestId('cockpit-ent-libraries').textContent();
    for (const l of c.libraries as { name: string }[]) expect(libs).toContain(l.name);
    expect(await p.getByTestId('cockpit-ent-target-tech_sme').textContent()).toContain('1/10');
    expect(await p.getByTestId('cockpit-ent-contacts').count()).toBe(1);
    await p.screenshot({ path: '/tmp/cockpit-enterprise-1440.png', fullPage: true, timeout: 60_000 });
    await p.setViewportSize({ width: 1920, height: 1080 });
    await card.scrollIntoViewIfNeeded();
    await p.screenshot({ path: '/tmp/cockpit-enterprise-1920.png', timeout: 60_000 });

    // Coverage opens the visits' coverage tab, with the same county figure.
    await p.getByTestId('cockpit-ent-coverage').click();
    await p.waitForURL((u) => u.pathname === '/visits' && u.searchParams.get('tab') === 'coverage');
    await expect.poll(() => p.getByTestId('visits-page').textContent()).toContain(`${c.coverage.county.visited}`);
    // Open demands open the demand list, where the visit's demand is.
    await p.goto(`${env.baseUrl}/cockpit`);
    await p.getByTestId('cockpit-ent-open').click();
    await p.waitForURL((u) => u.pathname === '/demands' && u.searchParams.get('status') === 'open');
    await expect.poll(() => p.locator('body').textContent()).toContain('驾驶舱浏览器测试企业');
    // A library row opens the libraries.
    await p.goto(`${env.baseUrl}/cockpit`);
    await p.getByTestId('cockpit-ent-libraries').locator('tbody tr.ant-table-row').first().click();
    await p.waitForURL((u) => u.pathname === '/libraries');
    expect(pageProblems(p)).toEqual([]);
  }, 300_000);

  it('a leader sees his own scope without 无事不扰; the phone cockpit still opens', async () => {
    const env = await envP;
    const p = await env.signedIn('gongying');
    await p.goto(`${env.baseUrl}/cockpit`);
    await expect.poll(() => p.getByTestId('cockpit-enterprise').count()).toBe(1);
    expect(await p.getByTestId('cockpit-ent-contacts').count()).toBe(0);
    const phone = await env.signedIn('sunli', undefined, { phone: true });
    await phone.goto(`${env.baseUrl}/cockpit`);
    await expect.poll(() => phone.getByTestId('cockpit-phone').count(), { timeout: 30_000 }).toBe(1);
    await phone.screenshot({ path: '/tmp/cockpit-enterprise-phone.png', fullPage: true, timeout: 60_000 });
    expect(pageProblems(p)).toEqual([]);
    expect(pageProblems(phone)).toEqual([]);
  }, 300_000);

  it('the scoring page shows the enterprise-service group and its rate rules with their definitions', async () => {
    const env = await envP;
    const p = await env.signedIn('sunli');
    await p.goto(`${env.baseUrl}/scoring`);
    const rates = p.getByTestId('rate-rules');
    await expect.poll(() => rates.count(), { timeout: 30_000 }).toBe(1);
    await rates.scrollIntoViewIfNeeded();
    const text = await rates.textContent();
    for (const s of ['包联企业走访覆盖率', '诉求按时响应率', '诉求企业确认解决率', '诉求满意率', '他人走访不计'])
      expect(text).toContain(s);
    expect(Number(await p.getByTestId('rule-rate-visitCoverage-weight').inputValue())).toBe(5);
    expect(await p.getByTestId('league-table').textContent()).toContain('企业服务');
    await p.screenshot({ path: '/tmp/scoring-rates-1440.png', fullPage: true, timeout: 60_000 });
    expect(pageProblems(p)).toEqual([]);
  }, 300_000);
});
