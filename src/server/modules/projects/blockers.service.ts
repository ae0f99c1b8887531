import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, Tx } from '../../db/client';
import type { Actor } from '../../http/access';
import { AppError, notFound } from '../../http/errors';
import type { AuditService } from '../audit/audit.service';
import type { OrgService, RequestMeta } from '../org/org.service';
import type { SupervisionService } from '../supervision/supervision.service';
import type { AttachmentService } from '../attachments/attachments.service';
import type { CalendarService } from '../calendar/calendar.service';
import { createProjectService, type ProjectService } from './projects.service';
import type { NotificationService } from '../notifications/notifications.service';
import { blockers, projects } from './projects.schema';
import {
  BLOCKER_TYPE_LABELS,
  ESCALATION_LABELS,
  ESCALATION_WORKING_DAYS,
  nextEscalation,
  type BlockerType,
  type EscalationLevel,
} from '../../../shared/domain/projects';
import { addWorkingDays } from '../../../shared/domain/working-days';
import type { IsoDate } from '../../../shared/domain/dates';
import type { SupervisionState } from '../../../shared/domain/supervision-flow';
import type { BlockerCreate, BlockerOut, BlockerQuery, EscalateIn, ResolveIn } from '../../../shared/projects';

const OPEN_STATES: SupervisionState[] = ['draft', 'assigned', 'returned', 'accepted', 'in_progress', 'close_requested'];

export type BlockerService = ReturnType<typeof createBlockerService>;

/**
 * 卡点: problems a unit raises on a project (用地、资金、审批、征迁、环评…). Each is a supervised item of kind
 * 'blocker' on the supervision core: issued by the raising unit to the unit that must remove it, led by the leader
 * at its escalation level (包联 → 分管 → principal), each level with a deadline in working days. Like a milestone,
 * a blocker's item starts and ends on the level's deadline: the one light function reads it as on time until then
 * and red once the level has let it pass (time to escalate).
 */
