import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { AppDeps } from '../deps';
import type { Actor } from '../http/access';
import { createServices } from '../app';
import { addDays, daysBetween, type IsoDate } from '../../shared/domain/dates';
import { periodOf } from '../../shared/domain/cadence';
import { unitNameIndex } from '../../shared/domain/unit-names';
import { closestNames } from '../../shared/domain/text-match';
import type { TaskCreate } from '../../shared/tasks';

/**
 * A year of ledger history for the demo county, built from the directives in the corpus speeches: the labelled
 * tasks in `../shared/gold/` (read at run time, never copied into code). Each directive becomes a task with an
 * owner, standard and deadline, and then lives through a simulated year — accepted, reported monthly (some late,
 * some missing), returned, extended, decomposed to townships, closed or left overdue — so every screen shows
 * something true. Deterministic: the same input gives the same ledger.
 */
interface GoldTask {
  id: string;
  quote: string;
  title: string;
  lead_leader: string | null;
  lead_units: string[];
  co_units: string[] | null;
  deadline_norm: string | null;
  targets: string[];
  category: string;
  confidence: 'high' | 'low';
  doc: string;
}

const CATEGORY_UNIT: Record<string, string> = {
  项目建设: '发改局', 招商引资: '招商服务中心', 产业发展: '经发局', 营商环境: '县政府办', 民生实事: '县政府办', 安全稳定: '应急管理局',
  生态环保: '生态环境分局', 乡村振兴: '农业农村局', 金融: '金融办', 科技创新: '科技局', 城市建设: '住建局', 党建学习: '县委办', 经济运行: '经发局', 其他: '县政府办',
};
const SOURCE_TITLE: Record<string, string> = {
  '000': '县委书记在全县提能级促发展大会上的讲话',
  '001': '在全县优化营商环境推动高质量发展大会上的讲话',
  '003': '在县政府全体会暨廉政工作会上的讲话',
};
const TOWNSHIPS_WORDS = ['各乡镇', '各镇', '乡镇执法队'];

/** A small deterministic generator (mulberry32), so the demo is the same on every machine. */
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

export function readGoldTasks(sharedDir: string): GoldTask[] {
  const dir = path.join(sharedDir, 'gold');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => /^tasks\..+\.jsonl$/.test(f))
    .sort()
    .flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as GoldTask));
}

const toCreate = (t: { title: string; content: string; standard: string | null; category: string | null; level: TaskCreate['level']; cadence: TaskCreate['cadence']; sourceTitle: string | null; sourceParagraph: string | null; deadline: string }): TaskCreate => ({
  title: t.title,
  content: t.content,
  standard: t.standard,
  // 五明确's 奖惩: the demo county's one rule for every task it issues.
  accountability: '纳入年度目标考核：按期办结的加分，逾期未办结的通报并约谈责任单位主要负责人',
  leadUnitId: '',
  coUnitIds: [],
  deadline: t.deadline,
  cadence: t.cadence,
  level: t.level,
  category: t.category,
  sourceType: 'meeting',
  sourceTitle: t.sourceTitle,
  sourceParagraph: t.sourceParagraph,
  milestones: [],
  issue: true,
});

// A 1×1 PNG as the stand-in photo evidence of the demo's closed tasks.
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360f8ffff3f0005fe02fea7d6a4ba0000000049454e44ae426082', 'hex');

