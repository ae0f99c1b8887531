import type { Page } from 'playwright-core';

/**
 * What makes a page unusable on a phone, found in the page itself: a page wider than the screen (sideways
 * scrolling), a tap target smaller than 44×44 CSS px, a tap target partly under another, or one that another element
 * covers (a tap at its centre would land elsewhere). Returns the problems in words; [] when the page is fine.
 *
 * A tap target is a control (link, button, field, role=button…) or anything drawn with a pointer cursor; it is
 * measured as the whole area that answers the tap: the control together with the ancestors around it that still
 * show the pointer (a list row that opens its task counts as one target, however small its title's text).
 */
export async function phoneLayoutProblems(p: Page, where = ''): Promise<string[]> {
  const problems = await p.evaluate(() => {
    const out: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > window.innerWidth)
      out.push(`scrolls sideways: page ${doc.scrollWidth} px wide on a ${window.innerWidth} px screen`);
    window.scrollTo(0, 0);
    const CONTROLS =
      'a, button, input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=file]), ' +
      'textarea, select, [role=button], [role=menuitem], [role=tab], ' +
      '[role=switch], .ant-checkbox-wrapper, .ant-radio-wrapper';
    const visible = (e: Element) => {
      const r = e.getBoundingClientRect();
      if (r.width < 1 || r.height < 1) return false;
      for (let n: Element | null = e; n; n = n.parentElement) {
        const s = getComputedStyle(n);
        if (s.visibility === 'hidden' || s.display === 'none' || Number(s.opacity) === 0) return false;
        if (n.getAttribute('aria-hidden') === 'true') return false;
      }
      return true;
    };
    const pointer = (e: Element) => getComputedStyle(e).cursor === 'pointer';
    // The area answering a tap: up through the ancestors drawn with the pointer cursor.
    const outer = (e: Element) => {
      // A field's frame (its border, its prefix and suffix) focuses the field when tapped.
      const frame = e.matches('input, textarea')
        ? e.closest('.ant-input-number, .ant-input-affix-wrapper, .ant-picker, .ant-select')
        : null;
      let o = frame ?? e;
      while (o.parentElement && o.parentElement !== document.body && pointer(o.parentElement)) o = o.parentElement;
      return o;
    };
    // With a dialog or a drawer open, what lies behind its mask cannot be tapped: only the top layer counts.
    // (A drawer once opened stays in the page, closed: only an open one counts.)
    const layers = Array.from(
      document.querySelectorAll('.ant-modal-wrap, .ant-drawer-open, .ant-popover:not(.ant-popover-hidden)'),
    ).filter(visible);
    const scope = layers.at(-1) ?? document.body;
    const seen = new Set<Element>();
    for (const e of Array.from(scope.querySelectorAll('*'))) {
      if (!(e.matches(CONTROLS) || (pointer(e) && !(e.parentElement && pointer(e.parentElement))))) continue;
      if (e.closest('[disabled], .ant-btn-disabled, .ant-tooltip, .ant-message')) continue;
      if (!visible(e)) continue;
      seen.add(outer(e));
    }
    // Nested targets (a button inside a tappable card) are separate targets; the card is measured as itself.
    const targets = [...seen];
    const name = (e: Element) => {
      const id = e.getAttribute('data-testid') ?? e.querySelector('[data-testid]')?.getAttribute('data-testid');
      const text = (e.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 24);
      const r = e.getBoundingClientRect();
      return `<${e.tagName.toLowerCase()}${id ? ` ${id}` : ''}${
        e.className && typeof e.className === 'string'
          ? ` \
.${e.className.split(' ')[0]}`
          : ''
      }> "${text}" ${Math.round(r.width)}×${Math.round(r.height)}`;
    };
    const rects = new Map(
      targets.map((e) => {
        const r = e.getBoundingClientRect();
        return [e, { x: r.left + window.scrollX, y: r.top + window.scrollY, w: r.width, h: r.height }] as const;
      }),
    );
    // A page with nothing to tap is a page the checks did not see (a layer misjudged, the page not drawn).
    if (!targets.length) out.push('no tap target found: nothing was checked');
    for (const e of targets) {
      const r = rects.get(e)!;
      if (r.w < 43.5 || r.h < 43.5) out.push(`tap target too small: ${name(e)}`);
    }
    for (let i = 0; i < targets.length; i++)
      for (let j = i + 1; j < targets.length; j++) {
        const a = targets[i]!;
        const b = targets[j]!;
        if (a.contains(b) || b.contains(a)) continue;
        const ra = rects.get(a)!;
        const rb = rects.get(b)!;
        const w = Math.min(ra.x + ra.w, rb.x + rb.w) - Math.max(ra.x, rb.x);
        const h = Math.min(ra.y + ra.h, rb.y + rb.h) - Math.max(ra.y, rb.y);
        if (w > 1 && h > 1) out.push(`tap targets overlap: ${name(a)} and ${name(b)}`);
      }
    for (const e of targets) {
      e.scrollIntoView({ block: 'center', inline: 'center' });
      const r = e.getBoundingClientRect();
      const x = Math.min(Math.max(r.left + r.width / 2, 0), window.innerWidth - 1);
      const y = Math.min(Math.max(r.top + r.height / 2, 0), window.innerHeight - 1);
      const hit = document.elementFromPoint(x, y);
      if (hit && hit !== e && !e.contains(hit) && !hit.contains(e))
        out.push(`${name(e)} is under ${name(hit)} at its centre`);
    }
    window.scrollTo(0, 0);
    return out;
  });
  return problems.map((x) => (where ? `${where}: ${x}` : x));
}
