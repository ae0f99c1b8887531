import type { AppDeps } from '../deps';
import type { Actor } from '../http/access';
import { createProjectService } from '../modules/projects/projects.service';
import { createInvestmentService } from '../modules/investment/investment.service';
import { createEnterpriseService } from '../modules/enterprises/enterprises.service';
import { createBlockerService } from '../modules/projects/blockers.service';
import { createCommitmentService } from '../modules/investment/commitments.service';
import { addDays, daysBetween, type IsoDate } from '../../shared/domain/dates';
import {
  DEFAULT_STALL_DAYS,
  LEAD_SOURCES,
  type LandUse,
  type LeadStage,
  type LinkTier,
} from '../../shared/domain/investment';
import { rng } from './ledger';
import { bbox, contains } from '../../shared/domain/projects-geo';

/**
 * 招商引资 for the demo county (issue 19), from the speeches: four chains (疫苗, 细胞治疗, 新材料, 农产品加工) with their
 * 链长, links, targets and gaps; about 150 leads over two years at every stage — the attracted key projects of the
 * library among them, converted so that their 开工 and 投产 are the library's —, a few lost, some stalled; about 60
 * idle sites, some 盘活 by landed leads. Through the same services the API uses; deterministic.
 */
interface DemoLink {
  name: string;
  tier: LinkTier;
  enough?: number;
  under?: string;
  targets?: { name: string; region: string; why: string }[];
  products: string[];
}
interface DemoChain {
  name: string;
  chief: string;
  unit: string;
  park: string;
  industry: string;
  description: string;
  links: DemoLink[];
}

