import { GIN_NO_PENDING } from '../../db/indexes';
import { sql } from 'drizzle-orm';
import { OPEN_STATES } from '../../../shared/domain/supervision-flow';
import {
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * The supervision core: anything assigned to a unit with a deadline that someone supervises. Tasks, project
 * milestones, blockers and enterprise demands each keep their own fields in their own module and point here
 * for assignment, state, deadline, progress, events, reports and extensions (DESIGN.md §2).
 */
/** An item still in the flow: the predicate of the open items' partial indexes (a query names the same literals). */
const OPEN_ITEM = sql.raw(`state IN (${OPEN_STATES.map((st) => `'${st}'`).join(', ')})`);

export const supervisedItems = pgTable(
  'supervised_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    parentId: uuid('parent_id'),
    assignerUnitId: uuid('assigner_unit_id').notNull(),
    assigneeUnitId: uuid('assignee_unit_id').notNull(),
    coUnitIds: uuid('co_unit_ids').array().notNull().default(sql`'{}'::uuid[]`),
    leadLeaderId: uuid('lead_leader_id'),
    /**
     * The task force (工作专班、领导小组) the item is assigned to: its lead unit is the assignee and answers for it;
     * every member of the task force, whatever his home unit, sees it (visibleWhere).
     */
    taskForceId: uuid('task_force_id'),
    responsiblePersonId: uuid('responsible_person_id'),
    state: text('state').notNull().default('draft'),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    deadline: date('deadline', { mode: 'string' }).notNull(),
    progress: integer('progress'),
    lastReportDate: date('last_report_date', { mode: 'string' }),
    /** Reporting cadence: 'weekly' | 'monthly' | 'quarterly' | 'once' | null. */
    cadence: text('cadence'),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /**
     * The light as the one light function last derived it (a cache, never edited by hand): lists filter, sort
     * and page by it in SQL. \`lightOn\` is the day it holds for ('infinity' for closed and cancelled items,
     * whose light cannot change); a write, a milestone change, a sub-item's change or a calendar change clears
     * it, and the next read recomputes it.
     */
    light: text('light').notNull().default('none'),
    lightReasons: text('light_reasons').array().notNull().default(sql`'{}'::text[]`),
    expectedProgress: integer('expected_progress'),
    lightOn: date('light_on', { mode: 'string' }),
    /**
     * Whether the item has milestones, sub-items: kept by triggers (migration 0050), never written by the app. A
     * list looks the milestones and the sub-items' figures up only where these say so: for the 25 rows of a page
     * the two sub-selects were a quarter of the query's cost, and most items have neither (bench/RESULTS.md).
     */
    hasMilestones: boolean('has_milestones').notNull().default(false),
    hasChildren: boolean('has_children').notNull().default(false),
    /**
     * The periods the item has a live (not returned) report for: kept by triggers on the reports (migration 0052),
     * never written by the app. The to-do's "this period's report is missing" reads it on the row instead of
     * probing the reports' index for each working item (a fifth of a clerk's to-do query, bench/RESULTS.md).
     */
    reportedPeriods: text('reported_periods').array().notNull().default(sql`'{}'::text[]`),
  },
  (t) => [
    index('items_light_on_idx').on(t.jurisdictionId, t.lightOn),
    index('items_light_idx').on(t.jurisdictionId, t.kind, t.light, t.deadline),
    index('items_scope_idx').on(t.jurisdictionId, t.kind, t.state),
    index('items_assignee_idx').on(t.assigneeUnitId),
    // Visibility and unit filters are ORs over the assignee, the co-units and the assigner: with an index on each,
    // PostgreSQL combines them (BitmapOr) instead of walking the jurisdiction's items.
    index('items_assigner_idx').on(t.assignerUnitId),
    // The open items of a unit, each side (the to-do, a unit's open or overdue tasks): most of a unit's items are
    // closed after a year, and these lists read only the rest.
    index('items_open_assignee_idx').on(t.assigneeUnitId, t.deadline).where(OPEN_ITEM),
    index('items_open_assigner_idx').on(t.assignerUnitId).where(OPEN_ITEM),
    index('items_co_units_idx').using('gin', t.coUnitIds).with(GIN_NO_PENDING),
    index('items_parent_idx').on(t.parentId),
    index('items_task_force_idx').on(t.taskForceId),
    index('items_deadline_idx').on(t.jurisdictionId, t.deadline),
    // A kind's newest first (the demand ledger): walked in order, a page stops at its last row.
    index('items_kind_created_idx').on(t.jurisdictionId, t.kind, t.createdAt.desc().nullsFirst(), t.id),
  ],
);

