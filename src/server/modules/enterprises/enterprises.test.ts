import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestApp, type Client } from '../../../../tests/helpers/app';
import { creditCodeCheckChar } from '../../../shared/domain/credit-code';

/**
 * The enterprise registry and demands through HTTP on the demo county: the credit-code check and duplicates,
 * 包联 scoping, the import and export, the demand's flow with its rating loop, and the enterprise's own channel.
 */
const t = await createTestApp();
const office = await t.login('sunli');
const jfj = await t.login('jfj.clerk');
const czj = await t.login('czj.clerk');
const gongying = await t.login('gongying'); // 分管 the 经发局
const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string; kind: string }[];
const unit = (s: string) => units.find((u) => u.shortName === s)!.id;
const people = (await office.get('/api/v1/people?pageSize=500')).json().items as { id: string; username: string }[];
const person = (u: string) => people.find((p) => p.username === u)!.id;

/** A valid code from a running number: 9135 0100 + 9 characters + its check character. */
let serial = 100000;
function code(): string {
  const first = `91350100MA${String(serial++).padStart(7, '0')}`;
  return first + creditCodeCheckChar(first);
}

async function register(c: Client, body: Record<string, unknown>) {
  return c.post('/api/v1/enterprises', {
    name: `测试企业${serial}`,
    creditCode: code(),
    industryDivision: '39',
    scale: 'above',
    size: 'small',
    areaUnitId: unit('开发区'),
    liaisonUnitId: unit('经发局'),
    liaisonPerson: '张三',
    contacts: [{ name: '王经理', mobile: '13800000001' }],
    ...body,
  });
}