const CHAINS: DemoChain[] = [
  {
    name: '新一代疫苗',
    chief: 'zhaozhiqiang',
    unit: 'zsfw',
    park: 'kfq',
    industry: '生物医药',
    description: '围绕疫苗研发、生产、冷链配送补链强链，打造百亿级疫苗产业集群。',
    links: [
      {
        name: '菌毒种与细胞基质',
        tier: 'upstream',
        enough: 2,
        targets: [{ name: '某国家级菌毒种保藏机构分中心', region: '北京', why: '本地无菌毒种资源，研发依赖外购' }],
        products: ['细胞基质库', '毒种扩繁中心'],
      },
      {
        name: '佐剂与培养基',
        tier: 'upstream',
        targets: [
          { name: '某佐剂龙头企业', region: '上海', why: '佐剂全部外购，成本高、供货周期长' },
          { name: '某无血清培养基企业', region: '苏州', why: '培养基国产替代' },
        ],
        products: ['无血清培养基', '铝佐剂', '新型佐剂'],
      },
      { name: '包材与耗材', tier: 'upstream', products: ['预灌封注射器', '中硼硅西林瓶', '一次性生物反应袋'] },
      { name: '疫苗研发（CRO）', tier: 'midstream', enough: 2, products: ['疫苗临床前研究平台', 'mRNA疫苗研发中心'] },
      { name: '原液生产', tier: 'midstream', products: ['狂犬疫苗原液', '流感疫苗原液', '多联疫苗原液'] },
      {
        name: '制剂灌装（CDMO）',
        tier: 'midstream',
        products: ['疫苗灌装线', '生物制剂CDMO基地'],
      },
      {
        name: '西林瓶灌装',
        tier: 'midstream',
        under: '制剂灌装（CDMO）',
        enough: 1,
        targets: [{ name: '某CDMO企业', region: '杭州', why: '本地无商业化灌装产能' }],
        products: ['西林瓶灌装车间'],
      },
      {
        name: '冷链物流',
        tier: 'downstream',
        targets: [{ name: '某医药冷链物流企业', region: '郑州', why: '疫苗出县配送依赖外地冷链' }],
        products: ['医药冷链仓储中心', '疫苗配送中心'],
      },
      { name: '接种服务与数字化', tier: 'downstream', enough: 1, products: ['数字化接种门诊', '疫苗追溯平台'] },
    ],
  },
  {
    name: '细胞治疗',
    chief: 'chenhui',
    unit: 'wjj',
    park: 'kfq',
    industry: '生物医药',
    description: '依托县人民医院临床资源，引进干细胞、免疫细胞治疗企业，建设细胞治疗产业园。',
    links: [
      { name: '细胞存储库', tier: 'upstream', enough: 1, products: ['干细胞存储库', '免疫细胞库'] },
      {
        name: '试剂与设备',
        tier: 'upstream',
        targets: [{ name: '某生物反应器企业', region: '深圳', why: '细胞制备设备全部依赖进口' }],
        products: ['细胞培养试剂', '生物反应器'],
      },
      {
        name: 'CAR-T研发',
        tier: 'midstream',
        enough: 1,
        targets: [{ name: '某CAR-T创新药企', region: '上海', why: '临床资源与产业化基地互补' }],
        products: ['CAR-T制备中心'],
      },
      { name: '干细胞制剂', tier: 'midstream', products: ['干细胞制剂生产基地', '间充质干细胞中试平台'] },
      { name: '临床转化', tier: 'downstream', enough: 1, products: ['细胞治疗临床研究中心'] },
      {
        name: '第三方检测',
        tier: 'downstream',
        enough: 1,
        targets: [{ name: '某第三方医学检测机构', region: '武汉', why: '细胞制剂放行检测需外送' }],
        products: ['细胞质量检测中心'],
      },
    ],
  },
  {
    name: '新材料',
    chief: 'gongying',
    unit: 'jfj',
    park: 'kfq',
    industry: '新材料',
    description: '以光伏玻璃、电子级硅材料为主攻方向，延伸新能源组件和绿色建材。',
    links: [
      { name: '石英砂与矿产资源', tier: 'upstream', products: ['高纯石英砂提纯', '石英砂精选'] },
      { name: '化工原料', tier: 'upstream', products: ['纯碱深加工', '电子化学品'] },
      { name: '光伏玻璃', tier: 'midstream', products: ['光伏压延玻璃', '超白玻璃深加工'] },
      {
        name: '电子级硅材料',
        tier: 'midstream',
        targets: [{ name: '某电子级多晶硅企业', region: '江苏', why: '产业链关键环节空白' }],
        products: ['电子级多晶硅', '硅片切割'],
      },
      { name: '改性塑料', tier: 'midstream', products: ['改性工程塑料', '可降解材料'] },
      { name: '新能源组件', tier: 'downstream', products: ['光伏组件', '储能电池包'] },
      { name: '绿色建材', tier: 'downstream', products: ['装配式建材', '新型墙体材料'] },
    ],
  },
  {
    name: '农产品加工',
    chief: 'liuyang',
    unit: 'nyncj',
    park: 'lqz',
    industry: '农产品加工',
    description: '做强粮油、果蔬精深加工，发展预制菜，延伸冷链和电商，促进一二三产业融合。',
    links: [
      { name: '优质粮源基地', tier: 'upstream', products: ['高标准农田托管', '优质小麦订单基地'] },
      { name: '特色果蔬种植', tier: 'upstream', products: ['设施蔬菜基地', '高山茶园'] },
      { name: '粮油精深加工', tier: 'midstream', products: ['面粉深加工', '食用油精炼'] },
      {
        name: '预制菜',
        tier: 'midstream',
        targets: [{ name: '某预制菜龙头企业', region: '广东', why: '本地原料丰富、缺少精深加工' }],
        products: ['预制菜生产基地', '中央厨房'],
      },
      { name: '果蔬饮品', tier: 'midstream', products: ['果汁饮料', '茶饮料'] },
      { name: '冷链仓储', tier: 'downstream', products: ['农产品冷链仓储', '产地预冷中心'] },
      {
        name: '电商与品牌营销',
        tier: 'downstream',
        enough: 2,
        targets: [{ name: '某直播电商基地运营商', region: '杭州', why: '农产品品牌弱、线上渠道少' }],
        products: ['农产品电商产业园', '直播电商基地'],
      },
    ],
  },
];

