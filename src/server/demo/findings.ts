import { sql } from 'drizzle-orm';
import type { AppDeps } from '../deps';
import type { Actor } from '../http/access';
import { createServices, runEscalation } from '../app';
import { createFindingService } from '../modules/findings/findings.service';
import { addDays, type IsoDate } from '../../shared/domain/dates';
import { isWorkingDay } from '../../shared/domain/working-days';
import { ESCALATION_STEPS, escalationDay } from '../../shared/domain/escalation';
import type { FindingCreate } from '../../shared/findings';

/**
 * 整改 in the demo county: the findings of the 县委第二巡察组's round of 巡察 (and a safety check, an unannounced
 * visit), issued to the units about two months before `today` and rectified since — one 销号, one waiting for the
 * office's 销号, one sent back and done again, some on time, one not yet accepted, and three overdue by 1–4, 5–9 and
 * 10+ working days, so the escalation job (run on the way, as it would have run) has each step to show: told, 督办单,
 * 挂牌督办 on the principals' cockpit. The ledger's overdue tasks climb on the same runs. Deterministic from `today`.
 */
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000' +
    '000d49444154789c6360f8ffff3f0005fe02fea7d6a4ba0000000049454e44ae426082',
  'hex',
);
const INSPECTION = '县委第二巡察组2026年第二轮巡察';

type Fate = 'closed' | 'asked' | 'sent_back' | 'on_time' | 'not_accepted' | 'late';
interface DemoFinding {
  unit: string;
  source: FindingCreate['source'];
  sourceTitle: string;
  severity: FindingCreate['severity'];
  problem: string;
  measures: string;
  responsible: string;
  fate: Fate;
  /** For a late one: working days past its deadline on `today`; else calendar days from `today`. */
  deadline: number;
  reports: string[];
  close?: string;
}

const FINDINGS: DemoFinding[] = [
  {
    unit: '县财政局',
    source: 'inspection',
    sourceTitle: INSPECTION,
    severity: 'serious',
    problem: '部分专项资金拨付滞后，2025年度乡村振兴衔接资金1200万元在县级滞留超过60天。',
    measures: '逐项清理滞留资金，建立专项资金拨付台账，按月通报拨付进度，30日内全部拨付到位。',
    responsible: '张伟',
    fate: 'closed',
    deadline: -20,
    reports: ['已清理滞留资金6个项目，拨付到位980万元，其余220万元待项目验收后拨付。'],
    close: '滞留资金1200万元已全部拨付到位，专项资金拨付台账已建立并按月通报。',
  },
  {
    unit: '县住房和城乡建设局',
    source: 'inspection',
    sourceTitle: INSPECTION,
    severity: 'general',
    problem: '老旧小区改造项目质量监管不到位，抽查的3个小区存在外墙保温层脱落问题。',
    measures: '责令施工单位限期返工，开展全县在建老旧小区改造项目质量专项检查，完善监理旁站制度。',
    responsible: '刘洋',
    fate: 'asked',
    deadline: 10,
    reports: ['3个小区外墙保温层返工已完成2个，全县在建项目专项检查完成60%。'],
    close: '3个小区返工全部完成并通过复验，专项检查覆盖全部17个在建项目，监理旁站制度已修订印发。',
  },
  {
    unit: '白云镇',
    source: 'inspection',
    sourceTitle: INSPECTION,
    severity: 'general',
    problem: '村级“三资”管理不规范，2个村存在白条入账、集体资产底数不清问题。',
    measures: '开展村级“三资”清理，规范票据管理，建立集体资产台账，年底前完成全镇村级财务审计。',
    responsible: '陈强',
    fate: 'sent_back',
    deadline: 25,
    reports: ['已完成2个问题村的票据清理，白条全部重新取得合规票据。', '全镇12个村集体资产清查完成8个。'],
  },
  {
    unit: '县教育局',
    source: 'inspection',
    sourceTitle: INSPECTION,
    severity: 'general',
    problem: '校外培训机构监管存在盲区，部分无证机构在城区居民楼内开展学科类培训。',
    measures: '联合市场监管、住建部门开展专项排查，对无证机构依法取缔，建立举报核查机制。',
    responsible: '杨静',
    fate: 'on_time',
    deadline: 40,
    reports: ['联合排查城区居民楼68栋，发现无证培训点5个，已取缔3个。'],
  },
  {
    unit: '县卫生健康局',
    source: 'inspection',
    sourceTitle: INSPECTION,
    severity: 'serious',
    problem: '乡镇卫生院药品采购不规范，3家卫生院存在线下采购、未执行集中带量采购价格问题。',
    measures: '全面清查乡镇卫生院药品采购记录，线下采购部分限期整改，纳入年度绩效考核。',
    responsible: '黄敏',
    fate: 'late',
    deadline: 3,
    reports: ['已清查3家卫生院药品采购记录，涉及金额46万元，正在核对差价。'],
  },
  {
    unit: '县农业农村局',
    source: 'inspection',
    sourceTitle: INSPECTION,
    severity: 'serious',
    problem: '高标准农田建设项目进度滞后，2025年度项目完工率仅62%，部分田间道路未硬化。',
    measures: '倒排工期，压实施工单位责任，加快剩余工程建设，完工后及时组织验收。',
    responsible: '吴勇',
    fate: 'late',
    deadline: 7,
    reports: ['完工率提升至78%，剩余田间道路硬化因雨季停工。'],
  },
  {
    unit: '县自然资源局',
    source: 'inspection',
    sourceTitle: INSPECTION,
    severity: 'critical',
    problem: '违法占用耕地问题整治不彻底，卫片执法发现的12宗违法用地仍有5宗未拆除复耕。',
    measures: '对未整改的5宗违法用地逐宗制定处置方案，依法拆除复耕，追究相关责任人责任。',
    responsible: '徐磊',
    fate: 'late',
    deadline: 14,
    reports: ['已拆除复耕2宗，其余3宗正在履行法定程序。'],
  },
  {
    unit: '县应急管理局',
    source: 'safety',
    sourceTitle: '2026年秋季安全生产大检查',
    severity: 'serious',
    problem: '城区某加油站卸油区未设置防静电接地报警装置，消防器材过期。',
    measures: '责令立即停止卸油作业，7日内安装防静电报警装置，更换过期消防器材，开展全县加油站排查。',
    responsible: '何勇',
    fate: 'on_time',
    deadline: 15,
    reports: ['已停止卸油作业，过期灭火器12具已全部更换，报警装置已订购。'],
  },
  {
    unit: '城关镇',
    source: 'undercover',
    sourceTitle: '县督查室11月暗访',
    severity: 'general',
    problem: '便民服务中心工作日上午10时有2个窗口无人值守，群众排队等候超过30分钟。',
    measures: '严格执行窗口值守和AB岗制度，公开监督电话，每周通报窗口值守情况。',
    responsible: '郑杰',
    fate: 'not_accepted',
    deadline: 20,
    reports: [],
  },
];