describe('the enterprise registry', () => {
  it('registers an enterprise with a checked code; the 门类 follows the 大类', async () => {
    const res = await register(office, {});
    expect(res.statusCode, res.body).toBe(201);
    const e = res.json();
    expect(e.industrySection).toBe('C');
    expect(e.industryName).toBe('计算机、通信和其他电子设备制造业');
    expect(e.liaisonUnitName).toBe('县经济发展局');
    expect(e.areaName).toContain('开发区');
  });

  it('refuses a wrong check character, naming the field and the right character in Chinese', async () => {
    const good = code();
    const wrong = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const res = await register(office, { creditCode: wrong });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const err = res.json().errors[0];
    expect(err.field).toBe('body.creditCode');
    expect(err.code).toBe('credit_code_check');
    expect(err.message).toContain('统一社会信用代码校验位不对');
    expect(err.message).toContain(`“${good[17]}”`);
    const short = await register(office, { creditCode: '9135010' });
    expect(short.json().errors[0].message).toBe('统一社会信用代码须为 18 位');
  });

  it('refuses a duplicate code (also typed in full width and lower case), naming the enterprise', async () => {
    const c = code();
    expect((await register(office, { creditCode: c, name: '云溪电子有限公司' })).statusCode).toBe(201);
    const fullWidth = [...c.toLowerCase()].map((ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)).join('');
    const res = await register(office, { creditCode: fullWidth, name: '另一家' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      expect.objectContaining({
        field: 'body.creditCode',
        code: 'credit_code_taken',
        message: expect.stringContaining('云溪电子有限公司'),
      }),
    ]);
  });

  it('a key enterprise needs a county leader; a division must belong to its section', async () => {
    const res = await register(office, {
      key: true,
      liaisonLeaderId: null,
      industrySection: 'A',
      industryDivision: '39',
    });
    expect(res.statusCode).toBe(400);
    const fields = res.json().errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`);
    expect(fields).toContain('body.liaisonLeaderId:liaison_leader_required');
    expect(fields).toContain('body.industryDivision:division_not_in_section');
    const notLeader = await register(office, { key: true, liaisonLeaderId: person('jfj.clerk') });
    expect(notLeader.json().errors[0]).toMatchObject({ field: 'body.liaisonLeaderId', code: 'not_a_leader' });
    const ok = await register(office, { key: true, liaisonLeaderId: person('gongying'), liaisonUnitId: null });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().liaisonLeaderName).toBe('龚颖');
  });

  it('is scoped by 包联: a unit its own, a leader hers and her units’, the office all; others are not found', async () => {
    const mine = (await register(office, { liaisonUnitId: unit('财政局') })).json();
    const jfjList = (await jfj.get('/api/v1/enterprises?pageSize=500')).json();
    expect(jfjList.items.length).toBeGreaterThan(0);
    expect(jfjList.items.every((e: { liaisonUnitName: string }) => e.liaisonUnitName === '县经济发展局')).toBe(true);
    expect((await jfj.get(`/api/v1/enterprises/${mine.id}`)).statusCode).toBe(404);
    expect((await czj.get(`/api/v1/enterprises/${mine.id}`)).statusCode).toBe(200);
    const hers = (await gongying.get('/api/v1/enterprises?pageSize=500')).json().items as {
      liaisonLeaderName: string | null;
      liaisonUnitName: string | null;
    }[];
    expect(hers.some((e) => e.liaisonLeaderName === '龚颖')).toBe(true);
    expect(hers.some((e) => e.liaisonUnitName === '县财政局')).toBe(false);
    const all = (await office.get('/api/v1/enterprises?pageSize=500')).json();
    expect(all.total).toBeGreaterThan(jfjList.total);
    // A unit cannot register or edit (the registry is the office's).
    expect((await register(jfj, {})).statusCode).toBe(403);
  });

  it('finds an enterprise by a fragment of its name, code or legal representative, within what the caller sees', async () => {
    const c = code();
    const e = (
      await register(office, { name: '云溪澜沧光电材料有限公司', creditCode: c, legalRepresentative: '欧阳明远' })
    ).json();
    const other = (
      await register(office, {
        name: '云溪澜沧包装有限公司',
        legalRepresentative: '司马青',
        liaisonUnitId: unit('财政局'),
      })
    ).json();
    const ids = async (who: Client, q: string) => {
      const r = (await who.get(`/api/v1/enterprises?q=${encodeURIComponent(q)}&pageSize=100`)).json();
      expect(r.total).toBe(r.items.length);
      return (r.items as { id: string }[]).map((x) => x.id).sort();
    };
    // A fragment from the middle of the name (the index of two-character pieces narrows, ILIKE decides).
    expect(await ids(office, '光电材料')).toEqual([e.id]);
    expect(await ids(office, '澜沧')).toEqual([e.id, other.id].sort());
    // Pieces all present but not in a row: not a match.
    expect(await ids(office, '澜沧材料')).toEqual([]);
    // The code in full, a fragment of it in lower case, the legal representative; one character (no index).
    expect(await ids(office, c)).toEqual([e.id]);
    expect(await ids(office, c.slice(9).toLowerCase())).toEqual([e.id]);
    expect(await ids(office, '欧阳明')).toEqual([e.id]);
    expect(await ids(office, '司马青')).toEqual([other.id]);
    expect((await ids(office, '澜')).length).toBe(2);
    // LIKE's wildcards are characters to find, not patterns.
    expect(await ids(office, '云溪%材料')).toEqual([]);
    // Scoping unchanged: 经发局 finds its own, not 财政局's.
    expect(await ids(jfj, '澜沧')).toEqual([e.id]);
    expect(await ids(czj, '澜沧')).toEqual([other.id]);
    // After a rename the old name is not found, the new one is.
    const renamed = await office.patch(
      `/api/v1/enterprises/${e.id}`,
      { name: '云溪澜沧新能源有限公司' },
      { 'if-match': `"${e.version}"` },
    );
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(await ids(office, '光电材料')).toEqual([]);
    expect(await ids(office, '沧新能')).toEqual([e.id]);
  });

  it('edits with If-Match; a stale version is refused', async () => {
    const e = (await register(office, {})).json();
    const ok = await office.patch(`/api/v1/enterprises/${e.id}`, { employees: 120 }, { 'if-match': `"${e.version}"` });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().employees).toBe(120);
    const stale = await office.patch(`/api/v1/enterprises/${e.id}`, { employees: 1 }, { 'if-match': `"${e.version}"` });
    expect(stale.statusCode).toBe(412);
  });

  it('exports in the import layout; the same file imports again with every row recognised, none doubled', async () => {
    const res = await office.get('/api/v1/enterprises/export');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const header = (wb.worksheets[0]!.getRow(1).values as string[]).slice(1);
    expect(header.slice(0, 3)).toEqual(['企业名称', '统一社会信用代码', '法定代表人']);
    const before = (await office.get('/api/v1/enterprises?pageSize=1')).json().total;
    const preview = (await upload(office, res.rawPayload, 'export.xlsx')).json();
    expect(preview.rejected).toBe(0);
    expect(preview.rows.every((r: { duplicateOf: unknown }) => r.duplicateOf)).toBe(true);
    const commit = await office.post(`/api/v1/enterprises/import/${preview.batchId}/commit`, {});
    expect(commit.json()).toMatchObject({ created: 0, updated: 0, skipped: before });
    expect((await office.get('/api/v1/enterprises?pageSize=1')).json().total).toBe(before);
  });

  it('imports all or nothing: one bad row holds the file, its problem named by row and column', async () => {
    const good = code();
    const bad = code().slice(0, 17) + 'Z';
    const csv = [
      '企业名称,统一社会信用代码,行业大类,规上/规下,所在乡镇（园区）,包联单位,包联责任人',
      `青石新材料有限公司,${good},30,规上,青石镇,经发局,李四`,
      `错码公司,${bad},30,规下,青石镇,经发局,李四`,
      `重复公司,${good},30,规下,青石镇,经发局,李四`,
    ].join('\n');
    const preview = (await upload(office, Buffer.from(csv), 'enterprises.csv')).json();
    expect(preview.batchId).toBeNull();
    expect(preview.rejected).toBe(2);
    expect(preview.rows[1].errors[0]).toMatchObject({ column: '统一社会信用代码', code: 'credit_code_characters' });
    expect(preview.rows[2].errors[0]).toMatchObject({ column: '统一社会信用代码', code: 'duplicate_in_file' });
    const fixed = (await upload(office, Buffer.from(csv.split('\n').slice(0, 2).join('\n')), 'e.csv')).json();
    expect(fixed.rejected).toBe(0);
    expect((await office.post(`/api/v1/enterprises/import/${fixed.batchId}/commit`, {})).json().created).toBe(1);
    const found = (await office.get(`/api/v1/enterprises?q=${good}`)).json().items[0];
    expect(found).toMatchObject({
      name: '青石新材料有限公司',
      industrySection: 'C',
      scale: 'above',
      liaisonPerson: '李四',
    });
  });

  it('recognises a file committed before: the same bytes say when, their rows the registered ones', async () => {
    const csv = ['企业名称,统一社会信用代码,包联单位', `再传公司,${code()},经发局`].join('\n');
    const first = (await upload(office, Buffer.from(csv), 'again.csv')).json();
    expect(first.previouslyCommittedAt).toBeNull();
    expect((await office.post(`/api/v1/enterprises/import/${first.batchId}/commit`, {})).json().created).toBe(1);
    const again = (await upload(office, Buffer.from(csv), 'again-renamed.csv')).json();
    expect(again.previouslyCommittedAt).toEqual(expect.any(String));
    expect(again.rows[0].duplicateOf).toMatchObject({ name: '再传公司' });
  });
});

async function upload(c: Client, file: Buffer | string, name: string) {
  const boundary = '----luoshi';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    Buffer.isBuffer(file) ? file : Buffer.from(file),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return c.request('POST', '/api/v1/enterprises/import', {
    payload,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
}

const v = (x: { version: number }) => ({ 'if-match': `"${x.version}"` });

describe('demands on the supervision core', () => {
  it('issued to the 包联 unit at once, with its three limits from receipt; only that unit and its leader see it', async () => {
    const e = (await register(office, {})).json();
    const res = await office.post('/api/v1/demands', {
      enterpriseId: e.id,
      category: 'labour',
      text: '春节后用工缺口约 80 人，请协助对接劳务输出地。',
      source: 'visit',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().link).toMatch(/^\/public\/enterprise\/demo-yunxi\/d\/[\w-]{30,}$/);
    const d = (await office.get(`/api/v1/demands/${res.json().id}`)).json();
    expect(d).toMatchObject({ state: 'assigned', handlingUnitName: '县经济发展局', category: 'labour' });
    expect(d.contactDueAt > d.receivedAt).toBe(true);
    expect(d.replyDueAt > d.contactDueAt).toBe(true);
    expect(d.resolveDue >= d.replyDueAt.slice(0, 10)).toBe(true);
    expect((await jfj.get(`/api/v1/demands/${d.id}`)).statusCode).toBe(200);
    expect((await gongying.get(`/api/v1/demands/${d.id}`)).statusCode).toBe(200);
    expect((await czj.get(`/api/v1/demands/${d.id}`)).statusCode).toBe(404);
    const czjList = (await czj.get('/api/v1/demands?pageSize=500')).json().items as { id: string }[];
    expect(czjList.some((x) => x.id === d.id)).toBe(false);
    // Another unit cannot act on it either.
    expect((await czj.post(`/api/v1/demands/${d.id}/accept`, {}, v(d))).statusCode).toBe(404);
  });

  it('the rating loop: 不满意 reopens once to the 分管 leader, the second answer is rated and closes; rating twice is refused', async () => {
    const e = (await register(office, {})).json();
    const { id } = (
      await office.post('/api/v1/demands', {
        enterpriseId: e.id,
        category: 'finance',
        text: '技改贷款贴息政策如何申报？',
        source: 'hotline',
      })
    ).json();
    let d = (await jfj.get(`/api/v1/demands/${id}`)).json();
    expect(d.actions).toEqual(expect.arrayContaining(['accept', 'contact', 'reply']));
    d = (await jfj.post(`/api/v1/demands/${id}/contact`, { note: '已电话联系王经理' }, v(d))).json();
    expect(d.state).toBe('accepted');
    expect(d.contactedAt).not.toBeNull();
    d = (
      await jfj.post(`/api/v1/demands/${id}/reply`, { text: '贴息按季度申报，材料清单已发。', final: true }, v(d))
    ).json();
    expect(d.state).toBe('close_requested');
    expect(d.clocks.reply).toBe('on_time');
    // The unit cannot rate its own answer.
    expect((await jfj.post(`/api/v1/demands/${id}/rating`, { rating: 'satisfied' }, v(d))).statusCode).toBe(403);
    d = (
      await office.post(`/api/v1/demands/${id}/rating`, { rating: 'dissatisfied', comment: '材料清单不全' }, v(d))
    ).json();
    expect(d).toMatchObject({ state: 'in_progress', reopenCount: 1, firstRating: 'dissatisfied', rating: null });
    expect(d.leadLeaderId).toBe(person('gongying'));
    const notes = (await gongying.get('/api/v1/notifications')).json().items as { title: string }[];
    expect(notes.some((n) => n.title.includes('不满意重办'))).toBe(true);
    d = (await jfj.get(`/api/v1/demands/${id}`)).json();
    d = (
      await jfj.post(`/api/v1/demands/${id}/reply`, { text: '已上门补齐清单并协助填报。', final: true }, v(d))
    ).json();
    d = (await office.post(`/api/v1/demands/${id}/rating`, { rating: 'dissatisfied' }, v(d))).json();
    expect(d).toMatchObject({ state: 'closed', rating: 'dissatisfied', firstRating: 'dissatisfied', reopenCount: 1 });
    const again = await office.post(`/api/v1/demands/${id}/rating`, { rating: 'satisfied' }, v(d));
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('demand_not_ratable');
  });

  it('a unit gives a demand back; the office routes it to another unit; the export has the office’s columns', async () => {
    const e = (await register(office, {})).json();
    const { id } = (
      await office.post('/api/v1/demands', {
        enterpriseId: e.id,
        category: 'land',
        text: '厂区扩建用地指标',
        source: 'office',
      })
    ).json();
    let d = (await jfj.get(`/api/v1/demands/${id}`)).json();
    d = (await jfj.post(`/api/v1/demands/${id}/return`, { reason: '用地指标属自然资源局职责' }, v(d))).json();
    expect((await jfj.get(`/api/v1/demands/${id}`)).json().state).toBe('returned');
    d = (await office.get(`/api/v1/demands/${id}`)).json();
    expect(d.actions).toContain('assign');
    const routed = await office.post(`/api/v1/demands/${id}/assign`, { handlingUnitId: unit('自然资源局') }, v(d));
    expect(routed.statusCode, routed.body).toBe(200);
    expect(routed.json()).toMatchObject({ state: 'assigned', handlingUnitName: '县自然资源局' });
    const x = await office.get('/api/v1/demands/export');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect((ws.getRow(1).values as string[]).slice(1)).toEqual([
      '序号',
      '企业',
      '诉求内容',
      '类别',
      '承办单位',
      '受理时间',
      '答复时限',
      '答复内容',
      '办结时间',
      '企业评价',
    ]);
    const rows = ws.getSheetValues().slice(2) as unknown[][];
    expect(rows.some((r) => r[3] === '厂区扩建用地指标' && r[4] === '要素保障-用地')).toBe(true);
    expect(rows.some((r) => r[10] === '不满意（首次不满意，已重办）')).toBe(true);
  });

  it('time limits are configurable per category by the office', async () => {
    const put = await office.put('/api/v1/demands/limits', {
      items: [{ category: 'legal', contactHours: 4, replyDays: 3, resolveDays: 30 }],
    });
    expect(put.statusCode, put.body).toBe(200);
    const legal = put.json().items.find((i: { category: string }) => i.category === 'legal');
    expect(legal).toMatchObject({ contactHours: 4, replyDays: 3, resolveDays: 30, custom: true });
    expect((await jfj.put('/api/v1/demands/limits', { items: [legal] })).statusCode).toBe(403);
  });
});

describe("the enterprise's own channel", () => {
  let address = 1;
  /** Each test comes from its own address, so the per-address limit is its own. */
  const from = () => `198.51.100.${address++}`;
  const pub = (method: 'GET' | 'POST', url: string, ip: string, body?: unknown) =>
    t.app.inject({
      method,
      url,
      remoteAddress: ip,
      ...(body ? { payload: body as Record<string, unknown> } : {}),
    });
  async function solved(ip: string) {
    const c = (await pub('GET', '/api/public/demands/challenge', ip)).json();
    const [a, b] = /(\d+) \+ (\d+) = \?/.exec(c.question)!.slice(1).map(Number);
    return { challenge: c.challenge, answer: String(a! + b!) };
  }
  const submission = (creditCode: string) => ({
    creditCode,
    enterpriseName: '云溪新能源科技有限公司',
    contactName: '陈女士',
    contactMobile: '13912345678',
    category: 'energy',
    text: '新厂房用电增容申请已三个月未批复，影响投产。',
  });

  it('submit, follow with the link, the unit answers, the enterprise rates; a guessed token finds nothing', async () => {
    const ip = from();
    const known = (await register(office, { liaisonUnitId: unit('经发局') })).json();
    const res = await pub('POST', '/api/public/demands', ip, {
      ...submission(known.creditCode),
      ...(await solved(ip)),
    });
    expect(res.statusCode, res.body).toBe(201);
    const { token, trackingCode } = res.json();
    expect(trackingCode).toMatch(/^QS\d{8}-[A-Z0-9]{5}$/);
    let view = (await pub('GET', `/api/public/demands/${token}`, ip)).json();
    expect(view).toMatchObject({ status: 'handling', handlingUnitName: '县经济发展局', canRate: false, trackingCode });
    // Nothing internal: no officials, no contact details, no ids.
    expect(Object.keys(view).sort()).toEqual(
      [
        'trackingCode',
        'enterpriseName',
        'category',
        'text',
        'receivedAt',
        'status',
        'handlingUnitName',
        'replyDueAt',
        'resolveDue',
        'replies',
        'canRate',
        'rating',
        'ratingComment',
        'reopened',
        'files',
        'canAddFiles',
        'county', // the county that received it: its code and name
      ].sort(),
    );
    const list = (await jfj.get('/api/v1/demands?source=enterprise&pageSize=500')).json().items as {
      id: string;
      trackingCode: string;
    }[];
    const mine = list.find((x) => x.trackingCode === trackingCode)!;
    let d = (await jfj.get(`/api/v1/demands/${mine.id}`)).json();
    d = (
      await jfj.post(`/api/v1/demands/${mine.id}/reply`, { text: '供电公司已批复增容，下周施工。', final: true }, v(d))
    ).json();
    view = (await pub('GET', `/api/public/demands/${token}`, ip)).json();
    expect(view).toMatchObject({ status: 'answered', canRate: true });
    expect(view.replies[0].text).toBe('供电公司已批复增容，下周施工。');
    expect(JSON.stringify(view)).not.toMatch(/clerk|经办|unitId|personId/);
    const rated = await pub('POST', `/api/public/demands/${token}/rating`, ip, {
      rating: 'satisfied',
      comment: '很快',
    });
    expect(rated.statusCode, rated.body).toBe(200);
    expect(rated.json()).toMatchObject({ status: 'closed', rating: 'satisfied', canRate: false });
    const twice = await pub('POST', `/api/public/demands/${token}/rating`, ip, { rating: 'dissatisfied' });
    expect(twice.statusCode).toBe(409);
    const guessed = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    expect((await pub('GET', `/api/public/demands/${guessed}`, ip)).statusCode).toBe(404);
    expect((await pub('POST', `/api/public/demands/${guessed}/rating`, ip, { rating: 'satisfied' })).statusCode).toBe(
      404,
    );
  });

  it('an enterprise not yet registered is received as a record for the office to confirm, the demand waiting with the office', async () => {
    const ip = from();
    const c = code();
    const res = await pub('POST', '/api/public/demands', ip, { ...submission(c), ...(await solved(ip)) });
    expect(res.statusCode, res.body).toBe(201);
    expect((await pub('GET', `/api/public/demands/${res.json().token}`, ip)).json()).toMatchObject({
      status: 'received',
      handlingUnitName: null,
    });
    const e = (await office.get(`/api/v1/enterprises?q=${c}`)).json().items[0];
    expect(e).toMatchObject({ confirmed: false, name: '云溪新能源科技有限公司', openDemands: 1 });
    const waiting = (await office.get('/api/v1/demands?status=unrouted&pageSize=500')).json().items as {
      enterpriseId: string;
      state: string;
    }[];
    expect(waiting.find((x) => x.enterpriseId === e.id)?.state).toBe('draft');
  });

  it('bad input: a wrong code or answer is refused in words; a reused challenge is refused', async () => {
    const ip = from();
    const wrongCode = await pub('POST', '/api/public/demands', ip, {
      ...submission('91350100M000100Y44'),
      ...(await solved(ip)),
    });
    expect(wrongCode.statusCode).toBe(400);
    expect(wrongCode.json().errors[0]).toMatchObject({ field: 'body.creditCode', code: 'credit_code_check' });
    const s = await solved(ip);
    const wrongAnswer = await pub('POST', '/api/public/demands', ip, {
      ...submission(code()),
      challenge: s.challenge,
      answer: String(Number(s.answer) + 1),
    });
    expect(wrongAnswer.statusCode).toBe(400);
    expect(wrongAnswer.json()).toMatchObject({ code: 'challenge_failed' });
    expect(wrongAnswer.json().detail).toContain('验证题');
    const ok = await pub('POST', '/api/public/demands', ip, { ...submission(code()), ...s });
    expect(ok.statusCode).toBe(201);
    const reused = await pub('POST', '/api/public/demands', ip, { ...submission(code()), ...s });
    expect(reused.json().code).toBe('challenge_failed');
    const badMobile = await pub('POST', '/api/public/demands', ip, {
      ...submission(code()),
      contactMobile: '12345',
      ...(await solved(ip)),
    });
    expect(badMobile.json().errors[0].field).toBe('body.contactMobile');
  });

  it('a flood from one address, and from one credit code, is stopped', async () => {
    const ip = from();
    const codes: number[] = [];
    for (let i = 0; i < 6; i++)
      codes.push(
        (await pub('POST', '/api/public/demands', ip, { ...submission(code()), ...(await solved(ip)) })).statusCode,
      );
    expect(codes).toEqual([201, 201, 201, 201, 201, 429]);
    const same = code();
    const perCode: number[] = [];
    for (let i = 0; i < 4; i++) {
      const other = from();
      perCode.push(
        (await pub('POST', '/api/public/demands', other, { ...submission(same), ...(await solved(other)) })).statusCode,
      );
    }
    expect(perCode).toEqual([201, 201, 201, 429]);
  });
});
