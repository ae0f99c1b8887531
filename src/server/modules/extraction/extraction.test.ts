import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import JSZip from 'jszip';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import { createTestApp, type Client } from '../../../../tests/helpers/app';

/**
 * 讲话任务分解 over HTTP on the real database: uploads in each encoding and format, the bad inputs said plainly,
 * review edits with versions, merge and split, issuing through the ledger with per-candidate refusals, and a
 * second upload of the same speech that issues nothing twice.
 */
const t = await createTestApp({}, { today: () => '2026-03-02' });
const office = await t.login('sunli');
const leader = await t.login('gongying');
const clerk = await t.login('fgj.clerk');
const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string; name: string }[];
const unit = (s: string) => units.find((u) => u.shortName === s)!.id;
const ifm = (v: number) => ({ 'if-match': `"${v}"` });
/** 奖惩 of the tasks an issue puts in the ledger (五明确: the ledger refuses a task without it). */
const ACC = '纳入年度目标考核，逾期未办结的通报约谈';

// An invented speech (no corpus text): owners, deadlines, cadences, targets and an unknown unit.
const SPEECH = [
  '在2026年全县重点项目推进会上的讲话',
  '一、全力抓好项目建设',
  '请龚颖同志牵头，发改局具体负责，会同县自然资源局，上半年完成100个县级重点项目入库。',
  '住建局要在第三季度完成城区老旧小区改造30个，改造率达到80%以上。',
  '县数据资源中心要在年底前建成全县政务数据共享平台，接入单位不少于40家。',
  '二、持续优化营商环境',
  '同志们，过去一年我们取得了很好的成绩。',
].join('\n');

