import { describe, expect, it } from 'vitest';
import { unitNameIndex } from '../unit-names';
import { documentYear } from './deadline';
import { extractTasks, makeTitle } from './extract';
import { closestUnit, findOwners, resolveUnit, splitCompound, unitStem } from './owners';

// Issue 15: what the extractor missed or proposed wrongly on speeches it had never seen. Every sentence here was
// written for these tests (none comes from a labelled or held-out document).
const quotes = (text: string, year = 2025) => extractTasks(text, { year }).candidates.map((c) => c.quote);
const found = (sentence: string) => quotes(sentence).some((q) => sentence.includes(q) && q.length >= 8);

describe('directives with no unit, date or figure that still assign work', () => {
  it.each([
    '要建立重点企业包联服务制度，对企业反映的问题实行首问负责、限时办结。',
    '要把全县闲置校舍摸排一遍，能改作养老服务设施的尽快改造。',
  ])('finds the 要-sentence that says what to do and how: %s', (s) => expect(found(s)).toBe(true));
});

describe('clauses that begin with the verb', () => {
  it.each([
    '健全农村生活垃圾收运处置长效机制。',
    '组织开展打击非法集资专项行动，对重点领域进行拉网式排查。',
    '加快推进城北片区雨污分流改造建设。',
    '围绕特色农产品精深加工，形成一批招商项目清单。',
    '深化“放管服”改革，推行企业开办全程网上办。',
  ])('finds %s', (s) => expect(found(s)).toBe(true));
});

describe('work addressed to bodies that are not on the unit list', () => {
  it('reads a park, a 专班 and a platform company as owners', () => {
    expect(findOwners('城东产业园要盘活闲置厂房，引进配套企业入驻').leadUnits).toEqual(['城东产业园']);
    expect(findOwners('文旅融合发展专班要梳理全县旅游资源，策划精品线路').leadUnits).toEqual(['文旅融合发展专班']);
    expect(findOwners('由县水投公司负责筹措建设资金').leadUnits).toEqual(['县水投公司']);
    expect(findOwners('县防汛抗旱指挥部要加密会商').leadUnits).toEqual(['县防汛抗旱指挥部']);
  });
  it('proposes them as new units when the list does not have them', () => {
    const r = extractTasks('县水投公司要抓紧完成水厂扩建工程前期手续。', { year: 2025, units: [] });
    expect(r.candidates[0]?.units).toEqual([{ written: '县水投公司', unit: null, proposed: true }]);
  });
});

describe('tasks in lists and over two sentences', () => {
  it('gives each item of 一是…二是… the owner named in the lead-in', () => {
    const r = extractTasks(
      '县商务局要重点抓好三件事：一是建立外贸企业联系制度；二是组织企业参加秋季广交会；三是培育跨境电商经营主体。',
      { year: 2025 },
    );
    expect(r.candidates.length).toBe(3);
    for (const c of r.candidates) expect(c.leadUnits).toEqual(['县商务局']);
  });
  it('a list with no owner in the lead-in gives none', () => {
    const r = extractTasks('今年要办好三件实事：一是新建社区食堂6个；二是改造农村公厕100座。', { year: 2025 });
    expect(r.candidates.length).toBe(2);
    for (const c of r.candidates) expect(c.leadUnits).toEqual([]);
  });
  it('a 责任单位 line after a decision is that decision’s owner, in one quote', () => {
    const text = '改造背街小巷12条，9月底前全部完工。\n责任单位：县城市管理局、城关镇。';
    const r = extractTasks(text, { year: 2025 });
    expect(r.candidates.length).toBe(1);
    expect(r.candidates[0]).toMatchObject({ leadUnits: ['县城市管理局', '城关镇'], deadlineNorm: '2025-09-30' });
    expect(r.candidates[0]!.quote).toContain('责任单位');
  });
});

