/**
 * Photos leave for the public without their metadata: EXIF (camera owner, GPS, dates), XMP, IPTC, comments and PNG
 * text chunks can carry names and notes that are not meant for the public. Only the EXIF orientation survives (in a
 * minimal EXIF block of its own), so a phone photo is not shown sideways. The image data is copied unchanged.
 */

const JPEG_SOI = Buffer.from([0xff, 0xd8]);

/** The EXIF orientation (1–8) of an APP1 payload, if it has one. */
export function exifOrientation(app1: Buffer): number | null {
  if (app1.length < 14 || app1.subarray(0, 6).toString('latin1') !== 'Exif\0\0') return null;
  const t = app1.subarray(6);
  const le = t.subarray(0, 2).toString('latin1') === 'II';
  if (!le && t.subarray(0, 2).toString('latin1') !== 'MM') return null;
  const u16 = (o: number) => (le ? t.readUInt16LE(o) : t.readUInt16BE(o));
  const u32 = (o: number) => (le ? t.readUInt32LE(o) : t.readUInt32BE(o));
  if (t.length < 8) return null;
  const ifd = u32(4);
  if (ifd + 2 > t.length) return null;
  const n = u16(ifd);
  for (let i = 0; i < n; i++) {
    const e = ifd + 2 + i * 12;
    if (e + 12 > t.length) return null;
    if (u16(e) === 0x0112) {
      const v = u16(e + 8);
      return v >= 1 && v <= 8 ? v : null;
    }
  }
  return null;
}

/** An APP1 segment holding only the orientation tag (big-endian TIFF, one IFD entry). */
function orientationSegment(orientation: number): Buffer {
  const payload = Buffer.concat([
    Buffer.from('Exif\0\0', 'latin1'),
    Buffer.from([0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08]),
    Buffer.from([0x00, 0x01]),
    Buffer.from([0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, orientation, 0x00, 0x00]),
    Buffer.from([0x00, 0x00, 0x00, 0x00]),
  ]);
  const len = Buffer.alloc(2);
  len.writeUInt16BE(payload.length + 2);
  return Buffer.concat([Buffer.from([0xff, 0xe1]), len, payload]);
}

/**
 * A JPEG without APP1 (EXIF/XMP), APP3–APP13, APP15 and comments. APP0 (JFIF), APP2 (ICC colour profile) and APP14
 * (Adobe colour transform) are kept: decoding needs them. Null when the file is not a JPEG it can walk.
 */
export function stripJpeg(buf: Buffer): Buffer | null {
  if (!buf.subarray(0, 2).equals(JPEG_SOI)) return null;
  const out: Buffer[] = [JPEG_SOI];
  let orientation: number | null = null;
  let i = 2;
  while (i + 4 <= buf.length) {
    if (buf[i] !== 0xff) return null;
    const marker = buf[i + 1]!;
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    if (marker === 0xd9) break;
    const len = buf.readUInt16BE(i + 2);
    if (len < 2 || i + 2 + len > buf.length) return null;
    const segment = buf.subarray(i, i + 2 + len);
    if (marker === 0xda) {
      // Start of scan: the rest is image data up to the end.
      if (orientation) out.splice(1, 0, orientationSegment(orientation));
      out.push(buf.subarray(i));
      return Buffer.concat(out);
    }
    const drop = marker === 0xe1 || (marker >= 0xe3 && marker <= 0xed) || marker === 0xef || marker === 0xfe;
    if (marker === 0xe1) orientation ??= exifOrientation(segment.subarray(4));
    if (!drop) out.push(segment);
    i += 2 + len;
  }
  return null;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PNG_DROP = new Set(['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME']);

/** A PNG without its text, EXIF and time chunks. Null when the file is not a PNG it can walk. */
export function stripPng(buf: Buffer): Buffer | null {
  if (!buf.subarray(0, 8).equals(PNG_SIGNATURE)) return null;
  const out: Buffer[] = [PNG_SIGNATURE];
  let i = 8;
  while (i + 12 <= buf.length) {
    const len = buf.readUInt32BE(i);
    const type = buf.subarray(i + 4, i + 8).toString('latin1');
    const end = i + 12 + len;
    if (end > buf.length) return null;
    if (!PNG_DROP.has(type)) out.push(buf.subarray(i, end));
    i = end;
    if (type === 'IEND') return Buffer.concat(out);
  }
  return null;
}

/** The photo as the public gets it, or null when it cannot be cleaned (then it is not served). */
export function stripImageMetadata(buf: Buffer, mediaType: string): Buffer | null {
  if (mediaType === 'image/jpeg') return stripJpeg(buf);
  if (mediaType === 'image/png') return stripPng(buf);
  return null;
}
