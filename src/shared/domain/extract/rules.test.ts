import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normaliseText } from './normalize';
import { splitSentences } from './segment';
import { documentYear, findDeadlines, pickDeadline } from './deadline';
import { findTargets } from './targets';
import { findLeader, findOwners, resolveUnit, splitCompound } from './owners';
import { categorise } from './category';
import { unitNameIndex } from '../unit-names';

describe('normaliseText', () => {
  it('drops the BOM, folds CRLF and full-width digits, keeps Chinese punctuation, maps back to raw offsets', () => {
    const raw = '\ufeff第一句，完成１２３个。\r\n第二句';
    const { text, map } = normaliseText(raw);
    expect(text).toBe('第一句，完成123个。\n第二句');
    for (let i = 0; i < text.length; i++)
      if (text[i] !== '\n') expect(text[i]).toBe(normaliseText(raw[map[i]]).text || raw[map[i]]);
    expect(map[text.length]).toBe(raw.length);
  });
  it('is idempotent and never longer than its input', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', '１', '％', '\ufeff', '\r', '\n', '　', '\u00a0', '要', '，', '。') }),
        (s) => {
          const once = normaliseText(s).text;
          expect(normaliseText(once).text).toBe(once);
          expect(once.length).toBeLessThanOrEqual(s.length);
        },
      ),
    );
  });
});

describe('splitSentences', () => {
  it('cuts at 。；! and at line ends, and tags headings, enumerations and numbered items', () => {
    const ss = splitSentences('一、抓项目\n一是建立台账。二要落实责任；1.按月通报。');
    expect(ss.map((s) => s.text)).toEqual(['一、抓项目', '一是建立台账。', '二要落实责任；', '1.按月通报。']);
    expect(ss.map((s) => s.marker)).toEqual(['heading', 'enum', 'enum', 'item']);
  });
  it('joins a line that a page-number artifact "N、" breaks in the middle of a sentence', () => {
    const text = '3、各镇要抓好县政\n4、府重点工作。';
    const ss = splitSentences(text);
    expect(ss).toHaveLength(1);
    expect(ss[0].text).toContain('\n4、府');
  });
  it('offsets always point at the sentence text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('要', '做', '。', '；', '\n', ' ', '，', '一', '是', '1', '、') }),
        (t) => {
          for (const s of splitSentences(t)) expect(t.slice(s.start, s.end)).toBe(s.text);
        },
      ),
    );
  });
});

describe('deadlines', () => {
  it('normalises periods against the document year', () => {
    const n = (s: string) => pickDeadline(s, 2024)?.norm;
    expect(n('确保上半年完成')).toBe('2024-06-30');
    expect(n('第三季度实现全部开工')).toBe('2024-09-30');
    expect(n('年底前建成')).toBe('2024-12-31');
    expect(n('年内完成')).toBe('2024-12-31');
    expect(n('2月底前印发方案')).toBe('2024-02-29');
    expect(n('十一月底前完成')).toBe('2024-11-30');
    expect(n('2025年6月15日前报送')).toBe('2025-06-15');
  });
  it('turns cadences into recurring deadlines and keeps vague ones as text', () => {
    expect(pickDeadline('每周调度一次', 2024)).toEqual({ text: '每周', norm: 'recurring:weekly' });
    expect(pickDeadline('每个月通报进度', 2024)?.norm).toBe('recurring:monthly');
    expect(pickDeadline('每季度组织开工', 2024)?.norm).toBe('recurring:quarterly');
    expect(pickDeadline('常态化开展巡查', 2024)).toEqual({ text: '常态化', norm: null });
    expect(pickDeadline('确保尽快整改到位', 2024)).toEqual({ text: '尽快', norm: null });
  });
  it("reads 按期/如期 on the year's task as the end of the year, and ignores pace words", () => {
    expect(pickDeadline('确保按期完成年度建设任务', 2024)).toEqual({ text: '按期', norm: '2024-12-31' });
    expect(pickDeadline('抓好年度任务落实', 2024)).toEqual({ text: '年度', norm: '2024-12-31' });
    expect(pickDeadline('要及时加快抓紧推进', 2024)).toBeNull();
    expect(pickDeadline('年度计划任务较重的项目', 2024)).toBeNull();
  });
  it('finds mentions whose offsets point at their text', () => {
    const t = '请张三同志牵头，每季度调度，确保上半年开工、第三季度竣工';
    for (const d of findDeadlines(t, 2024)) expect(t.slice(d.start, d.end)).toBe(d.text);
    expect(findDeadlines(t, 2024).map((d) => d.text)).toEqual(['每季度', '上半年', '第三季度']);
  });
  it('takes the year from the title, else an update stamp', () => {
    expect(documentYear('在2024年全县经济工作会议上的讲话\n同志们')).toBe(2024);
    expect(documentYear('讲话\n更新时间:2021-05 来源')).toBe(2021);
    expect(documentYear('没有年份')).toBeNull();
  });
});

