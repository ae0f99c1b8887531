import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
// JSZip comes with exceljs and docx (both write through it); used here only to read the document back.
import JSZip from 'jszip';
import { createTestApp, type Client } from '../../../../tests/helpers/app';
import { jobsOf } from '../../app';
import { runExclusive } from '../../jobs/runner';
import { closeRoundsPastCutoff } from './rounds.service';

let today = '2026-03-02';
const t = await createTestApp({}, { today: () => today });
const office = await t.login('sunli');
const zjj = await t.login('zjj.clerk');
const fgj = await t.login('fgj.clerk');
const zrzyj = await t.login('zrzyj.clerk');
const gongying = await t.login('gongying');

const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
const unit = (s: string) => units.find((u) => u.shortName === s)!.id;
const admin = await t.login('sysadmin');
const personId = async (username: string) =>
  (await admin.get(`/api/v1/people?q=${username}`)).json().items[0].id as string;
const ids = { zhao: await personId('zhaozhiqiang'), gong: await personId('gongying'), li: await personId('limingzhe') };
const ifm = (v: number) => ({ 'if-match': `"${v}"` });
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
async function upload(c: Client) {
  const boundary = `----t${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="pf.png"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    PNG,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return (
    await c.request('POST', '/api/v1/attachments', {
      payload,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    })
  ).json().id as string;
}
async function project(name: string, responsible: string, pool: string, leaderId = ids.zhao) {
  const res = await office.post('/api/v1/projects', {
    name,
    type: 'industry',
    content: name,
    totalInvestment: 10000,
    annualPlans: { '2026': 5000 },
    responsibleUnitId: unit(responsible),
    leaderId,
    startYear: 2026,
    endYear: 2027,
    pool,
    enteredOn: '2026-01-05',
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
const fields = (res: { json(): { errors?: { field: string; code: string }[] } }) =>
  (res.json().errors ?? []).map((e) => `${e.field}:${e.code}`);

const A = await project('云溪智能装备产业园', '住建局', 'new_start');
const B = await project('城西片区路网工程', '发改局', 'continuing');
const C = await project('储备文旅项目', '住建局', 'reserve');

describe('weekly rounds', () => {
  let round: { id: string; version: number };

  it('the office opens a round for a week; the building and preparing projects are due; one round a week', async () => {
    expect((await zjj.post('/api/v1/rounds', { weekOf: '2026-03-04' })).statusCode).toBe(403);
    expect(fields(await office.post('/api/v1/rounds', { weekOf: '2026-03-04', cutoff: '2026-02-27' }))).toEqual([
      'body.cutoff:cutoff_outside_week',
    ]);
    const res = await office.post('/api/v1/rounds', { weekOf: '2026-03-04' });
    expect(res.statusCode, res.body).toBe(201);
    round = res.json();
    expect(round).toMatchObject({
      title: '2026年第10周重点项目调度',
      weekStart: '2026-03-02',
      cutoff: '2026-03-05',
      state: 'open',
      expected: 2,
      reported: 0,
    });
    const again = await office.post('/api/v1/rounds', { weekOf: '2026-03-06' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('duplicate');
    // A unit sees only its own projects due.
    expect((await zjj.get(`/api/v1/rounds/${round.id}`)).json()).toMatchObject({ expected: 1 });
  });

  it('units report their projects; the summary names who has not; other projects are refused', async () => {
    const ok = await zjj.post(`/api/v1/rounds/${round.id}/reports`, {
      projectId: A.id,
      progress: '厂房主体封顶',
      imageProgress: '主体完成60%',
      monthInvestment: 800,
      behind: false,
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().late).toBe(false);
    expect(
      (await zjj.post(`/api/v1/rounds/${round.id}/reports`, { projectId: B.id, progress: 'x', imageProgress: 'x' }))
        .statusCode,
    ).toBe(404);
    expect(
      fields(
        await zjj.post(`/api/v1/rounds/${round.id}/reports`, { projectId: C.id, progress: 'x', imageProgress: 'x' }),
      ),
    ).toEqual(['body.projectId:not_in_round']);
    expect(fields(await zjj.post(`/api/v1/rounds/${round.id}/reports`, { projectId: A.id, progress: '' }))).toEqual(
      expect.arrayContaining(['body.progress:required', 'body.imageProgress:required']),
    );
    const s = (await office.get(`/api/v1/rounds/${round.id}/summary`)).json();
    expect(s).toMatchObject({ expected: 2, reported: 1, late: 0, investment: 800 });
    expect(s.missing).toEqual([
      { projectId: B.id, projectName: '城西片区路网工程', unitId: unit('发改局'), unitName: '发改局' },
    ]);
    expect(s.lateUnits).toEqual([{ unitId: unit('发改局'), unitName: '发改局' }]);
  });

  it(`a report after the cut-off is recorded as late, a correction supersedes, and the summary is the sum of the \
reports in force`, async () => {
    today = '2026-03-06';
    const late = await fgj.post(`/api/v1/rounds/${round.id}/reports`, {
      projectId: B.id,
      progress: '管网铺设过半',
      imageProgress: '路基完成',
      monthInvestment: 300.5,
      problems: '征迁户2户未签约',
      coordination: '请城关镇协调征迁',
      behind: true,
    });
    expect(late.json().late).toBe(true);
    // 住建局 corrects its on-time report: still on time, the new figure in force.
    await zjj.post(`/api/v1/rounds/${round.id}/reports`, {
      projectId: A.id,
      progress: '厂房主体封顶',
      imageProgress: '主体完成65%',
      monthInvestment: 900,
    });
    const s = (await office.get(`/api/v1/rounds/${round.id}/summary`)).json();
    expect(s).toMatchObject({ expected: 2, reported: 2, late: 1, investment: 1200.5, missing: [] });
    expect(s.behind.map((x: { projectId: string }) => x.projectId)).toEqual([B.id]);
    expect(s.problems).toEqual([
      expect.objectContaining({ projectId: B.id, problems: '征迁户2户未签约', coordination: '请城关镇协调征迁' }),
    ]);
    expect(s.units.reduce((n: number, u: { investment: number }) => n + u.investment, 0)).toBeCloseTo(s.investment);
    expect(s.lateUnits.map((u: { unitName: string }) => u.unitName)).toEqual(['发改局']);
    const reports = (await office.get(`/api/v1/rounds/${round.id}/reports`)).json().items;
    expect(
      reports
        .filter((r: { projectId: string }) => r.projectId === A.id)
        .map((r: { imageProgress: string; superseded: boolean }) => [r.imageProgress, r.superseded]),
    ).toEqual([
      ['主体完成65%', false],
      ['主体完成60%', true],
    ]);
    // A unit's summary covers its own projects.
    expect((await zjj.get(`/api/v1/rounds/${round.id}/summary`)).json()).toMatchObject({
      expected: 1,
      reported: 1,
      investment: 900,
    });
    expect(
      (await zjj.get(`/api/v1/rounds/${round.id}/reports`))
        .json()
        .items.every((r: { projectId: string }) => r.projectId === A.id),
    ).toBe(true);
  });

  it('a unit reports several projects at once, all or nothing', async () => {
    const D = await project('云溪新材料二期', '住建局', 'continuing');
    const r2 = (await office.post('/api/v1/rounds', { weekOf: '2026-03-16' })).json();
    const bad = await zjj.post(`/api/v1/rounds/${r2.id}/reports/batch`, {
      reports: [
        { projectId: A.id, progress: '进展', imageProgress: '形象' },
        { projectId: C.id, progress: '进展', imageProgress: '形象' },
      ],
    });
    expect(fields(bad)).toEqual(['body.reports.1.projectId:not_in_round']);
    expect(
      (
        await zjj.post(`/api/v1/rounds/${r2.id}/reports/batch`, {
          reports: [
            { projectId: A.id, progress: '进展', imageProgress: '形象' },
            { projectId: B.id, progress: '进展', imageProgress: '形象' },
          ],
        })
      ).statusCode,
    ).toBe(404);
    expect((await office.get(`/api/v1/rounds/${r2.id}/summary`)).json().reported).toBe(0);
    const ok = await zjj.post(`/api/v1/rounds/${r2.id}/reports/batch`, {
      reports: [
        { projectId: A.id, progress: '进展', imageProgress: '形象', monthInvestment: 10 },
        { projectId: D.id, progress: '进展', imageProgress: '形象', monthInvestment: 5.5 },
      ],
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().items.map((x: { projectId: string; late: boolean }) => [x.projectId, x.late])).toEqual([
      [A.id, false],
      [D.id, false],
    ]);
    expect((await office.get(`/api/v1/rounds/${r2.id}/summary`)).json()).toMatchObject({
      reported: 2,
      investment: 15.5,
      late: 0,
    });
  });

  it('closes with If-Match; a closed round refuses closing again but still records a report, as late', async () => {
    expect((await office.post(`/api/v1/rounds/${round.id}/close`, {})).statusCode).toBe(428);
    expect((await office.post(`/api/v1/rounds/${round.id}/close`, {}, ifm(round.version + 1))).statusCode).toBe(412);
    const closed = await office.post(`/api/v1/rounds/${round.id}/close`, {}, ifm(round.version));
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ state: 'closed', version: round.version + 1 });
    expect((await office.post(`/api/v1/rounds/${round.id}/close`, {}, ifm(round.version + 1))).json().code).toBe(
      'round_closed',
    );
    expect(
      (
        await fgj.post(`/api/v1/rounds/${round.id}/reports`, {
          projectId: B.id,
          progress: '补报',
          imageProgress: '路基完成',
        })
      ).json().late,
    ).toBe(true);
    expect(
      (await office.get('/api/v1/rounds')).json().items.find((x: { id: string }) => x.id === round.id),
    ).toMatchObject({ state: 'closed' });
    today = '2026-03-02';
  });
});

describe('closing at the cut-off', () => {
  it('the job closes open rounds once their cut-off day has passed, as the system, once, even with two runners', async () => {
    today = '2026-04-06';
    const r = (await office.post('/api/v1/rounds', { weekOf: '2026-04-06', cutoff: '2026-04-08' })).json();
    const other = (await office.post('/api/v1/rounds', { weekOf: '2026-04-13' })).json();
    const job = jobsOf(t.deps).find((j) => j.name === 'round-cutoff')!;
    // On the cut-off day itself a report is still on time: nothing closes.
    today = '2026-04-08';
    expect(await runExclusive(t.deps.database.pool, job)).toBe('ran');
    expect((await office.get(`/api/v1/rounds/${r.id}`)).json()).toMatchObject({ state: 'open', version: r.version });
    // The next day: two runners at once (without the advisory lock) close it once.
    today = '2026-04-09';
    const deps = { db: t.deps.database.db, audit: t.deps.audit, today: () => today };
    const results = await Promise.all([closeRoundsPastCutoff(deps), closeRoundsPastCutoff(deps)]);
    expect(results.map((x) => x.closed).sort()).toEqual([0, 1]);
    const closed = (await office.get(`/api/v1/rounds/${r.id}`)).json();
    expect(closed).toMatchObject({ state: 'closed', closedAutomatically: true, version: r.version + 1 });
    // Idempotent: a later run changes nothing; the next week's round stays open until its own cut-off.
    await runExclusive(t.deps.database.pool, job);
    expect((await office.get(`/api/v1/rounds/${r.id}`)).json().version).toBe(r.version + 1);
    expect((await office.get(`/api/v1/rounds/${other.id}`)).json()).toMatchObject({
      state: 'open',
      closedAutomatically: false,
    });
    // Recorded in the audit trail as done by the system, once.
    const auditor = await t.login('auditadmin');
    const events = (await auditor.get(`/api/v1/audit-events?action=round.close&pageSize=100`))
      .json()
      .items.filter((e: { objectId: string }) => e.objectId === r.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      username: 'system',
      personId: null,
      result: 'success',
      detail: { automatic: true, cutoff: '2026-04-08' },
    });
    // A report after the close is still recorded, as late.
    const D = await project('云溪冷链物流中心', '住建局', 'new_start');
    expect(D.pool).toBe('new_start');
    const late = await zjj.post(`/api/v1/rounds/${other.id}/reports`, {
      projectId: A.id,
      progress: '设备安装',
      imageProgress: '完成40%',
    });
    expect(late.json().late).toBe(false);
    const afterClose = await zjj.post(`/api/v1/rounds/${r.id}/reports`, {
      projectId: A.id,
      progress: '补报',
      imageProgress: '完成35%',
    });
    expect(afterClose.statusCode, afterClose.body).toBe(201);
    expect(afterClose.json().late).toBe(true);
    // A person closing it by hand is told it is closed.
    expect((await office.post(`/api/v1/rounds/${r.id}/close`, {}, ifm(closed.version))).json().code).toBe(
      'round_closed',
    );
    today = '2026-03-02';
  });
});

describe('blockers', () => {
  let blocker: { id: string; version: number };

  it('a unit raises a blocker on its project: issued to the unit that must remove it, led by the 包联 leader with a deadline', async () => {
    today = '2026-03-02';
    expect((await fgj.post('/api/v1/blockers', { projectId: A.id, type: 'land', description: 'x' })).statusCode).toBe(
      404,
    );
    expect(fields(await zjj.post('/api/v1/blockers', { projectId: A.id, type: 'weather', description: 'x' }))).toEqual([
      'body.type:choose_from_list',
    ]);
    const res = await zjj.post('/api/v1/blockers', {
      projectId: A.id,
      type: 'land',
      description: '二期用地指标未落实',
      handlingUnitId: unit('自然资源局'),
    });
    expect(res.statusCode, res.body).toBe(201);
    blocker = res.json();
    // 10 working days from Monday 2 March 2026.
    expect(blocker).toMatchObject({
      projectId: A.id,
      projectName: '云溪智能装备产业园',
      type: 'land',
      level: 1,
      leaderId: ids.zhao,
      leaderName: '赵志强',
      handlingUnitId: unit('自然资源局'),
      raisedByUnitId: unit('住建局'),
      raisedOn: '2026-03-02',
      deadline: '2026-03-16',
      state: 'assigned',
      light: 'green',
    });
    // The handling unit and the leader see it; another unit does not.
    expect((await zrzyj.get(`/api/v1/blockers/${blocker.id}`)).statusCode).toBe(200);
    const zhao = await t.login('zhaozhiqiang');
    expect(
      (await zhao.get(`/api/v1/blockers?leaderId=${ids.zhao}`)).json().items.map((b: { id: string }) => b.id),
    ).toContain(blocker.id);
    expect((await fgj.get(`/api/v1/blockers/${blocker.id}`)).statusCode).toBe(404);
  });

  it('escalates 包联 → 分管 → principal with a deadline per level; not beyond; red when a level lets its deadline pass', async () => {
    today = '2026-03-17';
    expect((await office.get(`/api/v1/blockers/${blocker.id}`)).json().light).toBe('red');
    expect(
      (
        await zjj.post(
          `/api/v1/blockers/${blocker.id}/escalate`,
          { reason: '包联领导协调未果' },
          ifm(blocker.version + 3),
        )
      ).statusCode,
    ).toBe(412);
    expect((await zjj.post(`/api/v1/blockers/${blocker.id}/escalate`, {}, ifm(blocker.version))).statusCode).toBe(400);
    let b = (
      await zjj.post(`/api/v1/blockers/${blocker.id}/escalate`, { reason: '包联领导协调未果' }, ifm(blocker.version))
    ).json();
    expect(b).toMatchObject({
      level: 2,
      leaderId: ids.gong,
      leaderName: '龚颖',
      deadline: '2026-03-24',
      light: 'green',
    });
    expect((await gongying.get('/api/v1/blockers')).json().items.map((x: { id: string }) => x.id)).toContain(
      blocker.id,
    );
    b = (
      await office.post(`/api/v1/blockers/${blocker.id}/escalate`, { reason: '需县政府常务会研究' }, ifm(b.version))
    ).json();
    expect(b).toMatchObject({ level: 3, leaderId: ids.li, leaderName: '李明哲' });
    const top = await office.post(`/api/v1/blockers/${blocker.id}/escalate`, { reason: '再上报' }, ifm(b.version));
    expect(top.statusCode).toBe(409);
    expect(top.json().code).toBe('blocker_top_level');
    // On the core, each escalation is one event of the blocker's item.
    const me = (await office.get('/api/v1/auth/me')).json();
    const actor = {
      personId: me.id,
      username: me.username,
      displayName: me.displayName,
      unitId: me.unitId,
      jurisdictionId: me.jurisdictionId,
      roles: me.roles,
      leaderUnitIds: [],
      via: 'session' as const,
      mustChangePassword: false,
      needsTotpSetup: false,
    };
    const events = await t.deps.supervision.events(actor, blocker.id);
    expect(events.filter((e) => e.action === 'urge').map((e) => (e.data as { toLevel: number }).toLevel)).toEqual([
      2, 3,
    ]);
    blocker = b;
  });

  it('the handling unit reports it removed with a note and evidence; the raising unit confirms; the open list empties', async () => {
    expect(
      (
        await zjj.post(
          `/api/v1/blockers/${blocker.id}/resolve`,
          { resolution: 'x', attachmentIds: [await upload(zjj)] },
          ifm(blocker.version),
        )
      ).statusCode,
    ).toBe(403);
    expect(
      fields(
        await zrzyj.post(
          `/api/v1/blockers/${blocker.id}/resolve`,
          { resolution: '已调剂用地指标' },
          ifm(blocker.version),
        ),
      ),
    ).toEqual(['body.attachmentIds:required']);
    const resolved = await zrzyj.post(
      `/api/v1/blockers/${blocker.id}/resolve`,
      { resolution: '已调剂用地指标12亩', attachmentIds: [await upload(zrzyj)] },
      ifm(blocker.version),
    );
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(resolved.json()).toMatchObject({
      state: 'close_requested',
      resolution: '已调剂用地指标12亩',
      resolvedOn: '2026-03-17',
    });
    const done = await zjj.post(`/api/v1/blockers/${blocker.id}/confirm`, {}, ifm(resolved.json().version));
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ state: 'closed', light: 'done' });
    expect((await office.get('/api/v1/blockers')).json().items.map((x: { id: string }) => x.id)).not.toContain(
      blocker.id,
    );
    expect((await office.get('/api/v1/blockers?state=closed')).json().items.map((x: { id: string }) => x.id)).toContain(
      blocker.id,
    );
  });

  it('a round’s summary lists the blockers raised in its week and those still open', async () => {
    today = '2026-03-09';
    const open = (
      await fgj.post('/api/v1/blockers', { projectId: B.id, type: 'relocation', description: '征迁户2户未签约' })
    ).json();
    expect(open).toMatchObject({ level: 1, leaderId: ids.zhao, handlingUnitId: unit('发改局') });
    const round = (await office.post('/api/v1/rounds', { weekOf: '2026-03-09' })).json();
    const s = (await office.get(`/api/v1/rounds/${round.id}/summary`)).json();
    expect(s.newBlockers.map((x: { id: string }) => x.id)).toEqual([open.id]);
    expect(s.openBlockers.map((x: { id: string }) => x.id)).toEqual([open.id]);
    // The same summary as a workbook for the scheduling meeting.
    const xlsx = await office.get(`/api/v1/rounds/${round.id}/export`);
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '调度汇总',
      '未报项目',
      '滞后项目',
      '问题及需协调事项',
      '本周新增卡点',
      '未解决卡点',
      '调度事项',
    ]);
    const units = wb.getWorksheet('调度汇总')!.getSheetValues().slice(2) as unknown[][];
    expect(units.at(-1)!.slice(1)).toEqual(['合计', s.expected, 0, 0, s.expected, 0]);
    expect((wb.getWorksheet('未报项目')!.getSheetValues().slice(2) as unknown[][]).length).toBe(s.expected);
    const blockerRow = wb.getWorksheet('未解决卡点')!.getRow(2).values as unknown[];
    expect(blockerRow.slice(1, 5)).toEqual(['城西片区路网工程', '征迁', '征迁户2户未签约', '县发展和改革局']);
    // And as a Word document: read back from word/document.xml.
    const docx = await office.get(`/api/v1/rounds/${round.id}/export?format=docx`);
    expect(docx.statusCode).toBe(200);
    expect(docx.headers['content-type']).toContain('wordprocessingml');
    expect(docx.headers['content-disposition']).toContain(encodeURIComponent(`${round.title}.docx`));
    const xml = await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')!.async('string');
    const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('|');
    expect(text).toContain(`${round.title}对账情况`);
    expect(text).toContain(`本轮应报项目 ${s.expected} 个，已报 0 个，其中迟报 0 个，未报 ${s.expected} 个`);
    for (const h of ['一、各单位报送情况', '二、未报项目', '五、本周新增卡点', '六、未解决卡点'])
      expect(text).toContain(h);
    // The open blocker's row, cell by cell, in the last table.
    expect(text.slice(text.lastIndexOf('六、未解决卡点'))).toContain(
      '城西片区路网工程|征迁|征迁户2户未签约|县发展和改革局',
    );
    // Every project not reported is listed under 二、未报项目.
    const missingPart = text.slice(text.indexOf('二、未报项目'), text.indexOf('三、滞后项目'));
    for (const m of s.missing) expect(missingPart).toContain(`${m.projectName}|${m.unitName}`);
    expect((await office.get(`/api/v1/rounds/${round.id}/export?format=pdf`)).statusCode).toBe(400);
    today = '2026-03-02';
  });
});
