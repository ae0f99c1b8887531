import { z } from 'zod';

/**
 * 亩均论英雄 (docs/ENTERPRISES.md): per enterprise and year, 亩均税收 = tax ÷ land (万元/亩) and 亩均产出 = output or
 * revenue ÷ land (万元/亩); the enterprise is classed A/B/C/D by the county's thresholds (per 门类 or 大类 where the
 * county sets them): the best class whose minimums of both figures it reaches, D otherwise. No land, no class.
 */
export const MU_CLASSES = ['A', 'B', 'C', 'D'] as const;
export type MuClass = (typeof MU_CLASSES)[number];

const Min = z.strictObject({
  /** 亩均税收 at least (万元/亩). */
  taxPerMu: z.number().min(0).max(1e6),
  /** 亩均产出 at least (万元/亩). */
  outputPerMu: z.number().min(0).max(1e7),
});
export const MuBands = z
  .strictObject({ A: Min, B: Min, C: Min })
  .refine(
    (b) =>
      b.A.taxPerMu >= b.B.taxPerMu &&
      b.B.taxPerMu >= b.C.taxPerMu &&
      b.A.outputPerMu >= b.B.outputPerMu &&
      b.B.outputPerMu >= b.C.outputPerMu,
    { message: 'bands_out_of_order' },
  );
export type MuBands = z.infer<typeof MuBands>;
export const MuThresholds = z.strictObject({
  default: MuBands,
  /** Keyed by 门类 ('C') or 大类 ('39'); the 大类 wins over its 门类. */
  byIndustry: z.record(z.string().regex(/^([A-T]|\d{2})$/), MuBands).default({}),
});
export type MuThresholds = z.infer<typeof MuThresholds>;

/** The county's starting thresholds (万元/亩), the office sets its own. */
export const DEFAULT_MU_THRESHOLDS: MuThresholds = {
  default: {
    A: { taxPerMu: 30, outputPerMu: 500 },
    B: { taxPerMu: 15, outputPerMu: 250 },
    C: { taxPerMu: 5, outputPerMu: 100 },
  },
  byIndustry: {},
};

export interface MuInput {
  landMu: number | null;
  tax: number | null;
  output: number | null;
  energy?: number | null;
  employees?: number | null;
  industrySection?: string | null;
  industryDivision?: string | null;
}
export interface MuFigures {
  taxPerMu: number | null;
  outputPerMu: number | null;
  /** 单位能耗产出: output ÷ energy (万元/吨标煤). */
  outputPerEnergy: number | null;
  /** 人均产出: output ÷ employees (万元/人). */
  outputPerEmployee: number | null;
  muClass: MuClass | null;
}

export function bandsFor(t: MuThresholds, section?: string | null, division?: string | null): MuBands {
  return (division && t.byIndustry[division]) || (section && t.byIndustry[section]) || t.default;
}

const ratio = (a: number | null | undefined, b: number | null | undefined) =>
  a === null || a === undefined || b === null || b === undefined || !(b > 0) ? null : a / b;

export function muFigures(r: MuInput, t: MuThresholds): MuFigures {
  const taxPerMu = ratio(r.tax, r.landMu);
  const outputPerMu = ratio(r.output, r.landMu);
  let muClass: MuClass | null = null;
  if (taxPerMu !== null && outputPerMu !== null) {
    const b = bandsFor(t, r.industrySection, r.industryDivision);
    muClass = 'D';
    for (const c of ['A', 'B', 'C'] as const)
      if (taxPerMu >= b[c].taxPerMu && outputPerMu >= b[c].outputPerMu) {
        muClass = c;
        break;
      }
  }
  return {
    taxPerMu,
    outputPerMu,
    outputPerEnergy: ratio(r.output, r.energy),
    outputPerEmployee: ratio(r.output, r.employees),
    muClass,
  };
}

export interface MuRanked<T> {
  item: T;
  figures: MuFigures;
  /** Rank in the county and within its township or park by 亩均税收 (1 = highest), null when unclassed. */
  countyRank: number | null;
  areaRank: number | null;
}

/** Classes and ranks every record: by 亩均税收, then 亩均产出, in the county and within each township or park. */
export function evaluateMu<T extends MuInput & { areaUnitId: string | null; id: string }>(
  records: readonly T[],
  t: MuThresholds,
): MuRanked<T>[] {
  const out = records.map((item) => ({
    item,
    figures: muFigures(item, t),
    countyRank: null as number | null,
    areaRank: null as number | null,
  }));
  const rated = out
    .filter((r) => r.figures.taxPerMu !== null)
    .sort(
      (a, b) =>
        b.figures.taxPerMu! - a.figures.taxPerMu! ||
        b.figures.outputPerMu! - a.figures.outputPerMu! ||
        a.item.id.localeCompare(b.item.id),
    );
  rated.forEach((r, i) => {
    r.countyRank = i + 1;
  });
  const areaSeen = new Map<string, number>();
  for (const r of rated) {
    const k = r.item.areaUnitId ?? '';
    const n = (areaSeen.get(k) ?? 0) + 1;
    areaSeen.set(k, n);
    r.areaRank = n;
  }
  return out.sort((a, b) => (a.countyRank ?? Infinity) - (b.countyRank ?? Infinity));
}

/** The figures of a township or park: its enterprises' tax and output over their land, and the classes' counts. */
export function areaSummary<T extends MuInput & { areaUnitId: string | null }>(ranked: readonly MuRanked<T>[]) {
  const by = new Map<
    string,
    { land: number; tax: number; output: number; counts: Record<MuClass, number>; enterprises: number }
  >();
  for (const r of ranked) {
    if (r.figures.muClass === null) continue;
    const k = r.item.areaUnitId ?? '';
    const a = by.get(k) ?? { land: 0, tax: 0, output: 0, counts: { A: 0, B: 0, C: 0, D: 0 }, enterprises: 0 };
    a.land += r.item.landMu ?? 0;
    a.tax += r.item.tax ?? 0;
    a.output += r.item.output ?? 0;
    a.counts[r.figures.muClass]++;
    a.enterprises++;
    by.set(k, a);
  }
  return [...by]
    .map(([areaUnitId, a]) => ({
      areaUnitId: areaUnitId || null,
      ...a,
      taxPerMu: a.land > 0 ? a.tax / a.land : null,
      outputPerMu: a.land > 0 ? a.output / a.land : null,
    }))
    .sort((x, y) => (y.taxPerMu ?? -1) - (x.taxPerMu ?? -1));
}
