import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestApp, type Client } from '../../../../tests/helpers/app';
import { creditCodeCheckChar } from '../../../shared/domain/credit-code';

/**
 * Reserve libraries and 亩均论英雄 through HTTP: entering, stages forward only with their history, leaving, the year's
 * counts and the target on the trajectory; the 亩均 import (preview, row errors, all or nothing), the evaluation's
 * classes, ranks and idle D-class list, the county's thresholds, and who may do what.
 */
const t = await createTestApp();
const office = await t.login('sunli');
const jfj = await t.login('jfj.clerk');
const gongying = await t.login('gongying');
const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string; kind: string }[];
const unit = (s: string) => units.find((u) => u.shortName === s)!.id;
const park = units.find((u) => u.kind === 'park')!.id;
const today = t.deps.supervision.today();
const year = Number(today.slice(0, 4));
const v = (x: { version: number }) => ({ 'if-match': `"${x.version}"` });

let serial = 500000;
const made: { id: string; creditCode: string; name: string }[] = [];
for (let i = 0; i < 4; i++) {
  const first = `91350100MC${String(serial++).padStart(7, '0')}`;
  const res = await office.post('/api/v1/enterprises', {
    name: `库测试企业${i}`,
    creditCode: first + creditCodeCheckChar(first),
    industryDivision: '39',
    areaUnitId: park,
    liaisonUnitId: unit('经发局'),
  });
  made.push(res.json());
}

async function libs(c: Client = office) {
  return (await c.get(`/api/v1/enterprise-libraries?year=${year}`)).json().items as {
    id: string;
    code: string;
    stages: string[];
    criteria: string;
    byStage: { stage: string; count: number }[];
    entered: number;
    advanced: number;
    left: number;
    target: { newMembers: number; actual: number; light: string } | null;
    version: number;
  }[];
}