export async function seedDemoFindings(base: AppDeps, opts: { today: IsoDate; log?: (m: string) => void }) {
  let sim: IsoDate = opts.today;
  const deps = createServices(base.config, base.database, base.demo, { today: () => sim });
  const { org, supervision, attachments, database } = deps;
  const db = database.db;
  const findings = createFindingService({ db, audit: deps.audit, org, supervision, attachments });
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
  const units = new Map((await org.listUnits(office)).map((u) => [u.name.replace(/人民政府$/, ''), u.id]));
  const clerks = new Map<string, Actor>();
  const people = (await org.listPeople(office, { active: 'true', page: 1, pageSize: 10000 })).items;
  for (const p of people.filter((q) => q.roles.includes('unit_clerk'))) clerks.set(p.unitId, await actor(p.username));
  const cal = await deps.calendar.calendarFor(office.jurisdictionId);
  const meta = { requestId: 'seed-demo-findings' };
  /** The working day `n` working days before `today` (a late finding's deadline). */
  const workingDaysBefore = (n: number) => {
    let d = opts.today;
    for (let left = n; left > 0; ) {
      d = addDays(d, -1);
      if (isWorkingDay(d, cal)) left--;
    }
    return d;
  };
  const stamp = async (itemId: string, day: IsoDate, hour: number) => {
    const at = `${day} ${String(hour).padStart(2, '0')}:15:00+08`;
    await db.execute(
      sql`UPDATE supervision_events SET at = ${at}::timestamptz WHERE item_id = ${itemId} AND at > now() - interval '10 minutes'`,
    );
    await db.execute(
      sql`UPDATE progress_reports SET submitted_at = ${at}::timestamptz WHERE item_id = ${itemId} AND submitted_at >
        now() - interval '10 minutes'`,
    );
    await db.execute(
      sql`UPDATE progress_reports SET reviewed_at = ${at}::timestamptz WHERE item_id = ${itemId} AND reviewed_at >
        now() - interval '10 minutes'`,
    );
    await db.execute(
      sql`UPDATE supervised_items SET created_at = ${at}::timestamptz WHERE id = ${itemId} AND created_at > now() - interval '10 minutes'`,
    );
    await db.execute(
      sql`UPDATE supervised_items SET closed_at = ${at}::timestamptz WHERE id = ${itemId} AND closed_at > now() - interval '10 minutes'`,
    );
  };
  const evidence = async (who: Actor, name: string) => (await attachments.upload(who, name, PNG)).id as string;

  const found = addDays(opts.today, -62);
  const issued = addDays(found, 4);
  let made = 0;
  for (const [i, f] of FINDINGS.entries()) {
    const unitId = units.get(f.unit);
    const clerk = unitId ? clerks.get(unitId) : undefined;
    if (!unitId || !clerk) {
      opts.log?.(`演示整改：找不到单位“${f.unit}”`);
      continue;
    }
    const late = f.fate === 'late';
    const deadline = late ? workingDaysBefore(f.deadline) : addDays(opts.today, f.deadline);
    // The unannounced visit was last week; the rest came with the 巡察's feedback.
    const start = f.fate === 'not_accepted' ? addDays(opts.today, -5) : issued;
    sim = start;
    try {
      const out = await findings.create(
        office,
        {
          source: f.source,
          sourceTitle: f.sourceTitle,
          foundOn: f.fate === 'not_accepted' ? addDays(start, -1) : found,
          problem: f.problem,
          severity: f.severity,
          measures: f.measures,
          unitId,
          responsible: f.responsible,
          leadLeaderId: null,
          deadline,
          issue: true,
        },
        meta,
      );
      await stamp(out.id, start, 9);
      made++;
      if (f.fate === 'not_accepted') continue;
      sim = addDays(start, 2);
      let cur = await findings.action(clerk, out.id, out.version, 'accept', {}, meta);
      await stamp(out.id, sim, 10);
      for (const [k, text] of f.reports.entries()) {
        sim = addDays(start, 15 + 30 * k); // one a month: the cadence is monthly
        const photo = await evidence(clerk, `整改照片${k + 1}.png`);
        await findings.report(
          clerk,
          out.id,
          cur.version,
          { progress: 40 + 20 * k, text, attachmentIds: [photo] },
          meta,
        );
        await stamp(out.id, sim, 15);
        cur = await findings.get(office, out.id);
      }
      if (f.fate === 'sent_back') {
        sim = addDays(opts.today, -12);
        const photo = await evidence(clerk, '整改报告.png');
        cur = await findings.action(
          clerk,
          out.id,
          cur.version,
          'requestClose',
          { summary: '问题村票据已全部规范，申请销号。', attachmentIds: [photo] },
          meta,
        );
        await stamp(out.id, sim, 16);
        sim = addDays(opts.today, -10);
        cur = await findings.action(
          office,
          out.id,
          cur.version,
          'reject',
          { reason: '集体资产台账尚未建立，全镇财务审计未完成，不予销号，请继续整改。' },
          meta,
        );
        await stamp(out.id, sim, 11);
      }
      if (f.close) {
        sim = f.fate === 'closed' ? addDays(opts.today, -27) : addDays(opts.today, -2);
        const photo = await evidence(clerk, '整改验收材料.png');
        cur = await findings.action(
          clerk,
          out.id,
          cur.version,
          'requestClose',
          { summary: f.close, attachmentIds: [photo] },
          meta,
        );
        await stamp(out.id, sim, 16);
        if (f.fate === 'closed') {
          sim = addDays(opts.today, -25);
          await findings.action(office, out.id, cur.version, 'close', {}, meta);
          await stamp(out.id, sim, 10);
        }
      }
    } catch (e) {
      opts.log?.(`演示整改：第 ${i + 1} 个问题：${(e as Error).message}`);
    }
  }
  // The escalation job as it would have run through the year: an item overdue since spring was told, given its
  // 督办单 and listed for 挂牌督办 on the days it reached each step, not all on the day the demo's runs began. Before
  // the last weeks only the core's ladder runs (blockers keep the story the projects' simulation gave them), and
  // only its own events are put on the day.
  const deadlines = (
    await db.execute<{ d: string }>(
      sql`SELECT DISTINCT deadline::text AS d FROM supervised_items
            WHERE state IN ('assigned', 'accepted', 'in_progress') AND kind NOT IN ('blocker', 'commitment')
              AND deadline < ${addDays(opts.today, -28)}`,
    )
  ).rows.map((r) => r.d as IsoDate);
  // Only the days some step falls due (escalationDay), not every day of the year: the same steps on the same days.
  const yearAgo = addDays(opts.today, -365);
  const runDays = new Set<IsoDate>();
  for (const d of deadlines)
    for (const step of ESCALATION_STEPS) {
      const on = escalationDay(d, step, cal, deps.config.escalation);
      if (on && on > yearAgo && on < addDays(opts.today, -28)) runDays.add(on);
    }
  const jurisdictions = await org.jurisdictionIds();
  for (const d of [...runDays].sort()) {
    sim = d;
    for (const j of jurisdictions) await supervision.runEscalations(j, deps.config.escalation);
    await db.execute(
      sql`UPDATE supervision_events SET at = ${`${d} 08:30:00+08`}::timestamptz
            WHERE action = 'escalate' AND at > now() - interval '10 minutes'`,
    );
  }
  // The last weeks: the whole job (blockers too), as before.
  for (let d = addDays(opts.today, -28); d <= opts.today; d = addDays(d, 1)) {
    if (!isWorkingDay(d, cal) && d !== opts.today) continue;
    sim = d;
    await runEscalation(deps);
    await db.execute(
      sql`UPDATE supervision_events SET at = ${`${d} 08:30:00+08`}::timestamptz WHERE at > now() - interval '10 minutes'`,
    );
  }
  return made;
}
