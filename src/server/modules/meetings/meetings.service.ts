import crypto from 'node:crypto';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { hasAnyRole, type Actor } from '../../http/access';
import { AppError, notFound, type FieldProblem } from '../../http/errors';
import type { AuditService } from '../audit/audit.service';
import type { OrgService, RequestMeta } from '../org/org.service';
import type { SupervisionService } from '../supervision/supervision.service';
import type { TaskService } from '../tasks/tasks.service';
import type { ProjectService } from '../projects/projects.service';
import type { BlockerService } from '../projects/blockers.service';
import type { InvestmentService } from '../investment/investment.service';
import { LEAD_STAGE_LABELS } from '../../../shared/domain/investment';
import type { IndicatorService } from '../indicators/indicators.service';
import { officialDocx } from '../../files/official-docx';
import { meetingAgendaItems, meetingDecisions, meetings } from './meetings.schema';
import {
  applyAgendaEdit,
  countFollowUps,
  followUpStatus,
  minutesBlocks,
  nextMinutesNumber,
  orderAgenda,
  previousMeeting,
  MEETING_KIND_LABELS,
  MEETING_STATE_LABELS,
  STALLED_GAP_POINTS,
  type AgendaSource,
  type FollowUpStatus,
  type MeetingKind,
  type MeetingState,
  type MinutesModel,
} from '../../../shared/domain/meetings';
import { ESCALATION_LABELS, BLOCKER_TYPE_LABELS, type EscalationLevel } from '../../../shared/domain/projects';
import { daysBetween, type IsoDate } from '../../../shared/domain/dates';
import { ProjectQuery } from '../../../shared/projects';
import type {
  AgendaOut,
  AgendaPut,
  DecisionCreate,
  DecisionOut,
  MeetingCreate,
  MeetingOut,
} from '../../../shared/meetings';
import type { ItemOut } from '../../../shared/supervision';

type Row = typeof meetings.$inferSelect;
type AgendaRow = typeof meetingAgendaItems.$inferSelect;
type DecisionRow = typeof meetingDecisions.$inferSelect;

export type MeetingService = ReturnType<typeof createMeetingService>;

/** The office and the principals manage every meeting and issue decisions (交办 is theirs on the core). */
const SUPERVISING = ['supervision_office', 'principal'] as const;
/** Who sees meetings whole: the government's leaders and the office. */
const READERS = ['supervision_office', 'principal', 'leader'] as const;
const OPEN_STATES = ['assigned', 'accepted', 'in_progress', 'close_requested', 'returned'] as const;

interface Figure {
  label: string;
  value: string;
}
interface Generated {
  source: Exclude<AgendaSource, 'manual'>;
  refId: string;
  severity: number;
  title: string;
  body: string;
  figures: Figure[];
  light: string;
  link: string;
  unitId: string | null;
}

const pctText = (n: number | null | undefined) => (n === null || n === undefined ? '—' : `${Math.round(n)}%`);
const num = (n: number | null | undefined, digits = 1) =>
  n === null || n === undefined ? '—' : String(Math.round(n * 10 ** digits) / 10 ** digits);

/**
 * 会议: a record of a scheduling, executive or special meeting. Its agenda is generated from what is late through the
 * services that own it — red tasks (the core), overdue milestones, stalled projects and escalated blockers (projects),
 * indicators behind their trajectory (indicators) — each item with its figures and a link; the office drops, reorders
 * and adds. Decisions are issued as tasks through the task service (source: the meeting) in the same transaction as
 * their record; the next meeting of the kind opens with them and their 落实情况 from the core. Issuing the minutes
 * renders the .docx once and freezes it.
 */
