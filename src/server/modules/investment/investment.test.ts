import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestApp } from '../../../../tests/helpers/app';
import { raiseStalledLeads } from './investment.service';
import { creditCodeCheckChar } from '../../../shared/domain/credit-code';
import { matchLeads, matchSites } from '../../../shared/domain/investment';

let today = '2026-03-02';
const t = await createTestApp({}, { today: () => today });
const office = await t.login('sunli');
const zsfw = await t.login('zsfw.clerk');
const fgj = await t.login('fgj.clerk');
const leader = await t.login('zhaozhiqiang');
const other = await t.login('chenhui');

const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
const unit = (s: string) => units.find((u) => u.shortName === s)!.id;
const admin = await t.login('sysadmin');
const personId = async (username: string) =>
  (await admin.get(`/api/v1/people?q=${username}`)).json().items[0].id as string;
const zhaozhiqiang = await personId('zhaozhiqiang');
const ifm = (v: number) => ({ 'if-match': `"${v}"` });

const chain = (
  await office.post('/api/v1/chains', {
    name: '新一代疫苗',
    chiefLeaderId: zhaozhiqiang,
    leadUnitId: unit('招商服务中心'),
    parkUnitId: unit('开发区'),
  })
).json();
const link = (
  await office.post(`/api/v1/chains/${chain.id}/links`, {
    name: '佐剂与培养基',
    tier: 'upstream',
    enough: 2,
    targets: [{ name: '某佐剂企业', region: '上海', why: '本地无佐剂供应' }],
  })
).json();