describe('targets', () => {
  it('finds percentages, counts with measure words and completion standards as verbatim spans', () => {
    const t = '确保上半年签约率达到90%以上，新建5个产业园，实现全部投产，不发生安全事故';
    const found = findTargets(t);
    expect(found.map((x) => x.text)).toEqual(['签约率达到90%以上', '新建5个产业园', '实现全部投产', '不发生安全事故']);
    for (const x of found) expect(t.slice(x.start, x.end)).toBe(x.text);
  });
  it('trims the subject and the time word in front of the standard', () => {
    expect(findTargets('县政务服务中心要在年内实现全覆盖').map((x) => x.text)).toEqual(['实现全覆盖']);
  });
  it('ignores slogans with Chinese numerals, past figures and plain actions', () => {
    expect(findTargets('落实“三个一”要求')).toEqual([]);
    expect(findTargets('去年完成投资30亿元')).toEqual([]);
    expect(findTargets('排出方案表、列出任务单')).toEqual([]);
  });
});

describe('owners', () => {
  it('reads the named leader and the unit that does the work', () => {
    expect(findLeader('请张三同志牵头，财政局具体负责')).toBe('张三');
    expect(findOwners('请张三同志牵头，财政局具体负责，每月调度')).toEqual({
      leader: '张三',
      leadUnits: ['财政局'],
      coUnits: [],
    });
  });
  it('请X同志会同Y: Y leads; 会同 with no leader and 配合 give co-units', () => {
    expect(findOwners('请李四同志会同县水利局，抓好整改').leadUnits).toEqual(['县水利局']);
    expect(findOwners('县交通局会同县公安局开展整治').coUnits).toEqual(['县公安局']);
    const o = findOwners('县教育局要抓紧推进，相关学校的主管单位要积极支持配合');
    expect(o.leadUnits).toEqual(['县教育局']);
    expect(o.coUnits).toEqual(['相关学校的主管单位']);
    expect(findOwners('村级巡查队要发挥作用、部门要联合执法')).toEqual({
      leader: null,
      leadUnits: ['村级巡查队'],
      coUnits: ['部门'],
    });
  });
  it('reads 由…牵头 … 配合, 协同, and the labelled fields of task-breakdown tables', () => {
    expect(findOwners('由县财政局牵头，县审计局、县税务局配合，年底前完成清查')).toEqual({
      leader: null,
      leadUnits: ['县财政局'],
      coUnits: ['县审计局', '县税务局'],
    });
    expect(findOwners('县卫健局牵头抓总，县医保局协同推进').coUnits).toEqual(['县医保局']);
    expect(findOwners('责任领导：赵六 牵头单位：县发改局；配合单位：县财政局、县自然资源局')).toEqual({
      leader: '赵六',
      leadUnits: ['县发改局'],
      coUnits: ['县财政局', '县自然资源局'],
    });
  });
  it('splits compound subjects but not 各级各部门, and leaves roles out', () => {
    expect(splitCompound('各镇各部门')).toEqual(['各镇', '各部门']);
    expect(splitCompound('各街道、各单位')).toEqual(['各街道', '各单位']);
    expect(splitCompound('各级各部门')).toEqual(['各级各部门']);
    expect(findOwners('各位分管领导和各级各部门要抓好落实').leadUnits).toEqual(['各级各部门']);
    expect(findOwners('大家要提高认识').leadUnits).toEqual([]);
  });
  it('resolves through aliases; unknown specific units are proposed, generic ones are neither', () => {
    const index = unitNameIndex([{ name: '县发展和改革局', shortName: '发改局', aliases: ['县发改局'] }]);
    expect(resolveUnit('发改局', index)).toEqual({ written: '发改局', unit: '县发展和改革局', proposed: false });
    expect(resolveUnit('县发改局', index).unit).toBe('县发展和改革局');
    expect(resolveUnit('县文旅局', index)).toEqual({ written: '县文旅局', unit: null, proposed: true });
    expect(resolveUnit('相关部门', index)).toEqual({ written: '相关部门', unit: null, proposed: false });
  });
});

describe('categorise', () => {
  it('follows the object of the task', () => {
    expect(categorise('严厉打击非法采砂')).toBe('其他');
    expect(categorise('排查整治安全隐患')).toBe('安全稳定');
    expect(categorise('制定招商方案')).toBe('招商引资');
    expect(categorise('完成农村危房改造')).toBe('乡村振兴');
  });
});
