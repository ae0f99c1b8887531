import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { createTestApp, type Client } from '../../../../tests/helpers/app';

const t = await createTestApp();
const admin = await t.login('sysadmin');
const units = async (c: Client = admin) =>
  (await c.get('/api/v1/units')).json().items as {
    id: string;
    name: string;
    shortName: string;
    parentId: string | null;
    version: number;
    active: boolean;
  }[];
const unitBy = async (shortName: string) => (await units()).find((u) => u.shortName === shortName)!;

function multipart(fileName: string, content: Buffer, contentType = 'application/octet-stream') {
  const boundary = `----luoshi${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, content, tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
async function upload(c: Client, fileName: string, content: Buffer) {
  const m = multipart(fileName, content);
  return c.request('POST', '/api/v1/org-imports', { payload: m.payload, headers: m.headers });
}
async function workbook(unitRows: (string | number)[][], peopleRows: (string | number)[][] = []) {
  const wb = new ExcelJS.Workbook();
  const u = wb.addWorksheet('单位');
  u.addRow(['单位名称', '上级单位', '类型', '简称', '别名', '排序']);
  unitRows.forEach((r) => u.addRow(r));
  const p = wb.addWorksheet('人员');
  p.addRow(['用户名', '姓名', '所属单位', '职务', '手机', '角色', '分管单位', '初始密码']);
  peopleRows.forEach((r) => p.addRow(r));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('units', () => {
  it('creates, edits with If-Match, and refuses a stale version with 412', async () => {
    const parent = await unitBy('城关镇');
    const res = await admin.post('/api/v1/units', { name: '城关镇社区服务中心', kind: 'other', parentId: parent.id });
    expect(res.statusCode).toBe(201);
    const u = res.json();
    expect(res.headers.etag).toBe('"1"');
    const ok = await admin.patch(`/api/v1/units/${u.id}`, { shortName: '社区中心' }, { 'if-match': '"1"' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().version).toBe(2);
    const stale = await admin.patch(`/api/v1/units/${u.id}`, { shortName: '旧' }, { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toMatchObject({ code: 'version_conflict', currentVersion: 2 });
    const missing = await admin.patch(`/api/v1/units/${u.id}`, { shortName: '无版本' });
    expect(missing.statusCode).toBe(428);
  });

  it('refuses moving a unit under its own descendant', async () => {
    const top = (await admin.post('/api/v1/units', { name: '测试上级', kind: 'other' })).json();
    const child = (await admin.post('/api/v1/units', { name: '测试下级', kind: 'other', parentId: top.id })).json();
    const grandchild = (
      await admin.post('/api/v1/units', { name: '测试孙级', kind: 'other', parentId: child.id })
    ).json();
    const res = await admin.patch(
      `/api/v1/units/${top.id}`,
      { parentId: grandchild.id },
      { 'if-match': `"${top.version}"` },
    );
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'unit_cycle', detail: '不能把单位移动到它自己或其下级单位之下' });
    const self = await admin.patch(`/api/v1/units/${top.id}`, { parentId: top.id }, { 'if-match': `"${top.version}"` });
    expect(self.json().code).toBe('unit_cycle');
  });

  it('refuses a duplicate name among active units', async () => {
    const res = await admin.post('/api/v1/units', { name: '县财政局', kind: 'department' });
    expect(res.statusCode).toBe(409);
    expect(res.json().errors[0]).toMatchObject({ field: 'body.name', code: 'exists' });
  });

  it('deactivates an empty unit, refuses one with people, never deletes', async () => {
    const busy = await unitBy('财政局');
    const r1 = await admin.post(`/api/v1/units/${busy.id}/deactivate`, {}, { 'if-match': `"${busy.version}"` });
    expect(r1.statusCode).toBe(409);
    expect(r1.json().code).toBe('unit_in_use');
    const empty = (await admin.post('/api/v1/units', { name: '临时专班', kind: 'other' })).json();
    const r2 = await admin.post(`/api/v1/units/${empty.id}/deactivate`, {}, { 'if-match': '"1"' });
    expect(r2.statusCode).toBe(200);
    expect(r2.json().active).toBe(false);
    expect((await units()).find((u) => u.id === empty.id)?.active).toBe(false);
  });

  it('counts the active people of each unit', async () => {
    const list = (await admin.get('/api/v1/units')).json().items as {
      id: string;
      shortName: string | null;
      peopleCount: number;
    }[];
    const fgj = list.find((u) => u.shortName === '发改局')!;
    const inUnit = (await admin.get(`/api/v1/people?unitId=${fgj.id}&pageSize=500`)).json().total as number;
    expect(inUnit).toBeGreaterThan(0);
    expect(fgj.peopleCount).toBe(inUnit);
  });

  it('stores SQL and HTML in text fields as text', async () => {
    const name = `<script>alert(1)</script>'; DROP TABLE units; --`;
    const res = await admin.post('/api/v1/units', { name, kind: 'other' });
    expect(res.statusCode).toBe(201);
    expect(res.json().name).toBe(name);
    expect((await units()).some((u) => u.name === name)).toBe(true);
  });

  it('rejects over-long strings and unknown fields, naming them', async () => {
    const res = await admin.post('/api/v1/units', { name: '长'.repeat(101), kind: 'other', color: 'red' });
    expect(res.statusCode).toBe(400);
    const fields = res.json().errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`);
    expect(fields).toEqual(expect.arrayContaining(['body.name:too_long', 'body.color:unknown_field']));
  });

  it('answers 413 to an oversized body', async () => {
    const small = await createTestApp({ bodyLimitBytes: 1024 });
    const c = await small.login('sysadmin');
    const res = await c.post('/api/v1/units', { name: 'x', kind: 'other', aliases: ['a'.repeat(2000)] });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('payload_too_large');
  });
});

describe('people and roles', () => {
  it('keeps the three administrators separate', async () => {
    const sec = await t.login('secadmin');
    const p = (await sec.get('/api/v1/people?q=zhoumin')).json().items[0];
    const both = await sec.put(
      `/api/v1/people/${p.id}/roles`,
      { roles: ['system_admin', 'audit_admin'] },
      { 'if-match': `"${p.version}"` },
    );
    expect(both.statusCode).toBe(409);
    expect(both.json().code).toBe('admin_roles_exclusive');
    const mixed = await sec.put(
      `/api/v1/people/${p.id}/roles`,
      { roles: ['audit_admin', 'leader'] },
      { 'if-match': `"${p.version}"` },
    );
    expect(mixed.json().code).toBe('admin_roles_exclusive');
  });

  it('sets roles and 分管 units; the person’s sessions end', async () => {
    const sec = await t.login('secadmin');
    const c = await t.login('chenhui');
    const p = (await sec.get('/api/v1/people?q=chenhui')).json().items[0];
    const edu = await unitBy('教育局');
    const res = await sec.put(
      `/api/v1/people/${p.id}/roles`,
      { roles: ['leader'], leaderUnitIds: [edu.id] },
      { 'if-match': `"${p.version}"` },
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().leaderUnitIds).toEqual([edu.id]);
    expect((await c.get('/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('refuses deactivating or demoting the last system administrator', async () => {
    const sys = (await admin.get('/api/v1/people?q=sysadmin')).json().items[0];
    const res = await admin.post(`/api/v1/people/${sys.id}/deactivate`, {}, { 'if-match': `"${sys.version}"` });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('last_system_admin');
    const sec = await t.login('secadmin');
    const demote = await sec.put(
      `/api/v1/people/${sys.id}/roles`,
      { roles: ['leader'] },
      { 'if-match': `"${sys.version}"` },
    );
    expect(demote.json().code).toBe('last_system_admin');
  });

  it('exports the visible people to .xlsx that reads back', async () => {
    const res = await admin.get(`/api/v1/people/export?unitId=${(await unitBy('发改局')).id}`);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('人员')!;
    expect(ws.getRow(1).getCell(1).value).toBe('用户名');
    const names = ws.getColumn(1).values.slice(2);
    expect(names).toEqual(expect.arrayContaining(['fgj.clerk', 'fgj.admin']));
  });
});

describe('organisation import', () => {
  it('previews, then commits units and people all at once; a re-upload is recognised', async () => {
    const file = await workbook(
      [
        ['导入测试镇人民政府', '', '乡镇（街道）', '导入镇', '导入', 500],
        ['导入测试镇便民服务中心', '导入测试镇人民政府', '其他', '', '', 501],
      ],
      [
        ['drcs.clerk', '王导入', '导入测试镇便民服务中心', '经办人', '13900000000', '单位经办人', '', 'Imp#2026ab'],
        ['drcs.leader', '李分管', '县政府办公室', '', '', '分管领导', '导入测试镇人民政府', 'Imp#2026ab'],
      ],
    );
    const prev = await upload(admin, 'org.xlsx', file);
    expect(prev.statusCode).toBe(200);
    expect(prev.json().errors).toEqual([]);
    expect(prev.json()).toMatchObject({ units: 2, people: 2 });
    const batch = prev.json().batchId;
    const stored = await t.deps.database.pool.query('SELECT payload::text AS p FROM import_batches WHERE id = $1', [
      batch,
    ]);
    expect(stored.rows[0].p).not.toContain('Imp#2026ab');
    const commit = await admin.post(`/api/v1/org-imports/${batch}/commit`);
    expect(commit.statusCode).toBe(200);
    expect(commit.json()).toEqual({ units: 2, people: 2 });
    const again = await admin.post(`/api/v1/org-imports/${batch}/commit`);
    expect(again.json().code).toBe('import_stale');
    const leader = await t.login('drcs.leader', 'Imp#2026ab');
    const me = (await leader.get('/api/v1/auth/me')).json();
    expect(me).toMatchObject({ roles: ['leader'], mustChangePassword: true });
    const re = await upload(admin, 'org.xlsx', file);
    expect(re.json().previouslyCommittedAt).toBeTruthy();
    expect(re.json().errors.length).toBeGreaterThan(0); // the units now exist
  });

  it('reports every bad row and writes nothing', async () => {
    const before = (await units()).length;
    const file = await workbook(
      [
        ['重复单位', '', '其他'],
        ['重复单位', '', '其他'],
        ['孤儿单位', '不存在的上级', '其他'],
        ['', '', '其他'],
        ['怪类型', '', '外星机构'],
      ],
      [
        ['bad user!', '某人', '县财政局', '', '', '', '', 'Aa#12345'],
        ['ok.user', '', '没有的单位', '', '', '系统管理员', '', 'weak'],
      ],
    );
    const res = await upload(admin, 'bad.xlsx', file);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.batchId).toBeNull();
    const found = body.errors.map(
      (e: { row: number; column: string; code: string }) => `${e.row}:${e.column}:${e.code}`,
    );
    expect(found).toEqual(
      expect.arrayContaining([
        '3:单位名称:duplicate_in_file',
        '4:上级单位:unknown_unit',
        '5:单位名称:required',
        '6:类型:invalid_value',
        '2:用户名:invalid_format',
        '3:姓名:required',
        '3:所属单位:unknown_unit',
        '3:角色:unknown_role',
        '3:初始密码:too_short',
      ]),
    );
    expect(body.errors.find((e: { code: string }) => e.code === 'duplicate_in_file').message).toBe('与第 2 行重复');
    expect((await units()).length).toBe(before);
  });

  it('reads a GBK-encoded CSV of people', async () => {
    const csv =
      '用户名,姓名,所属单位,职务,手机,角色,分管单位,初始密码\r\ngbk.clerk,赵国标,县财政局,科员,,单位经办人,,Gbk#2026ab\r\n';
    const res = await upload(admin, '人员.csv', iconv.encode(csv, 'gbk'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ people: 1, errors: [] });
    expect(res.json().sample.people[0]).toMatchObject({ displayName: '赵国标', unitName: '县财政局' });
  });

  it('refuses a file that is not a spreadsheet', async () => {
    const res = await upload(admin, 'fake.xlsx', Buffer.from('this is not a zip'));
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('bad_file');
    expect(res.json().detail).toContain('不是 .xlsx');
    const zipButNot = await upload(
      admin,
      'broken.xlsx',
      Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100)]),
    );
    expect(zipButNot.json().code).toBe('bad_file');
  });
});
