import { describe, expect, it } from 'vitest';
import { createTestApp, type Client } from '../../../../tests/helpers/app';
import { pngWithText } from '../../../../tests/helpers/png';
import { DEMO_JURISDICTION } from '../../demo/county';

/**
 * The public 民生实事 page shows only what the office chose to publish. A livelihood project is seeded with everything
 * internal a project carries — 包联 leader, the unit's clerk, notes on milestones, a blocker, a weekly report,
 * unpublished fields, an unpublished photo with its caption, milestone evidence — and none of it may appear in the
 * public API; projects not flagged or not published are absent.
 */
const today = '2026-06-15';
const t = await createTestApp({ publicRateLimitPerMinute: 40 }, { today: () => today });
const office = await t.login('sunli');
const zjj = await t.login('zjj.clerk');
const principal = await t.login('wangjianguo');
const anon = t.anonymous;

const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string; name: string }[];
const unit = (s: string) => units.find((u) => u.shortName === s)!;
const admin = await t.login('sysadmin');
const person = async (username: string) =>
  (await admin.get(`/api/v1/people?q=${username}`)).json().items[0] as { id: string; displayName: string };
const leader = await person('gongying');
const clerkName = (await zjj.get('/api/v1/auth/me')).json().displayName as string;
const officeName = (await office.get('/api/v1/auth/me')).json().displayName as string;
const ifm = (v: number) => ({ 'if-match': `"${v}"` });

