/**
 * The type of a file from its content, not its name: a renamed .exe is refused whatever it is called.
 * Office files are ZIP containers told apart by the part that names their main document.
 */
import { officeKind, officeProblem } from '../../files/office';
import { isZip, zipEntries } from '../../files/zip';

export type EvidenceType =
  | 'application/pdf'
  | 'image/jpeg'
  | 'image/png'
  | 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
  | 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const EXTENSIONS: Record<EvidenceType, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
};

export function sniffEvidenceType(buf: Buffer): EvidenceType | null {
  if (buf.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'image/jpeg';
  if (buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  // An Office file is a ZIP whose directory names its main part; files/office.ts then checks it is one.
  const entries = isZip(buf) ? zipEntries(buf) : null;
  const kind = entries ? officeKind(entries) : null;
  if (kind === 'docx') return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  if (kind === 'xlsx') return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  return null;
}

/** Why a file is not the type its content first suggests (a disguised or macro-bearing Office file), or null. */
export function evidenceProblem(buf: Buffer, type: EvidenceType): string | null {
  if (type === 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
    return officeProblem(buf, 'docx');
  if (type === 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') return officeProblem(buf, 'xlsx');
  return null;
}
