import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  cnNumber,
  documentDate,
  findDeadlines,
  nextHoliday,
  pickDeadline,
  SPRING_FESTIVAL,
} from './deadline';
import { extractTasks, ownerCuts } from './extract';
import { clauseSubject, findLeader, findOwners } from './owners';

// Issue 15, second round: lead units and deadlines as county offices write them. Every sentence here was written
// for these tests (none comes from a labelled, held-out or sealed document).
const ref = { year: 2025, month: 11, day: 3 }; // a Monday
const norm = (s: string, r: Parameters<typeof pickDeadline>[1] = ref) => pickDeadline(s, r)?.norm ?? null;

describe('deadlines relative to the document', () => {
  it('reads 本月内, 月底前, 下个月底 against the document date, and gives no date without one', () => {
    expect(norm('本月内完成全部摸排')).toBe('2025-11-30');
    expect(norm('月底前报送台账')).toBe('2025-11-30');
    expect(norm('下个月底前完成验收')).toBe('2025-12-31');
    expect(norm('下月底前完成验收', { year: 2025, month: 12, day: 1 })).toBe('2026-01-31');
    expect(pickDeadline('本月内完成全部摸排', 2025)).toEqual({ text: '本月内', norm: null });
  });

  it('counts 限期N个工作日 in working days and N天内 in days from the document date', () => {
    expect(norm('限期5个工作日内建立欠薪台账')).toBe('2025-11-10');
    expect(norm('自通报之日起10日内书面报告')).toBe('2025-11-13');
    expect(norm('整改情况须在3天内反馈')).toBe('2025-11-06');
    expect(norm('限期三个月内完成整改')).toBe('2026-02-03');
  });

  it('does not read a service standard as a deadline (压缩至1个工作日以内)', () => {
    expect(norm('不动产登记时间压缩至1个工作日以内')).toBeNull();
    expect(norm('审批时限控制在3个工作日以内')).toBeNull();
  });

  it('reads festivals as the coming one: 春节前 in November is next year’s, 元旦前 the next first of January', () => {
    expect(norm('春节前完成困难群众走访')).toBe('2026-02-17');
    expect(norm('春节前完成困难群众走访', { year: 2025, month: 1, day: 10 })).toBe('2025-01-29');
    expect(norm('元旦前全部清零')).toBe('2026-01-01');
    expect(norm('国庆节前投入使用', { year: 2025, month: 3, day: 1 })).toBe('2025-10-01');
    expect(pickDeadline('确保春节前后市场供应', ref)).toEqual({ text: '春节前后', norm: null });
  });

  it('reads 三季度末, 9月上旬, 明年6月底 and keeps 汛期前 as words with no date', () => {
    expect(norm('三季度末前完成12处供水工程改造')).toBe('2025-09-30');
    expect(norm('9月上旬前报送方案')).toBe('2025-09-10');
    expect(norm('十月中旬完成清淤')).toBe('2025-10-20');
    expect(norm('明年6月底前建成投用')).toBe('2026-06-30');
    expect(norm('明年底前全面完成')).toBe('2026-12-31');
    expect(pickDeadline('汛期前对病险水库开展排查', ref)).toEqual({ text: '汛期', norm: null });
  });

  it('reads the minutes’ cadences: 周调度, 一月一通报, 季调度', () => {
    expect(norm('对在建项目实行周调度')).toBe('recurring:weekly');
    expect(norm('实行一月一通报、一季一讲评')).toBe('recurring:monthly');
    expect(norm('建立季调度制度')).toBe('recurring:quarterly');
  });

  it('takes a 完成时限 label over other time words, and a period naming the object is no deadline', () => {
    expect(norm('秋季开学前投入使用（牵头：县教育局；完成时限：2025年8月20日）')).toBe('2025-08-20');
    expect(pickDeadline('于本月内报送上半年工作总结', ref)?.text).toBe('本月内');
    expect(pickDeadline('核查结果纳入年度绩效考核', ref)).toBeNull();
    expect(pickDeadline('报送上半年工作完成情况', ref)).toBeNull();
  });

  it('finds the document date at its top or its signature, in either numerals', () => {
    expect(documentDate('讲话\n（二〇二五年十一月三日）\n同志们：')).toEqual({ year: 2025, month: 11, day: 3 });
    expect(documentDate('报告\n——2026年1月8日在县人民代表大会上\n')).toEqual({ year: 2026, month: 1, day: 8 });
    expect(documentDate('通报\n正文。\n县委办公室\n2025年9月12日\n')).toEqual({ year: 2025, month: 9, day: 12 });
    expect(documentDate('讲话\n2014年以来，全县连续十年未发生较大事故。')).toBeNull();
  });

  it('splits a sentence at a relative deadline as at any other date', () => {
    const r = extractTasks(
      '讲话\n（2025年11月3日）\n镇劳保所要开展欠薪专项排查，限期5个工作日内建立台账，元旦前全部清零。',
      {},
    );
    expect(r.candidates.map((c) => c.deadlineNorm)).toEqual(['2025-11-10', '2026-01-01']);
    expect(r.candidates.map((c) => c.leadUnits)).toEqual([['镇劳保所'], ['镇劳保所']]);
  });
});

