import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { createTestApp, type Client } from '../../../../tests/helpers/app';
import { neutraliseFormula } from './tasks.excel';

const t = await createTestApp({}, { today: () => '2026-03-02' });
const office = await t.login('sunli');

async function upload(c: Client, name: string, content: Buffer) {
  const boundary = '----t' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`), content, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return c.request('POST', '/api/v1/tasks/import', { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
}

async function ledger(rows: (string | number | Date)[][], opts: { titleRow?: boolean; hiddenFirst?: boolean } = {}) {
  const wb = new ExcelJS.Workbook();
  if (opts.hiddenFirst) {
    const h = wb.addWorksheet('下拉选项');
    h.state = 'hidden';
    h.addRow(['任务内容', '牵头单位']);
    h.addRow(['隐藏表不应导入', '发改局']);
  }
  const ws = wb.addWorksheet('台账');
  if (opts.titleRow) {
    ws.addRow(['云溪县2026年重点工作督办台账']);
    ws.mergeCells('A1:H1');
  }
  ws.addRow(['序号', '任务内容', '工作标准', '牵头领导', '牵头单位', '配合单位', '完成时限', '级别', '奖惩']);
  // 奖惩 last: a row of eight cells or fewer gets the county's usual rule; a ninth cell is the row's own.
  rows.forEach((r) => ws.addRow(r.length > 8 ? r : [...r, ...Array(8 - r.length).fill(''), '纳入年度目标考核']));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('ledger import', () => {
  it('previews every row, commits all in one go, and recognises a re-upload', async () => {
    const file = await ledger(
      [
        [1, '推进城区污水管网改造', '年底前完成管网改造20公里', '龚颖', '住建局', '财政局、自然资源局', new Date('2026-12-31T00:00:00Z'), '重点'],
        [2, '新建5G基站100个', '基站建成并开通', '龚颖同志', '县经济发展局', '', 46203, '一般'],
        [3, '规上工业增加值增长8%', '全年增长8%以上', '', '经发局', '', '２０２６年１２月３１日', ''],
      ],
      { titleRow: true, hiddenFirst: true },
    );
    const res = await upload(office, '台账.xlsx', file);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ accepted: 3, rejected: 0 });
    expect(body.rows.map((r: { row: number }) => r.row)).toEqual([3, 4, 5]);
    const commit = await office.post(`/api/v1/tasks/import/${body.batchId}/commit`);
    expect(commit.json()).toEqual({ created: 3 });
    const list = (await office.get('/api/v1/tasks?q=' + encodeURIComponent('污水管网'))).json();
    expect(list.items[0]).toMatchObject({ state: 'assigned', deadline: '2026-12-31', level: 'key', accountability: '纳入年度目标考核' });
    expect(list.items[0].coUnitIds).toHaveLength(2);
    const five = (await office.get('/api/v1/tasks?q=' + encodeURIComponent('5G基站'))).json().items[0];
    expect(five.deadline).toBe('2026-06-30'); // an Excel date serial
    const again = await upload(office, '台账.xlsx', file);
    expect(again.json().previouslyCommittedAt).toBeTruthy();
  });

  it('marks bad rows with their reasons and suggestions, and holds nothing', async () => {
    const before = (await office.get('/api/v1/tasks?pageSize=1')).json().total;
    const file = await ledger([
      [1, '任务甲', '标准甲', '', '发展改革局', '', '2026-06-30'],
      [2, '任务乙', '', '', '财政局', '财政局', '2026-06-30'],
      [3, '任务丙', '标准丙', '不存在的领导', '财政局', '', '2025-01-01'],
      [4, '任务丁', '标准丁', '', '财政局', '', '上半年'],
      [5, '=HYPERLINK("http://x","点我")', '标准', '', '财政局', '', '2026-06-30'],
      [6, '任务戊', '标准戊', '', '财政局', '', '2026-06-30', '', ''],
    ]);
    const body = (await upload(office, 'bad.xlsx', file)).json();
    expect(body.batchId).toBeNull();
    const byRow = Object.fromEntries(body.rows.map((r: { row: number; errors: { message: string }[] }) => [r.row, r.errors.map((e) => e.message).join(' | ')]));
    expect(byRow[2]).toContain('是否为：县发展和改革局');
    expect(byRow[3]).toContain('工作标准不能为空');
    expect(byRow[3]).toContain('与牵头单位相同');
    expect(byRow[4]).toContain('找不到县级领导');
    expect(byRow[4]).toContain('早于今天');
    expect(byRow[5]).toContain('无法识别的日期“上半年”');
    expect(body.rows.find((r: { row: number }) => r.row === 6).status).toBe('accepted');
    // 五明确: a row without 奖惩 is refused in words, by its column.
    expect(byRow[7]).toBe('奖惩不能为空（“干不成怎么办”）');
    expect(body.rows.find((r: { row: number }) => r.row === 7).errors[0].column).toBe('奖惩');
    expect((await office.get('/api/v1/tasks?pageSize=1')).json().total).toBe(before);
  });

  it('reads a GBK CSV with rare characters', async () => {
    const csv = '任务内容,工作标准,奖惩,牵头单位,完成时限\r\n“𠮷”字号老店改造,年底前完成,纳入考核,商务局,2026-12-31\r\n新建乡村公路10公里,年底前通车,纳入考核,交通运输局,2026-12-31\r\n';
    const body = (await upload(office, '台账.csv', iconv.encode(csv, 'gb18030'))).json();
    expect(body.rows[0].title).toContain('𠮷');
    expect(body.rows[0].errors[0].message).toContain('找不到单位“商务局”');
    expect(body.rows[1].status).toBe('accepted');
  });

  it('a cell of 1 MB is refused by its row and column; nothing is held', async () => {
    const file = await ledger([[1, '正常任务', '标准', '', '财政局', '', '2026-06-30'], [2, '超长任务', 'x'.repeat(1024 * 1024), '', '财政局', '', '2026-06-30']]);
    const body = (await upload(office, 'big-cell.xlsx', file)).json();
    expect(body.batchId).toBeNull();
    const bad = body.rows.find((r: { row: number }) => r.row === 3);
    expect(bad.errors).toEqual([expect.objectContaining({ column: '工作标准', code: 'too_long' })]);
  });

  it('10,001 rows: every row checked, then written in one transaction; the batch commits once', async () => {
    const rows = Array.from({ length: 10_001 }, (_, i) => [i + 1, `万行导入任务${i + 1}`, '按期完成', '', i % 2 ? '财政局' : '住建局', '', '2026-12-31', '一般']);
    const body = (await upload(office, 'big.xlsx', await ledger(rows))).json();
    expect(body).toMatchObject({ accepted: 10_001, rejected: 0 });
    const before = (await office.get('/api/v1/tasks?pageSize=1')).json().total;
    const commit = await office.post(`/api/v1/tasks/import/${body.batchId}/commit`);
    expect(commit.json()).toEqual({ created: 10_001 });
    expect((await office.get('/api/v1/tasks?pageSize=1')).json().total).toBe(before + 10_001);
    expect((await office.post(`/api/v1/tasks/import/${body.batchId}/commit`)).statusCode).toBeGreaterThanOrEqual(400);
    // Serials run on without gaps, and each unit got one notice for the batch, not one per task.
    const page = (await office.get('/api/v1/tasks?q=' + encodeURIComponent('万行导入任务10001'))).json().items[0];
    expect(page.serial).toBe(before + 10_001);
    const clerk = await t.login('czj.clerk');
    const notices = (await clerk.get('/api/v1/notifications?pageSize=100')).json().items.filter((n: { title: string }) => n.title.includes('批量导入'));
    expect(notices).toHaveLength(1);
    expect(notices[0].title).toContain('5000 项');
  }, 120_000);

  it('more than 20,000 rows is refused as a whole, with the count', async () => {
    const rows = Array.from({ length: 20_001 }, (_, i) => [i + 1, `任务${i}`, '标准', '', '财政局', '', '2026-12-31']);
    const res = await upload(office, 'huge.xlsx', await ledger(rows));
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toContain('一次最多导入 20000 行');
  }, 120_000);

  it('refuses a file that is not a ledger', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('x').addRow(['a', 'b']);
    const res = await upload(office, 'x.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toContain('未找到台账表头');
  });
});

describe('ledger export', () => {
  it('exports the filtered ledger in the office layout, read back cell by cell', async () => {
    const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string; name: string }[];
    const fgj = units.find((u) => u.shortName === '发改局')!;
    await office.post('/api/v1/tasks', { title: '=cmd|注入', content: '+1+1 危险内容', standard: '@SUM(A1)', accountability: '纳入年度目标考核', leadUnitId: fgj.id, deadline: '2026-09-30', issue: true });
    const res = await office.get('/api/v1/tasks/export?unitId=' + fgj.id);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('督办台账'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('督办台账')!;
    expect(ws.getRow(1).values).toEqual([undefined, '序号', '任务名称', '任务内容', '工作标准', '奖惩', '牵头领导', '牵头单位', '配合单位', '完成时限', '进展情况', '完成进度', '状态', '亮灯', '级别', '类别']);
    const row = ws.getRow(2);
    expect(row.getCell(2).value).toBe("'=cmd|注入");
    expect(row.getCell(3).value).toBe("'+1+1 危险内容");
    expect(row.getCell(4).value).toBe("'@SUM(A1)");
    expect(row.getCell(5).value).toBe('纳入年度目标考核');
    expect(row.getCell(7).value).toBe('县发展和改革局');
    expect((row.getCell(9).value as Date).toISOString().slice(0, 10)).toBe('2026-09-30');
    expect(row.getCell(12).value).toBe('已交办');
    expect(row.getCell(13).value).toBe('绿灯');
    for (let r = 2; r <= ws.rowCount; r++) expect(ws.getRow(r).getCell(7).value).toBe('县发展和改革局');
  });

  it('neutralises formula starts', () => {
    expect(neutraliseFormula('=1+1')).toBe("'=1+1");
    expect(neutraliseFormula('正常文本')).toBe('正常文本');
    expect(neutraliseFormula('-5')).toBe("'-5");
  });
});
