import { areaCentres } from './geo';
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { visitEnterprises, visits } from '../modules/enterprises/enterprises.schema';
import type { AppDeps } from '../deps';
import type { Actor } from '../http/access';
import { createServices } from '../app';
import { createEnterpriseService } from '../modules/enterprises/enterprises.service';
import { createDemandService } from '../modules/enterprises/demands.service';
import { createLibraryService } from '../modules/enterprises/libraries.service';
import { createMuService } from '../modules/enterprises/mu.service';
import { addDays, type IsoDate } from '../../shared/domain/dates';
import { addWorkingDays, isWorkingDay } from '../../shared/domain/working-days';
import { addWorkingHours, fromLocalTime, type DemandCategory } from '../../shared/domain/demands';
import { creditCodeCheckChar, CREDIT_CODE_CHARS } from '../../shared/domain/credit-code';
import { sectionOfDivision } from '../../shared/domain/industry';
import type { EnterpriseCreate } from '../../shared/enterprises';
import { DEMO_YEAR } from './directives';
import { rng } from './ledger';

/**
 * The demo county's enterprises and a year of their demands (docs/ENTERPRISES.md): about 300 enterprises across
 * the county's industries, the 开发区 and the townships, key ones 包联 by the county leaders, the others by the
 * park, a township or the department of their trade; and a demand or two a week since January, run through the
 * same services the API uses — contacted and answered on time, some late, a few given back and routed again, some
 * rated 不满意 and reopened, a few withdrawn, the last weeks' still open. Deterministic from `today`.
 */

/** Trades of the county: 大类, the words a name is made of, and where such firms sit. */
const TRADES: { division: string; words: string[]; suffix: string; park: number; weight: number }[] = [
  { division: '13', words: ['粮油', '米业', '饲料'], suffix: '有限公司', park: 0.3, weight: 14 },
  { division: '14', words: ['食品', '茶食品', '调味品'], suffix: '有限公司', park: 0.5, weight: 14 },
  { division: '15', words: ['茶业', '酒业', '饮品'], suffix: '有限公司', park: 0.2, weight: 10 },
  { division: '17', words: ['纺织', '织造'], suffix: '有限公司', park: 0.7, weight: 10 },
  { division: '20', words: ['竹木', '木业'], suffix: '有限公司', park: 0.3, weight: 10 },
  { division: '26', words: ['化工', '新材料'], suffix: '股份有限公司', park: 0.95, weight: 8 },
  { division: '27', words: ['药业', '生物医药'], suffix: '有限公司', park: 0.9, weight: 6 },
  { division: '29', words: ['塑业', '橡胶制品'], suffix: '有限公司', park: 0.8, weight: 8 },
  { division: '30', words: ['建材', '石材', '新型墙材'], suffix: '有限公司', park: 0.5, weight: 12 },
  { division: '33', words: ['五金', '金属制品'], suffix: '有限公司', park: 0.8, weight: 10 },
  { division: '34', words: ['机械', '泵业'], suffix: '有限公司', park: 0.9, weight: 10 },
  { division: '35', words: ['智能装备', '专用设备'], suffix: '有限公司', park: 0.95, weight: 8 },
  { division: '36', words: ['汽车零部件', '车业'], suffix: '有限公司', park: 0.95, weight: 6 },
  { division: '38', words: ['电气', '电机', '新能源'], suffix: '有限公司', park: 0.95, weight: 10 },
  { division: '39', words: ['电子', '光电'], suffix: '科技有限公司', park: 1, weight: 8 },
  { division: '44', words: ['光伏电力', '热电'], suffix: '有限公司', park: 0.5, weight: 3 },
  { division: '48', words: ['建设工程', '路桥'], suffix: '有限公司', park: 0, weight: 8 },
  { division: '51', words: ['商贸', '农资'], suffix: '有限公司', park: 0, weight: 14 },
  { division: '52', words: ['超市', '百货'], suffix: '有限公司', park: 0, weight: 10 },
  { division: '54', words: ['物流', '运输'], suffix: '有限公司', park: 0.3, weight: 8 },
  { division: '61', words: ['酒店', '民宿'], suffix: '有限公司', park: 0, weight: 6 },
  { division: '65', words: ['信息技术', '软件'], suffix: '有限公司', park: 0.6, weight: 5 },
  { division: '01', words: ['农业开发', '果蔬', '茶园'], suffix: '专业合作社', park: 0, weight: 12 },
  { division: '03', words: ['牧业', '生态养殖'], suffix: '有限公司', park: 0, weight: 8 },
];
const HEADS = [
  '云溪',
  '溪源',
  '青石',
  '龙泉',
  '白云',
  '东湖',
  '柳林',
  '双溪',
  '梅岭',
  '桃源',
  '鑫达',
  '恒泰',
  '华盛',
  '宏远',
  '金穗',
  '瑞丰',
  '嘉禾',
  '永昌',
  '博创',
  '新源',
  '天合',
  '汇通',
  '众诚',
  '顺达',
  '安泰',
  '绿源',
  '锦程',
  '明辉',
];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余';
const GIVEN = ['建华', '国强', '志明', '海燕', '晓东', '丽娟', '伟', '敏', '军', '芳', '俊杰', '春梅', '立新', '红霞'];

