import fs from 'node:fs';
import path from 'node:path';
import type { Cadence } from '../../shared/supervision';
import type { TaskCreate } from '../../shared/tasks';

/**
 * The demo county's own directives: what the county leaders asked for in the speeches and the work report under
 * `texts/` (written for 云溪县, the project's own), each with its lead unit, leader, standard, deadline and 奖惩, as
 * the supervision office would have entered them in the ledger. Plus a few leaders' written instructions (批示) of
 * the last days, which the units have not yet signed for when the demo opens. The ledger simulation plays them.
 */

/** The demo's year: the speeches, the work report and the simulated ledger and project library are of it. */
export const DEMO_YEAR = 2026;

export const TEXTS_DIR = path.join(import.meta.dirname, 'texts');

export interface DemoSource {
  file: string;
  title: string;
  sourceType: NonNullable<TaskCreate['sourceType']>;
  /** The day it was given, in the demo year (MM-DD); its directives are issued in the days after. */
  date: string;
}

/** The texts whose directives are in the ledger (issued during the year). */
export const LEDGER_SOURCES = {
  economy: { file: '2026-01-08-经济工作会议.txt', title: '县长李明哲在全县经济工作会议上的讲话', sourceType: 'meeting', date: '01-08' },
  report: { file: '2026-01-14-政府工作报告.txt', title: '云溪县2026年政府工作报告', sourceType: 'work_report', date: '01-14' },
  projects: { file: '2026-02-26-项目建设推进会.txt', title: '县委书记王建国在全县重点项目建设推进会上的讲话', sourceType: 'meeting', date: '02-26' },
} as const satisfies Record<string, DemoSource>;

/** The speeches of the last days, uploaded by the office and waiting for review on 讲话任务分解 (not yet issued). */
export const PENDING_SPEECHES = ['四季度攻坚-县委常委会扩大会议.txt', '冬季安全生产暨森林防火工作会议.txt'];

export const readText = (file: string) => fs.readFileSync(path.join(TEXTS_DIR, file), 'utf8');

export type DemoFate = 'overdue' | 'lagging' | 'returned' | 'extension';

export interface DemoDirective {
  source: keyof typeof LEDGER_SOURCES | 'instruction';
  /** The sentence of the text (for an instruction: the 批示 itself). */
  quote: string;
  title: string;
  /** Unit codes of county.ts. */
  lead: string;
  co?: string[];
  /** The county leader named to lead it (username). */
  leader?: string;
  standard: string;
  /** MM-DD in the demo year; an instruction: days after it was given. */
  deadline: string | number;
  cadence: Cadence;
  category: string;
  level: TaskCreate['level'];
  accountability: string;
  /** 一级抓一级: the lead unit breaks it down to townships once accepted. */
  townships?: boolean;
  /** What the unit reports done, in order, as the work goes on. */
  steps: string[];
  /** What holds it up, when it falls behind. */
  risk: string;
  /** The unit it was first given to, which returned it (not its work) before the office gave it to `lead`. */
  firstLead?: string;
  returnReason?: string;
  /** The year's story when it differs from "done on time" (past deadline) or "on track" (still open). */
  fate?: DemoFate;
  /** An instruction: days before `today` it was given. */
  daysAgo?: number;
}

const STD_PENALTY = '按期完成的纳入年度目标考核加分；进度滞后的由督查室下发督办单，逾期未完成的予以通报批评';
const MAJOR_PENALTY = '纳入县委县政府年度目标考核，按期完成的通报表扬；推进不力的约谈单位主要负责同志，造成严重后果的依规依纪问责';
const SAFETY_PENALTY = '实行“一票否决”：发生较大以上生产安全事故的单位年度考核不得评为优秀，并依法依规追究责任';

