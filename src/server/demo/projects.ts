import { areaCentres } from './geo';
import { eq, sql } from 'drizzle-orm';
import type { AppDeps } from '../deps';
import type { Actor } from '../http/access';
import { createServices } from '../app';
import { createProjectService } from '../modules/projects/projects.service';
import { createBlockerService } from '../modules/projects/blockers.service';
import { createRoundService } from '../modules/projects/rounds.service';
import { projects as projectsTable, rounds as roundsTable } from '../modules/projects/projects.schema';
import { addDays, weekday, type IsoDate } from '../../shared/domain/dates';
import {
  DEFAULT_MILESTONE_TEMPLATES,
  type BlockerType,
  type Pool,
  type ProjectType,
} from '../../shared/domain/projects';
import type { ProjectCreate } from '../../shared/projects';

/**
 * A year of the key-project library for the demo county, as the speeches describe it: about 130 county key projects
 * ("对…130个重点项目实行清单式管理、节点式推进，坚持每周调度"), new starts concentrated in the first half so that the
 * start rate passes 80% by 30 June and nearly all have started in the third quarter, completions and production during
 * the year, monthly investment, a round every week with late and missing reports, and blockers (用地、资金、征迁…) raised,
 * escalated and resolved. Everything goes through the same services the API uses, on a clock the simulation moves;
 * deterministic (a seeded generator), so every machine gets the same county.
 */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Project names by type, each with the unit that answers for it (a hospital to 卫健局, a school to 教育局, a road to
 * 交通运输局…); a leading '*' marks a township-level work named after its township (城关镇老旧小区整治…). Industrial
 * projects go to the economic units in turn (INDUSTRY_UNITS).
 */
const NAMES: Record<ProjectType, [string, string][]> = {
  industry: [
    '年产10万吨新型建材项目',
    '智能装备制造产业园',
    '新能源电池材料项目',
    '高端铝型材深加工项目',
    '生物医药中间体项目',
    '电子信息产业园',
    '绿色食品精深加工项目',
    '纺织服装智能工厂',
    '精密铸造技改项目',
    '光伏组件生产线项目',
    '汽车零部件制造项目',
    '预制菜加工项目',
    '中药材饮片加工项目',
    '新型包装材料项目',
    '农机装备制造项目',
    '废旧锂电池回收利用项目',
    '特种纸技改项目',
    '陶瓷新材料项目',
    '冷链物流加工中心',
    '智能家居产业园',
  ].map((n) => [n, '']),
  infrastructure: [
    ['城西片区路网工程', 'jtysj'],
    ['S312线云溪段改建工程', 'jtysj'],
    ['县城污水处理厂提标改造工程', 'zjj'],
    ['城乡供水一体化工程', 'nyncj'],
    ['农村公路畅通工程', 'jtysj'],
    ['云溪河堤防加固工程', 'nyncj'],
    ['220千伏输变电工程', 'fgj'],
    ['县城燃气管网改造工程', 'zjj'],
    ['物流园区道路工程', 'jtysj'],
    ['高速公路连接线工程', 'jtysj'],
    ['公共停车场及充电设施项目', 'zjj'],
    ['5G基站建设项目', 'fgj'],
  ],
  social: [
    ['县人民医院门诊综合楼', 'wjj'],
    ['第三实验小学建设项目', 'jyj'],
    ['县中医院康复中心', 'wjj'],
    ['*老旧小区整治工程', 'zjj'],
    ['*校舍维修改造工程', 'jyj'],
    ['*农村危房改造工程', 'zjj'],
    ['棚户区改造项目', 'zjj'],
    ['县养老服务中心', 'wjj'],
    ['全民健身中心', 'jyj'],
    ['职业教育实训基地', 'jyj'],
    ['妇幼保健院迁建项目', 'wjj'],
    ['*卫生院提升工程', 'wjj'],
  ],
  ecology: [
    ['云溪河生态修复工程', 'sthj'],
    ['废弃矿山生态修复项目', 'zrzyj'],
    ['*农村生活污水治理项目', 'sthj'],
    ['生活垃圾焚烧发电项目', 'zjj'],
    ['云溪湿地公园', 'sthj'],
    ['*水土保持综合治理项目', 'nyncj'],
  ],
  urban: [
    ['*集镇改造提升工程', ''],
    ['城市更新片区项目', 'zjj'],
    ['智慧城市建设项目', 'fgj'],
    ['城关老街改造工程', 'cgz'],
    ['县城补短板强弱项项目', 'zjj'],
  ],
  agriculture: [
    ['*高标准农田建设项目', 'nyncj'],
    ['现代农业产业园', 'nyncj'],
    ['*茶园提质项目', 'nyncj'],
    ['畜禽养殖标准化项目', 'nyncj'],
    ['农产品冷链仓储项目', 'nyncj'],
  ],
  other: [['数字乡村试点项目', 'fgj']],
};
const INDUSTRY_UNITS = ['jfj', 'kfq', 'kjj', 'zsfw'];
const FIRMS = ['云溪', '溪谷', '青石', '龙泉', '白云', '华晟', '中科', '恒达', '鑫源', '瑞丰', '东湖', '双溪'];
const FIRM_KINDS = ['科技有限公司', '实业有限公司', '新材料有限公司', '集团有限公司'];
/** The order of types over the 130 projects: about 40% industrial, as 招大引强 asks. */
const TYPE_CYCLE: ProjectType[] = [
  'industry',
  'infrastructure',
  'industry',
  'social',
  'industry',
  'urban',
  'industry',
  'ecology',
  'infrastructure',
  'agriculture',
];

