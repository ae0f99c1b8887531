import { expect, it } from 'vitest';
import { describeBrowser, startBrowserEnv } from './harness';
import { creditCodeCheckChar } from '../../src/shared/domain/credit-code';

/**
 * 走访 in Chromium: a unit's clerk records a visit to two of its enterprises with a demand raised on it, in one
 * dialog; the visit is listed with its demand, and the demand is in the unit's demand list, received from a visit.
 */
describeBrowser('visits', () => {
  const envP = startBrowserEnv();

  it('[browser] a visit with its demand, in one step; the demand is on the list', async () => {
    const env = await envP;
    const office = await env.t.login('sunli');
    const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
    const names = ['云溪走访机械有限公司', '云溪走访电子有限公司'];
    for (const [i, name] of names.entries()) {
      const first = `91350100MA2E3E00${i}`;
      const res = await office.post('/api/v1/enterprises', {
        name,
        creditCode: first + creditCodeCheckChar(first),
        industryDivision: '34',
        liaisonUnitId: units.find((u) => u.shortName === '经发局')!.id,
      });
      expect(res.statusCode, res.body).toBe(201);
    }

    const u = await env.signedIn('jfj.clerk');
    await u.goto(`${env.baseUrl}/visits`);
    await u.getByTestId('visit-record').click({ timeout: 60_000 });
    const pick = async (name: string) => {
      await u.getByTestId('visit-enterprises').locator('input').fill(name.slice(0, 6));
      await u.locator('.ant-select-item-option', { hasText: name }).click();
    };
    await u.getByTestId('visit-enterprises').click();
    await pick(names[0]!);
    await pick(names[1]!);
    await u.getByTestId('visit-discussed').fill('了解订单和用工情况，企业反映新厂房用电扩容需求');
    await u.getByTestId('visit-add-demand').click();
    await u.getByTestId('visit-demand-enterprise-0').click();
    await u.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: names[0]! }).click();
    await u.getByTestId('visit-demand-text-0').fill('新厂房用电扩容至 2000 千伏安，请协调供电公司');
    await u.screenshot({ path: '/tmp/visits-dialog.png', fullPage: true });
    await u.getByTestId('visit-ok').click();

    // The visit is listed with its demand.
    await expect
      .poll(async () => (await office.get('/api/v1/visits?pageSize=5')).json().items[0]?.demands?.length ?? 0, {
        timeout: 60_000,
      })
      .toBe(1);
    const visit = (await office.get('/api/v1/visits?pageSize=5')).json().items[0];
    expect(visit.enterprises.map((e: { name: string }) => e.name).sort()).toEqual([...names].sort());
    await u.getByTestId(`visit-row-${visit.id}`).waitFor({ timeout: 60_000 });
    await u.screenshot({ path: '/tmp/visits-list.png', fullPage: true });

    // The demand raised on it is on the unit's demand list, from a visit.
    const tracking = visit.demands[0].trackingCode as string;
    await u.goto(`${env.baseUrl}/demands`);
    await u.getByTestId(`demand-row-${tracking}`).click({ timeout: 60_000 });
    await expect.poll(() => u.getByTestId('demand-detail').textContent()).toContain('2000 千伏安');
    expect(await u.getByTestId('demand-detail').textContent()).toContain('走访');
  }, 180_000);
});