const TEXTS: Record<DemandCategory, string[]> = {
  policy: [
    '想了解今年技术改造项目设备投资补助的申报条件和时间。',
    '企业研发费用加计扣除如何备案，需要哪些材料？',
    '首次升规纳统企业奖励政策是否还有，如何兑现？',
    '高新技术企业认定需要提前做哪些准备？',
  ],
  land: [
    '二期扩产需新增用地约 30 亩，请协调用地指标。',
    '厂区不动产权证办理遇到历史遗留问题，请协调。',
    '现有厂房容积率偏低，想申请加层改造，请明确审批路径。',
  ],
  labour: [
    '春节后普工缺口约 60 人，请协助对接劳务输出地。',
    '需要招聘数控技工 15 名，希望对接职业院校订单式培养。',
    '员工子女入学问题，请协调就近入学。',
  ],
  finance: [
    '流动资金紧张，希望对接银行办理 500 万元信用贷款。',
    '技改项目贷款贴息申请进度较慢，请协调。',
    '希望了解政府性融资担保的申请条件。',
  ],
  energy: [
    '新生产线投产需用电增容，申请已一个多月未批复。',
    '天然气供气压力不足影响生产，请协调燃气公司。',
    '想建设屋顶分布式光伏，请明确并网手续。',
  ],
  approval: [
    '新建仓库的施工许可办理进度慢，请协调。',
    '环评批复迟迟未下，影响项目开工。',
    '消防验收预约排期过长，影响投产。',
  ],
  infrastructure: [
    '厂区门口道路破损严重，大货车通行困难，请协调修复。',
    '园区污水管网未接通，企业排水受影响。',
    '厂区周边路灯不亮，夜班职工出行不安全。',
  ],
  legal: ['与外地客户的货款纠纷，希望获得法律咨询帮助。', '厂房租赁合同纠纷，请协调调解。'],
  other: ['希望组织企业参加省外产品展销会。', '企业周边噪声扰民投诉，希望协调沟通。'],
};
const REPLIES: Record<DemandCategory, string> = {
  policy: '已上门解读政策，申报材料清单和时间节点已书面告知，并明确专人辅导申报。',
  land: '已会同自然资源局现场踏勘，用地已纳入年度供地计划，按程序推进。',
  labour: '已对接人社部门和职业院校，组织专场招聘会一场，推荐求职人员到企业面试。',
  finance: '已组织银企对接，合作银行已完成授信审批，贷款已发放。',
  energy: '已协调供电公司现场办公，增容方案已确定并完成接电。',
  approval: '已启动并联审批，相关许可已办结，证照已送达企业。',
  infrastructure: '已协调交通、住建部门制定整改方案，施工已完成并通过验收。',
  legal: '已安排法律顾问提供咨询，并组织双方调解，达成和解协议。',
  other: '已按企业诉求协调相关部门办理完毕，并电话回访确认。',
};
/** A category's demands go to the department whose trade it is, else to the enterprise's 包联 unit. */
const CATEGORY_UNIT: Partial<Record<DemandCategory, string>> = {
  land: 'zrzyj',
  finance: 'jrb',
  energy: 'fgj',
  infrastructure: 'zjj',
};

