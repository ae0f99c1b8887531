import zlib from 'node:zlib';
import { AppError } from '../http/errors';
import type { FileLimits } from './limits';

/**
 * The central directory of a ZIP (an .xlsx or .docx), read without inflating anything: what a file says it
 * holds is known before a byte of it is unpacked, so a 430 KB file claiming 147 MB of XML is refused at once.
 * A file that lies in its directory is still caught while parsing (row limits, the worker's memory and time).
 */
export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflate. */
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Where its local header starts. */
  offset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export const isZip = (buf: Buffer) => buf.length >= 4 && buf.readUInt32LE(0) === LOCAL;

/** The entries of the central directory, or null when the file is not a readable ZIP. */
export function zipEntries(buf: Buffer): ZipEntry[] | null {
  return readDirectory(buf)?.entries ?? null;
}

function readDirectory(buf: Buffer): { entries: ZipEntry[]; dirOffset: number } | null {
  if (!isZip(buf) || buf.length < 22) return null;
  // The end record sits in the last 22 bytes plus a comment of at most 64 KB.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  let count = buf.readUInt16LE(eocd + 10);
  let dirOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || dirOffset === 0xffffffff) {
    const loc = eocd - 20;
    if (loc < 0 || buf.readUInt32LE(loc) !== ZIP64_LOCATOR) return null;
    const z64 = Number(buf.readBigUInt64LE(loc + 8));
    if (z64 + 56 > buf.length || buf.readUInt32LE(z64) !== ZIP64_EOCD) return null;
    count = Number(buf.readBigUInt64LE(z64 + 32));
    dirOffset = Number(buf.readBigUInt64LE(z64 + 48));
  }
  const out: ZipEntry[] = [];
  let p = dirOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) return null;
    const method = buf.readUInt16LE(p + 10);
    let compressedSize = buf.readUInt32LE(p + 20);
    let uncompressedSize = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    let offset = buf.readUInt32LE(p + 42);
    if (p + 46 + nameLen + extraLen > buf.length) return null;
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    // ZIP64 sizes live in extra field 0x0001, holding only the values that overflowed, in this order.
    let e = p + 46 + nameLen;
    const end = e + extraLen;
    while (e + 4 <= end) {
      const id = buf.readUInt16LE(e);
      const size = buf.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        const next = () => {
          const v = q + 8 <= e + 4 + size ? Number(buf.readBigUInt64LE(q)) : 0;
          q += 8;
          return v;
        };
        if (uncompressedSize === 0xffffffff) uncompressedSize = next();
        if (compressedSize === 0xffffffff) compressedSize = next();
        if (offset === 0xffffffff) offset = next();
      }
      e += 4 + size;
    }
    if (offset + 30 > buf.length) return null;
    out.push({ name, method, compressedSize, uncompressedSize, offset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return { entries: out, dirOffset };
}

export interface ZipLimits {
  /** Sum of all entries' declared uncompressed sizes. */
  unpackedBytes: number;
  entries: number;
  /** Largest uncompressed/compressed ratio of an entry bigger than `ratioFloorBytes` (XML packs 5-30:1). */
  ratio: number;
  ratioFloorBytes: number;
}

export type ZipVerdict =
  | { ok: true; entries: ZipEntry[]; unpackedBytes: number }
  | { ok: false; reason: 'not_zip' }
  | { ok: false; reason: 'entries'; count: number }
  | { ok: false; reason: 'unpacked'; bytes: number }
  | { ok: false; reason: 'ratio'; name: string; ratio: number };

/** Judges a ZIP by its directory alone. */
export function checkZip(buf: Buffer, limits: ZipLimits): ZipVerdict {
  const entries = zipEntries(buf);
  if (!entries) return { ok: false, reason: 'not_zip' };
  if (entries.length > limits.entries) return { ok: false, reason: 'entries', count: entries.length };
  const total = entries.reduce((n, e) => n + e.uncompressedSize, 0);
  if (total > limits.unpackedBytes) return { ok: false, reason: 'unpacked', bytes: total };
  for (const e of entries) {
    if (
      e.uncompressedSize > limits.ratioFloorBytes &&
      e.uncompressedSize > limits.ratio * Math.max(1, e.compressedSize)
    ) {
      return {
        ok: false,
        reason: 'ratio',
        name: e.name,
        ratio: Math.round(e.uncompressedSize / Math.max(1, e.compressedSize)),
      };
    }
  }
  return { ok: true, entries, unpackedBytes: total };
}

/**
 * The same ZIP with its local records in another order, for a streaming reader (which walks local headers and
 * never follows the directory's offsets). ExcelJS's streaming reader parks a sheet in a temp file when it comes before the
 * shared strings, as Excel writes them; putting the small parts first lets every sheet stream straight through.
 */
export function reorderZip(buf: Buffer, first: (name: string) => boolean): Buffer {
  const dir = readDirectory(buf);
  if (!dir) return buf;
  const byOffset = [...dir.entries].sort((a, b) => a.offset - b.offset);
  const slices = byOffset.map((e, i) => ({
    e,
    slice: buf.subarray(e.offset, i + 1 < byOffset.length ? byOffset[i + 1]!.offset : dir.dirOffset),
  }));
  const ordered = [...slices.filter((s) => first(s.e.name)), ...slices.filter((s) => !first(s.e.name))];
  // The directory and end record follow as they were: a streaming reader reads them to know it is done.
  return Buffer.concat([...ordered.map((s) => s.slice), buf.subarray(dir.dirOffset)]);
}

/** The directory check as the answer a caller gets: 413 naming what the file unpacks to, before any inflating. */
export function assertUnpackable(buf: Buffer, limits: FileLimits): ZipEntry[] | null {
  const v = checkZip(buf, {
    unpackedBytes: limits.unpackedMb * MB,
    entries: limits.entries,
    ratio: limits.ratio,
    ratioFloorBytes: limits.ratioFloorBytes,
  });
  if (v.ok) return v.entries;
  if (v.reason === 'not_zip') return null;
  if (v.reason === 'entries') throw new AppError('unpacked_too_many_parts', { count: v.count, max: limits.entries });
  if (v.reason === 'ratio') throw new AppError('unpacked_ratio', { ratio: v.ratio, part: v.name.slice(0, 80) });
  throw new AppError('unpacked_too_large', { max: limits.unpackedMb, size: Math.round(v.bytes / MB) });
}

const MB = 1024 * 1024;

/** The first bytes of a part, inflating no more than its first KB of compressed data (for type checks). */
export function entryHead(buf: Buffer, e: ZipEntry, bytes = 8): Buffer {
  const nameLen = buf.readUInt16LE(e.offset + 26);
  const extraLen = buf.readUInt16LE(e.offset + 28);
  const start = e.offset + 30 + nameLen + extraLen;
  const data = buf.subarray(start, start + Math.min(e.compressedSize, 1024));
  if (e.method === 0) return data.subarray(0, bytes);
  try {
    return zlib.inflateRawSync(data, { finishFlush: zlib.constants.Z_SYNC_FLUSH }).subarray(0, bytes);
  } catch {
    return Buffer.alloc(0);
  }
}

/** One part of a ZIP, inflated to at most `max` bytes whatever its header claims. */
export function inflateEntry(buf: Buffer, e: ZipEntry, max: number): Buffer | 'too_large' {
  const nameLen = buf.readUInt16LE(e.offset + 26);
  const extraLen = buf.readUInt16LE(e.offset + 28);
  const start = e.offset + 30 + nameLen + extraLen;
  const data = buf.subarray(start, start + e.compressedSize);
  if (e.method === 0) return data.length > max ? 'too_large' : data;
  try {
    return zlib.inflateRawSync(data, { maxOutputLength: max });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return 'too_large';
    throw err;
  }
}
