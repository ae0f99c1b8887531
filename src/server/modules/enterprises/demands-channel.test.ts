import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp } from '../../../../tests/helpers/app';
import { bombSheet, buildZip, xlsxParts } from '../../../../tests/helpers/zip';
import { creditCodeCheckChar } from '../../../shared/domain/credit-code';

/**
 * The enterprise's own channel as the system actor 企业诉求直通车（系统） (a person of the jurisdiction that never
 * signs in), the files an enterprise sends with its demand (checked as evidence is), and the demand's page on the
 * core's loop (timeline, files, 催办, 调整时限).
 */
const t = await createTestApp();
const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
const db = t.deps.database.db;
const office = await t.login('sunli');
const jfj = await t.login('jfj.clerk');
const czj = await t.login('czj.clerk');
const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
const unit = (s: string) => units.find((u) => u.shortName === s)!.id;

let serial = 300000;
function code(): string {
  const first = `91350100MA${String(serial++).padStart(7, '0')}`;
  return first + creditCodeCheckChar(first);
}
let ip = 1;
const from = () => `203.0.113.${ip++}`;
const pub = (method: 'GET' | 'POST', url: string, remoteAddress: string, body?: unknown) =>
  t.app.inject({ method, url, remoteAddress, ...(body ? { payload: body as Record<string, unknown> } : {}) });

/** A demand through the public channel from an enterprise 包联 by the 经发局 (routed there at once). */
async function submit() {
  const at = from();
  const e = (
    await office.post('/api/v1/enterprises', {
      name: `直通车测试企业${serial}`,
      creditCode: code(),
      industryDivision: '39',
      scale: 'above',
      size: 'small',
      areaUnitId: unit('开发区'),
      liaisonUnitId: unit('经发局'),
      contacts: [{ name: '王经理', mobile: '13800000001' }],
    })
  ).json();
  const c = (await pub('GET', '/api/public/demands/challenge', at)).json();
  const [a, b] = /(\d+) \+ (\d+) = \?/.exec(c.question)!.slice(1).map(Number);
  const res = await pub('POST', '/api/public/demands', at, {
    creditCode: e.creditCode,
    enterpriseName: e.name,
    contactName: '陈女士',
    contactMobile: '13912345678',
    category: 'land',
    text: '厂区扩建用地手续办理进度缓慢，请协调。',
    challenge: c.challenge,
    answer: String(a! + b!),
  });
  expect(res.statusCode, res.body).toBe(201);
  const { token, trackingCode } = res.json() as { token: string; trackingCode: string };
  const list = (await jfj.get(`/api/v1/demands?q=${trackingCode}`)).json().items as { id: string }[];
  return { token, trackingCode, id: list[0]!.id, ip: at };
}

