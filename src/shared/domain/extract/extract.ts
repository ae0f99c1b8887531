/**
 * Speech or work report → candidate ledger tasks. Pure and offline: rules over sentences and clauses, and
 * the unit list for resolution. Offsets are into the normalised text (see normaliseText); `map` leads back to
 * the raw input.
 */
import { unitNameIndex } from '../unit-names';
import { categorise, type Category } from './category';
import { YEAR_TASK, deadlineRef, documentYear, findDeadlines, pickDeadline, type DeadlineRef } from './deadline';
import { normaliseText } from './normalize';
import {
  clauseSubject,
  findOwners,
  isUnitLike,
  resolveUnit,
  splitCompound,
  type Owners,
  type UnitResolution,
} from './owners';
import { LEXICON, anyOf, type Lexicon } from './lexicon';
import { splitSentences, type Sentence } from './segment';
import { findTargets } from './targets';

export interface UnitInput {
  name: string;
  shortName: string | null;
  aliases: string[];
}

export interface Candidate {
  quote: string;
  start: number;
  end: number;
  /** raw-text offsets of the quote */
  rawStart: number;
  rawEnd: number;
  paragraph: number;
  title: string;
  leadLeader: string | null;
  leadUnits: string[];
  coUnits: string[];
  /** written units with their resolution; unknown specific units are proposals, never dropped */
  units: UnitResolution[];
  deadline: string | null;
  deadlineNorm: string | null;
  targets: string[];
  category: Category;
  /** 0..1 */
  confidence: number;
  level: 'high' | 'low';
}

export interface ExtractOptions {
  /** the document's year for normalising deadlines; found in the title when absent, else the current year */
  year?: number;
  units?: UnitInput[];
  /** minimum directive score (default 3) */
  threshold?: number;
  /**
   * A Chinese word segmenter (the server passes jieba's, with the county's unit names in its dictionary): a title
   * is then cut at a word boundary, never inside a word (发改局, 开工率). Without one it is cut at the length.
   */
  segment?: (text: string) => string[];
  /** the word lists (default LEXICON); the leave-one-document-out evaluation passes pruned ones */
  lexicon?: Lexicon;
}

export const TITLE_MAX = 30;

/** The longest prefix of whole words within `max` characters; by characters when the first words are too long. */
export function cutAtWord(text: string, max: number, segment?: (text: string) => string[]): string {
  if (text.length <= max) return text;
  if (!segment) return text.slice(0, max);
  let out = '';
  for (const w of segment(text)) {
    if (out.length + w.length > max) break;
    out += w;
  }
  return out.length >= Math.min(8, max) ? out : text.slice(0, max);
}

export interface ExtractResult {
  text: string;
  map: number[];
  year: number;
  /** where the year came from: the caller, the document's own words, or none found (the current year; ask the user) */
  yearSource: 'given' | 'document' | 'default';
  /** what deadlines were read against: the year and, when the document has a date line, its date */
  ref: DeadlineRef;
  candidates: Candidate[];
  /** plain words for the reviewer when nothing was found */
  message: string | null;
}

const MODAL = /(?<![需重主只])要|务必|必须|确保|力争|请|应当/;

/** The lexicon's lists as patterns (built once per lexicon object). */
export interface Patterns {
  action: RegExp;
  deliverable: RegExp;
  concrete: RegExp;
  abstract: RegExp;
  past: RegExp;
  frame: RegExp;
  rhetoric: RegExp;
  context: RegExp;
  aims: RegExp;
  leadVerb: RegExp;
  findings: RegExp;
  approvals: RegExp;
}
const compiled = new WeakMap<Lexicon, Patterns>();
export function patternsOf(lex: Lexicon = LEXICON): Patterns {
  let p = compiled.get(lex);
  if (!p) {
    const opener = (words: string[]) => new RegExp(`^(?:\\d+、)?(?:${anyOf(words).source})`);
    p = {
      action: anyOf(lex.actions, 'gu'),
      deliverable: anyOf(lex.deliverables),
      concrete: anyOf(lex.concrete),
      abstract: anyOf(lex.abstract, 'g'),
      past: anyOf(lex.past),
      frame: anyOf(lex.frame),
      rhetoric: opener(lex.rhetoric),
      context: opener(lex.context),
      aims: anyOf(lex.aims),
      leadVerb: new RegExp(`^(?:${anyOf(lex.leadVerbs).source})`),
      findings: anyOf(lex.findings ?? []),
      approvals: new RegExp(`^(?:${anyOf(lex.approvals ?? []).source})`),
    };
    compiled.set(lex, p);
  }
  return p;
}