function lead(overrides: Record<string, unknown> = {}) {
  return {
    investor: '华澜生物科技有限公司',
    projectName: '年产5000万剂佐剂项目',
    industry: '生物医药',
    chainId: chain.id,
    linkId: link.id,
    investment: 3.5,
    investmentUnit: '亿元',
    space: { kind: 'land', min: 50, max: 60, landUse: 'industrial', powerKva: 2000 },
    source: 'merchant',
    responsibleUnitId: unit('招商服务中心'),
    leaderId: zhaozhiqiang,
    receivedOn: '2026-01-05',
    ...overrides,
  };
}

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000' +
    '000d49444154789c6360f8ffff3f0005fe02fea7d6a4ba0000000049454e44ae426082',
  'hex',
);
async function upload(name: string) {
  const boundary = `----t${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    PNG,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await zsfw.request('POST', '/api/v1/attachments', {
    payload,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

async function stage(id: string, body: Record<string, unknown>) {
  const cur = (await zsfw.get(`/api/v1/leads/${id}`)).json();
  return zsfw.post(`/api/v1/leads/${id}/stages`, body, ifm(cur.version));
}

describe('leads', () => {
  it('a lead is recorded with its investment normalised to 万元, and moves only forward', async () => {
    const res = await zsfw.post('/api/v1/leads', lead());
    expect(res.statusCode, res.body).toBe(201);
    const l = res.json();
    expect(l.investment).toBe(35000);
    expect(l.stage).toBe('lead');
    expect(l.chainName).toBe('新一代疫苗');
    expect((await stage(l.id, { stage: 'visit', date: '2026-01-20' })).json().stage).toBe('visit');
    const back = await stage(l.id, { stage: 'contact', date: '2026-01-21' });
    expect(back.statusCode).toBe(409);
    expect(back.headers['content-type']).toContain('application/problem+json');
    expect(back.json().detail).toContain('只能向前推进');
    expect(back.json().errors[0]).toMatchObject({ field: 'body.stage', code: 'stage_not_forward' });
    const early = await stage(l.id, { stage: 'negotiation', date: '2026-01-10' });
    expect(early.json().errors[0]).toMatchObject({ field: 'body.date', code: 'before_last_event' });
  });

  it('a unit records leads of its own unit only; another unit does not see them', async () => {
    const res = await fgj.post('/api/v1/leads', lead());
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toContainEqual(expect.objectContaining({ field: 'body.responsibleUnitId' }));
    const mine = (await zsfw.get('/api/v1/leads')).json();
    expect(mine.total).toBeGreaterThan(0);
    expect((await fgj.get('/api/v1/leads')).json().total).toBe(0);
    expect((await fgj.get(`/api/v1/leads/${mine.items[0].id}`)).statusCode).toBe(404);
    // The 包联 leader sees it; a leader of other units does not.
    expect((await leader.get(`/api/v1/leads/${mine.items[0].id}`)).statusCode).toBe(200);
    expect((await other.get(`/api/v1/leads/${mine.items[0].id}`)).statusCode).toBe(404);
  });

  it('signed → project in one step; 开工 comes from the project library’s pool move, never typed', async () => {
    const l = (await zsfw.post('/api/v1/leads', lead({ projectName: '疫苗灌装线项目' }))).json();
    const notYet = await zsfw.post(`/api/v1/leads/${l.id}/convert`, {}, ifm(l.version));
    expect(notYet.statusCode).toBe(409);
    expect(notYet.json().code).toBe('lead_not_signed');
    today = '2026-03-10';
    const agreement = await upload('投资协议.png');
    const signed = await stage(l.id, {
      stage: 'signed',
      date: '2026-03-01',
      occasion: '县招商推介会',
      attachmentIds: [agreement],
    });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json().stage).toBe('signed');
    // Signed again at the city's ceremony: one investment, two signing events.
    const again = await stage(l.id, { stage: 'signed', date: '2026-03-05', occasion: '市重大项目集中签约' });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().signings).toBe(2);
    expect(again.json().signedOn).toBe('2026-03-01');
    const conv = await zsfw.post(
      `/api/v1/leads/${l.id}/convert`,
      { pool: 'preliminary', enteredOn: '2026-03-06' },
      ifm(again.json().version),
    );
    expect(conv.statusCode, conv.body).toBe(201);
    const projectId = conv.json().projectId;
    const project = (await zsfw.get(`/api/v1/projects/${projectId}`)).json();
    expect(project).toMatchObject({
      name: '疫苗灌装线项目',
      pool: 'preliminary',
      totalInvestment: 35000,
      attracted: true,
      source: 'lead',
      sourceRef: l.id,
      ownerEnterprise: '华澜生物科技有限公司',
    });
    const twice = await zsfw.post(`/api/v1/leads/${l.id}/convert`, {}, ifm(again.json().version + 1));
    expect(twice.json().code).toBe('lead_converted');
    const typed = await stage(l.id, { stage: 'started', date: '2026-03-09' });
    expect(typed.statusCode).toBe(409);
    expect(typed.json().code).toBe('lead_stage_from_project');
    // Started in the library → 开工 in the pipeline, with the move's date.
    const moved = await zsfw.post(
      `/api/v1/projects/${projectId}/moves`,
      { pool: 'new_start', date: '2026-03-08', reason: '主体工程开工' },
      ifm(project.version),
    );
    expect(moved.statusCode, moved.body).toBe(201);
    const after = (await zsfw.get(`/api/v1/leads/${l.id}`)).json();
    expect(after).toMatchObject({ stage: 'started', typedStage: 'signed', startedOn: '2026-03-08', projectId });
    const found = (await zsfw.get(`/api/v1/leads?projectId=${projectId}`)).json();
    expect(found.items.map((i: { id: string }) => i.id)).toEqual([l.id]);
    const summary = (await office.get('/api/v1/investment/summary?year=2026')).json();
    expect(summary.signedCount).toBe(1);
    expect(summary.signingEvents).toBe(2);
    expect(summary.signedAmount).toBe(35000);
    expect(summary.fundsInPlace).toBe(0);
    // 到位资金 with its receipt counts once the office confirms it.
    const funds = await zsfw.post(`/api/v1/leads/${l.id}/funds`, {
      amount: 0.5,
      amountUnit: '亿元',
      date: '2026-03-09',
      attachmentIds: [await upload('银行进账单.png')],
    });
    expect(funds.statusCode, funds.body).toBe(201);
    expect((await office.get('/api/v1/investment/summary?year=2026')).json().fundsInPlace).toBe(0);
    const fid = funds.json().items[0].id;
    expect((await zsfw.post(`/api/v1/leads/${l.id}/funds/${fid}/confirm`, {})).statusCode).toBe(403);
    expect((await office.post(`/api/v1/leads/${l.id}/funds/${fid}/confirm`, {})).statusCode).toBe(200);
    expect((await office.get('/api/v1/investment/summary?year=2026')).json().fundsInPlace).toBe(5000);
    expect(summary.started).toBe(1);
    expect(summary.conversion.signedToStarted).toBe(1);
    // The start withdrawn in the library takes the lead back to 签约.
    const p2 = (await zsfw.get(`/api/v1/projects/${projectId}`)).json();
    await zsfw.post(
      `/api/v1/projects/${projectId}/moves`,
      { pool: 'preliminary', date: '2026-03-09', reason: '开工报早了' },
      ifm(p2.version),
    );
    expect((await zsfw.get(`/api/v1/leads/${l.id}`)).json().stage).toBe('signed');
    expect((await office.get('/api/v1/investment/summary?year=2026')).json().started).toBe(0);
  });

  it('a lost lead is closed with a reason and takes nothing more', async () => {
    const l = (await zsfw.post('/api/v1/leads', lead({ projectName: '冷链仓储项目' }))).json();
    const noReason = await stage(l.id, { stage: 'lost', date: '2026-03-10' });
    expect(noReason.json().errors[0]).toMatchObject({ field: 'body.reason', code: 'lost_reason_required' });
    const lost = await stage(l.id, { stage: 'lost', date: '2026-03-10', reason: '投资方转投邻县' });
    expect(lost.json()).toMatchObject({ closed: true, lostReason: '投资方转投邻县', light: 'none' });
    expect((await stage(l.id, { stage: 'contact', date: '2026-03-10' })).json().code).toBe('lead_closed');
  });

  it('stall lights by days without follow-up', async () => {
    const l = (await zsfw.post('/api/v1/leads', lead({ projectName: '培养基项目', receivedOn: '2026-03-10' }))).json();
    await stage(l.id, { stage: 'negotiation', date: '2026-03-10' });
    today = '2026-03-30';
    expect((await zsfw.get(`/api/v1/leads/${l.id}`)).json().light).toBe('yellow');
    today = '2026-04-10';
    const red = (await zsfw.get('/api/v1/leads?light=red')).json();
    expect(red.items.map((i: { id: string }) => i.id)).toContain(l.id);
    // Red goes on the next weekly round's agenda, once per stall.
    const job = () => raiseStalledLeads({ db: t.deps.database.db, today: () => today });
    expect((await job()).raised).toBeGreaterThanOrEqual(1);
    expect((await job()).raised).toBe(0);
    const agenda = await t.deps.database.pool.query(`SELECT title, link FROM round_agenda_items WHERE link = $1`, [
      `/leads/${l.id}`,
    ]);
    expect(agenda.rows).toEqual([{ title: '招商线索久未跟进：培养基项目', link: `/leads/${l.id}` }]);
    await stage(l.id, { stage: 'negotiation', date: '2026-04-10', note: '再次对接用地指标' });
    expect((await zsfw.get(`/api/v1/leads/${l.id}`)).json().light).toBe('green');
  });

  it('imports the ledger all or nothing, problems by row and column; the same file is recognised', async () => {
    const boundary = '----luoshi';
    const send = (csv: string) =>
      office.request('POST', '/api/v1/leads/import', {
        payload: Buffer.concat([
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="台账.csv"\r\n` +
              'Content-Type: text/csv\r\n\r\n',
          ),
          Buffer.from(csv),
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ]),
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      });
    const header = '序号,项目名称,投资方,投资额（万元）,阶段,签约时间,责任单位,包联领导';
    const good = `1,导入测试项目,导入测试公司,8000,签约,2026-02-10,招商服务中心,赵志强`;
    const bad = (await send([header, good, '2,缺单位项目,某公司,5000,洽谈,,招商服务所,'].join('\n'))).json();
    expect(bad).toMatchObject({ batchId: null, accepted: 1, rejected: 1 });
    expect(bad.rows[1]).toMatchObject({ row: 3, status: 'rejected' });
    expect(bad.rows[1].errors[0]).toMatchObject({ column: '责任单位', code: 'unknown_unit' });
    expect(bad.rows[1].errors[0].message).toContain('招商服务中心');
    const file = [header, good].join('\n');
    const ok = (await send(file)).json();
    expect(ok).toMatchObject({ rejected: 0, previouslyCommittedAt: null });
    const commit = await office.post(`/api/v1/leads/import/${ok.batchId}/commit`, {});
    expect(commit.json()).toEqual({ created: 1 });
    const again = (await send(file)).json();
    expect(again.previouslyCommittedAt).toEqual(expect.any(String));
    expect(again.batchId).toBeNull();
    expect(again.rows[0].errors[0]).toMatchObject({ column: '项目名称', code: 'exists' });
  });

  it('the ledger exports in the office’s layout', async () => {
    const res = await office.get('/api/v1/leads/export');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('招商台账')!;
    expect((ws.getRow(1).values as string[]).slice(1, 12)).toEqual([
      '序号',
      '项目名称',
      '投资方',
      '投资额（万元）',
      '产业/链条',
      '阶段',
      '签约时间',
      '责任单位',
      '包联领导',
      '进展情况',
      '存在问题',
    ]);
    expect(ws.rowCount).toBeGreaterThan(3);
  });
});

