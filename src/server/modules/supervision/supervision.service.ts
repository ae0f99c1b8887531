import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import {
  and,
  asc,
  desc,
  eq,
  getTableColumns,
  inArray,
  is,
  isNull,
  lt,
  notInArray,
  or,
  type Placeholder,
  sql,
  SQL,
} from 'drizzle-orm';
import { GENERIC_PLAN, type Db, type Tx } from '../../db/client';
import { createShapeCache, type Hole, Holes, inline } from '../../db/shapes';
import { hasAnyRole, type Actor } from '../../http/access';
import { AppError, notFound } from '../../http/errors';
import type { CalendarService } from '../calendar/calendar.service';
import type { OrgService } from '../org/org.service';
import type { NewNotification, NotificationService } from '../notifications/notifications.service';
import type { ChainAppend } from '../audit/audit.service';
import { addWorkingDays, workingDaysBetween } from '../../../shared/domain/working-days';
import {
  DEFAULT_ESCALATION,
  escalationDue,
  escalationReached,
  type EscalationRule,
  type EscalationStep,
} from '../../../shared/domain/escalation';
import {
  extensionRequests,
  itemMilestones,
  progressReports,
  supervisedItems,
  supervisionEvents,
} from './supervision.schema';
import {
  availableActions,
  isOpen,
  RULES,
  STATES,
  transition,
  type Side,
  type SupervisionAction,
  type SupervisionState,
} from '../../../shared/domain/supervision-flow';
import { computeLight, LIGHT_SEVERITY, type Light, type LightThresholds } from '../../../shared/domain/light';
import type { WorkCalendar } from '../../../shared/domain/working-days';
import {
  CADENCE_DAYS,
  lateDays,
  periodDue,
  periodOf,
  reportablePeriod,
  type CadenceKind,
} from '../../../shared/domain/cadence';
import { addDays, daysBetween, todayInShanghai, type IsoDate } from '../../../shared/domain/dates';
import type { ItemOut } from '../../../shared/supervision';
import { forecastTask, type TaskForecast } from '../../../shared/domain/forecast';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';

type ItemRow = typeof supervisedItems.$inferSelect;

/**
 * An item's columns as a list shows it (present()): not the ones only writers and reports read. Each column less
 * is 25 values fewer to print, send and parse per page; these six cost 0.06 ms of PostgreSQL and 0.08 ms of node a
 * to-do page (bench/RESULTS.md, issue 16).
 */
const { jurisdictionId, createdBy, updatedAt, closedAt, hasMilestones, hasChildren, ...LIST_COLUMNS } =
  getTableColumns(supervisedItems);
type ListRow = Omit<
  ItemRow,
  'jurisdictionId' | 'createdBy' | 'updatedAt' | 'closedAt' | 'hasMilestones' | 'hasChildren'
>;

/**
 * What a ledger writes with a new item, in the item's own statement (createWritten): its CTEs, after the item's
 * (`i`, the new row) and its events', and columns of the statement's one row (answered as `own`).
 */
export interface ItemOwnRows {
  ctes: SQL;
  columns?: SQL;
}

/** What a step's notice says of its item. */
type NoticeItem = Pick<
  ItemRow,
  | 'id'
  | 'kind'
  | 'title'
  | 'deadline'
  | 'jurisdictionId'
  | 'assigneeUnitId'
  | 'assignerUnitId'
  | 'responsiblePersonId'
  | 'createdBy'
  | 'version'
>;

export interface NewItem {
  kind: string;
  jurisdictionId: string;
  title: string;
  parentId?: string | null;
  assignerUnitId: string;
  assigneeUnitId: string;
  coUnitIds?: string[];
  leadLeaderId?: string | null;
  /** The task force the item is assigned to (its members see it; the assignee is its lead unit). */
  taskForceId?: string | null;
  responsiblePersonId?: string | null;
  startDate: IsoDate;
  deadline: IsoDate;
  cadence?: CadenceKind | null;
  createdBy: string;
  /** Intermediate dates (节点) with their titles. */
  milestones?: { title: string; due: IsoDate }[];
}

/**
 * Where an item of a ledger the county already kept stands when it is brought in (导入历史台账): being handled
 * (with its 进展情况 as the first report) or closed on a past day. Recorded as history: accepted, reported and
 * closed by the importing office, marked so in the timeline.
 */
export interface ItemHistory {
  state: 'handling' | 'closed';
  /** The Beijing day it was closed (closed only). */
  closedOn?: IsoDate;
  report?: { text: string; progress: number };
}

export interface MilestoneOut {
  id: string;
  title: string;
  due: IsoDate;
  doneOn: IsoDate | null;
}

/** A pending close request as its event holds it (`at` a Date, or its text when read as JSON with a page). */
export interface CloseRequestRow {
  at: Date | string;
  data: unknown;
  by: string | null;
  unit: string | null;
}
/**
 * A ledger's own columns of each listed item, from its own table keyed by the item's id (tasks, findings): joined
 * by the list's query. Plain columns, not a sub-select building JSON (bench/RESULTS.md, issue 16: a third of a
 * to-do page's PostgreSQL time went to the task columns' json_build_object).
 */
export interface OwnColumns<Own> {
  table: PgTable;
  id: AnyPgColumn;
  columns: { [K in keyof Own]: AnyPgColumn };
}
export interface ItemPage {
  items: ItemOut[];
  total: number;
  /** For every row waiting for a decision on closing: its request, or null when it has none (nothing to look up). */
  closeRequests: Map<string, CloseRequestRow | null>;
}

export interface ItemFilter {
  kind: string;
  states?: SupervisionState[];
  lights?: Light[];
  unitId?: string;
  /** The lead (undertaking) unit only, without co-operated items. */
  assigneeUnitId?: string;
  leaderId?: string;
  deadlineFrom?: IsoDate;
  deadlineTo?: IsoDate;
  /** Started (issued) within these days: a week's 新交办 as the cockpit's trend counts it. */
  startFrom?: IsoDate;
  startTo?: IsoDate;
  /** Closed (销账) within these days, by the day in the county's time zone. */
  closedFrom?: IsoDate;
  closedTo?: IsoDate;
  /** Overdue and not closed as of the end of this day (a week's 逾期未办结 in the trend). */
  overdueOn?: IsoDate;
  /** Restrict to these ids. */
  ids?: string[];
  /** Assigned to one of these task forces. */
  taskForceIds?: string[];
  /**
   * A ledger's own conditions on its own table, as a predicate over the row \`supervised_items\` (e.g. EXISTS on
   * the ledger's table): applied in the same query, so filtering, sorting and paging stay in SQL. Given as a
   * function of the query's holes with `whereShape` (what decides its text: which filters are present), the list's
   * text is built once per shape (db/shapes.ts); given as SQL with its values inline, it is built every time.
   */
  where?: SQL | ((v: Hole) => SQL | undefined);
  /** The shape of a `where` function: two calls with the same shape must give the same text. */
  whereShape?: string;
  /**
   * What a `where` function puts in its holes, as text (e.g. its filter's values as JSON): with it, a list asked
   * again by the same caller with the same filter on the same day reuses the values instead of building the query.
   */
  whereKey?: string;
  /** Only items on which the caller has something to do (my to-do): all of it, or one kind of it. */
  todo?: boolean | TodoKind;
  parentId?: string | null;
  sort?: 'deadline' | 'created' | 'light';
  /**
   * The total by its own count, not a window over every matching row: the page is then walked in index order and
   * stops at its last row (items_kind_created_idx for sort 'created'). For ledgers of thousands of items a county.
   */
  countApart?: boolean;
  page: number;
  pageSize: number;
}

/**
 * The kinds of 我的待办. The undertaking unit: accept what was assigned, report this period, take up again what came
 * back (a returned report, a close request sent back). The assigning side: issue drafts and re-issue returned items,
 * decide close requests, extension requests, and review reports.
 */
export const TODO_KINDS = ['accept', 'report', 'returned', 'issue', 'close', 'extension', 'review'] as const;
export type TodoKind = (typeof TODO_KINDS)[number];

const ASSIGNEE_ROLES = ['unit_clerk', 'unit_admin'] as const;
/** Roles that supervise everything in their jurisdiction (专门机构督办, 主要领导交办). */
const SUPERVISING_ROLES = ['supervision_office', 'principal'] as const;

export type SupervisionService = ReturnType<typeof createSupervisionService>;

/** The day an item was closed, in the county's time zone (the trend and the list filters count by it). */
const CLOSED_ON = sql`(${supervisedItems.closedAt} at time zone 'Asia/Shanghai')::date`;

const KIND_LABEL: Record<string, string> = {
  task: '督办任务',
  milestone: '项目节点',
  blocker: '项目卡点',
  demand: '企业诉求',
  finding: '整改事项',
};

/** A table's row as a raw statement returns it (snake_case, driver values), mapped as drizzle maps it. */
function fromDriver<Row>(table: Parameters<typeof getTableColumns>[0]) {
  const columns = Object.entries(getTableColumns(table));
  return (raw: Record<string, unknown>): Row => {
    const out: Record<string, unknown> = {};
    for (const [key, column] of columns) {
      const v = raw[column.name];
      out[key] = v === null || v === undefined ? null : column.mapFromDriverValue(v);
    }
    return out as Row;
  };
}
const itemFromDriver = fromDriver<ItemRow>(supervisedItems);
const reportFromDriver = fromDriver<typeof progressReports.$inferSelect>(progressReports);

/** What a flow step carries besides its action: a reason, its evidence, its event's data, columns it sets. */
interface StepPayload {
  reason?: string | null;
  evidenceCount?: number;
  data?: Record<string, unknown>;
  set?: Partial<ItemRow>;
}

