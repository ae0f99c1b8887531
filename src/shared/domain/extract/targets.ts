/**
 * Measurable targets in a directive: percentages, counts with a measure word, ranks, and explicit
 * completion standards after 确保/力争/实现 (实现全部开工, 不发生事故). Each is a verbatim span. Pure.
 */
export interface TargetMention {
  text: string;
  start: number;
  end: number;
}

// Arabic digits or redaction marks only: Chinese numerals in speeches are mostly slogans (五个一, 三项行动).
const NUMBER = '(?:\\d+(?:\\.\\d+)?|[×*]{1,3})';
const MEASURE = '(?:个|家|项|亿元|万元|元|公里|千米|米|亩|公顷|户|人次|人|所|座|条|套|台|件|吨|万吨|场|次|位)';
const COUNT = new RegExp(`(?:不少于|不低于|至少|达到|到达|超过|完成|实施|新增|培育|建成|招引)?${NUMBER}${MEASURE}`);
const PERCENT = /\d+(?:\.\d+)?%|百分之[一二三四五六七八九十百]+/;
const STANDARD = new RegExp(
  [
    String.raw`(?:实现|做到|达到|到达)(?:全部|全面|全覆盖|应\S{0,4}尽\S)`,
    String.raw`不发生[\p{Script=Han}]{1,10}`,
    String.raw`(?:保持|位居|进入|争创)[\p{Script=Han}]{0,8}(?:第一|前列|前三|前茅)`,
    String.raw`(?:按期|如期)[\p{Script=Han}]{0,6}完成[\p{Script=Han}]{0,10}任务`,
    '全覆盖',
    '清零',
    String.raw`到达[\p{Script=Han}]{2,10}进度`,
    String.raw`达到[\p{Script=Han}]{2,10}进度`,
  ].join('|'),
  'u',
);
const STRIP_HEAD = /^(?:\d+、)?(?:确保|力争|争取|并|要|同时|努力|在|[\p{Script=Han}“”]{2,20}?(?:要|务必|必须)在?)+/u;
const TIME_HEAD = /^(?:上半年|下半年|年底前?|年内|今年|全年|第?[一二三四]季度|\d{1,2}月底前?)(?:内|前)?/;

/** A clause (between , ， ; 、) qualifies when it holds a number with a measure word, a percentage, or a completion standard. */
export function findTargets(text: string, offset = 0): TargetMention[] {
  const out: TargetMention[] = [];
  let s = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || ',，;；。、:：!?！？'.includes(text[i])) {
      const seg = text.slice(s, i);
      if (
        seg.length >= 3 &&
        seg.length <= 40 &&
        (PERCENT.test(seg) || COUNT.test(seg) || STANDARD.test(seg)) &&
        !/去年|同比|比上年|已经|累计/.test(seg)
      ) {
        let a = 0;
        let rest = seg;
        for (;;) {
          const h = STRIP_HEAD.exec(rest) ?? TIME_HEAD.exec(rest);
          if (!h?.[0]) break;
          a += h[0].length;
          rest = rest.slice(h[0].length);
        }
        // a count that is only an ordinal list ("一是", "一批") is no target
        if (rest.length >= 3 && !/^[一二三四五六七八九十]+[是要]/.test(rest))
          out.push({ text: rest, start: offset + s + a, end: offset + i });
      }
      s = i + 1;
    }
  }
  return out;
}