describe('chains and sites', () => {
  it('a link lists the registry’s enterprises (members, 链主, those of its 大类) through the enterprise service', async () => {
    const register = async (name: string, n: number, division: string) => {
      const first = `91350100MA${String(n).padStart(7, '0')}`;
      const res = await office.post('/api/v1/enterprises', {
        name,
        creditCode: first + creditCodeCheckChar(first),
        industryDivision: division,
        scale: 'above',
        size: 'small',
        areaUnitId: unit('开发区'),
        liaisonUnitId: unit('招商服务中心'),
        liaisonPerson: '张三',
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const anchor = await register('云溪疫苗股份有限公司', 900001, '27');
    await register('云溪生物制品有限公司', 900002, '27');
    const l = (
      await office.post(`/api/v1/chains/${chain.id}/links`, {
        name: '原液生产',
        tier: 'midstream',
        enough: 2,
        enterpriseIds: [anchor],
        anchorIds: [anchor],
      })
    ).json();
    expect(l.enterprises).toEqual([{ name: '云溪疫苗股份有限公司', leadId: null, enterpriseId: anchor, anchor: true }]);
    expect(l.coverage).toBe('weak');
    const byDivision = await office.patch(
      `/api/v1/chains/${chain.id}/links/${l.id}`,
      { divisions: ['27'] },
      ifm(l.version),
    );
    expect(byDivision.statusCode, byDivision.body).toBe(200);
    expect(byDivision.json().enterprises.map((e: { name: string }) => e.name)).toEqual([
      '云溪疫苗股份有限公司',
      '云溪生物制品有限公司',
    ]);
    expect(byDivision.json().coverage).toBe('covered');
    const bad = await office.post(`/api/v1/chains/${chain.id}/links`, {
      name: '灌装',
      tier: 'midstream',
      enterpriseIds: [crypto.randomUUID()],
      anchorIds: [anchor],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'body.enterpriseIds.0',
      'body.anchorIds.0',
    ]);
  });

  it('the chain graph is a tree by tier, a link coloured by its coverage, with its targets', async () => {
    const g = (await zsfw.get(`/api/v1/chains/${chain.id}/graph`)).json();
    expect(g.tree.kind).toBe('chain');
    expect(g.tree.children.map((c: { name: string }) => c.name)).toEqual(['上游', '中游', '下游']);
    const node = g.tree.children[0].children[0];
    expect(node).toMatchObject({ name: '佐剂与培养基', targets: 1 });
    // One landed lead (converted) on a link that needs two: weak.
    expect(node.coverage).toBe('weak');
    const fine = (
      await office.post(`/api/v1/chains/${chain.id}/links`, { name: '灌装', tier: 'downstream', parentId: link.id })
    ).json();
    expect(fine.errors[0]).toMatchObject({ field: 'body.tier', code: 'tier_of_parent' });
    expect(g.chain.gaps + g.chain.weak).toBeGreaterThan(0);
  });

  it('matching never proposes a site below the need; landing marks the site 已盘活', async () => {
    const mk = async (name: string, area: number, kind = 'land') =>
      (
        await office.post('/api/v1/sites', {
          name,
          kind,
          area,
          landUse: 'industrial',
          ownership: 'enterprise',
          townshipUnitId: unit('开发区'),
          responsibleUnitId: unit('开发区'),
        })
      ).json();
    const small = await mk('原砖厂地块', 40);
    const good = await mk('开发区B-3地块', 55);
    await mk('原纺织厂房', 12000, 'floor');
    const l = (await zsfw.post('/api/v1/leads', lead({ projectName: '佐剂二期' }))).json();
    const m = (await zsfw.get(`/api/v1/leads/${l.id}/matches`)).json();
    expect(m.items.map((x: { site: { id: string } }) => x.site.id)).toEqual([good.id]);
    const back = (await office.get(`/api/v1/sites/${good.id}/matches`)).json();
    expect(back.items.map((x: { lead: { id: string } }) => x.lead.id)).toContain(l.id);
    expect((await office.get(`/api/v1/sites/${small.id}/matches`)).json().items).toEqual([]);
    const done = await office.post(
      `/api/v1/sites/${good.id}/state`,
      { state: 'revitalised', date: today, leadId: l.id },
      ifm(good.version),
    );
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ state: 'revitalised', leadId: l.id });
    expect((await zsfw.get(`/api/v1/leads/${l.id}`)).json().siteId).toBe(good.id);
    expect((await zsfw.get(`/api/v1/leads/${l.id}/matches`)).json().items).toEqual([]);
    const s = (await office.get('/api/v1/investment/summary?year=2026')).json();
    expect(s.sites.revitalisedThisYear).toBe(1);
    expect(s.sites.revitalisedAreaMu).toBe(55);
  });

  it('matching hundreds of sites reads the nearest first and answers exactly what the rule ranks over all of them', async () => {
    const pool = t.deps.database.pool;
    const l = (
      await zsfw.post(
        '/api/v1/leads',
        lead({
          projectName: '佐剂三期',
          space: { kind: 'land', min: 80, max: 100, landUse: 'industrial', powerKva: 1500 },
        }),
      )
    ).json();
    const j = (await pool.query(`SELECT jurisdiction_id FROM leads WHERE id = $1`, [l.id])).rows[0].jurisdiction_id;
    const uses = ['industrial', 'commercial', 'warehouse', 'mixed'];
    const states = ['idle', 'idle', 'negotiating', 'revitalised'];
    await pool.query(
      `INSERT INTO sites (jurisdiction_id, serial, name, kind, area, land_use, responsible_unit_id, township_unit_id,
                          ownership, state, state_since, created_by, power_kva)
       SELECT $1, 1000 + g, '批量地块' || g, CASE WHEN g % 7 = 0 THEN 'floor' ELSE 'land' END, 60 + (g * 37) % 100 + (g % 3) * 0.5,
              ($2::text[])[1 + g % 4], $4, CASE WHEN g % 5 = 0 THEN $4::uuid END, 'state', ($3::text[])[1 + g % 4],
              '2026-01-01', $5, CASE WHEN g % 2 = 0 THEN 1000 + g * 10 END
       FROM generate_series(1, 400) g`,
      [j, uses, states, unit('开发区'), zhaozhiqiang],
    );
    const all = (
      await pool.query(
        `SELECT id, kind, area, land_use, power_kva, water_tons_per_day, township_unit_id, state FROM sites WHERE jurisdiction_id = $1`,
        [j],
      )
    ).rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      area: r.area,
      landUse: r.land_use,
      powerKva: r.power_kva,
      waterTonsPerDay: r.water_tons_per_day,
      parkUnitId: r.township_unit_id,
      state: r.state,
    }));
    const need = {
      kind: 'land' as const,
      min: 80,
      max: 100,
      landUse: 'industrial' as const,
      powerKva: 1500,
      waterTonsPerDay: null,
      parkUnitId: unit('开发区'),
    };
    const expected = matchSites(need, all);
    expect(expected).toHaveLength(20);
    const got = (await zsfw.get(`/api/v1/leads/${l.id}/matches`)).json();
    expect(
      got.items.map((x: { site: { id: string }; score: number; reasons: string[] }) => ({
        siteId: x.site.id,
        score: x.score,
        reasons: x.reasons,
      })),
    ).toEqual(expected);
    for (const x of got.items) expect(x.site.area).toBeGreaterThanOrEqual(80);
  });

  it('a site against hundreds of leads: nearest targets read first, the answer the rule ranks over all', async () => {
    const pool = t.deps.database.pool;
    const site = (
      await office.post('/api/v1/sites', {
        name: '批量匹配地块',
        kind: 'land',
        area: 50,
        landUse: 'industrial',
        ownership: 'state',
        townshipUnitId: unit('开发区'),
        responsibleUnitId: unit('开发区'),
        powerKva: 1500,
      })
    ).json();
    const j = (await pool.query(`SELECT jurisdiction_id FROM sites WHERE id = $1`, [site.id])).rows[0].jurisdiction_id;
    // 400 leads around the site's area: both kinds, every land use or none, every stage, some closed, some on the
    // chain whose park is the site's, targets that tie, with and without power and water.
    await pool.query(
      `INSERT INTO leads (jurisdiction_id, serial, investor, project_name, investment, source, responsible_unit_id,
                          received_on, space_kind, space_min, space_max, land_use, power_kva, water_tons_per_day,
                          stage, closed, chain_id, created_by)
       SELECT $1, 90000 + g, '批量投资方' || g, '批量项目' || g, 1000, 'merchant', $2, '2026-01-05',
              CASE WHEN g % 9 = 0 THEN 'floor' ELSE 'land' END,
              20 + (g * 37) % 40 + (g % 3) * 0.5,
              CASE WHEN g % 4 = 0 THEN NULL ELSE 20 + (g * 37) % 40 + (g % 3) * 0.5 + (g * 13) % 30 END,
              ($3::text[])[1 + g % 5], CASE WHEN g % 2 = 0 THEN 500 + (g * 7) % 2000 END,
              CASE WHEN g % 5 = 0 THEN 100 END, ($4::text[])[1 + g % 8], g % 11 = 0,
              CASE WHEN g % 3 = 0 THEN $5::uuid END, $6
       FROM generate_series(1, 400) g`,
      [
        j,
        unit('招商服务中心'),
        ['industrial', 'commercial', 'mixed', null, 'warehouse'],
        ['lead', 'contact', 'visit', 'negotiation', 'signed', 'registered', 'started', 'producing'],
        chain.id,
        zhaozhiqiang,
      ],
    );
    // What the rule ranks over every open lead of the county not yet landed nor started.
    const open = (
      await pool.query(
        `SELECT l.id, l.serial, l.space_kind, l.space_min, l.space_max, l.land_use, l.power_kva,
                l.water_tons_per_day, c.park_unit_id
         FROM leads l LEFT JOIN chains c ON c.id = l.chain_id
         WHERE l.jurisdiction_id = $1 AND NOT l.closed AND l.site_id IS NULL
           AND l.stage NOT IN ('started', 'producing') AND l.space_kind IS NOT NULL AND l.space_min IS NOT NULL`,
        [j],
      )
    ).rows;
    expect(open.length).toBeGreaterThan(250);
    const siteForMatch = {
      id: site.id,
      kind: 'land' as const,
      area: 50,
      landUse: 'industrial' as const,
      powerKva: 1500,
      waterTonsPerDay: null,
      parkUnitId: unit('开发区'),
      state: 'idle' as const,
    };
    const expected = matchLeads(
      siteForMatch,
      open.map((r) => ({
        leadId: r.id,
        serial: r.serial,
        need: {
          kind: r.space_kind,
          min: r.space_min,
          max: r.space_max,
          landUse: r.land_use,
          powerKva: r.power_kva,
          waterTonsPerDay: r.water_tons_per_day,
          parkUnitId: r.park_unit_id,
        },
      })),
    );
    expect(expected).toHaveLength(20);
    const got = (await office.get(`/api/v1/sites/${site.id}/matches`)).json();
    expect(
      got.items.map((x: { lead: { id: string; serial: number }; score: number; reasons: string[] }) => ({
        leadId: x.lead.id,
        serial: x.lead.serial,
        score: x.score,
        reasons: x.reasons,
      })),
    ).toEqual(expected);
    for (const x of got.items) expect(x.lead.space.min).toBeLessThanOrEqual(50);
  });

  it('stall days are the county’s, per stage, set by the office (red > yellow > 0), and drive the lights and the agenda', async () => {
    today = '2026-05-01';
    const d0 = (await zsfw.get('/api/v1/investment/stall-days')).json();
    expect(d0).toMatchObject({ custom: false, version: 0, days: { negotiation: { yellow: 14, red: 30 } } });
    const l = (
      await zsfw.post('/api/v1/leads', lead({ projectName: '冻干粉针项目', receivedOn: '2026-04-20' }))
    ).json();
    await stage(l.id, { stage: 'negotiation', date: '2026-04-22' });
    expect((await zsfw.get(`/api/v1/leads/${l.id}`)).json().light).toBe('green');
    const days = { ...d0.days, negotiation: { yellow: 5, red: 8 } };
    delete days.producing;
    // A unit cannot set them; the office is told what is wrong in domain words.
    expect((await zsfw.put('/api/v1/investment/stall-days', { days }, ifm(0))).statusCode).toBe(403);
    const bad = await office.put(
      '/api/v1/investment/stall-days',
      { days: { ...days, negotiation: { yellow: 8, red: 8 }, lead: { yellow: 0, red: 3 } } },
      ifm(0),
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'body.days.lead.yellow',
      'body.days.negotiation.red',
    ]);
    expect(JSON.stringify(bad.json().errors)).toContain('洽谈阶段红灯天数');
    const set = await office.put('/api/v1/investment/stall-days', { days }, ifm(0));
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ custom: true, version: 1, days: { negotiation: { yellow: 5, red: 8 } } });
    // A stale version is refused, not overwritten.
    expect((await office.put('/api/v1/investment/stall-days', { days }, ifm(0))).statusCode).toBe(412);
    // Nine days without follow-up at 洽谈 is red now: on the lead, the list, the summary and the round's agenda.
    expect((await zsfw.get(`/api/v1/leads/${l.id}`)).json().light).toBe('red');
    const red = (await office.get('/api/v1/leads?light=red')).json();
    expect(red.items.map((i: { id: string }) => i.id)).toContain(l.id);
    expect((await office.get('/api/v1/investment/summary?year=2026')).json().stalled.red).toBeGreaterThanOrEqual(1);
    await raiseStalledLeads({ db: t.deps.database.db, today: () => today });
    const agenda = await t.deps.database.pool.query(`SELECT title FROM round_agenda_items WHERE link = $1`, [
      `/leads/${l.id}`,
    ]);
    expect(agenda.rows).toEqual([{ title: '招商线索久未跟进：冻干粉针项目' }]);
  });

  it('a site carries photos: images only, uploaded by whoever may edit it, shown on the site and the map', async () => {
    const site = (
      await zsfw.post('/api/v1/sites', {
        name: '原印染厂闲置厂房',
        kind: 'floor',
        area: 8000,
        landUse: 'industrial',
        ownership: 'enterprise',
        location: { lng: 113.2, lat: 34.1 },
      })
    ).json();
    const put = async (client: typeof zsfw, name: string, buf: Buffer) => {
      const boundary = `----t${Math.random().toString(16).slice(2)}`;
      return client.request('POST', '/api/v1/attachments', {
        payload: Buffer.concat([
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: image/png\r\n\r\n`,
          ),
          buf,
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ]),
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      });
    };
    // A disguised file is refused by the attachments module, whatever its name says.
    expect((await put(zsfw, '厂房.png', Buffer.from('MZ\x90\x00 not an image'))).statusCode).toBe(400);
    const pdf = (await put(zsfw, '厂房.pdf', Buffer.from('%PDF-1.4\n%%EOF\n'))).json();
    const notImage = await zsfw.post(`/api/v1/sites/${site.id}/photos`, { attachmentId: pdf.id });
    expect(notImage.statusCode).toBe(400);
    expect(notImage.json().errors[0]).toMatchObject({ field: 'body.attachmentId', code: 'site_photo_not_image' });
    const png = (await put(zsfw, '厂房外景.png', PNG)).json();
    // Another unit cannot add photos to this unit's site; another person's upload is not the caller's to use.
    expect((await fgj.post(`/api/v1/sites/${site.id}/photos`, { attachmentId: png.id })).statusCode).toBe(403);
    const theirs = (await put(office, '别人的.png', PNG)).json();
    expect(
      (await zsfw.post(`/api/v1/sites/${site.id}/photos`, { attachmentId: theirs.id })).json().errors[0],
    ).toMatchObject({ field: 'body.attachmentId', code: 'unknown_reference' });
    const added = await zsfw.post(`/api/v1/sites/${site.id}/photos`, { attachmentId: png.id, caption: '东侧外景' });
    expect(added.statusCode, added.body).toBe(201);
    const photo = added.json().items[0];
    expect(photo).toMatchObject({ attachmentId: png.id, caption: '东侧外景', fileName: '厂房外景.png' });
    expect((await zsfw.post(`/api/v1/sites/${site.id}/photos`, { attachmentId: png.id })).statusCode).toBe(409);
    const file = await fgj.get(`/api/v1/sites/${site.id}/photos/${photo.id}/file`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.rawPayload.equals(PNG)).toBe(true);
    expect((await office.get(`/api/v1/sites/${site.id}`)).json()).toMatchObject({
      photoCount: 1,
      photoIds: [photo.id],
    });
    const map = (await office.get('/api/v1/investment/map')).json();
    expect(map.sites.find((x: { id: string }) => x.id === site.id).photoIds).toEqual([photo.id]);
    expect((await fgj.request('DELETE', `/api/v1/sites/${site.id}/photos/${photo.id}`)).statusCode).toBe(403);
    expect((await zsfw.request('DELETE', `/api/v1/sites/${site.id}/photos/${photo.id}`)).statusCode).toBe(204);
    expect((await zsfw.get(`/api/v1/sites/${site.id}/photos`)).json().items).toEqual([]);
    expect((await zsfw.get(`/api/v1/sites/${site.id}/photos/${photo.id}/file`)).statusCode).toBe(404);
  });
});
