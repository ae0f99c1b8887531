#!/usr/bin/env node
/**
 * Generating a supervision bulletin (督查通报) on the demo county with its year of ledger history (its own
 * directives, src/server/demo/directives.ts), key projects and rounds: a fresh data directory, `npm start` without
 * jobs, then as the supervision office
 * (sunli), for the year to date, `--runs` times each:
 *   draft   POST /api/v1/bulletins (the cockpit's period figures, the projects behind, both leagues, proposed lists)
 *   docx    GET  /api/v1/bulletins/{id}/docx of the draft (rendered on the fly)
 *   issue   POST /api/v1/bulletins/{id}/issue (number, .docx + .xlsx rendered once, hashed, stored)
 * Target: under 2 s for a bulletin. Loopback only. Appends to bench/RESULTS.md unless --no-append.
 *   node bench/bulletin.mjs [--runs 5] [--out /tmp/bulletin.docx] [--no-append]
 */
import fs from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { appendResults } from './results.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    out: { type: 'string' },
    'no-append': { type: 'boolean', default: false },
  },
});
const RUNS = Number(values.runs);
const freePort = () =>
  new Promise((r) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => r(p));
    });
  });
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const ms = (n) => `${n.toFixed(0)} ms`;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-bench-bulletin-'));
const port = await freePort();
const t0 = performance.now();
const child = spawn(process.execPath, [path.join(root, 'scripts/start.mjs'), '--no-build'], {
  cwd: root,
  env: {
    ...process.env,
    PORT: String(port),
    LUOSHI_DATA_DIR: dataDir,
    LUOSHI_JOBS: '0',
    LUOSHI_LOG_LEVEL: 'warn',
    LUOSHI_RATE_LIMIT_PER_MINUTE: '10000000',
  },
  stdio: 'ignore',
});
const base = `http://127.0.0.1:${port}`;
for (;;) {
  try {
    if ((await fetch(`${base}/readyz`)).ok) break;
  } catch {}
  if (child.exitCode !== null) throw new Error('the server stopped while starting');
  await new Promise((r) => setTimeout(r, 100));
}
const startSeconds = (performance.now() - t0) / 1000;
try {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'sunli', password: 'Luoshi@2026' }),
  });
  const cookie = login.headers.get('set-cookie').split(';')[0];
  const csrf = (await login.json()).csrfToken;
  const h = (extra = {}) => ({ cookie, 'x-csrf-token': csrf, 'content-type': 'application/json', ...extra });
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const period = { from: `${today.slice(0, 4)}-01-01`, to: today };
  const timed = async (f) => {
    const s = performance.now();
    const r = await f();
    return [performance.now() - s, r];
  };
  const times = { draft: [], docx: [], issue: [] };
  let sample = null;
  const loadBefore = os.loadavg()[0].toFixed(1);
  let bytes = 0;
  // One warm-up bulletin (first queries, module loading), not counted.
  for (let i = 0; i <= RUNS; i++) {
    const [td, draft] = await timed(async () => {
      const r = await fetch(`${base}/api/v1/bulletins`, { method: 'POST', headers: h(), body: JSON.stringify(period) });
      if (r.status !== 201) throw new Error(`draft: ${r.status} ${await r.text()}`);
      return r.json();
    });
    const [tx, doc] = await timed(async () => {
      const r = await fetch(`${base}/api/v1/bulletins/${draft.id}/docx`, { headers: h() });
      if (!r.ok) throw new Error(`docx: ${r.status}`);
      return Buffer.from(await r.arrayBuffer());
    });
    const [ti, issued] = await timed(async () => {
      const r = await fetch(`${base}/api/v1/bulletins/${draft.id}/issue`, {
        method: 'POST',
        headers: h({ 'if-match': `"${draft.version}"` }),
        body: '{}',
      });
      if (!r.ok) throw new Error(`issue: ${r.status} ${await r.text()}`);
      return r.json();
    });
    if (i === 0) continue;
    times.draft.push(td);
    times.docx.push(tx);
    times.issue.push(ti);
    sample = issued;
    bytes = doc.length;
    if (values.out && i === RUNS)
      fs.writeFileSync(
        values.out,
        Buffer.from(await (await fetch(`${base}/api/v1/bulletins/${issued.id}/docx`, { headers: h() })).arrayBuffer()),
      );
  }
  const c = sample.content;
  const rows = [
    [
      'draft: figures of the period, projects behind, two leagues, proposed lists (`POST /api/v1/bulletins`)',
      times.draft,
    ],
    [`.docx of the draft, rendered on the fly (\`GET …/docx\`, ${(bytes / 1024).toFixed(0)} KiB)`, times.docx],
    ['issue: number, .docx and .xlsx rendered, hashed and stored (`POST …/issue`)', times.issue],
  ];
  const total = times.draft.map((d, i) => d + times.issue[i]);
  const loadAfter = os.loadavg()[0].toFixed(1);
  const report = `
## Bulletin generation (督查通报) — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC

Command: \`node bench/bulletin.mjs --runs ${RUNS}\`
Machine: ${os.cpus().length} × ${os.cpus()[0].model.split(' ').slice(0, 3).join(' ')}, \
${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; embedded PostgreSQL; the machine's load average \
(other work included) ${loadBefore} before the timed runs, ${loadAfter} after.
Data: the demo county with its year of ledger history, key projects and rounds (fresh start \
${startSeconds.toFixed(1)} s); period ${period.from} to ${period.to}: ${c.tasks.totals.total} tasks in hand, \
${c.tasks.totals.closed} closed, ${c.tasks.totals.overdue} overdue in \
${c.tasks.byUnit.filter((u) => u.overdue > 0).length} units, ${c.behindProjects.length} projects behind, \
${c.league.length} units in the leagues. ${RUNS} bulletins after one warm-up.

| step | median | min | max |
|---|---|---|---|
${rows.map(([n, a]) => `| ${n} | ${ms(median(a))} | ${ms(Math.min(...a))} | ${ms(Math.max(...a))} |`).join('\n')}
| **a bulletin from nothing to issued (draft + issue)** | **${ms(median(total))}** | ${ms(Math.min(...total))} | ${ms(Math.max(...total))} |

Target: under 2 s — ${median(total) < 2000 ? 'met' : 'NOT met'}.
`;
  console.log(report);
  if (!values['no-append']) appendResults(report);
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  fs.rmSync(dataDir, { recursive: true, force: true });
}