describe('statements of aims, framing, assessment and the preamble are not proposed', () => {
  it.each([
    '今年是全面完成“十四五”规划目标任务的关键之年。',
    '深化国资国企改革的根本目的，是增强国有企业的活力和竞争力。',
    '我们必须清醒看到，我县经济发展还存在不少短板弱项。',
    '这次会议的主要任务是，总结去年工作，安排部署今年任务。',
    '会议认为，今年以来全县招商引资工作总体平稳。',
    '优化营商环境是一场没有终点的接力赛。',
    '各级各部门要以更加昂扬的精神状态，全力以赴抓好各项工作落实。',
    '有的单位对项目前期工作重视不够，手续办理拖沓。',
    '在全县农业农村工作会议上的讲话',
  ])('%s', (s) => expect(quotes(s)).toEqual([]));
  it('an aim with a request and a date is still a task', () => {
    expect(found('今年是项目攻坚之年，各乡镇要确保年内新开工项目不少于5个。')).toBe(true);
  });
});

describe('the document year', () => {
  it('comes from the date line, in Arabic or Chinese numerals, not from an earlier unrelated year', () => {
    expect(
      documentYear(
        '在全县林业工作会议上的讲话\n同志们：\n2013年以来，我县造林面积翻了一番。\n要抓好春季造林。\n2026年3月2日',
      ),
    ).toBe(2026);
    expect(documentYear('讲话\n（二〇二五年十一月二十日）\n2016年建成的老厂区要改造。')).toBe(2025);
  });
  it('comes from 今年是 or the plan’s heading, and is null when the text gives none', () => {
    expect(documentYear('讲话\n同志们：\n今年是2027年，也是……\n')).toBe(2027);
    expect(documentYear('政府工作报告\n各位代表：\n一、2025年工作回顾\n二、2026年主要工作\n')).toBe(2026);
    expect(documentYear('讲话\n同志们：\n2014年以来，全县连续十年未发生较大事故。')).toBeNull();
  });
  it('says where the year came from', () => {
    expect(extractTasks('要抓好春季造林，3月底前完成。', {}).yearSource).toBe('default');
    expect(extractTasks('要抓好春季造林，3月底前完成。', { year: 2024 }).yearSource).toBe('given');
    expect(extractTasks('2024年林业工作会议讲话\n要抓好春季造林，3月底前完成。').yearSource).toBe('document');
  });
});

describe('units as people write them', () => {
  const index = unitNameIndex([
    { name: '县招商服务中心', shortName: '招商服务中心', aliases: [] },
    { name: '县发展和改革局', shortName: '发改局', aliases: [] },
    { name: '县住房和城乡建设局', shortName: '住建局', aliases: [] },
    { name: '县交通运输局', shortName: '交通运输局', aliases: [] },
    { name: '城关镇人民政府', shortName: '城关镇', aliases: [] },
  ]);
  it('resolve by stem to the closest unit, marked for the user to confirm', () => {
    expect(unitStem('县发改委')).toBe('发改');
    expect(resolveUnit('县发改委', index)).toEqual({
      written: '县发改委',
      unit: '县发展和改革局',
      proposed: false,
      closest: true,
    });
    expect(resolveUnit('招商局', index).unit).toBe('县招商服务中心');
    expect(resolveUnit('县招商中心', index).unit).toBe('县招商服务中心');
    expect(resolveUnit('住建', index).unit).toBe('县住房和城乡建设局');
    expect(closestUnit('县文旅局', index)).toBeNull();
    expect(resolveUnit('县文旅局', index)).toEqual({ written: '县文旅局', unit: null, proposed: true });
  });
  it('住建、交通运输等部门 are two units, and 会同 them is no title', () => {
    expect(splitCompound('住建、交通运输等部门')).toEqual(['住建', '交通运输']);
    expect(findOwners('县发改委要会同住建、交通运输等部门，同步实施园区道路配套工程')).toEqual({
      leader: null,
      leadUnits: ['县发改委'],
      coUnits: ['住建', '交通运输'],
    });
    expect(makeTitle('县发改委要会同住建、交通运输等部门，同步实施园区道路配套工程')).toBe('同步实施园区道路配套工程');
    expect(makeTitle('县自然资源局要会同县发改委，对闲置土地开展全面清查')).toBe('对闲置土地开展全面清查');
    expect(makeTitle('会议要求，县财政局要加快资金拨付进度')).toBe('加快资金拨付进度');
  });
  it('a branch after its parent’s name stays whole in a 会同 list', () => {
    expect(findOwners('县发改局要会同县自然资源局、市生态环境局云溪分局等部门，梳理前期手续').coUnits).toEqual([
      '县自然资源局',
      '市生态环境局云溪分局',
    ]);
  });
});
