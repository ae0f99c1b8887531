#!/usr/bin/env node
/**
 * 讲话任务分解: (1) upload to review for a 20,000-character speech — the .txt upload (decode, normalise, extract,
 * resolve units and leaders, store document and candidates) plus the review screen's GET of the document with its
 * candidates — on a fresh demo instance over loopback, UTF-8 and GBK; (2) the offline extractor's throughput on one
 * core (extractTasks in this process, text of ~2 MB). The speech is composed at run time from the texts in
 * ../shared/corpus (never copied into the project); without them the benchmark says so and stops. Appends to
 * bench/RESULTS.md.
 *   node bench/extraction.mjs [--runs 10] [--chars 20000] [--mb 2] [--corpus DIR]
 */
import fs from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import iconv from 'iconv-lite';
import { register } from 'tsx/esm/api';
import { appendResults } from './results.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    chars: { type: 'string', default: '20000' },
    mb: { type: 'string', default: '2' },
    corpus: { type: 'string' },
  },
});
const RUNS = Number(values.runs);
const CHARS = Number(values.chars);
const MB = Number(values.mb);
const corpusDir = path.resolve(
  values.corpus ?? path.join(process.env.LUOSHI_SHARED_DIR ?? path.join(root, '../shared'), 'corpus'),
);
const texts = fs.existsSync(corpusDir)
  ? fs
      .readdirSync(corpusDir)
      .filter((f) => f.endsWith('.txt'))
      .sort()
      .map((f) =>
        fs
          .readFileSync(path.join(corpusDir, f), 'utf8')
          .replace(/^\ufeff/, '')
          .trim(),
      )
  : [];
if (!texts.length) {
  console.log(
    `bench/extraction: no corpus texts in ${corpusDir}; nothing to measure (point --corpus at a folder of .txt speeches).`,
  );
  process.exit(0);
}

/** The corpus texts joined and repeated until `n` characters, cut at the last line end before `n`. */
function compose(n) {
  let s = '';
  for (let i = 0; s.length < n; i++) s += `${texts[i % texts.length]}\n\n`;
  const cut = s.lastIndexOf('\n', n);
  return s.slice(0, cut > n * 0.9 ? cut : n);
}
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const f = (ms) => `${ms.toFixed(0)} ms`;

// (2) throughput, in this process, before the server shares the cores
register();
const { extractTasks } = await import(pathToFileURL(path.join(root, 'src/shared/domain/extract/extract.ts')).href);
const big = compose(Math.round((MB * 1024 * 1024) / 3)); // Chinese text is ~3 bytes a character in UTF-8
const bigBytes = Buffer.byteLength(big);
extractTasks(big); // warm-up
const tp = [];
let bigCandidates = 0;
for (let i = 0; i < 5; i++) {
  const s = performance.now();
  bigCandidates = extractTasks(big).candidates.length;
  tp.push(performance.now() - s);
}
const tpMs = median(tp);

// (1) upload to review on a fresh demo instance
const freePort = () =>
  new Promise((r) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => r(p));
    });
  });
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-bench-extraction-'));
const port = await freePort();
const child = spawn(process.execPath, [path.join(root, 'scripts/start.mjs'), '--no-build'], {
  cwd: root,
  env: {
    ...process.env,
    PORT: String(port),
    LUOSHI_DATA_DIR: dataDir,
    LUOSHI_JOBS: '0',
    LUOSHI_LOG_LEVEL: 'warn',
    LUOSHI_DEMO_HISTORY: '0',
    LUOSHI_RATE_LIMIT_PER_MINUTE: '10000000',
    LUOSHI_LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
  },
  stdio: 'ignore',
});
const base = `http://127.0.0.1:${port}`;
for (;;) {
  try {
    if ((await fetch(`${base}/readyz`)).ok) break;
  } catch {}
  if (child.exitCode !== null) throw new Error('the server did not start');
  await new Promise((r) => setTimeout(r, 50));
}
try {
  const r = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'sunli', password: 'Luoshi@2026' }),
  });
  const office = { cookie: r.headers.get('set-cookie').split(';')[0], csrf: (await r.json()).csrfToken };
  const speech = compose(CHARS);
  async function uploadToReview(bytes, name) {
    const form = new FormData();
    form.append('file', new Blob([bytes]), name);
    const s = performance.now();
    const up = await fetch(`${base}/api/v1/extractions`, {
      method: 'POST',
      headers: { cookie: office.cookie, 'x-csrf-token': office.csrf },
      body: form,
    });
    const doc = await up.json();
    if (up.status !== 201) throw new Error(`upload: ${up.status} ${JSON.stringify(doc).slice(0, 300)}`);
    const t1 = performance.now();
    const review = await fetch(`${base}/api/v1/extractions/${doc.id}`, { headers: { cookie: office.cookie } });
    const body = await review.json();
    if (!review.ok) throw new Error(`review: ${review.status}`);
    const t2 = performance.now();
    return {
      upload: t1 - s,
      review: t2 - t1,
      total: t2 - s,
      candidates: body.candidates.length,
      chars: body.characters,
    };
  }
  const rows = [];
  for (const [label, bytes, name] of [
    ['UTF-8 .txt', Buffer.from(speech), 'speech.txt'],
    ['GBK .txt', iconv.encode(speech, 'gb18030'), 'speech-gbk.txt'],
  ]) {
    await uploadToReview(bytes, name); // warm-up
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await uploadToReview(bytes, name));
    rows.push({ label, bytes: bytes.length, runs });
  }

  const load = os.loadavg()[0].toFixed(1);
  const section = `
## Speech to ledger: upload to review, extractor throughput — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC

Command: \`node bench/extraction.mjs --runs ${RUNS} --chars ${CHARS} --mb ${MB}\`
Machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node \
${process.version}; embedded PostgreSQL; load average ${load} (other work on the machine included).
Text: the ${texts.length} corpus speeches (read at run time from \`${path.relative(root, corpusDir)}\`) joined and repeated.

Upload to review screen, ${rows[0].runs[0].chars.toLocaleString('en')}-character speech \
(${rows[0].runs[0].candidates} candidates), ${RUNS} runs each after one warm-up, loopback, demo county:

| file | bytes | upload (decode, extract, store) median / max | review GET median / max | total median / max |
|---|---|---|---|---|
${rows
  .map(
    (r) => `| ${r.label} | ${r.bytes.toLocaleString('en')} | ${f(median(r.runs.map((x) => x.upload)))} / \
${f(Math.max(...r.runs.map((x) => x.upload)))} | ${f(median(r.runs.map((x) => x.review)))} / \
${f(Math.max(...r.runs.map((x) => x.review)))} | ${f(median(r.runs.map((x) => x.total)))} / \
${f(Math.max(...r.runs.map((x) => x.total)))} |`,
  )
  .join('\n')}

Extractor throughput (\`extractTasks\`, one core, no server): ${(bigBytes / 2 ** 20).toFixed(2)} MB UTF-8 \
(${big.length.toLocaleString('en')} characters, ${bigCandidates} candidates) in ${f(tpMs)} median of 5 → \
**${(bigBytes / 2 ** 20 / (tpMs / 1000)).toFixed(2)} MB/s** \
(${Math.round(big.length / (tpMs / 1000)).toLocaleString('en')} characters/s); the issue asks for ≥ 1 MB/s.
`;
  appendResults(section);
  console.log(section);
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.on('exit', r));
  fs.rmSync(dataDir, { recursive: true, force: true });
}
