import { expect, it } from 'vitest';
import { describeBrowser, pageProblems, startBrowserEnv } from './harness';

// An invented speech; its year is ahead of the machine's clock so every deadline lies in the future.
const SPEECH = [
  '2099年城市建设工作会议上的讲话',
  '一、抓好城市更新',
  '住建局要在上半年完成城区老旧小区改造30个，改造率达到80%以上。',
  '县数据资源中心要在年底前建成政务数据共享平台，接入单位不少于40家。',
  '同志们，谢谢大家。',
].join('\n');

describeBrowser('speech to ledger (讲话任务分解)', () => {
  const envP = startBrowserEnv();

  it(`upload → review (quote and candidate point at each other) → accept → issue → the task is in the ledger, linked \
back to its paragraph`, async () => {
    const env = await envP;
    const p = await env.signedIn('sunli');
    await p.getByTestId('menu-/extractions').click();
    await p.waitForURL((u) => u.pathname === '/extractions');
    await p
      .locator('[data-testid="extraction-upload"] input[type=file]')
      .setInputFiles({ name: 'speech.txt', mimeType: 'text/plain', buffer: Buffer.from(SPEECH) });
    await p.getByTestId('extraction-submit').click();
    await p.waitForURL((u) => /^\/extractions\/[0-9a-f-]{36}$/.test(u.pathname), { timeout: 20_000 });
    const docId = new URL(p.url()).pathname.split('/').pop()!;
    await expect
      .poll(() => p.getByTestId('extraction-title').textContent(), { timeout: 20_000 })
      .toBe('2099年城市建设工作会议上的讲话');

    const api = await env.t.login('sunli');
    const doc = (await api.get(`/api/v1/extractions/${docId}`)).json() as {
      candidates: { id: string; quote: string }[];
    };
    const housing = doc.candidates.find((c) => c.quote.includes('老旧小区'))!;
    const data = doc.candidates.find((c) => c.quote.includes('数据资源中心'))!;
    expect(housing && data).toBeTruthy();

    // the unknown unit is shown as a proposal, not dropped
    await expect
      .poll(() => p.getByTestId(`proposed-${data.id}`).textContent(), { timeout: 20_000 })
      .toContain('建议新增');
    // clicking the quote selects its candidate; clicking the candidate selects its quote
    await p.getByTestId(`quote-${housing.id}`).click();
    await expect
      .poll(() => p.getByTestId(`candidate-${housing.id}`).evaluate((el) => getComputedStyle(el).borderColor), {
        timeout: 20_000,
      })
      .toBe('rgb(250, 173, 20)');
    await p.getByTestId(`candidate-quote-${data.id}`).click();
    await expect
      .poll(() => p.getByTestId(`quote-${data.id}`).evaluate((el) => getComputedStyle(el).backgroundColor), {
        timeout: 20_000,
      })
      .toBe('rgb(255, 214, 102)');

    if (process.env.EXTRACTION_SCREENSHOT)
      await p.screenshot({ path: process.env.EXTRACTION_SCREENSHOT, fullPage: true });
    await p.getByTestId(`accept-${housing.id}`).click();
    await expect.poll(() => p.getByTestId(`status-${housing.id}`).textContent(), { timeout: 20_000 }).toBe('已采纳');
    await p.getByTestId(`accept-${data.id}`).click();
    await expect.poll(() => p.getByTestId(`status-${data.id}`).textContent(), { timeout: 20_000 }).toBe('已采纳');
    await p.getByTestId('issue-accepted').click();
    // 奖惩 is asked first (五明确): nothing is issued without it.
    await expect.poll(() => p.locator('.ant-tooltip').textContent(), { timeout: 20_000 }).toContain('请填写奖惩');
    await p.getByTestId('issue-accountability').fill('纳入年度目标考核，逾期通报约谈');
    await p.getByTestId('issue-accepted').click();
    await expect.poll(() => p.getByTestId('issue-summary').textContent(), { timeout: 20_000 }).toContain('交办 1 项');
    // the candidate with no known lead unit is refused with the field named
    await expect
      .poll(() => p.getByTestId(`issue-error-${data.id}`).textContent(), { timeout: 20_000 })
      .toContain('牵头单位');
    await expect.poll(() => p.getByTestId(`status-${housing.id}`).textContent(), { timeout: 20_000 }).toBe('已交办');

    // the ledger has the task; its page leads back to the paragraph
    await p.getByTestId(`task-link-${housing.id}`).click();
    await p.waitForURL((u) => u.pathname.startsWith('/tasks/'));
    await expect.poll(() => p.locator('body').textContent(), { timeout: 20_000 }).toContain('老旧小区改造');
    await p.getByTestId('task-source-link').click();
    await p.waitForURL((u) => u.pathname === `/extractions/${docId}` && u.searchParams.get('candidate') === housing.id);
    await expect
      .poll(() => p.getByTestId(`quote-${housing.id}`).evaluate((el) => getComputedStyle(el).backgroundColor), {
        timeout: 20_000,
      })
      .toBe('rgb(255, 214, 102)');
    await p.goto(`${env.baseUrl}/tasks?q=${encodeURIComponent('老旧小区')}`);
    await expect.poll(() => p.getByTestId('tasks-table').textContent(), { timeout: 20_000 }).toContain('老旧小区');
    expect(pageProblems(p)).toEqual([]);
  });

  it('splits a candidate where the reviewer clicks and merges the parts back', async () => {
    const env = await envP;
    const api = await env.t.login('sunli');
    // Another text than the first test's: quotes issued there are not offered for editing again.
    const doc = (
      await api.post('/api/v1/extractions', { text: `${SPEECH.replace('城市建设工作会议', '城市更新推进会')}\n` })
    ).json() as { id: string; candidates: { id: string; quote: string; start: number }[] };
    const housing = doc.candidates.find((c) => c.quote.includes('老旧小区'))!;
    const p = await env.signedIn('sunli');
    await p.goto(`${env.baseUrl}/extractions/${doc.id}`);
    await p.getByTestId(`split-${housing.id}`).click();
    const at = housing.quote.indexOf('改造率');
    await p.locator(`[data-testid="split-text"] [data-split-at="${at}"]`).click();
    await p.getByTestId('split-ok').click();
    const parts = async () =>
      (
        (await api.get(`/api/v1/extractions/${doc.id}`)).json().candidates as {
          id: string;
          status: string;
          quote: string;
          version: number;
        }[]
      ).filter((c) => c.status === 'pending' && c.quote !== housing.quote && housing.quote.includes(c.quote));
    await expect.poll(async () => (await parts()).length, { timeout: 20_000 }).toBe(2);
    const [a, b] = await parts();
    expect(b!.quote.startsWith('改造率') || a!.quote.startsWith('改造率')).toBe(true);
    await expect.poll(() => p.getByTestId(`candidate-${b!.id}`).count(), { timeout: 20_000 }).toBe(1);
    await p.getByTestId(`check-${a!.id}`).click();
    await p.getByTestId(`check-${b!.id}`).click();
    await p.getByTestId('merge-selected').click();
    await expect.poll(() => p.getByTestId(`candidate-${a!.id}`).count(), { timeout: 20_000 }).toBe(0);
    const live = (
      (await api.get(`/api/v1/extractions/${doc.id}`)).json().candidates as {
        status: string;
        quote: string;
        derivedFrom: string[];
      }[]
    ).filter((c) => c.status === 'pending' && c.derivedFrom.length === 2);
    expect(live).toHaveLength(1);
    expect(live[0]!.quote).toContain('改造率达到80%以上');
    expect(pageProblems(p)).toEqual([]);
  });

  it('pasted text with no directives says so plainly', async () => {
    const env = await envP;
    const p = await env.signedIn('sunli');
    await p.goto(`${env.baseUrl}/extractions`);
    await p.getByTestId('extraction-mode').getByText('粘贴正文').click();
    await p.getByTestId('extraction-text').fill('同志们，今天的会议开得很好。去年我们取得了很好的成绩，谢谢大家。');
    await p.getByTestId('extraction-submit').click();
    await expect
      .poll(() => p.getByTestId('extraction-empty').textContent(), { timeout: 20_000 })
      .toContain('没有找到交办事项');
  });

  it('is not in a clerk’s menu', async () => {
    const env = await envP;
    const p = await env.signedIn('fgj.clerk');
    expect(await p.getByTestId('menu-/extractions').count()).toBe(0);
  });
});
