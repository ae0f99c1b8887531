import { describe, expect, it } from 'vitest';
import { exifOrientation, stripImageMetadata, stripJpeg, stripPng } from './image-meta';
import { pngWithText } from '../../../../tests/helpers/png';

const seg = (marker: number, payload: Buffer) => {
  const len = Buffer.alloc(2);
  len.writeUInt16BE(payload.length + 2);
  return Buffer.concat([Buffer.from([0xff, marker]), len, payload]);
};
/** EXIF (little-endian TIFF) with the camera owner (0xA430, ASCII, stored at offset 38) and an orientation. */
function exif(orientation: number, owner: string) {
  const tiff = Buffer.alloc(38 + owner.length + 1);
  tiff.write('II', 0, 'latin1');
  tiff.writeUInt16LE(42, 2);
  tiff.writeUInt32LE(8, 4);
  tiff.writeUInt16LE(2, 8);
  // entry 1: orientation, SHORT
  tiff.writeUInt16LE(0x0112, 10);
  tiff.writeUInt16LE(3, 12);
  tiff.writeUInt32LE(1, 14);
  tiff.writeUInt16LE(orientation, 18);
  // entry 2: camera owner name, ASCII at offset 38
  tiff.writeUInt16LE(0xa430, 22);
  tiff.writeUInt16LE(2, 24);
  tiff.writeUInt32LE(owner.length + 1, 26);
  tiff.writeUInt32LE(38, 30);
  tiff.writeUInt32LE(0, 34);
  tiff.write(owner, 38, 'latin1');
  return Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
}
const SCAN = Buffer.from([0xff, 0xda, 0x00, 0x08, 1, 1, 0, 0, 0x3f, 0, 0x12, 0x34, 0xff, 0x00, 0x56, 0xff, 0xd9]);
function jpeg(orientation: number | null) {
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    seg(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
    ...(orientation ? [seg(0xe1, exif(orientation, 'Zhang Internal'))] : []),
    seg(0xed, Buffer.from('Photoshop 3.0\0IPTC byline Li Secret', 'latin1')),
    seg(0xfe, Buffer.from('comment: not for the public', 'latin1')),
    seg(0xdb, Buffer.alloc(65, 1)),
    SCAN,
  ]);
}

describe('image metadata stripping', () => {
  it('a JPEG loses EXIF, IPTC and comments but keeps JFIF, tables, the scan and its orientation', () => {
    const out = stripJpeg(jpeg(6))!;
    const text = out.toString('latin1');
    for (const s of ['Zhang Internal', 'Li Secret', 'not for the public']) expect(text).not.toContain(s);
    expect(text).toContain('JFIF');
    expect(out.subarray(out.length - SCAN.length).equals(SCAN)).toBe(true);
    // The kept APP1 holds the orientation only.
    const i = out.indexOf(Buffer.from([0xff, 0xe1]));
    expect(i).toBeGreaterThan(0);
    expect(exifOrientation(out.subarray(i + 4, i + 2 + out.readUInt16BE(i + 2)))).toBe(6);
    expect(exifOrientation(exif(3, 'x'))).toBe(3);
  });

  it('a JPEG without EXIF gets none', () => {
    const out = stripJpeg(jpeg(null))!;
    expect(out.indexOf(Buffer.from([0xff, 0xe1]))).toBe(-1);
    expect(out.toString('latin1')).not.toContain('Secret');
  });

  it('a PNG loses its text chunks and keeps the image', () => {
    const src = pngWithText('Photographer Wang', [1, 2, 3]);
    const out = stripPng(src)!;
    expect(out.toString('latin1')).not.toContain('Photographer Wang');
    expect(out.toString('latin1')).toContain('IDAT');
    expect(out.length).toBe(src.length - (12 + 'Author\0Photographer Wang'.length));
  });

  it('anything it cannot walk is refused (null), so it is not served', () => {
    expect(stripImageMetadata(Buffer.from('%PDF-1.4'), 'application/pdf')).toBeNull();
    expect(stripJpeg(Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff]))).toBeNull();
    expect(stripPng(pngWithText('x', [0, 0, 0]).subarray(0, 40))).toBeNull();
  });
});
