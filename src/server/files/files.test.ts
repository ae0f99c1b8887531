import fs from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { Document, Packer, Paragraph } from 'docx';
import { readTables } from './table';
import { readDocx } from './docx';
import { FILE_LIMITS } from './limits';
import { checkZip, zipEntries } from './zip';
import { cellText } from './cells';
import { AppError } from '../http/errors';
import { evidenceProblem, sniffEvidenceType } from '../modules/attachments/sniff';
import { decodeDocument } from '../modules/extraction/extraction.files';
import { bombSheet, buildZip, xlsxParts } from '../../../tests/helpers/zip';

/** The error a read ends with, as code + params + errors (or the sheets, when it succeeds). */
async function outcome<T>(p: Promise<T>) {
  try {
    return { value: await p };
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return { code: e.code, params: e.params, errors: e.errors };
  }
}

const MB = 1024 * 1024;
/** ExcelJS's temp files (tmp-<pid>-<random>) in the system temp folder. */
const parked = () => fs.readdirSync(os.tmpdir()).filter((f) => /^tmp-\d+-/.test(f));
// Built once: 3,000,000 rows, about 143 MB of sheet XML.
const sheet = bombSheet(3_000_000);

describe('hostile spreadsheets', () => {
  it('a 143 MB sheet packed into a few hundred KB is refused from its directory, before anything is inflated', async () => {
    const bomb = buildZip(xlsxParts(sheet));
    expect(sheet.length).toBeGreaterThan(140_000_000);
    expect(bomb.length).toBeLessThan(1 * MB);
    const entries = zipEntries(bomb)!;
    expect(entries.find((e) => e.name === 'xl/worksheets/sheet1.xml')!.uncompressedSize).toBe(sheet.length);
    const r = await outcome(readTables(bomb, 'indicators.xlsx'));
    expect(r).toMatchObject({
      code: 'unpacked_too_large',
      params: { max: FILE_LIMITS.unpackedMb, size: Math.round(sheet.length / MB) },
    });
  });

  it('the same bomb with a directory that lies about its size is stopped at the row limit while streaming', async () => {
    const liar = buildZip(xlsxParts(sheet, 1000));
    expect(checkZip(liar, { unpackedBytes: 64 * MB, entries: 2000, ratio: 100, ratioFloorBytes: 8 * MB }).ok).toBe(
      true,
    );
    const before = new Set(parked());
    // A generous clock: this pins the row limit, not the time limit, on however busy a machine.
    const r = await outcome(readTables(liar, 'indicators.xlsx', { ...FILE_LIMITS, seconds: 300 }));
    expect(r).toMatchObject({ code: 'too_many_rows', params: { max: FILE_LIMITS.rows } });
    // Nothing was parked on disk on the way (ExcelJS writes a sheet it meets early to a temp file).
    expect(parked().filter((f) => !before.has(f))).toEqual([]);
  });

  it('refuses a part that packs far tighter than any XML, and a ZIP of thousands of parts', async () => {
    const tight = buildZip(xlsxParts(bombSheet(400_000, 1)));
    expect(await outcome(readTables(tight, 'a.xlsx'))).toMatchObject({ code: 'unpacked_ratio' });
    const many = buildZip([
      ...xlsxParts(bombSheet(3, 3)),
      ...Array.from({ length: 2001 }, (_, i) => ({ name: `xl/media/x${i}.bin`, data: 'x' })),
    ]);
    expect(await outcome(readTables(many, 'a.xlsx'))).toMatchObject({
      code: 'unpacked_too_many_parts',
      params: { count: 2006, max: 2000 },
    });
  });

  it('stops a read that runs past its time limit, and one that runs out of its heap; a small file still reads after', async () => {
    const slow = buildZip(xlsxParts(bombSheet(40_000, 40_000)));
    expect(await outcome(readTables(slow, 'a.xlsx', { ...FILE_LIMITS, seconds: 0.2 }))).toMatchObject({
      code: 'file_too_complex',
      params: { seconds: 0.2 },
    });
    expect(await outcome(readTables(slow, 'a.xlsx', { ...FILE_LIMITS, workerHeapMb: 8 }))).toMatchObject({
      code: 'unpacked_too_large',
    });
    const ok = await readTables(buildZip(xlsxParts(bombSheet(3, 3))), 'a.xlsx');
    expect(ok[0]).toMatchObject({
      name: '数据',
      rows: [
        { row: 1, cells: ['第1行'] },
        { row: 2, cells: ['第2行'] },
        { row: 3, cells: ['第3行'] },
      ],
    });
  });

  it('counts CSV rows too, and refuses a CSV cell holding a NUL or a control character by its row and column', async () => {
    const many = Buffer.from(`a,b\n${'1,2\n'.repeat(FILE_LIMITS.rows + 1)}`);
    expect(await outcome(readTables(many, 'a.csv'))).toMatchObject({ code: 'too_many_rows' });
    const bad = await outcome(readTables(Buffer.from('名称,值\n"甲\u0000",1\n乙,"\u0007"\n'), 'a.csv'));
    expect(bad).toMatchObject({
      code: 'validation',
      errors: [
        { field: 'file', row: 2, column: 'A', code: 'nul_character' },
        { field: 'file', row: 3, column: 'B', code: 'control_character' },
      ],
    });
  });

  it('an .exe renamed .xlsx, a broken ZIP and an old .xls are each told apart', async () => {
    expect(
      await outcome(readTables(Buffer.from('MZ\x90\x00 this program cannot be run in DOS mode'), 'a.xlsx')),
    ).toMatchObject({ code: 'bad_file' });
    expect(
      await outcome(readTables(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64)]), 'a.xlsx')),
    ).toMatchObject({ code: 'bad_file' });
    expect(
      await outcome(readTables(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'a.xls')),
    ).toMatchObject({ code: 'bad_file', params: { reason: expect.stringContaining('.xls') } });
  });
});

