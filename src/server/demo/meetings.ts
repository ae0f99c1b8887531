import { sql } from 'drizzle-orm';
import type { AppDeps } from '../deps';
import type { Actor } from '../http/access';
import { createServices } from '../app';
import { createMeetingService } from '../modules/meetings/meetings.service';
import { createProjectService } from '../modules/projects/projects.service';
import { createBlockerService } from '../modules/projects/blockers.service';
import { createIndicatorService } from '../modules/indicators/indicators.service';
import { addDays, daysBetween, type IsoDate } from '../../shared/domain/dates';
import { periodOf } from '../../shared/domain/cadence';
import type { MeetingKind } from '../../shared/domain/meetings';
import { DEMO_YEAR } from './directives';

/**
 * The demo's year of meetings: the 县长's monthly scheduling meetings (调度会), the government's executive meetings
 * (常务会) and two special meetings (专题会) chaired by the 分管 leader. Each is recorded on its day with the agenda the
 * system generates, held, its decisions issued as tasks to the unit whose work they are (a hospital to 卫健局, a
 * school to 教育局), and its minutes issued two days later — all but the last meeting's, still to be issued. The
 * decisions are then worked on by their units (accepted, reported monthly, closed with evidence, or left behind
 * and overdue), so each meeting opens with the last one's 落实情况; the next scheduling meeting is planned for the
 * coming days. Deterministic from `today`.
 */
type Fate = 'closed' | 'overdue' | 'lagging' | 'on_track';
interface DemoDecision {
  title: string;
  content: string;
  standard: string;
  unit: string;
  deadline: string;
  fate: Fate;
  /** What the unit reports as it goes. */
  steps: [string, string, string];
}
interface DemoMeeting {
  date: string;
  kind: MeetingKind;
  title: string;
  chair: string;
  place: string;
  attendees: string[];
  decisions: DemoDecision[];
}

const ACCOUNTABILITY = '未按期完成的，按县督查考核办法扣分，并在督查通报中点名';
const SCHEDULING = ['fgj', 'jfj', 'zjj', 'zrzyj', 'jtysj', 'zsfw', 'czj'];

