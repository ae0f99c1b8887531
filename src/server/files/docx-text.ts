/** The text of word/document.xml (pure; runs inside the reading worker, files/read.ts). */
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescapeXml = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) => {
    if (e[0] !== '#') return ENTITIES[e] ?? m;
    const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    // A reference past U+10FFFF would throw: kept as written, as any other unknown entity.
    return code <= 0x10ffff ? String.fromCodePoint(code) : m;
  });

/** The paragraphs of word/document.xml as lines: runs' <w:t> text, tabs and line breaks kept. */
export function docxParagraphs(xml: string): string[] {
  const body = /<w:body[\s>]([\s\S]*)<\/w:body>/.exec(xml)?.[1] ?? xml;
  const out: string[] = [];
  for (const p of body.match(/<w:p[\s>][\s\S]*?<\/w:p>|<w:p\/>/g) ?? []) {
    let line = '';
    for (const m of p.matchAll(/<w:t(?:\s[^>]*)?>([\s\S]*?)<\/w:t>|<w:tab\/>|<w:br\/>|<w:br\s[^>]*\/>/g)) {
      if (m[1] !== undefined) line += unescapeXml(m[1]);
      else if (m[0].startsWith('<w:tab')) line += '\t';
      else line += '\n';
    }
    out.push(line);
  }
  return out;
}

/** Pictures in the body: a scan saved as Word has these and no text. */
export const hasDrawings = (xml: string) => /<w:drawing|<pic:pic|<v:imagedata|<w:pict/.test(xml);
