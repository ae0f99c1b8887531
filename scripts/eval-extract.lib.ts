/**
 * The gold-set evaluation of the task extractor (reads files, so it lives here and not in src/shared):
 * scripts/eval-extract.mjs and the extractor's test use it. It scores what `npx luoshi extract` prints
 * (extractRecords, the same code path), locating each printed quote in the raw file as any reader would.
 * Units resolve against the demo county's list.
 *
 * Three figures:
 * - all documents: the extractor as it is, on every labelled document;
 * - leave one document out: each document scored with what the others alone support — every word of the
 *   lexicon that occurs in the scored document and in no other labelled one is taken as learned from it and
 *   dropped, and the directive threshold is re-chosen on the other documents;
 * - a separate held-out set (tests/fixtures/extract/heldout, written for this and never used for tuning),
 *   scored the same way as the first.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_UNITS } from '../src/server/demo/county';
import { LEXICON, type Lexicon } from '../src/shared/domain/extract/lexicon';
import { extractRecords, type TaskRecord } from '../src/shared/domain/extract/record';
import {
  emptyCounts,
  figures,
  scoreDocument,
  overlap,
  spansMatch,
  type Counts,
  type Figures,
  type GoldTask,
  type PredictedTask,
} from '../src/shared/domain/extract/score';

export interface Evaluation {
  figures: Figures;
  counts: Counts;
  perDoc: { doc: string; figures: Figures; threshold?: number; dropped?: string[] }[];
}

export interface LabelledDoc {
  base: string;
  raw: string;
  gold: GoldTask[];
}

export function readLabelled(goldDir: string, corpusDir: string): LabelledDoc[] {
  const out: LabelledDoc[] = [];
  const files = fs
    .readdirSync(goldDir)
    .filter((f) => /^tasks\..+\.jsonl$/.test(f))
    .sort();
  for (const f of files) {
    const base = f.replace(/^tasks\./, '').replace(/\.jsonl$/, '');
    const docPath = path.join(corpusDir, `${base}.txt`);
    if (!fs.existsSync(docPath)) continue;
    const raw = fs.readFileSync(docPath, 'utf8');
    const gold = fs
      .readFileSync(path.join(goldDir, f), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as GoldTask);
    out.push({ base, raw, gold });
  }
  return out;
}

/** Printed records → spans in the raw text: each quote found after the previous one (document order), else anywhere. */
export function locate(raw: string, records: TaskRecord[]): PredictedTask[] {
  let from = 0;
  return records.map((r) => {
    let at = raw.indexOf(r.quote, from);
    if (at < 0) at = raw.indexOf(r.quote);
    if (at >= 0) from = at + 1;
    return {
      rawStart: at,
      rawEnd: at < 0 ? -1 : at + r.quote.length,
      leadLeader: r.leadLeader,
      leadUnits: r.leadUnits,
      deadlineNorm: r.deadlineNorm,
      targets: r.targets,
    };
  });
}

interface Tuning {
  lexicon?: Lexicon;
  threshold?: number;
}

function scoreOne(d: LabelledDoc, t: Tuning = {}): Counts {
  const { records } = extractRecords(`${d.base}.txt`, d.raw, {
    units: DEMO_UNITS,
    lexicon: t.lexicon,
    threshold: t.threshold,
  });
  return scoreDocument(d.raw, d.gold, locate(d.raw, records), emptyCounts());
}

function add(total: Counts, c: Counts) {
  for (const k of Object.keys(total) as (keyof Counts)[]) total[k] += c[k];
}

export function evaluateDocs(docs: LabelledDoc[]): Evaluation {
  const total = emptyCounts();
  const perDoc: Evaluation['perDoc'] = [];
  for (const d of docs) {
    const c = scoreOne(d);
    perDoc.push({ doc: d.base, figures: figures(c) });
    add(total, c);
  }
  return { figures: figures(total), counts: total, perDoc };
}

export function evaluate(goldDir: string, corpusDir: string): Evaluation {
  return evaluateDocs(readLabelled(goldDir, corpusDir));
}

/** The lexicon without the words that occur in `held` and in none of `others` (each list kept in its order). */
export function pruneLexicon(held: string, others: string[]): { lexicon: Lexicon; dropped: string[] } {
  const dropped: string[] = [];
  const lexicon = Object.fromEntries(
    Object.entries(LEXICON).map(([k, words]) => [
      k,
      (words as string[]).filter((w) => {
        const only = held.includes(w) && !others.some((o) => o.includes(w));
        if (only && !dropped.includes(w)) dropped.push(w);
        return !only;
      }),
    ]),
  ) as unknown as Lexicon;
  return { lexicon, dropped };
}

