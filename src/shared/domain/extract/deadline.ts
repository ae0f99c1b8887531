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

/**
 * What a deadline is read against: the document's year and, when the document has a date line (the meeting's,
 * the notice's signature), its date. Relative deadlines (本月内, 限期10个工作日, 春节前, 元旦前) need the date;
 * without it they keep their words and get no date.
 */
export interface DeadlineRef {
  year: number;
  month?: number;
  day?: number;
}

export type YearOrRef = number | DeadlineRef;
const refOf = (y: YearOrRef): DeadlineRef => (typeof y === 'number' ? { year: y } : y);

interface Rule {
  re: RegExp;
  kind: DeadlineMention['kind'];
  norm: (m: RegExpExecArray, year: number, ref: DeadlineRef) => string | null;
  /** false when the words at this place are no deadline (压缩至1个工作日以内 is a standard) */
  accept?: (text: string, start: number) => boolean;
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const monthEnd = (y: number, m: number) => `${y}-${pad(m)}-${pad(lastDay(y, m))}`;

/** The day `n` working days after the given date (Saturdays and Sundays skipped; public holidays are not known here). */
export function addWorkingDays(y: number, m: number, d: number, n: number): string {
  const t = new Date(Date.UTC(y, m - 1, d));
  let left = n;
  while (left > 0) {
    t.setUTCDate(t.getUTCDate() + 1);
    const wd = t.getUTCDay();
    if (wd !== 0 && wd !== 6) left--;
  }
  return iso(t);
}

export function addDays(y: number, m: number, d: number, n: number): string {
  return iso(new Date(Date.UTC(y, m - 1, d + n)));
}

/** 春节 (the lunar new year's day) by Gregorian year. */
export const SPRING_FESTIVAL: Record<number, string> = {
  2020: '01-25',
  2021: '02-12',
  2022: '02-01',
  2023: '01-22',
  2024: '02-10',
  2025: '01-29',
  2026: '02-17',
  2027: '02-06',
  2028: '01-26',
  2029: '02-13',
  2030: '02-03',
  2031: '01-23',
  2032: '02-11',
  2033: '01-31',
  2034: '02-19',
  2035: '02-08',
};

/**
 * The next occurrence of a holiday on or after the document's date (a speech in November that says 春节前 means
 * the coming one); with only the year known, that year's (元旦: the next year's first day).
 */
export function nextHoliday(name: '春节' | '元旦' | '五一' | '国庆', ref: DeadlineRef): string | null {
  const on = (y: number): string | null => {
    if (name === '春节') return SPRING_FESTIVAL[y] ? `${y}-${SPRING_FESTIVAL[y]}` : null;
    if (name === '元旦') return `${y}-01-01`;
    if (name === '五一') return `${y}-05-01`;
    return `${y}-10-01`;
  };
  if (ref.month && ref.day) {
    const today = `${ref.year}-${pad(ref.month)}-${pad(ref.day)}`;
    const mine = on(ref.year);
    return mine && mine >= today ? mine : on(ref.year + 1);
  }
  return name === '元旦' ? on(ref.year + 1) : on(ref.year);
}

const CN_COUNT: Record<string, number> = { 两: 2, 二十: 20, 三十: 30, 十五: 15 };
const count = (s: string) => (/^\d+$/.test(s) ? Number(s) : (CN_COUNT[s] ?? CN[s] ?? NaN));

/** N个工作日内 is a deadline after 限期/在/于 or at a clause's start, not inside a standard (压缩至1个工作日以内). */
const relativeAccepted = (text: string, start: number) => {
  if (text.startsWith('限期', start)) return true;
  const before = text.slice(Math.max(0, start - 4), start);
  if (/(?:至|到|控制在|压缩在|缩短在|时限|时间|周期|提速|减少)$/.test(before)) return false;
  return start === 0 || /(?:[,，;；:：。]|[于在须应用]|之日起|起)$/.test(before);
};

/** 上半年重点工作完成情况, 年度绩效考核: the period names the object, not the time limit. */
const OBJECT_AFTER = /^(?:的)?(?:重点)?(?:工作|任务|目标|计划|完成情况|情况|经济|考核|绩效|数据|指标|总结)/;

const MONTH = '(\\d{1,2}|十[一二]?|[一二三四五六七八九])';
const RULES: Rule[] = [
  // a table's or minutes' own time limit: 完成时限：2025年8月25日 (kept by the date rules below)
  {
    re: /(?:限期)?(\d{1,3}|[一二三四五六七八九十两]{1,3})(个工作日|个?日|天|个月)(?:以?内)/g,
    kind: 'completion',
    accept: relativeAccepted,
    norm: (m, _y, r) => {
      const n = count(m[1]);
      if (!r.month || !r.day || !Number.isFinite(n)) return null;
      if (m[2] === '个工作日') return addWorkingDays(r.year, r.month, r.day, n);
      if (m[2] === '个月') {
        const t = new Date(Date.UTC(r.year, r.month - 1 + n, 1));
        const y = t.getUTCFullYear();
        const mo = t.getUTCMonth() + 1;
        return `${y}-${pad(mo)}-${pad(Math.min(r.day, lastDay(y, mo)))}`;
      }
      return addDays(r.year, r.month, r.day, n);
    },
  },
  // 明年6月底前, 明年上半年, 明年底: the year after the document's
  {
    re: new RegExp(`(?:明年|次年)(?:${MONTH}月(?:底|末|份前|前)|(上半年)|(年底|底|年内))`, 'g'),
    kind: 'date',
    norm: (m, y) => (m[1] ? monthEnd(y + 1, num(m[1])) : m[2] ? `${y + 1}-06-30` : `${y + 1}-12-31`),
  },
  // 9月上旬前, 十月中旬: the 10th, the 20th, the month's end
  {
    re: new RegExp(`(?<![\\d年每个])${MONTH}月(上|中|下)旬(?:前|之前)?`, 'g'),
    kind: 'date',
    norm: (m, y) => {
      const mo = num(m[1]);
      return m[2] === '上' ? `${y}-${pad(mo)}-10` : m[2] === '中' ? `${y}-${pad(mo)}-20` : monthEnd(y, mo);
    },
  },
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
  {
    re: /本月(?:内|底|末|前|底前)?|(?<![\d一二三四五六七八九十个每下本])月底前/g,
    kind: 'date',
    norm: (_m, y, r) => (r.month ? monthEnd(y, r.month) : null),
  },
  {
    re: /下(?:个)?月(?:底|末|内|前|底前)?/g,
    kind: 'date',
    norm: (_m, y, r) => (r.month ? (r.month === 12 ? monthEnd(y + 1, 1) : monthEnd(y, r.month + 1)) : null),
  },
  { re: /春节前后/g, kind: 'season', norm: () => null },
  { re: /春节(?:前|之前|以前)/g, kind: 'date', norm: (_m, _y, r) => nextHoliday('春节', r) },
  { re: /元旦(?:前|之前|以前)/g, kind: 'date', norm: (_m, _y, r) => nextHoliday('元旦', r) },
  { re: /(?:五一|劳动节)(?:前|之前|以前)/g, kind: 'date', norm: (_m, _y, r) => nextHoliday('五一', r) },
  { re: /国庆(?:节)?(?:前|之前|以前)/g, kind: 'date', norm: (_m, _y, r) => nextHoliday('国庆', r) },
  { re: /上半年|年中(?=前|之前)/g, kind: 'date', norm: (_m, y) => `${y}-06-30` },
  { re: /下半年/g, kind: 'date', norm: (_m, y) => `${y}-12-31` },
  {
    re: /(?<![每个])第?([一二三四1-4])季度(?:末|底)?(?:前)?/g,
    kind: 'date',
    norm: (m, y) => {
      const q = num(m[1]);
      return `${y}-${pad(q * 3)}-${pad(lastDay(y, q * 3))}`;
    },
  },
  { re: /年底|年末|年内|今年|全年|本年度?/g, kind: 'date', norm: (_m, y) => `${y}-12-31` },
  {
    re: /每周|每星期|一周一[\p{Script=Han}]{1,2}|周调度|周通报|周报告/gu,
    kind: 'cadence',
    norm: () => 'recurring:weekly',
  },
  { re: /每个?月|一月一[\p{Script=Han}]{1,2}|月调度|月通报|按月/gu, kind: 'cadence', norm: () => 'recurring:monthly' },
  {
    re: /每个?季度|一季一[\p{Script=Han}]{1,2}|季调度|季通报|按季度?/gu,
    kind: 'cadence',
    norm: () => 'recurring:quarterly',
  },
  { re: /每天|每日/g, kind: 'cadence', norm: () => null },
  { re: /常态化/g, kind: 'cadence', norm: () => null },
  { re: /秋冬季|春节前后|汛期|冬春季/g, kind: 'season', norm: () => null },
  { re: /如期|按期|限期|尽快|早日/g, kind: 'completion', norm: () => null },
];

/** Every deadline-like mention, in text order, overlapping ones removed (the earlier, longer rule wins). */
export function findDeadlines(text: string, yearOrRef: YearOrRef): DeadlineMention[] {
  const ref = refOf(yearOrRef);
  const year = ref.year;
  const found: DeadlineMention[] = [];
  const taken: { start: number; end: number }[] = [];
  for (const rule of RULES) {
    rule.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = rule.re.exec(text))) {
      const start = m.index;
      const end = start + m[0].length;
      if (taken.some((f) => start < f.end && f.start < end)) continue;
      if (rule.accept && !rule.accept(text, start)) continue;
      taken.push({ start, end });
      // 上半年重点工作完成情况: a period that names the object is no time limit (and no other rule takes it)
      if (rule.kind === 'date' && /年|季度/.test(m[0]) && !/\d|月|日/.test(m[0]) && OBJECT_AFTER.test(text.slice(end)))
        continue;
      const norm = rule.norm(m, year, ref);
      // 限期10个工作日内 read against the document's date is a date like any other
      found.push({ text: m[0], start, end, norm, kind: rule.kind === 'completion' && norm ? 'date' : rule.kind });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** A 完成时限：… / 时限要求：… label names the deadline itself; it wins over other time words in the quote. */
const LABELLED = /(?:完成时限|时限要求|完成时间|办结时限|时间节点)[:：]\s*/;

export const YEAR_TASK =
  /(?:完成|落实)[\p{Script=Han}]{0,4}年度[\p{Script=Han}]{0,8}任务|年度[\p{Script=Han}]{0,8}任务落实/u;

/** The one deadline of a directive: a date or cadence first, else a completion word, else 年度…任务. */
export function pickDeadline(text: string, yearOrRef: YearOrRef): { text: string; norm: string | null } | null {
  const year = refOf(yearOrRef).year;
  const label = LABELLED.exec(text);
  if (label) {
    const after = label.index + label[0].length;
    const own = findDeadlines(text, yearOrRef).find((d) => d.start === after);
    if (own) return { text: own.text, norm: own.norm };
  }
  const all = findDeadlines(text, yearOrRef);
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

/** 三 → 3, 十一 → 11, 二十三 → 23, 三十一 → 31 (a day or a month written in Chinese numerals). */
export function cnNumber(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  const d = (c: string) => '〇一二三四五六七八九'.indexOf(c);
  const m = /^([一二三])?十([一二三四五六七八九])?$/.exec(s);
  if (m) return (m[1] ? d(m[1]) : 1) * 10 + (m[2] ? d(m[2]) : 0);
  return s.length === 1 && d(s) > 0 ? d(s) : Number.NaN;
}

const FULL_DATE =
  /^(?:[（(—\-\s]*)(20\d{2})年(\d{1,2}|[一二三]?十?[一二三四五六七八九十]?)月(\d{1,2}|[一二三]?十?[一二三四五六七八九十]?)日/;

/**
 * The document's own date, from a line that opens with a full date at its top (the minutes' 2025年7月15日上午，…,
 * a speech's （2025年11月3日）, a report's ——2026年1月8日在…) or a signature date among its last lines; Chinese
 * numerals too. Null when there is none: relative deadlines then get no date.
 */
export function documentDate(raw: string): { year: number; month: number; day: number } | null {
  const lines = arabicYears(raw)
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  for (const l of [...lines.slice(0, 6), ...lines.slice(-4)]) {
    const m = FULL_DATE.exec(l);
    if (!m) continue;
    const month = cnNumber(m[2]);
    const day = cnNumber(m[3]);
    if (month >= 1 && month <= 12 && day >= 1 && day <= lastDay(Number(m[1]), month))
      return { year: Number(m[1]), month, day };
  }
  return null;
}

/** What a document's deadlines are read against: its year, and its date line's day when that is in the same year. */
export function deadlineRef(text: string, year: number): DeadlineRef {
  const date = documentDate(text);
  return date && date.year === year ? date : { year };
}
