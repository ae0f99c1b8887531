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
  encoding: 'utf-8' | 'utf-8-bom' | 'utf-16' | 'gb18030' | 'docx';
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
  if (ext === 'docx' || (zipMagic && ext !== 'txt')) doc = await decodeDocx(buf);
  else if (ext === 'txt' || ext === 'text' || ext === '') doc = decodeTextFile(buf);
  else throw fileProblem('unsupported_document');
  // Page and vertical tabs (a Word "save as text") are line breaks; other control characters are refused.
  const text = doc.text.replace(/[\u000b\u000c]/g, '\n');
  const bad = badString(text);
  if (!text.replace(/[\s\ufeff\u3000]/g, '') || bad === 'invisible_only') throw fileProblem('empty_document');
  if (bad) throw fileProblem(bad);
  return { ...doc, text };
}