describe('reserve libraries', () => {
  it('the county starts with five libraries, each with stages and written entry criteria; every role reads them', async () => {
    const all = await libs(jfj);
    expect(all.map((l) => l.code).sort()).toEqual(['chain_leader', 'high_tech', 'ipo', 'specialised', 'tech_sme']);
    const ipo = all.find((l) => l.code === 'ipo')!;
    expect(ipo.stages).toEqual(['入库', '辅导备案', '申报', '上市']);
    expect(ipo.criteria.length).toBeGreaterThan(20);
  });

  it('enter, move forward with dates and history, never back; leave with a reason; counts and movements follow', async () => {
    const ipo = (await libs()).find((l) => l.code === 'ipo')!;
    const base = `/api/v1/enterprise-libraries/${ipo.id}/members`;
    const entered = await office.post(base, { enterpriseId: made[0]!.id, stage: '入库', on: `${year}-01-10` });
    expect(entered.statusCode, entered.body).toBe(201);
    const again = await office.post(base, { enterpriseId: made[0]!.id, stage: '入库', on: `${year}-01-11` });
    expect(again.json().errors[0]).toMatchObject({ field: 'body.enterpriseId', code: 'already_member' });
    const badStage = await office.post(base, { enterpriseId: made[1]!.id, stage: '退市', on: `${year}-01-10` });
    expect(badStage.json().errors[0]).toMatchObject({ field: 'body.stage', code: 'choose_from_list' });
    const id = entered.json().id;
    let m = (await office.get(base)).json().items.find((x: { id: string }) => x.id === id);
    const step = await office.request('POST', `${base}/${id}/stage`, {
      body: { stage: '辅导备案', on: `${year}-03-01`, note: '证监局辅导备案' },
      headers: v(m),
    });
    expect(step.statusCode, step.body).toBe(204);
    m = (await office.get(base)).json().items.find((x: { id: string }) => x.id === id);
    const back = await office.request('POST', `${base}/${id}/stage`, {
      body: { stage: '入库', on: `${year}-03-02` },
      headers: v(m),
    });
    expect(back.json().errors[0]).toMatchObject({ field: 'body.stage', code: 'stage_backwards' });
    expect(back.json().errors[0].message).toContain('只进不退');
    expect(m.history.map((h: { kind: string; stage: string }) => `${h.kind}:${h.stage}`)).toEqual([
      'enter:入库',
      'stage:辅导备案',
    ]);
    await office.post(base, { enterpriseId: made[1]!.id, stage: '入库', on: `${year}-02-01` });
    const m2 = (await office.get(base))
      .json()
      .items.find((x: { enterpriseId: string }) => x.enterpriseId === made[1]!.id);
    const out = await office.request('POST', `${base}/${m2.id}/leave`, {
      body: { on: `${year}-04-01`, reason: '经营下滑，暂缓上市计划' },
      headers: v(m2),
    });
    expect(out.statusCode, out.body).toBe(204);
    const now = (await libs()).find((l) => l.code === 'ipo')!;
    expect(now.byStage.find((s) => s.stage === '辅导备案')!.count).toBeGreaterThanOrEqual(1);
    expect(now.entered).toBeGreaterThanOrEqual(2);
    expect(now.advanced).toBeGreaterThanOrEqual(1);
    expect(now.left).toBeGreaterThanOrEqual(1);
    expect((await office.get(`${base}?status=all`)).json().items.some((x: { leftOn: string }) => x.leftOn)).toBe(true);
    // A unit reads; only the office and principals write.
    expect((await jfj.get(base)).statusCode).toBe(200);
    expect((await jfj.post(base, { enterpriseId: made[2]!.id, stage: '入库', on: today })).statusCode).toBe(403);
  });

  it('a yearly target of new members is followed on the one trajectory', async () => {
    const tech = (await libs()).find((l) => l.code === 'tech_sme')!;
    const res = await office.request('PATCH', `/api/v1/enterprise-libraries/${tech.id}`, {
      body: { target: { year, newMembers: 40 }, criteria: '职工不超过 500 人，年销售收入不超过 2 亿元（按评价办法）' },
      headers: v(tech),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().target).toMatchObject({ newMembers: 40 });
    expect(res.json().target.expected).toHaveLength(12);
    expect(['red', 'yellow', 'green']).toContain(res.json().target.light);
    expect(res.json().criteria).toContain('500 人');
    const stale = await office.request('PATCH', `/api/v1/enterprise-libraries/${tech.id}`, {
      body: { name: '改名' },
      headers: v(tech),
    });
    expect(stale.statusCode).toBe(412);
  });
});

async function uploadMu(c: Client, rows: (string | number)[][], q = '') {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('亩均');
  ws.addRow([
    '统一社会信用代码',
    '企业名称',
    '年度',
    '用地面积（亩）',
    '闲置用地（亩）',
    '税收（万元）',
    '产值（万元）',
    '能耗（吨标煤）',
    '从业人员',
  ]);
  for (const r of rows) ws.addRow(r);
  const file = Buffer.from(await wb.xlsx.writeBuffer());
  const boundary = '----luoshi';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="mu.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return c.request('POST', `/api/v1/mu-evaluation/import${q}`, {
    payload,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
}

describe('亩均论英雄', () => {
  it('imports with row errors and all or nothing, then classes, ranks and lists the idle D-class', async () => {
    const [a, b, c, d] = made;
    const bad = (
      await uploadMu(office, [
        [a!.creditCode, a!.name, 2025, 50, 0, 2000, 30000, 800, 120],
        ['91350100MC0000000', '乱码', 2025, 10, 0, 1, 1, 1, 1],
        [b!.creditCode, b!.name, 2025, 20, 30, 100, 500, 100, 10],
      ])
    ).json();
    expect(bad.batchId).toBeNull();
    expect(bad.rejected).toBe(2);
    expect(bad.rows[1].errors[0].column).toBe('统一社会信用代码');
    expect(bad.rows[2].errors[0]).toMatchObject({ column: '闲置用地（亩）', code: 'idle_over_land' });
    const good = (
      await uploadMu(
        office,
        [
          [a!.creditCode, a!.name, '', 50, 0, 2000, 30000, 800, 120], // 40 万元/亩 tax, 600 output: A
          [b!.creditCode, b!.name, '', 20, 5, 400, 6000, 100, 10], // 20, 300: B
          [c!.creditCode, c!.name, '', 100, 40, 100, 2000, 500, 30], // 1, 20: D, idle 40 亩
          [d!.creditCode, d!.name, '', 0, 0, 10, 10, 1, 1], // no land: unclassed
        ],
        '?year=2025',
      )
    ).json();
    expect(good.rejected, JSON.stringify(good.rows)).toBe(0);
    const commit = await office.post(`/api/v1/mu-evaluation/import/${good.batchId}/commit`, {});
    expect(commit.json()).toEqual({ created: 4, written: 4 });
    const ev = (await office.get('/api/v1/mu-evaluation?year=2025')).json();
    const row = (id: string) => ev.items.find((r: { enterpriseId: string }) => r.enterpriseId === id);
    expect(row(a!.id)).toMatchObject({ taxPerMu: 40, outputPerMu: 600, muClass: 'A', countyRank: 1, areaRank: 1 });
    expect(row(b!.id).muClass).toBe('B');
    expect(row(c!.id).muClass).toBe('D');
    expect(row(d!.id).muClass).toBeNull();
    expect(ev.idleD).toEqual({ enterprises: 1, idleLand: 40 });
    const idle = (await office.get('/api/v1/mu-evaluation?year=2025&idle=true')).json();
    expect(idle.items.map((r: { enterpriseId: string }) => r.enterpriseId)).toEqual([c!.id]);
    expect(ev.areas[0].areaUnitId).toBe(park);
    expect(ev.definition).toContain('亩均税收');
    // The county's own thresholds (per industry) change the classes.
    const th = (await office.get('/api/v1/mu-evaluation/thresholds')).json();
    const put = await office.put('/api/v1/mu-evaluation/thresholds', {
      ...th,
      byIndustry: {
        '39': {
          A: { taxPerMu: 50, outputPerMu: 0 },
          B: { taxPerMu: 10, outputPerMu: 0 },
          C: { taxPerMu: 0.5, outputPerMu: 0 },
        },
      },
    });
    expect(put.statusCode, put.body).toBe(200);
    const again = (await office.get('/api/v1/mu-evaluation?year=2025')).json();
    expect(again.items.find((r: { enterpriseId: string }) => r.enterpriseId === a!.id).muClass).toBe('B');
    expect(again.items.find((r: { enterpriseId: string }) => r.enterpriseId === c!.id).muClass).toBe('C');
    const disorder = await office.put('/api/v1/mu-evaluation/thresholds', {
      default: {
        A: { taxPerMu: 1, outputPerMu: 1 },
        B: { taxPerMu: 5, outputPerMu: 1 },
        C: { taxPerMu: 0, outputPerMu: 0 },
      },
    });
    expect(disorder.statusCode).toBe(400);
  });

  it('recognises a file committed before: the same bytes again say when they were committed', async () => {
    const [, , , d] = made;
    const csv = Buffer.from(
      ['统一社会信用代码,企业名称,年度,用地面积（亩）', `${d!.creditCode},${d!.name},2024,12`].join('\n'),
    );
    const boundary = '----luoshi';
    const send = () =>
      office.request('POST', '/api/v1/mu-evaluation/import', {
        payload: Buffer.concat([
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="mu.csv"\r\n` +
              'Content-Type: text/csv\r\n\r\n',
          ),
          csv,
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ]),
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      });
    const first = (await send()).json();
    expect(first).toMatchObject({ rejected: 0, previouslyCommittedAt: null });
    const commit = await office.post(`/api/v1/mu-evaluation/import/${first.batchId}/commit`, {});
    expect(commit.json()).toEqual({ created: 1, written: 1 });
    const again = (await send()).json();
    expect(again.previouslyCommittedAt).toEqual(expect.any(String));
    // A year already recorded is replaced, so the same file may go in again.
    expect(again.rejected).toBe(0);
  });

  it('leaders read it; units neither read nor import; a missing year is refused', async () => {
    expect((await gongying.get('/api/v1/mu-evaluation?year=2025')).statusCode).toBe(200);
    expect((await jfj.get('/api/v1/mu-evaluation?year=2025')).statusCode).toBe(403);
    expect((await uploadMu(jfj, [])).statusCode).toBe(403);
    expect((await office.get('/api/v1/mu-evaluation')).statusCode).toBe(400);
  });
});
