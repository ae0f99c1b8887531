#!/usr/bin/env node
// `npm run eval:extract [-- --gold DIR --corpus DIR --json]`: scores the offline task extractor against the
// labelled speeches (default ../shared/gold and ../shared/corpus). TypeScript through tsx, as bin/ does.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? path.resolve(args[i + 1]) : dflt;
};
const goldDir = opt('--gold', path.resolve(root, '../shared/gold'));
const corpusDir = opt('--corpus', path.resolve(root, '../shared/corpus'));
const json = args.includes('--json');
if (!fs.existsSync(goldDir) || !fs.existsSync(corpusDir)) {
  console.log(`eval:extract: no gold set here (${goldDir} or ${corpusDir} is absent); nothing to score.`);
  process.exit(0);
}
const { evaluate } = await import(pathToFileURL(path.join(root, 'scripts/eval-extract.lib.ts')).href);
const { figures, counts, perDoc } = evaluate(goldDir, corpusDir);
if (json) {
  console.log(JSON.stringify(figures));
} else {
  const pct = (x) => `${(x * 100).toFixed(1)}%`;
  console.log(`gold ${goldDir}\ncorpus ${corpusDir}`);
  console.log(
    `detection  precision ${pct(figures.precision)} (${counts.correctPredictions}/${counts.predictions})  recall ${pct(figures.recall)} (${counts.highFound}/${counts.highGold} high)  F1 ${pct(figures.f1)}`,
  );
  console.log(
    `on ${counts.matched} matched tasks  lead units ${pct(figures.lead_units)}  lead leader ${pct(figures.lead_leader)}  deadline ${pct(figures.deadline)}  targets ${pct(figures.targets)}`,
  );
  for (const d of perDoc)
    console.log(
      `  ${d.doc}  P ${pct(d.figures.precision)} R ${pct(d.figures.recall)} F1 ${pct(d.figures.f1)}  units ${pct(d.figures.lead_units)} deadline ${pct(d.figures.deadline)}`,
    );
}