const png = pngWithText;
async function upload(c: Client, buf: Buffer, name: string) {
  const boundary = `----t${Math.random().toString(16).slice(2)}`;
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
async function project(overrides: Record<string, unknown>) {
  const res = await office.post('/api/v1/projects', {
    type: 'social',
    content: '民生项目建设内容',
    totalInvestment: 3000,
    annualPlans: { '2026': 2000 },
    responsibleUnitId: unit('住建局').id,
    startYear: 2026,
    endYear: 2026,
    pool: 'new_start',
    enteredOn: '2026-01-10',
    ...overrides,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number };
}

// ---- the seeded project, with its internal strings ----
const INTERNAL = {
  owner: '云溪城投内部建设单位甲',
  sourceRef: '内部来源编号REF-7788',
  milestoneNote: '节点内部备注：施工方资金周转紧张',
  blocker: '卡点内部描述：二号楼征迁户未签约',
  roundProblem: '周调度内部问题：监理人员不到位',
  description: '面向群众的说明但本次不公开XYZ',
  privateCaption: '未公开照片的内部说明',
  evidenceName: '内部验收佐证.png',
  uploadName: '公开照片原始文件名.png',
  pngAuthor: 'InternalPhotographerZhang',
};
const P = await project({
  name: '城区老旧小区改造（民生实事）',
  content: '改造城区老旧小区12个，惠及居民3200户，更新供水管网8公里',
  ownerEnterprise: INTERNAL.owner,
  sourceRef: INTERNAL.sourceRef,
  leaderId: leader.id,
  townshipUnitId: unit('东湖镇').id,
  livelihood: true,
  milestones: [
    { name: '完成设计招标', plannedDate: '2026-03-01' },
    { name: '主体改造开工', plannedDate: '2026-05-01' },
    { name: '完工验收', plannedDate: '2026-11-30' },
  ],
});
const notFlagged = await project({ name: '未标记民生的产业园道路', livelihood: false });
const _notPublished = await project({ name: '未公开的民生饮水工程', livelihood: true });
const switchedOff = await project({ name: '已撤回公开的民生学校项目', livelihood: true });

// A milestone done with evidence (and a note), confirmed by the office; a second reported but not yet confirmed.
let ms = (await zjj.get(`/api/v1/projects/${P.id}/milestones`)).json().items;
const evidence = await upload(zjj, png('EvidenceAuthor', [10, 200, 10]), INTERNAL.evidenceName);
let res = await zjj.post(
  `/api/v1/projects/${P.id}/milestones/${ms[0].id}/complete`,
  { actualDate: '2026-02-26', attachmentIds: [evidence], note: INTERNAL.milestoneNote },
  ifm(ms[0].version),
);
expect(res.statusCode, res.body).toBe(200);
ms = res.json().items;
expect(
  (await office.post(`/api/v1/projects/${P.id}/milestones/${ms[0].id}/confirm`, {}, ifm(ms[0].version))).statusCode,
).toBe(200);
ms = (await zjj.get(`/api/v1/projects/${P.id}/milestones`)).json().items;
const evidence2 = await upload(zjj, png('x', [1, 2, 3]), 'e2.png');
res = await zjj.post(
  `/api/v1/projects/${P.id}/milestones/${ms[1].id}/complete`,
  { actualDate: '2026-05-20', attachmentIds: [evidence2], note: INTERNAL.milestoneNote },
  ifm(ms[1].version),
);
expect(res.statusCode, res.body).toBe(200);
// A blocker and a weekly report with a problem.
res = await zjj.post('/api/v1/blockers', { projectId: P.id, type: 'relocation', description: INTERNAL.blocker });
expect(res.statusCode, res.body).toBe(201);
res = await office.post('/api/v1/rounds', { weekOf: '2026-06-15' });
expect(res.statusCode, res.body).toBe(201);
const round = res.json();
res = await zjj.post(`/api/v1/rounds/${round.id}/reports`, {
  projectId: P.id,
  progress: '本周完成外墙改造两栋',
  imageProgress: '完成60%',
  problems: INTERNAL.roundProblem,
  behind: false,
});
expect(res.statusCode, res.body).toBe(201);

async function publicList() {
  const r = await anon.get('/api/public/livelihood');
  expect(r.statusCode, r.body).toBe(200);
  return r;
}

describe('publication: the office marks what is public', () => {
  it('only the office sets it; a project not flagged 民生实事 cannot be published', async () => {
    expect((await office.get(`/api/v1/projects/${P.id}/publication`)).json()).toMatchObject({
      livelihood: true,
      published: false,
      version: 0,
      fields: [],
      photos: [],
    });
    expect(
      (await zjj.put(`/api/v1/projects/${P.id}/publication`, { published: true, fields: [] }, ifm(0))).statusCode,
    ).toBe(403);
    expect(
      (
        await office.put(
          `/api/v1/projects/${notFlagged.id}/publication`,
          { published: true, fields: ['content'] },
          ifm(0),
        )
      ).json().code,
    ).toBe('not_livelihood');
    expect(
      (await office.put(`/api/v1/projects/${P.id}/publication`, { published: true, fields: ['content'] }, {}))
        .statusCode,
    ).toBe(428);
    expect(
      (
        await office.put(
          `/api/v1/projects/${P.id}/publication`,
          { published: true, fields: ['content', 'people'] },
          ifm(0),
        )
      ).statusCode,
    ).toBe(400);
  });

  it('publishes chosen fields and photos; the milestone evidence is offered as a candidate', async () => {
    res = await office.put(
      `/api/v1/projects/${P.id}/publication`,
      {
        published: true,
        fields: ['content', 'responsibleUnit', 'progress', 'photos'],
        description: INTERNAL.description,
      },
      ifm(0),
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers.etag).toBe('"1"');
    const pub = res.json();
    expect(pub).toMatchObject({
      published: true,
      version: 1,
      fields: ['content', 'responsibleUnit', 'progress', 'photos'],
      description: INTERNAL.description,
    });
    expect(pub.candidates.map((c: { attachmentId: string }) => c.attachmentId).sort()).toEqual(
      [evidence, evidence2].sort(),
    );
    // Stale version.
    expect(
      (await office.put(`/api/v1/projects/${P.id}/publication`, { published: true, fields: [] }, ifm(0))).statusCode,
    ).toBe(412);

    const shown = await upload(office, png(INTERNAL.pngAuthor, [200, 30, 30]), INTERNAL.uploadName);
    res = await office.post(`/api/v1/projects/${P.id}/publication/photos`, {
      attachmentId: shown,
      caption: '改造后的小区外立面',
    });
    expect(res.statusCode, res.body).toBe(201);
    // The unit's evidence chosen, but not published, with an internal caption.
    res = await office.post(`/api/v1/projects/${P.id}/publication/photos`, {
      attachmentId: evidence2,
      caption: INTERNAL.privateCaption,
      published: false,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().photos.map((p: { caption: string; published: boolean }) => [p.caption, p.published])).toEqual([
      ['改造后的小区外立面', true],
      [INTERNAL.privateCaption, false],
    ]);
    // Someone else's loose upload or a file of another project is refused.
    const foreign = await upload(zjj, png('y', [0, 0, 0]), 'z.png');
    expect(
      (await office.post(`/api/v1/projects/${P.id}/publication/photos`, { attachmentId: foreign })).statusCode,
    ).toBe(400);
    // The second project is published with nothing but its name… but switched off again.
    expect(
      (
        await office.put(
          `/api/v1/projects/${switchedOff.id}/publication`,
          { published: true, fields: ['content'] },
          ifm(0),
        )
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await office.put(
          `/api/v1/projects/${switchedOff.id}/publication`,
          { published: false, fields: ['content'] },
          ifm(1),
        )
      ).statusCode,
    ).toBe(200);
    // Principals may look; the audit trail has the change.
    expect((await principal.get(`/api/v1/projects/${P.id}/publication`)).statusCode).toBe(200);
  });
});

describe('publication: the public API (no sign-in)', () => {
  it('lists the published project with its published fields only, cacheable', async () => {
    const r = await publicList();
    expect(r.headers['cache-control']).toBe('public, max-age=60');
    const body = r.json();
    expect(body).toMatchObject({ county: expect.stringContaining('云溪县'), year: 2026, asOf: '2026-06-15' });
    expect(body.projects).toHaveLength(1);
    const p = body.projects[0];
    expect(Object.keys(p).sort()).toEqual(
      [
        'content',
        'description',
        'id',
        'investment',
        'name',
        'photos',
        'progress',
        'responsibleUnit',
        'stage',
        'township',
        'updatedAt',
        'years',
      ].sort(),
    );
    expect(p).toMatchObject({
      name: '城区老旧小区改造（民生实事）',
      content: expect.stringContaining('惠及居民3200户'),
      responsibleUnit: unit('住建局').name,
      township: null,
      investment: null,
      description: null,
      stage: '新开工',
      years: '2026',
    });
    // Planned vs actual: the confirmed milestone has its date; the reported-but-unconfirmed one is not yet done.
    expect(p.progress).toEqual({
      done: 1,
      total: 3,
      percent: 33,
      milestones: [
        { name: '完成设计招标', plannedDate: '2026-03-01', actualDate: '2026-02-26', status: 'done' },
        { name: '主体改造开工', plannedDate: '2026-05-01', actualDate: null, status: 'overdue' },
        { name: '完工验收', plannedDate: '2026-11-30', actualDate: null, status: 'pending' },
      ],
    });
    expect(p.photos).toEqual([
      { id: expect.any(String), caption: '改造后的小区外立面', url: `/api/public/livelihood/photos/${p.photos[0].id}` },
    ]);
  });

  it('never shows notes, people, blockers, unpublished fields, photos or other projects', async () => {
    const text = (await publicList()).body;
    const forbidden = [
      ...Object.values(INTERNAL),
      leader.displayName,
      clerkName,
      officeName,
      unit('东湖镇').name,
      evidence,
      evidence2,
      '未标记民生的产业园道路',
      '未公开的民生饮水工程',
      '已撤回公开的民生学校项目',
      '3000', // total investment
      '2000', // the year's plan (investment not published)
      'light',
      'leaderId',
    ];
    for (const s of forbidden) expect(text, s).not.toContain(s);
  });

  it('serves a published photo without its metadata; unpublished photos and evidence are not served', async () => {
    const body = (await publicList()).json();
    const photo = await anon.get(body.projects[0].photos[0].url);
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/png');
    expect(photo.headers['cache-control']).toBe('public, max-age=300');
    expect(photo.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    expect(photo.rawPayload.toString('latin1')).not.toContain(INTERNAL.pngAuthor);
    expect(photo.rawPayload.toString('latin1')).not.toContain('tEXt');
    const pub = (await office.get(`/api/v1/projects/${P.id}/publication`)).json();
    const hidden = pub.photos.find((x: { published: boolean }) => !x.published);
    expect((await anon.get(`/api/public/livelihood/photos/${hidden.id}`)).statusCode).toBe(404);
    expect((await anon.get(`/api/public/livelihood/photos/${evidence}`)).statusCode).toBe(404);
    // The office previews the unpublished one through its own route.
    expect((await office.get(`/api/v1/projects/${P.id}/publication/photos/${hidden.id}/file`)).statusCode).toBe(200);
    expect((await anon.get(`/api/v1/projects/${P.id}/publication/photos/${hidden.id}/file`)).statusCode).toBe(401);
  });

  it('withdrawing a photo, the photos field, the flag or the publication takes it off at once', async () => {
    let pub = (await office.get(`/api/v1/projects/${P.id}/publication`)).json();
    const shown = pub.photos.find((x: { published: boolean }) => x.published);
    const url = `/api/public/livelihood/photos/${shown.id}`;
    res = await office.patch(
      `/api/v1/projects/${P.id}/publication/photos/${shown.id}`,
      { published: false },
      ifm(shown.version),
    );
    expect(res.statusCode, res.body).toBe(200);
    expect((await anon.get(url)).statusCode).toBe(404);
    expect((await publicList()).json().projects[0].photos).toEqual([]);
    pub = res.json();
    const again = pub.photos.find((x: { id: string }) => x.id === shown.id);
    expect(
      (
        await office.patch(
          `/api/v1/projects/${P.id}/publication/photos/${shown.id}`,
          { published: true },
          ifm(again.version),
        )
      ).statusCode,
    ).toBe(200);
    expect((await anon.get(url)).statusCode).toBe(200);

    // Photos field off: the photo is no longer served.
    pub = (await office.get(`/api/v1/projects/${P.id}/publication`)).json();
    res = await office.put(
      `/api/v1/projects/${P.id}/publication`,
      { published: true, fields: ['content'] },
      ifm(pub.version),
    );
    expect(res.statusCode, res.body).toBe(200);
    expect((await anon.get(url)).statusCode).toBe(404);
    const only = (await publicList()).json().projects[0];
    expect(only).toMatchObject({ content: expect.any(String), responsibleUnit: null, progress: null, photos: [] });

    // The 民生实事 flag removed from the project: off the page.
    const proj = (await office.get(`/api/v1/projects/${P.id}`)).json();
    expect((await office.patch(`/api/v1/projects/${P.id}`, { livelihood: false }, ifm(proj.version))).statusCode).toBe(
      200,
    );
    expect((await publicList()).json().projects).toEqual([]);
    const back = (await office.get(`/api/v1/projects/${P.id}`)).json();
    expect((await office.patch(`/api/v1/projects/${P.id}`, { livelihood: true }, ifm(back.version))).statusCode).toBe(
      200,
    );
    pub = (await office.get(`/api/v1/projects/${P.id}/publication`)).json();
    res = await office.put(
      `/api/v1/projects/${P.id}/publication`,
      { published: false, fields: ['content'] },
      ifm(pub.version),
    );
    expect((await publicList()).json().projects).toEqual([]);
  });

  it('another year lists nothing; the county by its code; an unknown county is 404', async () => {
    const byCode = await anon.get(`/api/public/livelihood?county=${DEMO_JURISDICTION.code}`);
    expect(byCode.statusCode, byCode.body).toBe(200);
    expect(byCode.json().county).toBe(DEMO_JURISDICTION.name);
    expect((await anon.get('/api/public/livelihood?year=2030')).json().projects).toEqual([]);
    expect((await anon.get('/api/public/livelihood?county=nowhere')).statusCode).toBe(404);
  });

  it('is rate-limited per address', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 45; i++) codes.push((await anon.get('/api/public/livelihood?year=2031')).statusCode);
    expect(codes).toContain(429);
    expect(codes.filter((c) => c !== 200 && c !== 429)).toEqual([]);
  });
});