export function createSupervisionService(deps: {
  db: Db;
  calendar: CalendarService;
  org: OrgService;
  notifications: NotificationService;
  thresholds?: LightThresholds;
  today?: () => IsoDate;
  clock?: () => string;
  /**
   * The ids of the task forces a person is a member of, as a subquery (the task forces module's, wired in
   * createServices): members of a task force see its items whatever their home unit.
   */
  taskForcesOf?: (personId: string | Placeholder) => SQL;
}) {
  const { db } = deps;
  const today = deps.today ?? (() => todayInShanghai());
  /** The time of day in Beijing ('HH:MM'), for report cut-offs; tests set it with today. */
  const hhmm = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
  const clock = deps.clock ?? (() => hhmm.format(new Date()));

  /** The sides the actor is on for this item: assigner (交办/督办) and/or assignee (承办). */
  function sidesOf(actor: Actor, item: Pick<ItemRow, 'assignerUnitId' | 'assigneeUnitId'>): Side[] {
    const sides: Side[] = [];
    if (
      hasAnyRole(actor, SUPERVISING_ROLES) ||
      (hasAnyRole(actor, ASSIGNEE_ROLES) && actor.unitId === item.assignerUnitId)
    )
      sides.push('assigner');
    if (hasAnyRole(actor, ASSIGNEE_ROLES) && actor.unitId === item.assigneeUnitId) sides.push('assignee');
    return sides;
  }

  function actionsFor(
    actor: Actor,
    item: Pick<ItemRow, 'state' | 'assignerUnitId' | 'assigneeUnitId'>,
  ): SupervisionAction[] {
    const sides = sidesOf(actor, item);
    return availableActions(item.state as SupervisionState).filter((a) => sides.includes(RULES[a].by));
  }

  /** Which items a caller sees (DESIGN.md §5): the office and principals all; a leader what he leads or 分管; a unit its own. */
  function visibleWhere(actor: Actor, v: Hole = inline): SQL {
    const base = eq(supervisedItems.jurisdictionId, v(actor.jurisdictionId));
    if (hasAnyRole(actor, SUPERVISING_ROLES)) return base;
    const units = [actor.unitId, ...actor.leaderUnitIds];
    const unitList = sql`ARRAY[${sql.join(
      units.map((u) => sql`${v(u)}::uuid`),
      sql`, `,
    )}]`;
    const conds: SQL[] = [
      inArray(
        supervisedItems.assigneeUnitId,
        units.map((u) => v(u)),
      ),
      sql`${supervisedItems.coUnitIds} && ${unitList}`,
      eq(supervisedItems.assignerUnitId, v(actor.unitId)),
    ];
    if (hasAnyRole(actor, ['leader'])) conds.push(eq(supervisedItems.leadLeaderId, v(actor.personId)));
    // `= ANY(ARRAY(…))`, not `IN (…)`: an index condition (the task forces read once), so the whole OR is a bitmap OR
    // of indexes; `IN` (a hashed sub-plan) cannot be one, and the person's list read every item of the county.
    if (deps.taskForcesOf)
      conds.push(sql`${supervisedItems.taskForceId} = ANY(ARRAY(${deps.taskForcesOf(v(actor.personId))}))`);
    return and(base, or(...conds))!;
  }

  /** What decides the text of `visibleWhere(actor)`: the office's whole jurisdiction, or a unit's sides. */
  function visibleShape(actor: Actor): string {
    if (hasAnyRole(actor, SUPERVISING_ROLES)) return 'all';
    return `units${1 + actor.leaderUnitIds.length}${hasAnyRole(actor, ['leader']) ? ',leader' : ''}`;
  }

  async function createItem(tx: Tx, input: NewItem): Promise<string> {
    return (await createWritten(tx, input)).row.id;
  }

  /**
   * A new item as written (its row and milestones, for the answer without reading it back). With `issueBy` it is
   * issued at once by that person: written straight in the state and version the 交办 step gives a draft (the
   * same two events, created then assigned, and the same notice), without locking, reading and updating the row
   * it has just written. The step's own rules decide: a caller not on the assigning side, in another
   * jurisdiction, or a step the flow refuses takes the ordinary way (create, then act), which answers as before.
   */
  async function createWritten(
    tx: Tx,
    input: NewItem,
    issueBy?: Actor,
    own?: (itemId: string) => ItemOwnRows,
  ): Promise<{ row: ItemRow; milestones: MilestoneOut[]; own: Record<string, unknown> }> {
    const { milestones } = input;
    const direct = issueBy && issueBy.jurisdictionId === input.jurisdictionId ? issueDirectly(issueBy, input) : null;
    // The item, its events, its notice and the ledger's own rows are one statement, which needs no transaction of
    // its own; anything more (milestones, a parent's light, the ordinary 交办) takes one if the caller has none.
    const single = !milestones?.length && !input.parentId && (!issueBy || direct !== null);
    if (!single && tx === db) return db.transaction((t) => createWritten(t, input, issueBy, own));
    // The id chosen here, so the ledger's rows and the notice can name the item in the same statement.
    const id = randomUUID();
    const state = direct ? direct.to : 'draft';
    const version = direct ? 2 : 1;
    const events = [
      sql`(1, ${input.createdBy}::uuid, NULL::uuid, 'create', 'draft')`,
      ...(direct && issueBy
        ? [sql`(2, ${issueBy.personId}::uuid, ${issueBy.unitId}::uuid, 'assign', ${direct.to})`]
        : []),
    ];
    const notice =
      direct && issueBy
        ? transitionNotice(
            { ...input, id, version, responsiblePersonId: input.responsiblePersonId ?? null },
            'assign',
            issueBy,
            null,
          )
        : null;
    const mine = own?.(id);
    // Written out, not built by drizzle's insert: this is every new item's statement (issue 16).
    const { rows } = await tx.execute<Record<string, unknown>>(sql`WITH i AS (
        INSERT INTO supervised_items (id, jurisdiction_id, kind, title, parent_id, assigner_unit_id, assignee_unit_id,
          co_unit_ids, lead_leader_id, task_force_id, responsible_person_id, state, start_date, deadline, cadence,
          version, created_by)
        VALUES (${id}::uuid, ${input.jurisdictionId}::uuid, ${input.kind}, ${input.title}, ${input.parentId ?? null}::uuid,
          ${input.assignerUnitId}::uuid, ${input.assigneeUnitId}::uuid, ${sql.param(input.coUnitIds ?? [])}::uuid[],
          ${input.leadLeaderId ?? null}::uuid, ${input.taskForceId ?? null}::uuid,
          ${input.responsiblePersonId ?? null}::uuid, ${state}, ${input.startDate}::date, ${input.deadline}::date,
          ${input.cadence ?? null}, ${version}::int, ${input.createdBy}::uuid)
        RETURNING *),
      e AS (INSERT INTO supervision_events (item_id, actor_person_id, actor_unit_id, action, from_state, to_state)
        SELECT i.id, v.person, v.unit, v.action, 'draft', v.to_state
          FROM i, (VALUES ${sql.join(events, sql`, `)}) AS v(n, person, unit, action, to_state) ORDER BY v.n)${
            notice ? sql`, ${deps.notifications.noticeCtes(notice)}` : sql``
          }${mine ? sql`, ${mine.ctes}` : sql``}
      SELECT i.*${mine?.columns ? sql`, ${mine.columns}` : sql``} FROM i`);
    const row = itemFromDriver(rows[0]!);
    const written = milestones?.length
      ? await tx
          .insert(itemMilestones)
          .values(milestones.map((m, i) => ({ itemId: row.id, title: m.title, due: m.due, sortOrder: i })))
          .returning()
      : [];
    if (input.parentId) await invalidateLights(tx, [input.parentId]);
    const ms = written
      .sort((a, b) => a.sortOrder - b.sortOrder || (a.due < b.due ? -1 : a.due > b.due ? 1 : 0))
      .map((m) => ({ id: m.id, title: m.title, due: m.due, doneOn: m.doneOn }));
    if (direct) forgetFresh();
    if (!issueBy || direct) return { row, milestones: ms, own: rows[0]! };
    return { row: await act(tx, issueBy, row.id, null, 'assign'), milestones: ms, own: rows[0]! };
  }

  /** The 交办 of a draft by this caller, if the flow allows it straight away (else null: the ordinary way). */
  function issueDirectly(actor: Actor, item: Pick<ItemRow, 'assignerUnitId' | 'assigneeUnitId'>) {
    const sides = sidesOf(actor, item);
    // Seeing the item: the office and principals see the jurisdiction; a unit sees what it assigns.
    if (!sides.includes('assigner')) return null;
    const r = transition('draft', 'assign', { side: 'assigner' });
    return r.ok ? { to: r.to } : null;
  }

  /**
   * Many new top-level items at once (a ledger import): the same rows, events and states as creating and
   * issuing them one by one, written in bulk, with one notice per undertaking unit instead of one per item.
   */
  /**
   * Brings issued items to where an existing ledger says they stand: accepted (and reported, with the ledger's
   * 进展情况) or closed on its day, at 100 %. The events carry `history: true` so the timeline says where they came
   * from; a closing keeps its past date, so scoring counts it in its own period.
   */
  async function recordHistory(tx: Tx, actor: Actor, rows: { id: string; input: NewItem; h: ItemHistory }[]) {
    const day = today();
    const noon = (d: IsoDate) => new Date(`${d}T04:00:00Z`); // 12:00 in Beijing
    const events: (typeof supervisionEvents.$inferInsert)[] = [];
    const reports: (typeof progressReports.$inferInsert)[] = [];
    const by = { actorPersonId: actor.personId, actorUnitId: actor.unitId };
    for (const { id, input, h } of rows) {
      const closed = h.state === 'closed' && h.closedOn;
      const on = closed ? h.closedOn! : day;
      events.push({
        itemId: id,
        ...by,
        action: 'accept',
        fromState: 'assigned',
        toState: 'accepted',
        data: { history: true },
      });
      let state: SupervisionState = 'accepted';
      if (h.report) {
        reports.push({
          itemId: id,
          period: periodOf(on, input.cadence ?? null),
          progress: closed ? 100 : h.report.progress,
          text: h.report.text,
          submittedBy: actor.personId,
          submittedAt: closed ? noon(on) : new Date(),
          reviewStatus: 'accepted',
          reviewedBy: actor.personId,
          reviewedAt: new Date(),
        });
        events.push({
          itemId: id,
          ...by,
          action: 'report',
          fromState: state,
          toState: 'in_progress',
          data: { history: true },
        });
        state = 'in_progress';
      }
      if (closed) {
        events.push({
          itemId: id,
          ...by,
          at: noon(on),
          action: 'close',
          fromState: state,
          toState: 'closed',
          data: { history: true, closedOn: on },
        });
        state = 'closed';
      }
      const progress = closed ? 100 : (h.report?.progress ?? null);
      await tx
        .update(supervisedItems)
        .set({ state, progress, closedAt: closed ? noon(on) : null, version: sql`${supervisedItems.version} + 1` })
        .where(eq(supervisedItems.id, id));
    }
    for (let i = 0; i < reports.length; i += 2000) await tx.insert(progressReports).values(reports.slice(i, i + 2000));
    for (let i = 0; i < events.length; i += 2000) await tx.insert(supervisionEvents).values(events.slice(i, i + 2000));
    await invalidateLights(
      tx,
      rows.map((r) => r.id),
    );
  }

  async function createMany(
    tx: Tx,
    actor: Actor,
    inputs: (NewItem & { issue: boolean; history?: ItemHistory })[],
  ): Promise<string[]> {
    const ids: string[] = [];
    for (const input of inputs) {
      if (input.parentId) throw new AppError('validation', {}, [{ field: 'body.parentId', code: 'invalid_value' }]);
      if (!sidesOf(actor, input).includes('assigner')) throw new AppError('forbidden');
    }
    const issued = transition('draft', 'assign', { side: 'assigner' });
    if (!issued.ok) throw new AppError('invalid_transition', { state: 'draft' });
    for (let i = 0; i < inputs.length; i += 1000) {
      const chunk = inputs.slice(i, i + 1000);
      const rows = await tx
        .insert(supervisedItems)
        .values(
          chunk.map(({ milestones: _m, issue, ...f }) => ({
            ...f,
            coUnitIds: f.coUnitIds ?? [],
            cadence: f.cadence ?? null,
            state: issue ? issued.to : 'draft',
            version: issue ? 2 : 1,
          })),
        )
        .returning({ id: supervisedItems.id });
      ids.push(...rows.map((r) => r.id));
    }
    const events = inputs.flatMap((input, i) => [
      {
        itemId: ids[i]!,
        actorPersonId: input.createdBy,
        actorUnitId: actor.unitId,
        action: 'create',
        fromState: 'draft',
        toState: 'draft',
      },
      ...(input.issue
        ? [
            {
              itemId: ids[i]!,
              actorPersonId: actor.personId,
              actorUnitId: actor.unitId,
              action: 'assign',
              fromState: 'draft',
              toState: issued.to,
            },
          ]
        : []),
    ]);
    for (let i = 0; i < events.length; i += 2000) await tx.insert(supervisionEvents).values(events.slice(i, i + 2000));
    const histories = inputs.flatMap((input, i) =>
      input.issue && input.history ? [{ id: ids[i]!, input, h: input.history }] : [],
    );
    if (histories.length) await recordHistory(tx, actor, histories);
    const ms = inputs.flatMap((input, i) =>
      (input.milestones ?? []).map((m, k) => ({ itemId: ids[i]!, title: m.title, due: m.due, sortOrder: k })),
    );
    for (let i = 0; i < ms.length; i += 2000) await tx.insert(itemMilestones).values(ms.slice(i, i + 2000));
    const byUnit = new Map<string, number>();
    // Items brought in as history are already in hand: nothing new to accept.
    for (const input of inputs.filter((x) => x.issue && !x.history))
      byUnit.set(input.assigneeUnitId, (byUnit.get(input.assigneeUnitId) ?? 0) + 1);
    for (const [unitId, n] of byUnit) {
      await deps.notifications.notify(tx, {
        jurisdictionId: actor.jurisdictionId,
        recipients: (
          await deps.org.peopleInUnits(actor.jurisdictionId, [unitId], ['unit_clerk', 'unit_admin'], tx)
        ).filter((p) => p !== actor.personId),
        kind: 'assigned',
        title: `【新交办】${n} 项${KIND_LABEL[inputs[0]!.kind] ?? '督办事项'}（批量导入）`,
        body: `交办人：${actor.displayName}\n请在“我的待办”中逐项签收。`,
        link: `/${inputs[0]!.kind}s?todo=true`,
        dedupeKey: `assigned-many:${ids[0]}:${unitId}`,
      });
    }
    return ids;
  }

  /**
   * Clears the stored light of these items and of their parents (a parent's light rolls up its sub-items'),
   * so the next read derives it again. Runs inside the writer's transaction.
   */
  /**
   * Jurisdictions whose stored lights this instance last found holding today, and when: a list within a second
   * skips the probe. This instance's own writes forget the entry; another instance's writes are seen within the
   * second (the page shows every row's light derived live meanwhile).
   */
  const freshSeen = new Map<string, { day: IsoDate; at: number }>();
  /** Moves on with every write of this instance that clears lights (`forgetFresh`). */
  let freshEpoch = 0;
  const probing = new Map<string, { epoch: number; done: Promise<void> }>();
  function forgetFresh(jurisdictionId?: string) {
    freshEpoch++;
    if (jurisdictionId === undefined) freshSeen.clear();
    else freshSeen.delete(jurisdictionId);
  }

  async function invalidateLights(tx: Tx, ids: string[]) {
    forgetFresh();
    // The items and their parents as one array of keys (`a OR id IN (…)` made PostgreSQL scan the whole table:
    // 1 ms a write at 5,000 items, seconds in a province).
    await tx.execute(sql`UPDATE supervised_items SET light_on = NULL
      WHERE id = ANY(${sql.param(ids)}::uuid[] || ARRAY(SELECT parent_id FROM supervised_items WHERE id =
        ANY(${sql.param(ids)}::uuid[]) AND parent_id IS NOT NULL))`);
  }

  /** A calendar or threshold change: every light of the jurisdiction that can still change is derived again. */
  async function invalidateJurisdictionLights(tx: Tx, jurisdictionId: string) {
    forgetFresh(jurisdictionId);
    await tx.execute(
      sql`UPDATE supervised_items SET light_on = NULL WHERE jurisdiction_id = ${jurisdictionId} AND light_on IS
        DISTINCT FROM 'infinity'::date`,
    );
  }

  /** Edits of a draft or returned item (before the assignee holds it): the ledger checks its own rules first. */
  async function editItem(
    tx: Tx,
    actor: Actor,
    id: string,
    version: number,
    patch: Partial<
      Pick<
        ItemRow,
        | 'title'
        | 'assigneeUnitId'
        | 'coUnitIds'
        | 'leadLeaderId'
        | 'taskForceId'
        | 'responsiblePersonId'
        | 'deadline'
        | 'cadence'
      >
    >,
  ) {
    const item = await loadVisible(tx, actor, id);
    if (!sidesOf(actor, item).includes('assigner')) throw new AppError('forbidden');
    if (!['draft', 'returned'].includes(item.state))
      throw new AppError('invalid_transition', { state: item.state }, [], { possibleActions: actionsFor(actor, item) });
    await bump(tx, id, version, patch);
    await tx.insert(supervisionEvents).values({
      itemId: id,
      actorPersonId: actor.personId,
      actorUnitId: actor.unitId,
      action: 'edit',
      fromState: item.state,
      toState: item.state,
      data: patch,
    });
  }

  /** Writes a change with its new version; returns the row as it now stands (its stored light cleared). */
  async function bump(tx: Tx, id: string, expected: number, set: Partial<ItemRow>): Promise<ItemRow> {
    // The item's own stored light is cleared by this same update; its parent's (a sub-item's) by one more.
    forgetFresh();
    const r = await tx
      .update(supervisedItems)
      .set({ ...set, version: sql`${supervisedItems.version} + 1`, updatedAt: new Date(), lightOn: null })
      .where(and(eq(supervisedItems.id, id), eq(supervisedItems.version, expected)))
      .returning();
    if (r.length === 0) {
      const [cur] = await tx
        .select({ version: supervisedItems.version })
        .from(supervisedItems)
        .where(eq(supervisedItems.id, id));
      if (!cur) throw notFound();
      throw new AppError('version_conflict', { current: cur.version }, [], { currentVersion: cur.version });
    }
    const row = r[0]!;
    if (row.parentId) await tx.execute(sql`UPDATE supervised_items SET light_on = NULL WHERE id = ${row.parentId}`);
    return row;
  }

  /**
   * bump and the step's event in one statement (a transition): the row written with its new version and its
   * stored light cleared, the event, and a sub-item's parent's light cleared. The row is locked by the caller.
   */
  async function bumpWithEvent(
    tx: Tx,
    item: ItemRow,
    set: Partial<ItemRow>,
    event: {
      actorPersonId: string;
      actorUnitId: string | null;
      action: string;
      fromState: string;
      toState: string;
      reason: string | null;
      data: Record<string, unknown> | null;
    },
  ): Promise<ItemRow> {
    forgetFresh();
    const update = tx
      .update(supervisedItems)
      .set({ ...set, version: sql`${supervisedItems.version} + 1`, updatedAt: new Date(), lightOn: null })
      .where(and(eq(supervisedItems.id, item.id), eq(supervisedItems.version, item.version)))
      .getSQL();
    // RETURNING * rather than drizzle's list of every column, built again on each write (issue 16).
    const { rows } = await tx.execute<Record<string, unknown>>(sql`WITH u AS (${update} RETURNING *),
      e AS (INSERT INTO supervision_events (item_id, actor_person_id, actor_unit_id, action, from_state, to_state, reason, data)
        SELECT u.id, ${event.actorPersonId}::uuid, ${event.actorUnitId}::uuid, ${event.action}, ${event.fromState},
               ${event.toState}, ${event.reason}, ${event.data === null ? null : JSON.stringify(event.data)}::jsonb
          FROM u),
      p AS (UPDATE supervised_items SET light_on = NULL WHERE id = (SELECT parent_id FROM u))
      SELECT u.* FROM u`);
    if (rows.length === 0) {
      const [cur] = await tx
        .select({ version: supervisedItems.version })
        .from(supervisedItems)
        .where(eq(supervisedItems.id, item.id));
      if (!cur) throw notFound();
      throw new AppError('version_conflict', { current: cur.version }, [], { currentVersion: cur.version });
    }
    return itemFromDriver(rows[0]!);
  }

  async function loadVisible(tx: Tx, actor: Actor, id: string): Promise<ItemRow> {
    const [item] = await tx
      .select()
      .from(supervisedItems)
      .where(and(eq(supervisedItems.id, id), visibleWhere(actor)));
    if (!item) throw notFound();
    return item;
  }

  /**
   * One state transition with its event. The version guards against a stale screen; the row lock makes two
   * simultaneous actions on one item take turns, so exactly one of them wins.
   */
  async function act(
    tx: Tx,
    actor: Actor,
    id: string,
    version: number | null,
    action: SupervisionAction,
    payload: StepPayload = {},
  ): Promise<ItemRow> {
    return actOn(tx, actor, await lockVisible(tx, actor, id), version, action, payload);
  }

  /** The row lock and the caller's scope in one statement (an item out of scope is not found, and not locked). */
  async function lockVisible(tx: Tx, actor: Actor, id: string): Promise<ItemRow> {
    const [item] = await tx
      .select()
      .from(supervisedItems)
      .where(and(eq(supervisedItems.id, id), visibleWhere(actor)))
      .for('update');
    if (!item) throw notFound();
    return item;
  }

  /** A transition of an item the caller has locked (lockVisible) in this transaction. */
  async function actOn(
    tx: Tx,
    actor: Actor,
    item: ItemRow,
    version: number | null,
    action: SupervisionAction,
    payload: StepPayload = {},
  ): Promise<ItemRow> {
    const id = item.id;
    if (version !== null && item.version !== version)
      throw new AppError('version_conflict', { current: item.version }, [], { currentVersion: item.version });
    const sides = sidesOf(actor, item);
    const side = sides.includes(RULES[action].by) ? RULES[action].by : sides[0];
    if (!side) throw new AppError('forbidden');
    const r = transition(item.state as SupervisionState, action, {
      side,
      reason: payload.reason,
      evidenceCount: payload.evidenceCount,
    });
    if (!r.ok) {
      const possibleActions = actionsFor(actor, item);
      if (r.reason === 'reason_required')
        throw new AppError('validation', {}, [{ field: 'body.reason', code: 'required' }]);
      if (r.reason === 'evidence_required')
        throw new AppError('evidence_required', {}, [{ field: 'body.attachmentIds', code: 'evidence_missing' }]);
      if (r.reason === 'wrong_side') throw new AppError('forbidden', {}, [], { possibleActions });
      throw new AppError('invalid_transition', { state: item.state }, [], { possibleActions });
    }
    if (action === 'close' || action === 'cancel') {
      const open = await openChildren(tx, id);
      if (action === 'close' && open > 0) throw new AppError('children_open', { count: open });
    }
    // A closed item is done: 100 %, whatever its last report said.
    const bumped = await bumpWithEvent(
      tx,
      item,
      {
        ...payload.set,
        state: r.to,
        ...(r.to === 'closed' ? { closedAt: new Date(), progress: 100 } : {}),
      },
      {
        actorPersonId: actor.personId,
        actorUnitId: actor.unitId,
        action,
        fromState: item.state,
        toState: r.to,
        reason: payload.reason ?? null,
        data: payload.data ?? null,
      },
    );
    if (r.to === 'closed') await settleReports(tx, actor, id, r.to);
    // The row as bump wrote it (nothing in between writes the item itself).
    const after = bumped;
    await notifyTransition(tx, after, action, actor, payload.reason ?? null);
    return after;
  }

  const linkOf = (item: Pick<ItemRow, 'kind' | 'id'>) => `/${item.kind}s/${item.id}`;

  /** The undertaking unit's clerks (or the named responsible person), who act on the item. */
  async function assigneeRecipients(tx: Tx, item: ItemRow) {
    if (item.responsiblePersonId) return [item.responsiblePersonId];
    return deps.org.peopleInUnits(item.jurisdictionId, [item.assigneeUnitId], ['unit_clerk', 'unit_admin'], tx);
  }
  /** The assigning side: its unit's office staff and whoever created the item. */
  async function assignerRecipients(tx: Tx, item: ItemRow) {
    const unitPeople = await deps.org.peopleInUnits(
      item.jurisdictionId,
      [item.assignerUnitId],
      ['supervision_office', 'unit_clerk', 'unit_admin'],
      tx,
    );
    return [...unitPeople, item.createdBy];
  }

  const TRANSITION_NOTICES: Partial<
    Record<SupervisionAction, { to: 'assignee' | 'assigner'; kind: string; title: string }>
  > = {
    assign: { to: 'assignee', kind: 'assigned', title: '新交办' },
    reassign: { to: 'assignee', kind: 'assigned', title: '重新交办' },
    return: { to: 'assigner', kind: 'returned', title: '被退回' },
    requestClose: { to: 'assigner', kind: 'close_requested', title: '申请办结待审核' },
    close: { to: 'assignee', kind: 'closed', title: '已销账' },
    reject: { to: 'assignee', kind: 'sent_back', title: '办结申请被驳回' },
    cancel: { to: 'assignee', kind: 'cancelled', title: '已撤销' },
    urge: { to: 'assignee', kind: 'urge', title: '催办' },
    requestExtension: { to: 'assigner', kind: 'extension_requested', title: '申请延期待审批' },
    decideExtension: { to: 'assignee', kind: 'extension_decided', title: '延期申请已审批' },
    replan: { to: 'assignee', kind: 'replanned', title: '时限调整' },
  };

  async function notifyTransition(
    tx: Tx,
    item: ItemRow,
    action: SupervisionAction,
    actor: Actor | null,
    reason: string | null,
  ): Promise<void> {
    const n = transitionNotice(item, action, actor, reason);
    if (n) await deps.notifications.notify(tx, n);
  }

  /** The notice a step of the flow sends (none for most steps), to whom: the assignee's clerks or the assigner's. */
  function transitionNotice(
    item: NoticeItem,
    action: SupervisionAction,
    actor: Actor | null,
    reason: string | null,
  ): NewNotification | null {
    const n = TRANSITION_NOTICES[action];
    if (!n) return null;
    // The recipients as a query inside the notice's own statement (assigneeRecipients, assignerRecipients).
    const query =
      n.to === 'assignee'
        ? item.responsiblePersonId
          ? sql`SELECT ${item.responsiblePersonId}::uuid AS id`
          : deps.org.peopleInUnitsQuery(item.jurisdictionId, [item.assigneeUnitId], ['unit_clerk', 'unit_admin'])
        : sql`${deps.org.peopleInUnitsQuery(
            item.jurisdictionId,
            [item.assignerUnitId],
            ['supervision_office', 'unit_clerk', 'unit_admin'],
          )} UNION SELECT ${item.createdBy}::uuid`;
    return {
      jurisdictionId: item.jurisdictionId,
      recipients: { query, except: actor?.personId ?? null },
      kind: n.kind,
      itemId: item.id,
      title: `【${KIND_LABEL[item.kind] ?? '督办事项'}${n.title}】${item.title}`,
      body: [
        `完成时限：${item.deadline}`,
        reason ? `说明：${reason}` : null,
        actor ? `操作人：${actor.displayName}` : null,
      ]
        .filter(Boolean)
        .join('\n'),
      link: linkOf(item),
      dedupeKey: `event:${item.id}:${action}:${item.version}`,
    };
  }

  /**
   * The daily reminders, idempotent by design (every notice has a key naming its occasion, so a second run or a
   * second instance sends nothing again): due soon → the clerk; a missing report → an automatic 催办; a second
   * missing report in a row → a supervision notice (督办单) on record. Overdue items climb (runEscalations).
   */
  async function runReminders(jurisdictionId: string): Promise<{ dueSoon: number; urged: number; notices: number }> {
    const out = { dueSoon: 0, urged: 0, notices: 0 };
    const now = today();
    const cal = await deps.calendar.calendarFor(jurisdictionId);
    const thresholds = deps.thresholds ?? (await deps.calendar.thresholdsFor(jurisdictionId));
    const rules = await deps.calendar.reportingRulesFor(jurisdictionId);
    // A period's report is missing once its due day's cut-off has passed.
    const pastCutoff = (due: IsoDate) => due < now || (due === now && clock() > rules.cutoff);
    const open = await db
      .select()
      .from(supervisedItems)
      .where(
        and(
          eq(supervisedItems.jurisdictionId, jurisdictionId),
          inArray(supervisedItems.state, ['assigned', 'accepted', 'in_progress']),
        ),
      );
    const office = await deps.org.peopleWithRole(jurisdictionId, 'supervision_office');
    for (const item of open) {
      await db.transaction(async (tx) => {
        const base = { jurisdictionId, itemId: item.id, link: linkOf(item) };
        const label = KIND_LABEL[item.kind] ?? '督办事项';
        // Past its deadline, the item climbs (runEscalations): the unit and its 分管 leader are told there.
        if (now > item.deadline) return;
        const left = workingDaysBetween(now, item.deadline, cal);
        if (left <= thresholds.dueSoonWorkingDays) {
          out.dueSoon += await deps.notifications.notify(tx, {
            ...base,
            recipients: await assigneeRecipients(tx, item),
            kind: 'due_soon',
            title: `【${label}临期】${item.title}`,
            body: `完成时限 ${item.deadline}，还剩 ${left} 个工作日（${addWorkingDays(now, 0, cal)} 起算）。`,
            dedupeKey: `due_soon:${item.id}:${item.deadline}`,
          });
        }
        if (!item.cadence || item.cadence === 'once' || item.state === 'assigned') return;
        // The last period whose report is due by now, and the one before it.
        const periods: string[] = [];
        for (let d = now; periods.length < 2 && d >= item.startDate; ) {
          const p = periodOf(d, item.cadence as CadenceKind);
          const due = periodDue(p, rules)!;
          if (pastCutoff(due) && !periods.includes(p) && due >= item.startDate) periods.push(p);
          d = addDays(d, -7);
        }
        if (periods.length === 0) return;
        const reported = new Set(
          (
            await tx
              .select({ period: progressReports.period })
              .from(progressReports)
              .where(
                and(
                  eq(progressReports.itemId, item.id),
                  inArray(progressReports.period, periods),
                  sql`${progressReports.reviewStatus} <> 'returned'`,
                ),
              )
          ).map((r) => r.period),
        );
        const [last, before] = periods;
        if (reported.has(last!)) return;
        const key = `report_missing:${item.id}:${last}`;
        const sent = await deps.notifications.notify(tx, {
          ...base,
          recipients: await assigneeRecipients(tx, item),
          kind: 'report_missing',
          title: `【催办】${item.title}`,
          body: `${last} 期进展未报送，请立即报送。`,
          dedupeKey: key,
        });
        if (sent > 0) {
          out.urged++;
          await tx.insert(supervisionEvents).values({
            itemId: item.id,
            action: 'urge',
            fromState: item.state,
            toState: item.state,
            reason: `${last} 期进展未报送（系统自动催办）`,
            data: { period: last, automatic: true },
          });
        }
        if (before && !reported.has(before)) {
          const leaders = await deps.org.leadersOf(item.assigneeUnitId, tx);
          const noticeSent = await deps.notifications.notify(tx, {
            ...base,
            recipients: [...(await assigneeRecipients(tx, item)), ...leaders, ...office],
            kind: 'supervision_notice',
            title: `【督办单】${item.title}`,
            body: `连续两期（${before}、${last}）未报送进展，现予督办。`,
            dedupeKey: `notice:${item.id}:${last}`,
          });
          if (noticeSent > 0) {
            out.notices++;
            await tx.insert(supervisionEvents).values({
              itemId: item.id,
              action: 'notice',
              fromState: item.state,
              toState: item.state,
              reason: `连续两期（${before}、${last}）未报送进展`,
              data: { periods: [before, last], automatic: true },
            });
          }
        }
      });
    }
    return out;
  }

  async function openChildren(tx: Tx, id: string) {
    const [r] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(supervisedItems)
      .where(
        and(
          eq(supervisedItems.parentId, id),
          inArray(supervisedItems.state, [
            'draft',
            'assigned',
            'returned',
            'accepted',
            'in_progress',
            'close_requested',
          ]),
        ),
      );
    return r?.n ?? 0;
  }

  /**
   * A progress report for the current period or a named earlier one that was missed (late by its due day); never
   * for a period still to come. An item without a cadence has no period falling due: its reports are never late.
   */
  async function report(
    tx: Tx,
    actor: Actor,
    id: string,
    version: number | null,
    input: {
      period?: string;
      progress: number;
      text: string;
      problems?: string | null;
      nextSteps?: string | null;
      idempotencyKey?: string | null;
    },
    kind?: string,
    /** The report's audit event, written by the report's own insert (`audit.append`). */
    chain?: { append: (r: { period: string; progress: number }) => ChainAppend },
  ): Promise<typeof progressReports.$inferSelect> {
    // Locked at once (the transition below would lock it anyway): one read of the row for the scope, the kind
    // (a ledger reports only on its own items: another's is not found) and the version.
    const item = await lockVisible(tx, actor, id);
    if (kind !== undefined && item.kind !== kind) throw notFound();
    const now = today();
    const cadence = item.cadence as CadenceKind | null;
    const period = input.period ?? periodOf(now, cadence);
    const fit = reportablePeriod(period, cadence, now);
    if (fit !== 'ok')
      throw new AppError('validation', {}, [
        { field: 'body.period', code: fit === 'future' ? 'period_not_come' : 'period_cadence', params: { period } },
      ]);
    const rules = await deps.calendar.reportingRules(item.jurisdictionId, tx);
    // A one-off report is due by the deadline.
    const due = period === 'once' ? item.deadline : periodDue(period, rules);
    if (!due)
      throw new AppError('validation', {}, [{ field: 'body.period', code: 'period_cadence', params: { period } }]);
    const late = cadence ? lateDays(due, now, clock(), rules) : 0;
    // Its own statement: folded into the locked read above as an EXISTS it cost PostgreSQL 3 ms more a report
    // (measured, bench/RESULTS.md 2026-12-07), as a statement of its own next to nothing.
    const [dup] = await tx
      .select({ id: progressReports.id })
      .from(progressReports)
      .where(
        and(
          eq(progressReports.itemId, id),
          eq(progressReports.period, period),
          sql`${progressReports.reviewStatus} <> 'returned'`,
        ),
      );
    if (dup) throw new AppError('duplicate_report', { period });
    const insert = tx.insert(progressReports).values({
      itemId: id,
      period,
      progress: input.progress,
      text: input.text,
      problems: input.problems ?? null,
      nextSteps: input.nextSteps ?? null,
      late,
      submittedBy: actor.personId,
      idempotencyKey: input.idempotencyKey ?? null,
    });
    const insertSql = chain ? sql`${insert.getSQL()} RETURNING *` : null;
    await actOn(tx, actor, item, version, 'report', {
      data: { period, progress: input.progress },
      set: { progress: input.progress, lastReportDate: now },
    });
    try {
      if (!chain || !insertSql) return (await insert.returning())[0]!;
      const audit = chain.append({ period, progress: input.progress });
      const { rows } = await tx.execute<Record<string, unknown>>(
        sql`WITH r AS (${insertSql}), ${audit.ctes} SELECT r.* FROM r`,
      );
      return reportFromDriver(rows[0]!);
    } catch (e) {
      // The unique index is the last word when two clerks submit the same period at the same moment.
      if ((e as { cause?: { code?: string } }).cause?.code === '23505' || (e as { code?: string }).code === '23505')
        throw new AppError('duplicate_report', { period });
      throw e;
    }
  }

  /** The report this person filed with this Idempotency-Key, if any (a re-sent request answers with it). */
  async function reportByKey(actor: Actor, key: string, tx: Tx = db) {
    const [row] = await tx
      .select()
      .from(progressReports)
      .where(and(eq(progressReports.submittedBy, actor.personId), eq(progressReports.idempotencyKey, key)));
    return row ?? null;
  }

  /** The note a report settled by the closing carries (read by the unit in its report list, so in Chinese). */
  const SETTLED_BY_CLOSE = '随办结审核一并通过';

  /**
   * Closing settles the reports still waiting for review: accepted with the closing, each recorded as such (an
   * event naming the report and `withClose`), so none waits on a closed item.
   */
  async function settleReports(tx: Tx, actor: Actor, itemId: string, state: SupervisionState) {
    const settled = await tx
      .update(progressReports)
      .set({
        reviewStatus: 'accepted',
        reviewComment: SETTLED_BY_CLOSE,
        reviewedBy: actor.personId,
        reviewedAt: new Date(),
      })
      .where(and(eq(progressReports.itemId, itemId), eq(progressReports.reviewStatus, 'pending')))
      .returning({ id: progressReports.id, period: progressReports.period });
    if (settled.length)
      await tx.insert(supervisionEvents).values(
        settled.map((r) => ({
          itemId,
          actorPersonId: actor.personId,
          actorUnitId: actor.unitId,
          action: 'reviewReport',
          fromState: state,
          toState: state,
          reason: SETTLED_BY_CLOSE,
          data: { reportId: r.id, period: r.period, withClose: true },
        })),
      );
  }

  async function reviewReport(
    tx: Tx,
    actor: Actor,
    itemId: string,
    reportId: string,
    decision: 'accepted' | 'returned',
    comment: string | null,
  ) {
    const item = await loadVisible(tx, actor, itemId);
    if (!sidesOf(actor, item).includes('assigner')) throw new AppError('forbidden');
    if (!isOpen(item.state as SupervisionState)) throw new AppError('invalid_transition', { state: item.state });
    if (decision === 'returned' && !comment?.trim())
      throw new AppError('validation', {}, [{ field: 'body.comment', code: 'required' }]);
    const r = await tx
      .update(progressReports)
      .set({ reviewStatus: decision, reviewComment: comment, reviewedBy: actor.personId, reviewedAt: new Date() })
      .where(
        and(
          eq(progressReports.id, reportId),
          eq(progressReports.itemId, itemId),
          eq(progressReports.reviewStatus, 'pending'),
        ),
      )
      .returning({ id: progressReports.id, period: progressReports.period });
    if (!r[0]) throw new AppError('conflict');
    await tx.insert(supervisionEvents).values({
      itemId,
      actorPersonId: actor.personId,
      actorUnitId: actor.unitId,
      action: decision === 'accepted' ? 'reviewReport' : 'returnReport',
      fromState: item.state,
      toState: item.state,
      reason: comment,
      data: { reportId, period: r[0].period },
    });
  }

  async function requestExtension(
    tx: Tx,
    actor: Actor,
    id: string,
    input: { deadline: IsoDate; reason: string },
    maxDeadline?: IsoDate | null,
  ) {
    const item = await act(tx, actor, id, null, 'requestExtension', {
      reason: input.reason,
      data: { requestedDeadline: input.deadline },
    });
    if (input.deadline <= item.deadline)
      throw new AppError('validation', {}, [
        { field: 'body.deadline', code: 'not_after_deadline', params: { deadline: item.deadline } },
      ]);
    if (maxDeadline && input.deadline > maxDeadline)
      throw new AppError('deadline_after_parent', { parent: maxDeadline }, [
        { field: 'body.deadline', code: 'invalid_value' },
      ]);
    try {
      const [row] = await tx
        .insert(extensionRequests)
        .values({
          itemId: id,
          oldDeadline: item.deadline,
          requestedDeadline: input.deadline,
          reason: input.reason,
          requestedBy: actor.personId,
        })
        .returning();
      return row!;
    } catch (e) {
      if ((e as { cause?: { code?: string } }).cause?.code === '23505') throw new AppError('extension_pending');
      throw e;
    }
  }

  /**
   * The assigning side moves an item's dates (a point-in-time item such as a project milestone moves its start
   * with its deadline), with a reason; the event keeps the old and new dates. Not into the past, nor after the
   * parent's deadline (the caller passes it).
   */
  async function replan(
    tx: Tx,
    actor: Actor,
    id: string,
    version: number,
    input: { deadline: IsoDate; startDate?: IsoDate; reason: string },
    maxDeadline?: IsoDate | null,
  ) {
    if (input.deadline < today())
      throw new AppError('validation', {}, [{ field: 'body.deadline', code: 'deadline_past' }]);
    if (maxDeadline && input.deadline > maxDeadline)
      throw new AppError('deadline_after_parent', { parent: maxDeadline }, [
        { field: 'body.deadline', code: 'invalid_value' },
      ]);
    const before = await loadVisible(tx, actor, id);
    return act(tx, actor, id, version, 'replan', {
      reason: input.reason,
      data: {
        oldDeadline: before.deadline,
        newDeadline: input.deadline,
        oldStart: before.startDate,
        newStart: input.startDate ?? before.startDate,
      },
      set: { deadline: input.deadline, ...(input.startDate ? { startDate: input.startDate } : {}) },
    });
  }

  async function decideExtension(
    tx: Tx,
    actor: Actor,
    id: string,
    requestId: string,
    approve: boolean,
    note: string | null,
  ) {
    // Visibility first: whether another unit's request was decided is not told to who cannot see the item (404).
    await loadVisible(tx, actor, id);
    const [req] = await tx
      .select()
      .from(extensionRequests)
      .where(and(eq(extensionRequests.id, requestId), eq(extensionRequests.itemId, id)));
    if (!req) throw notFound();
    if (req.status !== 'pending') throw new AppError('conflict');
    if (!approve && !note?.trim()) throw new AppError('validation', {}, [{ field: 'body.note', code: 'required' }]);
    await act(tx, actor, id, null, 'decideExtension', {
      reason: note,
      data: {
        requestId,
        approved: approve,
        oldDeadline: req.oldDeadline,
        newDeadline: approve ? req.requestedDeadline : req.oldDeadline,
      },
      set: approve ? { deadline: req.requestedDeadline } : {},
    });
    await tx
      .update(extensionRequests)
      .set({
        status: approve ? 'approved' : 'refused',
        decidedBy: actor.personId,
        decidedAt: new Date(),
        decisionNote: note,
      })
      .where(eq(extensionRequests.id, requestId));
  }

  // ---------- milestones ----------
  async function milestonesOf(ids: string[], tx: Tx = db): Promise<Map<string, MilestoneOut[]>> {
    const out = new Map<string, MilestoneOut[]>();
    if (ids.length === 0) return out;
    const rows = await tx
      .select()
      .from(itemMilestones)
      .where(sql`${itemMilestones.itemId} = ANY(${sql.param(ids)}::uuid[])`)
      .orderBy(asc(itemMilestones.sortOrder), asc(itemMilestones.due));
    for (const m of rows)
      out.set(m.itemId, [...(out.get(m.itemId) ?? []), { id: m.id, title: m.title, due: m.due, doneOn: m.doneOn }]);
    return out;
  }

  /**
   * Replaces the planned milestones of an open item (the assigning side's decision, recorded as an event with
   * the old and new plan). Milestones already done keep their completion date when their title stays.
   */
  async function setMilestones(
    tx: Tx,
    actor: Actor,
    id: string,
    version: number,
    list: { title: string; due: IsoDate }[],
  ) {
    const item = await loadVisible(tx, actor, id);
    if (!sidesOf(actor, item).includes('assigner')) throw new AppError('forbidden');
    if (!isOpen(item.state as SupervisionState))
      throw new AppError('invalid_transition', { state: item.state }, [], { possibleActions: actionsFor(actor, item) });
    const problems = list.flatMap((m, i) =>
      m.due > item.deadline ? [{ field: `body.milestones.${i}.due`, code: 'after_deadline' }] : [],
    );
    if (problems.length) throw new AppError('validation', {}, problems);
    const before = (await milestonesOf([id], tx)).get(id) ?? [];
    await bump(tx, id, version, {});
    await tx.delete(itemMilestones).where(eq(itemMilestones.itemId, id));
    if (list.length) {
      const doneByTitle = new Map(before.filter((m) => m.doneOn).map((m) => [m.title, m.doneOn]));
      await tx.insert(itemMilestones).values(
        list.map((m, i) => ({
          itemId: id,
          title: m.title,
          due: m.due,
          doneOn: doneByTitle.get(m.title) ?? null,
          sortOrder: i,
        })),
      );
    }
    await tx.insert(supervisionEvents).values({
      itemId: id,
      actorPersonId: actor.personId,
      actorUnitId: actor.unitId,
      action: 'milestones',
      fromState: item.state,
      toState: item.state,
      data: { before: before.map(({ title, due }) => ({ title, due })), after: list },
    });
  }

  /** The undertaking unit marks a milestone done on a day (not in the future), or undoes it (null). */
  async function completeMilestone(
    tx: Tx,
    actor: Actor,
    id: string,
    version: number,
    milestoneId: string,
    doneOn: IsoDate | null,
  ) {
    const item = await loadVisible(tx, actor, id);
    if (!sidesOf(actor, item).includes('assignee')) throw new AppError('forbidden');
    if (!['accepted', 'in_progress', 'close_requested'].includes(item.state))
      throw new AppError('invalid_transition', { state: item.state }, [], { possibleActions: actionsFor(actor, item) });
    if (doneOn && doneOn > today())
      throw new AppError('validation', {}, [{ field: 'body.doneOn', code: 'date_in_future' }]);
    const [m] = await tx
      .select()
      .from(itemMilestones)
      .where(and(eq(itemMilestones.id, milestoneId), eq(itemMilestones.itemId, id)));
    if (!m) throw notFound();
    await bump(tx, id, version, {});
    await tx.update(itemMilestones).set({ doneOn }).where(eq(itemMilestones.id, milestoneId));
    await tx.insert(supervisionEvents).values({
      itemId: id,
      actorPersonId: actor.personId,
      actorUnitId: actor.unitId,
      action: 'milestoneDone',
      fromState: item.state,
      toState: item.state,
      data: { milestoneId, title: m.title, due: m.due, doneOn },
    });
  }

  // ---------- lights ----------
  type LightRow = Pick<ItemRow, 'id' | 'state' | 'startDate' | 'deadline' | 'progress' | 'lastReportDate' | 'cadence'>;
  interface Derived {
    light: Light;
    reasons: string[];
    expected: number | null;
  }

  function ownLight(r: LightRow, ms: MilestoneOut[], now: IsoDate, cal: WorkCalendar, t: LightThresholds) {
    return computeLight(
      {
        state: r.state as SupervisionState,
        start: r.startDate,
        deadline: r.deadline,
        progress: r.progress,
        milestones: ms.map((m) => ({ due: m.due, done: m.doneOn !== null })),
        lastReport: r.lastReportDate,
        reportEveryDays: r.cadence ? CADENCE_DAYS[r.cadence as CadenceKind] : null,
        today: now,
      },
      cal,
      t,
    );
  }

  /**
   * The lights of these items by the one light function, each rolled up with its sub-items' own lights (a
   * parent is as bad as its worst open child).
   */
  async function deriveLights(
    tx: Tx,
    jurisdictionId: string,
    rows: LightRow[],
    now: IsoDate,
    /** Items just written: no sub-items yet, their milestones as written (nothing to read). */
    fresh?: Map<string, MilestoneOut[]>,
  ): Promise<Map<string, Derived>> {
    const out = new Map<string, Derived>();
    if (rows.length === 0) return out;
    const cal = await deps.calendar.calendarFor(jurisdictionId, tx);
    const thresholds = deps.thresholds ?? (await deps.calendar.lightThresholds(jurisdictionId, tx));
    const ids = rows.map((r) => r.id);
    const children = fresh
      ? []
      : await tx
          .select({
            id: supervisedItems.id,
            parentId: supervisedItems.parentId,
            state: supervisedItems.state,
            startDate: supervisedItems.startDate,
            deadline: supervisedItems.deadline,
            progress: supervisedItems.progress,
            lastReportDate: supervisedItems.lastReportDate,
            cadence: supervisedItems.cadence,
          })
          .from(supervisedItems)
          .where(sql`${supervisedItems.parentId} = ANY(${sql.param(ids)}::uuid[])`);
    const ms = fresh ?? (await milestonesOf([...ids, ...children.map((c) => c.id)], tx));
    const kids = new Map<string, typeof children>();
    for (const c of children) kids.set(c.parentId!, [...(kids.get(c.parentId!) ?? []), c]);
    for (const r of rows) {
      const own = ownLight(r, ms.get(r.id) ?? [], now, cal, thresholds);
      let light = own.light;
      const reasons: string[] = [...own.reasons];
      if (isOpen(r.state as SupervisionState)) {
        for (const c of kids.get(r.id) ?? []) {
          const l = ownLight(c, ms.get(c.id) ?? [], now, cal, thresholds).light;
          if (l !== 'done' && LIGHT_SEVERITY[l] > LIGHT_SEVERITY[light]) {
            light = l;
            if (!reasons.includes('child_behind')) reasons.push('child_behind');
          }
        }
      }
      out.set(r.id, { light, reasons, expected: own.expected === null ? null : Math.round(own.expected) });
    }
    return out;
  }

  /** Whether a stored light still holds today ('infinity' sorts after every date). */
  const lightHolds = (r: Pick<ItemRow, 'lightOn'>, now: IsoDate) => r.lightOn !== null && r.lightOn >= now;

  /**
   * Derives and stores the lights of a jurisdiction's items whose stored light no longer holds (a new day, a
   * write, a calendar change). Rows a writer holds are skipped (SKIP LOCKED): the writer clears them again at
   * its commit, and readers derive them live meanwhile. One recomputation runs at a time per jurisdiction.
   */
  async function refreshLights(jurisdictionId: string, opts: { wait: boolean } = { wait: true }): Promise<number> {
    const now = today();
    return db.transaction(async (tx) => {
      if (!opts.wait) {
        const got = await tx.execute(
          sql`SELECT pg_try_advisory_xact_lock(7351020, hashtext(${jurisdictionId})) AS got`,
        );
        if (!(got.rows[0] as { got: boolean }).got) return -1;
      } else await tx.execute(sql`SELECT pg_advisory_xact_lock(7351020, hashtext(${jurisdictionId}))`);
      const rows = await tx
        .select()
        .from(supervisedItems)
        .where(
          and(
            eq(supervisedItems.jurisdictionId, jurisdictionId),
            or(isNull(supervisedItems.lightOn), lt(supervisedItems.lightOn, now)),
          ),
        )
        .for('update', { skipLocked: true });
      if (rows.length === 0) return 0;
      const derived = await deriveLights(tx, jurisdictionId, rows, now);
      const values = rows.map((r) => {
        const d = derived.get(r.id)!;
        // Closed and cancelled items keep their light for ever; the rest hold for today.
        return {
          id: r.id,
          light: d.light,
          reasons: d.reasons,
          expected: d.expected,
          day: isOpen(r.state as SupervisionState) ? now : 'infinity',
        };
      });
      await tx.execute(sql`UPDATE supervised_items AS i SET light = v.light, light_reasons = v.reasons,
        expected_progress = v.expected, light_on = v.day
        FROM jsonb_to_recordset(${JSON.stringify(values)}::jsonb) AS v(id uuid, light text, reasons text[], expected int, day date)
        WHERE i.id = v.id`);
      return rows.length;
    });
  }

  /**
   * Before a list filters or sorts by light: make sure every stored light of the jurisdiction holds today. When
   * another request is recomputing right now, the list does not queue behind it: it reads the stored lights (a
   * row being recomputed may be filtered by its previous light for that moment; the page shows every row's light
   * derived live when its stored one does not hold).
   */
  function ensureLightsFresh(jurisdictionId: string): Promise<void> {
    const seen = freshSeen.get(jurisdictionId);
    if (seen && seen.day === today() && Date.now() - seen.at < 1000) return Promise.resolve();
    // The lists that come while a probe of the same moment is out wait for it rather than probe again (under
    // load every list of the second probed at once, each holding a connection: bench/RESULTS.md, issue 16).
    const inFlight = probing.get(jurisdictionId);
    if (inFlight && inFlight.epoch === freshEpoch) return inFlight.done;
    const epoch = freshEpoch;
    const done = probeLights(jurisdictionId, epoch).finally(() => {
      if (probing.get(jurisdictionId)?.done === done) probing.delete(jurisdictionId);
    });
    probing.set(jurisdictionId, { epoch, done });
    return done;
  }

  async function probeLights(jurisdictionId: string, epoch: number) {
    // Index probes on (jurisdiction, light_on): a cleared light, and the earliest day a light holds for. min()
    // reads the index's first entry whatever the plan; an EXISTS of `light_on < today` in a generic plan read the
    // whole table when nothing matched (27 ms at 50,000 items).
    const r = await db.execute(sql`SELECT EXISTS (SELECT 1 FROM supervised_items
        WHERE jurisdiction_id = ${jurisdictionId}::uuid AND light_on IS NULL)
      OR (SELECT min(light_on) FROM supervised_items WHERE jurisdiction_id = ${jurisdictionId}::uuid) < ${today()}::date
      AS stale WHERE ${GENERIC_PLAN}`);
    const at = Date.now();
    const stale = (r.rows[0] as { stale: boolean }).stale;
    if (stale && (await refreshLights(jurisdictionId, { wait: false })) < 0) return;
    // Not if a write of this instance cleared lights meanwhile: the next list probes again.
    if (epoch === freshEpoch) freshSeen.set(jurisdictionId, { day: today(), at });
  }

  // ---------- reading ----------
  /**
   * Items as the API shows them: the stored light where it holds today, else derived now (same function), a
   * parent's progress from its sub-items, and the caller's possible actions.
   */
  const OPEN_STATES_SQL = sql.raw(
    STATES.filter((st) => isOpen(st))
      .map((st) => `'${st}'`)
      .join(', '),
  );
  /**
   * What a row shows besides its own columns — its milestones and its sub-items' count, open count and average
   * progress — as sub-selects over the row `supervised_items`, so a list page gets them in its own query. Each is
   * looked up only where the row's hint (kept by triggers) says there is something: most items have neither, and
   * the two sub-selects cost a quarter of a page's query (bench/RESULTS.md, issue 16).
   */
  const EXTRAS = {
    milestones: sql<MilestoneOut[]>`CASE WHEN supervised_items.has_milestones THEN
      (SELECT coalesce(json_agg(json_build_object('id', m.id, 'title', m.title, 'due', m.due, 'doneOn',
      m.done_on) ORDER BY m.sort_order, m.due), '[]'::json) FROM item_milestones m WHERE m.item_id =
      supervised_items.id) ELSE '[]'::json END`,
    // The three figures of the sub-items in one pass over them (one index scan per row, not three).
    children: sql<{
      n: number;
      open: number;
      progress: number | null;
    }>`CASE WHEN supervised_items.has_children THEN
      (SELECT json_build_object('n', count(*), 'open', count(*) FILTER (WHERE c.state IN (${OPEN_STATES_SQL})),
      'progress', round(avg(CASE WHEN c.state = 'closed' THEN 100 ELSE coalesce(c.progress,
      0) END))::int) FROM supervised_items c WHERE c.parent_id = supervised_items.id)
      ELSE '{"n": 0, "open": 0, "progress": null}'::json END`,
  };
  type Extras = { milestones: MilestoneOut[]; children: { n: number; open: number; progress: number | null } };
  /**
   * The pending close request of a row waiting for the decision (its newest 申请办结 event), read by a list page in
   * its own query: the page's request details then need no second round trip (`closeRequestsOf`'s `known`).
   */
  const CLOSE_REQUEST = sql<CloseRequestRow | null>`CASE WHEN supervised_items.state = 'close_requested' THEN
      (SELECT json_build_object('at', e.at, 'data', e.data, 'by', e.actor_person_id, 'unit', e.actor_unit_id)
         FROM supervision_events e WHERE e.item_id = supervised_items.id AND e.action = 'requestClose'
        ORDER BY e.seq DESC LIMIT 1) END`;

  async function extrasOf(ids: string[], tx: Tx): Promise<Map<string, Extras>> {
    const rows = await tx
      .select({ id: supervisedItems.id, ...EXTRAS })
      .from(supervisedItems)
      .where(sql`${supervisedItems.id} = ANY(${sql.param(ids)}::uuid[])`);
    return new Map(rows.map((r) => [r.id, r]));
  }

  /**
   * Items as the API shows them: the stored light where it holds today, else derived now (same function), a
   * parent's progress from its sub-items, the milestones, and the caller's possible actions.
   */
  async function present(
    actor: Actor,
    rows: (ListRow & Partial<Extras>)[],
    tx: Tx = db,
    fresh?: Map<string, MilestoneOut[]>,
  ): Promise<ItemOut[]> {
    if (rows.length === 0) return [];
    const now = today();
    const live = await deriveLights(
      tx,
      actor.jurisdictionId,
      rows.filter((r) => !lightHolds(r, now)),
      now,
      fresh,
    );
    const fetched = rows.every((r) => r.milestones !== undefined)
      ? null
      : await extrasOf(
          rows.map((r) => r.id),
          tx,
        );
    return rows.map((r) => {
      const d: Derived = live.get(r.id) ?? {
        light: r.light as Light,
        reasons: r.lightReasons,
        expected: r.expectedProgress,
      };
      const x: Extras = fetched?.get(r.id) ?? (r as ItemRow & Extras);
      return {
        id: r.id,
        kind: r.kind,
        title: r.title,
        parentId: r.parentId,
        assignerUnitId: r.assignerUnitId,
        assigneeUnitId: r.assigneeUnitId,
        coUnitIds: r.coUnitIds,
        leadLeaderId: r.leadLeaderId,
        taskForceId: r.taskForceId,
        responsiblePersonId: r.responsiblePersonId,
        state: r.state as SupervisionState,
        startDate: r.startDate,
        deadline: r.deadline,
        // A closed item is done (items closed before closing set 100 % show it too); without its own report, a
        // parent's progress is its sub-tasks' average.
        progress: r.state === 'closed' ? 100 : (r.progress ?? (x.children.n ? x.children.progress : null)),
        expectedProgress: d.expected,
        lastReportDate: r.lastReportDate,
        cadence: r.cadence as CadenceKind | null,
        light: d.light,
        lightReasons: d.reasons,
        childCount: x.children.n,
        openChildCount: x.children.open,
        milestones: x.milestones,
        version: r.version,
        actions: actionsFor(actor, r),
        createdAt: r.createdAt.toISOString(),
      };
    });
  }

  /**
   * An item just created (createWritten's row and milestones) as getItem would answer it after the commit, without
   * reading it back: no sub-items yet, no reports, its light derived live (a new row stores none).
   */
  async function presentNew(actor: Actor, w: { row: ItemRow; milestones: MilestoneOut[] }): Promise<ItemOut> {
    const row = { ...w.row, milestones: w.milestones, children: { n: 0, open: 0, progress: null } };
    return (await present(actor, [row], db, new Map([[row.id, w.milestones]])))[0]!;
  }

  async function getItem(actor: Actor, id: string, tx: Tx = db): Promise<ItemOut> {
    return (await present(actor, [await loadVisible(tx, actor, id)], tx))[0]!;
  }

  /**
   * 我的待办 as SQL, from the flow's own rules: the undertaking unit accepts what was assigned and reports what
   * it works on when this period's report is missing; the assigning side issues drafts, re-issues returned
   * items, decides close requests, extension requests and reviews pending reports.
   */
  function todoWhere(actor: Actor, only?: TodoKind, v: Hole = inline): SQL {
    const now = today();
    const want = (k: TodoKind) => !only || only === k;
    const sides: SQL[] = [];
    // Made only when used: a hole taken for a side that has nothing to do would be a value without its placeholder.
    const assignerSide = hasAnyRole(actor, SUPERVISING_ROLES)
      ? () => sql`true`
      : hasAnyRole(actor, ASSIGNEE_ROLES)
        ? () => eq(supervisedItems.assignerUnitId, v(actor.unitId))
        : null;
    if (assignerSide) {
      const conds: SQL[] = [];
      if (want('issue'))
        conds.push(inArray(supervisedItems.state, [...new Set([...RULES.assign.from, ...RULES.reassign.from])]));
      if (want('close')) conds.push(inArray(supervisedItems.state, [...RULES.close.from]));
      // Requests and reports wait only on open items: closing or cancelling an item takes it off every list.
      const open = inArray(supervisedItems.state, [...RULES.decideExtension.from]);
      if (want('extension'))
        conds.push(
          and(
            open,
            sql`EXISTS (SELECT 1 FROM extension_requests e WHERE e.item_id = supervised_items.id AND e.status = 'pending')`,
          )!,
        );
      if (want('review'))
        conds.push(
          and(
            open,
            sql`EXISTS (SELECT 1 FROM progress_reports r WHERE r.item_id = supervised_items.id AND r.review_status = 'pending')`,
          )!,
        );
      if (conds.length) sides.push(and(assignerSide(), or(...conds))!);
    }
    if (hasAnyRole(actor, ASSIGNEE_ROLES)) {
      const conds: SQL[] = [];
      if (want('accept')) conds.push(inArray(supervisedItems.state, [...RULES.accept.from]));
      const working = inArray(supervisedItems.state, [...RULES.report.from]);
      // This period's report is missing (an item without a cadence: no report yet at all).
      if (want('report'))
        conds.push(
          and(
            working,
            // The item's live reports' periods, kept on its row (`reported_periods`, migration 0052).
            sql`NOT CASE supervised_items.cadence
          WHEN 'weekly' THEN supervised_items.reported_periods @> ARRAY[${v(periodOf(now, 'weekly'))}::text]
          WHEN 'monthly' THEN supervised_items.reported_periods @> ARRAY[${v(periodOf(now, 'monthly'))}::text]
          WHEN 'quarterly' THEN supervised_items.reported_periods @> ARRAY[${v(periodOf(now, 'quarterly'))}::text]
          WHEN 'once' THEN supervised_items.reported_periods @> ARRAY['once']
          ELSE cardinality(supervised_items.reported_periods) > 0 END`,
          )!,
        );
      // Came back: the latest report was returned, or the latest close request was sent back and nothing was
      // reported or asked since.
      if (want('returned'))
        conds.push(
          and(
            working,
            or(
              sql`(SELECT r.review_status FROM progress_reports r WHERE r.item_id = supervised_items.id ORDER BY
                r.submitted_at DESC LIMIT 1) = 'returned'`,
              sql`(SELECT e.action FROM supervision_events e WHERE e.item_id = supervised_items.id AND e.action IN
                ('report', 'requestClose', 'reject') ORDER BY e.seq DESC LIMIT 1) = 'reject'`,
            ),
          )!,
        );
      if (conds.length) sides.push(and(eq(supervisedItems.assigneeUnitId, v(actor.unitId)), or(...conds))!);
    }
    // Every kind of to-do waits on an open item. Said with the states as literals, so that a plan made once (the
    // states of each side are holes) may still read the open items' partial indexes instead of a unit's whole
    // history: a clerk's unit of 336 tasks has 69 open (bench/RESULTS.md, issue 16).
    return sides.length ? and(sql`${supervisedItems.state} IN (${OPEN_STATES_SQL})`, or(...sides))! : sql`false`;
  }

  const SEVERITY_SQL = sql.raw(
    `CASE light ${Object.entries(LIGHT_SEVERITY)
      .map(([l, n]) => `WHEN '${l}' THEN ${n}`)
      .join(' ')} END`,
  );

  /**
   * Per key, the items of a module's own list (`pairs`: a query of item id and key, e.g. a project's milestones)
   * counted by light and state, and whether the caller sees them: what a module shows about many groups of items at
   * once without reading each item. Lights as the lists have them (stored, refreshed for today first).
   */
  async function lightCounts(
    actor: Actor,
    pairs: SQL,
  ): Promise<{ key: string; light: Light; state: SupervisionState; visible: boolean; n: number }[]> {
    await ensureLightsFresh(actor.jurisdictionId);
    const read = async () =>
      (
        await db.execute(sql`SELECT p.key::text AS key, ${supervisedItems.light} AS light,
          ${supervisedItems.state} AS state, (${visibleWhere(actor)}) AS visible, count(*)::int AS n,
          bool_or(${supervisedItems.lightOn} IS NULL OR ${supervisedItems.lightOn} < ${today()}::date) AS stale
        FROM (${pairs}) AS p(item_id, key) JOIN ${supervisedItems} ON ${supervisedItems.id} = p.item_id
        WHERE ${supervisedItems.jurisdictionId} = ${actor.jurisdictionId}
        GROUP BY 1, 2, 3, 4`)
      ).rows as { key: string; light: Light; state: SupervisionState; visible: boolean; n: number; stale: boolean }[];
    let rows = await read();
    // A refresh running elsewhere when this one looked: wait for it, then read again.
    if (rows.some((r) => r.stale)) {
      await refreshLights(actor.jurisdictionId);
      rows = await read();
    }
    return rows.map(({ stale: _s, ...r }) => ({ ...r, n: Number(r.n) }));
  }

  /** The lists' texts, one per shape (db/shapes.ts), and a number for each ledger's `own` columns. */
  const shapes = createShapeCache();
  const ownIds = new WeakMap<object, number>();
  const ownId = (own: object) => {
    let n = ownIds.get(own);
    if (n === undefined) ownIds.set(own, (n = ++ownCount));
    return n;
  };
  let ownCount = 0;

  /**
   * Lists items with filters, sorting and paging in SQL over the stored lights (made to hold today first). With
   * `own`, a ledger's own columns of each row (from its own table, joined by the item's id; or one SQL expression
   * over the row \`supervised_items\`, e.g. a json_build_object over several tables) come back from the same query,
   * in `own`, item by item; `closeRequests`: the pending close requests of the page's rows waiting for a
   * decision, read with it. Inside a transaction (`tx`) the stored lights are not refreshed first (that is a
   * transaction of its own); each row still shows its light derived for today, but a filter or sort by light reads
   * the stored ones.
   */
  /** A list's query (see listItems): its shape, the values of its holes, and the query itself. */
  function buildList(
    actor: Actor,
    f: ItemFilter & { own?: OwnColumns<unknown> | SQL },
    q: Tx | Db,
    shaped: boolean,
    whereFn: ((v: Hole) => SQL | undefined) | undefined,
  ) {
    const holes = new Holes();
    const v = shaped ? holes.v : inline;
    // An array as one parameter (not a list of them).
    const array = (xs: string[]) => (shaped ? holes.v(xs) : sql.param(xs));
    const present_ = (x: unknown) => (x === undefined ? '' : x === null ? 'null' : 'v');
    // Open states only (a unit's open or overdue tasks): said again with the states as literals, so that a plan made
    // once may read the open items' partial indexes (the states asked for are holes).
    const openOnly = !!f.states?.length && f.states.every(isOpen);
    const shape = shaped
      ? [
          visibleShape(actor),
          f.states?.length ?? 0,
          openOnly ? 'open' : '',
          f.lights?.length ?? 0,
          present_(f.unitId || undefined),
          present_(f.assigneeUnitId || undefined),
          present_(f.leaderId || undefined),
          present_(f.deadlineFrom || undefined),
          present_(f.deadlineTo || undefined),
          present_(f.startFrom || undefined),
          present_(f.startTo || undefined),
          present_(f.closedFrom || undefined),
          present_(f.closedTo || undefined),
          present_(f.overdueOn || undefined),
          f.ids === undefined ? '' : f.ids.length ? 'ids' : 'none',
          f.taskForceIds === undefined ? '' : f.taskForceIds.length ? 'tfs' : 'none',
          present_(f.parentId),
          f.todo === undefined || f.todo === false
            ? ''
            : `todo:${f.todo}:${hasAnyRole(actor, SUPERVISING_ROLES)}:${hasAnyRole(actor, ASSIGNEE_ROLES)}`,
          f.whereShape ?? '',
          f.sort ?? '',
          f.countApart ? 'apart' : '',
          f.own ? ownId(f.own) : '',
        ].join('|')
      : '';
    const conds: SQL[] = [visibleWhere(actor, v), eq(supervisedItems.kind, v(f.kind))];
    if (f.states?.length)
      conds.push(
        inArray(
          supervisedItems.state,
          f.states.map((x) => v(x)),
        ),
      );
    if (openOnly) conds.push(sql`${supervisedItems.state} IN (${OPEN_STATES_SQL})`);
    if (f.lights?.length)
      conds.push(
        inArray(
          supervisedItems.light,
          f.lights.map((x) => v(x)),
        ),
      );
    // `@>` (not `= ANY`) so the GIN index on co-units can answer it.
    if (f.unitId)
      conds.push(
        or(
          eq(supervisedItems.assigneeUnitId, v(f.unitId)),
          sql`${supervisedItems.coUnitIds} @> ARRAY[${v(f.unitId)}::uuid]`,
        )!,
      );
    if (f.assigneeUnitId) conds.push(eq(supervisedItems.assigneeUnitId, v(f.assigneeUnitId)));
    if (f.leaderId) conds.push(eq(supervisedItems.leadLeaderId, v(f.leaderId)));
    if (f.deadlineFrom) conds.push(sql`${supervisedItems.deadline} >= ${v(f.deadlineFrom)}`);
    if (f.deadlineTo) conds.push(sql`${supervisedItems.deadline} <= ${v(f.deadlineTo)}`);
    if (f.startFrom) conds.push(sql`${supervisedItems.startDate} >= ${v(f.startFrom)}::date`);
    if (f.startTo) conds.push(sql`${supervisedItems.startDate} <= ${v(f.startTo)}::date`);
    if (f.closedFrom || f.closedTo) conds.push(sql`${supervisedItems.state} = 'closed'`);
    if (f.closedFrom) conds.push(sql`${CLOSED_ON} >= ${v(f.closedFrom)}::date`);
    if (f.closedTo) conds.push(sql`${CLOSED_ON} <= ${v(f.closedTo)}::date`);
    // As weeklyFlow reckons a week: started by then, past its deadline then, and not closed by then.
    if (f.overdueOn)
      conds.push(
        sql`${supervisedItems.state} NOT IN ('draft', 'cancelled') AND ${supervisedItems.startDate} <= ${v(f.overdueOn)}::date
          AND ${supervisedItems.deadline} < ${v(f.overdueOn)}::date
          AND NOT (${supervisedItems.state} = 'closed' AND ${CLOSED_ON} <= ${v(f.overdueOn)}::date)`,
      );
    // One array parameter, not thousands of placeholders.
    if (f.ids) conds.push(f.ids.length ? sql`${supervisedItems.id} = ANY(${array(f.ids)}::uuid[])` : sql`false`);
    if (f.taskForceIds)
      conds.push(
        f.taskForceIds.length
          ? sql`${supervisedItems.taskForceId} = ANY(${array(f.taskForceIds)}::uuid[])`
          : sql`false`,
      );
    if (f.parentId !== undefined)
      conds.push(
        f.parentId === null ? sql`${supervisedItems.parentId} IS NULL` : eq(supervisedItems.parentId, v(f.parentId)),
      );
    if (f.todo) {
      conds.push(todoWhere(actor, f.todo === true ? undefined : f.todo, v));
      // A unit's to-do is planned once per connection: its two sides are index conditions on the unit (assigning,
      // undertaking) whatever the unit, and planning it for each request cost more than running it (bench/RESULTS.md,
      // issue 16). The office's to-do spans the county by state; its plan stays made for each request.
      if (!hasAnyRole(actor, SUPERVISING_ROLES)) conds.push(GENERIC_PLAN);
    }
    const ledgerWhere = whereFn ? whereFn(v) : (f.where as SQL | undefined);
    if (ledgerWhere) conds.push(ledgerWhere);
    const where = and(...conds);
    const whereValues = holes.values.length; // the count's values: the limit and offset come after
    const order =
      f.sort === 'light'
        ? [sql`${SEVERITY_SQL} DESC`, asc(supervisedItems.deadline), asc(supervisedItems.id)]
        : f.sort === 'created'
          ? [desc(supervisedItems.createdAt), asc(supervisedItems.id)]
          : [asc(supervisedItems.deadline), asc(supervisedItems.createdAt), asc(supervisedItems.id)];
    // The page's ids and the total in one pass (a window count over the matching rows' ids and sort keys alone),
    // then the page's rows and what they show: sorting whole rows to count them cost 13–17 ms for the office's
    // 5,000-task ledger, the narrow pass 7 (bench/RESULTS.md, issue 16). A page past the end asks for the count alone.
    // Holes of the page's bounds taken here, so that a kept text needs no query built at all (below).
    const limit = v(f.pageSize);
    const offset = v((f.page - 1) * f.pageSize);
    const pageOf = () =>
      q
        .select({
          id: supervisedItems.id,
          // The row's place, read again by the page's second pass (same query, same snapshot: the same row version)
          // as a TID scan: one buffer a row, not four for the primary key's descent and the heap.
          tid: sql<string>`"supervised_items"."ctid"`.as('tid'),
          total: (f.countApart ? sql<number>`NULL` : sql<number>`count(*) OVER ()::int`).as('total'),
        })
        .from(supervisedItems)
        .where(where)
        .orderBy(...order)
        .limit(limit)
        .offset(offset)
        .as('page');
    const own = f.own === undefined || is(f.own, SQL) ? undefined : f.own;
    const foundQuery = () => {
      const page = pageOf();
      const query = q
        .select({
          item: LIST_COLUMNS,
          ...EXTRAS,
          closeRequest: CLOSE_REQUEST,
          total: page.total,
          own: (own === undefined ? (f.own ?? sql`NULL`) : own.columns) as SQL | Record<string, AnyPgColumn>,
        })
        .from(page)
        .innerJoin(supervisedItems, sql`"supervised_items"."ctid" = "page"."tid"`)
        .$dynamic();
      if (own) query.innerJoin(own.table, eq(own.id, supervisedItems.id));
      return query.orderBy(...order);
    };
    return { shape, values: holes.values, whereValues, where, foundQuery };
  }

  type FoundRow = Awaited<ReturnType<ReturnType<typeof buildList>['foundQuery']>>[number];

  /** Kept list values by caller, filter and day (`listItems`), the oldest dropped past a bound. */
  const whereMemo = new Map<string, { shape: string; values: unknown[]; whereValues: number }>();
  function rememberWhere(key: string, b: { shape: string; values: unknown[]; whereValues: number }) {
    if (whereMemo.size >= 2000) whereMemo.delete(whereMemo.keys().next().value!);
    whereMemo.set(key, { shape: b.shape, values: b.values, whereValues: b.whereValues });
  }
  /**
   * What the list's conditions read: the caller's scope (jurisdiction, unit, person, roles, units led), every
   * field of the filter but the ledger's own columns and `where` (which says what it reads in `whereKey`), and the
   * day (the to-do's periods).
   */
  function memoKeyOf(actor: Actor, f: ItemFilter & { own?: unknown }): string {
    return JSON.stringify([
      actor.jurisdictionId,
      actor.unitId,
      actor.personId,
      actor.roles,
      actor.leaderUnitIds,
      today(),
      f.kind,
      f.states,
      f.lights,
      f.unitId,
      f.assigneeUnitId,
      f.leaderId,
      f.deadlineFrom,
      f.deadlineTo,
      f.startFrom,
      f.startTo,
      f.closedFrom,
      f.closedTo,
      f.overdueOn,
      f.whereShape,
      f.whereKey,
      f.todo,
      f.parentId,
      f.sort,
      f.countApart,
      f.page,
      f.pageSize,
      f.own === undefined ? '' : ownId(f.own as OwnColumns<unknown> | SQL),
    ]);
  }

  async function listItems(actor: Actor, f: ItemFilter, tx?: Tx): Promise<ItemPage>;
  async function listItems<Own>(
    actor: Actor,
    f: ItemFilter & { own: OwnColumns<Own> | SQL<Own> },
    tx?: Tx,
  ): Promise<ItemPage & { own: Own[] }>;
  async function listItems(
    actor: Actor,
    f: ItemFilter & { own?: OwnColumns<unknown> | SQL },
    tx?: Tx,
  ): Promise<ItemPage & { own?: unknown[] }> {
    if (!tx || tx === db) await ensureLightsFresh(actor.jurisdictionId);
    const q = tx ?? db;
    // On the pool, the query's text is built once per shape (db/shapes.ts): every value below goes through a hole
    // (`v`), and `shape` names all that decides the text. In a transaction, or with a ledger's `where` given as SQL
    // with its values, the text is built each time (`v` writes the values inline).
    const whereFn = typeof f.where === 'function' ? f.where : undefined;
    const shaped = q === db && (f.where === undefined || (whereFn !== undefined && f.whereShape !== undefined));
    // The same caller, filter and day ask for the same values: kept (with the shape) instead of building every
    // condition again with drizzle, about a tenth of node's time for a list request (bench/RESULTS.md, issue 16).
    // The key holds everything the conditions read; a ledger's own `where` says what it reads in `whereKey`.
    const memoKey =
      shaped && (whereFn === undefined || f.whereKey !== undefined) && !f.ids && !f.taskForceIds
        ? memoKeyOf(actor, f)
        : undefined;
    const memo = memoKey === undefined ? undefined : whereMemo.get(memoKey);
    const build = () => buildList(actor, f, q, shaped, whereFn);
    let built = memo === undefined ? build() : undefined;
    if (memoKey !== undefined && built !== undefined) rememberWhere(memoKey, built);
    // Under the tests, a kept entry must be what building it again gives.
    if (memo !== undefined && shapes.checking) {
      const fresh = build();
      if (fresh.shape !== memo.shape || !isDeepStrictEqual(fresh.values, memo.values))
        throw new Error(`list values kept for "${memoKey}" differ from the built ones`);
    }
    const shape = memo?.shape ?? built!.shape;
    const values = memo?.values ?? built!.values;
    const whereValues = memo?.whereValues ?? built!.whereValues;
    const found = shaped
      ? await shapes.run<FoundRow>(shape, () => (built ??= build()).foundQuery(), values)
      : await (built ??= build()).foundQuery();
    const count = async () => {
      const b = (built ??= build());
      const countQuery = () => q.select({ n: sql<number>`count(*)::int` }).from(supervisedItems).where(b.where);
      const rows = shaped
        ? await shapes.run<{ n: number }>(`${shape}|count`, countQuery, values.slice(0, whereValues))
        : await countQuery();
      return rows[0]?.n ?? 0;
    };
    const total = f.countApart
      ? found.length > 0 && found.length < f.pageSize
        ? (f.page - 1) * f.pageSize + found.length // the last page: nothing to count
        : await count()
      : (found[0]?.total ?? (f.page > 1 ? await count() : 0));
    // Object.assign onto the fresh row, not `{ ...item, ...x }`: V8 makes a new hidden class for every object
    // spread and then extended, which cost ~1 µs per row here (and ~10 µs with ten more properties).
    const items = await present(
      actor,
      found.map((r) => Object.assign(r.item, { milestones: r.milestones, children: r.children })),
      q,
    );
    // Every row asking to close, with or without its request's event (rows written by an import or by SQL may have
    // none): read in the same snapshot, so there is nothing more to look up for any of them.
    const closeRequests = new Map<string, CloseRequestRow | null>();
    for (const r of found) if (r.item.state === 'close_requested') closeRequests.set(r.item.id, r.closeRequest);
    return f.own ? { items, own: found.map((r) => r.own), total, closeRequests } : { items, total, closeRequests };
  }

  /**
   * Counts of the caller's visible items of a kind by lead unit and light, with how many are open past their
   * deadline (the cockpit's figures; the same scoping and stored lights as the lists they link to).
   */
  /**
   * Week by week, for the caller's visible items of a kind (drafts and cancelled items left out): how many were
   * opened (started) in the week, closed in it, and overdue at its end (or today, for the current week) — past the
   * deadline and not closed by then, the same rule as `periodSummary`. `firstMonday` starts the first week. One
   * query reads the three dates of the items that can count in any of the weeks (started or closed in them, or past
   * their deadline by the last week's end); the weeks are counted from those dates here (the cockpit's trend chart).
   */
  async function weeklyFlow(
    actor: Actor,
    kind: string,
    firstMonday: IsoDate,
    weeks: number,
  ): Promise<{ week: IsoDate; opened: number; closed: number; overdue: number }[]> {
    const now = today();
    const lastSunday = addDays(firstMonday, 7 * weeks - 1);
    const lastAsOf = lastSunday < now ? lastSunday : now;
    const closedOn = CLOSED_ON;
    const isClosed = sql`${supervisedItems.state} = 'closed'`;
    // Days from the first Monday (integers compare and divide cheaply): start, deadline, and the closing day if closed.
    const rows = await db
      .select({
        s: sql<number>`(${supervisedItems.startDate} - ${firstMonday}::date)`,
        d: sql<number>`(${supervisedItems.deadline} - ${firstMonday}::date)`,
        c: sql<number | null>`CASE WHEN ${isClosed} THEN ${closedOn} - ${firstMonday}::date END`,
      })
      .from(supervisedItems)
      .where(
        and(
          visibleWhere(actor),
          eq(supervisedItems.kind, kind),
          sql`${supervisedItems.state} NOT IN ('draft', 'cancelled')`,
          sql`${supervisedItems.startDate} <= ${lastSunday}::date`,
          sql`NOT (${isClosed} AND ${closedOn} < ${firstMonday}::date)`,
          sql`(${supervisedItems.startDate} >= ${firstMonday}::date OR ${isClosed} OR ${supervisedItems.deadline} < ${lastAsOf}::date)`,
        ),
      );
    const out = Array.from({ length: weeks }, (_, w) => ({
      week: addDays(firstMonday, 7 * w),
      opened: 0,
      closed: 0,
      overdue: 0,
    }));
    // Each week's day of reckoning: its Sunday, or today for the current week.
    const nowDay = daysBetween(firstMonday, now);
    const asOfs = out.map((_, w) => Math.min(7 * w + 6, nowDay));
    for (const r of rows) {
      const o = Math.floor(r.s / 7);
      if (o >= 0 && o < weeks) out[o]!.opened++;
      if (r.c !== null) {
        const c = Math.floor(r.c / 7);
        if (c >= 0 && c < weeks) out[c]!.closed++;
      }
      for (let w = 0; w < weeks; w++) {
        const a = asOfs[w]!;
        if (r.s <= a && r.d < a && !(r.c !== null && r.c <= a)) out[w]!.overdue++;
      }
    }
    return out;
  }

  async function summarize(
    actor: Actor,
    kind: string,
  ): Promise<{ unitId: string; light: Light; count: number; overdue: number }[]> {
    await ensureLightsFresh(actor.jurisdictionId);
    const read = () =>
      db
        .select({
          unitId: supervisedItems.assigneeUnitId,
          light: supervisedItems.light,
          count: sql<number>`count(*)::int`,
          overdue: sql<number>`(count(*) FILTER (WHERE ${supervisedItems.deadline} < ${today()}::date
            AND ${supervisedItems.state} IN (${OPEN_STATES_SQL}) AND ${supervisedItems.state} <> 'draft'))::int`,
          stale: sql<boolean>`bool_or(${supervisedItems.lightOn} IS NULL OR ${supervisedItems.lightOn} < ${today()}::date)`,
        })
        .from(supervisedItems)
        .where(and(visibleWhere(actor), eq(supervisedItems.kind, kind)))
        .groupBy(supervisedItems.assigneeUnitId, supervisedItems.light);
    let rows = await read();
    // A refresh running elsewhere when this one looked (the cockpit asks for several slices at once, each making
    // sure of today's lights): counted by the stored lights it would be yesterday's. Wait for it, then read again.
    if (rows.some((r) => r.stale)) {
      await refreshLights(actor.jurisdictionId);
      rows = await read();
    }
    return rows.map(({ stale: _s, ...r }) => ({ ...r, light: r.light as Light }));
  }

  /**
   * The figures of a period (Beijing dates, inclusive) for the caller's visible items of a kind, by lead unit:
   * in hand (issued, started by the end and not closed before the start), closed in the period, of which on
   * time (closed on or before the deadline), and overdue as of the period's end or today if earlier (past the
   * deadline and not closed by then); with the overdue items themselves. Cancelled and draft items do not count.
   * The cockpit's period view and the bulletins read these; nothing else counts them.
   */
  async function periodSummary(actor: Actor, kind: string, from: IsoDate, to: IsoDate) {
    const asOf = [to, today()].sort()[0]!;
    const closedOn = sql`(${supervisedItems.closedAt} at time zone 'Asia/Shanghai')::date`;
    const isClosed = sql`${supervisedItems.state} = 'closed'`;
    const overdueWhere = sql`${supervisedItems.deadline} < ${asOf}::date AND NOT (${isClosed} AND ${closedOn} <= ${asOf}::date)`;
    const base = and(
      visibleWhere(actor),
      eq(supervisedItems.kind, kind),
      sql`${supervisedItems.state} NOT IN ('draft', 'cancelled')`,
      sql`${supervisedItems.startDate} <= ${to}::date`,
      sql`NOT (${isClosed} AND ${closedOn} < ${from}::date)`,
    );
    const rows = await db
      .select({
        unitId: supervisedItems.assigneeUnitId,
        total: sql<number>`count(*)::int`,
        closed: sql<number>`(count(*) FILTER (WHERE ${isClosed} AND ${closedOn} BETWEEN ${from}::date AND ${to}::date))::int`,
        closedOnTime: sql<number>`(count(*) FILTER (WHERE ${isClosed} AND ${closedOn} BETWEEN ${from}::date AND ${to}::date
          AND ${closedOn} <= ${supervisedItems.deadline}))::int`,
        overdue: sql<number>`(count(*) FILTER (WHERE ${overdueWhere}))::int`,
      })
      .from(supervisedItems)
      .where(base)
      .groupBy(supervisedItems.assigneeUnitId);
    const overdueItems = await db
      .select({
        id: supervisedItems.id,
        title: supervisedItems.title,
        unitId: supervisedItems.assigneeUnitId,
        deadline: supervisedItems.deadline,
        progress: supervisedItems.progress,
        leadLeaderId: supervisedItems.leadLeaderId,
      })
      .from(supervisedItems)
      .where(and(base, overdueWhere))
      .orderBy(asc(supervisedItems.deadline), asc(supervisedItems.id));
    return {
      from,
      to,
      asOf,
      byUnit: rows,
      overdueItems: overdueItems.map((i) => ({ ...i, daysOverdue: daysBetween(i.deadline, asOf) })),
    };
  }

  async function events(actor: Actor, id: string) {
    await loadVisible(db, actor, id);
    const rows = await db
      .select()
      .from(supervisionEvents)
      .where(eq(supervisionEvents.itemId, id))
      .orderBy(asc(supervisionEvents.seq));
    const names = await deps.org.actorNames(rows.map((r) => r.actorPersonId).filter((x): x is string => !!x));
    return rows.map((r) => ({
      seq: r.seq,
      at: r.at.toISOString(),
      action: r.action,
      fromState: r.fromState,
      toState: r.toState,
      actorPersonId: r.actorPersonId,
      actorName: r.actorPersonId ? (names.get(r.actorPersonId) ?? null) : null,
      actorUnitId: r.actorUnitId,
      reason: r.reason,
      data: r.data,
    }));
  }

  async function reports(actor: Actor, id: string) {
    await loadVisible(db, actor, id);
    const rows = await db
      .select()
      .from(progressReports)
      .where(eq(progressReports.itemId, id))
      .orderBy(desc(progressReports.submittedAt));
    const out = [];
    for (const r of rows) out.push(reportOut(r, (await deps.org.accountById(r.submittedBy))?.displayName ?? null));
    return out;
  }

  function reportOut(r: typeof progressReports.$inferSelect, submittedByName: string | null) {
    return {
      id: r.id,
      period: r.period,
      progress: r.progress,
      text: r.text,
      problems: r.problems,
      nextSteps: r.nextSteps,
      lateDays: r.late,
      submittedBy: r.submittedBy,
      submittedByName,
      submittedAt: r.submittedAt.toISOString(),
      reviewStatus: r.reviewStatus as 'pending' | 'accepted' | 'returned',
      reviewComment: r.reviewComment,
      reviewedAt: r.reviewedAt?.toISOString() ?? null,
    };
  }

  async function extensions(actor: Actor, id: string) {
    await loadVisible(db, actor, id);
    const rows = await db
      .select()
      .from(extensionRequests)
      .where(eq(extensionRequests.itemId, id))
      .orderBy(desc(extensionRequests.requestedAt));
    return rows.map((r) => ({
      id: r.id,
      oldDeadline: r.oldDeadline,
      requestedDeadline: r.requestedDeadline,
      reason: r.reason,
      status: r.status as 'pending' | 'approved' | 'refused',
      requestedAt: r.requestedAt.toISOString(),
      decidedAt: r.decidedAt?.toISOString() ?? null,
      decisionNote: r.decisionNote,
    }));
  }

  /** The latest report of each item (for ledger exports' 进展情况 column). */
  async function latestReports(ids: string[]) {
    if (ids.length === 0) return new Map<string, { text: string; submittedAt: Date; progress: number }>();
    const rows = await db
      .selectDistinctOn([progressReports.itemId], {
        itemId: progressReports.itemId,
        text: progressReports.text,
        submittedAt: progressReports.submittedAt,
        progress: progressReports.progress,
      })
      .from(progressReports)
      .where(
        and(
          sql`${progressReports.itemId} = ANY(${sql.param(ids)}::uuid[])`,
          sql`${progressReports.reviewStatus} <> 'returned'`,
        ),
      )
      .orderBy(progressReports.itemId, desc(progressReports.submittedAt));
    return new Map(rows.map((r) => [r.itemId, r]));
  }

  /**
   * 预测: when each of these items will be done at the pace of its reports (`forecastTask`, on the one trajectory of
   * the light), with what it takes per reporting period. Reads the reports in force and the closing day in one query.
   * The caller passes items it has read through the core (so scoped to what it may see).
   */
  async function forecasts(
    items: readonly Pick<ItemOut, 'id' | 'state' | 'startDate' | 'deadline' | 'cadence'>[],
    tx: Tx = db,
    /** Items just written: no reports, not closed (nothing to read). */
    fresh = false,
  ): Promise<Map<string, TaskForecast>> {
    const out = new Map<string, TaskForecast>();
    const judged = items.filter((i) => i.state !== 'draft' && i.state !== 'cancelled');
    if (judged.length === 0) return out;
    const ids = judged.map((i) => i.id);
    // Plain SQL over the items' own rows (CLOSED_ON names the table's column as supervised_items).
    const { rows } = fresh
      ? { rows: [] }
      : await tx.execute(sql`SELECT supervised_items.id::text AS id, ${CLOSED_ON}::text AS closed_on,
        COALESCE((SELECT json_agg(json_build_array((r.submitted_at at time zone 'Asia/Shanghai')::date::text,
          r.progress) ORDER BY r.submitted_at)
          FROM progress_reports r WHERE r.item_id = supervised_items.id AND r.review_status <> 'returned'), '[]'::json) AS points
      FROM supervised_items WHERE supervised_items.id = ANY(${sql.param(ids)}::uuid[])`);
    const byId = new Map(
      (rows as { id: string; closed_on: string | null; points: [string, number][] }[]).map((r) => [r.id, r]),
    );
    const now = today();
    for (const i of judged) {
      const r = byId.get(i.id);
      out.set(
        i.id,
        forecastTask({
          start: i.startDate,
          deadline: i.deadline,
          today: now,
          points: (r?.points ?? []).map(([date, progress]) => ({ date, progress })),
          closedOn: i.state === 'closed' ? (r?.closed_on ?? now) : null,
          periodDays: i.cadence ? CADENCE_DAYS[i.cadence as CadenceKind] : null,
        }),
      );
    }
    return out;
  }

  /**
   * The pending close request of each of these items that waits for a decision (state close_requested): the
   * unit's 办结说明, its evidence ids, who asked and when — from the request's own event.
   */
  async function closeRequestsOf(ids: string[], tx: Tx = db, known?: Map<string, CloseRequestRow | null>) {
    const out = new Map<
      string,
      {
        summary: string | null;
        attachmentIds: string[];
        at: string;
        byPersonId: string | null;
        byName: string | null;
        byUnitId: string | null;
      }
    >();
    if (ids.length === 0) return out;
    const describe = async (itemId: string, r: CloseRequestRow) => {
      const data = (r.data ?? {}) as { summary?: string | null; attachmentIds?: string[] };
      const person = r.by ? await deps.org.accountById(r.by) : null;
      out.set(itemId, {
        summary: data.summary ?? null,
        attachmentIds: data.attachmentIds ?? [],
        at: new Date(r.at).toISOString(),
        byPersonId: r.by,
        byName: person?.displayName ?? null,
        byUnitId: r.unit,
      });
    };
    if (known && ids.every((id) => known.has(id))) {
      for (const id of ids) {
        const r = known.get(id);
        if (r) await describe(id, r);
      }
      return out;
    }
    const query = (idsParam: unknown) =>
      tx
        .selectDistinctOn([supervisionEvents.itemId], {
          itemId: supervisionEvents.itemId,
          at: supervisionEvents.at,
          data: supervisionEvents.data,
          by: supervisionEvents.actorPersonId,
          unit: supervisionEvents.actorUnitId,
        })
        .from(supervisionEvents)
        .innerJoin(supervisedItems, eq(supervisedItems.id, supervisionEvents.itemId))
        .where(
          and(
            sql`${supervisionEvents.itemId} = ANY(${idsParam}::uuid[])`,
            eq(supervisedItems.state, 'close_requested'),
            eq(supervisionEvents.action, 'requestClose'),
            // Read with each page that shows a request: an index lookup by item whatever the ids, planned once.
            GENERIC_PLAN,
          ),
        )
        .orderBy(supervisionEvents.itemId, desc(supervisionEvents.seq));
    // On the pool, its text kept once (db/shapes.ts): the ids are its one value.
    const holes = new Holes();
    const rows =
      tx === db
        ? await shapes.run<Awaited<ReturnType<typeof query>>[number]>('close-requests', () => query(holes.v(ids)), [
            ids,
          ])
        : await query(sql.param(ids));
    for (const r of rows) await describe(r.itemId, r);
    return out;
  }

  /**
   * Reports waiting for the caller's review (进展待审核): pending reports of open items of a kind on which the
   * caller is the assigning side — the office and principals all, a unit those of the items it assigned (its
   * sub-tasks). Oldest first, paged in SQL over the pending reports' partial index.
   */
  async function reportsToReview(actor: Actor, kind: string, page: number, pageSize: number) {
    const assignerSide = hasAnyRole(actor, SUPERVISING_ROLES)
      ? sql`true`
      : hasAnyRole(actor, ASSIGNEE_ROLES)
        ? eq(supervisedItems.assignerUnitId, actor.unitId)
        : sql`false`;
    const rows = await db
      .select({
        r: progressReports,
        title: supervisedItems.title,
        unitId: supervisedItems.assigneeUnitId,
        state: supervisedItems.state,
        cadence: supervisedItems.cadence,
        total: sql<number>`count(*) OVER ()::int`,
      })
      .from(progressReports)
      .innerJoin(supervisedItems, eq(supervisedItems.id, progressReports.itemId))
      .where(
        and(
          eq(progressReports.reviewStatus, 'pending'),
          visibleWhere(actor),
          eq(supervisedItems.kind, kind),
          inArray(supervisedItems.state, [...RULES.decideExtension.from]),
          assignerSide,
        ),
      )
      .orderBy(asc(progressReports.submittedAt), asc(progressReports.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize);
    const names = new Map<string, string | null>();
    for (const id of new Set(rows.map((x) => x.r.submittedBy)))
      names.set(id, (await deps.org.accountById(id))?.displayName ?? null);
    return {
      total: rows[0]?.total ?? 0,
      items: rows.map(({ r, title, unitId, state }) => ({
        ...reportOut(r, names.get(r.submittedBy) ?? null),
        item: { id: r.itemId, title, assigneeUnitId: unitId, state: state as SupervisionState },
      })),
    };
  }

  /**
   * How much of each kind of to-do the caller has, with the overdue open items and the reports awaiting review: one
   * query over the caller's to-do items (the home's board asks for lists only of the kinds that have any).
   */
  async function todoCounts(actor: Actor, kind: string): Promise<Record<TodoKind | 'overdue' | 'reports', number>> {
    const now = today();
    const count = (c: SQL) => sql<number>`(count(*) FILTER (WHERE ${c}))::int`;
    const overdue = sql`${supervisedItems.state} IN ('assigned', 'accepted', 'in_progress', 'close_requested')
      AND ${supervisedItems.deadline} < ${now}::date`;
    const [row] = await db
      .select({
        ...Object.fromEntries(TODO_KINDS.map((k) => [k, count(todoWhere(actor, k))])),
        overdue: count(overdue),
      } as Record<TodoKind | 'overdue', SQL<number>>)
      .from(supervisedItems)
      .where(and(visibleWhere(actor), eq(supervisedItems.kind, kind), or(todoWhere(actor), overdue)));
    const reports = (await reportsToReview(actor, kind, 1, 1)).total;
    return { ...(row as Record<TodoKind | 'overdue', number>), reports };
  }

  /** The item a report belongs to (for a batch naming reports only); null when there is no such report. */
  async function itemOfReport(reportId: string): Promise<string | null> {
    const [r] = await db
      .select({ itemId: progressReports.itemId })
      .from(progressReports)
      .where(eq(progressReports.id, reportId));
    return r?.itemId ?? null;
  }

  /** Every item of a kind in a jurisdiction that was not cancelled, in brief: for an import to recognise its rows. */
  async function itemHeads(tx: Tx, jurisdictionId: string, kind: string) {
    return tx
      .select({
        id: supervisedItems.id,
        title: supervisedItems.title,
        assigneeUnitId: supervisedItems.assigneeUnitId,
        state: supervisedItems.state,
        version: supervisedItems.version,
      })
      .from(supervisedItems)
      .where(
        and(
          eq(supervisedItems.jurisdictionId, jurisdictionId),
          eq(supervisedItems.kind, kind),
          sql`${supervisedItems.state} <> 'cancelled'`,
        ),
      );
  }

  async function rawItem(tx: Tx, actor: Actor, id: string) {
    return loadVisible(tx, actor, id);
  }

  /** The states in which overdue work climbs: issued and not yet handed back for closing. */
  const CLIMBING: SupervisionState[] = ['assigned', 'accepted', 'in_progress'];

  /**
   * Escalation that climbs (src/shared/domain/escalation.ts): every open item past its deadline takes the steps it
   * has reached and not yet taken for that deadline, each once — an `escalate` event on its timeline and a notice.
   * Idempotent: the steps taken are read under the item's row lock, so a second run (or instance) takes none again.
   * Blockers climb their own ladder of leaders (the projects module's `escalateDue`).
   */
  async function runEscalations(
    jurisdictionId: string,
    rule: EscalationRule = DEFAULT_ESCALATION,
  ): Promise<{ told: number; notices: number; listed: number }> {
    const out = { told: 0, notices: 0, listed: 0 };
    const now = today();
    const cal = await deps.calendar.calendarFor(jurisdictionId);
    const late = await db
      .select({ id: supervisedItems.id, deadline: supervisedItems.deadline })
      .from(supervisedItems)
      .where(
        and(
          eq(supervisedItems.jurisdictionId, jurisdictionId),
          inArray(supervisedItems.state, CLIMBING),
          lt(supervisedItems.deadline, now),
          // Blockers climb their own ladder of leaders; an agreement's commitments are followed by their 履约率, and
          // an overdue county commitment raises a blocker for its 包联 leader (which then climbs): neither is a
          // unit's overdue work for the 督办单 and the principals' 挂牌督办 list.
          notInArray(supervisedItems.kind, ['blocker', 'commitment']),
        ),
      );
    if (late.length === 0) return out;
    // The steps already taken, read once for all (the transaction below reads them again under the lock).
    const takenAll = await stepsTaken(
      db,
      late.map((l) => l.id),
    );
    const principals = await deps.org.peopleWithRole(jurisdictionId, 'principal');
    const office = await deps.org.peopleWithRole(jurisdictionId, 'supervision_office');
    for (const l of late) {
      const reached = escalationReached(l.deadline, now, cal, rule);
      if (escalationDue(takenAll.get(`${l.id}:${l.deadline}`) ?? [], reached).length === 0) continue;
      await db.transaction(async (tx) => {
        await tx.execute(sql`SELECT 1 FROM ${supervisedItems} WHERE id = ${l.id} FOR UPDATE`);
        const [item] = await tx.select().from(supervisedItems).where(eq(supervisedItems.id, l.id));
        if (!item || !CLIMBING.includes(item.state as SupervisionState) || item.deadline >= now) return;
        const taken = (await stepsTaken(tx, [item.id])).get(`${item.id}:${item.deadline}`) ?? [];
        const steps = escalationDue(taken, escalationReached(item.deadline, now, cal, rule));
        if (steps.length === 0) return;
        const days = workingDaysBetween(item.deadline, now, cal);
        const label = KIND_LABEL[item.kind] ?? '督办事项';
        const clerks = await deps.org.peopleInUnits(
          jurisdictionId,
          [item.assigneeUnitId],
          ['unit_clerk', 'unit_admin'],
          tx,
        );
        // The unit's head: its 单位管理员 account where it has one, else those who act for it.
        const heads = await deps.org.peopleInUnits(jurisdictionId, [item.assigneeUnitId], ['unit_admin'], tx);
        const leaders = [
          ...(await deps.org.leadersOf(item.assigneeUnitId, tx)),
          ...(item.leadLeaderId ? [item.leadLeaderId] : []),
        ];
        const base = { jurisdictionId, itemId: item.id, link: linkOf(item) };
        for (const step of steps) {
          const n = escalationNotice(step, item, label, days, rule);
          const recipients =
            step === 1
              ? [...clerks, ...leaders]
              : step === 2
                ? [...(heads.length ? heads : clerks), ...leaders, ...office]
                : [...principals, ...leaders, ...(heads.length ? heads : clerks), ...office];
          await tx.insert(supervisionEvents).values({
            itemId: item.id,
            action: 'escalate',
            fromState: item.state,
            toState: item.state,
            reason: n.reason,
            data: { step, deadline: item.deadline, on: now, lateWorkingDays: days, automatic: true },
          });
          await deps.notifications.notify(tx, {
            ...base,
            recipients: [...new Set(recipients)],
            kind: n.kind,
            title: n.title,
            body: n.body,
            // Step 1 keeps the key the overdue notice always had: an upgraded server does not tell anyone twice.
            dedupeKey:
              step === 1 ? `overdue:${item.id}:${item.deadline}` : `escalate:${item.id}:${item.deadline}:${step}`,
          });
          if (step === 1) out.told++;
          else if (step === 2) out.notices++;
          else out.listed++;
        }
      });
    }
    return out;
  }

  function escalationNotice(step: EscalationStep, item: ItemRow, label: string, days: number, rule: EscalationRule) {
    if (step === 1)
      return {
        kind: 'overdue',
        title: `【${label}逾期】${item.title}`,
        body: `完成时限 ${item.deadline}，已逾期 ${days} 个工作日，请尽快办理。逾期 ${rule.noticeAfter} 个工作日将发督办单。`,
        reason: `已过完成时限 ${item.deadline}：提醒承办单位及分管领导`,
      };
    if (step === 2)
      return {
        kind: 'supervision_notice',
        title: `【督办单】${item.title}`,
        body: `完成时限 ${item.deadline}，已逾期 ${days} 个工作日仍未办结，现予督办。请单位主要负责人亲自过问，限期办结并报告办理情况；逾期 ${rule.listAfter} 个工作日将提请主要领导挂牌督办。`,
        reason: `逾期 ${days} 个工作日：督办单送单位主要负责人及分管领导`,
      };
    return {
      kind: 'listed',
      title: `【挂牌督办】${item.title}`,
      body: `完成时限 ${item.deadline}，已逾期 ${days} 个工作日仍未办结，列入主要领导挂牌督办。`,
      reason: `逾期 ${days} 个工作日：列入主要领导挂牌督办`,
    };
  }

  /** Escalation steps taken, by `itemId:deadline` (the steps belong to the deadline they climbed from). */
  async function stepsTaken(tx: Tx | Db, ids: string[]): Promise<Map<string, number[]>> {
    const out = new Map<string, number[]>();
    if (ids.length === 0) return out;
    const rows = await tx
      .select({ itemId: supervisionEvents.itemId, data: supervisionEvents.data })
      .from(supervisionEvents)
      .where(and(inArray(supervisionEvents.itemId, ids), eq(supervisionEvents.action, 'escalate')));
    for (const r of rows) {
      const d = r.data as { step?: number; deadline?: string } | null;
      if (!d?.step || !d.deadline) continue;
      const k = `${r.itemId}:${d.deadline}`;
      out.set(k, [...(out.get(k) ?? []), d.step]);
    }
    return out;
  }

  /**
   * 挂牌督办: the open items the caller sees that climbed to the principals for their deadline in force, the
   * longest overdue first, with the day they were listed.
   */
  async function listedItems(actor: Actor, limit = 50) {
    const listedOn = sql<string>`(SELECT max(e.data->>'on') FROM supervision_events e WHERE e.item_id = ${supervisedItems.id}
      AND e.action = 'escalate' AND e.data->>'step' = '3' AND e.data->>'deadline' = ${supervisedItems.deadline}::text)`;
    const where = and(visibleWhere(actor), inArray(supervisedItems.state, CLIMBING), sql`${listedOn} IS NOT NULL`);
    const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(supervisedItems).where(where);
    const rows = await db
      .select({ item: supervisedItems, listedOn })
      .from(supervisedItems)
      .where(where)
      .orderBy(asc(supervisedItems.deadline), asc(supervisedItems.id))
      .limit(limit);
    return {
      total: count?.n ?? 0,
      items: rows.map((r) => ({ ...r.item, listedOn: r.listedOn })),
    };
  }

  /** Items of a kind still climbing whose deadline has passed (for a ledger with a ladder of its own: blockers). */
  async function overdueOfKind(jurisdictionId: string, kind: string) {
    return db
      .select({
        id: supervisedItems.id,
        version: supervisedItems.version,
        deadline: supervisedItems.deadline,
        leadLeaderId: supervisedItems.leadLeaderId,
      })
      .from(supervisedItems)
      .where(
        and(
          eq(supervisedItems.jurisdictionId, jurisdictionId),
          eq(supervisedItems.kind, kind),
          inArray(supervisedItems.state, CLIMBING),
          lt(supervisedItems.deadline, today()),
        ),
      );
  }

  /**
   * A 催办 the system makes itself (a blocker climbing when its level's deadline passes): the same event and notice
   * as the assigning side's, with no person acting. Returns false when the item is no longer as the caller read it.
   */
  async function systemUrge(
    tx: Tx,
    id: string,
    version: number,
    payload: { reason: string; data: Record<string, unknown>; set?: Partial<ItemRow> },
  ): Promise<boolean> {
    await tx.execute(sql`SELECT 1 FROM ${supervisedItems} WHERE id = ${id} FOR UPDATE`);
    const [item] = await tx.select().from(supervisedItems).where(eq(supervisedItems.id, id));
    if (!item || item.version !== version || !RULES.urge.from.includes(item.state as SupervisionState)) return false;
    await bump(tx, id, version, payload.set ?? {});
    await tx.insert(supervisionEvents).values({
      itemId: id,
      action: 'urge',
      fromState: item.state,
      toState: item.state,
      reason: payload.reason,
      data: { ...payload.data, automatic: true },
    });
    const [after] = await tx.select().from(supervisedItems).where(eq(supervisedItems.id, id));
    await notifyTransition(tx, after!, 'urge', null, payload.reason);
    return true;
  }

  return {
    runEscalations,
    listedItems,
    systemUrge,
    overdueOfKind,
    sidesOf,
    runReminders,
    latestReports,
    forecasts,
    itemHeads,
    closeRequestsOf,
    reportsToReview,
    todoCounts,
    itemOfReport,
    createItem,
    createWritten,
    presentNew,
    createMany,
    editItem,
    act,
    report,
    reportByKey,
    reviewReport,
    requestExtension,
    decideExtension,
    replan,
    getItem,
    listItems,
    lightCounts,
    summarize,
    weeklyFlow,
    periodSummary,
    events,
    reports,
    extensions,
    rawItem,
    today,
    milestonesOf,
    setMilestones,
    completeMilestone,
    refreshLights,
    invalidateJurisdictionLights,
  };
}

/**
 * What scoring (考核) reads for a period (Beijing dates, inclusive), all recorded facts and no totals: the
 * jurisdiction's issued items that were closed in it or were past their deadline during it, the urgings,
 * notices, returned reports and extension decisions made in it, and the reports submitted late in it.
 */
export async function scoringFacts(tx: Tx, jurisdictionId: string, from: IsoDate, to: IsoDate) {
  const day = (c: SQL | AnyPgColumn) => sql`(${c} at time zone 'Asia/Shanghai')::date`;
  const inItems = eq(supervisedItems.jurisdictionId, jurisdictionId);
  const items = await tx
    .select({
      id: supervisedItems.id,
      title: supervisedItems.title,
      kind: supervisedItems.kind,
      unitId: supervisedItems.assigneeUnitId,
      state: supervisedItems.state,
      deadline: supervisedItems.deadline,
      closedOn: sql<string | null>`${day(supervisedItems.closedAt)}::text`,
    })
    .from(supervisedItems)
    .where(
      and(
        inItems,
        sql`${supervisedItems.state} not in ('draft', 'cancelled')`,
        or(
          sql`${day(supervisedItems.closedAt)} between ${from} and ${to}`,
          and(
            sql`${supervisedItems.deadline} < ${to}`,
            or(isNull(supervisedItems.closedAt), sql`${day(supervisedItems.closedAt)} > ${from}`),
          ),
        ),
      ),
    );
  const events = await tx
    .select({
      seq: supervisionEvents.seq,
      itemId: supervisionEvents.itemId,
      itemKind: supervisedItems.kind,
      action: supervisionEvents.action,
      on: sql<string>`${day(supervisionEvents.at)}::text`,
      data: supervisionEvents.data,
      title: supervisedItems.title,
      unitId: supervisedItems.assigneeUnitId,
    })
    .from(supervisionEvents)
    .innerJoin(supervisedItems, eq(supervisedItems.id, supervisionEvents.itemId))
    .where(
      and(
        inItems,
        inArray(supervisionEvents.action, ['urge', 'notice', 'returnReport', 'decideExtension']),
        sql`${day(supervisionEvents.at)} between ${from} and ${to}`,
      ),
    );
  const lateReports = await tx
    .select({
      id: progressReports.id,
      itemId: progressReports.itemId,
      itemKind: supervisedItems.kind,
      period: progressReports.period,
      lateDays: progressReports.late,
      on: sql<string>`${day(progressReports.submittedAt)}::text`,
      title: supervisedItems.title,
      unitId: supervisedItems.assigneeUnitId,
    })
    .from(progressReports)
    .innerJoin(supervisedItems, eq(supervisedItems.id, progressReports.itemId))
    .where(
      and(
        inItems,
        sql`${progressReports.late} > 0`,
        sql`${day(progressReports.submittedAt)} between ${from} and ${to}`,
      ),
    );
  return { items, events, lateReports };
}

/**
 * What the supervision core asked of units in [from, to] (减负, src/shared/domain/burden.ts): every item issued by
 * `to` and not ended before `from` — its kind, title, units, asker, cadence, when it was issued, first answered
 * (签收) and ended — and the urgings (催办, told overdue) and 督办单 its unit received in the period.
 */
export async function burdenFacts(db: Db, jurisdictionId: string, from: IsoDate, to: IsoDate) {
  const day = (c: SQL) => sql`(${c} at time zone 'Asia/Shanghai')::date`;
  const items = (
    await db.execute(sql`SELECT i.id, i.kind, i.title, i.assignee_unit_id AS "unitId", i.co_unit_ids AS "coUnitIds",
        i.assigner_unit_id AS "assignerUnitId", i.cadence, i.deadline::text AS deadline, i.state,
        coalesce((SELECT ${day(sql`min(e.at)`)} FROM supervision_events e WHERE e.item_id = i.id AND e.action =
          'assign'), i.start_date)::text AS "assignedOn",
        (SELECT ${day(sql`min(e.at)`)} FROM supervision_events e WHERE e.item_id = i.id AND e.action = 'accept')::text AS "acceptedOn",
        CASE WHEN i.state = 'closed' THEN ${day(sql`i.closed_at`)}::text
          WHEN i.state = 'cancelled' THEN (SELECT ${day(sql`max(e.at)`)} FROM supervision_events e WHERE e.item_id =
            i.id AND e.action = 'cancel')::text
        END AS "endedOn"
      FROM supervised_items i
      WHERE i.jurisdiction_id = ${jurisdictionId} AND i.state <> 'draft' AND i.start_date <= ${to}::date
        AND (i.closed_at IS NULL OR ${day(sql`i.closed_at`)} >= ${from}::date)`)
  ).rows as {
    id: string;
    kind: string;
    title: string;
    unitId: string;
    coUnitIds: string[];
    assignerUnitId: string;
    cadence: CadenceKind | null;
    deadline: IsoDate;
    state: SupervisionState;
    assignedOn: IsoDate;
    acceptedOn: IsoDate | null;
    endedOn: IsoDate | null;
  }[];
  const events = (
    await db.execute(sql`SELECT e.item_id AS "itemId", ${day(sql`e.at`)}::text AS on,
        CASE WHEN e.action = 'urge' OR (e.action = 'escalate' AND e.data->>'step' = '1') THEN 'reminder' ELSE 'notice' END AS type
      FROM supervision_events e JOIN supervised_items i ON i.id = e.item_id
      WHERE i.jurisdiction_id = ${jurisdictionId}
        AND (e.action IN ('urge', 'notice') OR (e.action = 'escalate' AND e.data->>'step' IN ('1', '2')))
        AND ${day(sql`e.at`)} BETWEEN ${from}::date AND ${to}::date`)
  ).rows as { itemId: string; on: IsoDate; type: 'reminder' | 'notice' }[];
  return { items, events };
}