/** The sentence without its list marker (一是, （二）, 3., 首先) and the minutes' 会议要求/会议明确 lead-in. */
export function sentenceBody(s: string): string {
  return s
    .replace(/^\d+、(?=\D)/, '')
    .replace(
      /^(?:[一二三四五六七八九十]+是|第[一二三四五六七八九十]+[,，、]?|[（(][一二三四五六七八九十\d]+[)）]|\d+[.．、)）]|首先|其次|再次|最后|同时|另外|此外|[一二三四五六七八九十]+、)/,
      '',
    )
    .replace(/^[,，、\s]+/, '')
    .replace(/^会议(?:要求|明确|议定|决定|同意|强调)[,，:：]?/, '');
}

const GENERIC_OBJECT = /各项(?:重点)?(?:工作|任务)|决策部署|会议精神|一切|正能量|具体实践/;
const COPULA = /^[^,，。；;：:]{2,16}?(?<![要就还更也都])是(?!否|[一二三四五六七八九十])/;

/** How strongly a sentence reads as an assignment (higher is more). Exported for tests. */
export function directiveScore(
  s: string,
  year: number | DeadlineRef = 2000,
  own: Owners = findOwners(s),
  P: Patterns = patternsOf(),
): number {
  let score = 0;
  // 各级各部门, 相关单位: addressed to everyone, which owns nothing in particular
  const specific = !!own.leader || own.leadUnits.some((u) => !/^(?:各级|全县|全体|有关|相关)/.test(u));
  if (own.leader || own.leadUnits.length) score += specific ? 3 : 2;
  else if (own.coUnits.length) score += 2;
  const verbs = new Set(s.match(P.action) ?? []);
  score += Math.min(verbs.size, 3);
  const deadlines = findDeadlines(s, year);
  const dated = deadlines.length > 0 || YEAR_TASK.test(s);
  const measured = findTargets(s).length > 0;
  if (dated) score += 1;
  if (measured) score += 1;
  const concrete = P.concrete.test(s) || P.deliverable.test(s);
  if (concrete) score += 1;
  const abstract = (s.match(P.abstract) ?? []).length;
  if (abstract && !concrete && !dated && !measured && !own.leader && !own.leadUnits.length) score -= 2;
  else if (abstract >= 2 && !own.leader && !own.leadUnits.length) score -= 1;
  if (P.rhetoric.test(s)) score -= 3;
  // the national or provincial situation, told without asking anything of the audience
  if (P.context.test(s) && !MODAL.test(s)) score -= 3;
  // only verbs: nothing concrete, owned, dated or measured
  if (!concrete && !dated && !measured && !own.leader && !own.leadUnits.length && !own.coUnits.length) score -= 1;
  if (P.past.test(s)) score -= 3;
  const asks = MODAL.test(s);
  // what was done or found, told with no request: a report (所以 a notice's findings are no tasks)
  if ((P.past.test(s) || P.findings.test(s)) && !asks) score -= 3;
  // 会议同意…的建议: a decision taken, no work asked for
  if (P.approvals.test(s) && !asks && !dated) score -= 4;
  // a plan's measured line (新改扩建幼儿园4所, 粮食播种面积稳定在42万亩以上): a target with a verb, nothing past
  if (measured && !P.past.test(s) && !P.findings.test(s) && (verbs.size || P.leadVerb.test(sentenceBody(s))))
    score += 1;
  if (P.frame.test(s)) score -= 4;
  if (s.length < 10) score -= 3;
  const owned = !!(own.leader || own.leadUnits.length);
  const body = sentenceBody(s);
  // a clause that opens with the verb carries the instruction without 要 (健全…机制, 组织开展…行动)
  if (P.leadVerb.test(body)) score += concrete || dated || measured ? 2 : 1;
  // aims, assessment and framing: what a year or a reform is, what we must see clearly
  if (!owned) {
    const asked = MODAL.test(body);
    if (P.aims.test(s) && !(asked && (dated || measured) && !P.aims.test(body.split(/[,，]/)[0] ?? ''))) score -= 3;
    else if (!dated && !measured && COPULA.test(body) && !asked) score -= 3;
  }
  // work named only in general (各项工作, 决策部署), asked of no one in particular: nothing to check
  const firmlyDated = deadlines.some((d) => d.kind !== 'completion');
  if (!specific && GENERIC_OBJECT.test(s) && !firmlyDated && !measured) score -= 3;
  // several clauses each opening with a verb (深化…改革，推行…): a list of things to do
  const verbClauses = body.split(/[,，;；]/).filter((c) => P.leadVerb.test(c.trim())).length;
  if (verbClauses >= 2) score += 1;
  return score;
}

