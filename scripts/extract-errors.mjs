#!/usr/bin/env node
// `node scripts/extract-errors.mjs [loo|heldout|all] [--kind lead_units|deadline|missed|wrong_prediction]`:
// prints what the extractor got wrong, to find general causes (never to fit single labels). `loo` reads the
// labelled speeches (../shared) each with its leave-one-out tuning; `heldout` the examples written here (h1–h7).
// The sealed examples and the third round of held-out ones (h8 on) are never printed: they stay a check no one
// has read.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const set = args.find((a) => ['loo', 'heldout', 'all'].includes(a)) ?? 'heldout';
const k = args.indexOf('--kind');
const kind = k >= 0 ? args[k + 1] : null;
const lib = await import(pathToFileURL(path.join(root, 'scripts/eval-extract.lib.ts')).href);
const shared = [path.resolve(root, '../shared'), path.resolve(root, '../../shared')].find((d) =>
  fs.existsSync(path.join(d, 'gold')),
);
let rows = [];
if (set === 'heldout') {
  const dir = path.join(root, 'tests/fixtures/extract/heldout');
  for (const d of lib.readLabelled(dir, dir).filter((x) => /^h[1-7]-/.test(x.base))) rows.push(...lib.discrepancies(d));
} else if (shared) {
  const docs = lib.readLabelled(path.join(shared, 'gold'), path.join(shared, 'corpus'));
  for (const d of docs) rows.push(...lib.discrepancies(d, set === 'loo' ? lib.leaveOneOutTuning(docs, d) : {}));
}
if (kind) rows = rows.filter((r) => r.kind === kind);
for (const r of rows)
  console.log(
    `${r.doc}  ${r.kind}  ${r.quote.slice(0, 70).replace(/\n/g, '⏎')}${
      r.gold !== undefined
        ? `\n    gold \
${JSON.stringify(r.gold)}  predicted ${JSON.stringify(r.predicted)}`
        : ''
    }`,
  );
console.log(`${rows.length} discrepancies (${set})`);
