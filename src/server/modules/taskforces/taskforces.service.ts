import { and, asc, eq, inArray, isNull, type Placeholder, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import type { Actor } from '../../http/access';
import { AppError, notFound, type FieldProblem } from '../../http/errors';
import type { AuditService } from '../audit/audit.service';
import type { OrgService, RequestMeta } from '../org/org.service';
import type { SupervisionService } from '../supervision/supervision.service';
import { taskForceMembers, taskForces } from './taskforces.schema';
import type { TaskForceCreate, TaskForceDetailOut, TaskForceOut, TaskForcePatch } from '../../../shared/taskforces';
import { isOpen, type SupervisionState } from '../../../shared/domain/supervision-flow';

export type TaskForceService = ReturnType<typeof createTaskForceService>;
type Row = typeof taskForces.$inferSelect;

/**
 * The task forces a person is a member of, as a subquery: the supervision core's visibility rule takes it (wired in
 * createServices), so a member sees the task force's items whatever his home unit.
 */
export const taskForcesOf = (personId: string | Placeholder): SQL =>
  sql`SELECT tfm.task_force_id FROM task_force_members tfm WHERE tfm.person_id = ${personId}::uuid AND tfm.left_at IS NULL`;

const ALL = 100_000;

/**
 * 工作专班 / 领导小组: formed by the supervision office with a lead unit that answers for its tasks and members from
 * several units (a person keeps his home unit and joins task forces). A task assigned to a task force is the lead
 * unit's to do; every member sees it. Everyone on the ledger reads the task forces; the tasks each sees are the
 * core's visibility.
 */
export function createTaskForceService(deps: {
  db: Db;
  audit: AuditService;
  org: Pick<OrgService, 'listUnits' | 'accountById' | 'auditAs'>;
  supervision: Pick<SupervisionService, 'listItems'>;
}) {
  const { db } = deps;

  const record = (tx: Tx, actor: Actor, meta: RequestMeta, action: string, id: string, detail?: unknown) =>
    deps.audit.record(
      {
        ...deps.org.auditAs(actor, meta),
        action: `taskForce.${action}`,
        objectType: 'task_force',
        objectId: id,
        result: 'success',
        detail,
      },
      tx,
    );

  async function present(actor: Actor, rows: Row[]): Promise<(TaskForceOut & { taskIds: string[] })[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const members = await db
      .select()
      .from(taskForceMembers)
      .where(and(inArray(taskForceMembers.taskForceId, ids), isNull(taskForceMembers.leftAt)))
      .orderBy(asc(taskForceMembers.joinedAt));
    const unitList = await deps.org.listUnits(actor);
    const units = new Map(unitList.map((u) => [u.id, u.shortName ?? u.name]));
    // Members in the order of the unit list (then by when they joined), as the county lists its units.
    const unitOrder = new Map(unitList.map((u, i) => [u.id, i]));
    const people = new Map<string, Awaited<ReturnType<OrgService['accountById']>>>();
    for (const id of new Set([...members.map((m) => m.personId), ...rows.flatMap((r) => (r.headId ? [r.headId] : []))]))
      people.set(id, await deps.org.accountById(id));
    const tasks = (await deps.supervision.listItems(actor, { kind: 'task', taskForceIds: ids, page: 1, pageSize: ALL }))
      .items;
    return rows.map((r) => {
      const ms = members
        .filter((m) => m.taskForceId === r.id)
        .map((m) => {
          const p = people.get(m.personId);
          return {
            personId: m.personId,
            name: p?.displayName ?? '',
            title: p?.title ?? null,
            unitId: p?.unitId ?? '',
            unitName: (p && units.get(p.unitId)) ?? p?.unitName ?? '',
            duty: m.duty,
            joinedAt: m.joinedAt.toISOString(),
          };
        })
        .sort((a, b) => (unitOrder.get(a.unitId) ?? 1e9) - (unitOrder.get(b.unitId) ?? 1e9));
      const mine = tasks.filter((t) => t.taskForceId === r.id);
      return {
        id: r.id,
        name: r.name,
        kind: r.kind as TaskForceOut['kind'],
        duties: r.duties,
        leadUnitId: r.leadUnitId,
        leadUnitName: units.get(r.leadUnitId) ?? '',
        headId: r.headId,
        headName: r.headId ? (people.get(r.headId)?.displayName ?? null) : null,
        state: r.state as TaskForceOut['state'],
        version: r.version,
        members: ms,
        unitNames: [...new Set(ms.map((m) => m.unitName))],
        openTasks: mine.filter((t) => isOpen(t.state as SupervisionState)).length,
        tasks: mine.length,
        taskIds: mine.map((t) => t.id),
      };
    });
  }

  async function list(actor: Actor, q: { state?: 'active' | 'dissolved'; member?: 'me' }): Promise<TaskForceOut[]> {
    const conds: SQL[] = [eq(taskForces.jurisdictionId, actor.jurisdictionId)];
    if (q.state) conds.push(eq(taskForces.state, q.state));
    if (q.member) conds.push(sql`${taskForces.id} IN (${taskForcesOf(actor.personId)})`);
    const rows = await db
      .select()
      .from(taskForces)
      .where(and(...conds))
      .orderBy(asc(taskForces.state), asc(taskForces.createdAt));
    return (await present(actor, rows)).map(({ taskIds: _t, ...r }) => r);
  }

  async function loadRow(actor: Pick<Actor, 'jurisdictionId'>, id: string, tx: Tx = db): Promise<Row> {
    const [r] = await tx
      .select()
      .from(taskForces)
      .where(and(eq(taskForces.id, id), eq(taskForces.jurisdictionId, actor.jurisdictionId)));
    if (!r) throw notFound();
    return r;
  }

  async function get(actor: Actor, id: string): Promise<TaskForceDetailOut> {
    const row = await loadRow(actor, id);
    const [{ taskIds: _t, ...out }] = await present(actor, [row]);
    const items = (
      await deps.supervision.listItems(actor, { kind: 'task', taskForceIds: [id], page: 1, pageSize: ALL })
    ).items;
    return {
      ...out!,
      taskItems: items.map((t) => ({
        id: t.id,
        title: t.title,
        state: t.state,
        light: t.light,
        progress: t.progress,
        deadline: t.deadline,
      })),
    };
  }

  /**
   * What a task assigned to a task force must agree with: the task force (active, of the caller's county) and its
   * lead unit, which the task's lead unit must be. Problems name the fields of the task's form.
   */
  async function checkAssignment(
    actor: Pick<Actor, 'jurisdictionId'>,
    taskForceId: string,
    leadUnitId: string | undefined,
    tx: Tx,
  ): Promise<FieldProblem[]> {
    const [r] = await tx
      .select()
      .from(taskForces)
      .where(and(eq(taskForces.id, taskForceId), eq(taskForces.jurisdictionId, actor.jurisdictionId)));
    if (!r || r.state !== 'active') return [{ field: 'body.taskForceId', code: 'unknown_reference' }];
    if (leadUnitId !== undefined && leadUnitId !== r.leadUnitId)
      return [{ field: 'body.leadUnitId', code: 'task_force_lead_unit', params: { name: r.name } }];
    return [];
  }

  async function checkPeople(actor: Actor, ids: { personId: string; at: string }[], tx: Tx) {
    const problems: FieldProblem[] = [];
    for (const { personId, at } of ids) {
      const p = await deps.org.accountById(personId, tx);
      if (!p || p.jurisdictionId !== actor.jurisdictionId || !p.active)
        problems.push({ field: at, code: 'unknown_reference' });
    }
    return problems;
  }

  async function checkHead(actor: Actor, headId: string | null | undefined, tx: Tx): Promise<FieldProblem[]> {
    if (!headId) return [];
    const p = await deps.org.accountById(headId, tx);
    if (!p || p.jurisdictionId !== actor.jurisdictionId || !p.active)
      return [{ field: 'body.headId', code: 'unknown_reference' }];
    if (!p.roles.some((r) => r === 'leader' || r === 'principal'))
      return [{ field: 'body.headId', code: 'not_a_leader' }];
    return [];
  }

  async function create(actor: Actor, input: TaskForceCreate, meta: RequestMeta): Promise<TaskForceDetailOut> {
    const id = await db.transaction(async (tx) => {
      const problems: FieldProblem[] = [];
      const unit = (await deps.org.listUnits(actor, tx)).find((u) => u.id === input.leadUnitId);
      if (!unit?.active) problems.push({ field: 'body.leadUnitId', code: 'unknown_reference' });
      problems.push(...(await checkHead(actor, input.headId, tx)));
      problems.push(
        ...(await checkPeople(
          actor,
          input.members.map((m, i) => ({ personId: m.personId, at: `body.members.${i}.personId` })),
          tx,
        )),
      );
      const seen = new Set<string>();
      input.members.forEach((m, i) => {
        if (seen.has(m.personId)) problems.push({ field: `body.members.${i}.personId`, code: 'duplicate_entry' });
        seen.add(m.personId);
      });
      if (problems.length) throw new AppError('validation', {}, problems);
      const [r] = await tx
        .insert(taskForces)
        .values({
          jurisdictionId: actor.jurisdictionId,
          name: input.name,
          kind: input.kind,
          duties: input.duties ?? null,
          leadUnitId: input.leadUnitId,
          headId: input.headId ?? null,
          createdBy: actor.personId,
        })
        .returning({ id: taskForces.id });
      if (input.members.length)
        await tx.insert(taskForceMembers).values(
          input.members.map((m) => ({
            taskForceId: r!.id,
            personId: m.personId,
            duty: m.duty,
            addedBy: actor.personId,
          })),
        );
      await record(tx, actor, meta, 'create', r!.id, { after: input });
      return r!.id;
    });
    return get(actor, id);
  }

  async function bump(tx: Tx, actor: Actor, id: string, version: number, set: Partial<Row> = {}) {
    const before = await loadRow(actor, id, tx);
    if (before.version !== version)
      throw new AppError('version_conflict', { current: before.version }, [], { currentVersion: before.version });
    await tx
      .update(taskForces)
      .set({ ...set, version: version + 1 })
      .where(eq(taskForces.id, id));
    return before;
  }

  async function patch(actor: Actor, id: string, version: number, input: TaskForcePatch, meta: RequestMeta) {
    await db.transaction(async (tx) => {
      const problems = await checkHead(actor, input.headId, tx);
      if (problems.length) throw new AppError('validation', {}, problems);
      const set: Partial<Row> = {};
      if (input.name !== undefined) set.name = input.name;
      if (input.duties !== undefined) set.duties = input.duties ?? null;
      if (input.headId !== undefined) set.headId = input.headId ?? null;
      if (input.state !== undefined) set.state = input.state;
      const before = await bump(tx, actor, id, version, set);
      await record(tx, actor, meta, 'update', id, { before, after: input });
    });
    return get(actor, id);
  }

  async function addMembers(
    actor: Actor,
    id: string,
    version: number,
    members: { personId: string; duty: string }[],
    meta: RequestMeta,
  ) {
    await db.transaction(async (tx) => {
      await bump(tx, actor, id, version);
      const problems = await checkPeople(
        actor,
        members.map((m, i) => ({ personId: m.personId, at: `body.members.${i}.personId` })),
        tx,
      );
      if (problems.length) throw new AppError('validation', {}, problems);
      for (const m of members) {
        // Already a member: the duty changes, the membership goes on.
        const [cur] = await tx
          .select({ id: taskForceMembers.id })
          .from(taskForceMembers)
          .where(
            and(
              eq(taskForceMembers.taskForceId, id),
              eq(taskForceMembers.personId, m.personId),
              isNull(taskForceMembers.leftAt),
            ),
          );
        if (cur) await tx.update(taskForceMembers).set({ duty: m.duty }).where(eq(taskForceMembers.id, cur.id));
        else
          await tx
            .insert(taskForceMembers)
            .values({ taskForceId: id, personId: m.personId, duty: m.duty, addedBy: actor.personId });
      }
      await record(tx, actor, meta, 'members.add', id, { members });
    });
    return get(actor, id);
  }

  async function removeMembers(actor: Actor, id: string, version: number, personIds: string[], meta: RequestMeta) {
    await db.transaction(async (tx) => {
      await bump(tx, actor, id, version);
      await tx
        .update(taskForceMembers)
        .set({ leftAt: new Date() })
        .where(
          and(
            eq(taskForceMembers.taskForceId, id),
            inArray(taskForceMembers.personId, personIds),
            isNull(taskForceMembers.leftAt),
          ),
        );
      await record(tx, actor, meta, 'members.remove', id, { personIds });
    });
    return get(actor, id);
  }

  return { list, get, checkAssignment, create, patch, addMembers, removeMembers };
}