/** What happens to a project during the year. */
type Story = 'reserve' | 'preparing' | 'new_start' | 'continuing' | 'completing' | 'producing';
const STORIES: [Story, number][] = [
  ['reserve', 14],
  ['preparing', 14],
  ['new_start', 48],
  ['continuing', 30],
  ['completing', 16],
  ['producing', 8],
];

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000' +
    '000d49444154789c6360f8ffff3f0005fe02fea7d6a4ba0000000049454e44ae426082',
  'hex',
);
const BLOCKER_TEXT: Record<BlockerType, string> = {
  land: '项目用地指标未落实，供地手续无法办理',
  funding: '项目资本金不足，银行贷款尚未审批',
  approval: '施工许可办理卡在消防设计审查环节',
  relocation: '项目红线内仍有住户未签订征迁协议',
  environment: '环评批复未取得，需补充专项论证',
  other: '施工用电、用水接入未完成',
};

export async function seedDemoProjects(
  base: AppDeps,
  opts: { today: IsoDate; log?: (m: string) => void },
): Promise<number> {
  if (opts.today < '2026-01-05') return 0;
  let sim: IsoDate = '2026-01-05';
  const deps = createServices(base.config, base.database, base.demo, { today: () => sim });
  const { org, supervision, attachments, database } = deps;
  const db = database.db;
  const projects = createProjectService({ db, audit: deps.audit, org, supervision, attachments });
  const blockers = createBlockerService({
    db,
    audit: deps.audit,
    org,
    supervision,
    attachments,
    calendar: deps.calendar,
    notifications: deps.notifications,
    projects,
  });
  const rounds = createRoundService({ db, audit: deps.audit, org, projects, blockers, today: () => sim });
  const random = rng(20260130);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const meta = { requestId: 'seed-demo-projects' };

  const actorOf = async (username: string): Promise<Actor> => {
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
  const office = await actorOf('sunli');
  const units = (await org.listUnits(office)).filter((u) => u.active);
  const people = (await org.listPeople(office, { active: 'true', page: 1, pageSize: 10000 })).items;
  const unitByCode = new Map<string, string>();
  const clerks = new Map<string, Actor>();
  for (const p of people.filter((p) => p.roles.includes('unit_clerk'))) {
    const code = p.username.replace(/\.clerk$/, '');
    unitByCode.set(code, p.unitId);
    clerks.set(p.unitId, await actorOf(p.username));
  }
  const leaders = people.filter((p) => p.roles.includes('leader'));
  // The 包联 leader: usually the one who 分管 the unit, one project in three another county leader.
  const leaderOfUnit = (unitId: string) =>
    random() < 0.34
      ? pick(leaders).id
      : (leaders.find((l) => l.leaderUnitIds.includes(unitId))?.id ?? pick(leaders).id);
  const townships = units.filter((u) => u.kind === 'township' || u.kind === 'park');
  const towns = townships.filter((u) => u.kind === 'township');
  // A generated county: township centres on a grid inside a box (no real geography; the boundary is the demo's own).
  const centre = areaCentres(units);

  // The map's outline: generated around the townships and labelled as such (not a real administrative boundary).
  const ring: [number, number][] = [];
  for (let k = 0; k < 24; k++) {
    const a = (k / 24) * 2 * Math.PI;
    const wobble = 0.95 + random() * 0.1;
    ring.push([
      Math.round((113.63 + Math.cos(a) * 0.36 * wobble) * 1e4) / 1e4,
      Math.round((34.7 + Math.sin(a) * 0.3 * wobble) * 1e4) / 1e4,
    ]);
  }
  ring.push(ring[0]!);
  await projects.putBoundary(
    await actorOf('sysadmin'),
    0,
    {
      name: '云溪县（演示）示意边界——程序生成，非真实行政区划',
      geojson: {
        type: 'Feature',
        properties: { name: '云溪县（演示）', generated: true },
        geometry: { type: 'Polygon', coordinates: [ring] },
      },
      generated: true,
    },
    meta,
  );

  /** Moves what just happened to the simulated day in the core's timelines (as the demo ledger does). */
  const stamp = async (itemId: string, day: IsoDate) => {
    const at = `${day} \
${String(8 + Math.floor(random() * 9)).padStart(2, '0')}:${String(Math.floor(random() * 60)).padStart(2, '0')}:00+08`;
    await db.execute(
      sql`UPDATE supervision_events SET at = ${at}::timestamptz WHERE item_id = ${itemId} AND at > now() - interval '10 minutes'`,
    );
    await db.execute(
      sql`UPDATE supervised_items SET created_at = ${at}::timestamptz WHERE id = ${itemId} AND created_at > now() - interval '10 minutes'`,
    );
    // The closing day too: scoring counts a milestone's overdue days up to it, and the trends and bulletins read it.
    await db.execute(
      sql`UPDATE supervised_items SET closed_at = ${at}::timestamptz WHERE id = ${itemId} AND closed_at > now() - interval '10 minutes'`,
    );
  };
  /** The core's row of a milestone or blocker item (state, version, deadline, lead leader, assignee). */
  const item = (id: string) => supervision.rawItem(db, office, id);
  const nameOf = (personId: string | null) => people.find((p) => p.id === personId)?.displayName ?? '包联领导';
  const versionOf = async (id: string) =>
    (await db.select({ v: projectsTable.version }).from(projectsTable).where(eq(projectsTable.id, id)))[0]!.v;

  interface Plan {
    id: string;
    name: string;
    story: Story;
    type: ProjectType;
    unitId: string;
    clerk: Actor;
    plan2026: number;
    /** Planned and actual day of each event the simulation plays (start, completion, production). */
    startOn?: IsoDate;
    completeOn?: IsoDate;
    produceOn?: IsoDate;
    pace: number;
    backtrack: boolean;
    pool: Pool;
    investedFrom?: IsoDate;
  }
  const plans: Plan[] = [];
  const usedNames = new Set<string>();
  const seen = new Map<ProjectType, number>();

  // ---------- the library on 5 January ----------
  let i = 0;
  for (const [story, count] of STORIES) {
    for (let k = 0; k < count; k++, i++) {
      const type = TYPE_CYCLE[i % TYPE_CYCLE.length]!;
      // Industrial projects go to the development zone or a township; township-level works to a township.
      const nth = (seen.get(type) ?? 0) + 1;
      seen.set(type, nth);
      const [base, baseUnit] = NAMES[type][(nth - 1) % NAMES[type].length]!;
      // 城关老街 is in 城关镇; other township-level works are in a township in turn; industry also in the zone.
      const town =
        baseUnit === 'cgz'
          ? townships.find((u) => u.shortName === '城关镇')!
          : type === 'industry' && i % 3 === 0
            ? townships.find((u) => u.kind === 'park')!
            : towns[(i * 5) % towns.length]!;
      const unitId =
        type === 'industry'
          ? unitByCode.get(INDUSTRY_UNITS[i % INDUSTRY_UNITS.length]!)!
          : baseUnit
            ? unitByCode.get(baseUnit)!
            : town.id;
      const unitCode = [...unitByCode].find(([, id]) => id === unitId)![0];
      const round = Math.floor((nth - 1) / NAMES[type].length);
      // A township-level work is named after its township; a county-level one seen again is its next phase.
      let name = base.startsWith('*')
        ? `${town.shortName}${base.slice(1)}`
        : round
          ? `${base.replace(/项目$|工程$/, '')}（${'二三四五'[round - 1]}期）`
          : base;
      for (let k2 = 1; usedNames.has(name); k2++) name = `${base.replace(/^\*/, '')}（${'二三四五六七'[k2]}期）`;
      usedNames.add(name);
      const total = Math.round((type === 'industry' ? 20000 + random() * 180000 : 5000 + random() * 80000) / 100) * 100;
      const startYear =
        story === 'reserve'
          ? 2027 + (k % 2)
          : story === 'preparing'
            ? 2027
            : story === 'new_start'
              ? 2026
              : 2024 + (k % 2);
      const endYear = story === 'completing' ? 2026 : story === 'producing' ? 2025 : Math.max(startYear + 1, 2027);
      const plan2026 = ['reserve', 'preparing'].includes(story)
        ? 0
        : Math.round((total * (story === 'producing' ? 0.1 : 0.25 + random() * 0.35)) / 10) * 10;
      const attracted = type === 'industry' && unitCode === 'zsfw';
      const c = centre.get(town.id)!;
      const input: ProjectCreate = {
        name,
        type,
        content: `${name}：总投资${(total / 10000).toFixed(2)}亿元，${type === 'industry' ? '新建生产车间、仓储及配套设施，购置生产线' : '按批复的建设内容和标准实施'}。`,
        totalInvestment: total,
        annualPlans: plan2026 ? { '2026': plan2026 } : {},
        ownerEnterprise:
          type === 'industry'
            ? `${FIRMS[i % FIRMS.length]}${FIRM_KINDS[i % FIRM_KINDS.length]}`
            : `${units.find((u) => u.id === unitId)!.name}`,
        responsibleUnitId: unitId,
        leaderId: leaderOfUnit(unitId),
        townshipUnitId: town.id,
        location:
          i % 17 === 5
            ? null
            : {
                lng: Math.round((c.lng + (random() - 0.5) * 0.08) * 1e5) / 1e5,
                lat: Math.round((c.lat + (random() - 0.5) * 0.06) * 1e5) / 1e5,
              },
        startYear,
        endYear,
        major: total >= 100000,
        attracted,
        livelihood: type === 'social' || (type === 'urban' && i % 3 === 0),
        source: attracted ? 'lead' : null,
        sourceRef: attracted ? `招商线索 2025-${String(10 + (i % 90)).padStart(3, '0')}` : null,
        pool: (
          {
            reserve: 'reserve',
            preparing: 'preliminary',
            new_start: 'preliminary',
            continuing: 'continuing',
            completing: 'continuing',
            producing: 'completed',
          } as const
        )[story],
        enteredOn:
          story === 'producing'
            ? '2025-12-20'
            : story === 'continuing' || story === 'completing'
              ? '2026-01-01'
              : addDays('2025-10-08', Math.floor(random() * 80)),
        milestones: [],
      };
      const id = await projects.create(office, input, meta);
      const plan: Plan = {
        id,
        name,
        story,
        type,
        unitId,
        clerk: clerks.get(unitId)!,
        plan2026,
        pace: 0.75 + random() * 0.45,
        backtrack: false,
        pool: input.pool,
      };
      // The year's milestones from the template of the type, dated around the events the simulation will play.
      const names = DEFAULT_MILESTONE_TEMPLATES[type];
      const nodes: { name: string; plannedDate: IsoDate }[] = [];
      const at = (n: string, d: IsoDate) =>
        names.includes(n) && d >= '2026-01-15' && nodes.push({ name: n, plannedDate: d });
      if (story === 'new_start') {
        // 85% planned to start by mid-June (开工率 ≥ 80% by 30 June), the rest in the third quarter.
        const start =
          k < 44 ? addDays('2026-03-02', Math.floor(random() * 95)) : addDays('2026-07-01', Math.floor(random() * 60));
        plan.startOn = start;
        for (const n of ['用地预审', '规划许可']) at(n, addDays(start, n === '用地预审' ? -75 : -40));
        at('施工许可', addDays(start, -15));
        at('开工', start);
        at('主体完工', addDays(start, 270 + Math.floor(random() * 150)));
        plan.backtrack = k === 7;
      } else if (story === 'completing') {
        const done = addDays('2026-05-15', Math.floor(random() * 170));
        plan.completeOn = done;
        at('主体完工', addDays(done, -60));
        at('竣工验收', done);
        if (type === 'industry') {
          plan.produceOn = addDays(done, 30 + Math.floor(random() * 30));
          at('投产', plan.produceOn);
        } else at('投入使用', addDays(done, 30));
      } else if (story === 'producing') {
        plan.produceOn = addDays('2026-02-20', Math.floor(random() * 120));
        at(type === 'industry' || type === 'agriculture' ? '投产' : '投入使用', plan.produceOn);
      } else if (story === 'continuing') {
        at('主体完工', addDays('2026-04-01', Math.floor(random() * 300)));
        at('竣工验收', addDays('2027-03-01', Math.floor(random() * 180)));
      } else if (story === 'preparing') {
        const s = addDays('2026-03-01', Math.floor(random() * 200));
        for (const [n, off] of [
          ['立项批复', 0],
          ['立项备案', 0],
          ['用地预审', 45],
          ['环评批复', 80],
          ['施工许可', 200],
        ] as const)
          at(n, addDays(s, off));
        at('开工', addDays('2027-03-01', Math.floor(random() * 120)));
      }
      if (nodes.length) await projects.planMilestones(office, id, await versionOf(id), nodes, meta);
      plans.push(plan);
    }
  }

  // ---------- the simulated year ----------
  type Due = { plan: Plan; milestoneId: string; name: string; planned: IsoDate; doneOn: IsoDate | null };
  const milestoneDue = new Map<string, Due>();
  const nodeOf = new Map<Plan, Map<string, Due>>();
  for (const p of plans) {
    nodeOf.set(p, new Map());
    // A node is met after the one before it (开工 after 施工许可): a slip pushes the later ones, and a node still
    // open holds every later one open too.
    let prev: IsoDate | null = null;
    let held = false;
    for (const m of [...(await projects.milestones(office, p.id))].sort((a, b) =>
      a.plannedDate.localeCompare(b.plannedDate),
    )) {
      await stamp(m.id, '2026-01-05');
      // Most nodes are met within days; one in six slips by weeks; a few are still open at the end (red).
      const r = random();
      const slip =
        r < 0.75
          ? Math.floor(random() * 6) - 3
          : r < (m.name === '开工' ? 0.97 : 0.95)
            ? 15 + Math.floor(random() * 45)
            : 400;
      let doneOn = addDays(m.plannedDate, held ? 400 : slip);
      if (prev && doneOn <= prev) doneOn = addDays(prev, 1 + Math.floor(random() * 3));
      held ||= slip === 400;
      prev = doneOn;
      const d: Due = { plan: p, milestoneId: m.id, name: m.name, planned: m.plannedDate, doneOn };
      milestoneDue.set(m.id, d);
      nodeOf.get(p)!.set(m.name, d);
    }
  }
  let round: { id: string; version: number } | null = null;
  const due = new Map<string, string>();
  const raised: {
    id: string;
    plan: Plan;
    level: number;
    acceptOn: IsoDate;
    escalateOn: IsoDate;
    resolveOn: IsoDate | null;
  }[] = [];
  const movePool = async (p: Plan, to: Pool, date: IsoDate, reason: string, actor: Actor = office) => {
    await projects.move(actor, p.id, await versionOf(p.id), { pool: to, date, reason }, meta);
    p.pool = to;
  };

  for (sim = '2026-01-05'; sim <= opts.today; sim = addDays(sim, 1)) {
    const dow = weekday(sim);
    if (sim === '2026-01-08') {
      // The units sign for the year's milestones (签收) in the first week.
      for (const m of milestoneDue.values()) {
        await db.transaction((tx) => supervision.act(tx, m.plan.clerk, m.milestoneId, null, 'accept'));
        await stamp(m.milestoneId, sim);
      }
    }
    // Milestones reported done by the unit (with evidence), confirmed by the office two days later.
    for (const m of milestoneDue.values()) {
      if (m.doneOn === sim && m.doneOn <= opts.today) {
        try {
          const cur = await item(m.milestoneId);
          if (!['assigned', 'accepted', 'in_progress'].includes(cur.state)) continue;
          const file = await attachments.upload(m.plan.clerk, `${m.name}.png`, PNG);
          await projects.completeMilestone(
            m.plan.clerk,
            m.plan.id,
            m.milestoneId,
            cur.version,
            { actualDate: sim, attachmentIds: [file.id], note: `${m.name}已完成` },
            meta,
          );
          await stamp(m.milestoneId, sim);
        } catch (e) {
          opts.log?.(`演示项目节点 ${m.name}: ${(e as Error).message}`);
        }
      }
      if (m.doneOn && addDays(m.doneOn, 2) === sim) {
        const cur = await item(m.milestoneId);
        if (cur.state === 'close_requested') {
          await projects.decideMilestone(office, m.plan.id, m.milestoneId, cur.version, 'close', null, meta);
          await stamp(m.milestoneId, sim);
        }
      }
    }
    // Pool moves follow the works: a start, a completion, production.
    for (const p of plans) {
      const node = nodeOf.get(p)!;
      const startDone = p.startOn && node.get('开工')?.doneOn;
      if (p.story === 'new_start' && p.pool === 'preliminary' && startDone === sim) {
        await movePool(p, 'new_start', sim, '主体工程开工', p.clerk);
        p.investedFrom = sim;
        if (p.backtrack) {
          p.backtrack = false;
          await movePool(p, 'preliminary', addDays(sim, 0), '核查发现现场仅为场地平整，未实质性开工，退回前期库');
          node.get('开工')!.doneOn = addDays(sim, 21);
        }
      }
      const completeDone = node.get('竣工验收')?.doneOn;
      if (p.story === 'completing' && p.pool === 'continuing' && completeDone === sim)
        await movePool(p, 'completed', sim, '通过竣工验收', p.clerk);
      const produceDone = (node.get('投产') ?? node.get('投入使用'))?.doneOn;
      if (p.pool === 'completed' && produceDone === sim && (p.type === 'industry' || p.type === 'agriculture'))
        await movePool(p, 'in_production', sim, '正式投产', p.clerk);
      if (p.story === 'reserve' && sim === '2026-06-15' && plans.indexOf(p) % 5 === 0)
        await movePool(p, 'preliminary', sim, '列入年度前期工作计划');
      if (['continuing', 'completing', 'producing'].includes(p.story) && !p.investedFrom) p.investedFrom = '2026-01-01';
    }
    // Monthly investment, reported on the 8th for the month before.
    if (sim.endsWith('-08') && sim > '2026-01-31') {
      const month = addDays(sim, -10).slice(0, 7);
      for (const p of plans) {
        if (!p.plan2026 || !p.investedFrom || p.investedFrom.slice(0, 7) > month) continue;
        // The year's plan spread over the months of works in 2026: from the start (or January) to completion (or December).
        const first = p.story === 'new_start' ? p.startOn!.slice(0, 7) : '2026-01';
        const last =
          (p.story === 'completing' ? p.completeOn : p.story === 'producing' ? p.produceOn : undefined)?.slice(0, 7) ??
          '2026-12';
        if (month > last) continue;
        const months = Number(last.slice(5, 7)) - Number(first.slice(5, 7)) + 1;
        const amount = Math.round((p.plan2026 / months) * p.pace * (0.8 + random() * 0.4));
        try {
          await projects.addInvestment(p.clerk, p.id, await versionOf(p.id), { month, amount, reason: null }, meta);
        } catch {
          // Above the remaining total: the unit gives its reason, as the rule asks.
          await projects.addInvestment(
            p.clerk,
            p.id,
            await versionOf(p.id),
            { month, amount, reason: '设备采购款集中支付，总投资调整正在报批' },
            meta,
          );
        }
      }
    }
    // The weekly round: opened on Monday, reports Tuesday to Thursday (some on Friday, late; a few never), closed next Monday.
    if (dow === 1 && sim >= '2026-01-12') {
      if (round)
        await rounds.close(
          office,
          round.id,
          (await db.select({ v: roundsTable.version }).from(roundsTable).where(eq(roundsTable.id, round.id)))[0]!.v,
          meta,
        );
      round = await rounds.open(office, { weekOf: sim }, meta);
      due.clear();
      // Each unit fills in its weekly form on one day: Tuesday to Thursday on time, one in fourteen on Friday (late),
      // one in thirty not at all; now and then a project is left out of a form.
      const dayOf = new Map<string, string>();
      for (const p of plans.filter((x) => ['preliminary', 'new_start', 'continuing'].includes(x.pool))) {
        if (!dayOf.has(p.unitId)) {
          const r = random();
          dayOf.set(
            p.unitId,
            r < 0.033 ? '' : r < 0.105 ? addDays(sim, 4) : addDays(sim, 1 + Math.floor(random() * 3)),
          );
        }
        due.set(p.id, random() < 0.02 ? '' : dayOf.get(p.unitId)!);
      }
    }
    if (round) {
      const byUnit = new Map<string, Plan[]>();
      for (const [id, d] of due) {
        if (d !== sim) continue;
        const p = plans.find((x) => x.id === id)!;
        byUnit.set(p.unitId, [...(byUnit.get(p.unitId) ?? []), p]);
      }
      for (const list of byUnit.values()) {
        await rounds.reportMany(
          list[0]!.clerk,
          round.id,
          list.map((p) => {
            const behind = p.pace < 0.85;
            return {
              projectId: p.id,
              progress:
                p.pool === 'preliminary' ? '推进前期手续办理' : behind ? '施工推进偏慢，正在增加作业面' : '按计划施工',
              imageProgress:
                p.pool === 'preliminary'
                  ? '前期手续办理中'
                  : `形象进度约${Math.min(95, Math.round(((Number(sim.slice(5, 7)) - 1) / 12) * 100 * p.pace))}%`,
              monthInvestment: p.plan2026 ? Math.round((p.plan2026 / 12) * p.pace) : null,
              problems: behind && random() < 0.3 ? pick(Object.values(BLOCKER_TEXT)) : null,
              coordination: behind && random() < 0.2 ? '请县自然资源局协调用地报批' : null,
              behind,
            };
          }),
          meta,
        );
      }
    }
    // Blockers on slow projects: raised, escalated when a level lets its deadline pass, mostly resolved.
    if (dow === 3 && raised.length < 30 && random() < 0.55) {
      const slow = plans.filter(
        (p) =>
          p.pace < 0.9 &&
          ['preliminary', 'new_start', 'continuing'].includes(p.pool) &&
          !raised.some((b) => b.plan === p),
      );
      if (slow.length) {
        const p = pick(slow);
        const type = pick([
          'land',
          'funding',
          'approval',
          'relocation',
          'environment',
          'land',
          'relocation',
        ] as BlockerType[]);
        const handling =
          type === 'land'
            ? unitByCode.get('zrzyj')!
            : type === 'funding'
              ? unitByCode.get('czj')!
              : type === 'environment'
                ? unitByCode.get('sthj')!
                : p.unitId;
        const id = await blockers.raise(
          p.clerk,
          { projectId: p.id, type, description: BLOCKER_TEXT[type], handlingUnitId: handling },
          meta,
        );
        await stamp(id, sim);
        const r = random();
        raised.push({
          id,
          plan: p,
          level: 1,
          acceptOn: addDays(sim, 1 + Math.floor(random() * 3)),
          escalateOn: r < 0.45 ? addDays((await item(id)).deadline, 1) : '9999-12-31',
          resolveOn: sim > '2026-09-01' && r > 0.4 ? null : addDays(sim, 8 + Math.floor(random() * 40)),
        });
      }
    }
    for (const b of raised) {
      if (b.acceptOn === sim) {
        const cur = await item(b.id);
        if (cur.state === 'assigned')
          await db.transaction((tx) =>
            supervision.act(tx, clerks.get(cur.assigneeUnitId)!, b.id, cur.version, 'accept'),
          );
        await stamp(b.id, sim);
      }
      if (b.escalateOn === sim) {
        const cur = await item(b.id);
        if (!['assigned', 'accepted', 'in_progress'].includes(cur.state)) continue;
        const up = await blockers
          .escalate(
            b.plan.clerk,
            b.id,
            cur.version,
            { reason: `${nameOf(cur.leadLeaderId)}协调未果，逾期未破解，提请上级领导调度` },
            meta,
          )
          .then(() => true)
          .catch(() => false);
        if (up) {
          await stamp(b.id, sim);
          b.level++;
          b.escalateOn = b.level < 3 && random() < 0.5 ? addDays((await item(b.id)).deadline, 1) : '9999-12-31';
        }
      }
      if (b.resolveOn === sim) {
        const cur = await item(b.id);
        if (!['assigned', 'accepted', 'in_progress'].includes(cur.state)) continue;
        const handler = clerks.get(cur.assigneeUnitId)!;
        const file = await attachments.upload(handler, '协调会议纪要.png', PNG);
        await blockers.resolve(
          handler,
          b.id,
          cur.version,
          { resolution: `经${nameOf(cur.leadLeaderId)}召集专题会协调，问题已解决`, attachmentIds: [file.id] },
          meta,
        );
        await blockers.confirm(b.plan.clerk, b.id, (await item(b.id)).version, meta);
        await stamp(b.id, sim);
      }
    }
  }
  sim = opts.today;
  // Seed-time notifications are history, not news for the demo users.
  await db.execute(sql`UPDATE notifications SET read_at = now() WHERE read_at IS NULL`);
  await db.execute(sql`DELETE FROM webhook_deliveries`);
  opts.log?.(`演示项目库：${plans.length} 个重点项目 / demo project library: ${plans.length} projects`);
  return plans.length;
}
