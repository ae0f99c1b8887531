import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

/**
 * jieba, the Chinese word segmenter (offline: its dictionary ships with the package), with the organisation's unit
 * names added as words so 发改局 or 县生态环境分局 is never cut apart. Loaded once, on first use (a few hundred ms).
 */
let jieba: Jieba | undefined;
const known = new Set<string>();

export function segmenter(unitNames: Iterable<string>): (text: string) => string[] {
  jieba ??= Jieba.withDict(dict);
  const fresh = [...unitNames].map((n) => n.trim()).filter((n) => n.length >= 2 && !/\s/.test(n) && !known.has(n));
  if (fresh.length) {
    // A user dictionary in jieba's format: word, frequency, part of speech (nt: an organisation).
    jieba.loadDict(Buffer.from(fresh.map((n) => `${n} 100000 nt`).join('\n'), 'utf8'));
    for (const n of fresh) known.add(n);
  }
  const j = jieba;
  return (text) => j.cut(text, false);
}
