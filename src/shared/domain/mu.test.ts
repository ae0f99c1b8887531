import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { areaSummary, DEFAULT_MU_THRESHOLDS, evaluateMu, MU_CLASSES, MuThresholds, muFigures } from './mu';

const T = DEFAULT_MU_THRESHOLDS;
const rank = (c: string | null) => (c === null ? 9 : MU_CLASSES.indexOf(c as 'A'));
const money = fc.double({ min: 0, max: 1e5, noNaN: true });
const record = fc.record({
  id: fc.uuid(),
  landMu: fc.option(fc.double({ min: 0, max: 2000, noNaN: true }), { nil: null }),
  tax: money,
  output: money,
  areaUnitId: fc.constantFrom('park', 'town1', 'town2', null),
  industrySection: fc.constantFrom('C', 'F', null),
  industryDivision: fc.constantFrom('39', '34', null),
});

describe('亩均论英雄', () => {
  it('computes 亩均税收 and 亩均产出 and classes by both minimums', () => {
    const f = muFigures({ landMu: 50, tax: 1000, output: 20000 }, T);
    expect(f.taxPerMu).toBe(20);
    expect(f.outputPerMu).toBe(400);
    expect(f.muClass).toBe('B'); // 20 ≥ 15 and 400 ≥ 250, short of A's 30
    expect(muFigures({ landMu: 50, tax: 2000, output: 1000 }, T).muClass).toBe('D'); // tax A, output below C
    expect(muFigures({ landMu: 0, tax: 10, output: 10 }, T).muClass).toBeNull(); // no land, no class
    expect(muFigures({ landMu: null, tax: 10, output: 10 }, T).taxPerMu).toBeNull();
  });

  it('more tax or more output never makes the class worse; more land never makes it better', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.1, max: 2000, noNaN: true }), money, money, money, (land, tax, output, more) => {
        const base = muFigures({ landMu: land, tax, output }, T).muClass;
        expect(rank(muFigures({ landMu: land, tax: tax + more, output }, T).muClass)).toBeLessThanOrEqual(rank(base));
        expect(rank(muFigures({ landMu: land, tax, output: output + more }, T).muClass)).toBeLessThanOrEqual(
          rank(base),
        );
        expect(rank(muFigures({ landMu: land + more, tax, output }, T).muClass)).toBeGreaterThanOrEqual(rank(base));
      }),
    );
  });

  it('an industry’s own thresholds apply to it, the 大类 before its 门类', () => {
    const t = MuThresholds.parse({
      default: T.default,
      byIndustry: {
        C: {
          A: { taxPerMu: 100, outputPerMu: 0 },
          B: { taxPerMu: 50, outputPerMu: 0 },
          C: { taxPerMu: 10, outputPerMu: 0 },
        },
        '39': {
          A: { taxPerMu: 1, outputPerMu: 0 },
          B: { taxPerMu: 0, outputPerMu: 0 },
          C: { taxPerMu: 0, outputPerMu: 0 },
        },
      },
    });
    const r = { landMu: 10, tax: 200, output: 100 }; // 20 万元/亩
    expect(muFigures({ ...r, industrySection: 'C', industryDivision: '34' }, t).muClass).toBe('C');
    expect(muFigures({ ...r, industrySection: 'C', industryDivision: '39' }, t).muClass).toBe('A');
    expect(muFigures({ ...r, industrySection: 'F' }, t).muClass).toBe('D'); // default: 20 ≥ 15 but output 10 < 100
    expect(
      MuThresholds.safeParse({
        default: { ...T.default, A: { taxPerMu: 1, outputPerMu: 500 } },
      }).success,
    ).toBe(false); // A below B
  });

  it('ranks: county ranks 1..n over the classed, by 亩均税收; each area’s ranks are 1..k in the same order', () => {
    fc.assert(
      fc.property(fc.uniqueArray(record, { selector: (r) => r.id, maxLength: 40 }), (rs) => {
        const out = evaluateMu(rs, T);
        const rated = out.filter((r) => r.countyRank !== null);
        expect(rated.map((r) => r.countyRank)).toEqual(rated.map((_, i) => i + 1));
        for (let i = 1; i < rated.length; i++)
          expect(rated[i]!.figures.taxPerMu!).toBeLessThanOrEqual(rated[i - 1]!.figures.taxPerMu!);
        for (const area of ['park', 'town1', 'town2', null]) {
          const inArea = rated.filter((r) => r.item.areaUnitId === area);
          expect(inArea.map((r) => r.areaRank)).toEqual(inArea.map((_, i) => i + 1));
        }
        const areas = areaSummary(out);
        expect(areas.reduce((s, a) => s + a.enterprises, 0)).toBe(rated.length);
      }),
    );
  });
});
