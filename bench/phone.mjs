#!/usr/bin/env node
/**
 * 掌上督办: the first load of a clerk's to-do (home, 我的待办) on a phone over a slow mobile connection — Chromium at
 * 390×844, device scale 3, touch, with the network throttled by CDP (Network.emulateNetworkConditions: 1.6 Mbps
 * down, 750 kbps up, 150 ms round trip), a cold cache and no service worker yet. Measures the bytes transferred
 * (all, and JavaScript alone) and the time from navigation until the to-do is usable (its sections drawn, nothing
 * loading). Fails (exit 1) when the median JavaScript transferred — compressed, as it crossed the network — exceeds
 * the phone's budget: 300 KiB (set 2026-12-06 at 272 KiB measured, docs/ARCHITECTURE.md "Web bundle"). --files lists
 * the scripts loaded, largest first. Appends to bench/RESULTS.md.
 * --leader measures a principal's home instead (wangjianguo: approvals, then the cockpit's phone layout; usable when
 * the cockpit's figures are drawn), with the same budget: 300 KiB (set 2026-12-06 when the desktop cockpit, its
 * ECharts and the report review's table left the phone's path: 550 KiB before; tests/api/web-bundle.test.ts).
 *   node bench/phone.mjs [--runs 3] [--budget-kb 300] [--files] [--leader]
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { machine, root, startInstance } from './lib.mjs';
import { appendResults } from './results.mjs';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    'budget-kb': { type: 'string', default: '300' },
    files: { type: 'boolean', default: false },
    leader: { type: 'boolean', default: false },
  },
});
const RUNS = Number(values.runs);
const BUDGET = Number(values['budget-kb']) * 1024;
const LEADER = values.leader;
const WHO = LEADER ? 'wangjianguo' : 'zjj.clerk';
const CHROMIUM =
  process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
const NET = { offline: false, latency: 150, downloadThroughput: (1.6e6 / 8) | 0, uploadThroughput: (750e3 / 8) | 0 };

const inst = await startInstance('phone');
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox'] });
const results = [];
try {
  for (let i = 0; i < RUNS; i++) {
    const ctx = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 3,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      serviceWorkers: 'block',
    });
    const login = await ctx.request.post(`${inst.base}/api/v1/auth/login`, {
      data: { username: WHO, password: 'Luoshi@2026' },
    });
    if (!login.ok()) throw new Error(`sign-in: ${login.status()} ${await login.text()}`);
    const page = await ctx.newPage();
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', NET);
    const types = new Map();
    const scripts = [];
    let bytes = 0;
    let js = 0;
    cdp.on('Network.responseReceived', (e) => types.set(e.requestId, e));
    cdp.on('Network.loadingFinished', (e) => {
      bytes += e.encodedDataLength;
      const r = types.get(e.requestId);
      if (r?.type !== 'Script') return;
      js += e.encodedDataLength;
      scripts.push([new URL(r.response.url).pathname, e.encodedDataLength, r.response.headers['content-encoding']]);
    });
    const t0 = Date.now();
    await page.goto(`${inst.base}/`, { waitUntil: 'commit', timeout: 120_000 });
    await page.getByTestId(LEADER ? 'cockpit-phone' : 'todo-accept').waitFor({ timeout: 120_000 });
    await page.waitForFunction(
      () => !document.querySelector('.ant-skeleton, .ant-spin-spinning, .ant-card-loading'),
      undefined,
      { timeout: 120_000 },
    );
    const usable = Date.now() - t0;
    await page.waitForLoadState('networkidle', { timeout: 120_000 });
    results.push({ usable, bytes, js });
    // --files: which scripts the path loaded, largest first (what to split next).
    if (values.files)
      for (const [f, n, enc] of scripts.sort((a, b) => b[1] - a[1]))
        console.log(`  ${(n / 1024).toFixed(1).padStart(7)} KiB ${enc ?? 'identity'} ${f}`);
    console.log(
      `run ${i + 1}: usable in ${usable} ms, ${(bytes / 1024).toFixed(0)} KiB (JS ${(js / 1024).toFixed(0)} KiB)`,
    );
    await ctx.close();
  }
} finally {
  await browser.close();
  await inst.stop();
}
const med = (k) => [...results.map((r) => r[k])].sort((a, b) => a - b)[Math.floor(results.length / 2)];
const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
const lines = [
  `## Phone: first load of ${LEADER ? "a principal's home (cockpit)" : 'the to-do'} on a slow connection — \
${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  '',
  LEADER
    ? `\`node bench/phone.mjs --runs ${RUNS} --leader\`: a principal (wangjianguo, demo county) opens home (approvals, 驾驶舱) in`
    : `\`node bench/phone.mjs --runs ${RUNS} --budget-kb ${BUDGET / 1024}\`: a unit clerk (zjj.clerk, demo county) opens home (我的待办) in`,
  'Chromium at 390×844, scale 3, touch, cold cache, no service worker, network throttled by CDP to 1.6 Mbps down /',
  `750 kbps up / 150 ms RTT. "Usable": from navigation until the ${
    LEADER ? "cockpit's figures" : "to-do's " + 'sections'
  } are drawn and nothing is loading.`,
  '',
  '| run | usable | transferred | of which JavaScript |',
  '|---|---|---|---|',
  ...results.map((r, i) => `| ${i + 1} | ${(r.usable / 1000).toFixed(1)} s | ${kib(r.bytes)} | ${kib(r.js)} |`),
  `| median | ${(med('usable') / 1000).toFixed(1)} s | ${kib(med('bytes'))} | ${kib(med('js'))} |`,
  '',
  `JavaScript budget for the phone's ${LEADER ? "principal's home" : 'to-do'} (first load, signed in): \
${kib(BUDGET)} transferred (compressed)` +
    ` — ${med('js') <= BUDGET ? 'within' : '**over**'} it. Machine: ${machine()}.`,
  '',
];
appendResults(`\n${lines.join('\n')}`);
console.log(lines.join('\n'));
if (med('js') > BUDGET) process.exit(1);