/** A multipart upload to the public file route on the listening server (a real body, streamed). */
async function sendFile(token: string, fileName: string, data: Buffer, remote?: string) {
  const f = new FormData();
  f.append('file', new Blob([new Uint8Array(data)]), fileName);
  const res = await fetch(`${address}/api/public/demands/${token}/files`, {
    method: 'POST',
    body: f,
    headers: { 'accept-language': 'zh-CN', ...(remote ? { 'x-forwarded-for': remote } : {}) },
  });
  return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as Record<string, any> };
}
const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`);

describe('the system actor 企业诉求直通车（系统）', () => {
  it('is a person of the jurisdiction whom the channel’s events, items and audit records name', async () => {
    const d = await submit();
    const [p] = (
      await db.execute<{ id: string; username: string; display_name: string; system: string }>(
        sql`SELECT id, username, display_name, system FROM people WHERE system = 'demand_channel'`,
      )
    ).rows;
    expect(p).toMatchObject({ display_name: '企业诉求直通车（系统）', system: 'demand_channel' });
    expect(p!.username).toMatch(/^system:demand-channel:/);
    // The item and its events reference a real person: no nil id anywhere.
    const [item] = (
      await db.execute<{ created_by: string }>(sql`SELECT created_by FROM supervised_items WHERE id = ${d.id}`)
    ).rows;
    expect(item!.created_by).toBe(p!.id);
    const nil = (
      await db.execute<{ n: number }>(
        sql`SELECT (SELECT count(*) FROM supervised_items WHERE created_by = '00000000-0000-0000-0000-000000000000')
          + (SELECT count(*) FROM supervision_events WHERE actor_person_id = '00000000-0000-0000-0000-000000000000') AS n`,
      )
    ).rows[0]!;
    expect(Number(nil.n)).toBe(0);
    const events = (await office.get(`/api/v1/demands/${d.id}/events`)).json().items as {
      action: string;
      actorName: string | null;
    }[];
    expect(events.find((e) => e.action === 'assign')?.actorName).toBe('企业诉求直通车（系统）');
    // The audit trail names it, and the chain still verifies.
    const audit = await t.login('auditadmin');
    const submitted = (await audit.get('/api/v1/audit-events?action=demand.submit&pageSize=500')).json().items as {
      objectId: string;
      personId: string | null;
      username: string | null;
    }[];
    expect(submitted.find((a) => a.objectId === d.id)).toMatchObject({ personId: p!.id, username: p!.username });
    const verify = (await audit.post('/api/v1/audit-events/verify', {})).json();
    expect(verify.ok, JSON.stringify(verify)).toBe(true);
  });

  it('can never sign in, is not listed, picked or managed, and keeps no unit from being deactivated', async () => {
    const [p] = (
      await db.execute<{ id: string; username: string; unit_id: string }>(
        sql`SELECT id, username, unit_id FROM people WHERE system = 'demand_channel'`,
      )
    ).rows;
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: p!.username, password: 'Whatever-123' },
    });
    expect(login.statusCode).toBe(401);
    const [cred] = (
      await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM credentials WHERE person_id = ${p!.id}`)
    ).rows;
    expect(cred!.n).toBe(0);
    const sysadmin = await t.login('sysadmin');
    const all = (await sysadmin.get('/api/v1/people?pageSize=500&active=all')).json().items as { id: string }[];
    expect(all.some((x) => x.id === p!.id)).toBe(false);
    expect((await sysadmin.get(`/api/v1/people/${p!.id}`)).statusCode).toBe(404);
    expect([403, 404]).toContain(
      (await sysadmin.put(`/api/v1/people/${p!.id}/roles`, { roles: ['unit_clerk'] })).statusCode,
    );
    const secadmin = await t.login('secadmin');
    expect(
      (await secadmin.post(`/api/v1/people/${p!.id}/reset-password`, { newPassword: 'Abcdef-12345' })).statusCode,
    ).toBe(404);
    // The unit's head count leaves it out.
    const home = (await office.get('/api/v1/units')).json().items.find((u: { id: string }) => u.id === p!.unit_id);
    const [real] = (
      await db.execute<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM people WHERE unit_id = ${p!.unit_id} AND active AND system IS NULL`,
      )
    ).rows;
    expect(home.peopleCount).toBe(real!.n);
  });
});

describe('files the enterprise sends with its demand', () => {
  it('are checked as evidence, seen by the handling unit on the demand’s page and by the enterprise on its own', async () => {
    const d = await submit();
    const ok = await sendFile(d.token, '用地红线图.pdf', pdf('red line'));
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body).toMatchObject({ fileName: '用地红线图.pdf', mediaType: 'application/pdf' });
    // The unit: on the demand (its own part) and among the item's files (the core's card).
    const page = (await jfj.get(`/api/v1/demands/${d.id}`)).json();
    expect(page.enterpriseFiles).toEqual([expect.objectContaining({ id: ok.body.id, fileName: '用地红线图.pdf' })]);
    const files = (await jfj.get(`/api/v1/demands/${d.id}/attachments`)).json().items as { id: string }[];
    expect(files.map((f) => f.id)).toContain(ok.body.id);
    const got = await jfj.get(`/api/v1/attachments/${ok.body.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.body).toContain('red line');
    // Another unit reaches neither the demand nor the file.
    expect((await czj.get(`/api/v1/demands/${d.id}/attachments`)).statusCode).toBe(404);
    expect((await czj.get(`/api/v1/attachments/${ok.body.id}`)).statusCode).toBe(404);
    // The enterprise: its files on its tracking page, downloadable through its link only.
    const view = (await pub('GET', `/api/public/demands/${d.token}`, d.ip)).json();
    expect(view.files).toEqual([expect.objectContaining({ id: ok.body.id, fileName: '用地红线图.pdf' })]);
    expect(view.canAddFiles).toBe(true);
    const own = await pub('GET', `/api/public/demands/${d.token}/files/${ok.body.id}`, d.ip);
    expect(own.statusCode).toBe(200);
    expect(own.headers['content-type']).toBe('application/pdf');
    const other = await submit();
    expect((await pub('GET', `/api/public/demands/${other.token}/files/${ok.body.id}`, other.ip)).statusCode).toBe(404);
    // The audit names the system actor.
    const audit = await t.login('auditadmin');
    const rows = (await audit.get('/api/v1/audit-events?action=demand.file&pageSize=500')).json().items as {
      objectId: string;
      username: string;
    }[];
    expect(rows.find((r) => r.objectId === d.id)?.username).toMatch(/^system:demand-channel:/);
  });

  it('a hostile file is refused in Chinese naming the field: a renamed executable, a disguised and an expanding archive', async () => {
    const d = await submit();
    const exe = await sendFile(d.token, '营业执照.pdf', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(300)]));
    expect(exe.status).toBe(400);
    expect(exe.type).toContain('application/problem+json');
    expect(exe.body.code).toBe('bad_file');
    expect(exe.body.errors[0]).toMatchObject({ field: 'file', label: '附件' });
    expect(exe.body.errors[0].message).toMatch(/^文件不能接收：只接受 PDF/);
    // A zip that is no Office file, and an .xlsx that expands to some 143 MB.
    const zip = await sendFile(d.token, '材料.docx', buildZip([{ name: 'a.txt', data: Buffer.from('hello') }]));
    expect(zip.status).toBe(400);
    expect(zip.body.errors[0].field).toBe('file');
    const bomb = await sendFile(d.token, '报表.xlsx', buildZip(xlsxParts(bombSheet(3_000_000))));
    expect(bomb.status).toBeGreaterThanOrEqual(400);
    expect(bomb.status).toBeLessThan(500);
    expect(bomb.body.errors?.[0]?.field ?? bomb.body.code).toBeTruthy();
    const view = (await pub('GET', `/api/public/demands/${d.token}`, d.ip)).json();
    expect(view.files).toEqual([]);
  });

  it('a 21 MB file is refused with a 413 naming the field, and the server answers meanwhile', async () => {
    const d = await submit();
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(21 * 1024 * 1024)]);
    const res = await sendFile(d.token, '扫描件.pdf', big);
    expect(res.status).toBe(413);
    expect(res.type).toContain('application/problem+json');
    expect(res.body.errors[0]).toMatchObject({ field: 'file', label: '附件', message: '文件超过 20 MB' });
    expect((await fetch(`${address}/api/public/demands/${d.token}`)).status).toBe(200);
  });

  it('a guessed token reaches nothing and reads no body; a sixth file, or a file after closing, is refused', async () => {
    const d = await submit();
    const guessed = d.token.slice(0, -1) + (d.token.endsWith('A') ? 'B' : 'A');
    const g = await sendFile(guessed, 'a.pdf', pdf('guess'));
    expect(g.status).toBe(404);
    expect((await sendFile('short', 'a.pdf', pdf('guess'))).status).toBe(404);
    for (let i = 0; i < 5; i++)
      expect((await sendFile(d.token, `第${i + 1}页.pdf`, pdf(`page ${i}`))).status).toBe(201);
    const sixth = await sendFile(d.token, '第6页.pdf', pdf('page 6'));
    expect(sixth.status).toBe(400);
    expect(sixth.body.errors[0]).toMatchObject({
      field: 'file',
      code: 'too_many_files',
      message: '每件诉求最多 5 个附件',
    });
    // Once closed (answered and rated), no more files.
    const other = await submit();
    const cur = await jfj.get(`/api/v1/demands/${other.id}`);
    await jfj.post(
      `/api/v1/demands/${other.id}/reply`,
      { text: '已办理。', final: true },
      { 'if-match': cur.headers.etag as string },
    );
    await pub('POST', `/api/public/demands/${other.token}/rating`, other.ip, { rating: 'satisfied' });
    const late = await sendFile(other.token, 'late.pdf', pdf('late'));
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('demand_files_closed');
    expect((await pub('GET', `/api/public/demands/${other.token}`, other.ip)).json().canAddFiles).toBe(false);
  });
});

