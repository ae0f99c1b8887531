/**
 * Text normalisation for the speech-to-ledger extractor. Pure. Keeps a map from every character of the
 * normalised text back to the raw text, so quotes found in the normalised text can be shown in the original.
 * Changes: BOM dropped, CRLF/CR → LF, full-width digits/letters/％ → half-width, ideographic and no-break
 * spaces → ASCII space. Chinese punctuation is kept (it carries sentence structure).
 */
export interface NormalisedText {
  text: string;
  /** map[i] = offset in the raw text of normalised character i; map[text.length] = raw.length. */
  map: number[];
}

function normChar(c: string): string {
  const code = c.charCodeAt(0);
  if (
    (code >= 0xff10 && code <= 0xff19) ||
    (code >= 0xff21 && code <= 0xff3a) ||
    (code >= 0xff41 && code <= 0xff5a) ||
    code === 0xff05
  ) {
    return String.fromCharCode(code - 0xfee0);
  }
  if (c === '\u3000' || c === '\u00a0') return ' ';
  return c;
}

export function normaliseText(raw: string): NormalisedText {
  let text = '';
  const map: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '\ufeff') continue;
    if (c === '\r') {
      if (raw[i + 1] === '\n') continue;
      text += '\n';
      map.push(i);
      continue;
    }
    text += normChar(c);
    map.push(i);
  }
  map.push(raw.length);
  return { text, map };
}
