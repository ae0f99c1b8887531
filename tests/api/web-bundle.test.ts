import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WEB_DIST } from '../../src/server/app';

/**
 * The phone's JavaScript budgets (docs/ARCHITECTURE.md "Web bundle") kept by every test run, without a browser:
 * the scripts a signed-in clerk's to-do loads — index.html's, then the to-do board's chunk, each with what it
 * imports statically — counted as the server sends them (the build's brotli copy where there is one); and a
 * principal's phone home the same way (approvals, then the cockpit). bench/phone.mjs (--leader) measures the same in
 * Chromium on a throttled connection, with the same budgets.
 */
const BUDGET_KIB = 300;
const LEADER_BUDGET_KIB = 300;
const assets = path.join(WEB_DIST, 'assets');

function graph(roots: string[]): Set<string> {
  const seen = new Set<string>();
  const todo = [...roots];
  while (todo.length) {
    const f = todo.pop()!;
    if (seen.has(f) || !f.endsWith('.js')) continue;
    seen.add(f);
    // Static imports only (`import … from"./x.js"`, `import"./x.js"`); import("./x.js") loads on demand.
    for (const m of fs.readFileSync(path.join(assets, f), 'utf8').matchAll(/(?:from|import)\s*"\.\/([^"]+)"/g))
      todo.push(m[1]!);
  }
  return seen;
}

const sent = (f: string) => {
  const br = path.join(assets, `${f}.br`);
  return fs.statSync(fs.existsSync(br) ? br : path.join(assets, f)).size;
};

/** index.html's scripts and the chunks named (the first whose name starts so), each with its static imports. */
function firstLoad(chunks: string[]): Set<string> {
  const index = fs.readFileSync(path.join(WEB_DIST, 'index.html'), 'utf8');
  const entry = [...index.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]!);
  const files = fs.readdirSync(assets);
  return graph([
    ...entry,
    ...chunks.map((c) => {
      const f = files.find((x) => new RegExp(`^${c}-[^.]*\\.js$`).test(x));
      expect(f, `${c} is a chunk of its own`).toBeTruthy();
      return f!;
    }),
  ]);
}

const report = (loaded: Set<string>) =>
  [...loaded]
    .sort((a, b) => sent(b) - sent(a))
    .map((f) => `${f} ${(sent(f) / 1024).toFixed(1)} KiB`)
    .join('\n');

describe.skipIf(!fs.existsSync(path.join(WEB_DIST, 'index.html')))('the phone’s JavaScript budget', () => {
  it(`keeps a principal's phone home under ${LEADER_BUDGET_KIB} KiB of compressed JavaScript, with no chart and no table`, () => {
    // What a principal's home loads on a phone: the approvals (TodoBoard; a close request waiting brings the close
    // decision's card, counted; reports to review are rows there), the cockpit's shell and its phone layout.
    const loaded = firstLoad(['TodoBoard', 'CockpitPage', 'CloseReview']);
    // The desktop cockpit (its cards, tables, ECharts and the trend chart) and the report review's table wait for a
    // desktop.
    for (const heavy of [/^CockpitDesktop-/, /^TrendChart-/, /^Chart-/, /^table-/, /^ReportReviewList-/, /^LoginPage-/])
      expect(
        [...loaded].filter((f) => heavy.test(f)),
        String(heavy),
      ).toEqual([]);
    const text = [...loaded].map((f) => fs.readFileSync(path.join(assets, f), 'utf8')).join('\n');
    // ECharts marks the element it draws in; no chart library comes with the phone's cockpit.
    expect(text).not.toContain('_echarts_instance_');
    const kib = [...loaded].reduce((n, f) => n + sent(f), 0) / 1024;
    expect(kib, report(loaded)).toBeLessThanOrEqual(LEADER_BUDGET_KIB);
  });

  it(`keeps a clerk's to-do under ${BUDGET_KIB} KiB of compressed JavaScript`, () => {
    const index = fs.readFileSync(path.join(WEB_DIST, 'index.html'), 'utf8');
    const entry = [...index.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]!);
    const files = fs.readdirSync(assets);
    const board = files.find((f) => /^TodoBoard-.*\.js$/.test(f));
    expect(board, 'the to-do board is a chunk of its own').toBeTruthy();
    const loaded = graph([...entry, board!]);
    // What the to-do must not bring: the sign-in form's page, TOTP's QR code, zod, the review table, ECharts.
    for (const heavy of [/^LoginPage-/, /^TotpPage-/, /^table-/, /^CloseReview-/, /^ReportReviewList-/, /^Chart-/])
      expect(
        [...loaded].filter((f) => heavy.test(f)),
        String(heavy),
      ).toEqual([]);
    const text = [...loaded].map((f) => fs.readFileSync(path.join(assets, f), 'utf8')).join('\n');
    // zod's own code reads its global's post-processor; the app only sets the jitless flag there.
    expect(text).not.toContain('__zod_globalConfig?.postProcessor');
    const kib = [...loaded].reduce((n, f) => n + sent(f), 0) / 1024;
    expect(kib, [...loaded].map((f) => `${f} ${(sent(f) / 1024).toFixed(1)} KiB`).join('\n')).toBeLessThanOrEqual(
      BUDGET_KIB,
    );
  });

  it('ships a brotli and a gzip copy of every large script', () => {
    const big = fs
      .readdirSync(assets)
      .filter((f) => f.endsWith('.js') && fs.statSync(path.join(assets, f)).size > 4096);
    expect(big.length).toBeGreaterThan(10);
    for (const f of big) {
      expect(fs.existsSync(path.join(assets, `${f}.br`)), f).toBe(true);
      expect(fs.existsSync(path.join(assets, `${f}.gz`)), f).toBe(true);
    }
  });
});
