/** The gold-set evaluation of the task extractor (reads files, so it lives here and not in src/shared): scripts/eval-extract.mjs and the extractor's test use it. Units resolve against the demo county's list. */
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_UNITS } from '../src/server/demo/county';
import { extractTasks } from '../src/shared/domain/extract/extract';
import {
  emptyCounts,
  figures,
  scoreDocument,
  type Counts,
  type Figures,
  type GoldTask,
} from '../src/shared/domain/extract/score';

export interface Evaluation {
  figures: Figures;
  counts: Counts;
  perDoc: { doc: string; figures: Figures }[];
}

export function evaluate(goldDir: string, corpusDir: string): Evaluation {
  const total = emptyCounts();
  const perDoc: Evaluation['perDoc'] = [];
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
    const { candidates } = extractTasks(raw, { units: DEMO_UNITS });
    const c = scoreDocument(raw, gold, candidates, emptyCounts());
    perDoc.push({ doc: base, figures: figures(c) });
    for (const k of Object.keys(total) as (keyof Counts)[]) total[k] += c[k];
  }
  return { figures: figures(total), counts: total, perDoc };
}
