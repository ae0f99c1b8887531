/**
 * Closest names for a mistyped unit ("发展改革局" → 县发展和改革局): Dice coefficient over character bigrams,
 * which suits Chinese names with no word boundaries. Pure.
 */
function bigrams(s: string): string[] {
  const t = s.replace(/\s+/g, '');
  if (t.length < 2) return [t];
  const out: string[] = [];
  for (let i = 0; i < t.length - 1; i++) out.push(t.slice(i, i + 2));
  return out;
}

export function similarity(a: string, b: string): number {
  const A = bigrams(a);
  const B = bigrams(b);
  if (!A.length || !B.length) return 0;
  const counts = new Map<string, number>();
  for (const x of B) counts.set(x, (counts.get(x) ?? 0) + 1);
  let common = 0;
  for (const x of A) {
    const n = counts.get(x) ?? 0;
    if (n > 0) {
      common++;
      counts.set(x, n - 1);
    }
  }
  return (2 * common) / (A.length + B.length);
}

/** Up to `limit` candidates (by canonical name) most like `name`, best first, above a floor. */
export function closestNames(
  name: string,
  candidates: { label: string; canonical: string }[],
  limit = 3,
  floor = 0.34,
): string[] {
  const best = new Map<string, number>();
  for (const c of candidates) {
    const s = similarity(name, c.label);
    if (s >= floor && s > (best.get(c.canonical) ?? 0)) best.set(c.canonical, s);
  }
  return [...best.entries()]
    .sort((x, y) => y[1] - x[1])
    .slice(0, limit)
    .map(([n]) => n);
}

/** Full-width digits, letters and punctuation to half-width (Ｔ１２３ → T123), as Chinese input methods produce them. */
export function toHalfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}