export function createMeetingService(deps: {
  db: Db;
  audit: AuditService;
  org: OrgService;
  supervision: SupervisionService;
  tasks: TaskService;
  projects: ProjectService;
  blockers: BlockerService;
  indicators: IndicatorService;
  /** 招商: stalled leads and uncovered links of the chains (optional: a meeting service without them lists neither). */
  investment?: Pick<InvestmentService, 'allLeads' | 'coverage'>;
  today: () => IsoDate;
}) {
  const { db, org, supervision } = deps;

  const auditMeeting = (actor: Actor, meta: RequestMeta, action: string, id: string, detail: unknown, tx: Tx) =>
    deps.audit.record(
      {
        ...org.auditAs(actor, meta),
        action: `meeting.${action}`,
        objectType: 'meeting',
        objectId: id,
        result: 'success',
        detail,
      },
      tx,
    );

  const isReader = (actor: Actor) => hasAnyRole(actor, READERS);
  const stateLabel = (s: string) => MEETING_STATE_LABELS[s as MeetingState]?.['zh-CN'] ?? s;
  const canManage = (actor: Actor, m: Row) =>
    hasAnyRole(actor, SUPERVISING) || (hasAnyRole(actor, ['leader']) && m.chairId === actor.personId);
  const canDecide = (actor: Actor, m: Row) => hasAnyRole(actor, SUPERVISING) && m.state === 'held';

  /** The decisions' tasks as the caller sees them on the core (a task the caller does not see is absent). */
  async function visibleTasks(actor: Actor, taskIds: string[]): Promise<Map<string, ItemOut>> {
    if (taskIds.length === 0) return new Map();
    const { items } = await supervision.listItems(actor, {
      kind: 'task',
      ids: taskIds,
      page: 1,
      pageSize: taskIds.length,
    });
    return new Map(items.map((i) => [i.id, i]));
  }

  async function decisionRowsOf(meetingIds: string[], tx: Tx = db): Promise<DecisionRow[]> {
    if (meetingIds.length === 0) return [];
    return tx
      .select()
      .from(meetingDecisions)
      .where(inArray(meetingDecisions.meetingId, meetingIds))
      .orderBy(asc(meetingDecisions.seq));
  }

  /** The meetings a unit's people see: those with a decision whose task they see (their own or co-operated). */
  async function unitMeetingIds(actor: Actor, rows: Row[]): Promise<Set<string>> {
    const decisions = await decisionRowsOf(rows.map((r) => r.id));
    const seen = await visibleTasks(
      actor,
      decisions.map((d) => d.taskId),
    );
    return new Set(decisions.filter((d) => seen.has(d.taskId)).map((d) => d.meetingId));
  }

  async function load(tx: Tx, actor: Actor, id: string, lock = false): Promise<Row> {
    const q = tx
      .select()
      .from(meetings)
      .where(and(eq(meetings.id, id), eq(meetings.jurisdictionId, actor.jurisdictionId)));
    const [m] = lock ? await q.for('update') : await q;
    if (!m) throw notFound();
    // A unit's people see a meeting through their decisions (read on the pool: writers are readers, checked first).
    if (!isReader(actor) && (tx !== db || !(await unitMeetingIds(actor, [m])).has(m.id))) throw notFound();
    return m;
  }

  async function unitNames(actor: Actor): Promise<Map<string, string>> {
    return new Map((await org.listUnits(actor)).map((u) => [u.id, u.shortName ?? u.name]));
  }

  async function present(actor: Actor, rows: Row[]): Promise<MeetingOut[]> {
    if (rows.length === 0) return [];
    const names = await unitNames(actor);
    const counts = new Map<string, number>();
    for (const d of await decisionRowsOf(rows.map((r) => r.id)))
      counts.set(d.meetingId, (counts.get(d.meetingId) ?? 0) + 1);
    const chairs = new Map<string, string | null>();
    for (const id of new Set(rows.map((r) => r.chairId)))
      chairs.set(id, (await org.accountById(id))?.displayName ?? null);
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind as MeetingKind,
      title: r.title,
      date: r.date,
      place: r.place,
      chairId: r.chairId,
      chairName: chairs.get(r.chairId) ?? null,
      attendeeUnitIds: r.attendeeUnitIds,
      attendeeUnitNames: r.attendeeUnitIds.map((u) => names.get(u) ?? ''),
      state: r.state as MeetingState,
      minutesNumber: r.minutesNumber,
      minutesIssuedOn: r.minutesIssuedOn,
      decisionCount: counts.get(r.id) ?? 0,
      canManage: canManage(actor, r),
      canDecide: canDecide(actor, r),
      version: r.version,
      createdAt: r.createdAt.toISOString(),
    }));
  }

  async function list(actor: Actor, q: { kind?: MeetingKind; year?: number }) {
    const conds = [eq(meetings.jurisdictionId, actor.jurisdictionId)];
    if (q.kind) conds.push(eq(meetings.kind, q.kind));
    if (q.year) conds.push(sql`extract(year from ${meetings.date}) = ${q.year}`);
    let rows = await db
      .select()
      .from(meetings)
      .where(and(...conds))
      .orderBy(desc(meetings.date), desc(meetings.createdAt));
    if (!isReader(actor)) {
      const mine = await unitMeetingIds(actor, rows);
      rows = rows.filter((r) => mine.has(r.id));
    }
    return { items: await present(actor, rows) };
  }

  async function get(actor: Actor, id: string): Promise<MeetingOut> {
    return (await present(actor, [await load(db, actor, id)]))[0]!;
  }

  async function checkMeeting(actor: Actor, input: MeetingCreate, tx: Tx): Promise<FieldProblem[]> {
    const problems: FieldProblem[] = [];
    const chair = await org.accountById(input.chairId, tx);
    if (
      !chair ||
      chair.jurisdictionId !== actor.jurisdictionId ||
      !chair.active ||
      !chair.roles.some((r) => r === 'leader' || r === 'principal')
    )
      problems.push({ field: 'body.chairId', code: 'not_a_leader' });
    // A leader records the meetings he or she chairs; the office and the principals any meeting.
    else if (!hasAnyRole(actor, SUPERVISING) && input.chairId !== actor.personId)
      problems.push({ field: 'body.chairId', code: 'chair_not_self' });
    const active = await org.activeUnitIds(actor, tx);
    const seen = new Set<string>();
    for (const [i, u] of input.attendeeUnitIds.entries()) {
      if (!active.has(u)) problems.push({ field: `body.attendeeUnitIds.${i}`, code: 'unknown_reference' });
      else if (seen.has(u)) problems.push({ field: `body.attendeeUnitIds.${i}`, code: 'duplicate_entry' });
      seen.add(u);
    }
    return problems;
  }

  /**
   * What is late, from the services that own it, in the caller's scope: red tasks, overdue milestones of projects,
   * blockers escalated beyond the 包联 leader, indicators yellow or red against their trajectory, and projects in the
   * building pools whose year's investment is well behind 序时进度.
   */
  async function generate(actor: Actor): Promise<Generated[]> {
    const today = deps.today();
    const names = await unitNames(actor);
    const out: Generated[] = [];
    const late = (d: IsoDate) => Math.max(0, daysBetween(d, today));

    const red = await supervision.listItems(actor, {
      kind: 'task',
      lights: ['red'],
      states: [...OPEN_STATES],
      sort: 'light',
      page: 1,
      pageSize: 100,
    });
    for (const t of red.items) {
      const overdue = late(t.deadline);
      out.push({
        source: 'task',
        refId: t.id,
        severity: overdue * 100 + Math.max(0, (t.expectedProgress ?? 0) - (t.progress ?? 0)),
        title: t.title,
        body: `${names.get(t.assigneeUnitId) ?? ''}牵头，期限 ${t.deadline}${overdue ? `，已逾期 ${overdue} 天` : ''}`,
        figures: [
          { label: '牵头单位', value: names.get(t.assigneeUnitId) ?? '' },
          { label: '期限', value: t.deadline },
          ...(overdue ? [{ label: '逾期天数', value: String(overdue) }] : []),
          { label: '进度', value: pctText(t.progress) },
          { label: '序时进度', value: pctText(t.expectedProgress) },
        ],
        light: t.light,
        link: `/tasks/${t.id}`,
        unitId: t.assigneeUnitId,
      });
    }

    const building = ProjectQuery.parse({ pool: 'preliminary,new_start,continuing', pageSize: 500 });
    const library = await deps.projects.list(actor, building);
    // Overdue milestones: only projects whose milestone light is red or yellow can have one.
    for (const p of library.items.filter((p) => p.light === 'red' || p.light === 'yellow')) {
      for (const m of await deps.projects.milestones(actor, p.id)) {
        if (m.actualDate || m.plannedDate >= today || m.state === 'closed' || m.state === 'cancelled') continue;
        out.push({
          source: 'milestone',
          refId: m.id,
          severity: late(m.plannedDate),
          title: `${p.name}：${m.name}`,
          body: `${names.get(p.responsibleUnitId) ?? ''}负责，计划 ${m.plannedDate} 完成，已逾期 ${late(m.plannedDate)} 天`,
          figures: [
            { label: '责任单位', value: names.get(p.responsibleUnitId) ?? '' },
            { label: '计划完成', value: m.plannedDate },
            { label: '逾期天数', value: String(late(m.plannedDate)) },
            { label: '节点完成', value: `${p.milestonesDone}/${p.milestoneCount}` },
          ],
          light: m.light,
          link: `/projects/${p.id}`,
          unitId: p.responsibleUnitId,
        });
      }
    }
    for (const p of library.items) {
      const gap = p.investment.gapPoints;
      if (p.pool === 'preliminary' || gap === null || gap > STALLED_GAP_POINTS) continue;
      out.push({
        source: 'project',
        refId: p.id,
        severity: -gap,
        title: p.name,
        body: `年度投资完成 ${pctText((p.investment.rate ?? 0) * 100)}，低于序时进度 ${num(-gap)} 个百分点`,
        figures: [
          { label: '责任单位', value: names.get(p.responsibleUnitId) ?? '' },
          { label: '年度计划（万元）', value: num(p.investment.planned, 0) },
          { label: '已完成（万元）', value: num(p.investment.completed, 0) },
          { label: '完成率', value: pctText((p.investment.rate ?? 0) * 100) },
          { label: '序时进度', value: pctText(p.investment.expected * 100) },
        ],
        light: gap <= 2 * STALLED_GAP_POINTS ? 'red' : 'yellow',
        link: `/projects/${p.id}`,
        unitId: p.responsibleUnitId,
      });
    }

    const open = await deps.blockers.list(actor, { state: 'open', page: 1, pageSize: 500 });
    for (const b of open.items.filter((b) => b.level >= 2)) {
      out.push({
        source: 'blocker',
        refId: b.id,
        severity: b.level * 1000 + late(b.raisedOn),
        title: `${b.projectName}：${b.description.slice(0, 60)}`,
        body: `${BLOCKER_TYPE_LABELS[b.type]['zh-CN']}卡点，\
已上报至${ESCALATION_LABELS[b.level as EscalationLevel]['zh-CN']}${b.leaderName ? `（${b.leaderName}）` : ''}`,
        figures: [
          { label: '类型', value: BLOCKER_TYPE_LABELS[b.type]['zh-CN'] },
          { label: '层级', value: ESCALATION_LABELS[b.level as EscalationLevel]['zh-CN'] },
          { label: '提出日期', value: b.raisedOn },
          { label: '已持续天数', value: String(late(b.raisedOn)) },
          { label: '承办单位', value: names.get(b.handlingUnitId) ?? '' },
        ],
        light: b.light,
        link: `/projects/${b.projectId}`,
        unitId: b.handlingUnitId,
      });
    }

    if (hasAnyRole(actor, READERS)) {
      const board = await deps.indicators.board(actor, {});
      for (const s of board.items.filter((s) => s.light === 'red' || s.light === 'yellow')) {
        out.push({
          source: 'indicator',
          refId: s.indicator.id,
          severity: (s.light === 'red' ? 1000 : 0) - (s.gapPoints ?? 0),
          title: `${s.indicator.name}${s.periodLabel ? `（${s.periodLabel}）` : ''}`,
          body: `增速 ${num(s.growth)}%，目标 ${num(s.target.growth)}%${s.gapPoints !== null ? `，落后序时 ${num(-s.gapPoints)} 个百分点` : ''}`,
          figures: [
            { label: '增速', value: `${num(s.growth)}%` },
            { label: '目标增速', value: `${num(s.target.growth)}%` },
            { label: '序时差（百分点）', value: num(s.gapPoints) },
            { label: '全市排名', value: s.rank ? `${s.rank}/${s.rankedCount}` : '—' },
          ],
          light: s.light,
          link: `/indicators/${s.indicator.id}`,
          unitId: s.indicator.responsibleUnitId,
        });
      }
    }
    if (deps.investment) {
      // 招商线索 red for want of follow-up, and the chains' gaps — those with no lead working on them first.
      for (const l of await deps.investment.allLeads(actor, { state: 'open', light: ['red'] })) {
        out.push({
          source: 'lead',
          refId: l.id,
          severity: l.daysIdle ?? 0,
          title: `${l.projectName}（${l.investor}）`,
          body: `${LEAD_STAGE_LABELS[l.stage]['zh-CN']}阶段已 ${l.daysIdle ?? 0} \
天未跟进，${l.responsibleUnitName ?? ''}负责${l.leaderName ? `，${l.leaderName}包联` : ''}`,
          figures: [
            { label: '阶段', value: LEAD_STAGE_LABELS[l.stage]['zh-CN'] },
            { label: '未跟进天数', value: String(l.daysIdle ?? 0) },
            { label: '投资额（万元）', value: num(l.investment, 0) },
            { label: '责任单位', value: l.responsibleUnitName ?? '' },
          ],
          light: 'red',
          link: `/leads/${l.id}`,
          unitId: l.responsibleUnitId,
        });
      }
      const { gaps } = await deps.investment.coverage(actor);
      for (const g of gaps.filter((g) => g.coverage === 'none')) {
        out.push({
          source: 'chain_gap',
          refId: g.linkId,
          severity: (g.openLeads === 0 ? 1000 : 0) + g.targets.length,
          title: `${g.chainName}·${g.linkName}：缺链`,
          body:
            g.openLeads === 0
              ? `本地无企业，暂无在谈线索${g.targets.length ? `；招商目标：${g.targets.slice(0, 3).join('、')}` : ''}`
              : `本地无企业，在谈线索 ${g.openLeads} 条`,
          figures: [
            { label: '本地企业', value: '0' },
            { label: '在谈线索', value: String(g.openLeads) },
            { label: '招商目标', value: String(g.targets.length) },
          ],
          light: g.openLeads === 0 ? 'red' : 'yellow',
          link: `/chains?chain=${g.chainId}&link=${g.linkId}`,
          unitId: null,
        });
      }
    }
    return orderAgenda(out);
  }

  async function insertAgenda(tx: Tx, meetingId: string, items: Generated[], from = 0) {
    if (items.length === 0) return;
    await tx.insert(meetingAgendaItems).values(
      items.map((g, i) => ({
        meetingId,
        position: from + i,
        source: g.source,
        refId: g.refId,
        title: g.title,
        body: g.body,
        figures: g.figures,
        light: g.light,
        link: g.link,
        unitId: g.unitId,
      })),
    );
  }

  async function create(actor: Actor, input: MeetingCreate, meta: RequestMeta): Promise<MeetingOut> {
    // The agenda is read from the other ledgers before the transaction (their lists refresh lights on their own).
    // The last meeting's decisions open the agenda with their 落实情况: their tasks are not listed again.
    const followed = input.generateAgenda ? await previousDecisionTasks(actor, input) : new Set<string>();
    const generated = input.generateAgenda
      ? (await generate(actor)).filter((g) => !(g.source === 'task' && followed.has(g.refId)))
      : [];
    const id = await db.transaction(async (tx) => {
      const problems = await checkMeeting(actor, input, tx);
      if (problems.length) throw new AppError('validation', {}, problems);
      const [row] = await tx
        .insert(meetings)
        .values({
          jurisdictionId: actor.jurisdictionId,
          kind: input.kind,
          title: input.title,
          date: input.date,
          place: input.place ?? null,
          chairId: input.chairId,
          attendeeUnitIds: input.attendeeUnitIds,
          createdBy: actor.personId,
        })
        .returning();
      await insertAgenda(tx, row!.id, generated);
      await auditMeeting(actor, meta, 'create', row!.id, { after: { ...input }, agendaItems: generated.length }, tx);
      return row!.id;
    });
    return get(actor, id);
  }

  function presentAgenda(a: AgendaRow, names: Map<string, string>) {
    return {
      id: a.id,
      position: a.position,
      source: a.source as AgendaSource,
      refId: a.refId,
      title: a.title,
      body: a.body,
      figures: a.figures as Figure[],
      light: a.light as AgendaOut['items'][number]['light'],
      link: a.link,
      unitId: a.unitId,
      unitName: a.unitId ? (names.get(a.unitId) ?? null) : null,
      dropped: a.dropped,
    };
  }

  async function presentDecisions(actor: Actor, rows: DecisionRow[]): Promise<DecisionOut[]> {
    const names = await unitNames(actor);
    const seen = await visibleTasks(
      actor,
      rows.map((d) => d.taskId),
    );
    const today = deps.today();
    return rows.map((d) => {
      const t = seen.get(d.taskId);
      return {
        id: d.id,
        meetingId: d.meetingId,
        seq: d.seq,
        title: d.title,
        content: d.content,
        standard: d.standard,
        leadUnitId: d.leadUnitId,
        leadUnitName: names.get(d.leadUnitId) ?? null,
        deadline: d.deadline,
        agendaItemId: d.agendaItemId,
        taskId: d.taskId,
        task: t
          ? { state: t.state, light: t.light, progress: t.progress, deadline: t.deadline, closed: t.state === 'closed' }
          : null,
        followUp: t ? followUpStatus(t, today) : null,
        createdAt: d.createdAt.toISOString(),
      };
    });
  }

  /** The decisions of a meeting the caller sees: readers all of them, a unit's people those whose task they see. */
  async function decisions(actor: Actor, id: string): Promise<{ items: DecisionOut[] }> {
    await load(db, actor, id);
    const items = await presentDecisions(actor, await decisionRowsOf([id]));
    return { items: isReader(actor) ? items : items.filter((d) => d.task !== null) };
  }

  /** The tasks of the decisions the new meeting will follow up (those of the previous meeting of its kind). */
  async function previousDecisionTasks(actor: Actor, input: MeetingCreate): Promise<Set<string>> {
    const all = await db
      .select()
      .from(meetings)
      .where(and(eq(meetings.jurisdictionId, actor.jurisdictionId), eq(meetings.kind, input.kind)));
    const prev = previousMeeting(
      all.map((r) => ({
        ...r,
        kind: r.kind as MeetingKind,
        state: r.state as MeetingState,
        createdAt: r.createdAt.toISOString(),
      })),
      { id: '', kind: input.kind, date: input.date, state: 'planned', createdAt: new Date().toISOString() },
    );
    return new Set(prev ? (await decisionRowsOf([prev.id])).map((d) => d.taskId) : []);
  }

  /** The previous meeting of the kind that was held, with its decisions and their 落实情况 today. */
  async function previousOf(actor: Actor, m: Row) {
    const all = await db
      .select()
      .from(meetings)
      .where(and(eq(meetings.jurisdictionId, actor.jurisdictionId), eq(meetings.kind, m.kind)));
    const prev = previousMeeting(
      all.map((r) => ({
        ...r,
        kind: r.kind as MeetingKind,
        state: r.state as MeetingState,
        createdAt: r.createdAt.toISOString(),
      })),
      { ...m, kind: m.kind as MeetingKind, state: m.state as MeetingState, createdAt: m.createdAt.toISOString() },
    );
    if (!prev) return null;
    const decided = await presentDecisions(actor, await decisionRowsOf([prev.id]));
    return {
      meetingId: prev.id,
      title: prev.title,
      date: prev.date,
      decisions: decided,
      counts: countFollowUps(decided.map((d) => d.followUp)) as Record<FollowUpStatus, number>,
    };
  }

  async function agenda(actor: Actor, id: string): Promise<AgendaOut> {
    const m = await load(db, actor, id);
    if (!canManage(actor, m) && !isReader(actor)) throw new AppError('forbidden');
    const rows = await db
      .select()
      .from(meetingAgendaItems)
      .where(eq(meetingAgendaItems.meetingId, id))
      .orderBy(asc(meetingAgendaItems.position), asc(meetingAgendaItems.createdAt));
    const names = await unitNames(actor);
    return {
      meeting: (await present(actor, [m]))[0]!,
      previous: await previousOf(actor, m),
      items: rows.filter((r) => !r.dropped).map((r) => presentAgenda(r, names)),
      dropped: rows.filter((r) => r.dropped).map((r) => presentAgenda(r, names)),
    };
  }

  /** The office's edit: kept items in the order given, items left out dropped (kept aside), new ones added by hand. */
  async function putAgenda(actor: Actor, id: string, version: number, input: AgendaPut, meta: RequestMeta) {
    if (!isReader(actor)) throw new AppError('forbidden');
    await db.transaction(async (tx) => {
      const m = await load(tx, actor, id, true);
      if (!canManage(actor, m)) throw new AppError('forbidden');
      if (m.version !== version)
        throw new AppError('version_conflict', { current: m.version }, [], { currentVersion: m.version });
      if (m.state === 'minutes_issued') throw new AppError('minutes_issued');
      const existing = await tx
        .select({ id: meetingAgendaItems.id })
        .from(meetingAgendaItems)
        .where(eq(meetingAgendaItems.meetingId, id));
      const edit = applyAgendaEdit(
        existing.map((e) => e.id),
        input.items,
      );
      const active = await org.activeUnitIds(actor, tx);
      const problems: FieldProblem[] = [...edit.problems];
      input.items.forEach((e, i) => {
        if ('title' in e && e.unitId && !active.has(e.unitId))
          problems.push({ field: `body.items.${i}.unitId`, code: 'unknown_reference' });
      });
      if (problems.length) throw new AppError('validation', {}, problems);
      // Positions are rewritten from 0; dropped items go after the kept ones, marked dropped.
      for (const [pos, o] of edit.order.entries()) {
        if ('keep' in o)
          await tx
            .update(meetingAgendaItems)
            .set({ position: pos, dropped: false })
            .where(eq(meetingAgendaItems.id, o.keep));
        else {
          const e = input.items[o.add] as { title: string; body: string; unitId?: string | null };
          await tx.insert(meetingAgendaItems).values({
            meetingId: id,
            position: pos,
            source: 'manual',
            title: e.title,
            body: e.body,
            unitId: e.unitId ?? null,
          });
        }
      }
      for (const [i, d] of edit.dropped.entries())
        await tx
          .update(meetingAgendaItems)
          .set({ position: edit.order.length + i, dropped: true })
          .where(eq(meetingAgendaItems.id, d));
      await tx
        .update(meetings)
        .set({ version: m.version + 1 })
        .where(eq(meetings.id, id));
      await auditMeeting(
        actor,
        meta,
        'agenda',
        id,
        {
          kept: edit.order.filter((o) => 'keep' in o).length,
          added: edit.order.filter((o) => 'add' in o).length,
          dropped: edit.dropped.length,
        },
        tx,
      );
    });
    return agenda(actor, id);
  }

  /**
   * 议定事项: recorded while the meeting is held, issued at once as a task (交办) on the core through the task
   * service, with the meeting as its source — one transaction, so a decision never exists without its task.
   */
  async function decide(actor: Actor, id: string, input: DecisionCreate, meta: RequestMeta): Promise<DecisionOut> {
    if (!hasAnyRole(actor, SUPERVISING)) throw new AppError('forbidden');
    const decisionId = await db.transaction(async (tx) => {
      const m = await load(tx, actor, id, true);
      if (m.state !== 'held') throw new AppError('meeting_not_held', { state: stateLabel(m.state) });
      if (input.agendaItemId) {
        const [a] = await tx
          .select({ id: meetingAgendaItems.id })
          .from(meetingAgendaItems)
          .where(and(eq(meetingAgendaItems.id, input.agendaItemId), eq(meetingAgendaItems.meetingId, id)));
        if (!a) throw new AppError('validation', {}, [{ field: 'body.agendaItemId', code: 'unknown_reference' }]);
      }
      const taskId = await deps.tasks.createIn(
        tx,
        actor,
        {
          title: input.title,
          content: input.content,
          standard: input.standard,
          accountability: input.accountability,
          category: MEETING_KIND_LABELS[m.kind as MeetingKind]['zh-CN'],
          level: 'key',
          sourceType: 'meeting',
          sourceTitle: `${m.title}（${m.date}）`,
          sourceParagraph: null,
          leadUnitId: input.leadUnitId,
          coUnitIds: input.coUnitIds,
          leadLeaderId: input.leadLeaderId ?? null,
          responsiblePersonId: null,
          deadline: input.deadline,
          cadence: input.cadence,
          milestones: [],
          issue: true,
        },
        meta,
      );
      const [{ next }] = (
        await tx.execute(sql`SELECT coalesce(max(seq), 0) + 1 AS next FROM meeting_decisions WHERE meeting_id = ${id}`)
      ).rows as { next: number }[];
      const [row] = await tx
        .insert(meetingDecisions)
        .values({
          meetingId: id,
          seq: Number(next),
          taskId,
          agendaItemId: input.agendaItemId ?? null,
          title: input.title,
          content: input.content,
          standard: input.standard,
          leadUnitId: input.leadUnitId,
          coUnitIds: input.coUnitIds,
          deadline: input.deadline,
          createdBy: actor.personId,
        })
        .returning({ id: meetingDecisions.id });
      await tx
        .update(meetings)
        .set({ version: m.version + 1 })
        .where(eq(meetings.id, id));
      await auditMeeting(actor, meta, 'decide', id, { decisionId: row!.id, taskId, after: { ...input } }, tx);
      return row!.id;
    });
    const [row] = await db.select().from(meetingDecisions).where(eq(meetingDecisions.id, decisionId));
    return (await presentDecisions(actor, [row!]))[0]!;
  }

  /** planned → held (the meeting took place: decisions can be recorded). */
  async function hold(actor: Actor, id: string, version: number, meta: RequestMeta): Promise<MeetingOut> {
    if (!isReader(actor)) throw new AppError('forbidden');
    await db.transaction(async (tx) => {
      const m = await load(tx, actor, id, true);
      if (!canManage(actor, m)) throw new AppError('forbidden');
      if (m.version !== version)
        throw new AppError('version_conflict', { current: m.version }, [], { currentVersion: m.version });
      if (m.state !== 'planned') throw new AppError('meeting_state', { state: stateLabel(m.state) });
      await tx
        .update(meetings)
        .set({ state: 'held', version: m.version + 1 })
        .where(eq(meetings.id, id));
      await auditMeeting(actor, meta, 'hold', id, {}, tx);
    });
    return get(actor, id);
  }

  /** The issuing office's name (XX县人民政府办公室) and the supervision office's, for the minutes. */
  async function offices(actor: Actor) {
    const units = await org.listUnits(actor);
    const county = ((await org.getJurisdiction(actor.jurisdictionId))?.name ?? '').replace(/[（(].*?[）)]/g, '').trim();
    const withCounty = (name: string) =>
      county.endsWith('县') && name.startsWith('县') ? county + name.slice(1) : name;
    const gov = units.find((u) => u.kind === 'government_office' && u.active);
    const sup = units.find((u) => u.kind === 'supervision' && u.active);
    return {
      county,
      office: withCounty(gov?.name ?? '县人民政府办公室'),
      supervisionOffice: withCounty(sup?.name ?? '督查室'),
    };
  }

  async function minutesModel(actor: Actor, m: Row, number: number, issueDate: IsoDate): Promise<MinutesModel> {
    const names = await unitNames(actor);
    const agendaRows = await db
      .select()
      .from(meetingAgendaItems)
      .where(and(eq(meetingAgendaItems.meetingId, m.id), eq(meetingAgendaItems.dropped, false)))
      .orderBy(asc(meetingAgendaItems.position));
    const prev = await previousOf(actor, m);
    const decided = await decisionRowsOf([m.id]);
    return {
      ...(await offices(actor)),
      kind: m.kind as MeetingKind,
      number,
      issueDate,
      title: m.title,
      date: m.date,
      place: m.place,
      chairName: (await org.accountById(m.chairId))?.displayName ?? '',
      attendeeUnitNames: m.attendeeUnitIds.map((u) => names.get(u) ?? '').filter(Boolean),
      agenda: agendaRows.map((a) => ({ title: a.title })),
      previous: prev
        ? {
            title: prev.title,
            date: prev.date,
            decisions: prev.decisions.map((d) => ({
              title: d.title,
              unitName: d.leadUnitName ?? '',
              followUp: d.followUp,
            })),
          }
        : null,
      decisions: decided.map((d) => ({
        title: d.title,
        content: d.content,
        standard: d.standard,
        leadUnitName: names.get(d.leadUnitId) ?? '',
        coUnitNames: d.coUnitIds.map((u) => names.get(u) ?? '').filter(Boolean),
        deadline: d.deadline,
      })),
    };
  }

  async function nextNumber(tx: Tx, m: Row, year: number) {
    const issued = await tx
      .select({ n: meetings.minutesNumber })
      .from(meetings)
      .where(
        and(eq(meetings.jurisdictionId, m.jurisdictionId), eq(meetings.kind, m.kind), eq(meetings.minutesYear, year)),
      );
    return nextMinutesNumber(issued.map((r) => r.n ?? 0));
  }

  /** held → minutes_issued: numbered 第N期 of the kind's year, rendered once, stored with its sha256. */
  async function issueMinutes(actor: Actor, id: string, version: number, meta: RequestMeta): Promise<MeetingOut> {
    if (!isReader(actor)) throw new AppError('forbidden');
    const first = await load(db, actor, id);
    if (!canManage(actor, first)) throw new AppError('forbidden');
    const today = deps.today();
    const year = Number(today.slice(0, 4));
    // The record read outside the transaction (the other ledgers' lists refresh lights on their own); the number
    // and the state are settled inside it, and a change in between is caught by the version.
    const model = await minutesModel(actor, first, 0, today);
    await db.transaction(async (tx) => {
      // One numbering at a time per jurisdiction.
      await tx.execute(sql`SELECT pg_advisory_xact_lock(7351030, hashtext(${actor.jurisdictionId}))`);
      const m = await load(tx, actor, id, true);
      if (m.version !== version)
        throw new AppError('version_conflict', { current: m.version }, [], { currentVersion: m.version });
      if (m.state !== 'held') throw new AppError('meeting_state', { state: stateLabel(m.state) });
      const number = await nextNumber(tx, m, year);
      const bytes = await officialDocx(minutesBlocks({ ...model, number }), `${m.title}纪要`);
      const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
      await tx
        .update(meetings)
        .set({
          state: 'minutes_issued',
          minutesYear: year,
          minutesNumber: number,
          minutesIssuedOn: today,
          minutesDocx: bytes,
          minutesSha256: sha256,
          version: m.version + 1,
        })
        .where(eq(meetings.id, id));
      await auditMeeting(actor, meta, 'issue_minutes', id, { number, year, sha256 }, tx);
    });
    return get(actor, id);
  }

  /** The minutes: once issued exactly the archived bytes; before, a draft rendered from today's record. */
  async function minutes(actor: Actor, id: string) {
    const m = await load(db, actor, id);
    if (!isReader(actor)) throw new AppError('forbidden');
    const fileName = `${m.title}纪要.docx`;
    if (m.state === 'minutes_issued' && m.minutesDocx)
      return { bytes: m.minutesDocx, sha256: m.minutesSha256!, fileName, draft: false };
    const today = deps.today();
    const number = await nextNumber(db, m, Number(today.slice(0, 4)));
    const bytes = await officialDocx(minutesBlocks(await minutesModel(actor, m, number, today)), `${m.title}纪要`);
    return { bytes, sha256: crypto.createHash('sha256').update(bytes).digest('hex'), fileName, draft: true };
  }

  return { list, get, create, generate, agenda, putAgenda, decisions, decide, hold, issueMinutes, minutes };
}
