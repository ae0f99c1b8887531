/**
 * The type of a file from its content, not its name: a renamed .exe is refused whatever it is called.
 * Office files are ZIP containers told apart by the part that names their main document.
 */
export type EvidenceType = 'application/pdf' | 'image/jpeg' | 'image/png' | 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' | 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

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
  if (buf.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    // File names of ZIP entries appear in the clear in local headers and the central directory.
    const names = buf.toString('latin1');
    if (names.includes('[Content_Types].xml')) {
      if (names.includes('word/document.xml') || names.includes('word/')) return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
      if (names.includes('xl/workbook.xml') || names.includes('xl/')) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    }
  }
  return null;
}
