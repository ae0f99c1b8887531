import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { supervisedItems } from '../supervision/supervision.schema';

/**
 * The key-project library (项目库). A project is not itself supervised: its milestones are (one supervised item of
 * kind 'milestone' each), and its light is theirs. Moves between pools and monthly investment figures are rows that
 * are never changed or deleted: a correction is a new row.
 */
export const projects = pgTable(
  'projects',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    serial: integer('serial').notNull(),
    name: text('name').notNull(),
    type: text('type').notNull(),
    content: text('content').notNull(),
    /** 万元 */
    totalInvestment: numeric('total_investment', { precision: 14, scale: 2, mode: 'number' }).notNull(),
    /** Planned investment per year, 万元: { "2026": 5000 }. */
    annualPlans: jsonb('annual_plans').$type<Record<string, number>>().notNull().default({}),
    ownerEnterprise: text('owner_enterprise'),
    responsibleUnitId: uuid('responsible_unit_id').notNull(),
    leaderId: uuid('leader_id'),
    townshipUnitId: uuid('township_unit_id'),
    lng: doublePrecision('lng'),
    lat: doublePrecision('lat'),
    startYear: integer('start_year').notNull(),
    endYear: integer('end_year').notNull(),
    major: boolean('major').notNull().default(false),
    attracted: boolean('attracted').notNull().default(false),
    livelihood: boolean('livelihood').notNull().default(false),
    source: text('source'),
    sourceRef: text('source_ref'),
    /** The pool in force today (the latest move), kept with the moves in one transaction for filtering. */
    pool: text('pool').notNull(),
    poolSince: date('pool_since', { mode: 'string' }).notNull(),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('projects_jurisdiction_idx').on(t.jurisdictionId, t.serial),
    index('projects_pool_idx').on(t.jurisdictionId, t.pool),
    index('projects_unit_idx').on(t.responsibleUnitId),
    index('projects_township_idx').on(t.townshipUnitId),
    index('projects_leader_idx').on(t.leaderId),
  ],
);

/** Every pool move with its date and reason; entry into the library is the first (from = null). */
export const projectMoves = pgTable(
  'project_moves',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    fromPool: text('from_pool'),
    toPool: text('to_pool').notNull(),
    /** The day the move took effect. */
    date: date('date', { mode: 'string' }).notNull(),
    reason: text('reason').notNull(),
    actorPersonId: uuid('actor_person_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('project_moves_project_idx').on(t.projectId, t.seq),
    index('project_moves_jurisdiction_idx').on(t.jurisdictionId, t.date),
  ],
);

/** A project's milestones: what a milestone adds to its supervised item (same id). */
export const projectMilestones = pgTable(
  'project_milestones',
  {
    id: uuid('id')
      .primaryKey()
      .references(() => supervisedItems.id),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    name: text('name').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    plannedDate: date('planned_date', { mode: 'string' }).notNull(),
    /** Set when the unit reports it done (with evidence); cleared if the office sends it back. */
    actualDate: date('actual_date', { mode: 'string' }),
  },
  (t) => [index('project_milestones_project_idx').on(t.projectId, t.sortOrder)],
);

/** Monthly completed investment; a later row of the same month supersedes the earlier (history kept). */
export const projectInvestments = pgTable(
  'project_investments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    /** 'YYYY-MM' */
    month: text('month').notNull(),
    amount: numeric('amount', { precision: 14, scale: 2, mode: 'number' }).notNull(),
    reason: text('reason'),
    /** The figure exceeded the remaining total investment when recorded (allowed with a reason). */
    overRemaining: boolean('over_remaining').notNull().default(false),
    recordedBy: uuid('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
    /** The recording day in Asia/Shanghai, for "as of" views. */
    recordedOn: date('recorded_on', { mode: 'string' }).notNull(),
  },
  (t) => [
    index('project_investments_project_idx').on(t.projectId, t.month, t.seq),
    index('project_investments_jurisdiction_idx').on(t.jurisdictionId),
  ],
);