/**
 * Where a sentence passes from one owner's work to another's: after a comma, a clause that opens with a unit
 * (not a co-operating one: 配合, 协助, 参与) and goes on with its own verb, when the text before it has a different
 * lead unit of its own. Offsets of the clause starts.
 */
export function ownerCuts(text: string): number[] {
  const out: number[] = [];
  let from = 0;
  const re = /[,，]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const start = m.index + 1;
    const next = text.slice(start).search(/[,，;；。]/);
    const clause = text.slice(start, next < 0 ? text.length : start + next);
    const subject = clauseSubject(clause) ?? modalSubject(clause);
    if (
      !subject ||
      /^[^,，]*?(?:配合|协助|参与|支持配合)/.test(
        clause.slice(subject.join('、').length, subject.join('、').length + 6),
      )
    )
      continue;
    const before = findOwners(text.slice(from, m.index)).leadUnits;
    if (!before.length || subject.some((u) => before.includes(u))) continue;
    out.push(start);
    from = start;
  }
  return out;
}

/** 县财政局要…: the unit before the clause's first 要/务必/必须/负责/牵头, when it is one. */
function modalSubject(clause: string): string[] | null {
  const m = /^([\p{Script=Han}、]{2,20}?)(?:要|务必|必须|具体负责|负责|牵头)/u.exec(clause.trim());
  return m ? splitCompound(m[1]) : null;
}

/** Splits a sentence into parts when it carries several dated/cadenced milestones (one deadline per ledger row). */
function splitByDeadline(s: Sentence, year: number | DeadlineRef, P: Patterns): { start: number; end: number }[] {
  const ds = findDeadlines(s.text, year).filter((d) => d.kind === 'date' || d.kind === 'cadence');
  const distinct = ds.filter((d, i) => i === 0 || d.norm !== ds[i - 1].norm);
  const cuts: number[] = [0];
  // "X要制定方案…，力争每个季度…": a deliverable with no time, then an aim with one → two rows.
  if (distinct.length) {
    const before = s.text.slice(0, distinct[0].start);
    const m = /^(.*[,，;；])\s*(?:力争|确保|争取)[^,，;；]*$/su.exec(before);
    if (m) {
      const head = m[1]
        .split(/[,，;；]/)
        .filter((c) => !/牵头|负责$|同志/.test(c))
        .join('');
      if (head.length >= 8 && P.deliverable.test(head)) cuts.push(m[1].length);
    }
  }
  for (const d of distinct.slice(1)) {
    const before = s.text.slice(cuts[cuts.length - 1], d.start);
    const m = /.*[,，、;；]/su.exec(before);
    if (!m) continue;
    cuts.push(cuts[cuts.length - 1] + m[0].length);
  }
  // "县住建局负责A，县财政局负责B": a clause that opens with another unit doing its own work is another row
  for (const at of ownerCuts(s.text)) if (!cuts.includes(at)) cuts.push(at);
  cuts.sort((a, b) => a - b);
  if (cuts.length === 1) return [{ start: 0, end: s.text.length }];
  cuts.push(s.text.length);
  const parts: { start: number; end: number }[] = [];
  for (let i = 0; i < cuts.length - 1; i++) {
    const a = cuts[i];
    let b = cuts[i + 1];
    while (b > a && ',，、;；'.includes(s.text[b - 1])) b--;
    if (b > a) parts.push({ start: a, end: b });
  }
  return parts;
}

