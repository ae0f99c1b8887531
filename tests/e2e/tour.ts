import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { type BrowserEnv, pageProblems, pendingRequests } from './harness';

/**
 * A newcomer's run of every screen: signed in as one account, every entry of the menu the page itself shows (so a
 * new page is covered without touching this file), each screen checked for what a reviewer notices at a glance — a
 * request the server failed or refused, a script error, a slip of the code in the text, an empty screen, and on a
 * phone a page wider than the screen. Returns the problems in words, each naming its account and screen.
 */
export async function tourScreens(env: BrowserEnv, username: string, opts: { phone?: boolean } = {}) {
  const phone = opts.phone ?? false;
  const p = await env.signedIn(username, undefined, { phone });
  const problems: string[] = [];
  const heard: string[] = [];
  // Every API answer of a plain visit is a success: a 4xx here is a screen asking for what its reader may not see.
  p.on('response', (r) => {
    if (r.url().includes('/api/') && r.status() >= 400)
      heard.push(`${r.status()} on ${r.request().method()} ${new URL(r.url()).pathname}`);
  });
  p.on('requestfailed', (r) => {
    const why = r.failure()?.errorText ?? '';
    // A request the page dropped itself (a query cancelled on leaving) is no failure of the server's.
    if (!why.includes('ERR_ABORTED')) heard.push(`request failed (${why}) ${r.method()} ${r.url()}`);
  });
  await settle(p);

  const openMenu = async () => {
    if (phone) {
      await p.getByTestId('menu-button').dispatchEvent('click');
      await p.getByTestId('menu-drawer').waitFor();
    }
    const menu = p.getByTestId('side-menu');
    await menu.locator('[data-testid="menu-/"]').waitFor();
    // A closed group renders no entries: open each (antd keeps the groups open that it was told to). Dispatched, not
    // clicked at a point: a group still unfolding in the drawer lies over its neighbours for a moment.
    for (let i = 0; i < 10; i++) {
      const closed = menu.locator('.ant-menu-submenu:not(.ant-menu-submenu-open) > .ant-menu-submenu-title');
      if ((await closed.count()) === 0) break;
      await closed.first().dispatchEvent('click');
    }
    return menu;
  };

  const menu = await openMenu();
  const paths = (await menu
    .locator('[data-testid^="menu-/"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('menu-'.length)))) as string[];
  expect(paths.length, `${username}'s menu`).toBeGreaterThan(0);
  if (phone) await p.keyboard.press('Escape');

  for (const [i, path] of paths.entries()) {
    const where = `${username}${phone ? ' (phone)' : ''} ${path}`;
    const before = pageProblems(p).length;
    heard.length = 0;
    if (i > 0 || phone) await openMenu();
    await p.getByTestId(`menu-${path}`).dispatchEvent('click');
    await p.waitForURL((u) => u.pathname === path || u.pathname.startsWith(`${path}/`));
    await settle(p);
    const found = [...pageProblems(p).slice(before), ...heard];
    // A screen may draw a moment after its last answer arrives: only a screen that stays wrong counts.
    let seen: string[] = [];
    await expect
      .poll(async () => (seen = await screenProblems(p, phone)).length, { timeout: 5_000 })
      .toBe(0)
      .catch(() => undefined);
    found.push(...seen);
    if (found.length) {
      await p.screenshot({ path: `/tmp/tour-${username}${phone ? '-phone' : ''}${path.replaceAll('/', '_')}.png` });
      problems.push(...found.map((x) => `${where}: ${x}`));
    }
  }
  await p.context().close();
  return { paths, problems };
}

/** Waits until the page has settled: no request in flight, no spinner (twice: a lazy page's chunk starts its own). */
async function settle(p: Page) {
  const busy = '.ant-spin-spinning, .ant-skeleton, .ant-card-loading-content, .ant-card-loading';
  for (let i = 0; i < 2; i++) {
    await expect.poll(() => pendingRequests(p)).toBe(0);
    await expect.poll(() => p.locator(busy).count()).toBe(0);
    await p.waitForTimeout(150);
  }
}

/** What the screen itself shows wrong: slips of the code in its text, no heading or no content, sideways scrolling. */
async function screenProblems(p: Page, phone: boolean): Promise<string[]> {
  return p.evaluate((phone) => {
    const out: string[] = [];
    // biome-ignore lint/performance/useDomNodeTextContent: the text as shown (hidden parts of the page are not read)
    const text = document.body.innerText;
    const slip = /(^|[^A-Za-z])(undefined|NaN|null)([^A-Za-z]|$)|Invalid Date|\[object /.exec(text);
    if (slip) {
      const at = text.indexOf(slip[0]);
      out.push(`shows "${slip[0].trim()}" in "${text.slice(Math.max(0, at - 30), at + 30).replace(/\s+/g, ' ')}"`);
    }
    const content = document.querySelector('.ant-layout-content');
    const heading = content?.querySelector(
      'h1, h2, h3, h4, h5, [role=heading], .ant-card-head-title, .ant-descriptions-title, .ant-tabs-tab',
    );
    if (!heading) out.push('no heading on the screen');
    if ((content?.textContent ?? '').trim().length <= (heading?.textContent ?? '').trim().length)
      out.push('the screen is empty');
    if (phone && document.documentElement.scrollWidth > window.innerWidth)
      out.push(`scrolls sideways: ${document.documentElement.scrollWidth} px on a ${window.innerWidth} px screen`);
    return out;
  }, phone);
}
