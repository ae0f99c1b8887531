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

const RULES: [Category, RegExp][] = [
  ['安全稳定', /安全生产|消防|防火|防汛|疫情|盗采|隐患|信访|稳定|应急|事故|防控/],
  ['生态环保', /环保|生态|污染|空气|水环境|蓝天|碧水|净土|节能|治理任务|矿.{0,4}治理/],
  ['招商引资', /招商|签约|招引|客商/],
  ['乡村振兴', /乡村|脱贫|返贫|涉农|农村|村容|惠农/],
  ['民生实事', /民生|群众|教育|医疗|养老|就业|住房|学位|床位/],
  ['城市建设', /城镇|城市|老城区|管线|市政|老旧小区/],
  ['金融', /金融|融资|信贷|贷款|基金|上市/],
  ['科技创新', /科技|创新|研发|专利|高新/],
  ['产业发展', /产业|技改|技术改造|企业|链主|制造/],
  ['项目建设', /项目|开工|竣工|工程/],
  ['营商环境', /营商|政务服务|审批|放管服|环境/],
  ['党建学习', /学习|党课|宣讲|二十大|党建|作风|理论/],
  ['经济运行', /经济运行|GDP|指标|调度|投资/],
];

export function categorise(text: string): Category {
  for (const [c, re] of RULES) if (re.test(text)) return c;
  return '其他';
}
