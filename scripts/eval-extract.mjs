#!/usr/bin/env node
// `npm run eval:extract [-- --gold DIR --corpus DIR --json]`: scores the offline task extractor, through the
// code path of `npx luoshi extract`, against the labelled speeches (default ../shared/gold and ../shared/corpus,
// looked for beside the checkout and one level up), leaving each document out in turn, and against the
// held-out examples in tests/fixtures/extract/heldout. TypeScript through tsx, as bin/ does.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const shared = [path.resolve(root, '../shared'), path.resolve(root, '../../shared')].find((d) =>
  fs.existsSync(path.join(d, 'gold')),
);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? path.resolve(args[i + 1]) : dflt;
};
const goldDir = opt('--gold', path.resolve(shared ?? path.resolve(root, '../shared'), 'gold'));
const corpusDir = opt('--corpus', path.resolve(shared ?? path.resolve(root, '../shared'), 'corpus'));
const heldoutDir = path.join(root, 'tests/fixtures/extract/heldout');
const sealedDir = path.join(root, 'tests/fixtures/extract/sealed');
const json = args.includes('--json');
const lib = await import(pathToFileURL(path.join(root, 'scripts/eval-extract.lib.ts')).href);
const heldoutDocs = lib.readLabelled(heldoutDir, heldoutDir);
const heldout = lib.evaluateDocs(heldoutDocs);
// h1–h3 were written before the first round of issue-15 changes, h4–h7 before the second, h8–h9 after it and their
// errors never read (see the folder's README)
const round = (re) => lib.evaluateDocs(heldoutDocs.filter((d) => re.test(d.base)));
const firstRound = round(/^h[1-3]-/);
const secondRound = round(/^h[4-7]-/);
const thirdRound = round(/^h(?:[89]|\d\d)-/);
const sealed = lib.evaluate(sealedDir, sealedDir);
const pct = (x) => `${(x * 100).toFixed(1)}%`;
const line = (label, e) =>
  `${label}\n  detection  precision ${pct(e.figures.precision)} ` +
  `(${e.counts.correctPredictions}/${e.counts.predictions})  recall ${pct(e.figures.recall)} ` +
  `(${e.counts.highFound}/${e.counts.highGold} high)  F1 ${pct(e.figures.f1)}\n  on ` +
  `${e.counts.matched} matched tasks  lead units ${pct(e.figures.lead_units)}  lead leader ` +
  `${pct(e.figures.lead_leader)}  deadline ${pct(e.figures.deadline)}  targets ${pct(e.figures.targets)}`;
const perDoc = (e) =>
  e.perDoc
    .map(
      (d) =>
        `    ${d.doc}  P ${pct(d.figures.precision)} R ${pct(d.figures.recall)} F1 ${pct(d.figures.f1)}  units \
${pct(d.figures.lead_units)} deadline ${pct(d.figures.deadline)}${
          d.threshold
            ? `  threshold \
${d.threshold}`
            : ''
        }${d.dropped ? `  words only this document has (dropped): ${d.dropped.join(' ') || '-'}` : ''}`,
    )
    .join('\n');
const haveGold = fs.existsSync(goldDir) && fs.existsSync(corpusDir);
if (!haveGold && !json)
  console.log(`eval:extract: no gold set here (${goldDir} or ${corpusDir} is absent); only the held-out examples.`);
const docs = haveGold ? lib.readLabelled(goldDir, corpusDir) : [];
const all = haveGold ? lib.evaluateDocs(docs) : null;
const loo = haveGold ? lib.leaveOneOut(docs) : null;
if (json) {
  console.log(
    JSON.stringify({
      ...(all?.figures ?? {}),
      leave_one_out: loo?.figures ?? null,
      heldout: heldout.figures,
      heldout_first_round: firstRound.figures,
      heldout_second_round: secondRound.figures,
      heldout_third_round: thirdRound.figures,
      sealed: sealed.figures,
    }),
  );
} else {
  if (all) {
    console.log(`gold ${goldDir}\ncorpus ${corpusDir}`);
    console.log(line('all labelled documents (the rules were tuned on them)', all));
    console.log(perDoc(all));
    console.log(line('leave one document out (its own words dropped, threshold chosen on the others)', loo));
    console.log(perDoc(loo));
  }
  console.log(line(`held-out examples (${heldoutDir}, never tuned on; their errors were read once)`, heldout));
  console.log(perDoc(heldout));
  console.log(line('  of which h1–h3 (written before the first round of changes)', firstRound).replace(/\n/g, '\n  '));
  console.log(
    line('  of which h4–h7 (written before the second round of changes)', secondRound).replace(/\n/g, '\n  '),
  );
  console.log(
    line('  of which h8–h9 (written after the second round, errors never read)', thirdRound).replace(/\n/g, '\n  '),
  );
  console.log(line(`sealed examples (${sealedDir}, never tuned on, their errors never read)`, sealed));
  console.log(perDoc(sealed));
}
