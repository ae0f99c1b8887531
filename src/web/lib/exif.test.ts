import { describe, expect, it } from 'vitest';
import { EXIF_TAGS, exifDateTaken, exifSegment, jpegSize, withDateTaken, withSegment } from './exif';

/** A JPEG's skeleton: SOI, a JFIF APP0, a frame header of width × height, a scan with a few bytes, EOI. */
function jpeg(width: number, height: number): Uint8Array {
  const app0 = [0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0];
  const sof = [0xff, 0xc0, 0, 11, 8, height >> 8, height & 255, width >> 8, width & 255, 1, 1, 0x11, 0];
  const sos = [0xff, 0xda, 0, 8, 1, 1, 0, 0, 0x3f, 0, 0x12, 0x34, 0x56, 0xff, 0xd9];
  return new Uint8Array([0xff, 0xd8, ...app0, ...sof, ...sos]);
}
const text = (b: Uint8Array) => Buffer.from(b).toString('latin1');

describe('the date a photo was taken (EXIF)', () => {
  it('reads DateTimeOriginal, falling back to DateTime, and nothing from a file without EXIF', () => {
    const both = withSegment(
      jpeg(4000, 3000),
      exifSegment(
        { [EXIF_TAGS.make]: 'PhoneMaker', [EXIF_TAGS.dateTime]: '2026:12:02 10:00:00' },
        { [EXIF_TAGS.dateTimeOriginal]: '2026:12:01 09:30:15' },
      ),
    );
    expect(exifDateTaken(both)).toBe('2026:12:01 09:30:15');
    const onlyDateTime = withSegment(jpeg(10, 10), exifSegment({ [EXIF_TAGS.dateTime]: '2026:12:02 10:00:00' }));
    expect(exifDateTaken(onlyDateTime)).toBe('2026:12:02 10:00:00');
    expect(exifDateTaken(jpeg(10, 10))).toBeNull();
    expect(exifDateTaken(new Uint8Array([0x89, 0x50, 0x4e, 0x47]))).toBeNull();
    expect(exifDateTaken(withSegment(jpeg(10, 10), exifSegment({ [EXIF_TAGS.dateTime]: 'yesterday' })))).toBeNull();
  });

  it('writes the date alone: the camera, and any earlier EXIF, are gone; the image is untouched', () => {
    const original = withSegment(
      jpeg(4000, 3000),
      exifSegment({ [EXIF_TAGS.make]: 'PhoneMaker' }, { [EXIF_TAGS.dateTimeOriginal]: '2026:12:01 09:30:15' }),
    );
    const out = withDateTaken(original, '2026:12:01 09:30:15');
    expect(exifDateTaken(out)).toBe('2026:12:01 09:30:15');
    expect(text(out)).not.toContain('PhoneMaker');
    expect(jpegSize(out)).toEqual({ width: 4000, height: 3000 });
    // The JFIF header stays first; the scan data is unchanged at the end.
    expect(text(out.subarray(6, 10))).toBe('JFIF');
    expect([...out.subarray(-15)]).toEqual([...jpeg(4000, 3000).subarray(-15)]);
    // A date not in EXIF's form is not written.
    expect(withDateTaken(jpeg(1, 1), '2026-12-01')).toEqual(jpeg(1, 1));
  });
});
