import type { FieldProblem } from './errors';

/**
 * Text no field may hold, whatever route it reaches: PostgreSQL refuses NUL in text (a 500 if let through), a
 * lone UTF-16 surrogate is silently stored as U+FFFD, other C0 control characters cannot be written into the
 * .xlsx/.docx exports (XML forbids them), and a title of zero-width characters looks blank in every list.
 */
export type BadStringCode = 'nul_character' | 'control_character' | 'lone_surrogate' | 'invisible_only';

// Tab, line feed and carriage return are text; the rest of C0 is not.
const CONTROL = /[\u0001-\u0008\u000b\u000c\u000e-\u001f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Characters that draw nothing: format characters (zero-width space/joiners, BOM, bidi marks) and fillers. */
const INVISIBLE = /[\p{Cf}\u034f\u115f\u1160\u3164\uffa0\u2800]/gu;

export function badString(s: string): BadStringCode | null {
  if (s.includes('\u0000')) return 'nul_character';
  if (CONTROL.test(s)) return 'control_character';
  if (LONE_SURROGATE.test(s)) return 'lone_surrogate';
  // Only when something invisible is there: plain blanks stay for each field's own rule (trim, min length).
  if (s.length && s.replace(INVISIBLE, '') !== s && !s.replace(INVISIBLE, '').trim()) return 'invisible_only';
  return null;
}

/** Every bad string in a parsed body, query or params, as field problems named by their path (`body.title`). */
export function findBadStrings(value: unknown, path: string, out: FieldProblem[] = [], depth = 0): FieldProblem[] {
  if (out.length >= 20 || depth > 32) return out;
  if (typeof value === 'string') {
    const code = badString(value);
    if (code) out.push({ field: path, code });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => findBadStrings(v, `${path}.${i}`, out, depth + 1));
  } else if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const [k, v] of Object.entries(value)) {
      const keyCode = badString(k);
      if (keyCode) out.push({ field: path, code: keyCode });
      else findBadStrings(v, `${path}.${k}`, out, depth + 1);
    }
  }
  return out;
}
