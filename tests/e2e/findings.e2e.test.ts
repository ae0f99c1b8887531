import { expect, it } from 'vitest';
import { describeBrowser, pageProblems, startBrowserEnv } from './harness';

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000' +
    '000d49444154789c6360f8ffff3f0005fe02fea7d6a4ba0000000049454e44ae426082',
  'hex',
);

describeBrowser('findings (整改)', () => {
  const envP = startBrowserEnv();

  it('a finding rectified and 销号: recorded by the office → 签收 → 整改进展 with evidence → 申请销号 → 销号', async () => {
    const env = await envP;
    const office = await env.signedIn('sunli');
    await office.goto(`${env.baseUrl}/findings`);
    // A loaded machine may take a while to bring the first page and the session in.
    await office.getByTestId('finding-new').click({ timeout: 60_000 });
    await office.getByTestId('finding-problem').fill('城区某加油站卸油区未设置防静电接地报警装置，消防器材过期。');
    await office
      .getByTestId('finding-measures')
      .fill('7日内安装防静电报警装置，更换过期消防器材，开展全县加油站排查。');
    await office.getByTestId('finding-unit').click();
    await office.keyboard.type('应急管理局');
    await office.locator('.ant-select-item-option').filter({ hasText: '县应急管理局' }).first().click();
    await expect.poll(() => office.locator('.ant-drawer').textContent()).toContain('县应急管理局');
    await office.getByTestId('finding-deadline').click();
    await office.keyboard.type('2099-12-31');
    await office.keyboard.press('Enter');
    const deadline = office
      .locator('input[data-testid="finding-deadline"], [data-testid="finding-deadline"] input')
      .first();
    await expect.poll(() => deadline.inputValue()).toBe('2099-12-31');
    await office.getByTestId('finding-create').click();
    await expect.poll(() => office.getByTestId('finding-state').textContent(), { timeout: 20_000 }).toBe('已交办');
    const url = office.url();

    const clerk = await env.signedIn('yjglj.clerk');
    await clerk.goto(`${env.baseUrl}/findings`);
    await expect.poll(() => clerk.getByTestId('findings-table').textContent()).toContain('加油站');
    await clerk.goto(url);
    await clerk.getByTestId('action-accept').click();
    await expect.poll(() => clerk.getByTestId('finding-state').textContent()).toBe('已签收');
    await clerk.getByTestId('action-report').click();
    await clerk
      .locator('input[data-testid="report-progress"], [data-testid="report-progress"] input')
      .first()
      .fill('60');
    await clerk.getByTestId('report-text').fill('已停止卸油作业，过期灭火器已全部更换');
    await clerk.locator('input[type=file]').setInputFiles({ name: '更换照片.png', mimeType: 'image/png', buffer: PNG });
    await clerk.getByTestId('evidence-list').waitFor();
    await clerk.getByTestId('dialog-ok').click();
    await expect.poll(() => clerk.getByTestId('finding-state').textContent()).toBe('推进中');
    await expect.poll(() => clerk.getByTestId('finding-reports').textContent()).toContain('过期灭火器已全部更换');

    // 申请销号 without evidence is refused beside the evidence, in words; with it, it goes to the office.
    await clerk.getByTestId('action-request-close').click();
    await clerk.getByTestId('close-summary').fill('报警装置已安装调试，全县加油站排查完毕');
    await clerk.getByTestId('dialog-ok').click();
    await expect.poll(() => clerk.locator('.ant-modal').textContent()).toContain('请上传整改佐证材料');
    await clerk
      .locator('.ant-modal input[type=file]')
      .setInputFiles({ name: '验收单.png', mimeType: 'image/png', buffer: PNG });
    await clerk.locator('.ant-modal [data-testid="evidence-list"]').waitFor();
    await clerk.getByTestId('dialog-ok').click();
    await expect.poll(() => clerk.getByTestId('finding-state').textContent()).toBe('申请办结');

    await office.goto(url);
    await expect.poll(() => office.getByTestId('close-review').textContent()).toContain('全县加油站排查完毕');
    await expect.poll(() => office.getByTestId('close-evidence').textContent()).toContain('验收单.png');
    await office.screenshot({ path: '/tmp/finding-close-request.png', fullPage: true });
    await office.getByTestId('action-close').click();
    await office.getByTestId('confirm-close').click();
    await expect.poll(() => office.getByTestId('finding-state').textContent()).toBe('已销账');
    await expect.poll(() => office.getByTestId('timeline').textContent()).toContain('已销号');
    await office.screenshot({ path: '/tmp/finding-closed.png', fullPage: true });
    await office.goto(`${env.baseUrl}/findings?state=closed`);
    await expect.poll(() => office.getByTestId('findings-table').textContent()).toContain('加油站');
    await office.screenshot({ path: '/tmp/findings-list.png', fullPage: true });
    expect(pageProblems(office)).toEqual([]);
    expect(pageProblems(clerk)).toEqual([]);
  }, 300_000);
});
