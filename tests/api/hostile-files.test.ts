import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestApp } from '../helpers/app';
import { bombSheet, buildZip, xlsxParts } from '../helpers/zip';
import { readsInProgress } from '../../src/server/files/run';
import { FILE_LIMITS } from '../../src/server/files/limits';

/**
 * Hostile files through the API, on a listening server: a zip bomb uploaded by a clerk is refused with a 413
 * in the caller's language while other requests keep being answered; a disguised .xlsx is no evidence; a
 * formula cell is imported as its value, or refused with its row.
 */
const t = await createTestApp();
const address = await t.app.listen({ port: 0, host: '127.0.0.1' });

async function signIn(username: string) {
  const c = await t.login(username);
  return { cookie: c.cookie, csrf: c.csrf };
}

function form(fileName: string, data: Buffer): FormData {
  const f = new FormData();
  f.append('file', new Blob([new Uint8Array(data)]), fileName);
  return f;
}

async function upload(
  who: { cookie: string; csrf: string },
  path: string,
  fileName: string,
  data: Buffer,
  lang = 'zh-CN',
) {
  const res = await fetch(address + path, {
    method: 'POST',
    body: form(fileName, data),
    headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'accept-language': lang },
  });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    body: (await res.json()) as Record<string, unknown> & {
      code: string;
      detail: string;
      errors?: Record<string, unknown>[];
    },
  };
}

describe('a zip bomb uploaded to the indicator import', () => {
  // 3,000,000 rows of sheet XML (about 143 MB) in a file of a few hundred KB, as the review's clerk sent.
  const sheet = bombSheet(3_000_000);

  it('is refused from its directory with a 413 in the caller’s language', async () => {
    const clerk = await signIn('fgj.clerk');
    const bomb = buildZip(xlsxParts(sheet));
    const zh = await upload(clerk, '/api/v1/indicators/import', '指标.xlsx', bomb);
    expect(zh.status).toBe(413);
    expect(zh.type).toContain('application/problem+json');
    expect(zh.body).toMatchObject({
      code: 'unpacked_too_large',
      detail: expect.stringMatching(/^文件解压后超过 64 MB/),
    });
    const en = await upload(clerk, '/api/v1/indicators/import', 'indicators.xlsx', bomb, 'en-US');
    expect(en.body.detail).toMatch(/^Unpacked, the file exceeds 64 MB/);
  });

  it('when its directory lies, is read in a worker and stopped at the row limit; the server answers meanwhile', async () => {
    const clerk = await signIn('fgj.clerk');
    const liar = buildZip(xlsxParts(sheet, 1000));
    const pending = upload(clerk, '/api/v1/indicators/import', '指标.xlsx', liar);
    // Wait until the file is being read, then ask something else.
    await expect.poll(() => readsInProgress(), { timeout: 60_000, interval: 20 }).toBeGreaterThan(0);
    const asked = Date.now();
    const other = await fetch(`${address}/api/v1/auth/me`, { headers: { cookie: clerk.cookie } });
    const answeredIn = Date.now() - asked;
    const stillReading = readsInProgress() > 0;
    expect(other.status).toBe(200);
    expect(stillReading, 'the other request was answered while the upload was still being read').toBe(true);
    expect(answeredIn).toBeLessThan(5000);
    const refused = await pending;
    expect(refused.status).toBe(413);
    // The row limit stops it (files.test.ts pins that); on a machine too busy to reach it in time, the time limit.
    if (refused.body.code === 'too_many_rows')
      expect(refused.body.detail).toBe(`文件解压后超过 ${FILE_LIMITS.rows} 行，请拆分后分批导入`);
    else
      expect(refused.body).toMatchObject({
        code: 'file_too_complex',
        detail: expect.stringContaining(`${FILE_LIMITS.seconds} 秒内未能读完`),
      });
  });
});

describe('other hostile files', () => {
  it('a zip of [Content_Types].xml and xl/payload.exe is no evidence, nor a workbook carrying a program', async () => {
    const clerk = await signIn('fgj.clerk');
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00'), Buffer.alloc(256, 1)]);
    const fake = await upload(
      clerk,
      '/api/v1/attachments',
      '材料.xlsx',
      buildZip([
        { name: '[Content_Types].xml', data: '<Types/>' },
        { name: 'xl/payload.exe', data: exe },
      ]),
    );
    expect(fake).toMatchObject({ status: 400, body: { code: 'bad_file' } });
    const carrying = await upload(
      clerk,
      '/api/v1/attachments',
      '材料.xlsx',
      buildZip([...xlsxParts(bombSheet(2, 2)), { name: 'xl/payload.exe', data: exe }]),
    );
    expect(carrying).toMatchObject({
      status: 400,
      body: { code: 'bad_file', detail: expect.stringContaining('xl/payload.exe') },
    });
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('佐证').addRow(['台账']);
    const real = await upload(clerk, '/api/v1/attachments', '台账.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(real.status).toBe(201);
  });

  it('a formula cell in a task import keeps its cached value; one never calculated is refused with its row', async () => {
    const office = await signIn('sunli');
    const ledger = async (content: ExcelJS.CellValue) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('台账');
      ws.addRow(['序号', '任务内容', '工作标准', '牵头领导', '牵头单位', '配合单位', '完成时限', '级别', '奖惩']);
      ws.addRow([
        1,
        content,
        '按期完成',
        '龚颖',
        '住建局',
        '',
        new Date('2026-12-31T00:00:00Z'),
        '一般',
        '纳入年度目标考核',
      ]);
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    const kept = await upload(
      office,
      '/api/v1/tasks/import',
      '台账.xlsx',
      await ledger({ formula: '"推进"&"公式任务"', result: '推进公式任务' }),
    );
    expect(kept.status).toBe(200);
    expect(JSON.stringify(kept.body)).not.toContain('[object');
    expect(JSON.stringify(kept.body)).toContain('推进公式任务');
    const refused = await upload(
      office,
      '/api/v1/tasks/import',
      '台账.xlsx',
      await ledger({ formula: '"推进"&"公式任务"' } as ExcelJS.CellValue),
    );
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toContainEqual(
      expect.objectContaining({
        field: 'file',
        row: 2,
        column: 'B',
        code: 'formula_without_value',
        message: expect.stringContaining('没有计算结果'),
      }),
    );
  });
});
