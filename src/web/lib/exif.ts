/**
 * The little of EXIF a photo of evidence keeps: when it was taken. A photo re-drawn on a canvas loses all its
 * metadata (camera, place, software, thumbnails); if the person allows, the date it was taken is read from the
 * original here and written back into the compressed JPEG as DateTimeOriginal, and nothing else.
 * Pure byte handling, no browser API: tested in Node (exif.test.ts).
 */

const SOI = 0xffd8;
const APP0 = 0xffe0;
const APP1 = 0xffe1;
const SOS = 0xffda;
const TAG_EXIF_IFD = 0x8769;
const TAG_DATE_TIME = 0x0132;
const TAG_DATE_TIME_ORIGINAL = 0x9003;
const ASCII = 2;
const LONG = 4;

/** EXIF's date form: "YYYY:MM:DD HH:MM:SS". */
const EXIF_DATE = /^\d{4}:\d{2}:\d{2} \d{2}:\d{2}:\d{2}$/;

interface Segment {
  marker: number;
  /** Offset of the marker in the file. */
  at: number;
  /** Offset just past the segment. */
  end: number;
}

/** The segments before the image data (the metadata lives there); [] if the bytes are not a JPEG. */
function segments(b: Uint8Array): Segment[] {
  if (b.length < 4 || (b[0]! << 8) + b[1]! !== SOI) return [];
  const out: Segment[] = [];
  let i = 2;
  while (i + 4 <= b.length && b[i] === 0xff) {
    const marker = (b[i]! << 8) + b[i + 1]!;
    if (marker === SOS) break;
    const len = (b[i + 2]! << 8) + b[i + 3]!;
    out.push({ marker, at: i, end: i + 2 + len });
    i += 2 + len;
  }
  return out;
}

/** The TIFF block of an APP1 "Exif\0\0" segment, or null. */
function tiffOf(b: Uint8Array): DataView | null {
  for (const s of segments(b)) {
    if (s.marker !== APP1) continue;
    const h = s.at + 4;
    if (String.fromCharCode(...b.subarray(h, h + 4)) === 'Exif' && b[h + 4] === 0 && b[h + 5] === 0)
      return new DataView(b.buffer, b.byteOffset + h + 6, Math.max(0, s.end - h - 6));
  }
  return null;
}

/** The ASCII value of `tag` in the IFD at `ifd`, or a LONG's value; undefined when absent or out of bounds. */
function readTag(v: DataView, le: boolean, ifd: number, tag: number): string | number | undefined {
  if (ifd + 2 > v.byteLength) return undefined;
  const n = v.getUint16(ifd, le);
  for (let k = 0; k < n; k++) {
    const e = ifd + 2 + k * 12;
    if (e + 12 > v.byteLength) return undefined;
    if (v.getUint16(e, le) !== tag) continue;
    const type = v.getUint16(e + 2, le);
    const count = v.getUint32(e + 4, le);
    if (type === LONG) return v.getUint32(e + 8, le);
    if (type !== ASCII) return undefined;
    const at = count <= 4 ? e + 8 : v.getUint32(e + 8, le);
    if (at + count > v.byteLength) return undefined;
    let s = '';
    for (let i = 0; i < count; i++) {
      const c = v.getUint8(at + i);
      if (c === 0) break;
      s += String.fromCharCode(c);
    }
    return s;
  }
  return undefined;
}

/** When the photo was taken, as EXIF says ("YYYY:MM:DD HH:MM:SS"): DateTimeOriginal, else DateTime; null if none. */
export function exifDateTaken(jpeg: Uint8Array): string | null {
  const v = tiffOf(jpeg);
  if (!v || v.byteLength < 8) return null;
  const order = v.getUint16(0);
  if (order !== 0x4949 && order !== 0x4d4d) return null;
  const le = order === 0x4949;
  const ifd0 = v.getUint32(4, le);
  const exifIfd = readTag(v, le, ifd0, TAG_EXIF_IFD);
  const original = typeof exifIfd === 'number' ? readTag(v, le, exifIfd, TAG_DATE_TIME_ORIGINAL) : undefined;
  const date = typeof original === 'string' ? original : readTag(v, le, ifd0, TAG_DATE_TIME);
  return typeof date === 'string' && EXIF_DATE.test(date) ? date : null;
}

/**
 * An APP1 EXIF segment holding the given ASCII tags: `ifd0` in the first directory (0x010f Make, 0x0110 Model…),
 * `exif` in the Exif directory (0x9003 DateTimeOriginal…). Little-endian, entries sorted by tag as TIFF requires.
 */
