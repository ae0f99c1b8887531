/**
 * Scoring of extracted candidates against labelled gold tasks (the labelled format of the evaluation set, see docs/EXTRACTION.md). Pure.
 * Match: quotes overlap by at least half of the shorter one. Recall over `high` gold tasks; precision: a
 * prediction is right when it matches any gold task. Field accuracies over matched gold tasks, each paired
 * with its best-overlapping prediction.
 */
export interface GoldTask {
  doc: string;
  id: string;
  quote: string;
  lead_leader: string | null;
  lead_units: string[];
  co_units: string[] | null;
  deadline: string | null;
  deadline_norm: string | null;
  targets: string[];
  confidence: 'high' | 'low';
}

export interface PredictedTask {
  rawStart: number;
  rawEnd: number;
  leadLeader: string | null;
  leadUnits: string[];
  deadlineNorm: string | null;
  targets: string[];
}

export interface Span {
  start: number;
  end: number;
}

export function overlap(a: Span, b: Span): number {
  return Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
}

export function spansMatch(a: Span, b: Span): boolean {
  const shorter = Math.min(a.end - a.start, b.end - b.start);
  return shorter > 0 && overlap(a, b) * 2 >= shorter;
}

/** Targets agree when every gold target overlaps a predicted one by half the shorter, and vice versa (text containment). */
export function targetsAgree(gold: string[], pred: string[]): boolean {
  const m = (a: string, b: string) => {
    const [s, l] = a.length <= b.length ? [a, b] : [b, a];
    if (l.includes(s)) return true;
    for (let n = s.length; n * 2 >= s.length && n > 0; n--)
      for (let i = 0; i + n <= s.length; i++) if (l.includes(s.slice(i, i + n))) return true;
    return false;
  };
  return gold.every((g) => pred.some((p) => m(g, p))) && pred.every((p) => gold.some((g) => m(g, p)));
}

export interface Counts {
  predictions: number;
  correctPredictions: number;
  highGold: number;
  highFound: number;
  matched: number;
  leadUnits: number;
  leadLeader: number;
  deadline: number;
  targets: number;
}

export const emptyCounts = (): Counts => ({
  predictions: 0,
  correctPredictions: 0,
  highGold: 0,
  highFound: 0,
  matched: 0,
  leadUnits: 0,
  leadLeader: 0,
  deadline: 0,
  targets: 0,
});

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** Adds one document's figures to `c`. Gold quotes are located in the raw document text. */
export function scoreDocument(
  raw: string,
  gold: GoldTask[],
  preds: PredictedTask[],
  c: Counts = emptyCounts(),
): Counts {
  const goldSpans = gold.map((g) => {
    const start = raw.indexOf(g.quote);
    return { g, span: { start, end: start < 0 ? -1 : start + g.quote.length } };
  });
  const predSpans = preds.map((p) => ({ p, span: { start: p.rawStart, end: p.rawEnd } }));
  c.predictions += preds.length;
  for (const { span } of predSpans)
    if (goldSpans.some((g) => g.span.start >= 0 && spansMatch(g.span, span))) c.correctPredictions++;
  for (const { g, span } of goldSpans) {
    if (g.confidence === 'high') c.highGold++;
    if (span.start < 0) continue;
    let best: PredictedTask | null = null;
    let bestOv = 0;
    for (const q of predSpans) {
      if (!spansMatch(span, q.span)) continue;
      const ov = overlap(span, q.span);
      if (ov > bestOv) {
        best = q.p;
        bestOv = ov;
      }
    }
    if (!best) continue;
    if (g.confidence === 'high') c.highFound++;
    c.matched++;
    if (sameSet(g.lead_units, best.leadUnits)) c.leadUnits++;
    if ((g.lead_leader ?? null) === (best.leadLeader ?? null)) c.leadLeader++;
    if ((g.deadline_norm ?? null) === (best.deadlineNorm ?? null)) c.deadline++;
    if (targetsAgree(g.targets, best.targets)) c.targets++;
  }
  return c;
}

export interface Figures {
  precision: number;
  recall: number;
  f1: number;
  lead_units: number;
  lead_leader: number;
  deadline: number;
  targets: number;
}

export function figures(c: Counts): Figures {
  const r = (x: number) => Math.round(x * 1000) / 1000;
  const precision = c.predictions ? c.correctPredictions / c.predictions : 0;
  const recall = c.highGold ? c.highFound / c.highGold : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  const acc = (n: number) => (c.matched ? n / c.matched : 0);
  return {
    precision: r(precision),
    recall: r(recall),
    f1: r(f1),
    lead_units: r(acc(c.leadUnits)),
    lead_leader: r(acc(c.leadLeader)),
    deadline: r(acc(c.deadline)),
    targets: r(acc(c.targets)),
  };
}