export async function seedDemoLedger(base: AppDeps, opts: { sharedDir: string; today: IsoDate; log?: (m: string) => void }): Promise<number> {
  const gold = readGoldTasks(opts.sharedDir).filter((g) => g.confidence === 'high');
  if (gold.length === 0) {
    opts.log?.(`演示台账：未找到 ${opts.sharedDir}/gold，跳过 / demo ledger skipped: no gold tasks`);
    return 0;
  }
  let sim: IsoDate = '2026-01-05';
  // The same services, with a clock the simulation moves forward.
  const deps = createServices(base.config, base.database, base.demo, { today: () => sim });
  const { org, tasks, supervision, attachments, database } = deps;
  const db = database.db;

  const actor = async (username: string): Promise<Actor> => {
    const a = (await org.accountByUsername(username))!;
    return { personId: a.id, username: a.username, displayName: a.displayName, unitId: a.unitId, jurisdictionId: a.jurisdictionId, roles: a.roles, leaderUnitIds: a.leaderUnitIds, via: 'token', mustChangePassword: false, needsTotpSetup: false };
  };
  const office = await actor('sunli');
  const units = (await org.listUnits(office)).filter((u) => u.active);
  const index = unitNameIndex(units);
  const idByName = new Map(units.map((u) => [u.name, u.id]));
  const labels = units.flatMap((u) => [u.name, u.shortName ?? '', ...u.aliases].filter(Boolean).map((label) => ({ label, canonical: u.name })));
  const resolve = (label: string): string | undefined => {
    const name = index.get(label) ?? closestNames(label, labels, 1, 0.5)[0];
    return name ? idByName.get(name) : undefined;
  };
  const people = (await org.listPeople(office, { active: 'true', page: 1, pageSize: 10000 })).items;
  const leaderByName = new Map(people.filter((p) => p.roles.includes('leader')).map((p) => [p.displayName, p.id]));
  const clerkOf = new Map(people.filter((p) => p.roles.includes('unit_clerk')).map((p) => [p.unitId, p.username]));
  const townships = units.filter((u) => u.kind === 'township');
  const meta = { requestId: 'seed-demo-ledger' };
  const random = rng(20260105);

  /** Moves what just happened to the simulated day: events, reports and the item's own timestamps. */
  const stamp = async (itemId: string, day: IsoDate) => {
    const at = `${day} ${String(8 + Math.floor(random() * 9)).padStart(2, '0')}:${String(Math.floor(random() * 60)).padStart(2, '0')}:00+08`;
    await db.execute(sql`UPDATE supervision_events SET at = ${at}::timestamptz WHERE item_id = ${itemId} AND at > now() - interval '10 minutes'`);
    await db.execute(sql`UPDATE progress_reports SET submitted_at = ${at}::timestamptz WHERE item_id = ${itemId} AND submitted_at > now() - interval '10 minutes'`);
    await db.execute(sql`UPDATE supervised_items SET created_at = ${at}::timestamptz WHERE id = ${itemId} AND created_at > now() - interval '10 minutes'`);
    // The closing day too: the cockpit's weekly trend, the bulletins and scoring read when an item was closed.
    await db.execute(sql`UPDATE supervised_items SET closed_at = ${at}::timestamptz WHERE id = ${itemId} AND closed_at > now() - interval '10 minutes'`);
  };

  interface Plan {
    id: string;
    version: number;
    clerk: Actor;
    start: IsoDate;
    deadline: IsoDate;
    fate: 'closed' | 'overdue' | 'on_track' | 'lagging' | 'returned';
    /** Progress as a share of the time-proportional expectation: a lagging plan is a little (yellow) or far (red) behind. */
    pace: number;
    nextReport: IsoDate;
    progress: number;
    extension: boolean;
    /** Directives to 各乡镇: decomposed into township sub-tasks once accepted. */
    townships: boolean;
    lastPeriod?: string;
    cadence: TaskCreate['cadence'];
  }
  const plans: Plan[] = [];
  const refresh = async (p: Plan) => {
    p.version = (await supervision.getItem(office, p.id)).version;
  };

  let n = 0;
  for (const g of gold) {
    const lead = g.lead_units.map(resolve).find(Boolean) ?? resolve(CATEGORY_UNIT[g.category] ?? '县政府办')!;
    const co = (g.co_units ?? []).map(resolve).filter((u): u is string => !!u && u !== lead);
    const year = g.deadline_norm && /^\d{4}-/.test(g.deadline_norm) ? g.deadline_norm.replace(/^\d{4}/, '2026') : null;
    // A few directives were issued in the last days: some not yet accepted when the demo opens (the units' 待签收).
    const recent = n % 10 === 7;
    const start = recent ? addDays(opts.today, -1 - Math.floor(random() * 6)) : addDays('2026-01-05', Math.floor(random() * 60));
    sim = start;
    // Past deadlines make the year's story: most directives fall due during the year, some at its end.
    const deadline = year && !recent ? year : addDays(start, (recent ? 60 : 90) + Math.floor(random() * 300));
    const cadence = g.deadline_norm?.startsWith('recurring:') ? (g.deadline_norm.slice(10) as TaskCreate['cadence']) : 'monthly';
    const input: TaskCreate = {
      title: g.title,
      content: g.quote.replace(/\s*\n\s*/g, ''),
      standard: g.targets.length ? g.targets.join('；') : `按讲话要求完成：${g.title}`,
      leadUnitId: lead,
      coUnitIds: [...new Set(co)],
      leadLeaderId: g.lead_leader ? (leaderByName.get(g.lead_leader) ?? null) : null,
      deadline: deadline < start ? addDays(start, 60) : deadline,
      cadence,
      level: g.lead_leader ? 'major' : g.targets.length ? 'key' : 'general',
      category: g.category,
      sourceType: 'meeting',
      sourceTitle: SOURCE_TITLE[g.id.slice(0, 3)] ?? g.doc,
      sourceParagraph: g.quote,
      milestones: [],
      issue: true,
    };
    const created = await tasks.create(office, input, meta);
    await stamp(created.id, start);
    const clerkName = clerkOf.get(lead);
    if (!clerkName) continue;
    const r = random();
    const fate: Plan['fate'] = r < 0.08 ? 'returned' : input.deadline < opts.today ? (r < 0.75 ? 'closed' : 'overdue') : r < 0.7 ? 'on_track' : 'lagging';
    const toTownships = g.lead_units.some((u) => TOWNSHIPS_WORDS.includes(u)) || !!g.co_units?.some((u) => TOWNSHIPS_WORDS.includes(u));
    plans.push({ id: created.id, version: created.version, clerk: await actor(clerkName), start, deadline: input.deadline, fate: toTownships && fate === 'returned' ? 'on_track' : fate, pace: fate === 'lagging' ? (n % 2 ? 0.8 : 0.55) : fate === 'overdue' ? 0.7 : 1.05, nextReport: recent && n % 20 === 7 ? addDays(opts.today, 1) : addDays(start, 2 + Math.floor(random() * 3)), progress: 0, extension: !toTownships && random() < 0.15, townships: toTownships, cadence });
    n++;
  }

  // The simulated weeks: each plan moves at its own pace.
  for (sim = '2026-01-05'; sim <= opts.today; sim = addDays(sim, 1)) {
    for (const p of plans) {
      if (sim !== p.nextReport) continue;
      const item = await supervision.getItem(office, p.id);
      p.version = item.version;
      try {
        if (item.state === 'returned') {
          // The office takes the return's reason and gives the task to the government office instead.
          const target = resolve('县政府办')!;
          const other = target === item.assigneeUnitId ? resolve('督查室')! : target;
          const edited = await tasks.patch(office, p.id, item.version, { leadUnitId: other, coUnitIds: [] }, meta);
          await tasks.action(office, p.id, edited.version, 'reassign', {}, meta);
          await stamp(p.id, sim);
          p.clerk = await actor(clerkOf.get(other)!);
          p.fate = p.deadline < opts.today ? 'closed' : 'on_track';
          p.nextReport = addDays(sim, 2);
          continue;
        }
        if (item.state === 'assigned') {
          if (p.fate === 'returned') {
            await tasks.action(p.clerk, p.id, p.version, 'return', { reason: '该事项主要职责不在本单位，建议调整牵头单位' }, meta);
            await stamp(p.id, sim);
            p.nextReport = addDays(sim, 3);
            continue;
          }
          await tasks.action(p.clerk, p.id, p.version, 'accept', {}, meta);
          await stamp(p.id, sim);
          p.nextReport = addDays(sim, 20 + Math.floor(random() * 15));
          if (p.townships) {
            // 一级抓一级: the lead unit breaks the directive down to four townships, each accountable for its part.
            const parent = await tasks.get(office, p.id);
            for (const [k, town] of townships.slice((n * 3) % 8, ((n * 3) % 8) + 4).entries()) {
              const clerk = clerkOf.get(town.id);
              if (!clerk) continue;
              const sub = await tasks.create(p.clerk, { ...toCreate(parent), title: `${parent.title}（${town.shortName}）`, leadUnitId: town.id, coUnitIds: [], leadLeaderId: null, responsiblePersonId: null, deadline: addDays(parent.deadline, -7 * (k + 1)) < sim ? parent.deadline : addDays(parent.deadline, -7 * (k + 1)) }, meta, p.id);
              await stamp(sub.id, sim);
              plans.push({ id: sub.id, version: sub.version, clerk: await actor(clerk), start: sim, deadline: sub.deadline, fate: p.fate === 'closed' ? 'closed' : k === 3 ? 'lagging' : 'on_track', pace: p.fate !== 'closed' && k === 3 ? 0.8 : 1.05, nextReport: addDays(sim, 1 + k), progress: 0, extension: false, townships: false, cadence: parent.cadence });
            }
          }
          continue;
        }
        if (!['accepted', 'in_progress'].includes(item.state)) continue;
        const total = Math.max(1, daysBetween(p.start, p.deadline));
        const elapsed = daysBetween(p.start, sim) / total;
        p.progress = Math.min(p.fate === 'overdue' ? 90 : 100, Math.max(p.progress + 5, Math.round(elapsed * 100 * p.pace)));
        if (p.extension && elapsed > 0.6 && p.fate !== 'closed') {
          const cur = await supervision.getItem(office, p.id);
          await db.transaction((tx) => supervision.requestExtension(tx, p.clerk, p.id, { deadline: addDays(cur.deadline, 30), reason: '受征迁进度影响，申请延期一个月' }));
          await stamp(p.id, sim);
          p.extension = false;
          // The office decides the next day; a request of the last day waits for it when the demo opens.
          if (addDays(sim, 1) <= opts.today) {
            const reqs = await supervision.extensions(office, p.id);
            await db.transaction((tx) => supervision.decideExtension(tx, office, p.id, reqs[0]!.id, random() < 0.7, random() < 0.7 ? '同意延期，请加快进度' : '理由不充分，不予延期'));
            await stamp(p.id, addDays(sim, 1));
            p.deadline = (await supervision.getItem(office, p.id)).deadline;
          }
        }
        await refresh(p);
        const text = `本月推进情况：已完成年度任务的 ${p.progress}%。${p.fate === 'lagging' ? '受用地、资金等因素影响，进度滞后。' : '按计划推进。'}`;
        // Some months go unreported (the reminders' 催办 and 督办单 show up); one report per period.
        const period = periodOf(sim, p.cadence ?? null);
        if (period !== p.lastPeriod && random() > (p.fate === 'lagging' ? 0.35 : 0.1)) {
          p.lastPeriod = period;
          await tasks.report(p.clerk, p.id, p.version, { progress: p.progress, text, problems: p.fate === 'lagging' ? '项目用地指标未落实' : null, nextSteps: '继续加快推进' }, meta);
          await stamp(p.id, sim);
        }
        // A parent waits for its sub-tasks (一级抓一级): it asks to close only when none is open.
        if ((p.fate === 'closed' || p.fate === 'on_track') && (p.progress >= 100 || sim >= addDays(p.deadline, -5)) && (await supervision.getItem(office, p.id)).openChildCount === 0) {
          await refresh(p);
          const file = await attachments.upload(p.clerk, '现场照片.png', PNG);
          await tasks.action(p.clerk, p.id, p.version, 'requestClose', { summary: '已按标准完成，附现场照片', attachmentIds: [file.id] }, meta);
          await stamp(p.id, sim);
          // The office checks the evidence two days later; a request of the last days waits for it (督查室's 待审核).
          if (addDays(sim, 2) <= opts.today) {
            await refresh(p);
            await tasks.action(office, p.id, p.version, 'close', {}, meta);
            await stamp(p.id, addDays(sim, 2));
          }
          continue;
        }
        p.nextReport = addDays(sim, 25 + Math.floor(random() * 12));
      } catch (e) {
        opts.log?.(`演示台账 ${p.id}: ${(e as Error).message}`);
        p.nextReport = addDays(sim, 30);
      }
    }
  }
  // Two units that are nearly done asked to close yesterday: the office opens the demo with evidence to check.
  sim = addDays(opts.today, -1);
  let asked = 0;
  for (const p of [...plans].filter((q) => q.fate === 'on_track').sort((a, b) => a.deadline.localeCompare(b.deadline))) {
    if (asked >= 2) break;
    const item = await supervision.getItem(office, p.id);
    if (item.state !== 'in_progress' || item.openChildCount > 0) continue;
    try {
      const file = await attachments.upload(p.clerk, '验收材料.png', PNG);
      await tasks.action(p.clerk, p.id, item.version, 'requestClose', { summary: '主体工作已完成，附验收材料，请审核销号', attachmentIds: [file.id] }, meta);
      await stamp(p.id, sim);
      asked++;
    } catch (e) {
      opts.log?.(`演示台账 ${p.id}: ${(e as Error).message}`);
    }
  }
  sim = opts.today;
  // Seed-time notifications are history, not news for the demo users.
  await db.execute(sql`UPDATE notifications SET read_at = now() WHERE read_at IS NULL`);
  await db.execute(sql`DELETE FROM webhook_deliveries`);
  return n;
}
