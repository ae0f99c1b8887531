import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseLooseDate } from './date-parse';
import { closestNames, similarity, toHalfWidth } from './text-match';
import { fromDayNumber, toDayNumber } from './dates';

describe('loose dates from spreadsheets', () => {
  it('reads the ways offices write dates', () => {
    for (const s of [
      '2026-06-30',
      '2026/6/30',
      '2026.6.30',
      '2026年6月30日',
      '20260630',
      '２０２６年６月３０日',
      '2026年6月底',
      '2026-6',
      46203,
      '46203',
    ])
      expect(parseLooseDate(s as string), String(s)).toBe('2026-06-30');
    expect(parseLooseDate('2026年2月30日')).toBeNull();
    expect(parseLooseDate('上半年')).toBeNull();
  });
  it('property: every ISO date and its Excel serial read back as themselves', () => {
    fc.assert(
      fc.property(fc.integer({ min: toDayNumber('1990-01-01'), max: toDayNumber('2100-12-31') }), (n) => {
        const d = fromDayNumber(n);
        expect(parseLooseDate(d)).toBe(d);
        expect(parseLooseDate(n - toDayNumber('1899-12-30'))).toBe(d);
      }),
    );
  });
});

describe('closest unit names', () => {
  const units = [
    { label: '县发展和改革局', canonical: '县发展和改革局' },
    { label: '发改局', canonical: '县发展和改革局' },
    { label: '县财政局', canonical: '县财政局' },
    { label: '县自然资源局', canonical: '县自然资源局' },
  ];
  it('suggests the intended unit for a near miss', () => {
    expect(closestNames('发展改革局', units)[0]).toBe('县发展和改革局');
    expect(closestNames('自然资源和规划局', units)[0]).toBe('县自然资源局');
    expect(closestNames('公安局', units)).toEqual([]);
  });
  it('property: similarity is symmetric, within [0,1], and 1 for equal strings', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 2 }), fc.string({ minLength: 2 }), (a, b) => {
        expect(similarity(a, b)).toBeCloseTo(similarity(b, a));
        expect(similarity(a, b)).toBeGreaterThanOrEqual(0);
        expect(similarity(a, b)).toBeLessThanOrEqual(1);
        expect(similarity(a, a)).toBe(1);
      }),
    );
  });
  it('turns full-width characters half-width', () => {
    expect(toHalfWidth('ＡＢＣ１２３，')).toBe('ABC123,');
  });
});
