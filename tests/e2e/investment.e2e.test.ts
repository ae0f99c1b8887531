import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeBrowser, pageProblems, startBrowserEnv } from './harness';

/** 招商引资 in the browser (issue 19): a lead signed, entered in the project library, started there, 开工 in the pipeline. */
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000 });

async function choose(p: Page, testId: string, label: string) {
  const select = p.getByTestId(testId);
  const chosen = async () => ((await select.textContent()) ?? '').includes(label);
  for (let attempt = 0; attempt < 3 && !(await chosen()); attempt++) {
    await select.click();
    await p.locator(`.ant-select-item-option[title="${label}"]`).click();
    await expect
      .poll(chosen, { timeout: 5_000 })
      .toBe(true)
      .catch(() => undefined);
  }
  await poll(chosen).toBe(true);
}

async function submit(p: Page) {
  const dialog = p.locator('.ant-modal');
  await p.getByTestId('dialog-ok').click();
  await dialog.waitFor({ state: 'hidden', timeout: 20_000 }).catch(async (e: unknown) => {
    throw new Error(
      `the dialog stayed open: ${(await dialog.allTextContents().catch(() => [] as string[])).join(' | ')}; ${pageProblems(p).join('; ')}; ${String(e)}`,
    );
  });
}

describeBrowser('investment attraction', () => {
  const envP = startBrowserEnv();

  it('a lead goes from 线索 to 签约, becomes a key project, is started in the library and shows as 开工 in the pipeline', async () => {
    const env = await envP;
    const office = await env.t.login('sunli');
    const clerkApi = await env.t.login('zsfw.clerk');
    const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
    const unit = (s: string) => units.find((u) => u.shortName === s)!.id;
    const admin = await env.t.login('sysadmin');
    const chief = (await admin.get('/api/v1/people?q=zhaozhiqiang')).json().items[0].id as string;
    const chain = (
      await office.post('/api/v1/chains', {
        name: '新一代疫苗',
        chiefLeaderId: chief,
        leadUnitId: unit('招商服务中心'),
      })
    ).json();
    const link = (
      await office.post(`/api/v1/chains/${chain.id}/links`, {
        name: '佐剂与培养基',
        tier: 'upstream',
        targets: [{ name: '某佐剂龙头企业', region: '上海', why: '佐剂全部外购' }],
      })
    ).json();
    await office.post(`/api/v1/chains/${chain.id}/links`, {
      name: '冷链物流',
      tier: 'downstream',
      targets: [{ name: '某医药冷链物流企业', region: '郑州', why: '疫苗配送依赖外地冷链' }],
    });
    const created = await clerkApi.post('/api/v1/leads', {
      investor: '华澜生物科技有限公司',
      projectName: '疫苗佐剂产业化项目',
      industry: '生物医药',
      chainId: chain.id,
      linkId: link.id,
      investment: 2.8,
      investmentUnit: '亿元',
      source: 'merchant',
      responsibleUnitId: unit('招商服务中心'),
    });
    expect(created.statusCode, created.body).toBe(201);
    const lead = created.json();

    const p = await env.signedIn('zsfw.clerk');
    p.setDefaultTimeout(20_000);
    await p.goto(`${env.baseUrl}/leads/${lead.id}`);
    await poll(() => p.getByTestId('lead-stage').first().textContent()).toBe('线索');
    // 签约, with the occasion; the lead skips the stages it did not need.
    await p.getByTestId('lead-record-stage').click();
    await choose(p, 'stage-select', '签约');
    await p.getByTestId('stage-occasion').fill('县招商推介会');
    await p.getByTestId('stage-note').fill('签订投资协议');
    await submit(p);
    await poll(() => p.getByTestId('lead-stage').first().textContent()).toBe('签约');
    // Into the project library in one step.
    await p.getByTestId('lead-convert').click();
    await submit(p);
    await p.getByTestId('lead-project-link').waitFor();
    await p.getByTestId('lead-project-link').getByRole('link').click();
    await p.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
    await poll(() => p.getByTestId('project-pool').textContent()).toBe('储备');
    // Started in the library: 调整库别 → 新开工.
    await p.getByTestId('project-move').click();
    await choose(p, 'move-pool', '新开工');
    await p.getByTestId('move-reason').fill('主体工程开工');
    await submit(p);
    await poll(() => p.getByTestId('project-pool').textContent()).toBe('新开工');
    // The pipeline shows it as 开工, never typed twice.
    await p.goto(`${env.baseUrl}/leads`);
    await p.getByTestId('stage-tab-started').click();
    const row = p.locator('tr', { hasText: '疫苗佐剂产业化项目' });
    await poll(() => row.getByTestId('lead-stage').textContent()).toBe('开工');
    await poll(() => p.getByTestId('investment-summary').textContent()).toContain('100%');
    await p.screenshot({ path: '/tmp/investment-pipeline.png', fullPage: true });
    expect(pageProblems(p)).toEqual([]);

    // The chain map: a gap and its target.
    await p.goto(`${env.baseUrl}/chains`);
    await poll(() => p.getByTestId('chain-graph').getAttribute('data-links')).toContain('冷链物流:none');
    await poll(() => p.getByTestId('chain-graph').getAttribute('data-links')).toContain('佐剂与培养基:weak');
    await p.getByTestId('gap-link').filter({ hasText: '冷链物流' }).click();
    await poll(() => p.getByTestId('link-target').first().textContent()).toContain('某医药冷链物流企业');
    await p.screenshot({ path: '/tmp/investment-chain.png', fullPage: true });
    expect(pageProblems(p)).toEqual([]);
  }, 180_000);
});
