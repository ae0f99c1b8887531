/**
 * Who does a directive: the named lead leader (请X同志牵头), lead units (…具体负责, 由…负责, "X要…") and
 * co-operating units (会同/配合/协同/联合执法). Units are returned as written. Pure.
 */
const UNIT_SUFFIX =
  /(?:局|委|办|中心|办公室|分局|部门|单位|专班|执法队|工作队|队|镇|乡|街道|管委会|公司|小组|所|院|站|委员会|政府|集团|园区|产业园|工业园|指挥部|平台|室|大队)$/;
const LEADING = /^(?:同时|特别是|另外|其中|首先|其次|对此|并且?|而且|此外|今年|一方面|另一方面|由|请)+/;
const TRAILING = /(?:全体人员|全体干部|主要负责人|负责同志|一把手|具体|首先|一定|都|也|还|则|等)+$/;
const MODAL = /(?:要|务必|必须|应当|具体负责|负责|牵头|积极支持配合|支持配合|积极配合|配合|协助|协同)/g;
const CO_VERB = /^(?:积极)?(?:支持)?配合|^协助|^协同|^联合执法|^要?(?:积极)?(?:支持)?配合|^要联合执法|^要协助/;

export interface Owners {
  leader: string | null;
  leadUnits: string[];
  coUnits: string[];
}

export function isUnitLike(s: string): boolean {
  if (s.length < 2 || s.length > 24) return false;
  if (/要|把|将|对|是|了|由|我们|你们|他们|大家|同志|领导|干部|群众|有所/.test(s.replace(/(?:领导小组)/g, '')))
    return false;
  // 各乡镇（街道）: a bracketed second kind after the unit
  const bare = s.replace(/[（(][\p{Script=Han}、]{1,6}[)）]$/u, '');
  return UNIT_SUFFIX.test(bare) || /^各(?:行政)?村$|社区$/.test(bare);
}

/** 各镇各部门 → [各镇, 各部门]; 县住建局和相关部门 → two; 各级各部门 stays (各级 is no unit). */
export function splitCompound(s: string): string[] | null {
  // 住建、交通运输等部门: the parts are departments named by their field alone → [住建, 交通运输]
  const fields = /^((?:[\p{Script=Han}]{2,8}、)+[\p{Script=Han}]{2,8}?)等(?:部门|单位)$/u.exec(s);
  if (fields) {
    const names = fields[1].split('、');
    if (names.every((n) => !/要|把|将|对|是|了|的/.test(n))) return names;
  }
  const parts = s
    .split(/[、和及与]/)
    .map((p) => p.trim())
    .filter(Boolean);
  const out: string[] = [];
  for (const p of parts) {
    if (/(?:领导|同志|干部|书记|县长|主任)$/.test(p) && parts.length > 1) continue; // a role beside units: keep the units
    const each = p.match(/各[^各]+/g);
    if (each && each.join('') === p && each.length > 1 && each.every(isUnitLike)) out.push(...each);
    else if (isUnitLike(p)) out.push(p);
    else return null;
  }
  return out.length ? out : null;
}