/** Every transition, report, urging and extension decision: who, when, why. Never updated or deleted. */
export const supervisionEvents = pgTable(
  'supervision_events',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    itemId: uuid('item_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorPersonId: uuid('actor_person_id'),
    actorUnitId: uuid('actor_unit_id'),
    action: text('action').notNull(),
    fromState: text('from_state').notNull(),
    toState: text('to_state').notNull(),
    reason: text('reason'),
    data: jsonb('data'),
  },
  (t) => [index('events_item_idx').on(t.itemId, t.seq)],
);

export const progressReports = pgTable(
  'progress_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    itemId: uuid('item_id').notNull(),
    /** The reporting period this report answers ('2026-W47', '2026-11', '2026-Q4', 'once'). */
    period: text('period').notNull(),
    progress: integer('progress').notNull(),
    text: text('text').notNull(),
    problems: text('problems'),
    nextSteps: text('next_steps'),
    late: integer('late_days').notNull().default(0),
    submittedBy: uuid('submitted_by').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
    reviewStatus: text('review_status').notNull().default('pending'),
    reviewComment: text('review_comment'),
    reviewedBy: uuid('reviewed_by'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    /**
     * The client's Idempotency-Key (a phone re-sending after a dropped connection): the same key from the same
     * person answers with this report instead of filing another.
     */
    idempotencyKey: text('idempotency_key'),
  },
  (t) => [
    uniqueIndex('reports_idempotency_uq').on(t.submittedBy, t.idempotencyKey).where(sql`idempotency_key is not null`),
    // One live report per period: two clerks submitting at once get one report and one refusal.
    uniqueIndex('reports_period_uq').on(t.itemId, t.period).where(sql`review_status <> 'returned'`),
    index('reports_item_idx').on(t.itemId, t.submittedAt),
    // Reports awaiting the office's review, for its to-do list.
    index('reports_pending_idx').on(t.itemId).where(sql`review_status = 'pending'`),
  ],
);

export const extensionRequests = pgTable(
  'extension_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    itemId: uuid('item_id').notNull(),
    oldDeadline: date('old_deadline', { mode: 'string' }).notNull(),
    requestedDeadline: date('requested_deadline', { mode: 'string' }).notNull(),
    reason: text('reason').notNull(),
    requestedBy: uuid('requested_by').notNull(),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    status: text('status').notNull().default('pending'),
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
  },
  (t) => [uniqueIndex('extension_pending_uq').on(t.itemId).where(sql`status = 'pending'`)],
);

/** Intermediate dates of an item (a task's 节点): an overdue one turns the item yellow. */
export const itemMilestones = pgTable(
  'item_milestones',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => supervisedItems.id),
    title: text('title').notNull(),
    due: date('due', { mode: 'string' }).notNull(),
    doneOn: date('done_on', { mode: 'string' }),
    sortOrder: integer('sort_order').notNull().default(0),
  },
  (t) => [index('item_milestones_item_idx').on(t.itemId)],
);

/**
 * A ledger's last 序号 in a jurisdiction (ledger: the ledger's table, `tasks` or `findings`): the next number is
 * taken by incrementing this row in the statement that writes the item (loop.service.ts), so numbers stay gapless
 * (the increment rolls back with its transaction), the row lock makes a county's writers take turns only from that
 * statement to their commit, and counties do not wait for one another. A trigger on each ledger's table raises it to
 * the highest serial written by any other way (an import by SQL, a benchmark's loading; migration 0053).
 */
export const ledgerSerials = pgTable(
  'ledger_serials',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    ledger: text('ledger').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionId, t.ledger] })],
);