describe('cells as text', () => {
  it('a formula keeps its cached value, rich text and links their text, a date its day; never [object Object]', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('数据');
    const dated = wb.addWorksheet('日期');
    ws.addRow(['名称', '数值', '日期', '合计', '链接']);
    ws.addRow([
      { richText: [{ text: '县' }, { font: { bold: true }, text: '财政局' }] },
      { formula: '0.1+0.2', result: 0.30000000000000004 },
      new Date('2026-03-31'),
      { formula: 'B2*2', result: 0.6 },
      { text: '通知', hyperlink: 'https://example.org/a' },
    ]);
    ws.addRow([
      '文本公式',
      { formula: 'A2&"甲"', result: '县财政局甲' },
      { formula: 'TODAY()', result: new Date('2026-04-01') },
      true,
      { text: { richText: [{ text: '富' }, { text: '链' }] }, hyperlink: 'https://example.org/b' },
    ]);
    dated.addRow([{ formula: 'DATE(2026,5,1)', result: 46143 }]);
    dated.getCell('A1').numFmt = 'yyyy-mm-dd';
    const [data, days] = await readTables(Buffer.from(await wb.xlsx.writeBuffer()), 'a.xlsx');
    expect(data!.rows.map((r) => r.cells)).toEqual([
      ['名称', '数值', '日期', '合计', '链接'],
      ['县财政局', '0.3', '2026-03-31', '0.6', '通知'],
      ['文本公式', '县财政局甲', '2026-04-01', 'TRUE', '富链'],
    ]);
    expect(days!.rows[0]!.cells).toEqual(['2026-05-01']);
    expect(JSON.stringify(data)).not.toContain('[object');
  });

  it('a formula never calculated and an error value are refused with their row and column; a hidden sheet’s are not', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('数据');
    ws.addRow(['名称', '数值']);
    ws.addRow(['甲', { formula: 'B3*2' }]);
    ws.addRow(['乙', { error: '#N/A' }]);
    const lists = wb.addWorksheet('下拉');
    lists.state = 'hidden';
    lists.addRow([{ error: '#DIV/0!' }]);
    const r = await outcome(readTables(Buffer.from(await wb.xlsx.writeBuffer()), 'a.xlsx'));
    expect(r).toMatchObject({
      code: 'validation',
      errors: [
        { field: 'file', row: 2, column: 'B', code: 'formula_without_value', params: { value: '=B3*2' } },
        { field: 'file', row: 3, column: 'B', code: 'error_value', params: { value: '#N/A' } },
      ],
    });
    expect((r as { errors: unknown[] }).errors).toHaveLength(2);
  });

  it('the one cell-to-text function covers every value ExcelJS gives', () => {
    expect(cellText(null)).toEqual({ text: '' });
    expect(cellText(12)).toEqual({ text: '12' });
    expect(cellText(0.1 + 0.2)).toEqual({ text: '0.3' });
    expect(cellText({ formula: 'A1', result: 46143 } as ExcelJS.CellValue, 'yyyy"年"m"月"d"日"')).toEqual({
      text: '2026-05-01',
    });
    expect(cellText({ formula: 'A1', result: Number.NaN } as ExcelJS.CellValue)).toMatchObject({
      problem: 'error_value',
    });
    expect(cellText({ sharedFormula: 'A1', result: 3 } as unknown as ExcelJS.CellValue)).toEqual({ text: '3' });
    expect(cellText({ hyperlink: 'https://example.org' } as unknown as ExcelJS.CellValue)).toEqual({
      text: 'https://example.org',
    });
    expect(cellText({ weird: 1 } as unknown as ExcelJS.CellValue)).toEqual({ text: '' });
  });
});