/** The jurisdiction's own milestone template of a project type (the built-in default applies until one is saved). */
export const milestoneTemplates = pgTable(
  'milestone_templates',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    projectType: text('project_type').notNull(),
    names: text('names').array().notNull().default(sql`'{}'::text[]`),
    version: integer('version').notNull().default(1),
    updatedBy: uuid('updated_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionId, t.projectType] })],
);

/** 周调度: a weekly round the office opens; the projects due to report are fixed when it opens. */
export const rounds = pgTable(
  'rounds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    title: text('title').notNull(),
    /** Monday of the week. */
    weekStart: date('week_start', { mode: 'string' }).notNull(),
    /** Reports after this day are late (recorded, not lost). */
    cutoff: date('cutoff', { mode: 'string' }).notNull(),
    state: text('state').notNull().default('open'),
    openedBy: uuid('opened_by').notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
    closedBy: uuid('closed_by'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
  },
  (t) => [uniqueIndex('rounds_week_uq').on(t.jurisdictionId, t.weekStart)],
);

/** Who is due to report which project in a round (the responsible unit when the round opened). */
export const roundProjects = pgTable(
  'round_projects',
  {
    roundId: uuid('round_id')
      .notNull()
      .references(() => rounds.id),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    unitId: uuid('unit_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.projectId] }), index('round_projects_unit_idx').on(t.roundId, t.unitId)],
);

/** A unit's report of a project in a round; a second one corrects the first (both kept, the latest in force). */
export const roundReports = pgTable(
  'round_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    roundId: uuid('round_id')
      .notNull()
      .references(() => rounds.id),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    unitId: uuid('unit_id').notNull(),
    /** 本周进展 */
    progress: text('progress').notNull(),
    /** 形象进度 */
    imageProgress: text('image_progress').notNull(),
    /** 本月完成投资, 万元 */
    monthInvestment: numeric('month_investment', { precision: 14, scale: 2, mode: 'number' }),
    problems: text('problems'),
    /** 需协调事项 */
    coordination: text('coordination'),
    behind: boolean('behind').notNull().default(false),
    late: boolean('late').notNull().default(false),
    submittedBy: uuid('submitted_by').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
    submittedOn: date('submitted_on', { mode: 'string' }).notNull(),
  },
  (t) => [index('round_reports_round_idx').on(t.roundId, t.projectId, t.seq)],
);

/** 卡点: what a blocker adds to its supervised item (kind 'blocker', same id). */
export const blockers = pgTable(
  'blockers',
  {
    id: uuid('id')
      .primaryKey()
      .references(() => supervisedItems.id),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    type: text('type').notNull(),
    description: text('description').notNull(),
    /** 1 包联 leader, 2 分管 leader, 3 principal. */
    level: integer('level').notNull().default(1),
    raisedByUnitId: uuid('raised_by_unit_id').notNull(),
    raisedOn: date('raised_on', { mode: 'string' }).notNull(),
    resolution: text('resolution'),
    resolvedOn: date('resolved_on', { mode: 'string' }),
  },
  (t) => [
    index('blockers_project_idx').on(t.projectId),
    index('blockers_jurisdiction_idx').on(t.jurisdictionId, t.raisedOn),
  ],
);

/** The county boundary drawn on the map (挂图作战), uploaded as GeoJSON; the demo's is generated and says so. */
export const mapBoundaries = pgTable('map_boundaries', {
  jurisdictionId: uuid('jurisdiction_id').primaryKey(),
  name: text('name').notNull(),
  geojson: jsonb('geojson').notNull(),
  /** True for a boundary the demo generated (not a real administrative boundary). */
  generated: boolean('generated').notNull().default(false),
  version: integer('version').notNull().default(1),
  updatedBy: uuid('updated_by').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
