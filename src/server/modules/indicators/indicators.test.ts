import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { createTestApp, type Client } from '../../../../tests/helpers/app';

const today = '2026-06-20';
const t = await createTestApp({}, { today: () => today });
const office = await t.login('sunli');
const principal = await t.login('wangjianguo');
const fgj = await t.login('fgj.clerk');
const czj = await t.login('czj.clerk');
const jfj = await t.login('jfj.clerk');
const gongying = await t.login('gongying');
const zhao = await t.login('zhaozhiqiang');

const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
const unit = (s: string) => units.find((u) => u.shortName === s)!.id;
const admin = await t.login('sysadmin');
const personId = async (username: string) =>
  (await admin.get(`/api/v1/people?q=${username}`)).json().items[0].id as string;
const zhaoId = await personId('zhaozhiqiang');
const sunliId = await personId('sunli');
const ifm = (v: number) => ({ 'if-match': `"${v}"` });
const fields = (res: { json(): { errors?: { field?: string; column?: string; code: string }[] } }) =>
  (res.json().errors ?? []).map((e) => `${e.field ?? e.column}:${e.code}`);

async function xlsx(rows: (string | number | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('数据');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
async function upload(c: Client, file: Buffer, name = 'values.xlsx', headers: Record<string, string> = {}) {
  const boundary = `----t${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return c.request('POST', '/api/v1/indicators/import', {
    payload,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...headers },
  });
}
const HEADER = ['指标名称', '期间', '县(市、区)', '数值', '计量单位', '同比增长(%)', '全市排名', '数据来源'];

// The catalogue the tests share: 固投 kept by 发改局 (led by 赵志强), 财政收入 by 财政局, 工业 by 经发局, GDP quarterly.
const settings = await office.put('/api/v1/indicators/settings', { coordinatorUnitId: unit('经发局') }, ifm(0));
const invest = (
  await office.post('/api/v1/indicators', {
    name: '固定资产投资',
    unit: '亿元',
    frequency: 'month',
    accumulation: 'cumulative',
    rankBy: 'growth',
    category: '投资',
    responsibleUnitId: unit('发改局'),
    leaderId: zhaoId,
    targets: { '2026': { value: null, growth: 10 } },
  })
).json();
const revenue = (
  await office.post('/api/v1/indicators', {
    name: '一般公共预算收入',
    unit: '万元',
    frequency: 'month',
    accumulation: 'cumulative',
    responsibleUnitId: unit('财政局'),
    targets: { '2026': { value: 60000, growth: null } },
  })
).json();
const industry = (
  await office.post('/api/v1/indicators', {
    name: '规上工业增加值',
    unit: '亿元',
    frequency: 'month',
    accumulation: 'cumulative',
    responsibleUnitId: unit('经发局'),
    targets: { '2026': { value: null, growth: 7 } },
  })
).json();
const gdp = (
  await office.post('/api/v1/indicators', {
    name: '地区生产总值',
    unit: '亿元',
    frequency: 'quarter',
    accumulation: 'cumulative',
    rankBy: 'value',
    responsibleUnitId: unit('发改局'),
    targets: { '2026': { value: 260, growth: null } },
  })
).json();
const qingshan = (await office.post('/api/v1/indicators/counties', { name: '青山县', sortOrder: 1 })).json();
await office.post('/api/v1/indicators/counties', { name: '临河县', sortOrder: 2 });

describe('indicators: catalogue and who keeps it', () => {
  it('the office sets the coordinating unit and creates indicators with their targets', () => {
    expect(settings.statusCode, settings.body).toBe(200);
    expect(settings.json()).toMatchObject({ coordinatorUnitName: '县经济发展局', version: 1 });
    expect(invest).toMatchObject({
      name: '固定资产投资',
      frequency: 'month',
      accumulation: 'cumulative',
      responsibleUnitName: '县发展和改革局',
      leaderName: '赵志强',
      targets: { '2026': { value: null, growth: 10 } },
      version: 1,
    });
    expect(gdp.rankBy).toBe('value');
  });

  it('refuses a duplicate name, an unknown unit and a leader who is not one, naming the fields', async () => {
    expect(
      (
        await office.post('/api/v1/indicators', {
          name: '固定资产投资',
          unit: '亿元',
          frequency: 'month',
          accumulation: 'cumulative',
          responsibleUnitId: unit('发改局'),
        })
      ).statusCode,
    ).toBe(409);
    const res = await office.post('/api/v1/indicators', {
      name: '进出口总额',
      unit: '亿元',
      frequency: 'month',
      accumulation: 'cumulative',
      responsibleUnitId: '00000000-0000-4000-8000-000000000000',
      leaderId: sunliId,
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(fields(res)).toEqual(['body.responsibleUnitId:unknown_reference', 'body.leaderId:not_a_leader']);
    expect(
      fields(
        await office.post('/api/v1/indicators', {
          name: 'x',
          unit: '亿元',
          frequency: 'weekly',
          accumulation: 'cumulative',
          responsibleUnitId: unit('发改局'),
        }),
      ),
    ).toContain('body.frequency:choose_from_list');
  });

  it('lets the coordinating unit keep the catalogue, not another unit', async () => {
    const res = await jfj.post('/api/v1/indicators', {
      name: '社会消费品零售总额',
      unit: '亿元',
      frequency: 'month',
      accumulation: 'cumulative',
      responsibleUnitId: unit('经发局'),
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(
      (
        await fgj.post('/api/v1/indicators', {
          name: '实际利用外资',
          unit: '万美元',
          frequency: 'month',
          accumulation: 'cumulative',
          responsibleUnitId: unit('招商服务中心'),
        })
      ).statusCode,
    ).toBe(403);
    expect((await fgj.patch(`/api/v1/indicators/${invest.id}`, { unit: '万元' }, ifm(1))).statusCode).toBe(403);
  });

  it('edits with If-Match: a stale version is told the current one, a missing one is refused; targets merge by year', async () => {
    expect((await office.patch(`/api/v1/indicators/${gdp.id}`, { category: '综合' })).statusCode).toBe(428);
    const ok = await office.patch(
      `/api/v1/indicators/${gdp.id}`,
      { category: '综合', targets: { '2027': { value: 280, growth: null } } },
      ifm(1),
    );
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.headers.etag).toBe('"2"');
    expect(ok.json().targets).toEqual({ '2026': { value: 260, growth: null }, '2027': { value: 280, growth: null } });
    const stale = await office.patch(`/api/v1/indicators/${gdp.id}`, { category: '其他' }, ifm(1));
    expect(stale.statusCode).toBe(412);
    expect(stale.json().currentVersion).toBe(2);
  });

  it('scopes reading: a unit its own, a leader what he 分管, the coordinator and the office everything; others are not found', async () => {
    const names = async (c: Client) =>
      (await c.get('/api/v1/indicators'))
        .json()
        .items.map((i: { name: string }) => i.name)
        .sort();
    expect(await names(fgj)).toEqual(['固定资产投资', '地区生产总值'].sort());
    expect(await names(czj)).toEqual(['一般公共预算收入']);
    expect(await names(jfj)).toHaveLength(5);
    expect(await names(office)).toHaveLength(5);
    expect(await names(principal)).toHaveLength(5);
    expect(await names(zhao)).toEqual(['一般公共预算收入', '固定资产投资', '地区生产总值'].sort());
    expect(await names(gongying)).toEqual(['社会消费品零售总额', '规上工业增加值'].sort());
    for (const path of ['', '/values', '/trajectory'])
      expect((await czj.get(`/api/v1/indicators/${invest.id}${path}`)).statusCode, path).toBe(404);
    expect((await czj.post(`/api/v1/indicators/${invest.id}/values`, { period: '2026-01', value: 1 })).statusCode).toBe(
      404,
    );
    expect(
      (await fgj.get('/api/v1/indicators')).json().items.find((i: { id: string }) => i.id === invest.id).canWrite,
    ).toBe(true);
    expect((await zhao.get('/api/v1/indicators')).json().items.every((i: { canWrite: boolean }) => !i.canWrite)).toBe(
      true,
    );
  });

  it('manages the peer counties: the own county first, names unique, edits with If-Match', async () => {
    const list = (await office.get('/api/v1/indicators/counties')).json().items;
    expect(list.map((c: { name: string }) => c.name)).toEqual(['云溪县', '青山县', '临河县']);
    expect(list[0].isSelf).toBe(true);
    expect((await office.post('/api/v1/indicators/counties', { name: '青山县' })).statusCode).toBe(409);
    expect((await fgj.post('/api/v1/indicators/counties', { name: '石桥县' })).statusCode).toBe(403);
    const renamed = await office.patch(`/api/v1/indicators/counties/${qingshan.id}`, { sortOrder: 1 }, ifm(1));
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(
      (await office.patch(`/api/v1/indicators/counties/${qingshan.id}`, { sortOrder: 3 }, ifm(1))).statusCode,
    ).toBe(412);
  });
});

describe('indicators: entering values', () => {
  it('enters a value, and a correction is a new version that keeps the old', async () => {
    const first = await czj.post(`/api/v1/indicators/${revenue.id}/values`, {
      period: '2026年1-2月',
      value: 9000,
      growth: 5,
      source: '县财政局',
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      period: '2026-02',
      value: 9000,
      version: 1,
      current: true,
      isSelf: true,
      countyName: '云溪县',
      recordedByName: expect.any(String),
    });
    expect(
      (await czj.post(`/api/v1/indicators/${revenue.id}/values`, { period: '2026-02', value: 9100 })).statusCode,
    ).toBe(428);
    expect(
      (await czj.post(`/api/v1/indicators/${revenue.id}/values`, { period: '2026-02', value: 9100 }, ifm(3)))
        .statusCode,
    ).toBe(412);
    const fixed = await czj.post(
      `/api/v1/indicators/${revenue.id}/values`,
      { period: '2026-02', value: 9100, growth: 5.2, note: '更正' },
      ifm(1),
    );
    expect(fixed.statusCode, fixed.body).toBe(201);
    expect(fixed.json()).toMatchObject({ version: 2, value: 9100 });
    const current = (await czj.get(`/api/v1/indicators/${revenue.id}/values?year=2026`)).json().items;
    expect(current.map((v: { version: number }) => v.version)).toEqual([2]);
    const all = (await czj.get(`/api/v1/indicators/${revenue.id}/values?year=2026&history=true`)).json().items;
    expect(
      all.map((v: { version: number; current: boolean; value: number }) => [v.version, v.current, v.value]),
    ).toEqual([
      [2, true, 9100],
      [1, false, 9000],
    ]);
  });

  it('refuses a period not yet over, of another frequency or unreadable, an unknown county and a unit that does not convert', async () => {
    const future = await czj.post(`/api/v1/indicators/${revenue.id}/values`, { period: '2026-06', value: 1 });
    expect(future.statusCode).toBe(400);
    expect(fields(future)).toEqual(['body.period:period_future']);
    expect(future.json().errors[0].message).toBe('2026年1-6月尚未结束，不能填报');
    expect(
      fields(await office.post(`/api/v1/indicators/${gdp.id}/values`, { period: '2026年1-5月', value: 1 })),
    ).toEqual(['body.period:period_frequency']);
    expect(fields(await czj.post(`/api/v1/indicators/${revenue.id}/values`, { period: '五月', value: 1 }))).toEqual([
      'body.period:period_invalid',
    ]);
    expect(
      fields(
        await czj.post(`/api/v1/indicators/${revenue.id}/values`, {
          period: '2026-03',
          value: 1,
          countyId: '00000000-0000-4000-8000-000000000000',
        }),
      ),
    ).toEqual(['body.countyId:unknown_county']);
    const unitRes = await czj.post(
      `/api/v1/indicators/${revenue.id}/values`,
      { period: '2026-03', value: 1, unit: '%' },
      { 'accept-language': 'en-US' },
    );
    expect(fields(unitRes)).toEqual(['body.unit:unit_incompatible']);
    expect(unitRes.json().detail).toBe('The request is invalid; see the fields listed');
    expect(unitRes.json().errors[0].message).toBe('the unit "%" does not convert to the indicator’s unit "万元"');
  });

  it('converts 万元 into the indicator’s 亿元 and keeps what was typed', async () => {
    const res = await fgj.post(`/api/v1/indicators/${invest.id}/values`, {
      period: '2025-01',
      value: 100_000,
      unit: '万元',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      value: 10,
      enteredValue: 100_000,
      enteredUnit: '万元',
      flags: ['unit_converted'],
    });
  });

  it('asks before keeping a cumulative value below last period’s or a growth the values contradict, then keeps it flagged', async () => {
    await czj.post(`/api/v1/indicators/${revenue.id}/values`, { period: '2026-03', value: 15000 });
    const lower = await czj.post(`/api/v1/indicators/${revenue.id}/values`, { period: '2026-04', value: 14000 });
    expect(lower.statusCode).toBe(409);
    expect(lower.json().code).toBe('indicator_needs_confirmation');
    expect(fields(lower)).toEqual(['body.value:cumulative_decreased']);
    expect(lower.json().errors[0].message).toBe('累计值 14000 低于上期的 15000');
    const kept = await czj.post(`/api/v1/indicators/${revenue.id}/values`, {
      period: '2026-04',
      value: 14000,
      confirm: true,
    });
    expect(kept.statusCode, kept.body).toBe(201);
    expect(kept.json().flags).toEqual(['cumulative_decreased']);

    // Last year's May alone: February to April are missing, which it asks about too.
    expect(
      (await czj.post(`/api/v1/indicators/${revenue.id}/values`, { period: '2025-05', value: 20000 }))
        .json()
        .errors.map((e: { code: string }) => e.code),
    ).toEqual(['missing_period']);
    await czj.post(`/api/v1/indicators/${revenue.id}/values`, { period: '2025-05', value: 20000, confirm: true });
    const mismatch = await czj.post(`/api/v1/indicators/${revenue.id}/values`, {
      period: '2026-05',
      value: 22000,
      growth: 25,
    });
    expect(mismatch.statusCode).toBe(409);
    expect(mismatch.json().errors).toEqual([
      expect.objectContaining({
        field: 'body.growth',
        code: 'growth_mismatch',
        message: '填报增速 25% 与按数值计算的 10% 不符',
      }),
    ]);
    const both = await czj.post(`/api/v1/indicators/${revenue.id}/values`, {
      period: '2026-05',
      value: 22000,
      growth: 25,
      confirm: true,
    });
    expect(both.json()).toMatchObject({ growth: 25, flags: ['growth_mismatch'] });
  });

  it('warns of a missing month of the own county, never of January', async () => {
    const res = await office.post(`/api/v1/indicators/${industry.id}/values`, { period: '2026-04', value: 40 });
    expect(res.statusCode).toBe(409);
    expect(res.json().errors).toEqual([
      expect.objectContaining({ code: 'missing_period', message: '缺少 2026年2月、2026年3月 的数据' }),
    ]);
  });

  it('leaves principals and leaders reading only', async () => {
    expect(
      (await principal.post(`/api/v1/indicators/${invest.id}/values`, { period: '2026-01', value: 1 })).statusCode,
    ).toBe(403);
    expect(
      (await zhao.post(`/api/v1/indicators/${invest.id}/values`, { period: '2026-01', value: 1 })).statusCode,
    ).toBe(403);
  });
});

describe('indicators: import', () => {
  // 固投 last year (亿元, cumulative) and this year so far; peers with their growth.
  const LY = [null, 20, 35, 50, 65, 82, 98, 115, 132, 148, 165, 200];
  const good = [
    HEADER,
    ...LY.flatMap((v, i) =>
      v === null ? [] : [['固定资产投资', `2025年1-${i + 1}月`, '', v, '亿元', '', '', '县统计局']],
    ),
    ['固定资产投资', '2026年1-2月', '', 22, '亿元', 10, '', '县统计局'],
    ['固定资产投资', '2026年1-3月', '', 38.5, '亿元', 10, '', '县统计局'],
    ['固定资产投资', '2026年1-4月', '', 44, '亿元', -12, '', '县统计局'],
    ['固定资产投资', '2026年1-4月', '青山县', 120, '亿元', -15, '', '市统计局'],
    ['固定资产投资', '2026年1-4月', '临河县', 90, '亿元', -20, '', '市统计局'],
  ];

  it('checks every row, holds a good file, and commits it all at once', async () => {
    const file = await xlsx(good);
    const res = await upload(fgj, file);
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    expect(p).toMatchObject({ rejected: 0, accepted: good.length - 1, warnings: 0, previouslyCommittedAt: null });
    expect(p.batchId).toEqual(expect.any(String));
    const c = await fgj.post(`/api/v1/indicators/import/${p.batchId}/commit`, {});
    expect(c.statusCode, c.body).toBe(200);
    // January 2025 was entered by hand before (converted from 万元); the file's rows are all new.
    expect(c.json()).toEqual({ created: good.length - 1, corrected: 0 });
    expect((await fgj.post(`/api/v1/indicators/import/${p.batchId}/commit`, {})).statusCode).toBe(409);
    const again = (await upload(fgj, file)).json();
    expect(again.previouslyCommittedAt).toEqual(expect.any(String));
    const values = (await fgj.get(`/api/v1/indicators/${invest.id}/values?year=2026`)).json().items;
    expect(values).toHaveLength(5);
  });

  it('refuses a file with bad rows, naming row and column, and writes nothing', async () => {
    const before = (await office.get(`/api/v1/indicators/${invest.id}/values?history=true`)).json().items.length;
    const res = await upload(
      fgj,
      await xlsx([
        ['2026年主要指标'],
        HEADER,
        ['固定资产投姿', '2026-05', '', 50, '亿元'],
        ['固定资产投资', '2026-06', '', 50, '亿元'],
        ['固定资产投资', '2026-05', '石桥县', 50, '亿元'],
        ['固定资产投资', '2026-03', '', '五十', '亿元'],
        ['固定资产投资', '2026-02', '', 50, '%'],
        ['一般公共预算收入', '2026-05', '', 50, '万元'],
        ['固定资产投资', '2026-01', '', 50, '亿元', '', 9],
        ['固定资产投资', '2026-05', '临河县', 95, '亿元'],
        ['固定资产投资', '2026-05', '临河县', 95, '亿元'],
      ]),
    );
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    expect(p.batchId).toBeNull();
    const byRow = Object.fromEntries(
      p.rows.map((r: { row: number; errors: { column: string; code: string; message: string }[] }) => [
        r.row,
        r.errors.map((e) => `${e.column}:${e.code}`),
      ]),
    );
    expect(byRow).toEqual({
      3: ['指标名称:unknown_indicator'],
      4: ['期间:period_future'],
      5: ['县(市、区):unknown_county'],
      6: ['数值:not_a_number'],
      7: ['计量单位:unit_incompatible'],
      8: ['指标名称:unknown_indicator'],
      9: ['全市排名:rank_out_of_range'],
      10: [],
      11: ['期间:duplicate_in_file'],
    });
    expect(p.rows[0].errors[0].message).toBe('找不到指标“固定资产投姿”，是否为：固定资产投资');
    expect(p.rejected).toBe(8);
    expect((await office.get(`/api/v1/indicators/${invest.id}/values?history=true`)).json().items).toHaveLength(before);
  });

  it('tells a unit it may not import another unit’s indicator, in the caller’s language', async () => {
    const p = (
      await upload(jfj, await xlsx([HEADER, ['一般公共预算收入', '2026-05', '', 1, '万元']]), 'v.xlsx')
    ).json();
    expect(p.rows[0].errors).toEqual([]);
    const q = (
      await upload(czj, await xlsx([HEADER, ['地区生产总值', '2026-Q1', '', 1, '亿元']]), 'v.xlsx', {
        'accept-language': 'en-US',
      })
    ).json();
    // Not visible to 财政局: unknown, as a foreign record answers 404.
    expect(q.rows[0].errors[0].message).toBe('no indicator named "地区生产总值"');
    const r = await upload(zhao, await xlsx([HEADER]), 'v.xlsx');
    expect(r.statusCode).toBe(403);
    const own = (await upload(fgj, await xlsx([HEADER, ['地区生产总值', '2026-Q1', '', 60, '亿元']]), 'v.xlsx')).json();
    expect(own.rejected).toBe(0);
    const notOwn = (
      await upload(czj, await xlsx([HEADER, ['一般公共预算收入', '2026-05', '', 1, '万元']]), 'v.xlsx')
    ).json();
    expect(notOwn.rejected).toBe(0);
  });

  it('flags 万元 mixed into an 亿元 indicator and asks before committing', async () => {
    const res = await upload(
      fgj,
      await xlsx([
        HEADER,
        ['固定资产投资', '2026-05', '', 480000, '万元', -26.2],
        ['固定资产投资', '2026-05', '青山县', 152, '亿元', -10],
        ['固定资产投资', '2026-05', '临河县', 104, '亿元', -20],
      ]),
    );
    const p = res.json();
    expect(p.rejected).toBe(0);
    expect(p.warnings).toBeGreaterThan(0);
    expect(p.rows[0].warnings.map((w: { code: string }) => w.code)).toEqual(['unit_converted', 'units_mixed']);
    expect(p.rows[0].warnings[0].message).toBe('已由万元换算为亿元：48');
    const ask = await fgj.post(`/api/v1/indicators/import/${p.batchId}/commit`, {});
    expect(ask.statusCode).toBe(409);
    expect(ask.json().code).toBe('indicator_needs_confirmation');
    const ok = await fgj.post(`/api/v1/indicators/import/${p.batchId}/commit`, { confirm: true });
    expect(ok.statusCode, ok.body).toBe(200);
    const may = (await fgj.get(`/api/v1/indicators/${invest.id}/values?year=2026`))
      .json()
      .items.find((v: { period: string; isSelf: boolean }) => v.period === '2026-05' && v.isSelf);
    expect(may).toMatchObject({
      value: 48,
      enteredValue: 480000,
      enteredUnit: '万元',
      flags: ['unit_converted', 'units_mixed'],
    });
  });

  it('reads a CSV in GBK as Chinese Excel writes it', async () => {
    const iconv = (await import('iconv-lite')).default;
    const csv = iconv.encode(`${HEADER.join(',')}\n地区生产总值,2025年一季度,,55,亿元,,,县统计局\n`, 'gbk');
    const res = await upload(fgj, csv, '数据.csv');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().rows[0]).toMatchObject({ status: 'accepted', period: '2025-Q1', indicator: '地区生产总值' });
  });
});

describe('indicators: board, trajectory, alerts, export', () => {
  it('shows each indicator against its trajectory, with the light, the rank, the forecast and what it takes', async () => {
    const board = (await fgj.get('/api/v1/indicators/board?year=2026')).json();
    expect(board.year).toBe(2026);
    expect(board.items.map((i: { indicator: { name: string } }) => i.indicator.name).sort()).toEqual(
      ['固定资产投资', '地区生产总值'].sort(),
    );
    const tile = board.items.find((i: { indicator: { id: string } }) => i.indicator.id === invest.id);
    // May: 48 of a 220 target (10 % on last year's 200) = 21.8 %, where last year's profile says 32.5 %: 10.7 points behind.
    expect(tile).toMatchObject({
      period: '2026-05',
      periodLabel: '2026年1-5月',
      value: 48,
      growth: -26.2,
      growthSource: 'reported',
      target: { value: expect.closeTo(220, 9), growth: 10 },
      method: 'seasonal',
      light: 'yellow',
      previousLight: 'green',
      rank: 3,
      rankSource: 'computed',
      rankedCount: 3,
      previousRank: 1,
    });
    expect(tile.gapPoints).toBeCloseTo(32.5 - (48 / 220) * 100, 6);
    expect(tile.forecast).toMatchObject({ method: 'seasonal_growth', value: expect.closeTo((48 * 200) / 65, 6) });
    expect(tile.needed).toMatchObject({
      basis: 'last_year',
      growth: expect.closeTo(((220 - 48) / (200 - 65) - 1) * 100, 6),
    });
    expect(tile.ahead).toMatchObject({ name: '临河县' });
    expect(tile.sparkline).toEqual([null, 22, 38.5, 44, 48, null, null, null, null, null, null, null]);
    expect(board.agenda).toEqual([
      expect.objectContaining({
        indicatorId: invest.id,
        why: ['yellow', 'rank_fell'],
        responsibleUnitName: '县发展和改革局',
        leaderName: '赵志强',
      }),
    ]);
    expect(board.agenda[0].summary).toContain('落后序时进度 10.7 个百分点');
    const en = (await fgj.get('/api/v1/indicators/board?year=2026', { 'accept-language': 'en-US' })).json();
    expect(en.agenda[0].summary).toContain('10.7 points behind the trajectory');
  });

  it('gives the whole path for the chart: actual, trajectory and last year by month, and the peer table', async () => {
    const res = await fgj.get(`/api/v1/indicators/${invest.id}/trajectory?year=2026`);
    expect(res.statusCode, res.body).toBe(200);
    const tr = res.json();
    expect(tr.points).toHaveLength(12);
    expect(tr.points[4]).toMatchObject({
      period: '2026-05',
      actual: 48,
      lastYear: 65,
      expected: expect.closeTo(71.5, 6),
      light: 'yellow',
      rank: 3,
    });
    expect(tr.points[3]).toMatchObject({ actual: 44, light: 'green', rank: 1 });
    expect(tr.points[11]).toMatchObject({ actual: null, expected: expect.closeTo(220, 6), lastYear: 200 });
    expect(tr.peersPeriod).toBe('2026-05');
    expect(tr.peers.map((p: { name: string; rank: number }) => [p.name, p.rank])).toEqual([
      ['青山县', 1],
      ['临河县', 2],
      ['云溪县', 3],
    ]);
    expect(tr.peers[2].isSelf).toBe(true);
  });

  it('notified the responsible unit and the leader once when the indicator turned yellow and fell in rank', async () => {
    const mine = async (c: Client) =>
      (await c.get('/api/v1/notifications?pageSize=50'))
        .json()
        .items.filter((n: { kind: string }) => n.kind === 'indicator_alert');
    const clerk = await mine(fgj);
    expect(clerk.map((n: { title: string }) => n.title).sort()).toEqual(
      ['【经济运行预警】固定资产投资亮黄灯', '【经济运行预警】固定资产投资全市排名由第1位降至第3位'].sort(),
    );
    expect(clerk[0].link).toBe(`/indicators/${invest.id}`);
    expect(await mine(zhao)).toHaveLength(2);
    expect(await mine(czj)).toHaveLength(0);
    // The same figure entered again (a correction with the same data) does not notify twice.
    const cur = (await fgj.get(`/api/v1/indicators/${invest.id}/values?year=2026`))
      .json()
      .items.find((v: { period: string; isSelf: boolean }) => v.period === '2026-05' && v.isSelf);
    const again = await fgj.post(
      `/api/v1/indicators/${invest.id}/values`,
      { period: '2026-05', value: 48, growth: -26.2, confirm: true },
      ifm(cur.version),
    );
    expect(again.statusCode, again.body).toBe(201);
    expect(await mine(fgj)).toHaveLength(2);
  });

  it('put the same matters on the agenda of the next scheduling round opened, once, scoped like the indicator', async () => {
    // No round was open when the indicator turned: the items waited and go on the next round opened.
    expect(
      (await office.get('/api/v1/rounds')).json().items.filter((r: { state: string }) => r.state === 'open'),
    ).toHaveLength(0);
    const round = await office.post('/api/v1/rounds', { weekOf: today });
    expect(round.statusCode, round.body).toBe(201);
    const agendaOf = async (c: Client, id = round.json().id) => {
      const res = await c.get(`/api/v1/rounds/${id}/agenda`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().items.filter((i: { source: string }) => i.source === 'indicators') as {
        title: string;
        body: string;
        link: string;
        unitName: string;
      }[];
    };
    const items = await agendaOf(office);
    expect(items.map((i) => i.title).sort()).toEqual(
      ['固定资产投资亮黄灯', '固定资产投资全市排名由第1位降至第3位'].sort(),
    );
    expect(items[0]).toMatchObject({ link: `/indicators/${invest.id}`, unitName: '县发展和改革局' });
    expect(items.find((i) => i.title.endsWith('亮黄灯'))!.body).toContain('落后序时进度');
    expect(await agendaOf(fgj)).toHaveLength(2);
    expect(await agendaOf(zhao)).toHaveLength(2);
    expect(await agendaOf(czj)).toHaveLength(0);

    // While a round is open, a new alert goes straight on it: 一般公共预算收入 falls to red (a correction of May).
    const cur = (await czj.get(`/api/v1/indicators/${revenue.id}/values?year=2026`))
      .json()
      .items.find((v: { period: string; isSelf: boolean }) => v.period === '2026-05' && v.isSelf);
    const red = await czj.post(
      `/api/v1/indicators/${revenue.id}/values`,
      { period: '2026-05', value: 5000, confirm: true },
      ifm(cur.version),
    );
    expect(red.statusCode, red.body).toBe(201);
    expect(
      (await czj.get('/api/v1/indicators/board?year=2026'))
        .json()
        .items.find((i: { indicator: { id: string } }) => i.indicator.id === revenue.id).light,
    ).toBe('red');
    expect((await agendaOf(czj)).map((i) => i.title)).toEqual(['一般公共预算收入亮红灯']);
    expect(await agendaOf(office)).toHaveLength(3);
    // Writing the same figure again raises nothing new.
    await czj.post(
      `/api/v1/indicators/${revenue.id}/values`,
      { period: '2026-05', value: 5000, confirm: true },
      ifm(cur.version + 1),
    );
    expect(await agendaOf(office)).toHaveLength(3);
    // The round's 对账 for the meeting prints them: a 调度事项 sheet in the workbook, a section in the Word document.
    const xlsx = await office.get(`/api/v1/rounds/${round.json().id}/export?format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('调度事项')!;
    const titles = Array.from({ length: sheet.rowCount - 1 }, (_, i) => String(sheet.getRow(i + 2).getCell(1).value));
    expect(titles).toEqual(expect.arrayContaining(['固定资产投资亮黄灯', '一般公共预算收入亮红灯']));
    const docx = await office.get(`/api/v1/rounds/${round.json().id}/export?format=docx`);
    const xml = await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')!.async('string');
    expect(xml).toContain('七、调度事项');
    expect(xml).toContain('一般公共预算收入亮红灯');
  });

  it('exports the statistical bulletin the caller may see', async () => {
    const res = await fgj.get('/api/v1/indicators/export?year=2026');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('主要经济指标')!;
    expect(String(ws.getRow(1).getCell(1).value)).toBe('云溪县主要经济指标完成情况（2026年）');
    expect(ws.getRow(2).getCell(2).value).toBe('指标名称');
    const names = [3, 4].map((r) => ws.getRow(r).getCell(2).value);
    expect(names.sort()).toEqual(['固定资产投资', '地区生产总值'].sort());
    const row = [3, 4].map((r) => ws.getRow(r)).find((r) => r.getCell(2).value === '固定资产投资')!;
    expect([
      row.getCell(4).value,
      row.getCell(5).value,
      row.getCell(6).value,
      row.getCell(7).value,
      row.getCell(13).value,
    ]).toEqual(['2026年1-5月', 48, -26.2, 3, '黄灯']);
    const peers = wb.getWorksheet('兄弟县市区对比')!;
    expect(peers.getRow(2).getCell(2).value).toBe('青山县');
  });

  it('shows a correction on the board at once, and a change of the light thresholds too', async () => {
    const tileOf = async () =>
      (await fgj.get('/api/v1/indicators/board?year=2026'))
        .json()
        .items.find((i: { indicator: { id: string } }) => i.indicator.id === invest.id);
    expect((await tileOf()).value).toBe(48);
    const cur = (await fgj.get(`/api/v1/indicators/${invest.id}/values?year=2026`))
      .json()
      .items.find((v: { period: string; isSelf: boolean }) => v.period === '2026-05' && v.isSelf);
    expect(
      (
        await fgj.post(
          `/api/v1/indicators/${invest.id}/values`,
          { period: '2026-05', value: 46, confirm: true },
          ifm(cur.version),
        )
      ).statusCode,
    ).toBe(201);
    expect(await tileOf()).toMatchObject({ value: 46, light: 'yellow' });
    const lights = (await office.get('/api/v1/settings/lights')).json();
    expect(
      (
        await office.put(
          '/api/v1/settings/lights',
          { dueSoonWorkingDays: lights.dueSoonWorkingDays, yellowGap: 20, redGap: 40 },
          ifm(lights.version),
        )
      ).statusCode,
    ).toBe(200);
    expect((await tileOf()).light).toBe('green');
  });

  it('gives a template to fill', async () => {
    const res = await fgj.get('/api/v1/indicators/import/template');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.getRow(1).values).toEqual([
      undefined,
      '指标名称',
      '期间',
      '县(市、区)',
      '数值',
      '计量单位',
      '同比增长(%)',
      '全市排名',
      '数据来源',
      '备注',
    ]);
  });
});

