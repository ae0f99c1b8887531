import fs from 'node:fs';
import { describe, afterAll, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../helpers/app';
import type { Config } from '../../src/server/config';

/**
 * Browser tests: the real server (built web app, fresh database with the demo county) driven through Debian's
 * Chromium by playwright-core. Playwright never downloads a browser here. Test names carry "[browser]" so
 * `npm test` can say plainly when they were skipped; with LUOSHI_REQUIRE_BROWSER=1 (CI) a missing Chromium fails, and
 * with LUOSHI_BROWSER_TESTS=0 they are left out on purpose (CI's second pass).
 */
export const CHROMIUM =
  process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
export const WEB_BUILT = fs.existsSync(new URL('../../dist/web/index.html', import.meta.url));

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

export function describeBrowser(name: string, fn: () => void) {
  const title = `[browser] ${name}`;
  // Left out on purpose: CI's second pass (.ci/run) proves the server on another PostgreSQL; the browser ran in the first.
  if (process.env.LUOSHI_BROWSER_TESTS === '0') return describe.skip(title, fn);
  if (CHROMIUM && WEB_BUILT) return describe(title, fn);
  const why = !CHROMIUM
    ? '未找到 Chromium（apt-get install chromium）/ Chromium not found'
    : '前端未构建（npm run build）/ web app not built';
  if (process.env.LUOSHI_REQUIRE_BROWSER === '1') {
    return describe(title, () => {
      it('needs a browser', () => {
        throw new Error(why);
      });
    });
  }
  console.warn(`[luoshi tests] 跳过浏览器测试 / skipping browser tests: ${why}`);
  return describe.skip(title, fn);
}

/**
 * What went wrong inside a page that no assertion looks at: uncaught script errors, console errors and CSP
 * violations (the server's CSP forbids inline scripts and eval, and a refused script fails silently otherwise).
 * Recorded per page and printed as they happen, so a failing step comes with its cause.
 */
const problems = new WeakMap<Page, string[]>();
export function pageProblems(p: Page): string[] {
  return problems.get(p) ?? [];
}

/** Requests a page has sent and not yet seen answered, so a test can wait until a page has finished loading. */
const inFlight = new WeakMap<Page, Set<unknown>>();
export function pendingRequests(p: Page): number {
  return inFlight.get(p)?.size ?? 0;
}

function watch(p: Page) {
  const list: string[] = [];
  problems.set(p, list);
  const note = (what: string) => {
    list.push(what);
    console.warn(`[browser] ${p.url()}: ${what}`);
  };
  const pending = new Set<unknown>();
  inFlight.set(p, pending);
  p.on('request', (r) => pending.add(r));
  p.on('requestfinished', (r) => pending.delete(r));
  p.on('requestfailed', (r) => pending.delete(r));
  p.on('pageerror', (e) => note(`page error: ${e.message}`));
  // The server never answers a page with an error of its own (a 4xx may be a refusal the test provokes).
  p.on('response', (r) => {
    if (r.status() >= 500) note(`server error ${r.status()} on ${r.request().method()} ${r.url()}`);
  });
  p.on('console', (m) => {
    // A failed request is logged by Chromium as a console error; the API's refusals (401 before sign-in, 4xx a test
    // provokes on purpose) are expected, so only script-level errors count.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) note(`console error: ${m.text()}`);
  });
}

export interface PageOptions {
  locale?: string;
  /** A phone (390×844 CSS px at device scale 3, touch, mobile viewport) instead of a 1440×900 desktop. */
  phone?: boolean;
}

/** The phone the browser tests hold: an iPhone 14's screen in CSS pixels, touch, at device scale 3. */
export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };

export interface BrowserEnv {
  t: TestApp;
  baseUrl: string;
  browser: Browser;
  /** A new page (own cookie jar) already at `path`; Chinese locale unless told otherwise; a phone if asked. */
  page(path?: string, opts?: PageOptions): Promise<Page>;
  /** A new page signed in as `username` (through the real sign-in form). */
  signedIn(username: string, password?: string, opts?: PageOptions): Promise<Page>;
}

export async function startBrowserEnv(overrides: Partial<Config> = {}): Promise<BrowserEnv> {
  return browserOn(await createTestApp(overrides));
}

/**
 * One Chromium per test worker, shared by every environment of every file the worker runs (Vitest reuses a worker
 * from file to file: vitest.config.ts): each page still gets its own context (its own cookies, storage and cache),
 * and an environment's contexts close after its file. Launching Chromium costs seconds of CPU; a file with five
 * environments used to launch five at once, and each file its own. A browser that has gone (crashed, closed) is
 * launched again; Playwright kills the one left running when the worker exits.
 */
let browserP: Promise<Browser> | undefined;
async function sharedBrowser(contexts: BrowserContext[]): Promise<Browser> {
  const current = browserP;
  const alive = current && (await current.then((b) => b.isConnected()).catch(() => false));
  // Unless another environment has launched one meanwhile.
  if (!alive && browserP === current)
    browserP = chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  const browser = await browserP!;
  afterAll(async () => {
    // What closing a browser of its own did: this environment's pages go (another's stay open).
    await Promise.all(contexts.map((c) => c.close().catch(() => {})));
  });
  return browser;
}

/** The browser on an app a test file has already built (the demo test's fully loaded county, which takes minutes). */
export async function browserOn(t: TestApp): Promise<BrowserEnv> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const addr = t.app.server.address();
  const baseUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  const contexts: BrowserContext[] = [];
  const browser = await sharedBrowser(contexts);
  const env: BrowserEnv = {
    t,
    baseUrl,
    browser,
    async page(path = '/', opts = {}) {
      // The browser sits thirteen hours behind the county (an official abroad, a machine left on New York's
      // zone): for most of a Beijing working day its own date is yesterday, so a screen that takes the
      // browser's day instead of the county's fails here at any hour CI runs.
      const ctx = await browser.newContext({
        locale: opts.locale ?? 'zh-CN',
        timezoneId: 'America/New_York',
        ...(opts.phone ? PHONE : { viewport: { width: 1440, height: 900 } }),
        reducedMotion: 'reduce',
      });
      contexts.push(ctx);
      const p = await ctx.newPage();
      watch(p);
      await p.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) =>
          console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`),
        );
      });
      // Fail a step well before the test's own timeout, so the error names the step.
      p.setDefaultTimeout(10_000);
      await p.goto(baseUrl + path);
      return p;
    },
    async signedIn(username, password = 'Luoshi@2026', opts = {}) {
      const p = await env.page('/login', opts);
      await p.getByTestId('login-username').fill(username);
      await p.getByTestId('login-password').fill(password);
      await p.getByTestId('login-submit').click();
      await p.waitForURL((u) => !u.pathname.startsWith('/login'));
      return p;
    },
  };
  return env;
}
