import { sql } from 'drizzle-orm';
import type { AppDeps } from '../deps';
import type { Actor } from '../http/access';
import { createServices } from '../app';
import { addDays, daysBetween, type IsoDate } from '../../shared/domain/dates';
import { periodOf } from '../../shared/domain/cadence';
import type { TaskCreate } from '../../shared/tasks';
import { DEMO_DIRECTIVES, DEMO_YEAR, LEDGER_SOURCES, type DemoDirective } from './directives';

/**
 * A year of ledger history for the demo county, built from its own directives (directives.ts: what the leaders
 * asked for in the speeches and work report under texts/, and a few recent 批示). Each directive becomes a task with
 * its owner, standard, deadline and 奖惩, and then lives through a simulated year — accepted, reported monthly with
 * what was done (some late, some missing), reports accepted or sent back by the office, returned to the office and
 * given to the right unit, extended, decomposed to townships, closed or left overdue — so every screen shows
 * something true. Deterministic: the same `today` gives the same ledger.
 */

/** A small deterministic generator (mulberry32), so the demo is the same on every machine. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const toCreate = (t: {
  title: string;
  content: string;
  standard: string | null;
  accountability: string | null;
  category: string | null;
  level: TaskCreate['level'];
  cadence: TaskCreate['cadence'];
  sourceType: TaskCreate['sourceType'];
  sourceTitle: string | null;
  sourceParagraph: string | null;
  deadline: string;
}): TaskCreate => ({
  title: t.title,
  content: t.content,
  standard: t.standard,
  accountability: t.accountability,
  leadUnitId: '',
  coUnitIds: [],
  deadline: t.deadline,
  cadence: t.cadence,
  level: t.level,
  category: t.category,
  sourceType: t.sourceType,
  sourceTitle: t.sourceTitle,
  sourceParagraph: t.sourceParagraph,
  milestones: [],
  issue: true,
});

// A 1×1 PNG as the stand-in photo evidence of the demo's closed tasks.
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000' +
    '000d49444154789c6360f8ffff3f0005fe02fea7d6a4ba0000000049454e44ae426082',
  'hex',
);

/** The office's words when it sends a report back (the unit reports again with figures). */
const RETURN_COMMENTS = [
  '进展情况过于笼统，请补充本月完成的具体工作量和数据',
  '请说明进度滞后的原因和下一步赶进度的具体措施',
  '请附现场照片或佐证材料',
];