export const THRESHOLDS = [2, 3, 4, 5];

/** Leave one document out: the lexicon pruned of the held-out document's own words, the threshold chosen on the rest. */
export function leaveOneOut(docs: LabelledDoc[]): Evaluation {
  const total = emptyCounts();
  const perDoc: Evaluation['perDoc'] = [];
  for (const d of docs) {
    const rest = docs.filter((o) => o !== d);
    const { lexicon, dropped } = pruneLexicon(
      d.raw,
      rest.map((o) => o.raw),
    );
    let best = 3;
    let bestF1 = -1;
    for (const threshold of THRESHOLDS) {
      const c = emptyCounts();
      for (const o of rest) add(c, scoreOne(o, { lexicon, threshold }));
      const f1 = figures(c).f1;
      if (f1 > bestF1) {
        best = threshold;
        bestF1 = f1;
      }
    }
    const c = scoreOne(d, { lexicon, threshold: best });
    perDoc.push({ doc: d.base, figures: figures(c), threshold: best, dropped });
    add(total, c);
  }
  return { figures: figures(total), counts: total, perDoc };
}

export interface Discrepancy {
  doc: string;
  kind: 'missed' | 'wrong_prediction' | 'lead_units' | 'deadline';
  quote: string;
  gold?: unknown;
  predicted?: unknown;
}

/**
 * What went wrong on one document, for reading (scripts/extract-errors.mjs): high gold tasks no prediction
 * matched, predictions matching no gold task, and on matched tasks the lead units and deadlines that differ.
 */
export function discrepancies(d: LabelledDoc, t: Tuning = {}): Discrepancy[] {
  const { records } = extractRecords(`${d.base}.txt`, d.raw, {
    units: DEMO_UNITS,
    lexicon: t.lexicon,
    threshold: t.threshold,
  });
  const preds = locate(d.raw, records).map((p, i) => ({ p, r: records[i] }));
  const out: Discrepancy[] = [];
  const golds = d.gold.map((g) => {
    const start = d.raw.indexOf(g.quote);
    return { g, span: { start, end: start + g.quote.length } };
  });
  for (const { p, r } of preds)
    if (!golds.some((g) => spansMatch(g.span, { start: p.rawStart, end: p.rawEnd })))
      out.push({ doc: d.base, kind: 'wrong_prediction', quote: r.quote });
  for (const { g, span } of golds) {
    let best: (typeof preds)[number] | null = null;
    let bestOv = 0;
    for (const q of preds) {
      const s = { start: q.p.rawStart, end: q.p.rawEnd };
      if (!spansMatch(span, s)) continue;
      const ov = overlap(span, s);
      if (ov > bestOv) {
        best = q;
        bestOv = ov;
      }
    }
    if (!best) {
      if (g.confidence === 'high') out.push({ doc: d.base, kind: 'missed', quote: g.quote });
      continue;
    }
    const same = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));
    if (!same(g.lead_units, best.p.leadUnits))
      out.push({ doc: d.base, kind: 'lead_units', quote: g.quote, gold: g.lead_units, predicted: best.p.leadUnits });
    if ((g.deadline_norm ?? null) !== (best.p.deadlineNorm ?? null))
      out.push({
        doc: d.base,
        kind: 'deadline',
        quote: g.quote,
        gold: [g.deadline, g.deadline_norm],
        predicted: [best.r.deadline, best.p.deadlineNorm],
      });
  }
  return out;
}

/** The tuning leave-one-out uses for `d` (lexicon pruned of its own words, threshold chosen on the others). */
export function leaveOneOutTuning(docs: LabelledDoc[], d: LabelledDoc): Tuning {
  const rest = docs.filter((o) => o !== d);
  const { lexicon } = pruneLexicon(
    d.raw,
    rest.map((o) => o.raw),
  );
  let best = 3;
  let bestF1 = -1;
  for (const threshold of THRESHOLDS) {
    const c = emptyCounts();
    for (const o of rest) add(c, scoreOne(o, { lexicon, threshold }));
    const f1 = figures(c).f1;
    if (f1 > bestF1) {
      best = threshold;
      bestF1 = f1;
    }
  }
  return { lexicon, threshold: best };
}