export const DEMO_DIRECTIVES: DemoDirective[] = [
  // ---- 经济工作会议 (1月8日) ----
  {
    source: 'economy', lead: 'fgj', co: ['czj'], cadence: 'monthly', category: '经济运行', level: 'key', deadline: '12-31',
    quote: '县发改局要牵头建立全县主要经济指标月度调度机制，每月10日前召开经济运行分析会，对地区生产总值、固定资产投资、规上工业增加值等指标逐项对标、逐月分析，对排名下滑的指标要拿出具体措施。',
    title: '建立主要经济指标月度调度机制',
    standard: '1月底前印发月度调度工作方案；每月10日前召开经济运行分析会并形成分析报告报县政府；对全市排名下滑的指标逐项提出措施、明确责任单位',
    accountability: STD_PENALTY,
    steps: ['印发主要经济指标月度调度工作方案', '召开月度经济运行分析会，形成分析报告', '对固定资产投资等排名下滑指标提出专项措施', '完成全年经济运行分析汇编'],
    risk: '部分部门月度数据报送不及时，分析会时间被迫推后',
  },
  {
    source: 'economy', lead: 'jfj', cadence: 'quarterly', category: '产业发展', level: 'key', deadline: '12-31',
    quote: '县经发局要落实规上工业企业包联服务制度，县级领导包联重点企业，每季度至少走访一次，帮助企业解决用工、用电、融资等实际困难。',
    title: '落实规上工业企业包联服务制度',
    standard: '2月底前印发县级领导包联重点企业名单；每家包联企业每季度至少走访一次并留有记录；企业反映的用工、用电、融资问题建立台账，办结率达到90%以上',
    accountability: STD_PENALTY,
    steps: ['印发县级领导包联重点企业名单', '完成一季度包联走访，收集企业诉求', '企业诉求建立台账并分办到相关部门', '诉求办结率达到90%'],
    risk: '部分企业用电增容诉求需供电公司配合，办结周期较长',
  },
  {
    source: 'economy', lead: 'jfj', co: ['kfq'], cadence: 'monthly', category: '产业发展', level: 'key', deadline: '12-31', fate: 'lagging',
    quote: '要加大小升规培育力度，全年新增规上工业企业15家以上，6月底前完成首批培育库入库企业摸底。',
    title: '全年新增规上工业企业15家以上',
    standard: '6月底前完成培育库入库企业摸底，入库企业不少于30家；全年新增规上工业企业15家以上',
    accountability: STD_PENALTY,
    steps: ['完成小升规培育库入库企业摸底', '对入库企业逐一制定培育措施', '新增规上工业企业6家', '新增规上工业企业11家'],
    risk: '受订单不足影响，部分培育企业主营业务收入难以达到2000万元入规标准',
  },
  {
    source: 'economy', lead: 'czj', cadence: 'monthly', category: '财政', level: 'key', deadline: '12-31',
    quote: '县财政局要加强税源监控，做到应收尽收，全年一般公共预算收入完成8.8亿元；',
    title: '全年一般公共预算收入完成8.8亿元',
    standard: '按月监测重点税源，收入进度不低于序时进度；全年一般公共预算收入完成8.8亿元',
    accountability: STD_PENALTY,
    steps: ['建立重点税源企业月度监测台账', '一季度收入完成全年的24%', '上半年收入完成全年的52%', '前三季度收入完成全年的77%'],
    risk: '房地产相关税收同比下降，非税收入增长难以弥补',
  },
  {
    source: 'economy', lead: 'czj', cadence: 'quarterly', category: '财政', level: 'general', deadline: '12-31',
    quote: '要从严压减一般性支出，“三公”经费在上年基础上再压减5%，',
    title: '“三公”经费在上年基础上再压减5%',
    standard: '年初预算中“三公”经费较上年压减5%以上；每季度通报各单位“三公”经费支出情况',
    accountability: '超支单位在全县财经纪律通报中点名，并相应扣减下年度公用经费',
    steps: ['年初预算按压减5%编制下达', '通报一季度各单位“三公”经费支出', '通报上半年支出情况，对超序时单位提醒', '通报前三季度支出情况'],
    risk: '个别单位公务接待支出超序时进度',
  },
  {
    source: 'economy', lead: 'jrb', cadence: 'quarterly', category: '金融', level: 'key', deadline: '12-31',
    quote: '县金融办要组织开展“政银企”对接活动，每季度至少举办一场，全年新增各项贷款20亿元以上；',
    title: '每季度举办“政银企”对接活动，全年新增贷款20亿元',
    standard: '每季度至少举办一场“政银企”对接活动；全年新增各项贷款20亿元以上',
    accountability: STD_PENALTY,
    steps: ['举办一季度“政银企”对接会，签约授信4.2亿元', '举办二季度对接会，新增贷款累计9.6亿元', '举办三季度对接会，新增贷款累计14.8亿元', '新增贷款累计18.5亿元'],
    risk: '企业有效融资需求不足，银行放款审批周期偏长',
  },
  {
    source: 'economy', lead: 'jrb', co: ['czj'], cadence: 'monthly', category: '金融', level: 'general', deadline: '09-30',
    quote: '要推动县融资担保公司扩大担保规模，对小微企业和“三农”主体的担保费率降至1%以下。',
    title: '小微企业和“三农”主体担保费率降至1%以下',
    standard: '县融资担保公司在保余额较上年增长20%以上；对小微企业和“三农”主体的担保费率降至1%以下并公开执行',
    accountability: STD_PENALTY,
    steps: ['县政府常务会议研究确定降费方案', '担保公司调整收费标准并对外公示', '在保余额较上年增长12%', '在保余额较上年增长21%'],
    risk: '担保公司资本金补充资金尚未拨付',
  },
  {
    source: 'economy', lead: 'zsfw', cadence: 'once', category: '招商引资', level: 'key', deadline: '03-31',
    quote: '县招商服务中心要围绕新材料、装备制造、绿色食品三个主导产业，编制产业链招商图谱，一季度完成；',
    title: '编制三个主导产业的产业链招商图谱',
    standard: '一季度完成新材料、装备制造、绿色食品三条产业链招商图谱，列出目标企业清单不少于100家，报县政府审定后印发',
    accountability: STD_PENALTY,
    steps: ['完成三条产业链现状梳理', '形成招商图谱初稿并征求意见', '图谱和目标企业清单报县政府审定'],
    risk: '目标企业信息收集不全',
  },
  {
    source: 'economy', lead: 'zsfw', co: ['kfq', 'jfj'], leader: 'zhaozhiqiang', cadence: 'monthly', category: '招商引资', level: 'major', deadline: '12-31', fate: 'lagging',
    quote: '全年引进亿元以上项目20个以上，其中10亿元以上项目2个以上，实际利用外资完成3900万美元。',
    title: '引进亿元以上项目20个、实际利用外资3900万美元',
    standard: '全年新引进亿元以上项目20个以上（其中10亿元以上项目2个以上），以签订正式合同为准；实际利用外资完成3900万美元',
    accountability: MAJOR_PENALTY,
    steps: ['签约亿元以上项目4个', '签约亿元以上项目9个，其中10亿元以上1个', '签约亿元以上项目13个，实际利用外资1100万美元', '签约亿元以上项目16个，实际利用外资1600万美元'],
    risk: '在谈外资项目受汇率和母公司投资计划调整影响，资金到位推迟',
  },
  {
    source: 'economy', lead: 'zsfw', cadence: 'monthly', category: '招商引资', level: 'general', deadline: '12-31', townships: true,
    quote: '各乡镇、开发区要落实招商引资“一把手”责任，每月至少外出招商一次。',
    title: '各乡镇落实招商引资“一把手”责任',
    standard: '各乡镇、开发区主要负责同志每月至少带队外出招商一次，次月5日前报送招商活动记录和在谈项目清单',
    accountability: STD_PENALTY,
    steps: ['各乡镇报送全年外出招商计划', '一季度外出招商活动记录汇总', '上半年外出招商活动记录汇总，形成在谈项目清单', '前三季度招商活动记录汇总'],
    risk: '部分乡镇主要负责同志外出招商次数不足，在谈项目质量不高',
  },
  {
    source: 'economy', lead: 'kjj', cadence: 'quarterly', category: '科技创新', level: 'key', deadline: '12-31',
    quote: '县科技局要加大高新技术企业培育力度，全年新认定高新技术企业8家以上，研发经费投入强度提高0.2个百分点；',
    title: '全年新认定高新技术企业8家以上',
    standard: '全年新认定高新技术企业8家以上；规上工业企业研发活动覆盖率达到50%；研发经费投入强度提高0.2个百分点',
    accountability: STD_PENALTY,
    steps: ['确定高新技术企业培育名单15家', '指导10家企业完成申报材料', '8家企业通过省级评审公示', '完成研发费用加计扣除政策宣讲'],
    risk: '部分企业知识产权数量不足，申报条件不达标',
  },
  {
    source: 'economy', lead: 'kjj', co: ['kfq'], cadence: 'monthly', category: '科技创新', level: 'general', deadline: '10-31', fate: 'overdue',
    quote: '10月底前建成县科技成果转化服务中心。',
    title: '建成县科技成果转化服务中心',
    standard: '10月底前完成场地装修和设备配置，引进技术转移机构不少于2家，挂牌运行',
    accountability: STD_PENALTY,
    steps: ['确定中心选址（开发区创新大厦三层）', '完成装修设计和预算评审', '完成装修施工招标', '装修工程完成70%'],
    risk: '装修工程招标两次流标，工期推后',
  },
  // ---- 政府工作报告 (1月14日) ----
  {
    source: 'report', lead: 'zjj', co: ['sthj'], cadence: 'monthly', category: '项目建设', level: 'key', deadline: '09-30', fate: 'extension',
    quote: '加快县城污水处理厂提标改造工程建设，9月底前出水水质达到一级A标准。',
    title: '县城污水处理厂提标改造，出水达到一级A标准',
    standard: '9月底前完成提标改造工程并通水试运行，连续30天出水水质稳定达到一级A标准，取得环保验收意见',
    accountability: STD_PENALTY,
    steps: ['完成深度处理单元土建施工', '完成设备安装', '进入调试运行', '连续出水达到一级A标准'],
    risk: '设备到货推迟一个月，调试运行时间不足',
  },
  {
    source: 'report', lead: 'jtysj', co: ['hxz', 'qsz'], leader: 'gongying', cadence: 'monthly', category: '项目建设', level: 'major', deadline: '12-31', fate: 'lagging',
    quote: '推进S312线云溪段改建工程，年底前完成路基工程。',
    title: 'S312线云溪段改建工程年底前完成路基工程',
    standard: '年底前完成全线18.6公里路基工程，完成桥涵下部结构施工，年度完成投资3.2亿元',
    accountability: MAJOR_PENALTY,
    steps: ['完成施工图审查和施工招标', '完成K0-K6段路基土方', '完成K6-K12段路基，桥涵开工', '完成路基工程总量的70%'],
    risk: '河西镇段3户房屋征迁未完成，K13段路基无法进场施工',
  },
  {
    source: 'report', lead: 'fgj', co: ['czj'], cadence: 'quarterly', category: '项目建设', level: 'key', deadline: '12-31',
    quote: '加强项目储备，全年谋划储备项目不少于50个，争取地方政府专项债券资金8亿元以上。',
    title: '谋划储备项目50个，争取专项债券资金8亿元',
    standard: '全年谋划储备项目不少于50个并完成入库；争取地方政府专项债券资金8亿元以上',
    accountability: STD_PENALTY,
    steps: ['谋划储备项目22个', '第一批专项债券项目获批3.1亿元', '谋划储备项目41个，专项债券累计获批5.6亿元', '专项债券累计获批7.2亿元'],
    risk: '部分储备项目前期深度不够，未通过专项债券项目审核',
  },
  {
    source: 'report', lead: 'kfq', co: ['zrzyj', 'zjj'], leader: 'zhaozhiqiang', cadence: 'monthly', category: '产业发展', level: 'major', deadline: '12-31',
    quote: '推动云溪经济开发区扩区调位，建成标准化厂房20万平方米，6月底前完成开发区污水管网配套。',
    title: '开发区建成标准化厂房20万平方米',
    standard: '6月底前完成开发区污水管网配套；年底前建成标准化厂房20万平方米并通过竣工验收；扩区调位方案报省政府',
    accountability: MAJOR_PENALTY,
    steps: ['扩区调位方案通过市级初审', '开发区污水管网配套完成', '标准化厂房主体完工12万平方米', '标准化厂房完成竣工验收16万平方米'],
    risk: '二期厂房地块土方平整受雨季影响',
  },
  {
    source: 'report', lead: 'jfj', cadence: 'quarterly', category: '产业发展', level: 'general', deadline: '12-31',
    quote: '实施工业企业技术改造项目30个以上，',
    title: '实施工业企业技术改造项目30个以上',
    standard: '全年实施技术改造项目30个以上，完成技改投资12亿元；争取省级技改专项资金不少于5个项目',
    accountability: STD_PENALTY,
    steps: ['建立年度技改项目库，入库项目34个', '开工技改项目15个', '开工技改项目26个，争取省级资金4个项目', '开工技改项目31个'],
    risk: '部分企业技改投资意愿下降，项目推迟实施',
  },
  {
    source: 'report', lead: 'nyncj', cadence: 'quarterly', category: '乡村振兴', level: 'general', deadline: '11-30',
    quote: '新增省级农业产业化龙头企业3家。',
    title: '新增省级农业产业化龙头企业3家',
    standard: '推荐申报省级农业产业化龙头企业不少于5家，新认定3家以上',
    accountability: STD_PENALTY,
    steps: ['确定申报培育企业6家', '5家企业完成申报材料报市级初审', '3家企业通过省级评审'],
    risk: '企业规模指标接近申报门槛，需补充财务审计材料',
  },
  {
    source: 'report', lead: 'zfb', cadence: 'monthly', category: '营商环境', level: 'key', deadline: '06-30',
    quote: '政务服务事项“一网通办”率达到95%以上，企业开办时间压缩至1个工作日以内。',
    title: '“一网通办”率达到95%、企业开办1个工作日内办结',
    standard: '政务服务事项“一网通办”率达到95%以上；企业开办全流程1个工作日内办结，以政务服务平台统计数据为准',
    accountability: STD_PENALTY,
    steps: ['梳理政务服务事项清单，网办率达到82%', '企业开办实现“一窗受理、一日办结”', '网办率达到91%', '网办率达到95.6%'],
    risk: '部分垂管系统事项尚未与省政务服务平台对接',
  },
  {
    source: 'report', lead: 'czj', co: ['jfj'], leader: 'zhaozhiqiang', cadence: 'monthly', category: '营商环境', level: 'major', deadline: '12-31', fate: 'lagging',
    quote: '开展拖欠企业账款专项清理，6月底前完成对全县拖欠民营企业账款的排查，年底前清偿率达到90%以上。',
    title: '清理拖欠民营企业账款，年底清偿率达到90%',
    standard: '6月底前完成对全县拖欠民营企业账款的排查并建立台账；年底前清偿率达到90%以上，无分歧欠款全部清偿',
    accountability: MAJOR_PENALTY,
    steps: ['完成拖欠账款排查，建立台账', '清偿率达到35%', '清偿率达到52%', '清偿率达到68%'],
    risk: '部分欠款涉及已完工未决算项目，资金来源未落实',
  },
  {
    source: 'report', lead: 'zfb', cadence: 'quarterly', category: '营商环境', level: 'general', deadline: '12-31',
    quote: '落实涉企检查备案制度，全年涉企行政检查次数较上年减少30%。',
    title: '涉企行政检查次数较上年减少30%',
    standard: '涉企行政检查一律事前备案；全年涉企行政检查次数较上年减少30%以上，按季度通报',
    accountability: STD_PENALTY,
    steps: ['印发涉企检查备案制度', '通报一季度涉企检查情况，同比减少24%', '通报上半年情况，同比减少31%', '通报前三季度情况，同比减少33%'],
    risk: '个别执法部门未按要求事前备案',
  },
  {
    source: 'report', lead: 'nyncj', leader: 'liuyang', cadence: 'monthly', category: '乡村振兴', level: 'major', deadline: '11-30', townships: true,
    quote: '新建高标准农田3.5万亩，粮食播种面积稳定在62万亩以上。',
    title: '新建高标准农田3.5万亩',
    standard: '新建高标准农田3.5万亩，11月底前完成竣工验收；粮食播种面积稳定在62万亩以上',
    accountability: MAJOR_PENALTY,
    steps: ['完成项目初步设计批复', '完成施工招标，各标段进场', '完成建设任务的60%', '完成建设任务的90%，开展初验'],
    risk: '部分地块群众对机耕路走向有异议，施工受阻',
  },
  {
    source: 'report', lead: 'nyncj', cadence: 'monthly', category: '乡村振兴', level: 'key', deadline: '12-31', townships: true,
    quote: '巩固拓展脱贫攻坚成果，防止返贫动态监测帮扶做到应纳尽纳、应帮尽帮。',
    title: '防止返贫动态监测帮扶应纳尽纳、应帮尽帮',
    standard: '每月开展一次防返贫集中排查；监测对象识别认定不超过15天，帮扶措施落实率100%；全年不发生规模性返贫',
    accountability: '出现应纳未纳、规模性返贫的，对所在乡镇党政主要负责同志约谈问责',
    steps: ['完成一季度集中排查，新纳入监测对象12户', '监测对象帮扶措施落实率100%', '完成上半年集中排查，消除风险户9户', '完成前三季度排查，消除风险户20户'],
    risk: '个别乡镇监测对象识别认定超过15天',
  },
  {
    source: 'report', lead: 'sthj', co: ['nyncj'], cadence: 'monthly', category: '生态环保', level: 'key', deadline: '11-30', fate: 'overdue',
    quote: '完成30个村的农村生活污水治理，农村卫生厕所普及率达到90%以上。',
    title: '完成30个村的农村生活污水治理',
    standard: '11月底前完成30个村的农村生活污水治理设施建设并运行，出水达标；农村卫生厕所普及率达到90%以上',
    accountability: STD_PENALTY,
    steps: ['确定30个治理村名单和治理模式', '完成设计和施工招标', '完成12个村的管网和终端建设', '完成21个村的设施建设'],
    risk: '中央水污染防治资金下达晚，9个村的终端设施尚未开工',
  },
  {
    source: 'report', lead: 'nyncj', cadence: 'quarterly', category: '乡村振兴', level: 'general', deadline: '12-31', townships: true,
    quote: '发展村级集体经济，年底前集体经济年收入10万元以上的村占比达到60%。',
    title: '集体经济年收入10万元以上的村占比达到60%',
    standard: '年底前集体经济年收入10万元以上的村占比达到60%，以农经统计年报为准；消除集体经济年收入5万元以下的村',
    accountability: STD_PENALTY,
    steps: ['摸清全县村集体经济收入底数', '各乡镇制定一村一策发展方案', '年收入10万元以上的村占比达到48%', '占比达到56%'],
    risk: '部分村集体经营项目收益未到账',
  },
  {
    source: 'report', lead: 'wjj', co: ['zjj', 'fgj'], leader: 'chenhui', cadence: 'monthly', category: '民生实事', level: 'major', deadline: '12-31',
    quote: '开工建设县人民医院门诊综合楼，年内主体封顶；',
    title: '县人民医院门诊综合楼年内主体封顶',
    standard: '一季度取得施工许可并开工；年内主体结构封顶，完成年度投资1.1亿元',
    accountability: MAJOR_PENALTY,
    steps: ['取得施工许可，举行开工仪式', '完成基础工程', '主体结构施工至六层', '主体结构施工至十层'],
    risk: '冬季低温影响混凝土养护，封顶时间紧',
  },
  {
    source: 'report', lead: 'jyj', co: ['zjj'], leader: 'chenhui', cadence: 'monthly', category: '民生实事', level: 'major', deadline: '08-31',
    quote: '建成第三实验小学，秋季学期投入使用，新增学位1800个。',
    title: '建成第三实验小学，秋季学期投入使用',
    standard: '8月底前完成竣工验收和设备配置，秋季学期开学投入使用，新增学位1800个',
    accountability: MAJOR_PENALTY,
    steps: ['完成教学楼装饰装修', '完成室外工程和运动场', '完成竣工验收', '完成教学设备配置和教师招聘'],
    risk: '室外工程受雨季影响',
  },
  {
    source: 'report', lead: 'zjj', co: ['cgz'], cadence: 'monthly', category: '民生实事', level: 'key', deadline: '11-30',
    quote: '改造老旧小区12个，惠及居民2600户。',
    title: '改造老旧小区12个，惠及居民2600户',
    standard: '完成12个老旧小区的水电气管网、屋面防水和外墙改造，11月底前通过验收；改造方案经居民议事会通过',
    accountability: STD_PENALTY,
    steps: ['12个小区改造方案经居民议事会通过', '完成施工招标，8个小区开工', '12个小区全部开工', '9个小区完工'],
    risk: '个别小区居民对加装电梯意见不一，方案调整',
  },
  {
    source: 'report', lead: 'wjj', cadence: 'monthly', category: '民生实事', level: 'key', deadline: '10-31',
    quote: '建成县养老服务中心和10个村级互助幸福院。',
    title: '建成县养老服务中心和10个村级互助幸福院',
    standard: '县养老服务中心10月底前建成运营，提供床位200张；建成村级互助幸福院10个并投入使用',
    accountability: STD_PENALTY,
    steps: ['养老服务中心完成主体装修', '确定10个互助幸福院选址', '养老服务中心完成设备配置', '10个互助幸福院建成'],
    risk: '运营机构招标需重新组织',
  },
  {
    source: 'report', lead: 'yjglj', leader: 'linchong', cadence: 'monthly', category: '安全稳定', level: 'major', deadline: '12-31',
    quote: '深入开展安全生产治本攻坚三年行动，坚决遏制较大以上生产安全事故。',
    title: '安全生产治本攻坚三年行动',
    standard: '年度重大事故隐患动态清零；全年不发生较大以上生产安全事故；生产安全事故起数和死亡人数同比双下降',
    accountability: SAFETY_PENALTY,
    steps: ['印发年度治本攻坚行动方案', '完成一季度重大事故隐患排查，整改率100%', '完成汛期专项检查', '完成三季度隐患排查整治'],
    risk: '小微企业隐患整改反复',
  },
  {
    source: 'report', lead: 'nyncj', co: ['hxz', 'cgz'], cadence: 'monthly', category: '安全稳定', level: 'key', deadline: '05-31',
    fate: 'returned', firstLead: 'zjj', returnReason: '堤防加固属水利工程，由县农业农村局（水利）负责建设管理，建议调整牵头单位',
    quote: '抓好云溪河堤防加固工程，汛期前完成险工险段整治。',
    title: '汛期前完成云溪河险工险段整治',
    standard: '5月底前完成云溪河7处险工险段的护坡和堤身加固，通过度汛验收',
    accountability: '未按期完成导致汛期出险的，追究相关单位和人员责任',
    steps: ['完成险工险段排查和设计', '7处险工险段全部开工', '完成5处整治', '7处全部完成并通过度汛验收'],
    risk: '石料供应紧张',
  },
  {
    source: 'report', lead: 'czj', co: ['jrb'], leader: 'zhaozhiqiang', cadence: 'quarterly', category: '金融', level: 'major', deadline: '12-31',
    quote: '完成化解政府债务年度任务，守住不发生系统性风险的底线。',
    title: '完成化解政府债务年度任务',
    standard: '按期完成年度化债任务，不新增隐性债务；政府债务到期本息按时足额偿还，不发生逾期',
    accountability: MAJOR_PENALTY,
    steps: ['制定年度化债方案报市政府备案', '完成年度化债任务的30%', '完成年度化债任务的65%', '完成年度化债任务的85%'],
    risk: '土地出让收入不及预期，化债资金来源偏紧',
  },
  // ---- 重点项目建设推进会 (2月26日) ----
  {
    source: 'projects', lead: 'fgj', co: ['zrzyj', 'sthj'], cadence: 'once', category: '项目建设', level: 'key', deadline: '03-15',
    quote: '县发改局要会同县自然资源局、市生态环境局云溪分局等部门，对今年计划新开工的48个项目逐一梳理前期手续，建立“一项目一清单”，3月15日前完成；',
    title: '新开工项目前期手续“一项目一清单”',
    standard: '3月15日前完成48个计划新开工项目的前期手续梳理，逐项列明用地、规划、环评、施工许可的办理节点和责任人',
    accountability: STD_PENALTY,
    steps: ['完成48个项目前期手续梳理', '“一项目一清单”经各审批部门确认', '清单印发各责任单位'],
    risk: '部分项目业主资料提供不全',
  },
  {
    source: 'projects', lead: 'zrzyj', leader: 'gongying', cadence: 'monthly', category: '项目建设', level: 'key', deadline: '12-31',
    quote: '县自然资源局要加快土地报批和供地进度，4月底前完成首批新开工项目用地报批，全年保障重点项目用地3000亩以上；',
    title: '全年保障重点项目用地3000亩以上',
    standard: '4月底前完成首批新开工项目用地报批；全年保障重点项目用地3000亩以上，以供地批复为准',
    accountability: STD_PENALTY,
    steps: ['首批新开工项目用地组卷上报', '首批用地获批1120亩', '累计保障用地1980亩', '累计保障用地2650亩'],
    risk: '耕地占补平衡指标不足',
  },
  {
    source: 'projects', lead: 'czj', cadence: 'monthly', category: '项目建设', level: 'key', deadline: '12-31',
    quote: '县财政局要统筹专项债券和各类上级资金，优先保障在建项目资金需求，杜绝因资金不到位导致项目停工。',
    title: '统筹资金保障在建项目需求',
    standard: '建立在建项目资金需求月度清单；专项债券资金到位后30日内拨付；全年不发生因资金不到位导致的项目停工',
    accountability: STD_PENALTY,
    steps: ['建立在建项目资金需求清单', '第一批专项债券资金全部拨付', '上级补助资金按进度拨付', '第二批专项债券资金拨付'],
    risk: '个别项目资金拨付审核材料不全',
  },
  {
    source: 'projects', lead: 'cgz', co: ['hxz', 'zjj'], cadence: 'monthly', category: '项目建设', level: 'major', deadline: '05-31', fate: 'extension',
    quote: '城关镇、河西镇要对城西片区路网工程、城关老街改造工程红线范围内的征迁任务倒排工期，5月底前全面完成征迁交地，不得因征迁问题影响项目开工。',
    title: '城西片区路网、城关老街改造征迁交地',
    standard: '5月底前完成两个项目红线范围内全部征迁协议签订和房屋拆除，净地移交项目单位',
    accountability: MAJOR_PENALTY,
    steps: ['完成入户丈量和评估', '签订征迁协议186户', '签订征迁协议241户，拆除房屋198户', '全部协议签订，净地移交'],
    risk: '剩余住户对安置方式有异议，需逐户做工作',
  },
  {
    source: 'projects', lead: 'fgj', cadence: 'monthly', category: '项目建设', level: 'general', deadline: '12-31',
    quote: '县发改局要每月汇总形象进度和投资完成情况，报县委、县政府。',
    title: '每月汇总重点项目形象进度和投资完成情况',
    standard: '每月8日前汇总上月重点项目形象进度和投资完成情况，报县委、县政府，对滞后项目单列分析',
    accountability: STD_PENALTY,
    steps: ['报送1-2月项目进展汇总', '报送上半年项目进展汇总', '报送1-9月项目进展汇总', '报送1-10月项目进展汇总'],
    risk: '部分单位投资数据报送滞后',
  },
  {
    source: 'projects', lead: 'zsfw', cadence: 'monthly', category: '招商引资', level: 'key', deadline: '06-30',
    quote: '县招商服务中心要围绕“三大主导产业”实施精准招商，上半年签约亿元以上项目10个以上；',
    title: '上半年签约亿元以上项目10个以上',
    standard: '上半年围绕新材料、装备制造、绿色食品签约亿元以上项目10个以上，以正式合同为准',
    accountability: STD_PENALTY,
    steps: ['签约亿元以上项目3个', '签约亿元以上项目7个', '签约亿元以上项目11个'],
    risk: '部分在谈项目对土地价格有异议',
  },
  {
    source: 'projects', lead: 'kfq', co: ['zsfw'], leader: 'zhaozhiqiang', cadence: 'monthly', category: '项目建设', level: 'major', deadline: '06-30', fate: 'overdue',
    quote: '开发区要对已签约未开工项目逐一过堂，6月底前推动年产10万吨新型建材项目、电子信息产业园等签约项目全部开工。',
    title: '已签约未开工项目6月底前全部开工',
    standard: '对已签约未开工的9个项目逐一过堂，明确开工时间表；6月底前全部开工，以施工许可和现场实质性施工为准',
    accountability: MAJOR_PENALTY,
    steps: ['完成9个签约未开工项目过堂', '5个项目开工', '7个项目开工'],
    risk: '电子信息产业园项目投资方融资未到位，迟迟不能开工',
  },
  {
    source: 'projects', lead: 'zjj', co: ['jtysj'], leader: 'gongying', cadence: 'once', category: '项目建设', level: 'key', deadline: '04-30',
    quote: '请龚颖同志牵头，对交通、住建领域项目开展一次全面督导，4月底前形成督导报告。',
    title: '交通、住建领域项目全面督导',
    standard: '4月底前完成交通、住建领域全部县级重点项目的现场督导，形成督导报告报县委、县政府，问题清单交办到责任单位',
    accountability: STD_PENALTY,
    steps: ['制定督导方案', '完成现场督导', '形成督导报告和问题清单'],
    risk: '项目点多面广，督导时间紧',
  },
  {
    source: 'projects', lead: 'fgj', cadence: 'monthly', category: '项目建设', level: 'key', deadline: '12-31',
    quote: '每个重点项目明确一名县级领导包联、一个责任单位主抓，包联领导每月至少到项目现场一次，现场解决问题。',
    title: '落实重点项目县级领导包联制度',
    standard: '3月底前印发重点项目县级领导包联名单；包联领导每月至少到项目现场一次，现场问题形成交办单',
    accountability: STD_PENALTY,
    steps: ['印发重点项目县级领导包联名单', '汇总包联领导一季度现场办公情况', '汇总上半年现场办公情况，交办问题办结率85%', '汇总前三季度现场办公情况'],
    risk: '个别包联领导到现场次数不足',
  },
  // ---- 领导批示 (the last days; not yet signed for) ----
  {
    source: 'instruction', lead: 'fgj', co: ['czj'], leader: 'zhaozhiqiang', cadence: 'once', category: '项目建设', level: 'key', deadline: 20, daysAgo: 2,
    quote: '赵志强常务副县长批示：请县发改局会同县财政局抓紧梳理明年专项债券项目需求，按要求完成项目包装和入库申报，20日内报县政府。',
    title: '梳理明年专项债券项目需求并申报入库',
    standard: '20日内完成明年专项债券项目需求梳理，项目实施方案和“一案两书”齐全，报县政府审定后申报入库',
    accountability: STD_PENALTY,
    steps: ['完成项目需求梳理'],
    risk: '部分项目可研未批复',
  },
  {
    source: 'instruction', lead: 'nyncj', co: ['lqz', 'mlx'], leader: 'liuyang', cadence: 'once', category: '民生实事', level: 'general', deadline: 14, daysAgo: 1,
    quote: '刘洋副县长批示：近期有群众反映部分村冬季饮水管网冻裂，请县农业农村局会同相关乡镇排查农村供水设施防冻措施，两周内报告。',
    title: '排查农村供水设施冬季防冻措施',
    standard: '两周内完成全县农村集中供水工程和入户管网防冻排查，冻裂管网48小时内修复，形成排查报告',
    accountability: STD_PENALTY,
    steps: ['完成排查'],
    risk: '山区管网分散，排查工作量大',
  },
  {
    source: 'instruction', lead: 'zjj', co: ['sthj'], leader: 'gongying', cadence: 'once', category: '城市建设', level: 'general', deadline: 7, daysAgo: 3,
    quote: '龚颖副县长批示：群众反映城西片区路网工程施工扬尘严重，请县住建局督促施工单位立即整改，一周内反馈整改情况。',
    title: '督促城西片区路网工程施工扬尘整改',
    standard: '一周内督促施工单位落实围挡、覆盖、洒水、车辆冲洗等扬尘防治措施，反馈整改情况并附现场照片',
    accountability: STD_PENALTY,
    steps: ['完成现场检查'],
    risk: '施工单位整改不彻底',
  },
  {
    source: 'instruction', lead: 'jyj', leader: 'chenhui', cadence: 'once', category: '民生实事', level: 'general', deadline: 21, daysAgo: 4,
    quote: '陈辉副县长批示：请县教育局对全县中小学食堂食品安全开展一次全面检查，三周内报送检查情况。',
    title: '全县中小学食堂食品安全全面检查',
    standard: '三周内完成全县中小学食堂食品安全检查全覆盖，问题逐项整改，报送检查情况',
    accountability: STD_PENALTY,
    steps: ['完成检查'],
    risk: '部分农村学校食堂由个人承包，整改难度大',
  },
  {
    source: 'instruction', lead: 'wjj', leader: 'chenhui', cadence: 'once', category: '民生实事', level: 'general', deadline: 15, daysAgo: 5,
    quote: '陈辉副县长批示：请县卫健局做好冬春季呼吸道传染病防控准备，对乡镇卫生院发热门诊逐一检查，半月内报告。',
    title: '乡镇卫生院发热门诊冬春季防控检查',
    standard: '半月内完成全县乡镇卫生院发热门诊检查，药品和防护物资储备满足30天需求，形成检查报告',
    accountability: STD_PENALTY,
    steps: ['完成检查'],
    risk: '个别卫生院药品储备不足',
  },
];