describe('hostile Word files', () => {
  it('reads a real .docx; refuses a document.xml claiming 100 MB, and one that lies about it, by its size', async () => {
    const real = await Packer.toBuffer(
      new Document({
        sections: [{ children: [new Paragraph('一、抓好项目建设'), new Paragraph('二、优化营商环境')] }],
      }),
    );
    expect((await readDocx(real)).paragraphs).toEqual(['一、抓好项目建设', '二、优化营商环境']);
    const body = Buffer.alloc(100 * MB, '<w:p><w:r><w:t>炸</w:t></w:r></w:p>');
    const parts = (claimed?: number) => [
      { name: '[Content_Types].xml', data: '<Types/>' },
      { name: 'word/document.xml', data: body, claimedSize: claimed },
    ];
    expect(await outcome(readDocx(buildZip(parts())))).toMatchObject({
      code: 'unpacked_too_large',
      params: { max: FILE_LIMITS.unpackedMb, size: 100 },
    });
    expect(await outcome(readDocx(buildZip(parts(4096))))).toMatchObject({
      code: 'unpacked_too_large',
      params: { max: FILE_LIMITS.documentXmlMb },
    });
  });
});

describe('disguised Office files (evidence attachments)', () => {
  const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00'), Buffer.alloc(512, 7)]);

  it('takes a real workbook and document as what they are', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('数据').addRow(['佐证']);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const docx = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('佐证材料')] }] }));
    expect(sniffEvidenceType(xlsx)).toBe(XLSX);
    expect(evidenceProblem(xlsx, XLSX)).toBeNull();
    expect(sniffEvidenceType(docx)).toBe(DOCX);
    expect(evidenceProblem(docx, DOCX)).toBeNull();
  });

  it('a zip of [Content_Types].xml and xl/payload.exe is no .xlsx; a workbook carrying a program or macros is refused by name', () => {
    expect(
      sniffEvidenceType(
        buildZip([
          { name: '[Content_Types].xml', data: '<Types/>' },
          { name: 'xl/payload.exe', data: exe },
        ]),
      ),
    ).toBeNull();
    const withExe = buildZip([...xlsxParts(bombSheet(1, 1)), { name: 'xl/payload.exe', data: exe }]);
    expect(sniffEvidenceType(withExe)).toBe(XLSX);
    expect(evidenceProblem(withExe, XLSX)).toContain('xl/payload.exe');
    const hidden = buildZip([...xlsxParts(bombSheet(1, 1)), { name: 'xl/media/image1.png', data: exe }]);
    expect(evidenceProblem(hidden, XLSX)).toContain('xl/media/image1.png');
    const stored = buildZip([...xlsxParts(bombSheet(1, 1)), { name: 'xl/media/image2.png', data: exe, stored: true }]);
    expect(evidenceProblem(stored, XLSX)).toContain('xl/media/image2.png');
    const macros = buildZip([...xlsxParts(bombSheet(1, 1)), { name: 'xl/vbaProject.bin', data: 'VBA' }]);
    expect(evidenceProblem(macros, XLSX)).toContain('vbaProject.bin');
    const parts = xlsxParts(bombSheet(1, 1));
    parts[0] = { ...parts[0]!, data: String(parts[0]!.data).replace('sheet.main+xml', 'sheet.macroEnabled.main+xml') };
    expect(evidenceProblem(buildZip(parts), XLSX)).toContain('macroEnabled');
  });

  it('a .docx named so but holding only a workbook is not taken as a Word file', () => {
    const book = buildZip(xlsxParts(bombSheet(1, 1)));
    expect(evidenceProblem(book, DOCX)).toContain('word/document.xml');
  });
});

describe('speech text read from a file', () => {
  const docxWith = (text: string) =>
    buildZip([
      { name: '[Content_Types].xml', data: '<Types/>' },
      {
        name: 'word/document.xml',
        data: `<w:document><w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:body></w:document>`,
      },
    ]);

  it('refuses a NUL or a lone surrogate in a .txt or .docx by the file; reads page breaks as line breaks', async () => {
    await expect(decodeDocument(Buffer.from('一、抓好项目建设\u0000'), '讲话.txt')).rejects.toMatchObject({
      errors: [{ field: 'file', code: 'nul_character' }],
    });
    await expect(decodeDocument(docxWith('一、抓好&#0;项目建设'), '讲话.docx')).rejects.toMatchObject({
      errors: [{ field: 'file', code: 'nul_character' }],
    });
    await expect(decodeDocument(docxWith('一、抓好&#xD800;项目建设'), '讲话.docx')).rejects.toMatchObject({
      errors: [{ field: 'file', code: 'lone_surrogate' }],
    });
    await expect(decodeDocument(Buffer.from('\u200b\u200b\u200b'), '讲话.txt')).rejects.toMatchObject({
      errors: [{ field: 'file', code: 'empty_document' }],
    });
    expect((await decodeDocument(Buffer.from('一、抓好项目建设\f二、优化营商环境'), '讲话.txt')).text).toBe(
      '一、抓好项目建设\n二、优化营商环境',
    );
  });
});