export function createBlockerService(deps: {
  db: Db;
  audit: AuditService;
  org: OrgService;
  supervision: SupervisionService;
  attachments: AttachmentService;
  calendar: CalendarService;
  projects: ProjectService;
  notifications: Pick<NotificationService, 'notify'>;
}) {
  const { db, org, supervision } = deps;
  const today = () => supervision.today();

  const auditBlocker = (actor: Actor, meta: RequestMeta, action: string, id: string, detail: unknown, tx: Tx) =>
    deps.audit.record(
      {
        ...org.auditAs(actor, meta),
        action: `blocker.${action}`,
        objectType: 'blocker',
        objectId: id,
        result: 'success',
        detail,
      },
      tx,
    );

  /** The leaders a blocker of this project climbs: its 包联 leader, a leader who 分管 its unit, a principal. */
  async function chainOf(
    tx: Tx,
    actor: Pick<Actor, 'jurisdictionId'>,
    p: typeof projects.$inferSelect,
  ): Promise<Record<EscalationLevel, string | null>> {
    const inCharge = (await org.leadersOf(p.responsibleUnitId, tx)).sort()[0] ?? null;
    const principals = (await org.peopleWithRole(p.jurisdictionId, 'principal', tx)).sort();
    // The government's head (县长) chairs project scheduling: a principal of the government office if there is one.
    const govOffices = new Set(
      (await org.listUnits(actor, tx)).filter((u) => u.kind === 'government_office').map((u) => u.id),
    );
    let principal = principals[0] ?? null;
    for (const id of principals) if (govOffices.has((await org.accountById(id, tx))?.unitId ?? '')) principal = id;
    return { 1: p.leaderId, 2: inCharge, 3: principal };
  }

  async function deadlineFor(jurisdictionId: string, level: EscalationLevel, tx: Tx): Promise<IsoDate> {
    return addWorkingDays(today(), ESCALATION_WORKING_DAYS[level], await deps.calendar.calendarFor(jurisdictionId, tx));
  }

  async function present(actor: Actor, ids: string[], tx: Tx = db): Promise<BlockerOut[]> {
    if (ids.length === 0) return [];
    const { items } = await supervision.listItems(actor, { kind: 'blocker', ids, page: 1, pageSize: ids.length });
    const rows = await tx
      .select({ b: blockers, projectName: projects.name })
      .from(blockers)
      .innerJoin(projects, eq(projects.id, blockers.projectId))
      .where(sql`${blockers.id} = ANY(${sql.param(ids)}::uuid[])`);
    const byId = new Map(rows.map((r) => [r.b.id, r]));
    const names = new Map<string, string | null>();
    for (const pid of new Set(items.map((i) => i.leadLeaderId).filter((x): x is string => !!x)))
      names.set(pid, (await org.accountById(pid, tx))?.displayName ?? null);
    return items
      .filter((i) => byId.has(i.id))
      .map((i) => {
        const { b, projectName } = byId.get(i.id)!;
        return {
          id: i.id,
          projectId: b.projectId,
          projectName,
          type: b.type as BlockerType,
          description: b.description,
          level: b.level,
          leaderId: i.leadLeaderId,
          leaderName: i.leadLeaderId ? (names.get(i.leadLeaderId) ?? null) : null,
          raisedByUnitId: b.raisedByUnitId,
          handlingUnitId: i.assigneeUnitId,
          raisedOn: b.raisedOn,
          deadline: i.deadline,
          resolution: b.resolution,
          resolvedOn: b.resolvedOn,
          state: i.state,
          light: i.light,
          actions: i.actions,
          version: i.version,
        };
      });
  }

  async function get(actor: Actor, id: string): Promise<BlockerOut> {
    const [out] = await present(actor, [id]);
    if (!out) throw notFound();
    return out;
  }

  /** Blockers the caller sees (the core's scope), by project, leader, type and open/closed, newest first. */
  async function list(actor: Actor, q: z.infer<typeof BlockerQuery>) {
    const conds: SQL[] = [eq(blockers.jurisdictionId, actor.jurisdictionId)];
    if (q.projectId) conds.push(eq(blockers.projectId, q.projectId));
    if (q.type) conds.push(eq(blockers.type, q.type));
    const ids = (
      await db
        .select({ id: blockers.id })
        .from(blockers)
        .where(and(...conds))
    ).map((r) => r.id);
    const { items, total } = await supervision.listItems(actor, {
      kind: 'blocker',
      ids,
      leaderId: q.leaderId,
      states: q.state === 'open' ? OPEN_STATES : q.state === 'closed' ? ['closed', 'cancelled'] : undefined,
      sort: 'created',
      page: q.page,
      pageSize: q.pageSize,
    });
    return {
      items: await present(
        actor,
        items.map((i) => i.id),
      ),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  /**
   * Raised by the project's responsible unit (or the office), issued at once to the unit that must remove it; returns
   * its id. (Writes return nothing to present: the routes read after.)
   */
  async function raise(actor: Actor, input: z.infer<typeof BlockerCreate>, meta: RequestMeta): Promise<string> {
    return db.transaction(async (tx) => {
      const p = await deps.projects.rawProject(tx, actor, input.projectId);
      if (!deps.projects.mayWrite(actor, p)) throw new AppError('forbidden');
      const handling = input.handlingUnitId ?? p.responsibleUnitId;
      if (
        input.handlingUnitId &&
        !(await org.listUnits(actor, tx)).some((u) => u.id === input.handlingUnitId && u.active)
      )
        throw new AppError('validation', {}, [{ field: 'body.handlingUnitId', code: 'unknown_reference' }]);
      const chain = await chainOf(tx, actor, p);
      const start = chain[1] ? { level: 1 as EscalationLevel, leaderId: chain[1] } : nextEscalation(1, null, chain);
      const level = start?.level ?? 1;
      const deadline = await deadlineFor(p.jurisdictionId, level, tx);
      const co = [
        ...new Set([p.responsibleUnitId, p.townshipUnitId].filter((u): u is string => !!u && u !== handling)),
      ];
      const itemId = await supervision.createItem(tx, {
        kind: 'blocker',
        jurisdictionId: p.jurisdictionId,
        title: `【${BLOCKER_TYPE_LABELS[input.type]['zh-CN']}】${p.name}`,
        assignerUnitId: actor.unitId,
        assigneeUnitId: handling,
        coUnitIds: co,
        leadLeaderId: start?.leaderId ?? null,
        responsiblePersonId: null,
        startDate: deadline,
        deadline,
        cadence: null,
        createdBy: actor.personId,
      });
      await tx.insert(blockers).values({
        id: itemId,
        projectId: p.id,
        jurisdictionId: p.jurisdictionId,
        type: input.type,
        description: input.description,
        level,
        raisedByUnitId: actor.unitId,
        raisedOn: today(),
      });
      await supervision.act(tx, actor, itemId, null, 'assign');
      await auditBlocker(
        actor,
        meta,
        'raise',
        itemId,
        {
          projectId: p.id,
          type: input.type,
          description: input.description,
          handlingUnitId: handling,
          level,
          leaderId: start?.leaderId ?? null,
          deadline,
        },
        tx,
      );
      return itemId;
    });
  }

  async function row(tx: Tx, actor: Actor, id: string) {
    const item = await supervision.rawItem(tx, actor, id);
    const [b] = await tx.select().from(blockers).where(eq(blockers.id, id));
    if (!b || item.kind !== 'blocker') throw notFound();
    return { item, b };
  }

  /**
   * Escalation to the next leader (or a named one), with a new deadline for that level. On the core it is a 催办
   * by the assigning side that also hands the item to the new lead leader and deadline: one event, the same flow.
   */
  async function escalate(
    actor: Actor,
    id: string,
    version: number,
    input: z.infer<typeof EscalateIn>,
    meta: RequestMeta,
  ): Promise<void> {
    await db.transaction(async (tx) => {
      const { item, b } = await row(tx, actor, id);
      const [p] = await tx.select().from(projects).where(eq(projects.id, b.projectId));
      const chain = await chainOf(tx, actor, p!);
      let next = nextEscalation(b.level as EscalationLevel, item.leadLeaderId, chain);
      if (input.leaderId) {
        const leader = await org.accountById(input.leaderId, tx);
        if (
          !leader ||
          leader.jurisdictionId !== actor.jurisdictionId ||
          !leader.active ||
          !leader.roles.some((r) => r === 'leader' || r === 'principal')
        )
          throw new AppError('validation', {}, [{ field: 'body.leaderId', code: 'not_a_leader' }]);
        next = {
          level: (leader.roles.includes('principal') ? 3 : Math.min(3, b.level + 1)) as EscalationLevel,
          leaderId: input.leaderId,
        };
      }
      if (!next || next.level <= b.level) throw new AppError('blocker_top_level');
      const deadline = await deadlineFor(item.jurisdictionId, next.level, tx);
      await supervision.act(tx, actor, id, version, 'urge', {
        reason: input.reason,
        data: {
          escalation: true,
          fromLevel: b.level,
          toLevel: next.level,
          fromLeaderId: item.leadLeaderId,
          leaderId: next.leaderId,
          deadline,
        },
        set: { leadLeaderId: next.leaderId, deadline, startDate: deadline },
      });
      await tx.update(blockers).set({ level: next.level }).where(eq(blockers.id, id));
      await auditBlocker(
        actor,
        meta,
        'escalate',
        id,
        { fromLevel: b.level, toLevel: next.level, leaderId: next.leaderId, deadline, reason: input.reason },
        tx,
      );
    });
  }

  /**
   * A blocker climbs by itself when its level's deadline passes (the escalation job): to the next leader of its
   * chain with that level's deadline, recorded as the hand escalation is (a 催办 event with the escalation, an audit
   * row) but by the system, and the new leader is told. Idempotent: a blocker escalated has a new deadline, so a
   * second run finds it no longer overdue; one at the top of its chain stays where it is.
   */
  async function escalateDue(jurisdictionId: string): Promise<{ escalated: number }> {
    let escalated = 0;
    for (const o of await supervision.overdueOfKind(jurisdictionId, 'blocker')) {
      await db.transaction(async (tx) => {
        const [b] = await tx.select().from(blockers).where(eq(blockers.id, o.id));
        const [p] = b ? await tx.select().from(projects).where(eq(projects.id, b.projectId)) : [];
        if (!b || !p) return;
        const next = nextEscalation(b.level as EscalationLevel, o.leadLeaderId, await chainOf(tx, p, p));
        if (!next) return;
        const deadline = await deadlineFor(jurisdictionId, next.level, tx);
        const reason = `第${b.level}级（${ESCALATION_LABELS[b.level as EscalationLevel]['zh-CN']}）时限 ${o.deadline} 已过，\
自动升级至${ESCALATION_LABELS[next.level]['zh-CN']}`;
        const done = await supervision.systemUrge(tx, o.id, o.version, {
          reason,
          data: {
            escalation: true,
            fromLevel: b.level,
            toLevel: next.level,
            fromLeaderId: o.leadLeaderId,
            leaderId: next.leaderId,
            deadline,
          },
          set: { leadLeaderId: next.leaderId, deadline, startDate: deadline },
        });
        if (!done) return;
        await tx.update(blockers).set({ level: next.level }).where(eq(blockers.id, o.id));
        await deps.notifications.notify(tx, {
          jurisdictionId,
          recipients: [next.leaderId],
          kind: 'blocker_escalated',
          itemId: o.id,
          title: `【卡点升级】${p.name}`,
          body: `${b.description}\n${reason}，请于 ${deadline} 前协调解决。`,
          link: `/projects/${p.id}`,
          dedupeKey: `blocker-escalated:${o.id}:${next.level}`,
        });
        await deps.audit.record(
          {
            jurisdictionId,
            personId: null,
            username: 'system',
            action: 'blocker.escalate',
            objectType: 'blocker',
            objectId: o.id,
            result: 'success',
            detail: {
              fromLevel: b.level,
              toLevel: next.level,
              leaderId: next.leaderId,
              deadline,
              reason,
              automatic: true,
            },
          },
          tx,
        );
        escalated++;
      });
    }
    return { escalated };
  }

  /** The handling unit reports it removed, with a note and evidence (accepting first if it had not). */
  async function resolve(
    actor: Actor,
    id: string,
    version: number,
    input: z.infer<typeof ResolveIn>,
    meta: RequestMeta,
  ): Promise<void> {
    await db.transaction(async (tx) => {
      const { item } = await row(tx, actor, id);
      if (item.version !== version)
        throw new AppError('version_conflict', { current: item.version }, [], { currentVersion: item.version });
      if (!supervision.sidesOf(actor, item).includes('assignee')) throw new AppError('forbidden');
      let v: number | null = version;
      if (item.state === 'assigned') {
        await supervision.act(tx, actor, id, v, 'accept');
        v = null;
      }
      const evidenceCount = await deps.attachments.bind(tx, actor, input.attachmentIds, id);
      await supervision.act(tx, actor, id, v, 'requestClose', {
        reason: input.resolution,
        evidenceCount,
        data: { resolution: input.resolution, attachmentIds: input.attachmentIds },
      });
      await tx.update(blockers).set({ resolution: input.resolution, resolvedOn: today() }).where(eq(blockers.id, id));
      await auditBlocker(actor, meta, 'resolve', id, { resolution: input.resolution }, tx);
    });
  }

  /** The raising side (or the office) confirms the resolution: the item is closed. */
  async function confirm(actor: Actor, id: string, version: number, meta: RequestMeta): Promise<void> {
    await db.transaction(async (tx) => {
      await row(tx, actor, id);
      await supervision.act(tx, actor, id, version, 'close');
      await auditBlocker(actor, meta, 'confirm', id, {}, tx);
    });
  }

  /** For a round's summary: blockers raised in [from, to], and those still open, as the caller sees them. */
  async function forRound(actor: Actor, from: IsoDate, to: IsoDate) {
    // The states of all the county's blockers in one grouped read; only the week's and the open ones are presented.
    const states = await supervision.lightCounts(
      actor,
      sql`SELECT ${blockers.id}, ${blockers.id} FROM ${blockers} WHERE ${blockers.jurisdictionId} = ${actor.jurisdictionId}`,
    );
    const open = new Set(states.filter((s) => s.visible && OPEN_STATES.includes(s.state)).map((s) => s.key));
    const week = await db
      .select({ id: blockers.id })
      .from(blockers)
      .where(
        and(eq(blockers.jurisdictionId, actor.jurisdictionId), sql`${blockers.raisedOn} BETWEEN ${from} AND ${to}`),
      );
    const all = await present(actor, [...new Set([...week.map((r) => r.id), ...open])]);
    const isOpen = (b: BlockerOut) => OPEN_STATES.includes(b.state);
    return { newBlockers: all.filter((b) => b.raisedOn >= from && b.raisedOn <= to), openBlockers: all.filter(isOpen) };
  }

  return { list, get, raise, escalate, escalateDue, resolve, confirm, forRound };
}

/**
 * The library and its blockers built over the shared services, as the routes of projects, the cockpit, meetings,
 * bulletins and investment each build them (stateless factories: one pair per module costs nothing).
 */
export function createProjectServices(deps: Omit<Parameters<typeof createBlockerService>[0], 'projects'>) {
  const projects = createProjectService(deps);
  return { projects, blockers: createBlockerService({ ...deps, projects }) };
}