describe('indicators: by place and the city', () => {
  it('keeps townships and parks and the city as series, imported all or nothing; shares and ranks by place', async () => {
    const place = await office.post('/api/v1/indicators/counties', {
      name: '城关镇',
      kind: 'place',
      unitId: unit('城关镇'),
      sortOrder: 100,
    });
    expect(place.statusCode, place.body).toBe(201);
    expect(place.json()).toMatchObject({ kind: 'place', unitId: unit('城关镇'), isSelf: false });
    // A place is a township or park of the county; a department is not one.
    expect(
      fields(
        await office.post('/api/v1/indicators/counties', { name: '发改局', kind: 'place', unitId: unit('发改局') }),
      ),
    ).toEqual(['body.unitId:choose_from_list']);
    const city = await office.post('/api/v1/indicators/counties', { name: '全市', kind: 'city' });
    expect(city.statusCode, city.body).toBe(201);
    expect((await office.post('/api/v1/indicators/counties', { name: '全市合计', kind: 'city' })).statusCode).toBe(409);
    // A unit's clerk does not keep the list of series.
    expect(
      (await fgj.post('/api/v1/indicators/counties', { name: '河西镇', kind: 'place', unitId: unit('河西镇') }))
        .statusCode,
    ).toBe(403);

    // Through the ledger's import: a row naming an unknown place holds nothing.
    const rows = [
      HEADER,
      ['固定资产投资', '2026年1-4月', '城关镇', 8.8, '亿元', 12, '', '县统计局'],
      ['固定资产投资', '2026年1-4月', '全市', 550, '亿元', 6, '', '市统计局'],
    ];
    const bad = (
      await upload(fgj, await xlsx([...rows, ['固定资产投资', '2026年1-4月', '不存在镇', 1, '亿元', '', '', '']]))
    ).json();
    expect(bad).toMatchObject({ batchId: null, rejected: 1 });
    expect(bad.rows.at(-1).errors.map((e: { column: string }) => e.column)).toEqual(['县(市、区)']);
    expect((await fgj.get(`/api/v1/indicators/${invest.id}/places`)).json().rows[0].value).toBeNull();
    const good = (await upload(fgj, await xlsx(rows))).json();
    expect(good).toMatchObject({ rejected: 0, accepted: 2 });
    expect((await fgj.post(`/api/v1/indicators/import/${good.batchId}/commit`, {})).statusCode).toBe(200);

    const byPlace = (await fgj.get(`/api/v1/indicators/${invest.id}/places`)).json();
    expect(byPlace).toMatchObject({ year: 2026, period: '2026-04', countyValue: 44 });
    expect(byPlace.rows).toEqual([
      expect.objectContaining({ name: '城关镇', value: 8.8, growth: 12, rank: 1, previousRank: null }),
    ]);
    expect(byPlace.rows[0].share).toBeCloseTo((8.8 / 44) * 100, 6);
    // The county's share of the city on the board; the city is not ranked among the counties.
    const tileOf = async () =>
      (await fgj.get('/api/v1/indicators/board'))
        .json()
        .items.find((i: { indicator: { id: string } }) => i.indicator.id === invest.id);
    let tile = await tileOf();
    // The board judges the latest period the county has: the city's value of that period gives the share.
    if (tile.period !== '2026-04') {
      const r = await office.post(`/api/v1/indicators/${invest.id}/values`, {
        period: tile.period,
        value: 600,
        countyId: city.json().id,
        confirm: true,
      });
      expect(r.statusCode, r.body).toBe(201);
      tile = await tileOf();
      expect(tile.cityShare).toBeCloseTo((tile.value / 600) * 100, 6);
    } else expect(tile.cityShare).toBeCloseTo((44 / 550) * 100, 6);
    expect(tile.rankedCount).toBeLessThanOrEqual(3);
    // Cut by the place: its own series, ranked among the places, without the county's light.
    const cut = (await fgj.get(`/api/v1/indicators/board?placeId=${place.json().id}`)).json();
    expect(cut.items.find((i: { indicator: { id: string } }) => i.indicator.id === invest.id)).toMatchObject({
      value: 8.8,
      light: 'none',
      rank: 1,
      placeId: place.json().id,
      cityShare: null,
    });
    // Who may not read the indicator does not read it by place either.
    expect((await czj.get(`/api/v1/indicators/${invest.id}/places`)).statusCode).toBe(404);
  });
});
