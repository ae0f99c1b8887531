import { expect, it } from 'vitest';
import { describeBrowser, pageProblems, startBrowserEnv } from './harness';

/** 履约 and 招商地图 in the browser (issue 19): a commitment recorded on a signed lead, the map's site layer. */
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 30_000 });

describeBrowser('investment commitments and map', () => {
  const envP = startBrowserEnv();

  it('records the investor’s 开工 commitment on a signed lead, shows 履约率, and the map shows a located site', async () => {
    const env = await envP;
    const office = await env.t.login('sunli');
    const clerk = await env.t.login('zsfw.clerk');
    const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
    const unit = (s: string) => units.find((u) => u.shortName === s)!.id;
    const lead = (
      await clerk.post('/api/v1/leads', {
        investor: '华澜生物科技有限公司',
        projectName: '佐剂生产线项目',
        investment: 2,
        investmentUnit: '亿元',
        source: 'merchant',
        responsibleUnitId: unit('招商服务中心'),
        receivedOn: '2026-01-05',
      })
    ).json();
    const signed = await clerk.post(
      `/api/v1/leads/${lead.id}/stages`,
      { stage: 'signed', date: '2026-02-01' },
      { 'if-match': `"${lead.version}"` },
    );
    expect(signed.statusCode, signed.body).toBe(200);
    const site = await office.post('/api/v1/sites', {
      name: '原纺织厂地块',
      kind: 'land',
      area: 40,
      landUse: 'industrial',
      ownership: 'state',
      responsibleUnitId: unit('招商服务中心'),
      location: { lng: 113.6, lat: 34.7 },
    });
    expect(site.statusCode, site.body).toBe(201);

    const p = await env.signedIn('zsfw.clerk');
    await p.goto(`${env.baseUrl}/leads/${lead.id}`);
    await p.getByTestId('commitment-add').click();
    await p.getByTestId('commitment-type').click();
    await p.locator('.ant-select-item-option[title="开工"]').click();
    const due = p.getByTestId('commitment-due');
    await due.click();
    await due.fill('2030-06-30');
    await due.press('Enter');
    await p.getByTestId('commitment-ok').click();
    await p
      .locator('.ant-modal')
      .waitFor({ state: 'hidden', timeout: 30_000 })
      .catch(async (e: unknown) => {
        throw new Error(`the dialog stayed open: ${pageProblems(p).join('; ')}; ${String(e)}`);
      });
    const card = p.getByTestId('lead-commitments');
    await poll(async () => (await card.textContent()) ?? '').toContain('2030-06-30');
    expect(await card.textContent()).toContain('投资方承诺');
    expect(await card.textContent()).toContain('待签收');
    expect(await p.getByTestId('fulfilment-investor').textContent()).toContain('—');

    await p.goto(`${env.baseUrl}/investment-map`);
    await poll(async () => p.getByTestId('imap-site').count()).toBeGreaterThanOrEqual(1);
    expect(await p.getByTestId('imap-site').first().getAttribute('data-state')).toBe('idle');
    await p.getByTestId('imap-site').first().click();
    await poll(() => p.url()).toContain('/sites');
  });
});