describe("the demand's page on the core's loop", () => {
  it('shows the timeline, 催办 and 调整时限 as tasks have them, and the time lost between units', async () => {
    const d = await submit();
    let cur = await jfj.get(`/api/v1/demands/${d.id}`);
    // The unit gives it back; the office routes it to another unit: the 经发局's hold is time lost.
    const back = await jfj.post(
      `/api/v1/demands/${d.id}/return`,
      { reason: '用地事项属自然资源局职责' },
      { 'if-match': cur.headers.etag as string },
    );
    expect(back.statusCode, back.body).toBe(200);
    cur = await office.get(`/api/v1/demands/${d.id}`);
    const routed = await office.post(
      `/api/v1/demands/${d.id}/assign`,
      { handlingUnitId: unit('自然资源局'), coUnitIds: [] },
      { 'if-match': cur.headers.etag as string },
    );
    expect(routed.statusCode, routed.body).toBe(200);
    const page = routed.json();
    expect(page.timeLost.units).toEqual([
      expect.objectContaining({ unitId: unit('经发局'), returns: 1, heldHours: expect.any(Number) }),
    ]);
    expect(page.coreActions).toEqual(expect.arrayContaining(['urge']));
    const urged = await office.post(`/api/v1/demands/${d.id}/urge`, {}, { 'if-match': `"${page.version}"` });
    expect(urged.statusCode, urged.body).toBe(200);
    const replanned = await office.post(
      `/api/v1/demands/${d.id}/replan`,
      { deadline: '2099-12-31', reason: '涉及规划调整，经研究延至年底' },
      { 'if-match': `"${urged.json().version}"` },
    );
    expect(replanned.statusCode, replanned.body).toBe(200);
    expect(replanned.json().resolveDue).toBe('2099-12-31');
    const events = (await office.get(`/api/v1/demands/${d.id}/events`))
      .json()
      .items.map((e: { action: string }) => e.action);
    expect(events).toEqual(expect.arrayContaining(['assign', 'return', 'reassign', 'urge', 'replan']));
    // Only demands are reached on this path; the steps a demand takes its own way are not mounted twice.
    const task = await office.post('/api/v1/tasks', {
      title: '诉求办理专项督查',
      content: '督促承办单位按时限办理企业诉求',
      standard: '按时答复率100%',
      accountability: '逾期的通报',
      leadUnitId: unit('经发局'),
      deadline: '2099-06-30',
      issue: false,
    });
    expect(task.statusCode, task.body).toBe(201);
    expect((await office.get(`/api/v1/demands/${task.json().id}/events`)).statusCode).toBe(404);
    expect((await office.post(`/api/v1/demands/${d.id}/close`, {})).statusCode).toBe(404);
  });
});

