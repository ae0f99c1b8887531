import crypto from 'node:crypto';
import http from 'node:http';
import { afterAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeBrowser, pageProblems, startBrowserEnv } from './harness';
import { addDays, todayInShanghai, weekday } from '../../src/shared/domain/dates';

/** Picks an option in the open Select dropdown by its label. */
const pickOption = (p: Page, label: string) =>
  p.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${label}"]`).click();
const toast = (p: Page) => p.locator('.ant-message').textContent();

/** Opens a page of 系统设置 from the side menu, as a person would. */
async function openSettings(p: Page, path: string) {
  const entry = p.getByTestId(`menu-${path}`);
  // The group opens by default; click it only when the menu has rendered and the entry is still hidden.
  await p.getByTestId('side-menu').getByText('系统设置').waitFor();
  if (!(await entry.isVisible())) await p.getByTestId('side-menu').getByText('系统设置').click();
  await entry.click();
  await p.waitForURL((u) => u.pathname === path);
}

/** A port nothing listens on: taken from the system and let go. */
async function deadPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

describeBrowser('settings: webhooks', () => {
  // The receiver below listens on loopback: allowed by name, as LUOSHI_WEBHOOK_ALLOW would.
  const envP = startBrowserEnv({ webhookAllow: ['127.0.0.1'] });
  // The receiving end of a generic webhook: a county system listening on this machine.
  const received: { url: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
  const receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ url: req.url ?? '', headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  const portP = new Promise<number>((r) =>
    receiver.listen(0, '127.0.0.1', () => r((receiver.address() as { port: number }).port)),
  );
  afterAll(() => new Promise((r) => receiver.close(r)));

  it('creates a signed generic webhook with its errors by the field, and a test message arrives and shows as sent', async () => {
    const env = await envP;
    const port = await portP;
    const p = await env.signedIn('sysadmin');
    await openSettings(p, '/settings/webhooks');
    await expect.poll(() => p.getByTestId('webhooks-table').textContent()).toContain('还没有配置消息推送');

    // A URL the browser lets through but the server refuses: the message sits by the URL field.
    await p.getByTestId('webhook-create').click();
    await p.getByTestId('webhook-name').fill('县大数据平台');
    await p.getByTestId('webhook-format').click();
    await pickOption(p, '通用 JSON');
    await p.getByTestId('webhook-url').fill('http://:80/hook');
    await p.getByTestId('webhook-save').click();
    const urlItem = p.locator('.ant-form-item').filter({ has: p.getByTestId('webhook-url') });
    await expect.poll(() => urlItem.locator('.ant-form-item-explain-error').count()).toBeGreaterThan(0);

    // A link-local target (the cloud's metadata service) is refused by the field.
    await p.getByTestId('webhook-url').fill('http://169.254.169.254/latest/meta-data');
    await p.getByTestId('webhook-save').click();
    await expect
      .poll(() => urlItem.locator('.ant-form-item-explain-error').textContent())
      .toContain('不能推送到本机、内网或链路本地地址');

    await p.getByTestId('webhook-url').fill(`http://127.0.0.1:${port}/hook`);
    await p.getByTestId('webhook-secret').fill('shh-secret');
    await p.getByTestId('webhook-save').click();
    await p.getByTestId('webhook-row-县大数据平台').waitFor();
    const row = p.locator('tr').filter({ has: p.getByTestId('webhook-row-县大数据平台') });
    await expect.poll(() => row.textContent()).toContain('尚未推送');
    await expect.poll(() => row.textContent()).toContain('已设置');

    // 发送测试消息: it arrives, signed with the secret, and the record says 成功.
    received.length = 0;
    await p.getByTestId('webhook-test-县大数据平台').click();
    await expect.poll(() => toast(p)).toContain('测试消息已送达');
    await expect.poll(() => p.getByTestId('deliveries-table').textContent()).toContain('成功');
    // The system administrator sees the size of what was sent, not its content (that is the office's to read).
    await expect.poll(() => p.getByTestId('deliveries-table').textContent()).toContain('字节');
    expect(await p.getByTestId('deliveries-table').textContent()).not.toContain('落实平台测试消息');
    expect(received).toHaveLength(1);
    const got = received[0]!;
    expect(JSON.parse(got.body)).toMatchObject({ event: 'test', title: '落实平台测试消息' });
    expect(got.headers['x-luoshi-signature']).toBe(
      `sha256=${crypto.createHmac('sha256', 'shh-secret').update(`${got.headers['x-luoshi-timestamp']}.${got.body}`).digest('hex')}`,
    );
    await p.locator('.ant-drawer-close').click();
    await expect.poll(() => p.getByTestId('webhook-last-县大数据平台').textContent()).toContain('成功');
    expect(pageProblems(p)).toEqual([]);
    await p.context().close();
  }, 60_000);

  it('shows why a test message to an unreachable robot failed, its attempts and next retry; editing keeps the hidden token', async () => {
    const env = await envP;
    const admin = await env.t.login('sysadmin');
    // A DingTalk robot nobody answers for.
    const dead = await deadPort();
    expect(
      (
        await admin.post('/api/v1/webhooks', {
          name: '失联的机器人',
          format: 'dingtalk',
          url: `http://127.0.0.1:${dead}/robot/send?access_token=tok123`,
        })
      ).statusCode,
    ).toBe(201);
    const p = await env.signedIn('sysadmin');
    await openSettings(p, '/settings/webhooks');
    await p.getByTestId('webhook-row-失联的机器人').waitFor();
    const deadRow = p.locator('tr').filter({ has: p.getByTestId('webhook-row-失联的机器人') });
    // The robot's token is never shown back.
    await expect.poll(() => deadRow.textContent()).toContain('access_token=***');
    expect(await deadRow.textContent()).not.toContain('tok123');
    await p.getByTestId('webhook-test-失联的机器人').click();
    await expect.poll(() => toast(p)).toContain('测试消息发送失败');
    const table = p.getByTestId('deliveries-table');
    await expect.poll(() => table.textContent()).toContain('重试中');
    const failed = (await table.textContent()) ?? '';
    expect(failed).toContain('ECONNREFUSED');
    expect(failed).toContain('连接被拒绝');
    expect(failed).toContain('立即重试');
    const cells = await table.locator('tbody tr').first().locator('td').allTextContents();
    expect(cells[3]).toBe('1'); // attempts
    expect(cells[4]).toMatch(/\d{4}\/\d{1,2}\/\d{1,2}/); // next retry
    await table.getByText('立即重试').click();
    await expect.poll(() => toast(p)).toContain('已安排立即重试');
    await p.locator('.ant-drawer-close').click();
    await expect.poll(() => p.getByTestId('webhook-last-失联的机器人').textContent()).toContain('重试中');

    // Editing the name leaves the masked URL alone: the real token is kept.
    await p.getByTestId('webhook-edit-失联的机器人').click();
    expect(await p.getByTestId('webhook-url').inputValue()).toContain('access_token=***');
    await p.getByTestId('webhook-name').fill('失联的钉钉机器人');
    await p.getByTestId('webhook-save').click();
    await p.getByTestId('webhook-row-失联的钉钉机器人').waitFor();
    const { rows } = await env.t.deps.database.pool.query<{ url: string }>(
      `select url from webhooks where name = '失联的钉钉机器人'`,
    );
    expect(rows[0]!.url).toContain('access_token=tok123');

    // Switched off.
    await p.getByTestId('webhook-toggle-失联的钉钉机器人').click();
    await expect
      .poll(
        async () =>
          (await admin.get('/api/v1/webhooks'))
            .json()
            .items.find((h: { name: string }) => h.name === '失联的钉钉机器人').active,
      )
      .toBe(false);

    expect(pageProblems(p)).toEqual([]);
    await p.context().close();
  }, 60_000);

  it('is closed to other roles', async () => {
    const env = await envP;
    const p = await env.signedIn('sunli');
    expect(await p.getByTestId('menu-/settings/webhooks').count()).toBe(0);
    await p.goto(`${env.baseUrl}/settings/webhooks`);
    await p.locator('.ant-result-403').waitFor();
    await p.context().close();
  });
});

describeBrowser('settings: working calendar', () => {
  const envP = startBrowserEnv();
  const next = Number(todayInShanghai().slice(0, 4)) + 1;
  /** A Wednesday in March of next year: a working day whatever the holiday schedule. */
  let wednesday = `${next}-03-10`;
  while (weekday(wednesday) !== 3) wednesday = addDays(wednesday, 1);

  /** Picks a day kind in the dialog and makes sure it shows as chosen (a click during the dialog's opening can miss). */
  async function chooseKind(p: Page, kind: 'holiday' | 'workday' | 'normal') {
    const checked = p.locator(`.ant-radio-button-wrapper-checked [data-testid="day-kind-${kind}"]`);
    for (let attempt = 0; attempt < 3 && (await checked.count()) === 0; attempt++) {
      await p.getByTestId(`day-kind-${kind}`).click();
      await checked.waitFor({ timeout: 5_000 }).catch(() => undefined);
    }
    await checked.waitFor({ timeout: 10_000 });
  }

  it('marks a day of next year as a holiday and shows it in the year view and the list', async () => {
    const env = await envP;
    const p = await env.signedIn('sysadmin');
    await openSettings(p, '/settings/calendar');
    await p.getByTestId('calendar-year-grid').waitFor();

    // Issue 11: from November on the system administrator sees that next year's calendar is not settled yet.
    const { status } = (await (await env.t.login('sysadmin')).get(`/api/v1/calendar?year=${next}`)).json();
    if (Number(todayInShanghai().slice(5, 7)) >= 11 && status !== 'loaded') {
      await expect
        .poll(() => p.getByTestId('calendar-next-year-banner').textContent())
        .toContain(`${next} 年节假日安排`);
    }
    await p.getByTestId('calendar-year').getByText(`${next} 年`).click();
    if (status === 'provisional')
      await expect.poll(() => p.getByTestId('calendar-provisional').textContent()).toContain('系统推算');
    const cell = p.getByTestId(`cal-day-${wednesday}`);
    await expect.poll(() => cell.getAttribute('data-look')).toBe('weekday');
    await cell.click();
    await chooseKind(p, 'holiday');
    await p.getByTestId('day-name').fill('台风停工');
    await p.getByTestId('day-save').click();
    await expect.poll(() => cell.getAttribute('data-look')).toBe('holiday');
    expect(await cell.getAttribute('data-local')).toBe('true');
    await expect.poll(() => p.getByTestId(`cal-row-${wednesday}`).textContent()).toContain('台风停工');
    await expect.poll(() => p.getByTestId(`cal-row-${wednesday}`).textContent()).toContain('本县');
    await expect.poll(() => p.getByTestId('calendar-summary').textContent()).toContain('本县调整 1 天');

    // And back to normal: a working Wednesday again.
    await cell.click();
    await chooseKind(p, 'normal');
    await p.getByTestId('day-save').click();
    await p
      .locator('.ant-modal')
      .waitFor({ state: 'hidden', timeout: 20_000 })
      .catch(async (e: unknown) => {
        throw new Error(
          `the day was not saved; the dialog shows: ${(
            await p
              .locator('.ant-modal')
              .allTextContents()
              .catch(() => [] as string[])
          ).join(' | ')}; ${String(e)}`,
        );
      });
    await expect.poll(() => cell.getAttribute('data-look')).toBe('weekday');

    const admin = await env.t.login('sysadmin');
    const days = (await admin.get(`/api/v1/calendar?year=${next}`)).json().days;
    expect(days).toContainEqual(expect.objectContaining({ day: wednesday, kind: 'normal', scope: 'local' }));
    expect(pageProblems(p)).toEqual([]);
    await p.context().close();
  }, 60_000);

  it('shows the row errors of an import file and writes nothing, then imports a good one', async () => {
    const env = await envP;
    const p = await env.signedIn('sysadmin');
    await p.goto(`${env.baseUrl}/settings/calendar`);
    await p.getByTestId('calendar-year').getByText(`${next} 年`).click();
    await p.getByTestId(`cal-day-${next}-11-10`).waitFor();

    await p.getByTestId('calendar-import').click();
    const bad = `日期,类型,名称\n${next}-11-10,放假,县庆\n${next}-13-01,放假,错日期\n${next}-11-13,休假,错类型\n`;
    await p
      .locator('.ant-modal:visible input[type=file]')
      .setInputFiles({ name: '节假日-有错.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    const errors = p.getByTestId('calendar-import-errors');
    await expect.poll(() => errors.textContent()).toContain('2 处错误');
    const rows = await errors
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    expect(rows).toEqual([
      ['3', '日期', expect.stringContaining('格式不正确')],
      ['4', '类型', expect.stringContaining('须为 放假、上班、正常 之一')],
    ]);
    // Nothing written: 10 November (no national holiday in November) is not a holiday.
    expect(await p.getByTestId(`cal-day-${next}-11-10`).getAttribute('data-look')).not.toBe('holiday');

    const good = `日期,类型,名称\n${next}-11-10,放假,县庆\n${next}-11-13,上班,县庆调休上班\n`;
    await p
      .locator('.ant-modal:visible input[type=file]')
      .setInputFiles({ name: '节假日.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await expect.poll(() => toast(p)).toContain('已导入 2 天');
    await expect.poll(() => p.getByTestId(`cal-day-${next}-11-10`).getAttribute('data-look')).toBe('holiday');
    // 13 November is a weekend day or not; a make-up working day either way.
    expect(await p.getByTestId(`cal-day-${next}-11-13`).getAttribute('data-look')).toBe('workday');
    expect(pageProblems(p)).toEqual([]);
    await p.context().close();
  }, 60_000);
});

describeBrowser('settings: light rules', () => {
  const envP = startBrowserEnv();

  it('the supervision office changes the thresholds; a stale save is told, reloaded and saved again', async () => {
    const env = await envP;
    const p = await env.signedIn('sunli');
    await openSettings(p, '/settings/lights');
    await expect.poll(() => p.getByTestId('lights-state').textContent()).toContain('默认规则');
    expect(await p.getByTestId('lights-due-soon').inputValue()).toBe('3');
    expect(await p.getByTestId('lights-yellow').inputValue()).toBe('10');
    expect(await p.getByTestId('lights-red').inputValue()).toBe('30');

    // Red must exceed yellow: said by the field before anything is sent.
    await p.getByTestId('lights-red').fill('8');
    await p.getByTestId('lights-save').click();
    await expect
      .poll(() => p.locator('.ant-form-item-explain-error').textContent())
      .toContain('红灯点数须大于黄灯点数');

    await p.getByTestId('lights-yellow').fill('15');
    await p.getByTestId('lights-red').fill('40');
    await p.getByTestId('lights-save').click();
    await expect.poll(() => toast(p)).toContain('亮灯规则已保存');
    await expect.poll(() => p.getByTestId('lights-state').textContent()).toContain('第 1 版');

    // Another office clerk saves meanwhile.
    const other = await env.t.login('sunli');
    const put = await other.put(
      '/api/v1/settings/lights',
      { dueSoonWorkingDays: 5, yellowGap: 20, redGap: 45 },
      { 'if-match': '"1"' },
    );
    expect(put.statusCode).toBe(200);

    await p.getByTestId('lights-due-soon').fill('4');
    await p.getByTestId('lights-save').click();
    await p.getByTestId('version-conflict').waitFor();
    // The form now holds what is in force; nothing of it was overwritten.
    await expect.poll(() => p.getByTestId('lights-due-soon').inputValue()).toBe('5');
    expect(await p.getByTestId('lights-yellow').inputValue()).toBe('20');
    expect(await p.getByTestId('lights-red').inputValue()).toBe('45');
    expect((await other.get('/api/v1/settings/lights')).json()).toMatchObject({ dueSoonWorkingDays: 5, version: 2 });

    await p.getByTestId('lights-due-soon').fill('4');
    await p.getByTestId('lights-save').click();
    await expect
      .poll(async () => (await other.get('/api/v1/settings/lights')).json())
      .toMatchObject({ dueSoonWorkingDays: 4, yellowGap: 20, redGap: 45, version: 3 });
    await expect.poll(() => p.getByTestId('lights-state').textContent()).toContain('第 3 版');
    expect(await p.getByTestId('version-conflict').count()).toBe(0);
    expect(pageProblems(p)).toEqual([]);
    await p.context().close();
  }, 60_000);

  it('the office sets when reports fall due; the light card beside it saves after without a conflict', async () => {
    const env = await envP;
    const p = await env.signedIn('sunli');
    await openSettings(p, '/settings/lights');
    await p.getByTestId('reporting-card').waitFor();
    await expect.poll(() => p.getByTestId('reporting-cutoff').inputValue()).toBe('17:00');
    await p.getByTestId('reporting-weekday').click();
    await p.locator('.ant-select-item-option[title="周四"]').click();
    await p.getByTestId('reporting-cutoff').fill('25:00');
    await p.getByTestId('reporting-save').click();
    await expect
      .poll(() => p.getByTestId('reporting-card').locator('.ant-form-item-explain-error').count())
      .toBeGreaterThan(0);
    await p.getByTestId('reporting-cutoff').fill('12:00');
    await p.getByTestId('reporting-save').click();
    await expect.poll(() => toast(p)).toContain('报送规则已保存');
    const api = await env.t.login('sunli');
    expect((await api.get('/api/v1/settings/reporting')).json()).toMatchObject({
      weeklyDueWeekday: 4,
      cutoff: '12:00',
      custom: true,
    });
    // Same settings row: the light card follows the new version and saves without a conflict.
    await p.getByTestId('lights-due-soon').fill('2');
    await p.getByTestId('lights-save').click();
    await expect
      .poll(async () => (await api.get('/api/v1/settings/lights')).json())
      .toMatchObject({ dueSoonWorkingDays: 2 });
    expect(await p.getByTestId('version-conflict').count()).toBe(0);
    expect((await api.get('/api/v1/settings/reporting')).json()).toMatchObject({
      weeklyDueWeekday: 4,
      cutoff: '12:00',
    });
    expect(pageProblems(p)).toEqual([]);
    await p.context().close();
  }, 60_000);

  it('shows the rules read-only to others, without the menu entry', async () => {
    const env = await envP;
    const p = await env.signedIn('fgj.clerk');
    expect(await p.getByTestId('menu-/settings/lights').count()).toBe(0);
    await p.goto(`${env.baseUrl}/settings/lights`);
    await p.getByText('只读：亮灯规则由督查室设置').waitFor();
    expect(await p.getByTestId('lights-save').count()).toBe(0);
    expect(await p.getByTestId('lights-due-soon').isDisabled()).toBe(true);
    await p.context().close();
  });
});
