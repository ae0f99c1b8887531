/** The ledger category of a directive, from keywords on its object (first matching rule wins). Pure. */
export const CATEGORIES = [
  '项目建设',
  '招商引资',
  '产业发展',
  '营商环境',
  '民生实事',
  '安全稳定',
  '生态环保',
  '乡村振兴',
  '金融',
  '科技创新',
  '城市建设',
  '党建学习',
  '经济运行',
  '其他',
] as const;
export type Category = (typeof CATEGORIES)[number];

/**
 * The category words, one table (tested in category.test.ts). A task is classified from all of its words: each
 * category scores the length of every word of its row found in the task (longer words weigh more), and the
 * highest wins; a tie goes to the row that comes first. A word that names the object (亩均, 腾笼换鸟) outweighs
 * a word of the setting (环境, 稳定).
 */
export const CATEGORY_WORDS: [Category, string[]][] = [
  [
    '安全稳定',
    [
      '安全生产',
      '消防',
      '防火',
      '森林防火',
      '防汛',
      '疫情',
      '盗采',
      '隐患',
      '信访',
      '维稳',
      '社会稳定',
      '应急',
      '事故',
      '防控',
      '燃气',
      '危化品',
      '道路交通安全',
      '矛盾纠纷',
      '平安',
      '治安',
      '扫黑',
    ],
  ],
  [
    '生态环保',
    [
      '环保',
      '生态环境',
      '生态',
      '污染',
      '空气质量',
      '水环境',
      '蓝天',
      '碧水',
      '净土',
      '节能',
      '减排',
      '治理任务',
      '河长',
      '污水',
      '垃圾',
      '人居环境',
      '督察',
    ],
  ],
  ['招商引资', ['招商', '签约', '招引', '客商', '引进企业', '落地']],
  [
    '乡村振兴',
    ['乡村', '脱贫', '返贫', '涉农', '农村', '村容', '惠农', '粮食', '耕地', '高标准农田', '村集体', '茶园', '农业'],
  ],
  [
    '民生实事',
    [
      '民生',
      '群众',
      '教育',
      '医疗',
      '养老',
      '就业',
      '住房',
      '学位',
      '床位',
      '幼儿园',
      '学校',
      '医共体',
      '社保',
      '托育',
      '食堂',
    ],
  ],
  ['城市建设', ['城镇', '城市', '老城区', '管线', '市政', '老旧小区', '停车', '背街小巷', '雨污分流', '路网', '棚改']],
  ['金融', ['金融', '融资', '信贷', '贷款', '基金', '上市', '银企']],
  ['科技创新', ['科技', '创新', '研发', '专利', '高新技术企业', '专精特新', '人才']],
  [
    '产业发展',
    [
      '产业',
      '技改',
      '技术改造',
      '企业',
      '链主',
      '制造',
      '亩均',
      '腾笼换鸟',
      '低效用地',
      '园区',
      '标准厂房',
      '电商',
      '规上',
    ],
  ],
  ['项目建设', ['项目', '开工', '竣工', '工程', '投资', '前期手续']],
  ['营商环境', ['营商', '政务服务', '审批', '放管服', '营商环境', '一件事', '涉企', '好差评']],
  ['党建学习', ['学习', '党课', '宣讲', '二十大', '党建', '作风', '理论', '党员']],
  ['经济运行', ['经济运行', 'GDP', '指标', '调度', '税源', '预算', '财政收入', '支出']],
];

export function categorise(text: string): Category {
  let best: Category = '其他';
  let bestScore = 0;
  for (const [c, words] of CATEGORY_WORDS) {
    let score = 0;
    for (const w of words) if (text.includes(w)) score += w.length;
    if (score > bestScore) {
      best = c;
      bestScore = score;
    }
  }
  return best;
}