export const DEMO_MEETINGS: DemoMeeting[] = [
  {
    date: '01-12',
    kind: 'scheduling',
    title: '2026年第1次重点工作调度会',
    chair: 'limingzhe',
    place: '县政府三楼会议室',
    attendees: [...SCHEDULING, 'yjglj'],
    decisions: [
      {
        title: '春节前在建工程农民工工资清欠',
        content: '对全县在建房建、市政工程逐项排查工资支付情况，欠薪项目挂牌督办。',
        standard: '在建工程项目农民工工资春节前全部结清，实现零拖欠、零投诉',
        unit: 'zjj',
        deadline: '02-10',
        fate: 'closed',
        steps: ['完成在建项目工资支付台账排查', '约谈欠薪项目建设单位和总包企业', '欠薪项目全部清偿到位'],
      },
      {
        title: '春节期间安全生产大检查',
        content: '围绕危化品、烟花爆竹、人员密集场所开展拉网式检查，发现隐患立查立改。',
        standard: '完成危化品、烟花爆竹和人员密集场所安全检查全覆盖，隐患整改率100%',
        unit: 'yjglj',
        deadline: '02-15',
        fate: 'closed',
        steps: ['制定节前安全检查方案并分组', '完成重点行业领域现场检查', '检查发现的隐患全部整改销号'],
      },
    ],
  },
  {
    date: '02-24',
    kind: 'executive',
    title: '县政府2026年第1次常务会议',
    chair: 'limingzhe',
    place: '县政府常务会议室',
    attendees: ['wjj', 'jyj', 'czj', 'fgj'],
    decisions: [
      {
        title: '县人民医院新院区医疗设备采购',
        content: '新院区医疗设备按清单公开招标，资金由县财政和专项债统筹保障。',
        standard: '新院区医疗设备公开招标采购并签订合同，6月底前全部到货安装调试',
        unit: 'wjj',
        deadline: '06-30',
        fate: 'closed',
        steps: ['完成设备采购清单论证和预算评审', '完成公开招标并签订采购合同', '设备到货安装调试完毕'],
      },
      {
        title: '城关第二小学扩建工程',
        content: '扩建教学楼和运动场，秋季学期前投入使用，缓解城区学位紧张。',
        standard: '城关第二小学扩建主体完工并通过验收，秋季学期新增学位600个',
        unit: 'jyj',
        deadline: '08-25',
        fate: 'closed',
        steps: ['完成施工招标并进场施工', '教学楼主体结构封顶', '完成竣工验收和课桌椅配置'],
      },
    ],
  },
  {
    date: '03-16',
    kind: 'scheduling',
    title: '2026年第2次重点工作调度会',
    chair: 'limingzhe',
    place: '县政府三楼会议室',
    attendees: SCHEDULING,
    decisions: [
      {
        title: '一季度固定资产投资开门红',
        content: '梳理一季度可开工项目，逐个落实开工条件，确保投资数据及时入库。',
        standard: '一季度固定资产投资增速不低于12%，新开工亿元以上项目不少于5个',
        unit: 'fgj',
        deadline: '03-31',
        fate: 'closed',
        steps: ['梳理一季度计划开工项目清单', '逐个项目落实开工要件', '新开工项目全部入库统计'],
      },
      {
        title: '首批重点项目用地组卷报批',
        content: '对首批8个重点项目用地逐宗组卷，提前对接市局，缩短报批时间。',
        standard: '首批8个重点项目用地完成组卷上报，4月底前全部取得用地批复',
        unit: 'zrzyj',
        deadline: '04-30',
        fate: 'closed',
        steps: ['完成8宗用地勘测定界', '完成组卷并上报市自然资源局', '取得全部用地批复文件'],
      },
    ],
  },
  {
    date: '04-20',
    kind: 'scheduling',
    title: '2026年第3次重点工作调度会',
    chair: 'limingzhe',
    place: '县政府三楼会议室',
    attendees: SCHEDULING,
    decisions: [
      {
        title: '农村公路提档升级',
        content: '实施农村公路提档升级，优先打通断头路、瓶颈路，同步完善安防设施。',
        standard: '完成农村公路提档升级80公里，10月底前全部交工验收',
        unit: 'jtysj',
        deadline: '10-31',
        fate: 'overdue',
        steps: ['完成80公里路段设计和施工招标', '路基路面工程完成过半', '安防设施完善并组织交工验收'],
      },
      {
        title: '一季度签约招商项目落地',
        content: '对一季度签约项目实行专人跟踪服务，协调解决注册、用地、审批问题。',
        standard: '一季度签约的12个项目6月底前全部注册落地，开工率不低于50%',
        unit: 'zsfw',
        deadline: '06-30',
        fate: 'closed',
        steps: ['建立签约项目跟踪服务台账', '12个项目完成工商注册', '过半项目开工建设'],
      },
    ],
  },
  {
    date: '05-18',
    kind: 'special',
    title: '文旅融合发展专题会',
    chair: 'chenhui',
    place: '县政府二楼会议室',
    attendees: ['tyx', 'smx', 'mlx', 'nyncj', 'jtysj'],
    decisions: [
      {
        title: '桃花谷景区基础设施改造',
        content: '建设游客中心、生态停车场和旅游厕所，提升景区接待能力。',
        standard: '桃花谷景区游客中心、停车场和旅游厕所建成使用，9月底前通过A级景区复核',
        unit: 'tyx',
        deadline: '09-30',
        fate: 'closed',
        steps: ['完成景区改造规划设计', '游客中心和停车场主体完工', '通过A级景区复核验收'],
      },
      {
        title: '石门梅岭精品民宿集群培育',
        content: '在石门乡、梅岭乡盘活闲置农房，引导发展精品民宿，统一品牌推介。',
        standard: '石门乡、梅岭乡培育精品民宿20家，年底前全部取得证照并开业运营',
        unit: 'nyncj',
        deadline: '12-31',
        fate: 'lagging',
        steps: ['摸排可改造闲置农房并确定经营主体', '首批民宿完成装修改造', '20家民宿全部取证开业'],
      },
    ],
  },
  {
    date: '06-15',
    kind: 'scheduling',
    title: '2026年第4次重点工作调度会',
    chair: 'limingzhe',
    place: '县政府三楼会议室',
    attendees: [...SCHEDULING, 'yjglj'],
    decisions: [
      {
        title: '汛前地质灾害和水库隐患排查',
        content: '对地质灾害隐患点和小型水库逐一巡查，落实包保责任人和应急物资。',
        standard: '汛前完成32处地质灾害隐患点、12座小型水库巡查，应急物资储备全部到位',
        unit: 'yjglj',
        deadline: '06-30',
        fate: 'closed',
        steps: ['制定汛前隐患排查方案', '完成隐患点和水库现场巡查', '应急物资储备补充到位'],
      },
      {
        title: '上半年财政收支目标冲刺',
        content: '加强税收征管和非税收入组织，压减一般性支出，保障民生支出。',
        standard: '上半年一般公共预算收入完成年度预算55%以上，民生支出占比不低于80%',
        unit: 'czj',
        deadline: '07-10',
        fate: 'closed',
        steps: ['分解上半年收入目标到征收部门', '开展重点税源走访和欠税清缴', '上半年收支数据完成对账'],
      },
    ],
  },
  {
    date: '07-20',
    kind: 'executive',
    title: '县政府2026年第2次常务会议',
    chair: 'limingzhe',
    place: '县政府常务会议室',
    attendees: ['zjj', 'wjj', 'czj', 'sthj'],
    decisions: [
      {
        title: '城区雨污分流管网改造',
        content: '对老城区合流制管网实施雨污分流改造，同步修复破损管段。',
        standard: '完成城区雨污分流改造管网15公里，11月底前通水运行',
        unit: 'zjj',
        deadline: '11-30',
        fate: 'overdue',
        steps: ['完成管网普查和改造设计', '完成管网铺设8公里', '全部管段通水并完成路面恢复'],
      },
      {
        title: '乡镇卫生院能力提升',
        content: '对乡镇卫生院实施标准化改造，补齐影像和检验设备短板。',
        standard: '完成6个乡镇卫生院标准化改造，每院配齐DR、彩超等基本设备',
        unit: 'wjj',
        deadline: '12-20',
        fate: 'lagging',
        steps: ['确定6个卫生院改造清单和设备配置标准', '完成3个卫生院改造和设备安装', '6个卫生院全部验收投用'],
      },
    ],
  },
  {
    date: '08-17',
    kind: 'scheduling',
    title: '2026年第5次重点工作调度会',
    chair: 'limingzhe',
    place: '县政府三楼会议室',
    attendees: [...SCHEDULING, 'kjj'],
    decisions: [
      {
        title: '规上工业企业培育入库',
        content: '建立小升规培育库，对临规企业一企一策帮扶，确保应统尽统。',
        standard: '新培育规上工业企业8家，年底前全部完成统计入库',
        unit: 'jfj',
        deadline: '12-31',
        fate: 'on_track',
        steps: ['建立临规企业培育库并逐户走访', '5家企业达到规上标准', '8家企业全部完成统计入库'],
      },
      {
        title: '科技型中小企业评价入库',
        content: '组织企业开展科技型中小企业自评，择优培育高新技术企业。',
        standard: '入库国家科技型中小企业30家以上，申报高新技术企业不少于10家',
        unit: 'kjj',
        deadline: '10-15',
        fate: 'closed',
        steps: ['组织企业政策培训和自评', '30家企业通过评价入库', '10家企业完成高企申报'],
      },
    ],
  },
  {
    date: '09-21',
    kind: 'scheduling',
    title: '2026年第6次重点工作调度会',
    chair: 'limingzhe',
    place: '县政府三楼会议室',
    attendees: [...SCHEDULING, 'sthj', 'jrb'],
    decisions: [
      {
        title: '秋冬季大气污染防治攻坚',
        content: '管控工地扬尘、道路扬尘和散煤燃烧，重污染天气落实应急减排。',
        standard: '10月至12月全县PM2.5平均浓度不高于40微克/立方米，优良天数比例不低于80%',
        unit: 'sthj',
        deadline: '12-31',
        fate: 'on_track',
        steps: ['制定秋冬季攻坚方案和减排清单', '开展工地和道路扬尘专项检查', '完成季度空气质量目标考核'],
      },
      {
        title: '政银企对接助企融资',
        content: '组织银行与重点企业、小微企业对接，推广无还本续贷和信用贷款。',
        standard: '组织政银企对接会3场，新增普惠小微贷款5亿元以上',
        unit: 'jrb',
        deadline: '11-30',
        fate: 'closed',
        steps: ['收集企业融资需求清单', '举办3场政银企对接会', '新增普惠小微贷款达到目标'],
      },
    ],
  },
  {
    date: '10-19',
    kind: 'special',
    title: '教育发展专题会',
    chair: 'chenhui',
    place: '县政府二楼会议室',
    attendees: ['jyj', 'zjj', 'czj'],
    decisions: [
      {
        title: '中小学校舍安全鉴定',
        content: '对全县中小学校舍逐栋开展安全鉴定，存在隐患的立即停用。',
        standard: '完成全县中小学校舍安全鉴定，C、D级校舍11月底前全部停用并制定改造方案',
        unit: 'jyj',
        deadline: '11-30',
        fate: 'closed',
        steps: ['委托鉴定机构并制定鉴定计划', '完成全部校舍现场鉴定', 'C、D级校舍停用并报送改造方案'],
      },
    ],
  },
  {
    date: '11-16',
    kind: 'scheduling',
    title: '2026年第7次重点工作调度会',
    chair: 'limingzhe',
    place: '县政府三楼会议室',
    attendees: [...SCHEDULING, 'nyncj'],
    decisions: [
      {
        title: '年度目标任务冲刺',
        content: '对照年度目标逐项倒排工期，查找差距，落实补缺措施。',
        standard: '对照年度目标逐项倒排，12月25日前报送各项指标完成情况和缺口补救措施',
        unit: 'fgj',
        deadline: '12-25',
        fate: 'on_track',
        steps: ['建立年度目标完成情况周调度机制', '逐项分析缺口并制定补救措施', '报送全年完成情况'],
      },
      {
        title: '城区冬季集中供暖保障',
        content: '督促供热企业做好设备检修和燃料储备，畅通供暖投诉渠道。',
        standard: '城区集中供暖11月15日起稳定运行，居民室温不低于18℃，投诉48小时内办结',
        unit: 'zjj',
        deadline: '12-20',
        fate: 'on_track',
        steps: ['完成供热管网和换热站检修', '开通供暖服务热线并公示', '供暖季首月投诉全部办结'],
      },
      {
        title: '农村户厕问题摸排整改',
        content: '对农村改厕问题逐户摸排，分类整改，建立长效管护机制。',
        standard: '完成农村户厕问题摸排整改1200户，12月底前全部整改销号',
        unit: 'nyncj',
        deadline: '12-31',
        fate: 'lagging',
        steps: ['完成全县户厕问题逐户摸排', '完成600户问题户厕整改', '1200户整改全部销号'],
      },
    ],
  },
];