describe('deadline properties', () => {
  const day = fc
    .record({
      y: fc.integer({ min: 2020, max: 2034 }),
      m: fc.integer({ min: 1, max: 12 }),
      d: fc.integer({ min: 1, max: 28 }),
    })
    .map(({ y, m, d }) => ({ year: y, month: m, day: d }));
  const iso = (r: { year: number; month: number; day: number }) =>
    `${r.year}-${String(r.month).padStart(2, '0')}-${String(r.day).padStart(2, '0')}`;

  it('N working days later is a weekday after the date, with exactly N weekdays in between', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 40 }), (r, n) => {
        const out = addWorkingDays(r.year, r.month, r.day, n);
        expect(out > iso(r)).toBe(true);
        const t = new Date(`${iso(r)}T00:00:00Z`);
        let weekdays = 0;
        while (t.toISOString().slice(0, 10) < out) {
          t.setUTCDate(t.getUTCDate() + 1);
          if (t.getUTCDay() !== 0 && t.getUTCDay() !== 6) weekdays++;
        }
        expect(weekdays).toBe(n);
        expect([0, 6]).not.toContain(new Date(`${out}T00:00:00Z`).getUTCDay());
      }),
    );
  });

  it('a festival deadline is never before the document date', () => {
    fc.assert(
      fc.property(day, fc.constantFrom('春节' as const, '元旦' as const, '五一' as const, '国庆' as const), (r, h) => {
        const d = nextHoliday(h, r);
        if (d) expect(d >= iso(r)).toBe(true);
      }),
    );
    for (const md of Object.values(SPRING_FESTIVAL)) expect(md >= '01-21' && md <= '02-20').toBe(true);
  });

  it('every relative deadline read against a date falls on or after it, and its words are where it says', () => {
    const phrase = fc.constantFrom(
      '本月内',
      '月底前',
      '下个月底前',
      '限期5个工作日内',
      '10日内',
      '春节前',
      '元旦前',
      '限期两个月内',
    );
    fc.assert(
      fc.property(day, phrase, (r, p) => {
        const text = `各村要，${p}完成整改`;
        const found = findDeadlines(text, r);
        expect(found.length).toBeGreaterThan(0);
        for (const f of found) {
          expect(text.slice(f.start, f.end)).toBe(f.text);
          if (f.norm && /^\d/.test(f.norm)) expect(f.norm >= iso(r)).toBe(true);
        }
      }),
    );
  });

  it('reads Chinese numerals for days and months', () => {
    expect([cnNumber('三'), cnNumber('十'), cnNumber('十一'), cnNumber('二十三'), cnNumber('三十一')]).toEqual([
      3, 10, 11, 23, 31,
    ]);
  });
});

