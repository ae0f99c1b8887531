import { handOffAllowed } from '../../../shared/domain/handoff';
import { and, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import type { Hole } from '../../db/shapes';
import { hasAnyRole, type Actor } from '../../http/access';
import { AppError, notFound, type FieldProblem } from '../../http/errors';
import type { AuditService } from '../audit/audit.service';
import type { OrgService, RequestMeta } from '../org/org.service';
import type { ItemHistory, NewItem, OwnColumns, SupervisionService } from '../supervision/supervision.service';
import type { AttachmentService } from '../attachments/attachments.service';
import { createLedgerLoop } from '../supervision/loop.service';
import type { TaskForceService } from '../taskforces/taskforces.service';
import { tasks } from './tasks.schema';
import type { TaskCreate, TaskOut, TaskQuery } from '../../../shared/tasks';
import type { ItemOut } from '../../../shared/supervision';
import type { z } from 'zod';
import type { TaskPatch } from '../../../shared/tasks';

export type TaskService = ReturnType<typeof createTaskService>;

/** 任务内容 (spaces ignored) and 牵头单位: the same task in a ledger, however it was typed again. */
export const importKey = (content: string, leadUnitId: string) => `${content.replace(/\s+/g, '')}|${leadUnitId}`;

/** The fields whose absence makes a task incomplete (五明确) rather than merely invalid. */
const INCOMPLETE_FIELDS = ['body.standard', 'body.accountability'];

export function createTaskService(deps: {
  db: Db;
  audit: AuditService;
  org: OrgService;
  supervision: SupervisionService;
  attachments: AttachmentService;
  /** 工作专班: a task assigned to one must be given to its lead unit. */
  taskForces?: Pick<TaskForceService, 'checkAssignment'>;
}) {
  const { db, supervision, org } = deps;

  const loop = createLedgerLoop<TaskOut>(deps, {
    kind: 'task',
    auditAs: 'task',
    serials: { table: 'tasks' },
    // The ledger's timeline, reports and evidence routes have always served any item the caller sees (a blocker's).
    readsAnyKind: true,
    get,
    // 五明确: a task is issued (again) only when what, how well and what follows are all known.
    beforeStep: async (tx, actor, id, action) => {
      if (action !== 'assign' && action !== 'reassign') return;
      const t = await get(actor, id, tx);
      const problems = await check(
        actor,
        { standard: t.standard, accountability: t.accountability, deadline: t.deadline },
        { issuing: true },
        tx,
      );
      if (problems.length) throw new AppError('incomplete_task', {}, problems);
    },
  });
  const auditTask = loop.audit;
  const { withCloseRequests } = loop;

  /** A task's own columns as the list query reads them with each row (one query for the page, not two). */
  type TaskColumns = Pick<
    typeof tasks.$inferSelect,
    | 'serial'
    | 'content'
    | 'standard'
    | 'accountability'
    | 'category'
    | 'level'
    | 'sourceType'
    | 'sourceTitle'
    | 'sourceParagraph'
  >;
  const TASK_COLUMNS: OwnColumns<TaskColumns> = {
    table: tasks,
    id: tasks.id,
    columns: {
      serial: tasks.serial,
      content: tasks.content,
      standard: tasks.standard,
      accountability: tasks.accountability,
      category: tasks.category,
      level: tasks.level,
      sourceType: tasks.sourceType,
      sourceTitle: tasks.sourceTitle,
      sourceParagraph: tasks.sourceParagraph,
    },
  };

  /** The item (a fresh object of the core's) completed with the task's columns. */
  function taskOut(i: ItemOut, t: TaskColumns): TaskOut {
    // Object.assign, not `{ ...i, serial, … }`: V8 gives every object spread and then extended a hidden class of
    // its own, ~10 µs per row of a list (measured); assigning onto the fresh item keeps one shape.
    return Object.assign(i, {
      serial: t.serial,
      content: t.content,
      standard: t.standard || null,
      accountability: t.accountability,
      category: t.category,
      level: t.level as TaskOut['level'],
      sourceType: t.sourceType as TaskOut['sourceType'],
      sourceTitle: t.sourceTitle,
      sourceParagraph: t.sourceParagraph,
      closeRequest: null,
    });
  }

  async function withTaskFields(items: ItemOut[], tx: Tx = db): Promise<TaskOut[]> {
    if (items.length === 0) return [];
    const ids = items.map((i) => i.id);
    const rows = await tx
      .select()
      .from(tasks)
      .where(sql`${tasks.id} = ANY(${sql.param(ids)}::uuid[])`);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return items.map((i) => taskOut(i, byId.get(i.id)!));
  }

  /** The units and people a check looks up, fetched once for a whole import. */
  function lookupCache(among?: string[]) {
    let units: Promise<Set<string>> | undefined;
    const people = new Map<string, ReturnType<OrgService['accountById']>>();
    return {
      activeUnits: (actor: Actor, tx: Tx) => (units ??= org.activeUnitIds(actor, tx, among)),
      person: (id: string, tx: Tx) => {
        if (!people.has(id)) people.set(id, org.accountById(id, tx));
        return people.get(id)!;
      },
    };
  }

  /** 五明确 checks shared by create, edit and issue; returns field problems rather than throwing one at a time. */
  async function check(
    actor: Actor,
    input: Partial<TaskCreate>,
    opts: { parentDeadline?: string | null; issuing: boolean; history?: boolean },
    tx: Tx,
    cache = lookupCache(),
  ): Promise<FieldProblem[]> {
    const problems: FieldProblem[] = [];
    const today = supervision.today();
    const activeUnits = await cache.activeUnits(actor, tx);
    const accountById = (id: string, tx: Tx) => cache.person(id, tx);
    if (input.leadUnitId !== undefined && !activeUnits.has(input.leadUnitId))
      problems.push({ field: 'body.leadUnitId', code: 'unknown_reference' });
    for (const [i, u] of (input.coUnitIds ?? []).entries()) {
      if (!activeUnits.has(u)) problems.push({ field: `body.coUnitIds.${i}`, code: 'unknown_reference' });
      if (u === input.leadUnitId) problems.push({ field: `body.coUnitIds.${i}`, code: 'co_unit_is_lead' });
    }
    if (input.leadLeaderId) {
      const p = await accountById(input.leadLeaderId, tx);
      if (
        !p ||
        p.jurisdictionId !== actor.jurisdictionId ||
        !p.active ||
        !p.roles.some((r) => r === 'leader' || r === 'principal')
      )
        problems.push({ field: 'body.leadLeaderId', code: 'not_a_leader' });
    }
    if (input.taskForceId && deps.taskForces)
      problems.push(...(await deps.taskForces.checkAssignment(actor, input.taskForceId, input.leadUnitId, tx)));
    if (input.responsiblePersonId) {
      const p = await accountById(input.responsiblePersonId, tx);
      if (!p?.active || (input.leadUnitId && p.unitId !== input.leadUnitId))
        problems.push({ field: 'body.responsiblePersonId', code: 'not_in_lead_unit' });
    }
    if (input.deadline !== undefined) {
      // A ledger brought in from before keeps its past deadlines: the item is overdue from day one.
      if (input.deadline < today && !opts.history) problems.push({ field: 'body.deadline', code: 'deadline_past' });
      if (opts.parentDeadline && input.deadline > opts.parentDeadline)
        problems.push({ field: 'body.deadline', code: 'after_parent', params: { parent: opts.parentDeadline } });
    }
    for (const [i, m] of (input.milestones ?? []).entries()) {
      if (input.deadline && m.due > input.deadline)
        problems.push({ field: `body.milestones.${i}.due`, code: 'after_deadline' });
      if (m.due < today) problems.push({ field: `body.milestones.${i}.due`, code: 'deadline_past' });
    }
    // 五明确: what must be done well (standard) and what follows if it is not (奖惩) are both known before issuing.
    if (opts.issuing && !input.standard?.trim()) problems.push({ field: 'body.standard', code: 'required' });
    if (opts.issuing && !input.accountability?.trim())
      problems.push({ field: 'body.accountability', code: 'required' });
    return problems;
  }

  /** 一级抓一级: a sub-task's units lie under the unit breaking its task down, or anywhere if that unit is the county's. */
  async function handOffProblems(actor: Actor, from: string, input: TaskCreate, tx: Tx): Promise<FieldProblem[]> {
    const units = new Map((await org.listUnits(actor, tx)).map((u) => [u.id, u]));
    const targets: [string, string][] = [
      ['body.leadUnitId', input.leadUnitId],
      ...(input.coUnitIds ?? []).map((u, i): [string, string] => [`body.coUnitIds.${i}`, u]),
    ];
    return targets
      .filter(([, to]) => units.has(to) && !handOffAllowed(from, to, units))
      .map(([field, to]) => ({ field, code: 'lateral_handoff', params: { name: units.get(to)!.name } }));
  }

  /** The supervised item a task form describes (one form, created alone or in an import). */
  function itemOf(actor: Actor, input: TaskCreate, assignerUnitId: NewItem['assignerUnitId']): NewItem {
    return {
      kind: 'task',
      jurisdictionId: actor.jurisdictionId,
      title: input.title,
      assignerUnitId,
      assigneeUnitId: input.leadUnitId,
      coUnitIds: input.coUnitIds,
      leadLeaderId: input.leadLeaderId ?? null,
      taskForceId: input.taskForceId ?? null,
      responsiblePersonId: input.responsiblePersonId ?? null,
      startDate: supervision.today(),
      deadline: input.deadline,
      cadence: input.cadence ?? null,
      createdBy: actor.personId,
      milestones: input.milestones,
    };
  }

  async function create(actor: Actor, input: TaskCreate, meta: RequestMeta, parentId?: string): Promise<TaskOut> {
    // A task of its own is checked, then written in one statement (createWritten): no transaction needed, the
    // core takes one if it writes more. A sub-task reads its parent and is written in one transaction with it.
    const w = parentId
      ? await db.transaction((tx) => createWritten(tx, actor, input, meta, parentId))
      : await createWritten(db, actor, input, meta);
    // The answer from what was written, as `get` would read it back after the commit: a new task has no sub-tasks,
    // no reports and no close request; its light is derived live as for any row whose light is not stored.
    const item = await supervision.presentNew(actor, w);
    const forecast = (await supervision.forecasts([item], db, true)).get(item.id) ?? null;
    return Object.assign(taskOut(item, w.task), { forecast });
  }

  /** Creates (and, when asked, issues) a task inside the caller's transaction; returns its id. */
  async function createIn(
    tx: Tx,
    actor: Actor,
    input: TaskCreate,
    meta: RequestMeta,
    parentId?: string,
  ): Promise<string> {
    return (await createWritten(tx, actor, input, meta, parentId)).row.id;
  }

  /** createIn, answering what it wrote (the item's row and milestones, the task's columns). */
  async function createWritten(tx: Tx, actor: Actor, input: TaskCreate, meta: RequestMeta, parentId?: string) {
    {
      let assignerUnitId = actor.unitId;
      let parentDeadline: string | null = null;
      if (parentId) {
        const parent = await supervision.rawItem(tx, actor, parentId);
        // 一级抓一级: only the unit holding the parent task decomposes it, while it works on it.
        if (!supervision.sidesOf(actor, parent).includes('assignee')) throw new AppError('forbidden');
        if (!['accepted', 'in_progress'].includes(parent.state))
          throw new AppError('invalid_transition', { state: parent.state });
        assignerUnitId = parent.assigneeUnitId;
        parentDeadline = parent.deadline;
      } else if (!hasAnyRole(actor, ['supervision_office', 'principal'])) throw new AppError('forbidden');
      // One form: only its own units are looked up (not the jurisdiction's every unit).
      const units = [input.leadUnitId, ...(input.coUnitIds ?? [])].filter((u) => /^[0-9a-f-]{36}$/i.test(u ?? ''));
      const problems = await check(actor, input, { parentDeadline, issuing: input.issue }, tx, lookupCache(units));
      if (parentId && assignerUnitId) problems.push(...(await handOffProblems(actor, assignerUnitId, input, tx)));
      const incomplete = problems.some((p) => INCOMPLETE_FIELDS.includes(p.field ?? ''));
      if (problems.length)
        throw new AppError(input.issue && incomplete ? 'incomplete_task' : 'validation', {}, problems);
      const task = {
        serial: 0,
        content: input.content,
        standard: input.standard ?? '',
        accountability: input.accountability ?? null,
        category: input.category ?? null,
        level: input.level ?? 'general',
        sourceType: input.sourceType ?? null,
        sourceTitle: input.sourceTitle ?? null,
        sourceParagraph: input.sourceParagraph ?? null,
      };
      // The task's row, its 序号 and both audit events in the item's own statement (the events to audit_pending:
      // the chainer chains them after the commit). The county's counter row is locked from there to the commit:
      // a county's tasks take turns only for that long, other counties not at all.
      const written = await supervision.createWritten(
        tx,
        { ...itemOf(actor, input, assignerUnitId), parentId: parentId ?? null },
        // Issued at once: written as the 交办 step leaves a draft (the core decides, and checks the step).
        input.issue ? actor : undefined,
        (itemId) => {
          const chain = deps.audit.append(tx, [
            loop.auditEvent(actor, meta, parentId ? 'subtask' : 'create', itemId, { after: { ...input } }),
            ...(input.issue ? [loop.auditEvent(actor, meta, 'assign', itemId)] : []),
          ]);
          return {
            ctes: sql`serial_n AS (${loop.takeSerials(actor.jurisdictionId)}),
              t AS (
                INSERT INTO tasks (id, jurisdiction_id, serial, content, standard, accountability, category, level,
                                   source_type, source_title, source_paragraph)
                SELECT ${itemId}::uuid, ${actor.jurisdictionId}::uuid, serial_n.last, ${task.content},
                       ${task.standard}, ${task.accountability}, ${task.category}, ${task.level}, ${task.sourceType},
                       ${task.sourceTitle}, ${task.sourceParagraph}
                  FROM serial_n
                RETURNING serial), ${chain.ctes}`,
            columns: sql`(SELECT t.serial FROM t) AS task_serial`,
          };
        },
      );
      task.serial = Number(written.own.task_serial);
      return { row: written.row, milestones: written.milestones, task };
    }
  }

  /**
   * A confirmed import: every row checked again (the units or leaders may have changed since the preview), then
   * all tasks written in bulk in the caller's transaction. A problem names its row in the held batch.
   */
  /**
   * Creates many tasks in the caller's transaction (an import); `histories[i]`, when given, brings task i to
   * where the county's existing ledger says it stands (导入历史台账).
   */
  async function createMany(
    tx: Tx,
    actor: Actor,
    inputs: TaskCreate[],
    histories: (ItemHistory | undefined)[] = [],
  ): Promise<string[]> {
    if (!hasAnyRole(actor, ['supervision_office', 'principal'])) throw new AppError('forbidden');
    const cache = lookupCache();
    const problems: FieldProblem[] = [];
    for (const [i, input] of inputs.entries()) {
      const opts = { issuing: input.issue, history: !!histories[i] };
      for (const p of await check(actor, input, opts, tx, cache))
        problems.push({ ...p, field: `rows.${i + 1}.${(p.field ?? '').replace(/^body\./, '')}` });
      if (problems.length >= 100) break;
    }
    if (problems.length) throw new AppError('validation', {}, problems);
    const ids = await supervision.createMany(
      tx,
      actor,
      inputs.map((input, i) => ({
        ...itemOf(actor, input, actor.unitId),
        issue: input.issue,
        history: histories[i],
      })),
    );
    const next = await loop.nextSerial(tx, actor.jurisdictionId, inputs.length);
    const rows = inputs.map((input, i) => ({
      id: ids[i]!,
      jurisdictionId: actor.jurisdictionId,
      serial: next + i,
      content: input.content,
      standard: input.standard ?? '',
      accountability: input.accountability ?? null,
      category: input.category ?? null,
      level: input.level,
      sourceType: input.sourceType ?? null,
      sourceTitle: input.sourceTitle ?? null,
      sourceParagraph: input.sourceParagraph ?? null,
    }));
    for (let i = 0; i < rows.length; i += 1000) await tx.insert(tasks).values(rows.slice(i, i + 1000));
    return ids;
  }

  async function get(actor: Actor, id: string, tx: Tx = db): Promise<TaskOut> {
    const item = await supervision.getItem(actor, id, tx);
    // Another ledger's item (a finding, a blocker) is not a task: not found here, as the list does not show it.
    if (item.kind !== 'task') throw notFound();
    const [task] = await withCloseRequests(actor, await withTaskFields([item], tx), tx);
    const forecast = (await supervision.forecasts([item], tx)).get(item.id) ?? null;
    return Object.assign(task!, { forecast });
  }

  /** `only`: restrict to these tasks (a campaign's or a front's, read from the campaigns service by the routes). */
  async function list(actor: Actor, q: TaskQuery, only?: string[]) {
    // Ledger-specific filters first (task columns), then the supervision core filters, scopes and pages. Each value
    // through the core's holes (`v`), the filters present as the shape: the list's text is built once per shape.
    const where = (v: Hole) => {
      const conds: SQL[] = [];
      if (q.category) conds.push(eq(tasks.category, v(q.category)));
      if (q.level) conds.push(eq(tasks.level, v(q.level)));
      if (q.sourceType) conds.push(eq(tasks.sourceType, v(q.sourceType)));
      if (q.q) {
        const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        conds.push(
          or(
            ilike(tasks.content, v(like)),
            ilike(tasks.standard, v(like)),
            ilike(tasks.sourceTitle, v(like)),
            sql`${tasks.serial}::text = ${v(q.q)}`,
            sql`supervised_items.title ILIKE ${v(like)}`,
          )!,
        );
      }
      // The task columns' conditions run in the core's query (written out: inside a one-table select Drizzle
      // leaves column names unqualified, and "id" would mean tasks.id here). The jurisdiction, said again, lets a
      // filter by level read tasks_level_idx for the county alone.
      return conds.length
        ? sql`EXISTS (SELECT 1 FROM tasks WHERE tasks.id = supervised_items.id
        AND tasks.jurisdiction_id = supervised_items.jurisdiction_id AND ${and(...conds)})`
        : undefined;
    };
    const whereShape = `${q.category ? 'c' : ''}${q.level ? 'l' : ''}${q.sourceType ? 's' : ''}${q.q ? 'q' : ''}`;
    const { items, own, total, closeRequests } = await supervision.listItems(actor, {
      kind: 'task',
      states: q.state,
      lights: q.light,
      unitId: q.unitId,
      assigneeUnitId: q.leadUnitId,
      leaderId: q.leaderId,
      deadlineFrom: q.deadlineFrom,
      deadlineTo: q.deadlineTo,
      startFrom: q.startFrom,
      startTo: q.startTo,
      closedFrom: q.closedFrom,
      closedTo: q.closedTo,
      overdueOn: q.overdueOn,
      ids: only,
      where,
      whereShape,
      whereKey: JSON.stringify([q.category, q.level, q.sourceType, q.q]),
      todo: q.todo === 'true' ? true : q.todo === 'false' ? undefined : q.todo,
      parentId: q.parentId,
      sort: q.sort,
      page: q.page,
      pageSize: q.pageSize,
      own: TASK_COLUMNS,
    });
    return {
      items: await withCloseRequests(
        actor,
        items.map((i, k) => taskOut(i, own[k]!)),
        undefined,
        closeRequests,
      ),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  async function patch(actor: Actor, id: string, version: number, input: z.infer<typeof TaskPatch>, meta: RequestMeta) {
    await db.transaction((tx) => patchIn(tx, actor, id, version, input, meta));
    return get(actor, id);
  }

  /**
   * The jurisdiction's tasks (not cancelled) by 任务内容 and 牵头单位: how an import recognises a row it has seen
   * before, whichever file it came in.
   */
  async function importKeys(actor: Actor, tx: Tx = db) {
    const heads = new Map((await supervision.itemHeads(tx, actor.jurisdictionId, 'task')).map((h) => [h.id, h]));
    const own = await tx
      .select({ id: tasks.id, serial: tasks.serial, content: tasks.content })
      .from(tasks)
      .where(eq(tasks.jurisdictionId, actor.jurisdictionId));
    const rows = own.flatMap((t) => {
      const h = heads.get(t.id);
      return h ? [{ ...t, ...h, unitId: h.assigneeUnitId }] : [];
    });
    return new Map(rows.map((r) => [importKey(r.content, r.unitId), r]));
  }

  /**
   * A re-imported row updates what the ledger says of how a task is done — its standard, 奖惩, category and level —
   * whatever state it is in (the task's own fields, not its supervised item's: its unit, leader and dates move by
   * the flow's own actions). Audited like an edit.
   */
  async function updateFromImport(
    tx: Tx,
    actor: Actor,
    id: string,
    input: Pick<TaskCreate, 'standard' | 'accountability' | 'category' | 'level'>,
    meta: RequestMeta,
  ) {
    const set = {
      standard: input.standard ?? '',
      accountability: input.accountability ?? null,
      category: input.category ?? null,
      level: input.level,
    };
    await tx
      .update(tasks)
      .set(set)
      .where(and(eq(tasks.id, id), eq(tasks.jurisdictionId, actor.jurisdictionId)));
    await auditTask(actor, meta, 'update', id, { after: set, via: 'import' }, tx);
  }

  async function patchIn(
    tx: Tx,
    actor: Actor,
    id: string,
    version: number,
    input: z.infer<typeof TaskPatch>,
    meta: RequestMeta,
  ) {
    {
      const item = await supervision.rawItem(tx, actor, id);
      const parentDeadline = item.parentId
        ? (await supervision.rawItem(tx, actor, item.parentId).catch(() => null))?.deadline
        : null;
      const problems = await check(
        actor,
        {
          leadUnitId: input.leadUnitId ?? item.assigneeUnitId,
          ...input,
          coUnitIds: input.coUnitIds ?? item.coUnitIds,
          // A new lead unit must still be the task force's, unless the task leaves it in the same edit.
          taskForceId: input.taskForceId === undefined ? (item.taskForceId ?? undefined) : input.taskForceId,
        },
        { parentDeadline, issuing: false },
        tx,
      );
      if (problems.length) throw new AppError('validation', {}, problems);
      await supervision.editItem(tx, actor, id, version, {
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(input.leadUnitId !== undefined ? { assigneeUnitId: input.leadUnitId } : {}),
        ...(input.coUnitIds !== undefined ? { coUnitIds: input.coUnitIds } : {}),
        ...(input.leadLeaderId !== undefined ? { leadLeaderId: input.leadLeaderId } : {}),
        ...(input.taskForceId !== undefined ? { taskForceId: input.taskForceId } : {}),
        ...(input.responsiblePersonId !== undefined ? { responsiblePersonId: input.responsiblePersonId } : {}),
        ...(input.deadline !== undefined ? { deadline: input.deadline } : {}),
        ...(input.cadence !== undefined ? { cadence: input.cadence } : {}),
      });
      const set: Partial<typeof tasks.$inferInsert> = {};
      for (const k of [
        'content',
        'standard',
        'accountability',
        'category',
        'level',
        'sourceType',
        'sourceTitle',
        'sourceParagraph',
      ] as const)
        if (input[k] !== undefined) (set as Record<string, unknown>)[k] = input[k] ?? null;
      if (Object.keys(set).length) await tx.update(tasks).set(set).where(eq(tasks.id, id));
      await auditTask(actor, meta, 'update', id, { after: input }, tx);
    }
  }

  /** Re-plans the milestones (节点) of an open task; a new milestone may not lie in the past or after the deadline. */
  async function setMilestones(
    actor: Actor,
    id: string,
    version: number,
    list: { title: string; due: string }[],
    meta: RequestMeta,
  ) {
    await db.transaction(async (tx) => {
      const before = (await supervision.milestonesOf([id], tx)).get(id) ?? [];
      const known = new Set(before.map((m) => `${m.title}|${m.due}`));
      const today = supervision.today();
      const problems: FieldProblem[] = list.flatMap((m, i) =>
        m.due < today && !known.has(`${m.title}|${m.due}`)
          ? [{ field: `body.milestones.${i}.due`, code: 'deadline_past' }]
          : [],
      );
      if (problems.length) throw new AppError('validation', {}, problems);
      await supervision.setMilestones(tx, actor, id, version, list);
      await auditTask(
        actor,
        meta,
        'milestones',
        id,
        { before: before.map(({ title, due }) => ({ title, due })), after: list },
        tx,
      );
    });
    return get(actor, id);
  }

  async function completeMilestone(
    actor: Actor,
    id: string,
    version: number,
    milestoneId: string,
    doneOn: string | null,
    meta: RequestMeta,
  ) {
    await db.transaction(async (tx) => {
      await supervision.completeMilestone(tx, actor, id, version, milestoneId, doneOn);
      await auditTask(actor, meta, 'milestone_done', id, { milestoneId, doneOn }, tx);
    });
    return get(actor, id);
  }

  /** 进展待审核: the reports waiting for the caller's review, with their tasks' 序号. */
  async function reportsToReview(actor: Actor, page: number, pageSize: number) {
    const r = await supervision.reportsToReview(actor, 'task', page, pageSize);
    const ids = [...new Set(r.items.map((x) => x.item.id))];
    const serials = new Map(
      ids.length
        ? (
            await db
              .select({ id: tasks.id, serial: tasks.serial })
              .from(tasks)
              .where(sql`${tasks.id} = ANY(${sql.param(ids)}::uuid[])`)
          ).map((x) => [x.id, x.serial])
        : [],
    );
    return {
      total: r.total,
      page,
      pageSize,
      items: r.items.map((x) => ({ ...x, item: { ...x.item, serial: serials.get(x.item.id) ?? null } })),
    };
  }

  return {
    reportsToReview,
    reviewReport: loop.reviewReport,
    create,
    createIn,
    createMany,
    importKeys,
    updateFromImport,
    get,
    list,
    replan: loop.replan,
    patch,
    action: loop.step,
    report: loop.report,
    loop,
    setMilestones,
    completeMilestone,
  };
}