/** Owner-only clauses: 县发改委要会同住建、交通运输等部门 / 由县招商中心牵头 / 会议要求 — never a title. */
const OWNER_CLAUSE = new RegExp(
  [
    String.raw`^(?:由|请)?[\p{Script=Han}、“”]{0,30}?(?:要|务必|必须)?(?:会同|协同|配合|联合)[\p{Script=Han}、“”]{2,30}$`,
    String.raw`^(?:由|请)?[\p{Script=Han}、“”]{2,30}?(?:牵头|具体负责|负责|配合|协同|牵头抓总|挂帅)$`,
    String.raw`^(?:会议|下一步|为此|对此|同时|此外)[\p{Script=Han}]{0,4}$`,
  ].join('|'),
  'u',
);

export function makeTitle(quote: string, segment?: (text: string) => string[]): string {
  const t = sentenceBody(quote.replace(/\n\d+、/g, '')).replace(/^(?:请[\p{Script=Han}]{2,3}同志牵头[,，]?)/u, '');
  const clauses = t
    .split(/[,，;；。:：]/)
    .map((c) => c.trim())
    .filter((c) => c.length >= 4);
  const framing = (c: string) =>
    /^(?:要|务必|必须)?(?:坚持|始终|切实|进一步)/.test(c) ||
    /[\p{Script=Han}]+要$/u.test(c) ||
    OWNER_CLAUSE.test(c) ||
    /^请/.test(c) ||
    /^(?:责任|牵头|配合)单位/.test(c) ||
    /^(?:围绕|按照|结合|依托|对照|根据|针对|利用|坚持|面对|为了|通过)/.test(c) ||
    /是$/.test(c);
  const strip = (c: string) =>
    c
      .replace(
        /^(?:由)?[\p{Script=Han}、“”]{2,30}?(?:要|务必|必须)?(?:会同|协同)[\p{Script=Han}、“”]{2,30}?(?:局|委|办|中心|分局|部门|单位|镇|乡)(?:等(?:部门|单位))?/u,
        '',
      )
      .replace(/^由[\p{Script=Han}、“”]{2,20}?(?:负责|牵头)(?=\S{4})/u, '')
      .replace(/^[\p{Script=Han}、“”]{2,20}?(?:要|务必|必须|具体负责|负责|牵头)(?=\S{4})/u, '')
      .replace(/^(?:要|务必|必须|确保|力争|于|在)/, '')
      .trim();
  const picked = clauses
    .filter((c) => !framing(c))
    .map(strip)
    .find((c) => c.length >= 4);
  const title = picked ?? clauses.map(strip).find((c) => c.length >= 4) ?? (t.trim() || quote.trim());
  return cutAtWord(title, TITLE_MAX, segment);
}