function clean(s: string): string {
  return s
    .replace(/^\d+、/, '')
    .replace(/^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]+、)/, '')
    .replace(/[“”"‘’「」]/g, '')
    .replace(/\s+/g, '')
    .replace(LEADING, '')
    .replace(TRAILING, '');
}

/**
 * The unit a clause opens with when a verb follows it directly (县政府督查室汇总后…, 由县统计局进行核查): the
 * longest opening of 3–16 characters that reads as a unit (or a list of units). Null when the clause opens
 * otherwise (a verb, 对…, a time).
 */
export function clauseSubject(clause: string): string[] | null {
  const c = clause
    .replace(/^\s*(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+[.．、])/, '')
    .replace(/[“”"‘’]/g, '')
    .trim()
    .replace(LEADING, '');
  // a unit's name opens with the level it belongs to (县, 镇, 各…) and ends with the kind of body it is
  // (a place name before the level has no function words: 每周向镇党委 is no unit)
  if (
    !/^(?:中共|县|镇|乡|市|区|各|(?:(?![向对在把将由每的和与及为到从给])[\p{Script=Han}]){2,4}(?:县|镇|乡|市|区)(?![城镇]))/u.test(
      c,
    )
  )
    return null;
  if (/^(?:建成|新建|建设|完成|推进|实施|加快|启动|打造|争创|创建|全县|全镇|全乡|全市|全区)/.test(c)) return null;
  for (let n = Math.min(16, c.length - 2); n >= 3; n--) {
    const head = c.slice(0, n);
    if (/\d|城镇$|县城$|全县|[镇乡区所]$/.test(head) && !/^各/.test(head)) continue;
    const next = c[n];
    if (!/[\p{Script=Han}]/u.test(next) || /[、和及与等]/.test(next)) continue;
    // 县政府 inside 县政府督查室: a longer unit goes on
    if (UNIT_SUFFIX.test(c.slice(0, n + 1)) || UNIT_SUFFIX.test(c.slice(0, n + 2))) continue;
    const units = splitCompound(head);
    if (units) return units;
  }
  return null;
}

export function findLeader(text: string): string | null {
  const labelled = /(?:责任领导|牵头领导|分管领导|牵头县领导)[:：]\s*([\p{Script=Han}]{2,3})(?=[\s,，;；、。]|$)/u.exec(
    text,
  );
  if (labelled && !/^(?:各|相关|有关)/.test(labelled[1])) return labelled[1];
  const m = /(?:请|由)?([\p{Script=Han}]{2,3}?)同志(?:牵头|负责|会同|挂帅|统筹)/u.exec(text);
  if (m) return m[1];
  // 由李副镇长负总责, 请王县长牵头: a surname and a title name one person
  const titled =
    /(?:由|请)((?![各分由请])[\p{Script=Han}](?:常务)?副?(?:县长|书记|镇长|乡长|主任|部长))(?:同志)?(?:负总责|牵头|挂帅|统筹|负责|会同)/u.exec(
      text,
    );
  return titled ? titled[1] : null;
}

/** "各乡镇提早安排…": a distributive subject (各 + a kind of unit) with no modal verb after it. */
const DISTRIBUTIVE = new RegExp(
  String.raw`(?:^|[,，;；])(各[\p{Script=Han}]{1,6}?(?:乡镇|镇|乡|部门|单位|局|街道|村|社区)(?:[（(][\p{Script=Han}、]{1,6}[)）])?)` +
    String.raw`(?=[\p{Script=Han}]{2})(?!要|务必|必须|和|及|、)`,
  'u',
);

export function findOwners(text: string): Owners {
  const leader = findLeader(text);
  const lead: string[] = [];
  const co: string[] = [];
  const add = (arr: string[], xs: string[]) => {
    for (const x of xs) if (!lead.includes(x) && !co.includes(x)) arr.push(x);
  };
  // task-breakdown tables: 牵头单位：X、Y；配合单位：Z
  const labelled =
    /(牵头单位|牵头部门|责任单位|责任部门|主责单位|负责单位|主办单位|承办单位|配合单位|配合部门|协办单位|参与单位|牵头|配合)[:：]\s*([^;；。\n:：）)]+)/gu;
  let m: RegExpExecArray | null;
  while ((m = labelled.exec(text))) {
    const names = m[2]
      .split(/[、,，\s]+/)
      .map(clean)
      .filter(isUnitLike);
    add(/配合|协办|参与/.test(m[1]) ? co : lead, names);
  }
  // 请X同志会同Y: Y does the work with the leader → lead; 会同Y without a named leader → co-unit.
  const hui =
    /(会同|协同|联合)([\p{Script=Han}“”、]{2,30}?(?:局|委|办|中心|办公室|分局|部门|单位|镇|乡|街道|管委会|公司))/gu;
  while ((m = hui.exec(text))) {
    // 会同县自然资源局、县财政局等部门: the list goes on after the first unit
    let names = m[2];
    let rest = text.slice(m.index + m[0].length);
    // 市生态环境局云溪分局: a branch after the parent's name
    const branch = /^[\p{Script=Han}]{1,4}分局/u.exec(rest);
    if (branch) {
      names += branch[0];
      rest = rest.slice(branch[0].length);
    }
    for (;;) {
      const more = /^、([\p{Script=Han}“”]{2,20}?(?:局|委|办|中心|办公室|分局|部门|单位|镇|乡|街道|管委会|公司))/u.exec(
        rest,
      );
      if (!more) break;
      names += more[0];
      rest = rest.slice(more[0].length);
      const br = /^[\p{Script=Han}]{1,4}分局/u.exec(rest);
      if (br) {
        names += br[0];
        rest = rest.slice(br[0].length);
      }
    }
    // 公安交警大队会同交通运输局…: the subject before 会同, in the same clause, leads
    const at = m.index;
    const clauseStart =
      Math.max(...[',', '，', ';', '；', '。', ':', '：'].map((c) => text.lastIndexOf(c, at - 1))) + 1;
    const subject = splitCompound(clean(text.slice(clauseStart, at).replace(/(?:要|务必|必须|请)$/, '')));
    if (subject && !leader) add(lead, subject);
    const units = splitCompound(clean(names)) ?? names.split('、').map(clean).filter(isUnitLike);
    if (units.length) add(leader && m[1] === '会同' ? lead : co, units);
  }
  // 城区公厕建设由县城管局负责: the unit after 由 leads
  const by = /由([\p{Script=Han}、（）()]{2,24}?)(?:具体负责|负责|牵头|组织实施)/gu;
  while ((m = by.exec(text))) {
    const units = splitCompound(clean(m[1]));
    if (units) add(lead, units);
  }
  for (const clause of text.split(/[,，:：;；。！？!?]/)) {
    let from = 0;
    MODAL.lastIndex = 0;
    while ((m = MODAL.exec(clause))) {
      const seg = clause.slice(from, m.index);
      from = m.index + m[0].length;
      const after = clause.slice(m.index);
      const isCo = CO_VERB.test(after) || /^要?(?:积极)?(?:支持)?配合/.test(after);
      let units = splitCompound(clean(seg));
      if (!units) {
        const tail = seg.split('、').pop() ?? '';
        units = splitCompound(clean(tail));
      }
      if (units) add(isCo ? co : lead, units);
    }
  }
  // "各乡镇提早安排…": a distributive subject with no modal verb
  if (!lead.length) {
    const d = DISTRIBUTIVE.exec(text);
    if (d) add(lead, splitCompound(d[1]) ?? [d[1]]);
  }
  // "县财政局统筹安排…", "镇村建办具体抓": a unit opening a clause, then its verb, with no modal
  // (the sentence's first clause, a clause opened by 由, or the clause after a leader's 负总责)
  if (!lead.length) {
    const clauses = text.split(/[,，:：;；。！？!?]/);
    for (let i = 0; i < clauses.length; i++) {
      const opens = i === 0 || /^\s*由/.test(clauses[i]) || /负总责|挂帅|牵头抓总$/.test(clauses[i - 1]);
      const subject = opens ? clauseSubject(clauses[i]) : null;
      if (subject) {
        add(lead, subject);
        break;
      }
    }
  }
  return { leader, leadUnits: lead, coUnits: co };
}

export interface UnitResolution {
  written: string;
  /** canonical unit name when the written form resolves through the unit list and its aliases */
  unit: string | null;
  /** true when the written form names a specific unit that is not in the list: propose it as a new unit */
  proposed: boolean;
  /** true when `unit` is the closest match (县发改委 → 发改局), not a name or alias: for the user to confirm */
  closest?: boolean;
}

const GENERIC = /^(?:各|相关|有关|责任|各级|全县|县直|其他|行业主管|主管)/;

/**
 * The stem people keep when they write a unit their own way: no county prefix (县, 云溪县, 中共…县委), no kind
 * suffix (局, 委, 办, 中心, 服务中心, 委员会, 办公室, 部门) — 县发改委 and 发改局 are both 发改, 县招商中心,
 * 招商局 and 县招商服务中心 are all 招商.
 */
export function unitStem(name: string): string {
  let s = name.replace(/^(?:中共)?(?:[\p{Script=Han}]{2,3}县(?!城))?/u, '').replace(/^县(?!城)/, '');
  for (let i = 0; i < 2; i++)
    s = s.replace(/(?:服务中心|管理委员会|委员会|办公室|中心|分局|部门|局|委|办|服务)$/, '') || s;
  return s;
}

/** The one canonical unit whose stem equals the written stem, else the one whose stem starts with it or it with theirs. */
export function closestUnit(written: string, index: Map<string, string | null>): string | null {
  const stem = unitStem(written);
  if (stem.length < 2 || /[镇乡]$/.test(written)) return null;
  const equal = new Set<string>();
  const near = new Set<string>();
  for (const [label, canonical] of index) {
    if (!canonical) continue;
    const ls = unitStem(label);
    if (ls.length < 2) continue;
    if (ls === stem) equal.add(canonical);
    else if (ls.startsWith(stem) || stem.startsWith(ls)) near.add(canonical);
  }
  if (equal.size === 1) return [...equal][0];
  if (!equal.size && near.size === 1) return [...near][0];
  return null;
}

/**
 * Resolves a written unit against the name index (see unitNameIndex): a name or alias first, else the closest
 * match (for the user to confirm); generic ones (各乡镇, 相关部门) are neither resolved nor proposed.
 */
export function resolveUnit(written: string, index: Map<string, string | null>): UnitResolution {
  const direct =
    index.get(written) ?? (written.startsWith('县') ? index.get(written.slice(1)) : index.get(`县${written}`));
  if (direct) return { written, unit: direct, proposed: false };
  if (GENERIC.test(written)) return { written, unit: null, proposed: false };
  const near = closestUnit(written, index);
  if (near) return { written, unit: near, proposed: false, closest: true };
  return { written, unit: null, proposed: true };
}
