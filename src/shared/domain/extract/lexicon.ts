/**
 * The extractor's word lists, in one place: what makes a sentence read as an assignment (verbs, objects,
 * deliverables), what makes it read as something else (past results, the meeting's framing, rhetoric, the
 * national situation, exhortation), and the category table. Pure data; `extract.ts` and `category.ts` build
 * their patterns from it, and the leave-one-document-out evaluation (scripts/eval-extract.lib.ts) drops from
 * it the words that only the scored document contains. A caller may pass its own (ExtractOptions.lexicon).
 */
export interface Lexicon {
  /** action words: each distinct one found raises the directive score (at most 3) */
  actions: string[];
  /** named deliverables a supervision office can check (a document, a mechanism, a list, a team) */
  deliverables: string[];
  /** concrete objects of work */
  concrete: string[];
  /** exhortation with nothing checkable (attitude, awareness, standing) */
  abstract: string[];
  /** markers of past results */
  past: string[];
  /** the meeting's own framing (its preamble, the speaker's turns) */
  frame: string[];
  /** rhetoric openers: an example or an argument, not an instruction */
  rhetoric: string[];
  /** openers of the situation outside the county, told without a request */
  context: string[];
  /** statements of aims, assessments and framing (what kind of year this is, what a reform is for) */
  aims: string[];
  /** verbs a clause opens with when it carries the instruction without 要 or 确保 (健全…机制, 组织开展…行动) */
  leadVerbs: string[];
  /** the state of work as found (a supervision notice's findings): a report, not a request, unless one is made */
  findings: string[];
  /** the minutes' approvals (会议同意…的建议): a decision taken, not work assigned, unless work is asked for */
  approvals: string[];
}

// biome-ignore format: word lists read best packed
export const LEXICON: Lexicon = {
  actions: [
    '要', '务必', '必须', '确保', '力争', '抓紧', '加快', '推进', '实施', '建立', '组建', '出台', '开展', '制定',
    '完成', '落实', '做好', '抓好', '加强', '强化', '开通', '启动', '构建', '打破', '拓宽', '继续', '整改', '排查',
    '打击', '组织', '推行', '明确', '坚持', '开工建设', '建成', '新建', '改造', '新增', '提升', '投用', '办好', '健全',
    '完善', '编制', '形成', '梳理', '谋划', '深化', '培育', '清查', '整治', '印发', '引进', '督促', '压实', '规范',
    '严格', '争取', '增加',
  ],
  deliverables: [
    '方案', '意见', '办法', '机制', '专班', '库', '清单', '台账', '制度', '计划', '体系', '政策', '规划', '标准',
    '预案', '专项行动',
  ],
  concrete: [
    '项目', '方案', '机制', '专班', '库', '清单', '台账', '政策', '工程', '检查', '整治', '排查', '宣讲', '培训',
    '防火', '防控', '执法', '整改', '签约', '开工', '竣工', '招商', '监测', '实事', '许可', '审批', '手续', '资金',
    '网站', '规划', '改造', '隐患', '治理任务', '任务落实', '行动', '活动', '平台', '园区', '设施', '巡查', '对接', '调度',
    '通报', '督查', '评估', '普查', '核查', '清查', '验收',
  ],
  abstract: [
    '政治', '定力', '意识', '紧迫感', '危机感', '责任感', '思维', '劲头', '作风', '理念', '逻辑', '方法', '担当', '本领',
    '能力', '精气神', '决心', '信心', '站位', '韧劲', '领悟力', '判断力', '精神状态',
  ],
  past: [
    '去年', '过去', '以来', '取得了', '已经', '成效明显', '同比', '增长了', '比上年', '荣获', '获得了', '回顾', '进行了', '印发了',
    '开展了', '召开了', '作了', '还印发',
  ],
  frame: [
    '同志们', '讲几点', '下面,我', '下面，我', '下面我', '我完全同意', '今天的会议', '今天,我们', '今天，我们', '今天我们', '会议开', '讲的很', '再次强调', '最后,我',
    '最后，我', '谢谢', '我都同意', '我完全赞同', '我讲', '现将', '纪要如下', '向大会报告', '请予审议', '作了发言', '作了汇报', '作了表态发言', '听取了', '会议认为',
    '会议指出', '会议听取', '会议传达', '主要任务是', '刚才', '今天召开', '召开这次会议', '出席', '列席', '以下几个方面',
    '以下五个方面', '以下六个方面', '以下几项', '通报如下',
  ],
  rhetoric: [
    '所以', '因此', '比如', '例如', '就拿', '这些年', '在这种情况下', '刚刚', '前期', '目的就是',
  ],
  context: [
    '当前', '目前', '近年来', '近几年', '上级', '国家', '省上', '市上', '从全国', '从全省',
  ],
  aims: [
    '是发展的底线', '之年', '主阵地', '生命线', '重要窗口', '重要抓手', '根本目的', '主要目标是', '预期目标是', '总体要求是', '总体思路是', '清醒看到', '清醒认识', '不容乐观',
    '任重道远', '责任重大', '意义重大', '取得积极进展', '依然突出', '仍然突出', '短板弱项', '的结果', '必由之路', '题中应有之义', '没有终点', '有的同志', '有的干部', '有的单位',
    '有的部门', '有的地方', '有的企业',
  ],
  leadVerbs: [
    '健全', '建立', '建设', '完善', '组织开展', '组织', '开展', '加快推进', '加快', '推进', '推动', '实施', '深化', '推行',
    '全面推行', '制定', '出台', '编制', '组建', '围绕', '新建', '改扩建', '改造', '新增', '新开工', '培育', '谋划', '梳理',
    '启动', '打造', '创建', '落实', '强化', '加强', '抓好', '做好', '严格', '整治', '排查', '清查', '规范', '引进',
    '发展壮大', '建成', '完成', '常态化开展', '督促', '压实', '聚焦', '扎实推进', '稳步推进', '大力', '着力', '全面', '持续', '推广',
    '开通', '设立', '成立', '举办', '召开', '印发', '修订', '实行', '探索', '争取', '新改扩建', '增加', '防范化解',
    '稳定在', '保持在', '压缩',
  ],
  findings: [
    '已开工', '已完成', '已建成', '至今未', '仅完成', '主要原因', '进度滞后', '推进较快', '进度偏慢', '达到序时', '督查发现',
    '从督查情况看', '目前还有', '措施有力', '完成率不足', '存在问题',
  ],
  approvals: ['会议同意', '会议原则同意', '会议审议', '原则通过', '会议通过', '会议研究了'],
};

/** A pattern that matches any of the words (longest first, escaped). */
export function anyOf(words: string[], flags = ''): RegExp {
  const esc = [...new Set(words)]
    .filter(Boolean)
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(esc.length ? esc.join('|') : '(?!)', flags);
}