export async function seedDemoEnterprises(
  base: AppDeps,
  opts: { today: IsoDate; log?: (m: string) => void },
): Promise<number> {
  const start = `${DEMO_YEAR}-01-05` as IsoDate;
  if (opts.today < start) return 0;
  let simNow = new Date();
  const deps = createServices(base.config, base.database, base.demo, { today: () => opts.today });
  const { org, database } = deps;
  const db = database.db;
  const enterprises = createEnterpriseService({ db, audit: deps.audit, org, today: () => opts.today });
  const demands = createDemandService({
    db,
    audit: deps.audit,
    org,
    supervision: deps.supervision,
    calendar: deps.calendar,
    attachments: deps.attachments,
    notifications: deps.notifications,
    enterprises,
    now: () => simNow,
    channelLimits: { perAddressPerHour: 1e9, perCodePerDay: 1e9 },
  });
  const random = rng(20260301);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;

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
  if ((await enterprises.list(office, { page: 1, pageSize: 1 })).total > 0) return 0;
  const units = (await org.listUnits(office)).filter((u) => u.active);
  const centres = areaCentres(units);
  const people = (await org.listPeople(office, { active: 'true', page: 1, pageSize: 10000 })).items;
  const clerkOf = new Map<string, string>();
  const unitByCode = new Map<string, string>();
  for (const p of people.filter((q) => q.roles.includes('unit_clerk'))) {
    clerkOf.set(p.unitId, p.username);
    unitByCode.set(p.username.replace(/\.clerk$/, ''), p.unitId);
  }
  const park = units.find((u) => u.kind === 'park')!;
  const townships = units.filter((u) => u.kind === 'township');
  const leaderOfUnit = new Map<string, string>();
  for (const p of people.filter((q) => q.roles.includes('leader')))
    for (const u of (await org.accountById(p.id))!.leaderUnitIds) leaderOfUnit.set(u, p.id);
  const meta = { requestId: 'seed-demo-enterprises' };

  // ---------- the registry ----------
  const weights = TRADES.flatMap((t, i) => Array<number>(t.weight).fill(i));
  const names = new Set<string>();
  const inputs: EnterpriseCreate[] = [];
  for (let i = 0; inputs.length < 300 && i < 5000; i++) {
    const trade = TRADES[pick(weights)]!;
    const name = `云溪县${pick(HEADS)}${pick(trade.words)}${trade.suffix}`;
    if (names.has(name)) continue;
    names.add(name);
    const inPark = random() < trade.park;
    const area = inPark ? park : pick(townships);
    const big = random();
    const scale = big < 0.3 ? 'above' : 'below';
    const size = big < 0.04 ? 'large' : big < 0.18 ? 'medium' : big < 0.6 ? 'small' : 'micro';
    const section = sectionOfDivision(trade.division)!;
    const liaisonCode = inPark
      ? 'kfq'
      : section === 'A'
        ? 'nyncj'
        : section === 'E'
          ? 'zjj'
          : section === 'I'
            ? 'kjj'
            : section === 'C'
              ? 'jfj'
              : null;
    const liaisonUnitId = (liaisonCode && unitByCode.get(liaisonCode)) || area.id;
    const key = scale === 'above' && (size === 'large' || size === 'medium');
    const first = `9135${String(2200 + (i % 7)).padStart(4, '0')}${Array.from({ length: 9 }, () => pick([...CREDIT_CODE_CHARS])).join('')}`;
    const employees =
      size === 'large'
        ? 800 + Math.floor(random() * 1500)
        : size === 'medium'
          ? 150 + Math.floor(random() * 500)
          : size === 'small'
            ? 20 + Math.floor(random() * 120)
            : 3 + Math.floor(random() * 15);
    inputs.push({
      name,
      creditCode: first + creditCodeCheckChar(first),
      legalRepresentative: `${pick([...SURNAMES])}${pick(GIVEN)}`,
      industrySection: section,
      industryDivision: trade.division,
      scale,
      size,
      areaUnitId: area.id,
      address: `${area.name}${pick(['工业大道', '兴业路', '创新路', '富民路', '沿江路'])}${1 + Math.floor(random() * 300)}号`,
      // Near its area's centre, so the enterprise shows on the maps' layers (招商地图, the project map).
      location: (() => {
        // Spread by the row's number, not by the random stream (which the rest of the demo's story depends on).
        const c = centres.get(area.id);
        return c ? { lng: c.lng + (((i * 37) % 13) - 6) / 200, lat: c.lat + (((i * 53) % 11) - 5) / 200 } : null;
      })(),
      contacts: [
        {
          name: `${pick([...SURNAMES])}${pick(GIVEN)}`,
          title: '办公室主任',
          mobile: `139${String(Math.floor(random() * 1e8)).padStart(8, '0')}`,
        },
      ],
      employees,
      foundedOn: `${1995 + Math.floor(random() * 30)}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-\
${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`,
      key,
      liaisonLeaderId: key ? (leaderOfUnit.get(liaisonUnitId) ?? leaderOfUnit.get(area.id) ?? null) : null,
      liaisonUnitId,
      liaisonPerson: `${pick([...SURNAMES])}${pick(GIVEN)}`,
    });
  }
  // A key enterprise needs its leader: the few whose unit no leader 分管 are not key.
  for (const e of inputs) if (e.key && !e.liaisonLeaderId) e.key = false;
  await db.transaction((tx) => enterprises.createMany(tx, office, inputs));
  // The registry was taken over from the county's list when the year began: 包联 holds since then.
  await db.execute(
    sql`UPDATE enterprise_liaisons SET from_on = ${`${DEMO_YEAR}-01-01`} WHERE jurisdiction_id = ${office.jurisdictionId}`,
  );
  const registered = (await enterprises.listAll(office, {})).filter((e) => e.liaisonUnitId);
  const handovers = await seedDemoHandovers(deps, office, registered, opts.today);

  // ---------- a year of demands ----------
  const cal = await deps.calendar.calendarFor(office.jurisdictionId);
  const at = (day: IsoDate, hhmm: string) => fromLocalTime(`${day}T${hhmm}`);
  const clock = () =>
    `${String(8 + Math.floor(random() * 9)).padStart(2, '0')}:${String(Math.floor(random() * 60)).padStart(2, '0')}`;
  /** Moves what the core just recorded to the simulated moment (events, the item's own times). */
  const stamp = async (id: string) => {
    const t = simNow.toISOString();
    await db.execute(
      sql`UPDATE supervision_events SET at = ${t}::timestamptz WHERE item_id = ${id} AND at > now() - interval '10 minutes'`,
    );
    await db.execute(
      sql`UPDATE supervised_items SET created_at = ${t}::timestamptz WHERE id = ${id} AND created_at > now() - interval '10 minutes'`,
    );
    await db.execute(
      sql`UPDATE supervised_items SET closed_at = ${t}::timestamptz WHERE id = ${id} AND closed_at > now() - interval '10 minutes'`,
    );
  };
  const clerks = new Map<string, Actor>();
  const clerk = async (unitId: string) => {
    if (!clerks.has(unitId)) clerks.set(unitId, await actorOf(clerkOf.get(unitId)!));
    return clerks.get(unitId)!;
  };
  const step = async (label: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
      return true;
    } catch (e) {
      opts.log?.(`企业诉求：${label} 被拒绝：${(e as Error).message}`);
      return false;
    }
  };
  const later = (from: Date, workingHours: number) =>
    fromLocalTime(
      addWorkingHours(new Date(from.getTime() + 8 * 3_600_000).toISOString().slice(0, 16), workingHours, cal),
    );
  const capped = (d: Date) => (d.getTime() > at(opts.today, '17:30').getTime() ? at(opts.today, '17:00') : d);

  let count = 0;
  const categories = Object.keys(TEXTS) as DemandCategory[];
  for (let day = start; day <= opts.today; day = addDays(day, 1)) {
    if (!isWorkingDay(day, cal) || random() > 0.45) continue;
    const e = pick(registered);
    const category = random() < 0.3 ? 'policy' : pick(categories);
    const age = Math.round((fromLocalTime(`${opts.today}T12:00`).getTime() - at(day, '12:00').getTime()) / 86_400_000);
    simNow = at(day, clock());
    const viaChannel = random() < 0.35;
    const handling = (CATEGORY_UNIT[category] && unitByCode.get(CATEGORY_UNIT[category]!)) || e.liaisonUnitId!;
    let id: string;
    let token: string | null = null;
    if (viaChannel) {
      const c = await demands.challenge();
      const [a, b] = /(\d+) \+ (\d+) = \?/.exec(c.question)!.slice(1).map(Number);
      const r = await demands.submitPublic(
        {
          creditCode: e.creditCode,
          enterpriseName: e.name,
          contactName: e.contacts[0]?.name ?? '联系人',
          contactMobile: e.contacts[0]?.mobile ?? '13900000000',
          category,
          text: pick(TEXTS[category]),
          challenge: c.challenge,
          answer: String(a! + b!),
        },
        { ip: '127.0.0.1', requestId: 'seed-demo-enterprises' },
      );
      token = r.token;
      id = (await demands.list(office, { status: 'all', q: r.trackingCode, page: 1, pageSize: 1 })).items[0]!.id;
    } else {
      const r = await demands.create(
        office,
        {
          enterpriseId: e.id,
          category,
          text: pick(TEXTS[category]),
          source: pick(['visit', 'visit', 'hotline', 'leader', 'office'] as const),
          handlingUnitId: handling,
          coUnitIds: handling !== e.liaisonUnitId ? [e.liaisonUnitId!] : [],
          receivedAt: simNow.toISOString(),
        },
        meta,
      );
      id = r.id;
      token = r.token;
    }
    await stamp(id);
    count++;
    const fate = random();
    const recent = age <= 14;
    let d = await demands.get(office, id);
    const unit = await clerk(d.handlingUnitId);
    // Given back by the unit and routed again by the office (a tenth of them).
    if (fate < 0.08 && !recent) {
      simNow = later(simNow, 1.5);
      await step('退回', () => demands.giveBack(unit, id, d.version, '该事项不属于本单位职责，请督查室重新交办', meta));
      await stamp(id);
      simNow = later(simNow, 3);
      d = await demands.get(office, id);
      const other = unitByCode.get(pick(['fgj', 'jfj', 'zrzyj', 'zjj']))!;
      await step('重新交办', () =>
        demands.assign(office, id, d.version, { handlingUnitId: other, coUnitIds: [] }, meta),
      );
      await stamp(id);
    }
    d = await demands.get(office, id);
    const handler = await clerk(d.handlingUnitId);
    if (recent && fate > 0.75) continue; // not yet taken up (the newest ones, some past the contact limit)
    // Contact: on time mostly, a few late.
    simNow = capped(later(simNow, fate > 0.9 ? 5 : 0.5 + random()));
    if (!(await step('联系企业', () => demands.contact(handler, id, d.version, '已电话联系企业负责人', meta))))
      continue;
    await stamp(id);
    if (recent && fate > 0.5) continue; // in hand
    // Withdrawn at the enterprise's request (a few).
    if (fate > 0.97) {
      simNow = capped(later(simNow, 4));
      d = await demands.get(office, id);
      await step('撤单', () => demands.withdraw(office, id, d.version, '企业来电表示问题已自行解决，申请撤回', meta));
      await stamp(id);
      continue;
    }
    // The answer: within a working day mostly; a policy question answered outright; some late, some well late.
    const late = fate > 0.85 && fate <= 0.97;
    const replyAt = late
      ? at(addWorkingDays(simNow.toISOString().slice(0, 10), 3 + Math.floor(random() * 15), cal), clock())
      : later(simNow, 2 + random() * 5);
    simNow = capped(replyAt);
    d = await demands.get(office, id);
    if (
      !(await step('答复', () =>
        demands.reply(handler, id, d.version, { text: REPLIES[category], final: true, attachmentIds: [] }, meta),
      ))
    )
      continue;
    await stamp(id);
    if (recent && fate > 0.3) continue; // waiting for the enterprise's rating
    // The enterprise rates (through its link, or the office on a call-back).
    const rateAs = async (rating: 'satisfied' | 'basically_satisfied' | 'dissatisfied', comment: string | null) => {
      simNow = capped(later(simNow, 4 + random() * 8));
      d = await demands.get(office, id);
      const ok = await step('评价', () =>
        token && random() < 0.7
          ? demands.ratePublic(token, { rating, comment }, { ip: '127.0.0.1', requestId: 'seed-demo-enterprises' })
          : demands.rate(office, id, d.version, { rating, comment }, meta),
      );
      if (ok) await stamp(id);
      return ok;
    };
    const unhappy = fate > 0.15 && fate < 0.25;
    if (!unhappy) {
      await rateAs(random() < 0.8 ? 'satisfied' : 'basically_satisfied', null);
      continue;
    }
    if (!(await rateAs('dissatisfied', '答复没有解决实际问题，希望再协调'))) continue;
    // Reopened: the unit answers again, the enterprise rates once more.
    simNow = capped(later(simNow, 8 + random() * 16));
    d = await demands.get(office, id);
    await step('重办答复', () =>
      demands.reply(
        handler,
        id,
        d.version,
        { text: `重新办理：${REPLIES[category]}分管县领导已督促落实。`, final: true, attachmentIds: [] },
        meta,
      ),
    );
    await stamp(id);
    await rateAs(fate < 0.17 ? 'dissatisfied' : 'basically_satisfied', null);
  }
  // Two stuck ones, as every county has (drawn apart from the year's random run so the rest stays as it is): received
  // five and seven weeks ago, contacted, an interim answer, still in hand past the resolve limit — what the cockpit's
  // 超过办结时限 shows the office, with the unit and its leader.
  const stuck: [DemandCategory, number, number][] = [
    ['land', 25, 1],
    ['finance', 35, 2],
  ];
  for (const [category, workingDaysAgo, n] of stuck) {
    const e = registered[(n * 37) % registered.length]!;
    const handling = (CATEGORY_UNIT[category] && unitByCode.get(CATEGORY_UNIT[category]!)) || e.liaisonUnitId!;
    let day = opts.today;
    for (let k = 0; k < workingDaysAgo; ) if (isWorkingDay((day = addDays(day, -1)), cal)) k++;
    simNow = at(day, '10:20');
    const r = await demands.create(
      office,
      {
        enterpriseId: e.id,
        category,
        text: TEXTS[category][n % TEXTS[category].length]!,
        source: 'hotline',
        handlingUnitId: handling,
        coUnitIds: handling !== e.liaisonUnitId ? [e.liaisonUnitId!] : [],
        receivedAt: simNow.toISOString(),
      },
      meta,
    );
    await stamp(r.id);
    count++;
    const handler = await clerk(handling);
    simNow = later(simNow, 1);
    let d = await demands.get(office, r.id);
    if (!(await step('联系企业', () => demands.contact(handler, r.id, d.version, '已电话联系企业负责人', meta))))
      continue;
    await stamp(r.id);
    simNow = later(simNow, 6);
    d = await demands.get(office, r.id);
    const interim = { text: '已答复阶段性意见：正在协调相关部门，办结后再正式答复。', final: false, attachmentIds: [] };
    if (await step('阶段性答复', () => demands.reply(handler, r.id, d.version, interim, meta))) await stamp(r.id);
  }
  // Notices of the past are read; those of the last two weeks wait for their people.
  await db.execute(sql`UPDATE notifications SET read_at = now()
    WHERE read_at IS NULL AND item_id IN (SELECT id FROM demands WHERE received_at <
      ${at(addDays(opts.today, -14), '00:00').toISOString()}::timestamptz)`);
  await seedDemoVisits(deps, office, registered, leaderOfUnit, handovers, { start, today: opts.today, random, cal });
  await seedDemoLibraries(deps, office, registered, { today: opts.today, random });
  await seedDemoMu(deps, office, registered, random);
  return count;
}

