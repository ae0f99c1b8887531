import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import { extractTasks } from '../../../shared/domain/extract/extract';
import { AppError } from '../../http/errors';
import { decodeDocument } from './extraction.files';

// A speech written for these tests, as .txt and as the PDF and .doc LibreOffice made of it.
const dir = path.resolve(import.meta.dirname, '../../../../tests/fixtures/extract/files');
const txt = fs.readFileSync(path.join(dir, '水利讲话.txt'), 'utf8');
const has = (cmd: string) => {
  try {
    execFileSync(cmd, ['-v'], { stdio: 'ignore', timeout: 120_000 });
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ENOENT';
  }
};
const fields = (text: string) =>
  extractTasks(text, {}).candidates.map((c) => [c.quote, c.leadUnits, c.coUnits, c.deadlineNorm, c.targets]);
const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
    return null;
  } catch (e) {
    return e instanceof AppError ? e.errors[0]?.code : String(e);
  }
};

describe('documents as offices receive them', { timeout: 300_000 }, () => {
  it('a .docx and the .txt of the same speech give the same candidates', async () => {
    const docx = new Document({
      sections: [
        {
          children: txt
            .trim()
            .split('\n')
            .map((l) => new Paragraph({ children: [new TextRun(l)] })),
        },
      ],
    });
    const fromDocx = await decodeDocument(await Packer.toBuffer(docx), '水利讲话.docx');
    expect(fields(fromDocx.text)).toEqual(fields(txt));
    expect(fields(txt).length).toBe(3);
  });

  it.skipIf(!has('pdftotext'))('a PDF with a text layer gives the same candidates as the .txt', async () => {
    const pdf = await decodeDocument(fs.readFileSync(path.join(dir, '水利讲话.pdf')), '水利讲话.pdf');
    expect(pdf.encoding).toBe('pdf');
    expect(fields(pdf.text)).toEqual(fields(txt));
  });

  it.skipIf(!has('pdftotext'))('a PDF with no text layer (a scan) is refused plainly', async () => {
    // one blank page: what a scanner's PDF looks like to a text reader
    const objs = [
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
    ];
    let body = '%PDF-1.4\n';
    const offsets: number[] = [];
    objs.forEach((o, i) => {
      offsets.push(body.length);
      body += `${i + 1} 0 obj\n${o}\nendobj\n`;
    });
    const xref = body.length;
    body += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets
      .map(
        (o) => `${String(o).padStart(10, '0')} \
00000 n \n`,
      )
      .join('')}trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
    expect(await codeOf(decodeDocument(Buffer.from(body, 'latin1'), 'scan.pdf'))).toBe('scanned_pdf');
  });

  it.skipIf(!has('soffice'))('a .doc goes through LibreOffice to the same candidates', async () => {
    const doc = await decodeDocument(fs.readFileSync(path.join(dir, '水利讲话.doc')), '水利讲话.doc');
    expect(doc.encoding).toBe('doc');
    expect(fields(doc.text)).toEqual(fields(txt));
  });

  it('says so when LibreOffice or pdftotext is not installed', async () => {
    const saved = [process.env.LUOSHI_SOFFICE, process.env.LUOSHI_PDFTOTEXT];
    process.env.LUOSHI_SOFFICE = '/nonexistent/soffice';
    process.env.LUOSHI_PDFTOTEXT = '/nonexistent/pdftotext';
    try {
      expect(await codeOf(decodeDocument(Buffer.from('\xd0\xcf\x11\xe0 binary', 'latin1'), '讲话.wps'))).toBe(
        'converter_missing',
      );
      expect(await codeOf(decodeDocument(Buffer.from('%PDF-1.4 x'), '讲话.pdf'))).toBe('converter_missing');
    } finally {
      process.env.LUOSHI_SOFFICE = saved[0];
      process.env.LUOSHI_PDFTOTEXT = saved[1];
      if (saved[0] === undefined) delete process.env.LUOSHI_SOFFICE;
      if (saved[1] === undefined) delete process.env.LUOSHI_PDFTOTEXT;
    }
  });
});
