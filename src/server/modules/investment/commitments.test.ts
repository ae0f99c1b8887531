import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../../../tests/helpers/app';
import { runCommitmentOverdue } from '../../app';
import { creditCodeCheckChar } from '../../../shared/domain/credit-code';

/** The agreement's commitments (履约): supervised items on the core, 履约率 by side, blockers when the county is late. */
let today = '2026-03-02';
const t = await createTestApp({}, { today: () => today });
const office = await t.login('sunli');
const zsfw = await t.login('zsfw.clerk');
const zrzyj = await t.login('zrzyj.clerk');
const fgj = await t.login('fgj.clerk');

const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
const unit = (s: string) => units.find((u) => u.shortName === s)!.id;
const admin = await t.login('sysadmin');
const personId = async (username: string) =>
  (await admin.get(`/api/v1/people?q=${username}`)).json().items[0].id as string;
const zhaozhiqiang = await personId('zhaozhiqiang');
const ifm = (v: number) => ({ 'if-match': `"${v}"` });

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000' +
    '000d49444154789c6360f8ffff3f0005fe02fea7d6a4ba0000000049454e44ae426082',
  'hex',
);
async function upload(client: typeof zsfw, name: string) {
  const boundary = `----t${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    PNG,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await client.request('POST', '/api/v1/attachments', {
    payload,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

async function signedLead(name: string, convert: boolean) {
  const l = (
    await zsfw.post('/api/v1/leads', {
      investor: '华澜生物科技有限公司',
      projectName: name,
      industry: '生物医药',
      investment: 2,
      investmentUnit: '亿元',
      source: 'merchant',
      responsibleUnitId: unit('招商服务中心'),
      leaderId: zhaozhiqiang,
      receivedOn: '2026-01-05',
    })
  ).json();
  const s = await zsfw.post(`/api/v1/leads/${l.id}/stages`, { stage: 'signed', date: '2026-02-20' }, ifm(l.version));
  expect(s.statusCode, s.body).toBe(200);
  if (convert) {
    const c = await zsfw.post(`/api/v1/leads/${l.id}/convert`, { pool: 'reserve' }, ifm(s.json().version));
    expect(c.statusCode, c.body).toBe(201);
    return { id: l.id as string, projectId: c.json().projectId as string };
  }
  return { id: l.id as string, projectId: null };
}

describe('the agreement’s commitments (履约)', () => {
  it('are recorded once signed, each a supervised item; a tax rebate is refused under the 公平竞争审查条例', async () => {
    const early = (
      await zsfw.post('/api/v1/leads', {
        investor: '某公司',
        projectName: '未签约项目',
        investment: 100,
        source: 'fair',
        responsibleUnitId: unit('招商服务中心'),
        receivedOn: '2026-01-05',
      })
    ).json();
    const notYet = await zsfw.post(`/api/v1/leads/${early.id}/commitments`, {
      side: 'investor',
      type: 'start',
      due: '2026-06-30',
    });
    expect(notYet.statusCode).toBe(409);
    expect(notYet.json().code).toBe('commitment_before_signing');

    const l = await signedLead('佐剂生产线项目', false);
    const rebate = await zsfw.post(`/api/v1/leads/${l.id}/commitments`, {
      side: 'county',
      type: 'tax_rebate',
      due: '2026-12-31',
    });
    expect(rebate.statusCode).toBe(422);
    expect(rebate.headers['content-type']).toContain('application/problem+json');
    expect(rebate.json().detail).toContain('公平竞争审查条例');
    expect(rebate.json().errors[0]).toMatchObject({ field: 'body.type', code: 'commitment_tax_rebate' });
    // The same promise dressed as a policy is refused too.
    const dressed = await zsfw.post(`/api/v1/leads/${l.id}/commitments`, {
      side: 'county',
      type: 'policy',
      description: '前三年地方留成部分全额返还',
      due: '2026-12-31',
    });
    expect(dressed.statusCode).toBe(422);
    expect(dressed.json().errors[0]).toMatchObject({ field: 'body.description', code: 'commitment_tax_rebate' });
    const wrongSide = await zsfw.post(`/api/v1/leads/${l.id}/commitments`, {
      side: 'investor',
      type: 'land',
      due: '2026-12-31',
    });
    expect(wrongSide.statusCode).toBe(400);
    expect(wrongSide.json().errors[0]).toMatchObject({ field: 'body.type', code: 'commitment_type_of_side' });
    const beforeSigning = await zsfw.post(`/api/v1/leads/${l.id}/commitments`, {
      side: 'investor',
      type: 'start',
      due: '2026-02-01',
    });
    expect(beforeSigning.json().errors[0]).toMatchObject({ field: 'body.due', code: 'before_signing' });

    const inv = await zsfw.post(`/api/v1/leads/${l.id}/commitments`, {
      side: 'investor',
      type: 'investment',
      amount: 5000,
      due: '2026-06-30',
    });
    expect(inv.statusCode, inv.body).toBe(201);
    const land = await zsfw.post(`/api/v1/leads/${l.id}/commitments`, {
      side: 'county',
      type: 'land',
      amount: 60,
      description: '开发区东区 60 亩净地',
      due: '2026-04-30',
      handlingUnitId: unit('自然资源局'),
    });
    expect(land.statusCode, land.body).toBe(201);
    const body = land.json();
    expect(body.items).toHaveLength(2);
    const c = body.items.find((i: { type: string }) => i.type === 'land');
    expect(c).toMatchObject({
      side: 'county',
      state: 'assigned',
      handlingUnitName: '自然资源局',
      deadline: '2026-04-30',
    });
    expect(c.title).toContain('县方承诺·交付土地');
    expect(body.fulfilment.county).toMatchObject({ total: 1, due: 0, rate: null });
    // Another unit does not see the lead, nor its commitments.
    expect((await fgj.get(`/api/v1/leads/${l.id}/commitments`)).statusCode).toBe(404);
  });

  it('the delivering unit reports with evidence, the signing side confirms; 履约率 follows', async () => {
    today = '2026-03-02';
    const l = await signedLead('细胞存储库项目', false);
    const created = (
      await zsfw.post(`/api/v1/leads/${l.id}/commitments`, {
        side: 'county',
        type: 'power',
        amount: 2000,
        due: '2026-03-20',
        handlingUnitId: unit('自然资源局'),
      })
    ).json();
    const cid = created.items[0].id;
    const noEvidence = await zrzyj.post(`/api/v1/leads/${l.id}/commitments/${cid}/fulfil`, {
      date: '2026-03-02',
      note: '已通电',
      attachmentIds: [],
    });
    expect(noEvidence.statusCode).toBe(400);
    // The office is not the delivering unit.
    const evidence = await upload(zrzyj, '供电合同.png');
    const byOffice = await office.post(`/api/v1/leads/${l.id}/commitments/${cid}/fulfil`, {
      date: '2026-03-02',
      note: '已通电',
      attachmentIds: [evidence],
    });
    expect(byOffice.statusCode).toBe(403);
    const done = await zrzyj.post(`/api/v1/leads/${l.id}/commitments/${cid}/fulfil`, {
      date: '2026-03-02',
      note: '2000 千伏安专线已送电',
      attachmentIds: [evidence],
    });
    expect(done.statusCode, done.body).toBe(204);
    let list = (await zsfw.get(`/api/v1/leads/${l.id}/commitments`)).json();
    expect(list.items[0].state).toBe('close_requested');
    expect(list.fulfilment.county.fulfilled).toBe(0);
    const confirmed = await zsfw.post(`/api/v1/leads/${l.id}/commitments/${cid}/confirm`, { accept: true });
    expect(confirmed.statusCode, confirmed.body).toBe(204);
    list = (await zsfw.get(`/api/v1/leads/${l.id}/commitments`)).json();
    expect(list.items[0]).toMatchObject({ state: 'closed', fulfilledOn: '2026-03-02' });
    expect(list.fulfilment.county).toMatchObject({ total: 1, due: 1, fulfilled: 1, onTime: 1, rate: 1 });
    const summary = (await office.get('/api/v1/investment/summary?year=2026')).json();
    expect(summary.fulfilment.county.rate).toBeGreaterThan(0);
    expect(summary.fulfilment.county.rate).toBeLessThanOrEqual(1);
  });

  it('a county commitment gone overdue raises one blocker on the project for its 包联 leader', async () => {
    today = '2026-03-02';
    const l = await signedLead('新材料中试基地', true);
    const w = await signedLead('未入库的签约项目', false);
    await zsfw.post(`/api/v1/leads/${l.id}/commitments`, {
      side: 'county',
      type: 'land',
      amount: 40,
      due: '2026-03-10',
      handlingUnitId: unit('自然资源局'),
    });
    await zsfw.post(`/api/v1/leads/${l.id}/commitments`, { side: 'investor', type: 'start', due: '2026-03-10' });
    await zsfw.post(`/api/v1/leads/${w.id}/commitments`, {
      side: 'county',
      type: 'water',
      due: '2026-03-10',
      handlingUnitId: unit('自然资源局'),
    });
    today = '2026-03-12';
    const list = (await zsfw.get(`/api/v1/leads/${l.id}/commitments`)).json();
    expect(list.fulfilment.county).toMatchObject({ due: 1, overdue: 1, fulfilled: 0, rate: 0 });
    expect(list.fulfilment.investor).toMatchObject({ due: 1, overdue: 1, rate: 0 });
    const first = await runCommitmentOverdue(t.deps);
    const second = await runCommitmentOverdue(t.deps);
    expect(first.reduce((a, r) => a + r.blockers, 0)).toBeGreaterThanOrEqual(1);
    expect(second.reduce((a, r) => a + r.blockers, 0)).toBe(0);
    const after = (await zsfw.get(`/api/v1/leads/${l.id}/commitments`)).json();
    const land = after.items.find((i: { type: string }) => i.type === 'land');
    expect(land.blockerId).toBeTruthy();
    const investorSide = after.items.find((i: { type: string }) => i.type === 'start');
    expect(investorSide.blockerId).toBeNull();
    const blockers = (await office.get(`/api/v1/blockers?projectId=${l.projectId}`)).json();
    expect(blockers.items).toHaveLength(1);
    expect(blockers.items[0]).toMatchObject({ type: 'land', leaderId: zhaozhiqiang, level: 1 });
    expect(blockers.items[0].description).toContain('县方承诺逾期');
  });
});

describe('the year’s targets on the trajectory, and conversion by year, chain and source', () => {
  it('the office sets targets (If-Match 0 first); a unit may not; the summary follows each on 序时进度', async () => {
    today = '2026-07-01';
    expect((await zsfw.put('/api/v1/investment/targets?year=2026', { signedCount: 10 }, ifm(0))).statusCode).toBe(403);
    const set = await office.put(
      '/api/v1/investment/targets?year=2026',
      { signedCount: 10, signedAmount: 100000, fundsInPlace: 50000, startRate: 0.6, producingCount: 4 },
      ifm(0),
    );
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ year: 2026, signedCount: 10, version: 1 });
    expect((await office.put('/api/v1/investment/targets?year=2026', { signedCount: 12 }, ifm(0))).statusCode).toBe(
      412,
    );
    const s = (await office.get('/api/v1/investment/summary?year=2026')).json();
    const line = s.targets.find((x: { key: string }) => x.key === 'signedCount');
    // Mid-year on the calendar path (no signings last year): about half the target expected.
    expect(line.target).toBe(10);
    expect(line.actual).toBe(s.signedCount);
    expect(line.expected).toBeGreaterThan(4.5);
    expect(line.expected).toBeLessThan(5.5);
    expect(['green', 'yellow', 'red']).toContain(line.light);
    expect(s.targets.find((x: { key: string }) => x.key === 'revitalisedAreaMu')).toMatchObject({
      target: null,
      light: 'none',
    });
    // Each signed lead once, in one group of each breakdown.
    for (const by of ['year', 'chain', 'source'] as const) {
      const rows = s.conversionBy[by] as { signed: number; signedToStarted: number | null }[];
      const total = rows.reduce((a, r) => a + r.signed, 0);
      if (by === 'year') expect(total).toBeGreaterThanOrEqual(s.signedCount);
      for (const r of rows) if (r.signedToStarted !== null) expect(r.signedToStarted).toBeLessThanOrEqual(1);
    }
    expect(s.conversionBy.source.find((r: { key: string }) => r.key === 'merchant').label).toBe('以商招商');
  });
});

describe('the cockpit and the scheduling meeting', () => {
  it('the cockpit shows the pipeline, targets, chains and 盘活; stalled leads and gaps go on the meeting’s agenda', async () => {
    today = '2026-07-01';
    const chain = (
      await office.post('/api/v1/chains', {
        name: '细胞治疗',
        chiefLeaderId: zhaozhiqiang,
        leadUnitId: unit('招商服务中心'),
      })
    ).json();
    const gap = (
      await office.post(`/api/v1/chains/${chain.id}/links`, {
        name: '细胞制备耗材',
        tier: 'upstream',
        targets: [{ name: '某耗材企业', region: '苏州', why: '本地空白' }],
      })
    ).json();
    expect(gap.coverage).toBe('none');
    const l = (
      await zsfw.post('/api/v1/leads', {
        investor: '某细胞公司',
        projectName: '细胞储存项目',
        investment: 5000,
        source: 'agent',
        responsibleUnitId: unit('招商服务中心'),
        receivedOn: '2026-05-01',
      })
    ).json();
    await zsfw.post(`/api/v1/leads/${l.id}/stages`, { stage: 'negotiation', date: '2026-05-02' }, ifm(l.version));
    today = '2026-07-10';
    const cockpit = (await office.get('/api/v1/cockpit')).json();
    expect(cockpit.investment.stages.negotiation).toBeGreaterThanOrEqual(1);
    expect(cockpit.investment.stalled.red).toBeGreaterThanOrEqual(1);
    const c = cockpit.investment.chains.find((x: { id: string }) => x.id === chain.id);
    expect(c).toMatchObject({ links: 1, covered: 0, gaps: 1, gapsWithLeads: 0 });
    expect(cockpit.investment.targets.find((x: { key: string }) => x.key === 'signedAmount').target).toBe(100000);
    // A unit has no cockpit.
    expect((await zsfw.get('/api/v1/cockpit')).statusCode).toBe(403);

    const meeting = await office.post('/api/v1/meetings', {
      kind: 'scheduling',
      title: '招商引资调度会',
      date: '2026-07-10',
      chairId: zhaozhiqiang,
      generateAgenda: true,
    });
    expect(meeting.statusCode, meeting.body).toBe(201);
    const agenda = (await office.get(`/api/v1/meetings/${meeting.json().id}/agenda`)).json();
    const lead = agenda.items.find(
      (i: { source: string; link: string }) => i.source === 'lead' && i.link === `/leads/${l.id}`,
    );
    expect(lead.title).toContain('细胞储存项目');
    expect(lead.body).toContain('洽谈');
    const g = agenda.items.find(
      (i: { source: string; title: string }) => i.source === 'chain_gap' && i.title.includes('细胞制备耗材'),
    );
    expect(g.body).toContain('某耗材企业');
  });
});

describe('招商地图', () => {
  it(`the layers: sites by state where located, signed leads at their projects; a chain filter; another county’s \
chain is 404`, async () => {
    const site = await office.post('/api/v1/sites', {
      name: '原砖瓦厂地块',
      kind: 'land',
      area: 45,
      landUse: 'industrial',
      ownership: 'state',
      responsibleUnitId: unit('招商服务中心'),
      location: { lng: 113.6, lat: 34.7 },
    });
    expect(site.statusCode, site.body).toBe(201);
    const map = await zsfw.get('/api/v1/investment/map');
    expect(map.statusCode, map.body).toBe(200);
    const m = map.json();
    expect(m.sites.find((s: { id: string }) => s.id === site.json().id)).toMatchObject({ state: 'idle', lng: 113.6 });
    expect(m.unlocated.projects).toBeGreaterThanOrEqual(0);
    expect(Array.isArray(m.enterprises)).toBe(true);
    const chains = (await office.get('/api/v1/chains')).json().items as { id: string }[];
    const filtered = (await office.get(`/api/v1/investment/map?chainId=${chains[0]!.id}`)).json();
    expect(filtered.chains.map((c: { id: string }) => c.id)).toEqual([chains[0]!.id]);
    expect((await office.get('/api/v1/investment/map?chainId=00000000-0000-4000-8000-000000000000')).statusCode).toBe(
      404,
    );
  });
});

describe('chain export', () => {
  it('the chain’s lists as .xlsx: links, enterprises, gaps with their targets, open leads', async () => {
    const chains = (await office.get('/api/v1/chains')).json().items as { id: string; name: string }[];
    const c = chains.find((x) => x.name === '细胞治疗')!;
    const res = await zsfw.get(`/api/v1/chains/${c.id}/export`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['产业链', '环节', '本地企业', '缺链与招商目标', '在谈线索']);
    const gaps = wb.getWorksheet('缺链与招商目标')!;
    expect(gaps.getRow(2).values).toEqual(expect.arrayContaining(['细胞制备耗材', '缺链', '某耗材企业', '苏州']));
  });
});

describe('the enterprise’s later demands', () => {
  it('link back to the signed agreement: the lead lists them with their state, the demand finds its lead', async () => {
    const first = '91350100MA0900001';
    const reg = await office.post('/api/v1/enterprises', {
      name: '华澜生物科技有限公司',
      creditCode: first + creditCodeCheckChar(first),
      industryDivision: '27',
      scale: 'above',
      size: 'small',
      areaUnitId: unit('开发区'),
      liaisonUnitId: unit('招商服务中心'),
      liaisonPerson: '张三',
    });
    expect(reg.statusCode, reg.body).toBe(201);
    const e = reg.json();
    const made = await office.post('/api/v1/demands', {
      enterpriseId: e.id,
      category: 'land',
      text: '协议约定的二期用地尚未交付，请协调。',
      source: 'visit',
    });
    expect(made.statusCode, made.body).toBe(201);
    const demandId = made.json().id as string;
    const lead = await signedLead('佐剂扩产项目', false);
    const other = await signedLead('佐剂三期项目', false);
    // Another unit cannot link to this unit's lead.
    expect([403, 404]).toContain((await fgj.post(`/api/v1/leads/${lead.id}/demands`, { demandId })).statusCode);
    const linked = await zsfw.post(`/api/v1/leads/${lead.id}/demands`, { demandId });
    expect(linked.statusCode, linked.body).toBe(201);
    expect(linked.json().items).toEqual([expect.objectContaining({ id: demandId, state: expect.any(String) })]);
    expect((await zsfw.get(`/api/v1/leads/${lead.id}/demands`)).json().items).toHaveLength(1);
    // A demand concerns one agreement.
    expect((await zsfw.post(`/api/v1/leads/${other.id}/demands`, { demandId })).statusCode).toBe(409);
    const found = (await office.get(`/api/v1/leads?demandId=${demandId}`)).json();
    expect(found.items.map((l: { id: string }) => l.id)).toEqual([lead.id]);
  });
});