// A 1×1 PNG as the stand-in photo evidence of the closed decisions.
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000' +
    '000d49444154789c6360f8ffff3f0005fe02fea7d6a4ba0000000049454e44ae426082',
  'hex',
);

export async function seedDemoMeetings(
  base: AppDeps,
  opts: { today: IsoDate; log?: (m: string) => void },
): Promise<number> {
  let sim: IsoDate = opts.today;
  const deps = createServices(base.config, base.database, base.demo, { today: () => sim });
  const { org, supervision, attachments, tasks, database } = deps;
  const db = database.db;
  const today = () => sim;
  const projects = createProjectService({ db, audit: deps.audit, org, supervision, attachments });
  const meetings = createMeetingService({
    db,
    audit: deps.audit,
    org,
    supervision,
    tasks,
    projects,
    blockers: createBlockerService({
      db,
      audit: deps.audit,
      org,
      supervision,
      attachments,
      calendar: deps.calendar,
      notifications: deps.notifications,
      projects,
    }),
    indicators: createIndicatorService({
      db,
      audit: deps.audit,
      org,
      calendar: deps.calendar,
      notifications: deps.notifications,
      today,
    }),
    today,
  });
  const actor = async (username: string): Promise<Actor> => {
    const a = (await org.accountByUsername(username))!;
    return {
      personId: a.id,
      username: a.username,
      displayName: a.displayName,
      unitId: a.unitId,
      jurisdictionId: a.jurisdictionId,
      roles: a.roles,
      leaderUnitIds: a.leaderUnitIds,
      via: 'token',
      mustChangePassword: false,
      needsTotpSetup: false,
    };
  };
  const office = await actor('sunli');
  const unitIds = new Map<string, string>();
  for (const p of (await org.listPeople(office, { active: 'true', page: 1, pageSize: 10000 })).items)
    if (p.roles.includes('unit_clerk')) unitIds.set(p.username.replace(/\.clerk$/, ''), p.unitId);
  const meta = { requestId: 'seed-demo-meetings' };
  let minute = 0;
  /** Moves what just happened to the simulated day (as the ledger's simulation does). */
  const stamp = async (itemId: string, day: IsoDate) => {
    minute = (minute + 7) % 480;
    const at = `${day} ${String(9 + Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00+08`;
    for (const q of [
      sql`UPDATE supervision_events SET at = ${at}::timestamptz WHERE item_id = ${itemId} AND at > now() - interval '10 minutes'`,
      sql`UPDATE progress_reports SET submitted_at = ${at}::timestamptz WHERE item_id = ${itemId} AND submitted_at >
        now() - interval '10 minutes'`,
      sql`UPDATE progress_reports SET reviewed_at = ${at}::timestamptz WHERE item_id = ${itemId} AND reviewed_at >
        now() - interval '10 minutes'`,
      sql`UPDATE supervised_items SET created_at = ${at}::timestamptz WHERE id = ${itemId} AND created_at > now() - interval '10 minutes'`,
      sql`UPDATE supervised_items SET closed_at = ${at}::timestamptz WHERE id = ${itemId} AND closed_at > now() - interval '10 minutes'`,
    ])
      await db.execute(q);
  };

  interface Plan {
    taskId: string;
    d: DemoDecision;
    clerk: Actor;
    start: IsoDate;
    deadline: IsoDate;
    accept: IsoDate;
    nextReport: IsoDate;
    progress: number;
    pending: { reportId: string; on: IsoDate }[];
    /** One report per monthly period (a second one is refused as a duplicate). */
    lastPeriod?: string;
  }
  const plans: Plan[] = [];
  const held = DEMO_MEETINGS.filter((m) => `${DEMO_YEAR}-${m.date}` <= opts.today);
  for (const [k, m] of held.entries()) {
    const date = `${DEMO_YEAR}-${m.date}` as IsoDate;
    sim = date;
    const meeting = await meetings.create(
      office,
      {
        kind: m.kind,
        title: m.title,
        date,
        place: m.place,
        chairId: (await actor(m.chair)).personId,
        attendeeUnitIds: m.attendees.map((u) => unitIds.get(u)!),
        generateAgenda: true,
      },
      meta,
    );
    await db.execute(
      sql`UPDATE meetings SET created_at = ${`${addDays(date, -3)} 16:00:00+08`}::timestamptz WHERE id = ${meeting.id}`,
    );
    let cur = await meetings.hold(office, meeting.id, meeting.version, meta);
    for (const d of m.decisions) {
      const deadline = `${DEMO_YEAR}-${d.deadline}` as IsoDate;
      const out = await meetings.decide(
        office,
        meeting.id,
        {
          title: d.title,
          content: d.content,
          standard: d.standard,
          accountability: ACCOUNTABILITY,
          leadUnitId: unitIds.get(d.unit)!,
          coUnitIds: [],
          deadline,
          cadence: 'monthly',
        },
        meta,
      );
      await stamp(out.taskId, date);
      plans.push({
        taskId: out.taskId,
        d,
        clerk: await actor(`${d.unit}.clerk`),
        start: date,
        deadline,
        accept: addDays(date, 1 + (plans.length % 3)),
        // The first report within a fortnight, or a few days before a near deadline.
        nextReport:
          addDays(date, 12 + (plans.length % 7)) < addDays(deadline, -4)
            ? addDays(date, 12 + (plans.length % 7))
            : addDays(date, 4),
        progress: 0,
        pending: [],
      });
    }
    await db.execute(
      sql`UPDATE meeting_decisions SET created_at = ${`${date} 11:30:00+08`}::timestamptz WHERE meeting_id = ${meeting.id}`,
    );
    // The minutes two days later; the last meeting's are still being drafted when the demo opens.
    const issueOn = addDays(date, 2);
    if (k < held.length - 1 && issueOn <= opts.today) {
      sim = issueOn;
      cur = await meetings.get(office, meeting.id);
      await meetings.issueMinutes(office, meeting.id, cur.version, meta);
    }
  }

  /** What the unit writes: the step reached and, when behind, that it is behind and why. */
  const reportText = (p: Plan, behind: boolean) => {
    const k = Math.min(2, Math.floor((p.progress / 100) * 3));
    const month = `${Number(sim.slice(5, 7))}月`;
    return behind
      ? `${month}，${p.d.steps[k]}，累计完成${p.progress}%，进度滞后于会议确定的时限，正加派力量倒排工期。`
      : `${month}，${p.d.steps[k]}，累计完成${p.progress}%。`;
  };
  const first = plans[0]?.start ?? opts.today;
  for (sim = first; sim <= opts.today; sim = addDays(sim, 1)) {
    for (const p of plans) {
      try {
        for (const r of p.pending.filter((x) => x.on === sim)) {
          const item = await supervision.getItem(office, p.taskId);
          if (!['closed', 'cancelled'].includes(item.state))
            await db.transaction((tx) => supervision.reviewReport(tx, office, p.taskId, r.reportId, 'accepted', null));
          await stamp(p.taskId, sim);
        }
        p.pending = p.pending.filter((x) => x.on !== sim);
        if (sim === p.accept) {
          const item = await supervision.getItem(office, p.taskId);
          await tasks.action(p.clerk, p.taskId, item.version, 'accept', {}, meta);
          await stamp(p.taskId, sim);
          continue;
        }
        if (sim !== p.nextReport) continue;
        const item = await supervision.getItem(office, p.taskId);
        if (!['accepted', 'in_progress'].includes(item.state)) continue;
        const elapsed = daysBetween(p.start, sim) / Math.max(1, daysBetween(p.start, p.deadline));
        const pace = p.d.fate === 'lagging' ? 0.5 : p.d.fate === 'overdue' ? 0.75 : 1.1;
        p.progress = Math.min(
          p.d.fate === 'overdue' ? 85 : 100,
          Math.max(p.progress + 5, Math.round(elapsed * 100 * pace)),
        );
        const behind = p.d.fate === 'lagging' || p.d.fate === 'overdue';
        const period = periodOf(sim, 'monthly');
        if (period !== p.lastPeriod) {
          p.lastPeriod = period;
          const row = await tasks.report(
            p.clerk,
            p.taskId,
            item.version,
            {
              progress: p.progress,
              text: reportText(p, behind),
              problems: behind ? '资金和施工力量不足，部分环节推进慢' : null,
              nextSteps: `下一步：${p.d.steps[Math.min(2, Math.floor((p.progress / 100) * 3) + 1)]}`,
            },
            meta,
          );
          await stamp(p.taskId, sim);
          if (addDays(sim, 3) <= opts.today) p.pending.push({ reportId: row.id, on: addDays(sim, 3) });
        }
        // Done on time: the unit asks to close with its evidence near the deadline, the office closes two days later.
        const near = p.progress >= 100 || sim >= addDays(p.deadline, -6);
        if (p.d.fate === 'closed' && near && addDays(sim, 2) <= opts.today) {
          const cur = await supervision.getItem(office, p.taskId);
          const file = await attachments.upload(p.clerk, '落实情况佐证.png', PNG);
          await tasks.action(
            p.clerk,
            p.taskId,
            cur.version,
            'requestClose',
            { summary: `${p.d.steps[2]}，已达到会议确定的工作标准，附佐证材料`, attachmentIds: [file.id] },
            meta,
          );
          await stamp(p.taskId, sim);
          sim = addDays(sim, 2);
          const asked = await supervision.getItem(office, p.taskId);
          await tasks.action(office, p.taskId, asked.version, 'close', {}, meta);
          await stamp(p.taskId, sim);
          sim = addDays(sim, -2);
          continue;
        }
        // Monthly, a little before the deadline the last time.
        const next = addDays(sim, 24 + (p.progress % 9));
        p.nextReport = p.d.fate === 'closed' && next > addDays(p.deadline, -6) ? addDays(p.deadline, -5) : next;
        if (p.nextReport <= sim) p.nextReport = addDays(sim, 1);
      } catch (e) {
        opts.log?.(`会议议定事项 ${p.d.title}: ${(e as Error).message}`);
        p.nextReport = addDays(sim, 30);
      }
    }
  }
  sim = opts.today;
  // The next scheduling meeting, planned for the coming days: its agenda opens with the last one's 落实情况. Numbered
  // in its own year, as the held ones are (第N次 of the kind and year, the minutes 第N期 alike).
  const nextOn = addDays(opts.today, 3);
  const nextYear = Number(nextOn.slice(0, 4));
  const n = nextYear === DEMO_YEAR ? held.filter((m) => m.kind === 'scheduling').length + 1 : 1;
  if (held.length) {
    await meetings.create(
      office,
      {
        kind: 'scheduling',
        title: `${nextYear}年第${n}次重点工作调度会`,
        date: nextOn,
        place: '县政府三楼会议室',
        chairId: (await actor('limingzhe')).personId,
        attendeeUnitIds: SCHEDULING.map((u) => unitIds.get(u)!),
        generateAgenda: true,
      },
      meta,
    );
  }
  await db.execute(sql`UPDATE notifications SET read_at = now() WHERE read_at IS NULL`);
  await db.execute(sql`DELETE FROM webhook_deliveries`);
  opts.log?.(
    `会议调度：${held.length} 次会议，${plans.length} 项议定事项 / meetings: ${held.length}, decisions: ${plans.length}`,
  );
  return held.length;
}
