import { expect, it } from 'vitest';
import { describeBrowser, pageProblems, startBrowserEnv } from './harness';
import type { Client } from '../helpers/app';
import { pngWithText } from '../helpers/png';

/**
 * The public 民生实事 page in Chromium, without signing in: the published fields are on the rendered page, nothing
 * internal is (people, notes, blockers, reports, unpublished fields and photos, other projects), it fits a phone's
 * width, its photo loads under the CSP; and the office switches it off in the 公开 card of the project page.
 */
const ifm = (v: number) => ({ 'if-match': `"${v}"` });

async function upload(c: Client, buf: Buffer, name: string) {
  const boundary = `----e${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    buf,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await c.request('POST', '/api/v1/attachments', {
    payload,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

describeBrowser('public livelihood page', () => {
  const envP = startBrowserEnv();
  const INTERNAL = {
    owner: '内部建设单位乙公司',
    sourceRef: '内部来源编号E2E-99',
    note: '节点内部备注：资金拨付延迟',
    blocker: '卡点内部描述：管线迁改协调未果',
    problem: '调度内部问题：施工队伍不足',
    description: '本条说明未选择公开',
    hiddenCaption: '未公开照片的说明文字',
  };
  let projectId = '';
  let hiddenNames: string[] = [];

  async function seed() {
    const env = await envP;
    const office = await env.t.login('sunli');
    const zjj = await env.t.login('zjj.clerk');
    const admin = await env.t.login('sysadmin');
    const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string; name: string }[];
    const unit = (s: string) => units.find((u) => u.shortName === s)!;
    const leader = (await admin.get('/api/v1/people?q=gongying')).json().items[0] as {
      id: string;
      displayName: string;
    };
    const clerk = (await zjj.get('/api/v1/auth/me')).json().displayName as string;
    const year = new Date().getFullYear();
    const base = {
      type: 'social',
      totalInvestment: 5000,
      annualPlans: { [year]: 3000 },
      responsibleUnitId: unit('住建局').id,
      startYear: year,
      endYear: year,
      pool: 'continuing',
      enteredOn: `${year}-01-05`,
    };
    let res = await office.post('/api/v1/projects', {
      ...base,
      name: '农村饮水安全巩固提升工程',
      content: '新建水厂1座，铺设供水管网46公里，惠及农村人口2.1万人',
      ownerEnterprise: INTERNAL.owner,
      sourceRef: INTERNAL.sourceRef,
      leaderId: leader.id,
      townshipUnitId: unit('东湖镇').id,
      livelihood: true,
      milestones: [
        { name: '水厂主体完工', plannedDate: `${year}-01-20` },
        { name: '管网通水', plannedDate: `${year}-12-20` },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    projectId = res.json().id;
    const other = await office.post('/api/v1/projects', {
      ...base,
      name: '未公开的民生养老中心',
      content: '内部',
      livelihood: true,
    });
    const plain = await office.post('/api/v1/projects', {
      ...base,
      name: '非民生的工业园道路',
      content: '内部',
      livelihood: false,
    });
    expect([other.statusCode, plain.statusCode]).toEqual([201, 201]);

    let ms = (await zjj.get(`/api/v1/projects/${projectId}/milestones`)).json().items;
    const evidence = await upload(zjj, pngWithText('x', [0, 120, 0]), '内部佐证照片.png');
    res = await zjj.post(
      `/api/v1/projects/${projectId}/milestones/${ms[0].id}/complete`,
      { actualDate: `${year}-01-18`, attachmentIds: [evidence], note: INTERNAL.note },
      ifm(ms[0].version),
    );
    expect(res.statusCode, res.body).toBe(200);
    ms = res.json().items;
    expect(
      (await office.post(`/api/v1/projects/${projectId}/milestones/${ms[0].id}/confirm`, {}, ifm(ms[0].version)))
        .statusCode,
    ).toBe(200);
    expect(
      (await zjj.post('/api/v1/blockers', { projectId, type: 'other', description: INTERNAL.blocker })).statusCode,
    ).toBe(201);

    res = await office.put(
      `/api/v1/projects/${projectId}/publication`,
      {
        published: true,
        fields: ['content', 'responsibleUnit', 'progress', 'photos'],
        description: INTERNAL.description,
      },
      ifm(0),
    );
    expect(res.statusCode, res.body).toBe(200);
    const shown = await upload(office, pngWithText('PhotographerInternal', [30, 90, 200]), 'site.png');
    expect(
      (
        await office.post(`/api/v1/projects/${projectId}/publication/photos`, {
          attachmentId: shown,
          caption: '新建水厂全景',
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await office.post(`/api/v1/projects/${projectId}/publication/photos`, {
          attachmentId: evidence,
          caption: INTERNAL.hiddenCaption,
          published: false,
        })
      ).statusCode,
    ).toBe(201);
    hiddenNames = [
      ...Object.values(INTERNAL),
      leader.displayName,
      clerk,
      unit('东湖镇').name,
      '未公开的民生养老中心',
      '非民生的工业园道路',
      '内部佐证照片',
      evidence,
      shown,
    ];
    return { office, unit };
  }
  const seeded = envP.then(seed);

  it('shows the published fields and nothing internal, without signing in, on a phone', async () => {
    const env = await envP;
    const { unit } = await seeded;
    // Opened on a file that is not the app (nothing runs), so every call the public page makes is recorded.
    const p = await env.page('/none.txt');
    const calls: string[] = [];
    p.on('request', (r) => calls.push(new URL(r.url()).pathname));
    await p.setViewportSize({ width: 375, height: 812 });
    await p.goto(`${env.baseUrl}/public/livelihood`);
    await expect.poll(() => p.getByTestId('public-project').count(), { timeout: 20_000 }).toBe(1);
    const html = await p.content();
    for (const shown of [
      '云溪县',
      '民生实事',
      '农村饮水安全巩固提升工程',
      '惠及农村人口2.1万人',
      unit('住建局').name,
      '水厂主体完工',
      '管网通水',
      '已完成',
      '新建水厂全景',
      '更新于',
      '续建',
    ])
      expect(html, shown).toContain(shown);
    for (const hidden of hiddenNames) expect(html, hidden).not.toContain(hidden);
    // No way into the working system from here.
    expect(await p.locator('a[href^="/"]').count()).toBe(0);
    expect(await p.locator('.ant-layout-sider, [data-testid^="menu-"]').count()).toBe(0);
    // The published photo loads (served by the public route, allowed by the CSP); the page fits the phone's width.
    await expect
      .poll(
        () =>
          p.locator('img[alt="新建水厂全景"]').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth),
        { timeout: 20_000 },
      )
      .toBe(1);
    expect(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    // The page asks the public API only: no session, no internal endpoint.
    expect(calls.filter((c) => c.startsWith('/api/') && !c.startsWith('/api/public/'))).toEqual([]);
    expect(pageProblems(p)).toEqual([]);
  });

  it('the office switches publication off in the project page; the public page no longer lists it', async () => {
    const env = await envP;
    await seeded;
    const p = await env.signedIn('sunli');
    await p.goto(`${env.baseUrl}/projects/${projectId}`);
    const card = p.getByTestId('publication-card');
    // Both chosen photos are shown to the office, the unpublished one marked so.
    await expect.poll(() => card.locator('img').count(), { timeout: 20_000 }).toBe(2);
    await expect.poll(() => card.textContent()).toContain('不公开');
    expect(await p.getByTestId('publication-switch').getAttribute('aria-checked')).toBe('true');
    await p.getByTestId('publication-switch').click();
    await p.getByTestId('publication-save').click();
    await expect.poll(() => p.locator('.ant-message').textContent(), { timeout: 20_000 }).toContain('该项目不公开');
    await expect
      .poll(async () => (await (await envP).t.anonymous.get('/api/public/livelihood')).json().projects.length, {
        timeout: 20_000,
      })
      .toBe(0);
    const pub = await env.page('/public/livelihood');
    await expect.poll(() => pub.textContent('main'), { timeout: 20_000 }).toContain('本年度暂无公开的民生实事项目');
    expect(pageProblems(p)).toEqual([]);
    expect(pageProblems(pub)).toEqual([]);
  });
});