/** A unit's upload, as the reply dialog sends it (`POST /api/v1/attachments`, checked as evidence). */
async function unitUpload(c: typeof jfj, name: string, content: Buffer) {
  const boundary = `----t${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return c.request('POST', '/api/v1/attachments', {
    payload,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'accept-language': 'zh-CN' },
  });
}

describe('files the unit sends with its answer', () => {
  it('go to the enterprise with the answer; the demand’s other files stay internal; a disguised file is refused', async () => {
    const d = await submit();
    const up = await unitUpload(jfj, '贴息政策说明.pdf', pdf('policy answer'));
    expect(up.statusCode, up.body).toBe(201);
    // Another of the unit's files bound to the demand without an answer (as the loop's evidence is): internal.
    const internal = await unitUpload(jfj, '内部审批单.pdf', pdf('internal note'));
    await db.execute(sql`UPDATE attachments SET item_id = ${d.id} WHERE id = ${internal.json().id}`);
    // A disguised file (an executable named .pdf) is refused at upload, in Chinese.
    const exe = await unitUpload(jfj, '说明.pdf', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(300)]));
    expect(exe.statusCode).toBe(400);
    expect(exe.json().detail).toMatch(/^文件无法读取：只接受 PDF/);
    expect(exe.json().detail).not.toMatch(/only PDF/);

    let cur = await jfj.get(`/api/v1/demands/${d.id}`);
    // Someone else's upload, or too many, is refused naming the field.
    const foreign = await unitUpload(czj, '别家.pdf', pdf('other unit'));
    const bad = await jfj.post(
      `/api/v1/demands/${d.id}/reply`,
      { text: '答复', final: true, attachmentIds: [foreign.json().id] },
      { 'if-match': cur.headers.etag as string },
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ field: 'body.attachmentIds', label: '答复附件' });
    const many = await jfj.post(
      `/api/v1/demands/${d.id}/reply`,
      { text: '答复', final: true, attachmentIds: Array.from({ length: 21 }, () => up.json().id) },
      { 'if-match': cur.headers.etag as string },
    );
    expect(many.statusCode).toBe(400);
    expect(many.json().errors[0]).toMatchObject({ field: 'body.attachmentIds', label: '答复附件' });

    cur = await jfj.get(`/api/v1/demands/${d.id}`);
    const answered = await jfj.post(
      `/api/v1/demands/${d.id}/reply`,
      { text: '贴息政策已答复，详见附件。', final: true, attachmentIds: [up.json().id] },
      { 'if-match': cur.headers.etag as string },
    );
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json().replies[0].files).toEqual([
      expect.objectContaining({ id: up.json().id, fileName: '贴息政策说明.pdf', mediaType: 'application/pdf' }),
    ]);
    // The enterprise: the answer with its file, downloadable through its link; the internal file neither shown
    // nor reachable; the file not reachable through another demand's link.
    const view = (await pub('GET', `/api/public/demands/${d.token}`, d.ip)).json();
    expect(view.replies[0].files).toEqual([
      expect.objectContaining({ id: up.json().id, fileName: '贴息政策说明.pdf' }),
    ]);
    expect(JSON.stringify(view)).not.toContain(internal.json().id);
    expect(view.files).toEqual([]);
    const got = await pub('GET', `/api/public/demands/${d.token}/files/${up.json().id}`, d.ip);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.body).toContain('policy answer');
    expect((await pub('GET', `/api/public/demands/${d.token}/files/${internal.json().id}`, d.ip)).statusCode).toBe(404);
    const other = await submit();
    expect((await pub('GET', `/api/public/demands/${other.token}/files/${up.json().id}`, other.ip)).statusCode).toBe(
      404,
    );
    // The file is bound to the demand: it cannot be sent again with another demand's answer.
    const o = await jfj.get(`/api/v1/demands/${other.id}`);
    const again = await jfj.post(
      `/api/v1/demands/${other.id}/reply`,
      { text: '同上', final: false, attachmentIds: [up.json().id] },
      { 'if-match': o.headers.etag as string },
    );
    expect(again.statusCode).toBe(400);
  });
});

// Last: a second jurisdiction changes which county the public channel serves (the first by id).
describe('a new jurisdiction', () => {
  it('is made with a new jurisdiction’s first unit, once', async () => {
    const { org } = t.deps;
    const j = await db.transaction((tx) => org.ensureJurisdiction(tx, 'test-county-2', '测试二县'));
    const actor = {
      personId: '00000000-0000-0000-0000-000000000001',
      username: 'setup',
      displayName: 'setup',
      unitId: '00000000-0000-0000-0000-000000000001',
      jurisdictionId: j.id,
      roles: ['system_admin' as const],
      leaderUnitIds: [],
      via: 'token' as const,
      mustChangePassword: false,
      needsTotpSetup: false,
    };
    await org.createUnit(actor, { name: '测试二县委督查室', kind: 'supervision', aliases: [], sortOrder: 0 }, {});
    await org.createUnit(actor, { name: '测试二县发改局', kind: 'department', aliases: [], sortOrder: 1 }, {});
    const rows = (
      await db.execute<{ username: string }>(
        sql`SELECT username FROM people WHERE jurisdiction_id = ${j.id} AND system = 'demand_channel'`,
      )
    ).rows;
    expect(rows).toEqual([{ username: 'system:demand-channel:test-county-2' }]);
  });
});
