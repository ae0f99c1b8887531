#!/usr/bin/env node
/**
 * Three hundred people behind one address (issue 12 §2): an office's NAT, or a proxy without LUOSHI_TRUST_PROXY.
 * With the shipped limits, 300 clerks sign in from 127.0.0.1 and each loads the task ledger page (/tasks) as Chromium
 * does: the page, the files it fetches and the API calls it makes. The request list is recorded from one real load
 * in Debian's Chromium. Then a second load of every page with the browser's cache (assets kept, index.html
 * revalidated). Counts the answers by status (a 429 is the failure this guards against) and the page-load times.
 * Appends a section to bench/RESULTS.md.
 *   node bench/one-address.mjs [--people 300] [--browsers 30]
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { machine, pct, root, signIn, startInstance } from './lib.mjs';
import { ensureWebBuilt } from '../scripts/start.mjs';
import { appendResults } from './results.mjs';

const { values } = parseArgs({
  options: { people: { type: 'string', default: '300' }, browsers: { type: 'string', default: '30' } },
});
const PEOPLE = Number(values.people);
const BROWSERS = Number(values.browsers);
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
if (!CHROMIUM) throw new Error('Chromium not found (apt-get install chromium)');

ensureWebBuilt();
// The shipped limits (startInstance lifts them for the other benches).
const inst = await startInstance('one-address', {
  LUOSHI_RATE_LIMIT_PER_MINUTE: '600',
  LUOSHI_LOGIN_RATE_LIMIT_PER_MINUTE: '600',
});
const { base, db } = inst;
try {
  const one = async (text, params) => (await db.query(text, params)).rows[0];
  const { id: j } = await one(`SELECT id FROM jurisdictions LIMIT 1`);
  const { id: unit } = await one(
    `INSERT INTO units (jurisdiction_id, name, short_name, kind, sort_order)
      VALUES ($1, '云溪县政务服务中心', '政务中心', 'department', 9000) RETURNING id`,
    [j],
  );
  const { person_id: template } = await one(
    `SELECT person_id FROM credentials c JOIN people p ON p.id = c.person_id WHERE p.username = 'fgj.clerk'`,
  );
  const names = Array.from({ length: PEOPLE }, (_, i) => `hall.clerk${String(i).padStart(3, '0')}`);
  // Same password as the demo accounts (the template's hash).
  await db.query(
    `WITH p AS (INSERT INTO people (jurisdiction_id, unit_id, username, display_name, title)
                SELECT $1, $2, n, '窗口' || n, '窗口经办人' FROM unnest($3::text[]) AS n RETURNING id)
     , r AS (INSERT INTO role_assignments (person_id, role) SELECT id, 'unit_clerk' FROM p)
     INSERT INTO credentials (person_id, password_hash, must_change_password, password_changed_at)
     SELECT p.id, c.password_hash, false, now() FROM p, credentials c WHERE c.person_id = $4`,
    [j, unit, names, template],
  );

  // One real page load in Chromium: every same-origin request it sends for /tasks.
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  const recorded = [];
  try {
    const ctx = await browser.newContext({ locale: 'zh-CN' });
    const first = await signIn(base, 'fgj.clerk');
    const [name, value] = first.cookie.split('=');
    await ctx.addCookies([{ name, value, url: base }]);
    const page = await ctx.newPage();
    page.on('request', (r) => {
      if (r.url().startsWith(base)) recorded.push({ method: r.method(), path: r.url().slice(base.length) });
    });
    // Loaded when the ledger's list has come and the network has been quiet since.
    const listed = page.waitForResponse((r) => r.url().startsWith(`${base}/api/v1/tasks?`), { timeout: 120_000 });
    await page.goto(`${base}/tasks`, { timeout: 120_000 });
    await listed;
    await page.waitForLoadState('networkidle', { timeout: 120_000 });
  } finally {
    await browser.close();
  }
  const statics = recorded.filter((r) => !r.path.startsWith('/api/'));
  const apis = recorded.filter((r) => r.path.startsWith('/api/') && r.method === 'GET');
  console.log(
    `a load of /tasks: ${recorded.length} requests (${statics.length} page and files, ${apis.length} API reads)`,
  );

  // Everyone signs in (from the same address), eight at a time.
  const t0 = performance.now();
  const sessions = new Array(PEOPLE);
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < PEOPLE) {
        const i = next++;
        sessions[i] = await signIn(base, names[i]);
      }
    }),
  );
  const signInSeconds = (performance.now() - t0) / 1000;

  const status = new Map();
  const note = (s) => status.set(s, (status.get(s) ?? 0) + 1);
  const get = async (p, cookie, headers = {}) => {
    const r = await fetch(base + p, { headers: { cookie, ...headers } });
    await r.arrayBuffer();
    note(r.status);
    return r;
  };
  // A browser: the page first, then its files six at a time (HTTP/1.1's connections per host), then the API reads.
  const cached = new Map();
  async function loadPage(s, warm) {
    const start = performance.now();
    const [index, ...files] = statics;
    // As a browser revalidates (fetch would add `cache-control: no-cache` to a conditional request without it).
    const r = await get(
      index.path,
      s.cookie,
      warm && cached.get(index.path) ? { 'if-none-match': cached.get(index.path), 'cache-control': 'max-age=0' } : {},
    );
    if (r.headers.get('etag')) cached.set(index.path, r.headers.get('etag'));
    // A kept file marked immutable is not asked for again.
    const todo = warm ? [] : [...files];
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        while (todo.length) await get(todo.shift().path, s.cookie);
      }),
    );
    await Promise.all(apis.map((a) => get(a.path, s.cookie)));
    return performance.now() - start;
  }
  async function round(warm) {
    const times = [];
    let k = 0;
    const t = performance.now();
    await Promise.all(
      Array.from({ length: BROWSERS }, async () => {
        while (k < PEOPLE) {
          const i = k++;
          times.push(await loadPage(sessions[i], warm));
        }
      }),
    );
    return { times, seconds: (performance.now() - t) / 1000 };
  }
  const cold = await round(false);
  const coldStatus = new Map(status);
  status.clear();
  const warm = await round(true);
  const warmStatus = new Map(status);

  const fmt = (m) =>
    [...m]
      .sort((a, b) => a[0] - b[0])
      .map(([s, n]) => `${n} × ${s}`)
      .join(', ');
  const ms = (v) => `${v.toFixed(0)} ms`;
  const rows = [
    [`sign-in of all ${PEOPLE} (8 at a time)`, `${signInSeconds.toFixed(1)} s`, '', '', ''],
    [
      'first load of /tasks (empty cache)',
      fmt(coldStatus),
      ms(pct(cold.times, 50)),
      ms(pct(cold.times, 99)),
      `${cold.seconds.toFixed(1)} s`,
    ],
    [
      'second load (assets cached, index.html revalidated)',
      fmt(warmStatus),
      ms(pct(warm.times, 50)),
      ms(pct(warm.times, 99)),
      `${warm.seconds.toFixed(1)} s`,
    ],
  ];
  const refused = (coldStatus.get(429) ?? 0) + (warmStatus.get(429) ?? 0);
  const section = `
## ${PEOPLE} people behind one address load their pages — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC

Command: \`node bench/one-address.mjs --people ${PEOPLE} --browsers ${BROWSERS}\`
Machine: ${machine()}; client and server on the same cores.
Data: demo county plus ${PEOPLE} clerks of one unit, all signing in and loading from 127.0.0.1 with the shipped limits
(600 API requests a minute per person, sign-in 600 a minute per address, files not counted). A load of \`/tasks\` as
recorded in Chromium: ${recorded.length} requests, ${statics.length} the page and its files and ${apis.length} API reads;
${BROWSERS} browsers at a time.

| step | answers | page load p50 | page load p99 | all pages |
|---|---|---|---|---|
${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}

Refused with 429: ${refused}.
`;
  console.log(section);
  appendResults(section);
  if (refused) process.exitCode = 1;
} finally {
  await inst.stop();
}