const FIRMS = [
  '华澜',
  '瑞丰',
  '中科',
  '恒达',
  '鑫源',
  '康泰',
  '博远',
  '正邦',
  '海川',
  '金穗',
  '天诚',
  '宏业',
  '嘉禾',
  '远景',
];
const KINDS: Record<string, string[]> = {
  生物医药: ['生物科技有限公司', '生物制药股份有限公司', '医药集团有限公司'],
  新材料: ['新材料科技有限公司', '材料股份有限公司', '实业集团有限公司'],
  农产品加工: ['食品有限公司', '农业发展有限公司', '粮油集团有限公司'],
};
const REGIONS = ['上海', '江苏', '浙江', '广东', '北京', '山东', '湖北', '四川'];
const LOST_REASONS = [
  '投资方资金链紧张，暂缓投资',
  '投资方选择邻县落地，对方土地价格更低',
  '项目环评要求无法满足，终止洽谈',
  '企业战略调整，项目取消',
];
/** Why a lead left without follow-up was given up, by the stage it had reached (what offices write when closing). */
const GIVEN_UP: Partial<Record<LeadStage, string[]>> = {
  lead: [
    '多次联系投资方未获回应，线索核实无效',
    '中介方提供的信息不实，核实后无真实投资主体',
    '投资方产品方向与我县产业链定位不符',
    '投资方经评估后决定在原籍地扩产，不再外迁',
  ],
  contact: [
    '投资方经评估后决定在原籍地扩产，不再外迁',
    '项目用地需求超出园区可供规模，无法承接',
    '投资方对接意愿减弱，长期无实质进展',
    '投资方产品方向与我县产业链定位不符',
  ],
  visit: [
    '投资方考察后认为物流成本偏高，选择沿海地区落地',
    '投资方选择邻县落地，对方土地价格更低',
    '项目能耗指标超出我县可承受范围',
    '投资方考察后未再回应，项目搁置',
  ],
  negotiation: [
    '双方在供地价格和配套条件上未达成一致',
    '投资方要求税收返还，不符合公平竞争审查规定，终止洽谈',
    '项目环评要求无法满足，终止洽谈',
    '投资方资金链紧张，暂缓投资',
  ],
  signed: [
    '签约后投资方资金迟迟未到位，经协商解除投资协议',
    '投资方母公司重组，项目终止，投资协议解除',
    '企业战略调整，项目取消，协议终止',
  ],
  registered: ['公司注册后长期未实质性投资，依约终止合作并注销', '投资方资金链断裂，项目停止推进，协议解除'],
};
const SITE_NAMES = ['原砖瓦厂', '原纺织厂', '原酒厂', '原化肥厂', '原农机站', '原造纸厂', '原粮站', '原水泥制品厂'];

