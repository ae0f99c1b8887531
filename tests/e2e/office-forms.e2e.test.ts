import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeBrowser, pageProblems, startBrowserEnv } from './harness';

/**
 * Day one in a real 督查室 (issue 11): what the office meets in its forms and tables — the calendar's warning where
 * a deadline is set, refusals said beside their field in domain words (in Chinese and in English), and no empty
 * 操作 column for someone who cannot act.
 */
describeBrowser('office forms', () => {
  const envP = startBrowserEnv();

  async function english(p: Page) {
    await p.evaluate(() => localStorage.setItem('luoshi.locale', 'en-US'));
    await p.reload();
  }

  it('the task form warns when its deadline runs into a year whose holiday calendar is not loaded', async () => {
    const env = await envP;
    const office = await env.signedIn('sunli');
    await office.goto(`${env.baseUrl}/tasks`);
    // The ledger's first load on a busy machine (its chunk, the lists it asks for) may take longer than a step.
    await office.getByTestId('task-create').click({ timeout: 60_000 }).catch(async (e) => {
      await office.screenshot({ path: '/tmp/loop2-tasks-failed.png' });
      throw e;
    });
    const deadline = office.locator('input[data-testid="task-deadline"], [data-testid="task-deadline"] input').first();

    // 600 working days from today always reach a year that no release has loaded (at most next year is shipped).
    const api = await env.t.login('sunli');
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const expected = (await api.get(`/api/v1/calendar/working-days?from=${today}&add=600`)).json() as {
      date: string;
      warnings: { year: number }[];
    };
    expect(expected.warnings.length).toBeGreaterThan(0);
    await office
      .locator('input[data-testid="task-working-days"], [data-testid="task-working-days"] input')
      .first()
      .fill('600');
    await expect.poll(() => deadline.inputValue()).toBe(expected.date);
    const warning = office.getByTestId('deadline-calendar-warning');
    await expect.poll(() => warning.textContent()).toContain(`${expected.warnings[0]!.year} 年节假日安排`);
    expect(await warning.textContent()).toContain('工作日可能算得不准');
    await office.locator('.ant-drawer-body').screenshot({ path: '/tmp/loop2-calendar-warning-zh.png' });

    // A deadline picked within a loaded year says how many working days it leaves, and warns of nothing.
    const loaded = (await api.get(`/api/v1/calendar?year=${today.slice(0, 4)}`)).json() as { status: string };
    if (loaded.status === 'loaded' && today.slice(5) < '12-20') {
      await deadline.click();
      await deadline.fill(`${today.slice(0, 4)}-12-28`);
      await office.keyboard.press('Enter');
      await expect.poll(() => office.getByTestId('deadline-working-days').textContent()).toContain('个工作日');
      expect(await office.getByTestId('deadline-calendar-warning').count()).toBe(0);
    }

    // In English the warning comes from the server in English.
    await english(office);
    await office.getByTestId('task-create').click({ timeout: 60_000 });
    await deadline.click();
    await deadline.fill(expected.date);
    await office.keyboard.press('Enter');
    await expect
      .poll(() => office.getByTestId('deadline-calendar-warning').textContent())
      .toContain(`The ${expected.warnings[0]!.year} holiday calendar`);
    await office.getByTestId('deadline-note').screenshot({ path: '/tmp/loop2-calendar-warning-en.png' });
    expect(pageProblems(office)).toEqual([]);
  });
});