/**
 * The libraries with a year of movements: a handful of large firms in the listing pipeline moving through 辅导备案
 * and 申报 (one listed), 科技型中小企业 entering month by month against a target of 50 this year (a few left), high-tech
 * and 专精特新 firms (provincial, two national), and the chain leaders — all on manufacturing and IT firms.
 */
async function seedDemoLibraries(
  deps: AppDeps,
  office: Actor,
  registered: { id: string; scale: string | null; size: string | null; industrySection: string | null; key: boolean }[],
  o: { today: IsoDate; random: () => number },
) {
  const libraries = createLibraryService({
    db: deps.database.db,
    audit: deps.audit,
    org: deps.org,
    calendar: deps.calendar,
    today: () => o.today,
  });
  const meta = { requestId: 'seed-demo-libraries' };
  const all = await libraries.list(office, DEMO_YEAR);
  const lib = (code: string) => all.find((l) => l.code === code)!;
  const makers = registered.filter((e) => e.industrySection === 'C' || e.industrySection === 'I');
  const big = makers.filter((e) => e.scale === 'above');
  // Nothing dated after the demo's today.
  const day = (m: number, d = 10) => {
    const x = `${DEMO_YEAR}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    return x > o.today ? o.today : x;
  };
  const lastMonth = Number(o.today.slice(5, 7));
  const member = async (libId: string, enterpriseId: string) =>
    (await libraries.members(office, libId, { status: 'current' })).find((m) => m.enterpriseId === enterpriseId)!;
  const admit = (code: string, enterpriseId: string, stage: string, on: string) =>
    libraries.admit(office, lib(code).id, { enterpriseId, stage, on, note: null }, meta).catch(() => null);
  // 拟上市: six in the pipeline; the first listed this year.
  const ipo = big.slice(0, 6);
  for (const [i, e] of ipo.entries()) {
    await admit('ipo', e.id, '入库', `${DEMO_YEAR - 1}-0${1 + i}-15`);
    const steps = i === 0 ? ['辅导备案', '申报', '上市'] : i < 3 ? ['辅导备案', '申报'] : i < 5 ? ['辅导备案'] : [];
    for (const [k, stage] of steps.entries()) {
      const m = 2 + k * 3 + i;
      if (m > lastMonth) break;
      const cur = await member(lib('ipo').id, e.id);
      await libraries.advance(office, lib('ipo').id, cur.id, cur.version, { stage, on: day(m, 12) }, meta);
    }
  }
  // 科技型中小企业: a target of 50 new this year; entries each month up to today, a few leaving.
  const techId = lib('tech_sme').id;
  await libraries.patch(office, techId, lib('tech_sme').version, { target: { year: DEMO_YEAR, newMembers: 50 } }, meta);
  const tech = makers.filter((e) => e.scale !== 'above' || e.size !== 'large').slice(0, 60);
  for (const [i, e] of tech.entries()) {
    const lastYear = i < 15;
    const m = lastYear ? 3 + (i % 9) : 1 + Math.floor(((i - 15) * 12) / 45);
    if (!lastYear && m > lastMonth) continue;
    await admit(
      'tech_sme',
      e.id,
      '入库',
      lastYear ? `${DEMO_YEAR - 1}-${String(m).padStart(2, '0')}-20` : day(m, 5 + (i % 20)),
    );
    if (i % 4 === 0 && m + 2 <= lastMonth) {
      const cur = await member(techId, e.id);
      await libraries.advance(
        office,
        techId,
        cur.id,
        cur.version,
        { stage: '入库评价通过', on: day(Math.min(m + 2, 12), 28) },
        meta,
      );
    }
  }
  for (const e of tech.slice(0, 3)) {
    const cur = await member(techId, e.id);
    if (cur && cur.stageOn < day(Math.min(lastMonth, 9), 1))
      await libraries.leave(
        office,
        techId,
        cur.id,
        cur.version,
        { on: day(Math.min(lastMonth, 9), 15), reason: '年度评价未通过，移出培育库' },
        meta,
      );
  }
  // 高新技术企业, 专精特新, 链主.
  for (const [i, e] of makers.slice(10, 30).entries())
    await admit(
      'high_tech',
      e.id,
      i < 8 ? '认定' : i < 14 ? '申报' : '培育',
      `${DEMO_YEAR - 1}-${String(1 + (i % 12)).padStart(2, '0')}-08`,
    );
  for (const [i, e] of big.slice(6, 18).entries())
    await admit(
      'specialised',
      e.id,
      i < 2 ? '国家级专精特新“小巨人”' : i < 8 ? '省级专精特新' : '创新型中小企业',
      day(1 + (i % Math.max(1, lastMonth)), 18),
    );
  for (const e of registered.filter((x) => x.key).slice(0, 6))
    await admit('chain_leader', e.id, '认定', `${DEMO_YEAR - 1}-06-30`);
}

/**
 * A year of 亩均 data (last year's, as the departments publish it in spring) for the industrial firms and the
 * larger others: land, tax, output, energy, employees, spread so that every class has members, a few D-class firms
 * with idle land (the 腾笼换鸟 list).
 */
async function seedDemoMu(
  deps: AppDeps,
  office: Actor,
  registered: { id: string; industrySection: string | null; scale: string | null; employees: number | null }[],
  random: () => number,
) {
  const mu = createMuService({ db: deps.database.db, audit: deps.audit, org: deps.org });
  const rows = registered
    .filter((e) => e.industrySection === 'C' || e.scale === 'above')
    .map((e, i) => {
      const land = Math.round((8 + random() * (e.scale === 'above' ? 250 : 60)) * 10) / 10;
      const quality = random();
      const taxPerMu =
        quality < 0.15
          ? 1 + random() * 4
          : quality < 0.45
            ? 5 + random() * 10
            : quality < 0.8
              ? 15 + random() * 15
              : 30 + random() * 40;
      const outputPerMu = taxPerMu * (14 + random() * 10);
      const output = Math.round(outputPerMu * land);
      return {
        enterpriseId: e.id,
        year: DEMO_YEAR - 1,
        landMu: land,
        idleLandMu: quality < 0.15 && i % 2 === 0 ? Math.round(land * (0.2 + random() * 0.4) * 10) / 10 : 0,
        tax: Math.round(taxPerMu * land),
        output,
        energy: Math.round(output / (2 + random() * 8)),
        employees: e.employees,
      };
    });
  await deps.database.db.transaction((tx) => mu.writeMany(tx, office, rows));
}

const DISCUSSED = [
  '了解企业生产经营、订单和用工情况，宣讲今年惠企政策',
  '企业介绍技改项目进展，反映设备购置补贴申报程序',
  '座谈融资需求，银行现场对接授信',
  '查看新建厂房施工进度，协调水电接入',
  '听取企业对营商环境的意见建议，梳理急难愁盼问题',
  '了解出口订单变化和物流成本，宣讲稳外贸政策',
];

/**
 * 包联 handed over (县政府领导分工调整) on 1 July: each county leader with several key enterprises hands one to the
 * next such leader, so every leader keeps some and the enterprise page and the quarters show a history. Recorded as
 * the service records a reassignment (the old period ends the day the new one starts) and audited, dated that day.
 * Returns the day and each moved enterprise's new leader, or null before July.
 */
async function seedDemoHandovers(
  deps: AppDeps,
  office: Actor,
  registered: {
    id: string;
    liaisonLeaderId: string | null;
    liaisonUnitId: string | null;
    liaisonPerson: string | null;
  }[],
  today: IsoDate,
): Promise<{ on: IsoDate; moves: Map<string, string> } | null> {
  const on = `${DEMO_YEAR}-07-01` as IsoDate;
  if (today < addDays(on, 30)) return null;
  const db = deps.database.db;
  const byLeader = new Map<string, typeof registered>();
  for (const e of registered)
    if (e.liaisonLeaderId) byLeader.set(e.liaisonLeaderId, [...(byLeader.get(e.liaisonLeaderId) ?? []), e]);
  const givers = [...byLeader.keys()].filter((l) => byLeader.get(l)!.length >= 2).sort();
  if (givers.length < 2) return null;
  const moves = new Map<string, string>();
  givers.forEach((l, i) => moves.set(byLeader.get(l)!.at(-1)!.id, givers[(i + 1) % givers.length]!));
  await db.transaction(async (tx) => {
    for (const [id, leader] of moves) {
      const e = registered.find((x) => x.id === id)!;
      const [ended] = (
        await tx.execute<{ id: string }>(
          sql`UPDATE enterprise_liaisons SET until_on = ${on}, ended_by = ${office.personId}
            WHERE enterprise_id = ${id} AND until_on IS NULL RETURNING id`,
        )
      ).rows;
      await tx.execute(sql`INSERT INTO enterprise_liaisons
          (jurisdiction_id, enterprise_id, leader_id, unit_id, person, from_on, created_by, created_at)
        VALUES (${office.jurisdictionId}, ${id}, ${leader}, ${e.liaisonUnitId}, ${e.liaisonPerson}, ${on},
          ${office.personId}, ${`${on}T09:00:00+08:00`}::timestamptz)`);
      await tx.execute(
        sql`UPDATE enterprises SET liaison_leader_id = ${leader}, version = version + 1 WHERE id = ${id}`,
      );
      await deps.audit.record(
        {
          ...deps.org.auditAs(office, { requestId: 'seed-demo-handovers' }),
          action: 'enterprise.reassign',
          objectType: 'enterprise',
          objectId: id,
          result: 'success',
          detail: { since: on, ended: { id: ended?.id, leaderId: e.liaisonLeaderId }, started: { leaderId: leader } },
        },
        tx,
      );
    }
  });
  return { on, moves };
}

/**
 * A year of visits (走访): each 包联 unit walks to a few of its enterprises most weeks, the county leaders visit
 * their key enterprises every month or two and hold a breakfast meeting (早餐会) in the 开发区 each quarter; every
 * demand recorded with source 'visit' was raised on a visit to its enterprise that day. About a fifth of the
 * enterprises are left out of the units' rounds, so the "not visited for N months" list has names on it.
 */
async function seedDemoVisits(
  deps: AppDeps,
  office: Actor,
  registered: {
    id: string;
    liaisonUnitId: string | null;
    liaisonLeaderId: string | null;
    key: boolean;
    areaUnitId: string | null;
  }[],
  leaderOfUnit: Map<string, string>,
  handovers: { on: IsoDate; moves: Map<string, string> } | null,
  o: { start: IsoDate; today: IsoDate; random: () => number; cal: Parameters<typeof isWorkingDay>[1] },
) {
  const db = deps.database.db;
  const { random } = o;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const rows: {
    id: string;
    on: IsoDate;
    kind: string;
    title: string | null;
    leaders: string[];
    units: string[];
    met: string[];
    discussed: string;
  }[] = [];
  const add = (on: IsoDate, kind: string, title: string | null, leaders: string[], units: string[], met: string[]) =>
    rows.push({
      id: crypto.randomUUID(),
      on,
      kind,
      title,
      leaders,
      units,
      met: [...new Set(met)],
      discussed: pick(DISCUSSED),
    });
  const byUnit = new Map<string, string[]>();
  registered.forEach((e, i) => {
    if (i % 5 === 0 || !e.liaisonUnitId) return; // left out of the rounds
    byUnit.set(e.liaisonUnitId, [...(byUnit.get(e.liaisonUnitId) ?? []), e.id]);
  });
  // Each leader's key enterprises, before and after the handover of 包联 (the same leaders, each keeping one).
  const leadersOf = (moved: boolean) => {
    const by = new Map<string, string[]>();
    for (const e of registered) {
      const l = (moved && handovers?.moves.get(e.id)) || e.liaisonLeaderId;
      if (l) by.set(l, [...(by.get(l) ?? []), e.id]);
    }
    return by;
  };
  const byLeader = leadersOf(false);
  const byLeaderAfter = leadersOf(true);
  const park = registered.filter((e) => e.key).map((e) => e.id);
  for (let day = o.start; day <= o.today; day = addDays(day, 1)) {
    if (!isWorkingDay(day, o.cal)) continue;
    for (const [unitId, ids] of byUnit)
      if (random() < 0.08) {
        const leader = random() < 0.25 ? leaderOfUnit.get(unitId) : undefined;
        add(day, random() < 0.85 ? 'walk' : 'onsite', null, leader ? [leader] : [], [unitId], [pick(ids), pick(ids)]);
      }
    for (const [leader, before] of byLeader) {
      const ids = handovers && day >= handovers.on ? byLeaderAfter.get(leader)! : before;
      if (random() < 0.03) add(day, 'walk', '县领导走访包联企业', [leader], [], [pick(ids)]);
    }
    if (
      day.slice(5) >= '03-10' &&
      day.slice(8) === '15' &&
      ['03', '06', '09', '12'].includes(day.slice(5, 7)) &&
      park.length
    )
      add(
        day,
        'breakfast',
        '政企早餐会',
        [...new Set([...byLeader.keys()].slice(0, 3))],
        [],
        Array.from({ length: 6 }, () => pick(park)),
      );
  }
  // Each demand recorded from a visit was raised on one: that day, by the enterprise's 包联 unit.
  const fromVisits = (
    await db.execute<{ id: string; enterprise_id: string; on: string; unit: string | null }>(sql`
      SELECT d.id, d.enterprise_id, ((d.received_at AT TIME ZONE 'Asia/Shanghai')::date)::text AS on, e.liaison_unit_id AS unit
      FROM demands d JOIN enterprises e ON e.id = d.enterprise_id WHERE d.source = 'visit'`)
  ).rows;
  const links: [string, string][] = [];
  for (const d of fromVisits) {
    add(d.on, 'walk', null, [], d.unit ? [d.unit] : [], [d.enterprise_id]);
    links.push([d.id, rows.at(-1)!.id]);
  }
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    await db.insert(visits).values(
      chunk.map((r) => ({
        id: r.id,
        jurisdictionId: office.jurisdictionId,
        on: r.on,
        kind: r.kind,
        title: r.title,
        leaderIds: r.leaders,
        unitIds: r.units,
        discussed: r.discussed,
        createdBy: office.personId,
      })),
    );
    await db
      .insert(visitEnterprises)
      .values(chunk.flatMap((r) => r.met.map((enterpriseId) => ({ visitId: r.id, enterpriseId, on: r.on }))));
  }
  for (const [demandId, visitId] of links)
    await db.execute(sql`UPDATE demands SET visit_id = ${visitId} WHERE id = ${demandId}`);
  return rows.length;
}