export function extractTasks(raw: string, opts: ExtractOptions = {}): ExtractResult {
  const { text, map } = normaliseText(raw);
  const found = opts.year ? null : documentYear(text);
  const year = opts.year ?? found ?? new Date().getUTCFullYear();
  const yearSource = opts.year ? 'given' : found ? 'document' : 'default';
  // relative deadlines (本月内, 限期N个工作日, 春节前) are read from the document's own date, when it has one
  const ref = deadlineRef(text, year);
  const index = unitNameIndex(opts.units ?? []);
  const threshold = opts.threshold ?? 3;
  const P = patternsOf(opts.lexicon);
  const candidates: Candidate[] = [];
  const sentences = splitSentences(text);
  let listOwners: Owners | null = null;
  const firstLine = text.search(/\S/);
  for (const s of sentences) {
    // a heading (一、…, （一）…) is skipped unless it carries the work itself: （一）县发改局要牵头…，限期10个工作日内…
    if (s.marker === 'heading' && s.text.length < 60) {
      const body = sentenceBody(s.text);
      if (
        body.length < 16 ||
        !(MODAL.test(body) || findDeadlines(body, ref).length || findOwners(body).leadUnits.length)
      )
        continue;
    }
    // a salutation (各乡镇人民政府，县直各单位：) or a byline (镇党委书记  刘志刚)
    if (
      /[:：]$/.test(s.text) &&
      s.text
        .split(/[,，、:：]/)
        .every((p) => !p.trim() || isUnitLike(p.trim().replace(/^县直/, '')) || /^县直/.test(p.trim()))
    )
      continue;
    if (/^[\p{Script=Han}]{2,14}\s+[\p{Script=Han}]{2,4}$/u.test(s.text)) continue;
    // the document's title line (关于…的纪要, 在…会议上的讲话)
    if (s.start === firstLine && s.paragraph === sentences[0]?.paragraph && !/[。！？；;!?]$/.test(s.text)) continue;
    // 责任单位：X、Y on its own after a decision (minutes, task breakdowns): the owners of the task before it
    const label = /^(?:责任单位|牵头单位|责任部门|主办单位|承办单位|配合单位)[:：]/.exec(s.text);
    const prev = candidates[candidates.length - 1];
    if (
      label &&
      prev &&
      s.paragraph - prev.paragraph <= 1 &&
      !/[。！？；;]/.test(text.slice(prev.end, s.start).trim().slice(1))
    ) {
      const o = findOwners(s.text);
      for (const c of candidates.filter((c) => c.paragraph === prev.paragraph && c.end === prev.end)) {
        if (!c.leadUnits.length && !c.leadLeader) c.leadUnits = o.leadUnits;
        c.coUnits = [...new Set([...c.coUnits, ...o.coUnits])];
        c.units = [...c.leadUnits, ...c.coUnits].map((u) => resolveUnit(u, index));
        c.end = s.end;
        c.rawEnd = map[s.end - 1] + 1;
        c.quote = text.slice(c.start, c.end);
        c.confidence = Math.min(1, Math.round((c.confidence + (c.leadUnits.length ? 0.2 : 0)) * 100) / 100);
        c.level = c.confidence >= 0.5 ? 'high' : 'low';
      }
      continue;
    }
    // a list's lead-in names the owner of its items: 县商务局要抓好三件事：一是…；二是…
    const colon = s.text.search(/[:：]/);
    if (colon > 0 && /^\s*(?:[一二三四五六七八九十]+是|第一|1[.．、]|[（(][一1][)）])/.test(s.text.slice(colon + 1))) {
      const o = findOwners(s.text.slice(0, colon));
      listOwners = o.leader || o.leadUnits.length ? o : null;
    } else if (s.marker !== 'enum' && s.marker !== 'item') listOwners = null;
    let whole = findOwners(s.text);
    if (listOwners && !whole.leader && !whole.leadUnits.length)
      whole = {
        leader: listOwners.leader,
        leadUnits: listOwners.leadUnits,
        coUnits: whole.coUnits.length ? whole.coUnits : listOwners.coUnits,
      };
    if (directiveScore(s.text, ref, whole, P) < threshold) continue;
    const parts = splitByDeadline(s, ref, P);
    for (const p of parts) {
      const partText = s.text.slice(p.start, p.end);
      const own = parts.length === 1 ? whole : findOwners(partText);
      const inherit = !own.leader && !own.leadUnits.length;
      const leadLeader = own.leader ?? (inherit ? whole.leader : null);
      const leadUnits = own.leadUnits.length ? own.leadUnits : inherit ? whole.leadUnits : [];
      const coUnits = own.coUnits.length ? own.coUnits : inherit ? whole.coUnits : [];
      const dl = pickDeadline(partText, ref);
      const targets = findTargets(partText).map((t) => t.text);
      const start = s.start + p.start;
      const end = s.start + p.end;
      let confidence = 0.35;
      if (leadLeader || leadUnits.length) confidence += 0.2;
      if (dl) confidence += 0.15;
      if (targets.length) confidence += 0.15;
      if (P.deliverable.test(partText)) confidence += 0.1;
      confidence = Math.min(1, Math.round(confidence * 100) / 100);
      candidates.push({
        quote: text.slice(start, end),
        start,
        end,
        rawStart: map[start],
        rawEnd: end > 0 ? map[end - 1] + 1 : 0,
        paragraph: s.paragraph,
        title: makeTitle(partText, opts.segment),
        leadLeader,
        leadUnits,
        coUnits,
        units: [...leadUnits, ...coUnits].map((u) => resolveUnit(u, index)),
        deadline: dl?.text ?? null,
        deadlineNorm: dl?.norm ?? null,
        targets,
        category: categorise(partText),
        confidence,
        level: confidence >= 0.5 ? 'high' : 'low',
      });
    }
  }
  return {
    text,
    map,
    year,
    yearSource,
    ref,
    candidates,
    message: candidates.length ? null : '没有找到交办事项：文中没有带责任、时限或目标的部署性句子。',
  };
}
