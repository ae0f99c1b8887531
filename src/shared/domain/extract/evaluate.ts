/** The gold-set evaluation (reads files; not part of the pure core): used by scripts/eval-extract.mjs and the test. */
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_UNITS } from '../../../server/demo/county';
import { extractTasks } from './extract';
import { emptyCounts, figures, scoreDocument, type Counts, type Figures, type GoldTask } from './score';

export interface Evaluation {
  figures: Figures;
  counts: Counts;
  perDoc: { doc: string; figures: Figures }[];
}

export function evaluate(goldDir: string, corpusDir: string): Evaluation {
  const total = emptyCounts();
  const perDoc: Evaluation['perDoc'] = [];
  const files = fs.readdirSync(goldDir).filter((f) => /^tasks\..+\.jsonl$/.test(f)).sort();
  for (const f of files) {
    const base = f.replace(/^tasks\./, '').replace(/\.jsonl$/, '');
    const docPath = path.join(corpusDir, `${base}.txt`);
    if (!fs.existsSync(docPath)) continue;
    const raw = fs.readFileSync(docPath, 'utf8');
    const gold = fs.readFileSync(path.join(goldDir, f), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as GoldTask);
    const { candidates } = extractTasks(raw, { units: DEMO_UNITS });
    const c = scoreDocument(raw, gold, candidates, emptyCounts());
    perDoc.push({ doc: base, figures: figures(c) });
    for (const k of Object.keys(total) as (keyof Counts)[]) total[k] += c[k];
  }
  return { figures: figures(total), counts: total, perDoc };
}