export async function seedDemoInvestment(
  deps: AppDeps,
  opts: { today: IsoDate; log?: (m: string) => void },
): Promise<number> {
  if (opts.today < '2026-01-05') return 0;
  const today = opts.today;
  const { org, supervision, attachments, database } = deps;
  const db = database.db;
  const projects = createProjectService({ db, audit: deps.audit, org, supervision, attachments });
  const enterprises = createEnterpriseService({ db, audit: deps.audit, org });
  const inv = createInvestmentService({
    db,
    audit: deps.audit,
    org,
    attachments,
    projects,
    enterprises,
    today: () => today,
  });
  const random = rng(20260219);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const meta = { requestId: 'seed-demo-investment' };
  const log = (m: string) => opts.log?.(`招商引资：${m}`);

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
  const people = (await org.listPeople(office, { active: 'true', page: 1, pageSize: 10000 })).items;
  const unitOf = new Map<string, string>();
  for (const p of people.filter((p) => p.roles.includes('unit_clerk')))
    unitOf.set(p.username.replace(/\.clerk$/, ''), p.unitId);
  const personOf = (username: string) => people.find((p) => p.username === username)!.id;
  const leaders = people.filter((p) => p.roles.includes('leader'));
  const leaderFor = (unitId: string) => leaders.find((l) => l.leaderUnitIds.includes(unitId))?.id ?? null;
  const units = await org.listUnits(office);
  const townships = units.filter((u) => u.kind === 'township' || u.kind === 'park');

  // ---------- chains ----------
  const linkIds = new Map<string, { chainId: string; linkId: string; link: DemoLink; chain: DemoChain }>();
  for (const c of CHAINS) {
    const chainId = await inv.createChain(
      office,
      {
        name: c.name,
        chiefLeaderId: personOf(c.chief),
        leadUnitId: unitOf.get(c.unit)!,
        parkUnitId: unitOf.get(c.park) ?? null,
        description: c.description,
      },
      meta,
    );
    let order = 0;
    for (const l of c.links) {
      const linkId = await inv.createLink(
        office,
        chainId,
        {
          name: l.name,
          tier: l.tier,
          parentId: l.under ? linkIds.get(`${c.name}/${l.under}`)!.linkId : null,
          sortOrder: (order += 10),
          enough: l.enough ?? 3,
          enterpriseIds: [],
          anchorIds: [],
          divisions: [],
          targets: l.targets ?? [],
          description: '',
        },
        meta,
      );
      linkIds.set(`${c.name}/${l.name}`, { chainId, linkId, link: l, chain: c });
    }
  }
  const allLinks = [...linkIds.values()];

  // A tiny PNG as the evidence of signed agreements and funds (a real county uploads the scans).
  const png = Buffer.from(
    '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c48900000' +
      '00d4944415478da63f8cfc0f01f0005000201ffa65f1b0a0000000049454e44ae426082',
    'hex',
  );

  // ---------- leads ----------
  const clerkOf = new Map<string, Actor>();
  const actorForUnit = async (code: string) => {
    if (!clerkOf.has(code)) clerkOf.set(code, await actorOf(`${code}.clerk`));
    return clerkOf.get(code)!;
  };
  type Plan = { reach: LeadStage | 'lost'; link: (typeof allLinks)[number] };
  const STAGE_MIX: (LeadStage | 'lost')[] = [
    ...Array<LeadStage>(24).fill('lead'),
    ...Array<LeadStage>(22).fill('contact'),
    ...Array<LeadStage>(20).fill('visit'),
    ...Array<LeadStage>(22).fill('negotiation'),
    ...Array<LeadStage>(14).fill('signed'),
    ...Array<LeadStage>(12).fill('registered'),
    ...Array<LeadStage>(6).fill('started'),
    ...Array<LeadStage>(4).fill('producing'),
    ...Array<'lost'>(16).fill('lost'),
  ];
  const plans: Plan[] = STAGE_MIX.map((reach, i) => ({ reach, link: allLinks[(i * 7) % allLinks.length]! }));
  const ORDER: LeadStage[] = [
    'lead',
    'contact',
    'visit',
    'negotiation',
    'signed',
    'registered',
    'started',
    'producing',
  ];
  const landed: { leadId: string; need: { kind: 'land' | 'floor'; min: number } }[] = [];
  let made = 0;
  let n = 0;
  const record = async (actor: Actor, id: string, body: Parameters<typeof inv.recordStage>[3]) => {
    const cur = await inv.getLead(actor, id);
    return inv.recordStage(actor, id, cur.version, body, meta);
  };

  async function oneLead(
    plan: Plan,
    fixed?: {
      name: string;
      investor: string;
      investment: number;
      unitCode: string;
      leaderId: string | null;
      signBy: IsoDate;
    },
  ) {
    n++;
    const { link, chain } = plan.link;
    const unitCode = fixed?.unitCode ?? (n % 3 === 0 ? chain.unit : n % 5 === 0 ? 'kfq' : 'zsfw');
    const actor = await actorForUnit(unitCode);
    const unitId = unitOf.get(unitCode)!;
    const investor = fixed?.investor ?? `${pick(FIRMS)}${pick(KINDS[chain.industry] ?? KINDS['新材料']!)}`;
    const product = pick(link.products);
    const projectName = fixed?.name ?? `${product}${pick(['项目', '生产基地', '产业化项目'])}`;
    const stepsNeeded = plan.reach === 'lost' ? 3 : ORDER.indexOf(plan.reach);
    // Received within the last two years, early enough for its steps (10–45 days each).
    const span = 700 - stepsNeeded * 30;
    let day = fixed
      ? addDays(fixed.signBy, -(stepsNeeded * 25 + 20))
      : addDays(today, -(30 + Math.floor(random() * span)));
    const land = random() < 0.65;
    const min = land ? Math.round(10 + random() * 110) : Math.round((2000 + random() * 18000) / 100) * 100;
    const id = await inv.createLead(
      actor,
      {
        investor,
        projectName,
        industry: chain.industry,
        chainId: plan.link.chainId,
        linkId: plan.link.linkId,
        investment: fixed?.investment ?? Math.round((3000 + random() * 120000) / 100) * 100,
        investmentUnit: '万元',
        space: {
          kind: land ? 'land' : 'floor',
          min,
          max: Math.round(min * 1.2),
          landUse: (land ? 'industrial' : pick(['industrial', 'warehouse'])) as LandUse,
          powerKva: Math.round(500 + random() * 4000),
          waterTonsPerDay: Math.round(20 + random() * 300),
        },
        source: pick(LEAD_SOURCES),
        responsibleUnitId: unitId,
        taskForce: `${chain.name}产业链招商专班`,
        leaderId:
          fixed?.leaderId ?? (n % 4 === 0 ? personOf(chain.chief) : (leaderFor(unitId) ?? personOf(chain.chief))),
        description: `${investor}拟在云溪投资建设${projectName}，来自${pick(REGIONS)}。`,
        receivedOn: day,
      },
      meta,
    );
    made++;
    const targetIndex = plan.reach === 'lost' ? 1 + Math.floor(random() * 3) : ORDER.indexOf(plan.reach);
    for (let s = 1; s <= targetIndex; s++) {
      const next = addDays(day, 10 + Math.floor(random() * 35));
      if (next > today) break;
      day = next;
      const stage = ORDER[s]!;
      const signed = stage === 'signed';
      const evidence = signed ? [(await attachments.upload(actor, '投资协议.png', png)).id] : [];
      await record(actor, id, {
        stage,
        date: day,
        note: signed
          ? '签订投资协议'
          : `${['首次对接', '赴企业考察', '实地考察选址', '商谈供地与配套'][Math.min(s - 1, 3)]}`,
        attachmentIds: evidence,
        occasion: signed ? pick(['县招商推介会', '云溪经开区项目签约仪式', '驻点招商签约']) : null,
      });
      // One investment signed again at the city's ceremony: counted once.
      if (signed && n % 4 === 0 && addDays(day, 20) <= today) {
        day = addDays(day, 20);
        await record(actor, id, {
          stage: 'signed',
          date: day,
          note: '参加市重大项目集中签约',
          attachmentIds: [],
          occasion: '市重大项目集中签约活动',
        });
      }
    }
    if (plan.reach === 'lost' && addDays(day, 15) <= today) {
      await record(actor, id, {
        stage: 'lost',
        date: addDays(day, 15),
        note: '',
        attachmentIds: [],
        reason: pick(LOST_REASONS),
      });
      return { id, actor };
    }
    // Follow-ups: most leads are followed recently, some are left to stall (yellow, red).
    const cur = await inv.getLead(actor, id);
    if (!cur.closed && ORDER.indexOf(cur.typedStage) < ORDER.indexOf('started') && random() < 0.6) {
      const f = addDays(today, -Math.floor(random() * 12));
      if (f > (cur.lastEventOn ?? ''))
        await record(actor, id, {
          stage: cur.typedStage,
          date: f,
          note: '电话跟进，了解最新投资意向',
          attachmentIds: [],
        });
    }
    if (cur.space) landed.push({ leadId: id, need: { kind: cur.space.kind, min: cur.space.min } });
    return { id, actor };
  }

  for (const p of plans) {
    try {
      await oneLead(p);
    } catch (e) {
      log(`线索未能生成：${(e as Error).message}`);
    }
  }

  // The library's attracted projects came from leads: each one a lead signed before it entered the library, then
  // linked, so its 开工 and 投产 are the project's pool moves.
  // The industrial projects of the economic units came from leads (招大引强): a dozen of them, linked.
  const industrial = (await projects.list(office, { page: 1, pageSize: 1000, sort: 'serial', type: ['industry'] }))
    .items;
  const attracted = industrial
    .filter((p) =>
      [...unitOf].some(([code, u]) => u === p.responsibleUnitId && ['zsfw', 'kfq', 'jfj', 'kjj'].includes(code)),
    )
    // Most of them under way (their 开工/投产 the library's), a few still in 储备/前期.
    .sort(
      (a, b) =>
        Number(['reserve', 'preliminary'].includes(a.pool)) - Number(['reserve', 'preliminary'].includes(b.pool)),
    )
    .slice(0, 12);
  for (const [i, p] of attracted.entries()) {
    try {
      const moves = await projects.moves(office, p.id);
      const entered = moves.at(-1)!.date;
      const chainLink = allLinks.filter((l) => l.chain.name === (i % 2 === 0 ? '新材料' : '新一代疫苗'))[i % 5]!;
      const { id, actor } = await oneLead(
        { reach: 'signed', link: chainLink },
        {
          name: p.name,
          investor: p.ownerEnterprise ?? '投资方',
          investment: p.totalInvestment,
          unitCode: [...unitOf].find(([, u]) => u === p.responsibleUnitId)?.[0] ?? 'zsfw',
          leaderId: p.leaderId,
          signBy: addDays(entered, -5),
        },
      );
      const cur = await inv.getLead(actor, id);
      if (cur.typedStage !== 'signed') continue;
      await inv.convert(
        office,
        id,
        (await inv.getLead(office, id)).version,
        { pool: 'reserve', type: 'industry', projectId: p.id },
        meta,
      );
    } catch (e) {
      log(`招引项目未能关联线索：${(e as Error).message}`);
    }
  }

  // An office does not leave a dead lead open for a year and a half: one untouched for twice its stage's red limit was
  // closed as lost with the reason found when it was given up (some weeks past red), so only a handful stall, yellow or
  // red, as in a real pipeline. A lead under construction (开工) is followed on site, not given up. A generator of its
  // own, so the draws of the rest of the story stay as they were.
  const fate = rng(20261207);
  const give = <T>(xs: readonly T[]): T => xs[Math.floor(fate() * xs.length)]!;
  for (const l of await inv.allLeads(office, { state: 'open' })) {
    if (l.projectId || !l.lastEventOn || l.light === 'none') continue;
    const limit = DEFAULT_STALL_DAYS[l.typedStage].red;
    const idle = daysBetween(l.lastEventOn, today);
    if (idle < 2 * limit) continue;
    const actor = await actorForUnit([...unitOf].find(([, u]) => u === l.responsibleUnitId)![0]);
    try {
      if (l.typedStage === 'started') {
        await record(actor, l.id, {
          stage: 'started',
          date: addDays(today, -(3 + Math.floor(fate() * 20))),
          note: give(['现场查看施工进度，主体工程推进正常', '协调施工用电，项目加快建设', '了解设备采购和安装进度']),
          attachmentIds: [],
        });
        continue;
      }
      const on = addDays(l.lastEventOn, limit + 10 + Math.floor(fate() * 50));
      await record(actor, l.id, {
        stage: 'lost',
        date: on < today ? on : addDays(today, -1),
        note: '',
        attachmentIds: [],
        reason: give(GIVEN_UP[l.typedStage] ?? GIVEN_UP.lead!),
      });
    } catch (e) {
      log(`久未跟进的线索未能办结：${(e as Error).message}`);
    }
  }

  // 到位资金 of signed leads, with a bank receipt, most confirmed by the office.
  const signedLeads = (await inv.allLeads(office, {})).filter((l) => l.signedOn && !l.closed);
  for (const [i, l] of signedLeads.entries()) {
    const date = addDays(l.signedOn!, 30) <= today ? addDays(l.signedOn!, 30) : today;
    const unitCode = [...unitOf].find(([, u]) => u === l.responsibleUnitId)![0];
    const actor = await actorForUnit(unitCode);
    const receipt = await attachments.upload(actor, '银行进账单.png', png);
    const f = await inv.addFunds(
      actor,
      l.id,
      {
        amount: Math.round(l.investment * (0.1 + random() * 0.4)),
        amountUnit: '万元',
        date,
        note: '首期资金到位',
        attachmentIds: [receipt.id],
      },
      meta,
    );
    if (i % 5 !== 0) await inv.confirmFunds(office, l.id, f.items.at(-1)!.id, meta);
  }

  // ---------- the agreements' commitments (履约) ----------
  // Each signed lead's agreement: the investor's (investment in place, 开工, 投产, jobs) and the county's (land by
  // 自然资源局, power and water by 经发局, a talent policy by 招商服务中心). Those fallen due were mostly fulfilled with
  // evidence and confirmed; some were not — overdue on the core, and an overdue county one a blocker on the project.
  const commitments = createCommitmentService({
    db,
    audit: deps.audit,
    org,
    attachments,
    supervision,
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
    investment: inv,
  });
  const cToday = commitments.today();
  /** What was just written for an item (its creation or closing and their events) is put on the day it happened. */
  const onDay = async (itemId: string, day: IsoDate) => {
    const at = `${day} 10:30:00+08`;
    const recent = `now() - interval '10 minutes'`;
    await database.pool.query(
      `UPDATE supervision_events SET at = $2::timestamptz WHERE item_id = $1 AND at > ${recent}`,
      [itemId, at],
    );
    await database.pool.query(
      `UPDATE supervised_items SET created_at = $2::timestamptz WHERE id = $1 AND created_at > ${recent}`,
      [itemId, at],
    );
    await database.pool.query(
      `UPDATE supervised_items SET closed_at = $2::timestamptz WHERE id = $1 AND closed_at > ${recent}`,
      [itemId, at],
    );
  };
  let promised = 0;
  for (const [i, l] of signedLeads.entries()) {
    const s = l.signedOn!;
    const unitCode = [...unitOf].find(([, u]) => u === l.responsibleUnitId)![0];
    const signer = await actorForUnit(unitCode);
    const mu = l.space?.kind === 'land' ? (l.space.max ?? l.space.min) : null;
    const list: {
      side: 'investor' | 'county';
      type: Parameters<typeof commitments.create>[2]['type'];
      due: IsoDate;
      amount: number | null;
      description: string;
      unit?: string;
    }[] = [
      {
        side: 'investor',
        type: 'investment',
        due: addDays(s, 365),
        amount: l.investment,
        description: '固定资产投资全部到位',
      },
      { side: 'investor', type: 'start', due: addDays(s, 150), amount: null, description: '主体工程开工' },
      { side: 'investor', type: 'production', due: addDays(s, 540), amount: null, description: '一期建成投产' },
      ...(i % 2 === 0
        ? [
            {
              side: 'investor' as const,
              type: 'jobs' as const,
              due: addDays(s, 720),
              amount: 50 + (i % 7) * 30,
              description: '达产后带动就业',
            },
          ]
        : []),
      ...(mu
        ? [
            {
              side: 'county' as const,
              type: 'land' as const,
              due: addDays(s, 90),
              amount: mu,
              description: '净地交付、完成供地手续',
              unit: 'zrzyj',
            },
          ]
        : []),
      {
        side: 'county',
        type: 'power',
        due: addDays(s, 120),
        amount: l.space?.powerKva ?? 1000,
        description: '专线送电到红线',
        unit: 'jfj',
      },
      ...(i % 3 === 0
        ? [
            {
              side: 'county' as const,
              type: 'water' as const,
              due: addDays(s, 120),
              amount: 500,
              description: '工业用水接入',
              unit: 'jfj',
            },
          ]
        : []),
      ...(i % 4 === 0
        ? [
            {
              side: 'county' as const,
              type: 'policy' as const,
              due: addDays(s, 200),
              amount: null,
              description: '人才公寓 10 套（县人才政策）',
              unit: 'zsfw',
            },
          ]
        : []),
    ];
    for (const [k, c] of list.entries()) {
      try {
        const itemId = await commitments.create(
          signer,
          l.id,
          {
            side: c.side,
            type: c.type,
            due: c.due,
            amount: c.amount,
            description: c.description,
            handlingUnitId: c.unit ? unitOf.get(c.unit)! : null,
          },
          meta,
        );
        // The services write the clock's time; the agreement's promises were recorded on the day it was signed.
        await onDay(itemId, s);
        promised++;
        if (c.due > cToday) continue;
        // Most promises fallen due were kept, a few days early; one in four (more of the county's land) was not.
        if ((i + k) % 4 === 0 || (c.type === 'land' && i % 5 === 1)) continue;
        const created = (await commitments.list(office, l.id)).items.find(
          (x) => x.type === c.type && x.side === c.side && x.state === 'assigned',
        );
        if (!created) continue;
        const doer = c.unit ? await actorForUnit(c.unit) : signer;
        const on = addDays(c.due, -((i + k) % 10));
        const date = on < s ? s : on;
        const proof = await attachments.upload(doer, c.side === 'county' ? '交付确认书.png' : '验资报告.png', png);
        await commitments.fulfil(
          doer,
          l.id,
          created.id,
          { date, note: `${c.description}，已完成`, attachmentIds: [proof.id] },
          meta,
        );
        await commitments.confirm(office, l.id, created.id, { accept: true }, meta);
        await onDay(created.id, date);
      } catch (e) {
        log(`协议承诺未能登记：${(e as Error).message}`);
      }
    }
  }
  if (promised > 0) {
    await commitments.raiseOverdue(office.jurisdictionId);
    // Each blocker was raised the day after its promise fell due, not on the day the demo was loaded.
    for (const sqlText of [
      `UPDATE supervision_events e SET at = ((c.due + 1)::text || ' 09:00:00+08')::timestamptz
         FROM lead_commitments c WHERE c.blocker_id = e.item_id AND e.at > now() - interval '10 minutes'`,
      `UPDATE supervised_items i SET created_at = ((c.due + 1)::text || ' 09:00:00+08')::timestamptz
         FROM lead_commitments c WHERE c.blocker_id = i.id AND i.created_at > now() - interval '10 minutes'`,
    ])
      await database.pool.query(sqlText);
  }

  // ---------- sites ----------
  const kfq = unitOf.get('kfq')!;
  const siteIds: { id: string; kind: 'land' | 'floor'; area: number }[] = [];
  // Each site somewhere inside the county's outline (the project map's boundary), for the 招商地图; a generator of its
  // own, so the sites' other draws stay as they were.
  const outline = await projects.boundaryOf(office.jurisdictionId);
  const place = rng(20261206);
  const placeIn = () => {
    if (!outline) return null;
    const [x0, y0, x1, y1] = bbox(outline.boundary);
    for (let k = 0; k < 200; k++) {
      const lng = Math.round((x0 + place() * (x1 - x0)) * 1e5) / 1e5;
      const lat = Math.round((y0 + place() * (y1 - y0)) * 1e5) / 1e5;
      if (contains(outline.boundary, lng, lat)) return { lng, lat };
    }
    return null;
  };
  for (let i = 0; i < 60; i++) {
    const town = i % 3 === 0 ? units.find((u) => u.id === kfq)! : townships[i % townships.length]!;
    const land = i % 5 < 3;
    const area = land ? Math.round(8 + random() * 140) : Math.round((1500 + random() * 28000) / 100) * 100;
    const enterprise = i % 3 !== 1;
    const name = land
      ? `${town.shortName}${SITE_NAMES[i % SITE_NAMES.length]}地块`
      : `${town.shortName}${enterprise ? `${pick(FIRMS)}公司闲置厂房` : `标准厂房${(i % 9) + 1}号楼`}`;
    const holder = town.kind === 'park' ? 'kfq' : [...unitOf].find(([, u]) => u === town.id)?.[0];
    const id = await inv.createSite(
      holder ? await actorForUnit(holder) : office,
      {
        name,
        kind: land ? 'land' : 'floor',
        area,
        landUse: land ? (i % 7 === 0 ? 'mixed' : 'industrial') : pick(['industrial', 'warehouse'] as const),
        address: `${town.name}`,
        townshipUnitId: town.id,
        responsibleUnitId: holder ? unitOf.get(holder) : undefined,
        ownership: enterprise ? 'enterprise' : 'state',
        owner: enterprise ? `${pick(FIRMS)}实业有限公司（亩均评价D类）` : '县国有资产运营公司',
        powerKva: Math.round(200 + random() * 5000),
        waterTonsPerDay: Math.round(10 + random() * 400),
        askingTerms: land
          ? `挂牌出让，约 ${Math.round(10 + random() * 20)} 万元/亩`
          : `租赁，约 ${(8 + random() * 10).toFixed(1)} 元/㎡·月`,
        location: placeIn(),
      },
      meta,
      undefined,
      addDays(today, -(200 + Math.floor(random() * 400))),
    );
    siteIds.push({ id, kind: land ? 'land' : 'floor', area });
  }
  // Some sites negotiated with a lead, some 盘活 by one (the site that fits the lead best).
  let revitalised = 0;
  let negotiating = 0;
  const taken = new Set<string>();
  for (const l of landed) {
    if (revitalised >= 14 && negotiating >= 10) break;
    const lead = await inv.getLead(office, l.leadId);
    if (lead.closed) continue;
    const site = (await inv.leadMatches(office, l.leadId)).items.map((m) => m.site).find((x) => !taken.has(x.id));
    if (!site) continue;
    const landedLead = ['registered', 'started', 'producing'].includes(lead.stage);
    const after = (d: IsoDate) => (d > site.stateSince ? d : site.stateSince);
    try {
      if (landedLead && revitalised < 14) {
        const date = lead.signedOn ? after(addDays(lead.signedOn, 10)) : today;
        await inv.setSiteState(
          office,
          site.id,
          site.version,
          { state: 'revitalised', date: date > today ? today : date, leadId: l.leadId, note: '' },
          meta,
        );
        revitalised++;
        taken.add(site.id);
      } else if (['negotiation', 'signed'].includes(lead.stage) && negotiating < 10) {
        await inv.setSiteState(
          office,
          site.id,
          site.version,
          { state: 'negotiating', date: today, leadId: l.leadId, note: '' },
          meta,
        );
        negotiating++;
        taken.add(site.id);
      }
    } catch (e) {
      log(`地块状态未能变更：${(e as Error).message}`);
    }
  }
  return made;
}