export async function seedDemoLedger(
  base: AppDeps,
  opts: { today: IsoDate; log?: (m: string) => void },
): Promise<number> {
  const yearStart = `${DEMO_YEAR}-01-05` as IsoDate;
  if (opts.today < yearStart) return 0;
  let sim: IsoDate = yearStart;
  // The same services, with a clock the simulation moves forward.
  const deps = createServices(base.config, base.database, base.demo, { today: () => sim });
  const { org, tasks, supervision, attachments, database } = deps;
  const db = database.db;

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
  const units = (await org.listUnits(office)).filter((u) => u.active);
  const people = (await org.listPeople(office, { active: 'true', page: 1, pageSize: 10000 })).items;
  const unitOf = new Map<string, string>();
  const clerkOf = new Map<string, string>();
  for (const p of people.filter((q) => q.roles.includes('unit_clerk'))) {
    unitOf.set(p.username.replace(/\.clerk$/, ''), p.unitId);
    clerkOf.set(p.unitId, p.username);
  }
  const leaderId = new Map(
    people.filter((p) => p.roles.includes('leader') || p.roles.includes('principal')).map((p) => [p.username, p.id]),
  );
  const townships = units.filter((u) => u.kind === 'township');
  const meta = { requestId: 'seed-demo-ledger' };
  const random = rng(20260105);

  /** Moves what just happened to the simulated day: events, reports and the item's own timestamps. */
  const stamp = async (itemId: string, day: IsoDate) => {
    const at = `${day} \
${String(8 + Math.floor(random() * 9)).padStart(2, '0')}:${String(Math.floor(random() * 60)).padStart(2, '0')}:00+08`;
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
    // The closing day too: the cockpit's weekly trend, the bulletins and scoring read when an item was closed.
    await db.execute(
      sql`UPDATE supervised_items SET closed_at = ${at}::timestamptz WHERE id = ${itemId} AND closed_at > now() - interval '10 minutes'`,
    );
  };

  type Fate = 'closed' | 'overdue' | 'on_track' | 'lagging' | 'returned';
  interface Plan {
    id: string;
    version: number;
    directive: DemoDirective;
    clerk: Actor;
    /** The unit that gets it after a return (the directive's lead). */
    rightClerk?: Actor;
    rightUnit?: string;
    start: IsoDate;
    deadline: IsoDate;
    fate: Fate;
    /** Progress as a share of the time-proportional expectation: a lagging plan is a little (yellow) or far (red) behind. */
    pace: number;
    nextReport: IsoDate;
    progress: number;
    extension: boolean;
    /** Directives to 各乡镇: decomposed into township sub-tasks once accepted. */
    townships: boolean;
    lastPeriod?: string;
    cadence: TaskCreate['cadence'];
    /** A report the office sent back: the unit reports the period again on this day. */
    redo?: { period: string; on: IsoDate };
  }
  const plans: Plan[] = [];
  const reviews: { plan: Plan; reportId: string; period: string; on: IsoDate; again?: boolean }[] = [];
  const refresh = async (p: Plan) => {
    p.version = (await supervision.getItem(office, p.id)).version;
  };

  let n = 0;
  for (const d of DEMO_DIRECTIVES) {
    const src = d.source === 'instruction' ? null : LEDGER_SOURCES[d.source];
    // The office issues a speech's directives in the days after it; a 批示 the same day.
    const start = src
      ? addDays(`${DEMO_YEAR}-${src.date}`, 2 + Math.floor(random() * 4))
      : addDays(opts.today, -(d.daysAgo ?? 1));
    if (start > opts.today) continue;
    sim = start;
    const deadline =
      typeof d.deadline === 'number' ? addDays(start, d.deadline) : (`${DEMO_YEAR}-${d.deadline}` as IsoDate);
    const past = deadline < opts.today;
    const fate: Fate =
      d.fate === 'returned'
        ? 'returned'
        : d.fate === 'overdue'
          ? past
            ? 'overdue'
            : 'lagging'
          : d.fate === 'lagging'
            ? 'lagging'
            : past
              ? 'closed'
              : 'on_track';
    const lead = unitOf.get(d.firstLead ?? d.lead)!;
    const input: TaskCreate = {
      title: d.title,
      content: d.quote,
      standard: d.standard,
      accountability: d.accountability,
      leadUnitId: lead,
      coUnitIds: (d.co ?? []).map((c) => unitOf.get(c)!).filter((u) => u !== lead),
      leadLeaderId: d.leader ? (leaderId.get(d.leader) ?? null) : null,
      deadline,
      cadence: d.cadence,
      level: d.level,
      category: d.category,
      sourceType: src ? src.sourceType : 'instruction',
      sourceTitle: src ? src.title : d.quote.split('：')[0]!,
      sourceParagraph: d.quote,
      milestones: [],
      issue: true,
    };
    const created = await tasks.create(office, input, meta);
    await stamp(created.id, start);
    const clerk = await actor(clerkOf.get(lead)!);
    // The last days' 批示 wait for the units to sign for them (待签收); older ones were accepted and are being worked on.
    const waiting = d.source === 'instruction' && (d.daysAgo ?? 1) <= 3;
    plans.push({
      id: created.id,
      version: created.version,
      directive: d,
      clerk,
      rightClerk: d.firstLead ? await actor(clerkOf.get(unitOf.get(d.lead)!)!) : undefined,
      rightUnit: d.firstLead ? unitOf.get(d.lead) : undefined,
      start,
      deadline,
      fate,
      pace: fate === 'lagging' ? (n % 2 ? 0.8 : 0.55) : fate === 'overdue' ? 0.7 : 1.05,
      nextReport: waiting ? addDays(opts.today, 1) : addDays(start, 1 + Math.floor(random() * 3)),
      progress: 0,
      extension: d.fate === 'extension',
      townships: !!d.townships,
      cadence: d.cadence,
    });
    n++;
  }

  /** What the unit writes: the step reached, the figure, and — when behind — why and what it does about it. */
  const reportOf = (p: Plan, period: string) => {
    const d = p.directive;
    const k = Math.min(d.steps.length - 1, Math.floor((p.progress / 100) * d.steps.length));
    const behind = p.fate === 'lagging' || p.fate === 'overdue';
    // '2026-Q4' is seven characters too: the quarter is told apart before the month.
    const when = period.includes('Q')
      ? `${period.slice(-1)}季度`
      : /^\d{4}-\d{2}$/.test(period)
        ? `${Number(period.slice(5))}月`
        : '本期';
    const next = d.steps[k + 1] ?? '做好收尾和验收准备';
    const text = behind
      ? `${when}，${d.steps[k]}，累计完成${p.progress}%，进度滞后于时序要求。主要原因：${d.risk}。`
      : `${when}，${d.steps[k]}，累计完成${p.progress}%。`;
    const nextSteps = behind ? `下一步：${next}；相关问题已报请分管县领导协调` : `下一步：${next}`;
    return { text, problems: behind ? d.risk : null, nextSteps };
  };
  // The simulated days: each plan moves at its own pace.
  for (sim = yearStart; sim <= opts.today; sim = addDays(sim, 1)) {
    // The office reads the reports a few days after they come in: most accepted, now and then one sent back.
    for (const r of reviews.filter((x) => x.on === sim)) {
      // Closing settles the reports still waiting; a closed task's reports are not reviewed any more.
      const [row] = (await db.execute(sql`SELECT review_status AS s FROM progress_reports WHERE id = ${r.reportId}`))
        .rows as { s: string }[];
      if (
        row?.s !== 'pending' ||
        ['closed', 'cancelled'].includes((await supervision.getItem(office, r.plan.id)).state)
      )
        continue;
      // A report made again on request is accepted; a first one is sent back now and then (more often when behind).
      const back = !r.again && (r.plan.fate === 'lagging' ? random() < 0.25 : random() < 0.04);
      const comment = back ? RETURN_COMMENTS[Math.floor(random() * RETURN_COMMENTS.length)]! : null;
      try {
        await db.transaction((tx) =>
          supervision.reviewReport(tx, office, r.plan.id, r.reportId, back ? 'returned' : 'accepted', comment),
        );
        await stamp(r.plan.id, sim);
        if (back) r.plan.redo = { period: r.period, on: addDays(sim, 2) };
      } catch (e) {
        opts.log?.(`演示台账 ${r.plan.id}: ${(e as Error).message}`);
      }
    }
    for (const p of plans) {
      if (p.redo?.on === sim) {
        // The unit reports the period again, with the figures the office asked for (unless it has asked to close).
        const item = await supervision.getItem(office, p.id);
        const r = reportOf(p, p.redo.period);
        if (['accepted', 'in_progress'].includes(item.state)) {
          try {
            const row = await tasks.report(
              p.clerk,
              p.id,
              item.version,
              {
                period: p.redo.period,
                progress: p.progress,
                text: `${r.text}（补充）已按督查室要求补充具体数据和佐证材料。`,
                problems: r.problems,
                nextSteps: r.nextSteps,
              },
              meta,
            );
            await stamp(p.id, sim);
            reviews.push({ plan: p, reportId: row.id, period: p.redo.period, on: addDays(sim, 3), again: true });
          } catch (e) {
            opts.log?.(`演示台账 ${p.id}: ${(e as Error).message}`);
          }
        }
        p.redo = undefined;
      }
      if (sim !== p.nextReport) continue;
      const item = await supervision.getItem(office, p.id);
      p.version = item.version;
      try {
        if (item.state === 'returned') {
          // The office takes the return's reason and gives the task to the unit it names.
          const edited = await tasks.patch(
            office,
            p.id,
            item.version,
            { leadUnitId: p.rightUnit!, coUnitIds: [] },
            meta,
          );
          await tasks.action(office, p.id, edited.version, 'reassign', {}, meta);
          await stamp(p.id, sim);
          p.clerk = p.rightClerk!;
          p.fate = p.deadline < opts.today ? 'closed' : 'on_track';
          p.nextReport = addDays(sim, 2);
          continue;
        }
        if (item.state === 'assigned') {
          if (p.fate === 'returned') {
            await tasks.action(
              p.clerk,
              p.id,
              p.version,
              'return',
              { reason: p.directive.returnReason ?? '该事项主要职责不在本单位，建议调整牵头单位' },
              meta,
            );
            await stamp(p.id, sim);
            p.nextReport = addDays(sim, 2);
            continue;
          }
          await tasks.action(p.clerk, p.id, p.version, 'accept', {}, meta);
          await stamp(p.id, sim);
          p.nextReport = addDays(sim, 12 + Math.floor(random() * 10));
          if (p.townships) {
            // 一级抓一级: the lead unit breaks the directive down to four townships, each accountable for its part.
            const parent = await tasks.get(office, p.id);
            const first = (plans.indexOf(p) * 3) % (townships.length - 3);
            for (const [k, town] of townships.slice(first, first + 4).entries()) {
              const clerk = clerkOf.get(town.id);
              if (!clerk) continue;
              const due =
                addDays(parent.deadline, -7 * (k + 1)) < sim ? parent.deadline : addDays(parent.deadline, -7 * (k + 1));
              const standard = `${town.shortName}按县级方案完成本乡镇承担部分：${p.directive.standard}`;
              const sub = await tasks.create(
                p.clerk,
                {
                  ...toCreate(parent),
                  title: `${parent.title.replace(/^各乡镇/, '')}（${town.shortName}）`,
                  standard,
                  leadUnitId: town.id,
                  coUnitIds: [],
                  leadLeaderId: null,
                  responsiblePersonId: null,
                  deadline: due,
                },
                meta,
                p.id,
              );
              await stamp(sub.id, sim);
              const lag = p.fate !== 'closed' && k === 3;
              plans.push({
                id: sub.id,
                version: sub.version,
                directive: p.directive,
                clerk: await actor(clerk),
                start: sim,
                deadline: sub.deadline,
                fate: p.fate === 'closed' ? 'closed' : lag ? 'lagging' : 'on_track',
                pace: lag ? 0.8 : 1.05,
                nextReport: addDays(sim, 1 + k),
                progress: 0,
                extension: false,
                townships: false,
                cadence: parent.cadence,
              });
            }
          }
          continue;
        }
        if (!['accepted', 'in_progress'].includes(item.state)) continue;
        const total = Math.max(1, daysBetween(p.start, p.deadline));
        const elapsed = daysBetween(p.start, sim) / total;
        p.progress = Math.min(
          p.fate === 'overdue' ? 90 : 100,
          Math.max(p.progress + 5, Math.round(elapsed * 100 * p.pace)),
        );
        if (p.extension && elapsed > 0.6 && p.fate !== 'closed' && p.fate !== 'on_track') p.extension = false;
        if (p.extension && elapsed > 0.6) {
          const cur = await supervision.getItem(office, p.id);
          await db.transaction((tx) =>
            supervision.requestExtension(tx, p.clerk, p.id, {
              deadline: addDays(cur.deadline, 30),
              reason: `${p.directive.risk}，申请延期一个月`,
            }),
          );
          await stamp(p.id, sim);
          p.extension = false;
          // The office decides the next day; a request of the last day waits for it when the demo opens.
          if (addDays(sim, 1) <= opts.today) {
            const reqs = await supervision.extensions(office, p.id);
            await db.transaction((tx) =>
              supervision.decideExtension(tx, office, p.id, reqs[0]!.id, true, '同意延期，请倒排工期、加快进度'),
            );
            await stamp(p.id, addDays(sim, 1));
            p.deadline = (await supervision.getItem(office, p.id)).deadline;
            if (p.fate === 'closed' && p.deadline >= opts.today) p.fate = 'on_track';
          }
        }
        await refresh(p);
        // Some months go unreported (the reminders' 催办 and 督办单 show up); one report per period.
        const period = periodOf(sim, p.cadence ?? null);
        if (period !== p.lastPeriod && random() > (p.fate === 'lagging' ? 0.3 : 0.08)) {
          p.lastPeriod = period;
          const row = await tasks.report(
            p.clerk,
            p.id,
            p.version,
            { progress: p.progress, ...reportOf(p, period) },
            meta,
          );
          await stamp(p.id, sim);
          reviews.push({ plan: p, reportId: row.id, period, on: addDays(sim, 2 + Math.floor(random() * 4)) });
        }
        // A parent waits for its sub-tasks (一级抓一级): it asks to close only when none is open.
        const cur = await supervision.getItem(office, p.id);
        if (
          (p.fate === 'closed' || p.fate === 'on_track') &&
          (p.progress >= 100 || sim >= addDays(p.deadline, -5)) &&
          cur.openChildCount === 0 &&
          cur.state === 'in_progress'
        ) {
          await refresh(p);
          const file = await attachments.upload(p.clerk, '现场照片.png', PNG);
          const last = p.directive.steps[p.directive.steps.length - 1]!;
          await tasks.action(
            p.clerk,
            p.id,
            p.version,
            'requestClose',
            { summary: `${last}，已达到工作标准，附佐证材料`, attachmentIds: [file.id] },
            meta,
          );
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
        opts.log?.(`演示台账 ${p.id}（${item.state}，${p.directive.title}）: ${(e as Error).message}`);
        p.nextReport = addDays(sim, 30);
      }
    }
  }
  // Two units that are nearly done asked to close yesterday: the office opens the demo with evidence to check.
  sim = addDays(opts.today, -1);
  let asked = 0;
  for (const p of [...plans]
    .filter((q) => q.fate === 'on_track')
    .sort((a, b) => a.deadline.localeCompare(b.deadline))) {
    if (asked >= 2) break;
    const item = await supervision.getItem(office, p.id);
    if (item.state !== 'in_progress' || item.openChildCount > 0) continue;
    try {
      const file = await attachments.upload(p.clerk, '验收材料.png', PNG);
      await tasks.action(
        p.clerk,
        p.id,
        item.version,
        'requestClose',
        { summary: '主体工作已完成，附验收材料，请审核销号', attachmentIds: [file.id] },
        meta,
      );
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
  opts.log?.(`演示台账：${n} 项督办事项（另有分解到乡镇的子任务）/ demo ledger: ${n} directives`);
  return n;
}