export function exifSegment(ifd0: Record<number, string>, exif: Record<number, string> = {}): Uint8Array {
  const enc = (s: string) => [...s].map((c) => c.charCodeAt(0) & 0x7f).concat(0);
  const first = Object.entries(ifd0).map(([t, s]) => ({ tag: Number(t), bytes: enc(s) }));
  const second = Object.entries(exif).map(([t, s]) => ({ tag: Number(t), bytes: enc(s) }));
  const hasExif = second.length > 0;
  const ifdSize = (n: number) => 2 + n * 12 + 4;
  const dataSize = (l: { bytes: number[] }[]) => l.reduce((a, e) => a + (e.bytes.length > 4 ? e.bytes.length : 0), 0);
  const ifd0At = 8;
  const n0 = first.length + (hasExif ? 1 : 0);
  const data0At = ifd0At + ifdSize(n0);
  const exifAt = data0At + dataSize(first);
  const data1At = exifAt + ifdSize(second.length);
  const total = hasExif ? data1At + dataSize(second) : exifAt;
  const tiff = new Uint8Array(total);
  const v = new DataView(tiff.buffer);
  v.setUint16(0, 0x4949);
  v.setUint16(2, 42, true);
  v.setUint32(4, ifd0At, true);
  const writeIfd = (at: number, dataAt: number, list: { tag: number; bytes: number[] }[], extra?: number) => {
    const entries = [
      ...list.map((e) => ({ ...e, type: ASCII })),
      ...(extra === undefined ? [] : [{ tag: TAG_EXIF_IFD, bytes: [], type: LONG }]),
    ].sort((a, b) => a.tag - b.tag);
    v.setUint16(at, entries.length, true);
    let d = dataAt;
    entries.forEach((e, k) => {
      const p = at + 2 + k * 12;
      v.setUint16(p, e.tag, true);
      v.setUint16(p + 2, e.type, true);
      if (e.type === LONG) {
        v.setUint32(p + 4, 1, true);
        v.setUint32(p + 8, extra!, true);
        return;
      }
      v.setUint32(p + 4, e.bytes.length, true);
      if (e.bytes.length <= 4) tiff.set(e.bytes, p + 8);
      else {
        v.setUint32(p + 8, d, true);
        tiff.set(e.bytes, d);
        d += e.bytes.length;
      }
    });
    v.setUint32(at + 2 + entries.length * 12, 0, true);
  };
  writeIfd(ifd0At, data0At, first, hasExif ? exifAt : undefined);
  if (hasExif) writeIfd(exifAt, data1At, second);
  const len = 2 + 6 + tiff.length;
  const seg = new Uint8Array(2 + len);
  seg.set([0xff, 0xe1, len >> 8, len & 0xff, 0x45, 0x78, 0x69, 0x66, 0, 0]);
  seg.set(tiff, 10);
  return seg;
}

/** The JPEG with `segment` inserted after its JFIF header (or its start), every earlier APP1 EXIF removed. */
export function withSegment(jpeg: Uint8Array, segment: Uint8Array): Uint8Array {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return jpeg;
  const segs = segments(jpeg);
  const app0 = segs.find((s) => s.marker === APP0);
  const cut = app0 ? app0.end : 2;
  const drop = segs.filter((s) => s.marker === APP1 && s.at >= cut);
  const parts: Uint8Array[] = [jpeg.subarray(0, cut), segment];
  let i = cut;
  for (const s of drop) {
    parts.push(jpeg.subarray(i, s.at));
    i = s.end;
  }
  parts.push(jpeg.subarray(i));
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** The compressed photo with only the date it was taken (DateTimeOriginal) as metadata. */
export function withDateTaken(jpeg: Uint8Array, date: string): Uint8Array {
  if (!EXIF_DATE.test(date)) return jpeg;
  return withSegment(jpeg, exifSegment({}, { [TAG_DATE_TIME_ORIGINAL]: date }));
}

/** The pixel size a JPEG declares in its frame header (SOF0–SOF15 but DHT/JPG/DAC), or null. */
export function jpegSize(jpeg: Uint8Array): { width: number; height: number } | null {
  for (const s of segments(jpeg)) {
    const m = s.marker;
    if (m >= 0xffc0 && m <= 0xffcf && m !== 0xffc4 && m !== 0xffc8 && m !== 0xffcc)
      return {
        height: (jpeg[s.at + 5]! << 8) + jpeg[s.at + 6]!,
        width: (jpeg[s.at + 7]! << 8) + jpeg[s.at + 8]!,
      };
  }
  return null;
}

export const EXIF_TAGS = {
  make: 0x010f,
  model: 0x0110,
  dateTime: TAG_DATE_TIME,
  dateTimeOriginal: TAG_DATE_TIME_ORIGINAL,
};
