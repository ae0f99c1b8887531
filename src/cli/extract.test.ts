import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { ExtractedTaskLine } from '../shared/extraction';
import { readUnitsWorkbook } from './extract';

const root = path.resolve(import.meta.dirname, '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-extract-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// Sentences written for this test.
const SPEECH = [
  '在2026年全县水利工作会议上的讲话',
  '同志们：去年全县新修水渠120公里，成效明显。',
  '县水利局要会同县财政局，6月底前完成小型水库除险加固，确保汛期安全度汛。',
  '各乡镇每月向县防汛办报送一次河道巡查情况。',
].join('\n');

function luoshi(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/luoshi.mjs'), 'extract', ...args], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('npx luoshi extract', { timeout: 240_000 }, () => {
  it('prints one object per candidate per line, in the documented schema, quotes verbatim from the file', async () => {
    const file = path.join(dir, '水利讲话.txt');
    fs.writeFileSync(file, SPEECH);
    const units = path.join(dir, 'units.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('单位');
    ws.addRow(['单位名称', '简称', '别名']);
    ws.addRow(['县水利局', '水利局', '县水务局、水务局']);
    await wb.xlsx.writeFile(units);
    expect(await readUnitsWorkbook(units)).toEqual([
      { name: '县水利局', shortName: '水利局', aliases: ['县水务局', '水务局'] },
    ]);

    const r = luoshi(file, '--units', units, '--json');
    expect(r.code).toBe(0);
    const lines = r.out
      .trim()
      .split('\n')
      .map((l) => ExtractedTaskLine.parse(JSON.parse(l)));
    expect(lines.length).toBe(2);
    for (const l of lines) {
      expect(l.doc).toBe('水利讲话.txt');
      expect(SPEECH.includes(l.quote)).toBe(true);
    }
    expect(lines[0]).toMatchObject({ leadUnits: ['县水利局'], deadlineNorm: '2026-06-30' });
    expect(lines[1]).toMatchObject({ leadUnits: ['各乡镇'], deadlineNorm: 'recurring:monthly' });
  });

  it('says when a file cannot be read, and goes on with the others', () => {
    const good = path.join(dir, 'ok.txt');
    fs.writeFileSync(good, SPEECH);
    const empty = path.join(dir, 'empty.txt');
    fs.writeFileSync(empty, '');
    const r = luoshi(empty, good);
    expect(r.code).toBe(1);
    expect(r.err).toContain('empty.txt');
    expect(r.out.trim().split('\n').length).toBe(2);
  });
});
