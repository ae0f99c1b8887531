import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../http/errors';
import { readDocx } from '../../files/docx';
import { badString } from '../../http/strings';
import { MAX_DOCUMENT_BYTES } from '../../../shared/extraction';

/**
 * What offices send as a speech or work report: a .txt saved by Notepad/WPS (UTF-8 with or without BOM, or
 * GBK/GB18030 on a Chinese Windows), or a Word .docx. Returns the text with its paragraphs as lines and the
 * encoding it was read in. Problems name the field `file`.
 */
export interface DecodedDocument {
  text: string;
  encoding: 'utf-8' | 'utf-8-bom' | 'utf-16' | 'gb18030' | 'docx' | 'doc' | 'pdf';
}

const fileProblem = (code: string, params: Record<string, string | number> = {}) =>
  new AppError('validation', {}, [{ field: 'file', code, params }]);

/** Valid UTF-8 is read as such; anything else is the GBK family (GB18030 is a superset of GBK and GB2312). */
export function decodeTextFile(buf: Buffer): DecodedDocument {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf)
    return { text: new TextDecoder('utf-8').decode(buf.subarray(3)), encoding: 'utf-8-bom' };
  if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))
    return {
      text: new TextDecoder(buf[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(buf.subarray(2)),
      encoding: 'utf-16',
    };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(buf), encoding: 'gb18030' };
  }
}

export { docxParagraphs } from '../../files/docx-text';

export async function decodeDocx(buf: Buffer): Promise<DecodedDocument> {
  const { paragraphs, hasImages } = await readDocx(buf);
  const text = paragraphs.join('\n').replace(/\n{3,}/g, '\n\n');
  // A scan saved as Word: pictures and no text. Said so, rather than "no directives found".
  if (!text.trim()) throw fileProblem(hasImages ? 'image_only_document' : 'empty_document');
  return { text, encoding: 'docx' };
}

/** A file upload → text, by its extension (and the zip signature, for a .docx renamed by a mail client). */
export async function decodeDocument(buf: Buffer, fileName: string): Promise<DecodedDocument> {
  if (buf.length > MAX_DOCUMENT_BYTES)
    throw fileProblem('document_too_large', { max: MAX_DOCUMENT_BYTES / 1024 / 1024 });
  if (buf.length === 0) throw fileProblem('empty_document');
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const zipMagic = buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04;
  let doc: DecodedDocument;
  const pdfMagic = buf.subarray(0, 5).toString('latin1') === '%PDF-';
  if (ext === 'docx' || (zipMagic && ext !== 'txt')) doc = await decodeDocx(buf);
  else if (ext === 'pdf' || pdfMagic) doc = await decodePdf(buf);
  else if (ext === 'doc' || ext === 'wps' || ext === 'rtf' || ext === 'odt') doc = await decodeWithOffice(buf, ext);
  else if (ext === 'txt' || ext === 'text' || ext === '') doc = decodeTextFile(buf);
  else throw fileProblem('unsupported_document');
  // Page and vertical tabs (a Word "save as text") are line breaks; other control characters are refused.
  const text = doc.text.replace(/[\u000b\u000c]/g, '\n');
  const bad = badString(text);
  if (!text.replace(/[\s\ufeff\u3000]/g, '') || bad === 'invisible_only') throw fileProblem('empty_document');
  if (bad) throw fileProblem(bad);
  return { ...doc, text };
}

/** Runs a converter; null when it is not installed (ENOENT), else its stdout or an error. */
function run(cmd: string, args: string[], timeoutMs: number): Promise<{ out: Buffer } | null> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, encoding: 'buffer' }, (err, stdout) => {
      if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') resolve(null);
      else if (err) reject(err);
      else resolve({ out: stdout });
    });
  });
}

async function inTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-doc-'));
  try {
    return await fn(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A PDF's text layer, page by page in reading order (poppler's pdftotext), with page numbers and the running
 * header or footer repeated on most pages dropped. A PDF with no text (a scan) is refused: there is no OCR.
 */
export async function decodePdf(buf: Buffer): Promise<DecodedDocument> {
  const bin = process.env.LUOSHI_PDFTOTEXT ?? 'pdftotext';
  const r = await inTempDir(async (dir) => {
    const file = path.join(dir, 'in.pdf');
    fs.writeFileSync(file, buf);
    return run(bin, ['-enc', 'UTF-8', '-nopgbrk', file, '-'], 60_000).catch(() => {
      throw fileProblem('unreadable_pdf');
    });
  });
  if (!r) throw fileProblem('converter_missing', { tool: 'pdftotext (poppler-utils)', kind: 'PDF' });
  const raw = r.out.toString('utf8');
  const lines = raw.split('\n').map((l) => l.replace(/\s+$/, ''));
  const counts = new Map<string, number>();
  for (const l of lines) if (l.trim()) counts.set(l.trim(), (counts.get(l.trim()) ?? 0) + 1);
  const pages = Math.max(1, (buf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length);
  const kept = lines.filter((l) => {
    const t = l.trim();
    if (/^(?:[-—–]\s*)?\d{1,4}(?:\s*[-—–])?$|^第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?$|^\d+\s*\/\s*\d+$/.test(t))
      return false;
    // a running header or footer: the same short line on most pages
    if (pages >= 3 && t.length <= 40 && (counts.get(t) ?? 0) >= Math.ceil(pages * 0.6)) return false;
    return true;
  });
  // pdftotext cuts lines at the page width: join a line that does not end a sentence to the next
  const text = kept
    .join('\n')
    .replace(/([^。！？；：:!?\n”」）)])\n(?=[^\n\s一二三四五六七八九十（(\d])/g, '$1')
    .replace(/\n{3,}/g, '\n\n')
    // pdftotext sets Latin runs apart from Chinese with a space (在 2026 年): the text had none
    .replace(
      /(?<=[\p{Script=Han}，。、；：“”（）])[ \t]+(?=[\dA-Za-z%])|(?<=[\dA-Za-z%])[ \t]+(?=[\p{Script=Han}，。、；：“”（）])/gu,
      '',
    )
    .trim();
  if (!text.replace(/\s/g, '')) throw fileProblem('scanned_pdf');
  return { text, encoding: 'pdf' };
}

/** A .doc or .wps (and .rtf, .odt) through LibreOffice headless, to UTF-8 text. */
export async function decodeWithOffice(buf: Buffer, ext: string): Promise<DecodedDocument> {
  const bin = process.env.LUOSHI_SOFFICE ?? 'soffice';
  const text = await inTempDir(async (dir) => {
    const file = path.join(dir, `in.${ext}`);
    fs.writeFileSync(file, buf);
    const r = await run(
      bin,
      [
        `-env:UserInstallation=file://${path.join(dir, 'profile')}`,
        '--headless',
        '--convert-to',
        'txt:Text (encoded):UTF8',
        '--outdir',
        dir,
        file,
      ],
      120_000,
    ).catch(() => {
      throw fileProblem('unreadable_document');
    });
    if (!r) throw fileProblem('converter_missing', { tool: 'LibreOffice (soffice)', kind: `.${ext}` });
    const out = path.join(dir, 'in.txt');
    if (!fs.existsSync(out)) throw fileProblem('unreadable_document');
    return decodeTextFile(fs.readFileSync(out)).text;
  });
  return { text, encoding: 'doc' };
}