function multipart(fileName: string, content: Buffer, fields: Record<string, string> = {}) {
  const boundary = `----x${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; \
filename="${encodeURIComponent(fileName) === fileName ? fileName : `doc${fileName.slice(fileName.lastIndexOf('.'))}`}"\
\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
const upload = (c: Client, fileName: string, content: Buffer, fields: Record<string, string> = {}) =>
  c.request('POST', '/api/v1/extractions', multipart(fileName, content, fields));

type Cand = {
  id: string;
  status: string;
  quote: string;
  start: number;
  end: number;
  title: string;
  leadUnitId: string | null;
  coUnitIds: string[];
  leadLeaderId: string | null;
  deadline: string | null;
  cadence: string | null;
  targets: string[];
  units: { written: string; proposed: boolean; unitId: string | null }[];
  derivedFrom: string[];
  version: number;
  taskId: string | null;
};
type Doc = {
  id: string;
  text: string;
  encoding: string;
  year: number;
  title: string;
  candidates: Cand[];
  message: string | null;
};
const live = (d: Doc) => d.candidates.filter((c) => !['merged', 'split'].includes(c.status));
const find = (d: Doc, words: string) => live(d).find((c) => c.quote.includes(words))!;

async function docxOf(paragraphs: string[]) {
  const doc = new Document({
    sections: [{ children: paragraphs.map((p) => new Paragraph({ children: [new TextRun(p)] })) }],
  });
  return Packer.toBuffer(doc);
}

describe('upload and extraction', () => {
  it(`reads pasted text: candidates with offsets into the stored text, resolved units, leader, deadlines, targets; \
an unknown unit proposed`, async () => {
    const res = await office.post('/api/v1/extractions', { text: SPEECH });
    expect(res.statusCode, res.body).toBe(201);
    const d = res.json() as Doc;
    expect(d).toMatchObject({
      encoding: 'pasted',
      year: 2026,
      title: '在2026年全县重点项目推进会上的讲话',
      message: null,
    });
    for (const c of d.candidates) expect(d.text.slice(c.start, c.end)).toBe(c.quote);
    const fgj = find(d, '100个县级重点项目');
    expect(fgj.leadUnitId).toBe(unit('发改局'));
    expect(fgj.coUnitIds).toContain(unit('自然资源局'));
    expect(fgj.leadLeaderId).toBeTruthy();
    expect(fgj.deadline).toBe('2026-06-30');
    expect(fgj.targets.join()).toContain('100个');
    expect(find(d, '老旧小区').deadline).toBe('2026-09-30');
    const data = find(d, '数据资源中心');
    expect(data.units.find((u) => u.written.includes('数据资源中心'))).toMatchObject({ proposed: true, unitId: null });
    expect(data.leadUnitId).toBeNull();
    expect(live(d).some((c) => c.quote.includes('取得了很好的成绩'))).toBe(false);
  });

  it('reads a GBK .txt, a UTF-8 .txt with BOM and one without, to the same text', async () => {
    const gbk = await upload(office, 'speech-gbk.txt', iconv.encode(SPEECH.replace(/\n/g, '\r\n'), 'gbk'));
    expect(gbk.statusCode, gbk.body).toBe(201);
    const bom = await upload(
      office,
      'speech-bom.txt',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SPEECH)]),
    );
    const plain = await upload(office, 'speech.txt', Buffer.from(SPEECH), { title: '自定标题' });
    expect(gbk.json().encoding).toBe('gb18030');
    expect(bom.json().encoding).toBe('utf-8-bom');
    expect(plain.json()).toMatchObject({ encoding: 'utf-8', title: '自定标题' });
    expect(gbk.json().text).toBe(SPEECH);
    expect(bom.json().text).toBe(SPEECH);
    expect(gbk.json().candidates.length).toBe(plain.json().candidates.length);
    expect(gbk.json().candidates.length).toBeGreaterThan(0);
  });

  it('reads the paragraphs of a .docx built here', async () => {
    const res = await upload(office, '讲话.docx', await docxOf(SPEECH.split('\n')));
    expect(res.statusCode, res.body).toBe(201);
    const d = res.json() as Doc;
    expect(d.encoding).toBe('docx');
    expect(d.text).toBe(SPEECH);
    expect(find(d, '老旧小区').leadUnitId).toBe(unit('住建局'));
  });

  it('says plainly what is wrong: an empty file, a scanned-image .docx, an unsupported type, empty pasted text', async () => {
    const empty = await upload(office, 'empty.txt', Buffer.alloc(0));
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0]).toMatchObject({ field: 'file', code: 'empty_document' });
    expect(empty.json().errors[0].message).toContain('空文件');
    const blank = await upload(office, 'blank.txt', Buffer.from('\ufeff \r\n\u3000\n'));
    expect(blank.json().errors[0]).toMatchObject({ field: 'file', code: 'empty_document' });

    const zip = new JSZip();
    zip.file(
      '[Content_Types].xml',
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    );
    zip.file(
      'word/document.xml',
      '<?xml version="1.0"?><w:document ' +
        'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
        '<w:body><w:p><w:r><w:drawing><wp:inline/></w:drawing></w:r></w:p></w:body></w:document>',
    );
    zip.file('word/media/image1.png', Buffer.from('89504e470d0a1a0a', 'hex'));
    const scan = await upload(office, 'scan.docx', await zip.generateAsync({ type: 'nodebuffer' }));
    expect(scan.statusCode).toBe(400);
    expect(scan.json().errors[0]).toMatchObject({ field: 'file', code: 'image_only_document' });
    expect(scan.json().errors[0].message).toContain('扫描件');

    const xls = await upload(office, 'sheet.xls', Buffer.from('not a speech'));
    expect(xls.json().errors[0]).toMatchObject({ field: 'file', code: 'unsupported_document' });
    const pdf = await upload(office, 'speech.pdf', Buffer.from('%PDF-1.4'));
    expect(['unreadable_pdf', 'converter_missing']).toContain(pdf.json().errors[0].code);
    const broken = await upload(office, 'broken.docx', Buffer.from('not a zip at all'));
    expect(broken.json().errors[0]).toMatchObject({ field: 'file', code: 'not_a_docx' });
    const pasted = await office.post('/api/v1/extractions', { text: '  \n ' });
    expect(pasted.statusCode).toBe(400);
    expect(pasted.json().errors[0]).toMatchObject({ field: 'body.text', code: 'empty_document' });
    const missing = await office.post('/api/v1/extractions', {});
    expect(missing.json().errors[0]).toMatchObject({ field: 'body.text', code: 'required' });
  });

  it('takes a document just under 5 MB and refuses one over it, naming the file', async () => {
    const filler = '会议指出，去年全县经济社会发展取得了显著成绩。\n';
    const body = filler.repeat(Math.floor((4.9 * 1024 * 1024) / Buffer.byteLength(filler)));
    const near = await upload(
      office,
      'near-limit.txt',
      Buffer.from(`${body}住建局要在第三季度完成城区老旧小区改造30个。\n`),
    );
    expect(near.statusCode, near.body.slice(0, 300)).toBe(201);
    expect(near.json().candidates).toHaveLength(1);
    const res = await upload(office, 'big.txt', Buffer.alloc(5 * 1024 * 1024 + 10, 0x61));
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ field: 'file', code: 'document_too_large' });
  });

  it('a document with no directives is stored with no candidates and says so', async () => {
    const res = await office.post('/api/v1/extractions', {
      text: '同志们，今天天气很好。\n去年我们取得了很好的成绩，谢谢大家。',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().candidates).toEqual([]);
    expect(res.json().message).toContain('没有找到交办事项');
  });
});

describe('the document year', () => {
  it('is asked for when the text names none, and dates left as proposed are read again in the year given', async () => {
    const text = [
      '在全县水利工作会议上的讲话',
      '2014年以来，全县新修水渠一千多公里。',
      '县水利局要在6月底前完成小型水库除险加固，确保安全度汛。',
      '住建局要在9月底前完成城区排涝管网改造。',
    ].join('\n');
    const doc = (await office.post('/api/v1/extractions', { text })).json() as Doc & {
      year: number;
      yearSource: string;
      version?: number;
    };
    // not 2014: no year in the text, so the upload's year (2026, the test's today) and a question
    expect(doc.yearSource).toBe('default');
    expect(doc.year).toBe(2026);
    const water = find(doc, '水库');
    const drains = find(doc, '排涝');
    expect(water.deadline).toBe('2026-06-30');
    // the reviewer sets one deadline by hand: it stays
    const edited = await office.patch(
      `/api/v1/extractions/${doc.id}/candidates/${drains.id}`,
      { deadline: '2027-10-15' },
      ifm(drains.version),
    );
    expect(edited.statusCode).toBe(200);
    expect((await clerk.put(`/api/v1/extractions/${doc.id}/year`, { year: 2027 })).statusCode).toBe(403);
    expect((await office.put(`/api/v1/extractions/${doc.id}/year`, { year: 1999 })).statusCode).toBe(400);
    const res = await office.put(`/api/v1/extractions/${doc.id}/year`, { year: 2027 });
    expect(res.statusCode).toBe(200);
    const after = res.json() as typeof doc;
    expect([after.year, after.yearSource]).toEqual([2027, 'given']);
    expect(find(after, '水库')).toMatchObject({ deadline: '2027-06-30', deadlineNorm: '2027-06-30' });
    expect(find(after, '排涝').deadline).toBe('2027-10-15');
  });
  it('is the document’s own when it names one, and the uploader’s when given', async () => {
    const own = (await office.post('/api/v1/extractions', { text: `${SPEECH}\n` })).json();
    expect([own.year, own.yearSource]).toEqual([2026, 'document']);
    const given = (await office.post('/api/v1/extractions', { text: `${SPEECH}\n\n`, year: 2025 })).json();
    expect([given.year, given.yearSource]).toEqual([2025, 'given']);
  });
});

describe('review and issue', () => {
  it(`edits with If-Match, merges, splits, drops; refuses incomplete candidates by name; issues the rest into the \
ledger linked to their quotes`, async () => {
    let d = (await office.post('/api/v1/extractions', { text: SPEECH, sourceType: 'meeting' })).json() as Doc;
    const a = find(d, '100个县级重点项目');
    const b = find(d, '老旧小区');
    const c = find(d, '数据资源中心');

    // edit: stale version refused, current one taken
    expect(
      (
        await office.patch(
          `/api/v1/extractions/${d.id}/candidates/${a.id}`,
          { title: '重点项目入库' },
          ifm(a.version + 5),
        )
      ).statusCode,
    ).toBe(412);
    expect(
      (await office.patch(`/api/v1/extractions/${d.id}/candidates/${a.id}`, { title: '重点项目入库' })).statusCode,
    ).toBe(428);
    const edited = await office.patch(
      `/api/v1/extractions/${d.id}/candidates/${a.id}`,
      { title: '重点项目入库', targets: ['完成100个县级重点项目入库'] },
      ifm(a.version),
    );
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ title: '重点项目入库', version: a.version + 1 });
    expect(
      (
        await office.patch(
          `/api/v1/extractions/${d.id}/candidates/${a.id}`,
          { leadUnitId: crypto.randomUUID() },
          ifm(a.version + 1),
        )
      ).json().errors[0].field,
    ).toBe('body.leadUnitId');
    // leaders look, never edit
    expect((await leader.get(`/api/v1/extractions/${d.id}`)).statusCode).toBe(200);
    expect(
      (await leader.patch(`/api/v1/extractions/${d.id}/candidates/${a.id}`, { title: 'x' }, ifm(a.version + 1)))
        .statusCode,
    ).toBe(403);

    // split the housing sentence at its comma, then merge the parts back
    const cut = d.text.indexOf('，改造率');
    const splitRes = await office.post(
      `/api/v1/extractions/${d.id}/candidates/${b.id}/split`,
      { at: cut },
      ifm(b.version),
    );
    expect(splitRes.statusCode, splitRes.body).toBe(200);
    d = splitRes.json();
    const parts = live(d).filter((x) => x.start >= b.start && x.end <= b.end);
    expect(parts).toHaveLength(2);
    expect(parts[1]!.quote.startsWith('改造率')).toBe(true);
    expect(parts.every((p) => p.leadUnitId === unit('住建局'))).toBe(true);
    expect(
      (await office.post(`/api/v1/extractions/${d.id}/candidates/${b.id}/split`, { at: b.start }, ifm(b.version + 1)))
        .statusCode,
    ).toBe(400);
    const bad = await office.post(
      `/api/v1/extractions/${d.id}/candidates/${parts[0]!.id}/split`,
      { at: parts[0]!.start },
      ifm(parts[0]!.version),
    );
    expect(bad.json().errors[0]).toMatchObject({ field: 'body.at', code: 'split_outside_quote' });
    const merged = await office.post(`/api/v1/extractions/${d.id}/merge`, {
      candidates: parts.map((p) => ({ id: p.id, version: p.version })),
    });
    expect(merged.statusCode, merged.body).toBe(200);
    d = merged.json();
    const whole = live(d).find((x) => x.start === b.start && x.derivedFrom.length === 2)!;
    expect(b.quote.startsWith(whole.quote) && whole.quote.includes('改造率达到80%以上')).toBe(true);
    expect(whole.leadUnitId).toBe(unit('住建局'));

    // accept three, drop the rest
    const acc = async (x: Cand) =>
      expect(
        (await office.post(`/api/v1/extractions/${d.id}/candidates/${x.id}/accept`, {}, ifm(x.version))).statusCode,
      ).toBe(200);
    const cur = (id: string) => live(d).find((x) => x.id === id)!;
    d = (await office.get(`/api/v1/extractions/${d.id}`)).json();
    await acc(cur(a.id));
    await acc(cur(whole.id));
    await acc(cur(c.id));
    d = (await office.get(`/api/v1/extractions/${d.id}`)).json();
    for (const x of live(d).filter((x) => x.status === 'pending'))
      expect(
        (await office.post(`/api/v1/extractions/${d.id}/candidates/${x.id}/drop`, {}, ifm(x.version))).statusCode,
      ).toBe(200);

    // without 奖惩 nothing is issued: every candidate is refused by the ledger, naming the field
    const bare = (await office.post(`/api/v1/extractions/${d.id}/issue`, {})).json();
    expect(bare).toMatchObject({ issued: 0 });
    for (const r of bare.results)
      expect(r.errors.map((e: { field: string }) => e.field)).toEqual(
        expect.arrayContaining([r.candidateId === c.id ? 'leadUnitId' : 'accountability']),
      );
    expect(bare.results.find((r: { candidateId: string }) => r.candidateId === a.id).errors[0].message).toBe('必填');
    // issue: the unknown unit's candidate is refused naming the field and the proposed unit; the others go in
    const issued = await office.post(`/api/v1/extractions/${d.id}/issue`, { accountability: ACC });
    expect(issued.statusCode, issued.body).toBe(200);
    const out = issued.json();
    expect(out).toMatchObject({ issued: 2, alreadyIssued: 0, refused: 1 });
    const refused = out.results.find((r: { candidateId: string }) => r.candidateId === c.id);
    expect(refused.errors.map((e: { field: string }) => e.field)).toContain('leadUnitId');
    expect(refused.errors.find((e: { field: string }) => e.field === 'leadUnitId').message).toContain('数据资源中心');

    // the task is in the ledger, from the speech, and leads back to its quote
    const taskId = out.results.find((r: { candidateId: string }) => r.candidateId === a.id).taskId;
    const task = (await office.get(`/api/v1/tasks/${taskId}`)).json();
    expect(task).toMatchObject({
      title: '重点项目入库',
      state: 'assigned',
      assigneeUnitId: unit('发改局'),
      deadline: '2026-06-30',
      standard: '完成100个县级重点项目入库',
      sourceType: 'meeting',
      sourceTitle: d.title,
    });
    expect(task.coUnitIds).toContain(unit('自然资源局'));
    const src = await clerk.get(`/api/v1/extractions/task-sources/${taskId}`);
    expect(src.statusCode, src.body).toBe(200);
    expect(src.json()).toMatchObject({
      documentId: d.id,
      candidateId: a.id,
      quote: a.quote,
      start: a.start,
      end: a.end,
    });
    // A task written by hand has no source: null, not an error.
    const byHand = (
      await office.post('/api/v1/tasks', {
        title: '手工任务',
        content: '内容',
        standard: '标准',
        accountability: ACC,
        leadUnitId: unit('发改局'),
        deadline: '2099-06-30',
      })
    ).json();
    const none = await office.get(`/api/v1/extractions/task-sources/${byHand.id}`);
    expect(none.statusCode, none.body).toBe(200);
    expect(none.json()).toBeNull();
    expect((await office.get(`/api/v1/tasks?q=${encodeURIComponent('重点项目入库')}`)).json().total).toBe(1);

    // fix the refused one: choose an existing unit, a deadline is there, targets there → issued
    d = (await office.get(`/api/v1/extractions/${d.id}`)).json();
    const fix = await office.patch(
      `/api/v1/extractions/${d.id}/candidates/${c.id}`,
      { leadUnitId: unit('科技局') },
      ifm(cur(c.id).version),
    );
    expect(fix.statusCode, fix.body).toBe(200);
    const again = (await office.post(`/api/v1/extractions/${d.id}/issue`, { accountability: ACC })).json();
    expect(again).toMatchObject({ issued: 1, alreadyIssued: 0, refused: 0 });
    // an issued candidate is not edited any more
    d = (await office.get(`/api/v1/extractions/${d.id}`)).json();
    expect(cur(a.id).status).toBe('issued');
    expect(
      (await office.patch(`/api/v1/extractions/${d.id}/candidates/${a.id}`, { title: 'x' }, ifm(cur(a.id).version)))
        .statusCode,
    ).toBe(400);

    // the same speech uploaded again: the issued quotes show their tasks, and issuing them adds nothing
    const before = (await office.get('/api/v1/tasks?pageSize=1')).json().total;
    const rerun = (await upload(office, 'again.txt', Buffer.from(SPEECH))).json() as Doc;
    const ra = find(rerun, '100个县级重点项目');
    expect(ra).toMatchObject({ status: 'issued', taskId });
    const ids = live(rerun)
      .filter((x) => x.taskId)
      .map((x) => x.id);
    expect(ids.length).toBeGreaterThanOrEqual(2);
    const re = (
      await office.post(`/api/v1/extractions/${rerun.id}/issue`, { candidateIds: ids, accountability: ACC })
    ).json();
    expect(re.issued).toBe(0);
    expect(re.alreadyIssued).toBe(ids.length);
    // the list counts them as issued for both uploads
    const listed = (await office.get('/api/v1/extractions?pageSize=100')).json().items as {
      id: string;
      counts: { issued: number };
    }[];
    expect(listed.find((x) => x.id === rerun.id)!.counts.issued).toBe(ids.length);
    expect(listed.find((x) => x.id === d.id)!.counts.issued).toBe(3);
    expect((await office.get('/api/v1/tasks?pageSize=1')).json().total).toBe(before);
    // issuing the first document again issues nothing either
    expect((await office.post(`/api/v1/extractions/${d.id}/issue`, { accountability: ACC })).json()).toMatchObject({
      issued: 0,
    });
  });

  it('a pending candidate is not issued, and a past deadline is refused by the ledger with the field named', async () => {
    const d = (
      await office.post('/api/v1/extractions', { text: '住建局要在2026年1月底前完成城区排水管网改造10公里。' })
    ).json() as Doc;
    const [x] = live(d);
    expect(x).toBeTruthy();
    const pending = (
      await office.post(`/api/v1/extractions/${d.id}/issue`, { candidateIds: [x!.id], accountability: ACC })
    ).json();
    expect(pending.results[0].errors[0]).toMatchObject({ field: 'status', code: 'not_accepted' });
    await office.post(`/api/v1/extractions/${d.id}/candidates/${x!.id}/accept`, {}, ifm(x!.version));
    const past = (await office.post(`/api/v1/extractions/${d.id}/issue`, { accountability: ACC })).json();
    expect(past).toMatchObject({ issued: 0, refused: 1 });
    expect(past.results[0].errors[0]).toMatchObject({ field: 'deadline', code: 'deadline_past' });
  });

  it('lists documents with counts for the office and leaders; clerks are refused; another jurisdiction’s id is not found', async () => {
    const list = await leader.get('/api/v1/extractions');
    expect(list.statusCode).toBe(200);
    expect(list.json().total).toBeGreaterThan(0);
    expect(list.json().items[0]).toHaveProperty('counts');
    expect((await clerk.get('/api/v1/extractions')).statusCode).toBe(403);
    expect((await clerk.post('/api/v1/extractions', { text: SPEECH })).statusCode).toBe(403);
    expect((await office.get(`/api/v1/extractions/${crypto.randomUUID()}`)).statusCode).toBe(404);
  });
});
