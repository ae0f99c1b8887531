import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestApp, type Client } from '../../../../tests/helpers/app';
import { runEscalation } from '../../app';

/**
 * 整改 on the supervision core: a finding recorded and issued to a unit, 签收, 整改进展 with evidence, 申请销号 with
 * evidence, sent back, 销号; seen only in scope; exported in the inspectors' layout; imported from .xlsx with the
 * ledger's rules (row errors in the sheet's words, nothing written unless every row is good, repeats recognised).
 */
let today = '2026-03-02';
const t = await createTestApp({}, { today: () => today });
const office = await t.login('sunli');
const clerk = await t.login('yjglj.clerk'); // 应急管理局
const otherClerk = await t.login('fgj.clerk');
const leader = await t.login('linchong'); // 分管 应急管理局
const otherLeader = await t.login('gongying');
const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
const unit = (s: string) => units.find((u) => u.shortName === s)!.id;
const ifm = (v: number) => ({ 'if-match': `"${v}"` });
const fields = (res: { json(): { errors?: { field: string; code: string }[] } }) =>
  (res.json().errors ?? []).map((e) => `${e.field}:${e.code}`);

function multipart(name: string, content: Buffer) {
  const boundary = `----f${Math.random().toString(16).slice(2)}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: \
application/octet-stream\r\n\r\n`;
  const payload = Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
async function upload(c: Client) {
  const res = await c.request('POST', '/api/v1/attachments', multipart('整改照片.png', PNG));
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

const finding = {
  source: 'safety',
  sourceTitle: '2026年春节前安全生产大检查',
  foundOn: '2026-02-26',
  problem: '县城某加油站卸油区未设置防静电接地报警装置，消防器材过期。',
  severity: 'serious',
  measures: '责令加油站立即停止卸油作业，7日内完成防静电报警装置安装，更换过期消防器材，并开展全县加油站排查。',
  unitId: '',
  responsible: '何勇',
  deadline: '2026-03-31',
};

describe('findings (整改)', () => {
  let id = '';

  it('the office records a finding and issues it; problems are named by field', async () => {
    const bad = await office.post('/api/v1/findings', {
      ...finding,
      unitId: unit('应急管理局'),
      foundOn: '2026-03-05',
      deadline: '2026-03-04',
    });
    expect(bad.statusCode).toBe(400);
    expect(fields(bad)).toEqual(['body.foundOn:date_in_future', 'body.deadline:before_found']);
    expect(
      fields(await office.post('/api/v1/findings', { ...finding, unitId: unit('应急管理局'), source: 'rumour' })),
    ).toEqual(['body.source:choose_from_list']);
    expect((await clerk.post('/api/v1/findings', { ...finding, unitId: unit('应急管理局') })).statusCode).toBe(403);

    const res = await office.post('/api/v1/findings', { ...finding, unitId: unit('应急管理局') });
    expect(res.statusCode, res.body).toBe(201);
    const f = res.json();
    id = f.id;
    expect(f).toMatchObject({
      kind: 'finding',
      serial: 1,
      source: 'safety',
      severity: 'serious',
      state: 'assigned',
      assigneeUnitId: unit('应急管理局'),
      deadline: '2026-03-31',
      responsible: '何勇',
      cadence: 'monthly',
    });
    expect(f.title).toContain('加油站');
  });

  it('is seen by its unit, its 分管 leader, the office — not by another unit or leader, nor on the task routes', async () => {
    expect((await clerk.get(`/api/v1/findings/${id}`)).statusCode).toBe(200);
    expect((await leader.get(`/api/v1/findings/${id}`)).statusCode).toBe(200);
    expect((await otherClerk.get(`/api/v1/findings/${id}`)).statusCode).toBe(404);
    expect((await otherLeader.get(`/api/v1/findings/${id}`)).statusCode).toBe(404);
    expect((await otherClerk.get('/api/v1/findings')).json().total).toBe(0);
    expect((await office.get(`/api/v1/tasks/${id}`)).statusCode).toBe(404);
    expect((await office.get('/api/v1/tasks')).json().items.some((x: { id: string }) => x.id === id)).toBe(false);
    expect((await clerk.get('/api/v1/findings?todo=accept')).json().items.map((x: { id: string }) => x.id)).toEqual([
      id,
    ]);
  });

  it('签收 → 整改进展 with evidence → 申请销号 (evidence required) → sent back → 销号', async () => {
    let f = (await clerk.get(`/api/v1/findings/${id}`)).json();
    f = (await clerk.post(`/api/v1/findings/${id}/accept`, {}, ifm(f.version))).json();
    expect(f.state).toBe('accepted');
    const photo = await upload(clerk);
    const rep = await clerk.post(
      `/api/v1/findings/${id}/reports`,
      {
        progress: 60,
        text: '已停止卸油作业，防静电报警装置已订购，过期灭火器 12 具已全部更换。',
        attachmentIds: [photo],
      },
      ifm(f.version),
    );
    expect(rep.statusCode, rep.body).toBe(201);
    f = (await clerk.get(`/api/v1/findings/${id}`)).json();
    expect(f).toMatchObject({ state: 'in_progress', progress: 60 });

    const noEvidence = await clerk.post(
      `/api/v1/findings/${id}/request-close`,
      { summary: '已整改到位' },
      ifm(f.version),
    );
    expect(noEvidence.statusCode).toBe(400);
    expect(noEvidence.json().code).toBe('evidence_required');
    expect(noEvidence.json().detail).toContain('佐证');

    const asked = await clerk.post(
      `/api/v1/findings/${id}/request-close`,
      { summary: '报警装置已安装调试，全县 23 座加油站排查完毕。', attachmentIds: [photo] },
      ifm(f.version),
    );
    expect(asked.statusCode, asked.body).toBe(200);
    f = asked.json();
    expect(f.state).toBe('close_requested');
    // The office reads the request where it decides.
    const seen = (await office.get(`/api/v1/findings/${id}`)).json();
    expect(seen.closeRequest).toMatchObject({ summary: '报警装置已安装调试，全县 23 座加油站排查完毕。' });
    expect(seen.closeRequest.attachments.map((a: { id: string }) => a.id)).toEqual([photo]);
    // A unit cannot close its own finding.
    expect((await clerk.post(`/api/v1/findings/${id}/close`, {}, ifm(f.version))).statusCode).toBe(403);

    const back = await office.post(
      `/api/v1/findings/${id}/send-back`,
      { reason: '缺少排查台账，请补充' },
      ifm(f.version),
    );
    expect(back.statusCode, back.body).toBe(200);
    f = back.json();
    expect(f.state).toBe('in_progress');
    f = (
      await clerk.post(
        `/api/v1/findings/${id}/request-close`,
        { summary: '已补充全县加油站排查台账。', attachmentIds: [photo, await upload(clerk)] },
        ifm(f.version),
      )
    ).json();
    const closed = await office.post(`/api/v1/findings/${id}/close`, {}, ifm(f.version));
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ state: 'closed', progress: 100, light: 'done' });
    const events = (await office.get(`/api/v1/findings/${id}/events`))
      .json()
      .items.map((e: { action: string }) => e.action);
    expect(events).toEqual([
      'create',
      'assign',
      'accept',
      'report',
      'requestClose',
      'reject',
      'requestClose',
      'close',
      'reviewReport', // the report still waiting, accepted with the 销号
    ]);
    expect((await office.get(`/api/v1/findings/${id}/attachments`)).json().items).toHaveLength(2);
  });

  it('exports the ledger in the inspectors’ layout', async () => {
    const open = await office.post('/api/v1/findings', {
      ...finding,
      source: 'inspection',
      sourceTitle: '县委第二巡察组',
      problem: '=HYPERLINK("x") 党组会议记录不规范',
      measures: '规范会议记录',
      unitId: unit('发改局'),
      responsible: null,
    });
    expect(open.statusCode, open.body).toBe(201);
    const res = await office.get('/api/v1/findings/export');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect((ws.getRow(3).values as unknown[]).slice(1)).toEqual([
      '序号',
      '问题',
      '整改措施',
      '责任单位',
      '责任人',
      '整改时限',
      '整改进展',
      '是否销号',
    ]);
    const rows = [4, 5].map((n) => (ws.getRow(n).values as unknown[]).slice(1));
    const bySerial = new Map(rows.map((r) => [r[0], r]));
    expect(bySerial.get(1)![3]).toBe('县应急管理局');
    expect(bySerial.get(1)![4]).toBe('何勇');
    expect(bySerial.get(1)![7]).toBe('是');
    expect(String(bySerial.get(1)![6])).toContain('过期灭火器 12 具已全部更换');
    expect(bySerial.get(2)![7]).toBe('否');
    expect(String(bySerial.get(2)![1]).startsWith("'=")).toBe(true);
    expect(String(bySerial.get(2)![6])).toBe('尚未签收');
    // A unit exports only its own.
    const own = new ExcelJS.Workbook();
    await own.xlsx.load((await otherClerk.get('/api/v1/findings/export')).rawPayload as unknown as ArrayBuffer);
    expect(own.worksheets[0]!.rowCount).toBe(4);
  });

  async function list(rows: string[][], header = ['序号', '问题', '整改措施', '责任单位', '责任人', '整改时限']) {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('问题清单');
    ws.addRow(['县委第三巡察组反馈问题整改清单']);
    ws.addRow(header);
    for (const r of rows) ws.addRow(r);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  it('imports a list from .xlsx: row errors in the sheet’s words, all or nothing, repeats recognised', async () => {
    const bad = await list([
      ['1', '乡镇财政资金拨付不及时', '建立资金拨付台账，按月通报', '白云镇', '张强', '2026-06-30'],
      ['2', '', '整改', '白云镇', '', '2026-06-30'],
      ['3', '项目审批超时', '压缩审批时限', '白云乡', '', '2026-02-01'],
    ]);
    const q = '?source=inspection&sourceTitle=县委第三巡察组&foundOn=2026-02-20';
    const p1 = await office.request('POST', `/api/v1/findings/import${q}`, multipart('清单.xlsx', bad));
    expect(p1.statusCode, p1.body).toBe(200);
    const r1 = p1.json();
    expect(r1).toMatchObject({ batchId: null, accepted: 1, rejected: 2 });
    expect(r1.rows[1].errors).toEqual([{ column: '问题', code: 'required', message: '问题不能为空' }]);
    expect(r1.rows[2].errors.map((e: { column: string }) => e.column)).toEqual(['责任单位', '整改时限']);
    expect(r1.rows[2].errors[0].message).toContain('白云镇');
    expect(r1.rows[2].errors[1].message).toContain('早于今天');

    // Without a source for the rows, the sheet must name one.
    const noSource = await office.request(
      'POST',
      '/api/v1/findings/import?foundOn=2026-02-20',
      multipart('清单.xlsx', await list([['1', '问题甲', '措施甲', '白云镇', '', '2026-06-30']])),
    );
    expect(noSource.json().rows[0].errors[0]).toMatchObject({ column: '问题来源', code: 'required' });

    const good = await list(
      [
        ['1', '乡镇财政资金拨付不及时', '建立资金拨付台账，按月通报', '白云镇', '张强', '2026年6月30日', '审计'],
        ['2', '村级组织会议记录不全', '规范“三会一课”记录', '河西镇', '', '2026-05-31', ''],
      ],
      ['序号', '问题', '整改措施', '责任单位', '责任人', '整改时限', '问题来源'],
    );
    const p2 = (await office.request('POST', `/api/v1/findings/import${q}`, multipart('清单.xlsx', good))).json();
    expect(p2).toMatchObject({ accepted: 2, rejected: 0 });
    expect(p2.batchId).toBeTruthy();
    // Nothing written before the commit.
    expect((await office.get('/api/v1/findings?q=拨付')).json().total).toBe(0);
    const c = await office.post(`/api/v1/findings/import/${p2.batchId}/commit`);
    expect(c.json()).toEqual({ created: 2, skipped: 0 });
    const made = (await office.get('/api/v1/findings?q=拨付')).json().items[0];
    expect(made).toMatchObject({
      source: 'audit',
      sourceTitle: '县委第三巡察组',
      foundOn: '2026-02-20',
      state: 'assigned',
      deadline: '2026-06-30',
      assigneeUnitId: unit('白云镇'),
    });
    expect(
      (await office.get('/api/v1/findings?source=inspection')).json().items.map((f: { problem: string }) => f.problem),
    ).toContain('村级组织会议记录不全');
    // The same list again: both recognised and skipped.
    const p3 = (await office.request('POST', `/api/v1/findings/import${q}`, multipart('清单2.xlsx', good))).json();
    expect(p3.rows.map((r: { duplicateOf: { serial: number } | null }) => r.duplicateOf?.serial)).toEqual([3, 4]);
    expect((await office.post(`/api/v1/findings/import/${p3.batchId}/commit`)).json()).toEqual({
      created: 0,
      skipped: 2,
    });
  });

  it('has the loop a task has — 延期, 调整时限, a re-sent report answered once — and counts in scoring like one', async () => {
    const created = (
      await office.post('/api/v1/findings', {
        ...finding,
        problem: '危化品仓库出入库台账不全',
        unitId: unit('应急管理局'),
      })
    ).json();
    let f = (await clerk.post(`/api/v1/findings/${created.id}/accept`, {}, ifm(created.version))).json();
    const key = { 'idempotency-key': `finding-report-${created.id}` };
    const first = await clerk.post(
      `/api/v1/findings/${f.id}/reports`,
      { progress: 30, text: '已补登一季度出入库记录。' },
      { ...ifm(f.version), ...key },
    );
    expect(first.statusCode, first.body).toBe(201);
    const again = await clerk.post(
      `/api/v1/findings/${f.id}/reports`,
      { progress: 30, text: '已补登一季度出入库记录。' },
      { ...ifm(f.version), ...key },
    );
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(first.json().id);

    const asked = await clerk.post(`/api/v1/findings/${f.id}/extension-requests`, {
      deadline: '2026-04-30',
      reason: '台账系统采购需时',
    });
    expect(asked.statusCode, asked.body).toBe(201);
    expect((await leader.get(`/api/v1/findings/${f.id}/extension-requests`)).json().items).toMatchObject([
      { status: 'pending', requestedDeadline: '2026-04-30' },
    ]);
    const request = asked.json().id;
    expect(
      (await clerk.post(`/api/v1/findings/${f.id}/extension-requests/${request}/approve`, { note: '同意' })).statusCode,
    ).toBe(403);
    const approved = await office.post(`/api/v1/findings/${f.id}/extension-requests/${request}/approve`, {
      note: '同意',
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ kind: 'finding', deadline: '2026-04-30' });
    f = approved.json();

    const moved = await office.post(
      `/api/v1/findings/${f.id}/replan`,
      { deadline: '2026-04-15', reason: '县委要求汛期前完成' },
      ifm(f.version),
    );
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ kind: 'finding', deadline: '2026-04-15' });
    const actions = (await office.get(`/api/v1/findings/${f.id}/events`))
      .json()
      .items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['requestExtension', 'decideExtension', 'replan']));

    // A task is not reached through the findings' routes, nor a finding through the tasks' steps.
    const made = await office.post('/api/v1/tasks', {
      title: '台账核查',
      content: '核查危化品台账',
      leadUnitId: unit('应急管理局'),
      deadline: '2026-06-30',
    });
    expect(made.statusCode, made.body).toBe(201);
    const task = made.json();
    expect(
      (
        await office.post(
          `/api/v1/findings/${task.id}/replan`,
          { deadline: '2026-12-31', reason: '试' },
          ifm(task.version),
        )
      ).statusCode,
    ).toBe(404);
    expect((await office.post(`/api/v1/tasks/${f.id}/urge`, {}, ifm(moved.json().version))).statusCode).toBe(404);

    // The approved extension is scored against the unit as a task's would be.
    const league = await office.get('/api/v1/scoring/league?from=2026-01-01&to=2026-12-31');
    expect(league.statusCode, league.body).toBe(200);
    const row = league.json().rows.find((r: { unitId: string }) => r.unitId === unit('应急管理局')) as {
      breakdown: { kind: string; group: string; events: { itemId: string | null }[] }[];
    };
    const line = row.breakdown.find((l) => l.kind === 'extensionApproved');
    expect(line?.group).toBe('tasks');
    expect(line?.events.map((e) => e.itemId)).toContain(f.id);
  });

  it('climbs like any overdue item, recorded on its timeline', async () => {
    const res = await office.post('/api/v1/findings', {
      ...finding,
      unitId: unit('应急管理局'),
      deadline: '2026-03-06',
    });
    const f = res.json();
    today = '2026-03-25';
    await runEscalation(t.deps);
    await runEscalation(t.deps);
    const steps = (await office.get(`/api/v1/findings/${f.id}/events`))
      .json()
      .items.filter((e: { action: string }) => e.action === 'escalate');
    expect(steps).toHaveLength(3);
    const principal = await t.login('wangjianguo');
    const listed = (await principal.get('/api/v1/cockpit')).json().listed.items;
    expect(listed).toContainEqual(expect.objectContaining({ id: f.id, kind: 'finding' }));
    today = '2026-03-02';
  });
});
