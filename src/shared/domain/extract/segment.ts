/**
 * Sentences and clauses of a normalised document, with offsets and the structure markers county speeches
 * use (一、 headings, （一） sub-headings, 一是/二是 and 一要/二要 enumerations, numbered items). Pure.
 */
export interface Sentence {
  start: number;
  end: number;
  text: string;
  /** index of the paragraph (line group) the sentence sits in */
  paragraph: number;
  /** 'heading' for 一、… lines, 'enum' for 一是/一要 openers, 'item' for numbered items, else null */
  marker: 'heading' | 'enum' | 'item' | null;
}

const TERMINATORS = '。！？；;!?';
const HEADING = /^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])/;
const ENUM = /^\s*(?:第[一二三四五六七八九十]+[,，、]|[一二三四五六七八九十]+(?:是|要|抓|强化|加强)|首先|其次|最后)/;
const ITEM = /^\s*(?:\d+[.．、)]|[（(]\d+[)）])/;

/** A line that starts with "N、" right after a line with no closing punctuation is a page/line-number artifact inside a sentence. */
function isContinuation(text: string, nl: number): boolean {
  let p = nl - 1;
  while (p >= 0 && (text[p] === ' ' || text[p] === '\t')) p--;
  if (p < 0) return false;
  const prev = text[p];
  if (TERMINATORS.includes(prev) || prev === '\n' || prev === ':' || prev === '：') return false;
  return /^\d+、/.test(text.slice(nl + 1, nl + 8));
}

function insideBrackets(text: string, from: number, at: number): boolean {
  const before = text.slice(from, at);
  const open = before.lastIndexOf('（');
  if (open < 0 || before.indexOf('）', open) >= 0) return false;
  const rest = text.slice(at, at + 80);
  const close = rest.indexOf('）');
  return close > 0 && !rest.slice(0, close).includes('\n') && !/[。！？]/.test(rest.slice(0, close));
}

export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
  let paragraph = 0;
  let startParagraph = 0;
  const push = (end: number) => {
    let s = start;
    let e = end;
    while (s < e && /\s/.test(text[s])) s++;
    while (e > s && /\s/.test(text[e - 1])) e--;
    if (e > s) {
      const t = text.slice(s, e);
      const body = t.replace(/^\d+、(?=\D)/, '');
      const marker = HEADING.test(body)
        ? 'heading'
        : ENUM.test(body)
          ? 'enum'
          : ITEM.test(t) && !/^\d+、/.test(t)
            ? 'item'
            : null;
      out.push({ start: s, end: e, text: t, paragraph: startParagraph, marker });
    }
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    // （牵头：县住建局；完成时限：8月25日）: a semicolon inside brackets closed on the same line cuts nothing
    if ((c === '；' || c === ';') && insideBrackets(text, start, i)) continue;
    if (TERMINATORS.includes(c)) {
      // keep a closing quote with its sentence
      let e = i + 1;
      while (e < text.length && '”’」』)）'.includes(text[e])) e++;
      push(e);
      start = e;
      startParagraph = paragraph;
      i = e - 1;
    } else if (c === '\n') {
      if (isContinuation(text, i)) continue;
      push(i);
      paragraph++;
      start = i + 1;
      startParagraph = paragraph;
    }
  }
  push(text.length);
  return out;
}

export interface Clause {
  start: number;
  end: number;
  text: string;
}

/** Clauses of a span, cut at commas, colons and semicolons (not at 、, which joins list items). */
export function splitClauses(text: string, offset = 0): Clause[] {
  const out: Clause[] = [];
  let s = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || ',，:：;；。！？!?'.includes(text[i])) {
      if (i > s) out.push({ start: offset + s, end: offset + i, text: text.slice(s, i) });
      s = i + 1;
    }
  }
  return out;
}
