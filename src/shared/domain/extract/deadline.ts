/**
 * Deadlines and cadences in a directive, as written and normalised against the document's year. Pure.
 * Periods and dates come first, then cadences, then completion words (如期, 按期, 尽快, 早日); a completion
 * word on a "年度…任务" object means the end of the year.
 */
export interface DeadlineMention {
  text: string;
  start: number;
  end: number;
  /** YYYY-MM-DD, recurring:weekly|monthly|quarterly, or null when the words give no date (尽快, 常态化, 秋冬季) */
  norm: string | null;
  kind: 'date' | 'cadence' | 'completion' | 'season';
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const CN: Record<string, number> = {
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  十: 10,
  十一: 11,
  十二: 12,
};
const num = (s: string) => (/^\d+$/.test(s) ? Number(s) : (CN[s] ?? NaN));

interface Rule {
  re: RegExp;
  kind: DeadlineMention['kind'];
  norm: (m: RegExpExecArray, year: number) => string | null;
}

const MONTH = '(\\d{1,2}|十[一二]?|[一二三四五六七八九])';
const RULES: Rule[] = [
  {
    re: /(20\d{2})年(\d{1,2})月(\d{1,2})日(?:前|之前)?/g,
    kind: 'date',
    norm: (m) => `${m[1]}-${pad(+m[2])}-${pad(+m[3])}`,
  },
  {
    re: new RegExp(`(20\\d{2})年${MONTH}月(?:底|末|前)`, 'g'),
    kind: 'date',
    norm: (m) => `${m[1]}-${pad(num(m[2]))}-${pad(lastDay(+m[1], num(m[2])))}`,
  },
  {
    re: new RegExp(`(?<![\\d年])${MONTH}月(\\d{1,2})日(?:前|之前)?`, 'g'),
    kind: 'date',
    norm: (m, y) => `${y}-${pad(num(m[1]))}-${pad(+m[2])}`,
  },
  {
    re: new RegExp(`(?<![\\d年每个])${MONTH}月(?:底|末|份前|前)`, 'g'),
    kind: 'date',
    norm: (m, y) => `${y}-${pad(num(m[1]))}-${pad(lastDay(y, num(m[1])))}`,
  },
  { re: /(20\d{2})年(?:底|末|内|前|年底)/g, kind: 'date', norm: (m) => `${m[1]}-12-31` },
  { re: /上半年/g, kind: 'date', norm: (_m, y) => `${y}-06-30` },
  { re: /下半年/g, kind: 'date', norm: (_m, y) => `${y}-12-31` },
  {
    re: /(?<![每个])第?([一二三四1-4])季度/g,
    kind: 'date',
    norm: (m, y) => {
      const q = num(m[1]);
      return `${y}-${pad(q * 3)}-${pad(lastDay(y, q * 3))}`;
    },
  },
  { re: /年底|年末|年内|今年|全年|本年度?/g, kind: 'date', norm: (_m, y) => `${y}-12-31` },
  { re: /每周|每星期/g, kind: 'cadence', norm: () => 'recurring:weekly' },
  { re: /每个?月/g, kind: 'cadence', norm: () => 'recurring:monthly' },
  { re: /每个?季度/g, kind: 'cadence', norm: () => 'recurring:quarterly' },
  { re: /常态化/g, kind: 'cadence', norm: () => null },
  { re: /秋冬季|春节前后|汛期|冬春季/g, kind: 'season', norm: () => null },
  { re: /如期|按期|限期|尽快|早日/g, kind: 'completion', norm: () => null },
];

/** Every deadline-like mention, in text order, overlapping ones removed (the earlier, longer rule wins). */
export function findDeadlines(text: string, year: number): DeadlineMention[] {
  const found: DeadlineMention[] = [];
  for (const rule of RULES) {
    rule.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = rule.re.exec(text))) {
      const start = m.index;
      const end = start + m[0].length;
      if (found.some((f) => start < f.end && f.start < end)) continue;
      found.push({ text: m[0], start, end, norm: rule.norm(m, year), kind: rule.kind });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

const YEAR_TASK = /(?:完成|落实)[\p{Script=Han}]{0,4}年度[\p{Script=Han}]{0,8}任务|年度[\p{Script=Han}]{0,8}任务落实/u;

/** The one deadline of a directive: a date or cadence first, else a completion word, else 年度…任务. */
export function pickDeadline(text: string, year: number): { text: string; norm: string | null } | null {
  const all = findDeadlines(text, year);
  const firm = all.find((d) => d.kind === 'date' || d.kind === 'cadence' || d.kind === 'season');
  if (firm) return { text: firm.text, norm: firm.norm };
  const done = all.find((d) => d.kind === 'completion');
  const yearTask = YEAR_TASK.test(text);
  if (done)
    return { text: done.text, norm: yearTask && done.text !== '尽快' && done.text !== '早日' ? `${year}-12-31` : null };
  if (yearTask) return { text: '年度', norm: `${year}-12-31` };
  return null;
}

const CN_DIGIT: Record<string, string> = {
  〇: '0',
  '○': '0',
  零: '0',
  Ｏ: '0',
  O: '0',
  一: '1',
  二: '2',
  三: '3',
  四: '4',
  五: '5',
  六: '6',
  七: '7',
  八: '8',
  九: '9',
};
/** 二〇二五年 → 2025年 (a date line written in Chinese numerals); other text unchanged. */
function arabicYears(text: string): string {
  return text.replace(
    /([二][〇○零Ｏ][一二三四五六七八九〇○零Ｏ]{2})年/g,
    (_m, y: string) => `${[...y].map((c) => CN_DIGIT[c] ?? c).join('')}年`,
  );
}

const YEAR = /(20\d{2})年/;
/** A line that is only a date (the meeting's or the signature's), possibly in brackets with where it was given. */
const DATE_LINE = /^[（(]?\s*(20\d{2})年\d{1,2}月\d{1,2}日/;

/**
 * The document's year, from the document's own words and never from an unrelated number in the text: a year in
 * the title (its first three lines), an update stamp (更新时间:2022-10), a date line (（2025年1月10日在…）, or
 * 2024年11月28日 at the end; Chinese numerals too), "今年是2025年"/"2025年是…之年", or the plan's own heading
 * (2025年主要工作 → 2025; 2024年工作回顾 → 2025). Else null: the caller asks the user.
 */
export function documentYear(raw: string): number | null {
  const text = arabicYears(raw);
  const lines = text
    .split('\n')
    .map((l) => l.replace(/^\d+、/, '').trim())
    .filter(Boolean);
  for (const l of lines.slice(0, 3)) {
    if (/回顾|以来|过去/.test(l)) continue;
    const m = YEAR.exec(l);
    if (m) return Number(m[1]);
  }
  const head = text.slice(0, 400);
  const stamp = /(?:更新时间|发布时间|发布日期|印发日期|日期)[:：]?\s*(20\d{2})/.exec(head);
  if (stamp) return Number(stamp[1]);
  for (const l of [...lines.slice(0, 6), ...lines.slice(-3)]) {
    const m = DATE_LINE.exec(l);
    if (m && l.length <= 60) return Number(m[1]);
  }
  const thisYear = /今年是(20\d{2})年|(20\d{2})年是[\p{Script=Han}“”"]{0,20}之年|今年[（(](20\d{2})年?[)）]/u.exec(
    text,
  );
  if (thisYear) return Number(thisYear[1] ?? thisYear[2] ?? thisYear[3]);
  const plan = /(20\d{2})年(?:的)?(?:主要|重点)?(?:工作(?:安排|任务|目标|重点|打算)|目标任务|重点工作|主要工作)/.exec(
    text,
  );
  if (plan) return Number(plan[1]);
  const review = /(20\d{2})年(?:工作)?回顾/.exec(text);
  if (review) return Number(review[1]) + 1;
  return null;
}