describe('lead units as offices write them', () => {
  it('reads the bracketed 牵头： of minutes', () => {
    expect(findOwners('新增学位300个（牵头：县教育局；配合：县财政局）').leadUnits).toEqual(['县教育局']);
    expect(findOwners('新增学位300个（牵头：县教育局；配合：县财政局）').coUnits).toEqual(['县财政局']);
  });

  it('reads the unit before 会同 as the lead when no leader is named', () => {
    const o = findOwners('县市场监管局会同县公安局开展食品安全联合检查');
    expect(o.leadUnits).toEqual(['县市场监管局']);
    expect(o.coUnits).toEqual(['县公安局']);
    expect(findOwners('请县文旅局会同县财政局制定奖补办法').leadUnits).toEqual(['县文旅局']);
  });

  it('reads 由X负责 inside a clause, and a unit opening a clause with its verb and no 要', () => {
    expect(findOwners('农贸市场改造由县商务局负责，年底前完工').leadUnits).toEqual(['县商务局']);
    expect(findOwners('县审计局统筹安排专项审计力量，10月底前进场').leadUnits).toEqual(['县审计局']);
    expect(findOwners('镇便民服务中心汇总后报镇党委').leadUnits).toEqual(['镇便民服务中心']);
    expect(findOwners('由县统计局进行核查').leadUnits).toEqual(['县统计局']);
    expect(findOwners('各乡镇（街道）年内各建成1个示范村').leadUnits).toEqual(['各乡镇（街道）']);
  });

  it('does not take a verb-first clause, a place or a project for a unit', () => {
    expect(clauseSubject('建成县第三中学并投入使用')).toBeNull();
    expect(clauseSubject('全县所有村集体收入达到10万元')).toBeNull();
    expect(clauseSubject('加快推进园区污水处理厂提标改造')).toBeNull();
    expect(clauseSubject('县城区学校扩容工程年内开工')).toBeNull();
    expect(clauseSubject('每周向镇党委报告一次进展')).toBeNull();
    expect(clauseSubject('云溪县应急管理局组织演练')).toEqual(['云溪县应急管理局']);
    expect(findOwners('新增城镇就业3000人').leadUnits).toEqual([]);
  });

  it('reads a leader named by surname and title', () => {
    expect(findLeader('由王副县长负总责，县交通运输局具体抓')).toBe('王副县长');
    expect(findLeader('请张书记牵头')).toBe('张书记');
    expect(findLeader('各分管副县长要督促分管部门')).toBeNull();
    expect(findOwners('由王副县长负总责，县交通运输局具体抓，年底前通车').leadUnits).toEqual(['县交通运输局']);
  });
});

describe('one row per owner', () => {
  it('cuts a sentence where another unit takes up its own work, not at a co-operating one or a time', () => {
    const t = '县住建局负责老旧小区改造，县财政局负责筹措配套资金。';
    expect(ownerCuts(t)).toEqual([t.indexOf('县财政局')]);
    expect(ownerCuts('乡林业站牵头，乡应急办、派出所配合，3月10日前开展隐患排查。')).toEqual([]);
    expect(ownerCuts('镇经发办要逐个项目倒排工期，每周向镇党委报告一次进展。')).toEqual([]);
    expect(ownerCuts('县教育局要完成选址，县教育局要同步做好设计。')).toEqual([]);
    const r = extractTasks(t, { year: 2025 });
    expect(r.candidates.map((c) => c.leadUnits)).toEqual([['县住建局'], ['县财政局']]);
  });
});

describe('what a supervision notice or minutes say that is no task', () => {
  const quotes = (text: string) => extractTasks(text, { year: 2025 }).candidates.map((c) => c.quote);
  it('skips the salutation, the byline, findings and approvals, and keeps the numbered demands', () => {
    const text = [
      '关于农贸市场改造进度的督查通报',
      '各乡镇人民政府，县直各单位：',
      '镇党委书记  王某某',
      '从督查情况看，12个农贸市场已开工9个，完成投资2.1亿元。',
      '个别市场进度滞后，主要原因是资金落实不到位。',
      '会议同意县商务局关于调整市场布局的建议。',
      '（一）县商务局要牵头对3个未开工市场逐一会商，限期10个工作日内报送方案。',
    ].join('\n');
    expect(quotes(text)).toEqual(['（一）县商务局要牵头对3个未开工市场逐一会商，限期10个工作日内报送方案。']);
  });
});
