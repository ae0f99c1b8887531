import { sql } from 'drizzle-orm';
import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * Economic indicators (经济运行监测): the catalogue, the counties compared (the own county and its peers), and the
 * values by period. A value is never changed: a correction is a new version and the old one stays, marked no longer
 * current.
 */
export const indicators = pgTable(
  'indicators',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    name: text('name').notNull(),
    /** 计量单位: 亿元, 万元, %, 元 … */
    unit: text('unit').notNull(),
    /** 'ten_days' | 'month' | 'quarter' | 'year' */
    frequency: text('frequency').notNull(),
    /** 'cumulative' | 'level' */
    accumulation: text('accumulation').notNull(),
    /** 'growth' | 'value': what the city ranks the counties by. */
    rankBy: text('rank_by').notNull().default('growth'),
    category: text('category'),
    responsibleUnitId: uuid('responsible_unit_id').notNull(),
    leaderId: uuid('leader_id'),
    /** Annual targets by year: { "2026": { "value": 258, "growth": 7.5 } } (either may be null). */
    targets: jsonb('targets')
      .$type<Record<string, { value: number | null; growth: number | null }>>()
      .notNull()
      .default({}),
    sortOrder: integer('sort_order').notNull().default(0),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('indicators_name_uq').on(t.jurisdictionId, t.name),
    index('indicators_unit_idx').on(t.responsibleUnitId),
  ],
);

/** The counties compared: the jurisdiction itself (is_self, one per jurisdiction) and the peers the city ranks it with. */
export const indicatorCounties = pgTable(
  'indicator_counties',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    name: text('name').notNull(),
    isSelf: boolean('is_self').notNull().default(false),
    /**
     * 'county': the own county or a peer the city ranks it with; 'city': the city as a whole (全市, for the county's
     * share, 占全市比重); 'place': a township or park of the own county (乡镇、园区), ranked among the places.
     */
    kind: text('kind').notNull().default('county'),
    /** A place's unit (the township or park in the organisation). */
    unitId: uuid('unit_id'),
    sortOrder: integer('sort_order').notNull().default(0),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('indicator_counties_name_uq').on(t.jurisdictionId, t.name),
    uniqueIndex('indicator_counties_self_uq').on(t.jurisdictionId).where(sql`${t.isSelf}`),
  ],
);

/** Values by period and county, in the indicator's unit; the current version of each (indicator, period, county) is unique. */
export const indicatorValues = pgTable(
  'indicator_values',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    indicatorId: uuid('indicator_id')
      .notNull()
      .references(() => indicators.id),
    countyId: uuid('county_id')
      .notNull()
      .references(() => indicatorCounties.id),
    /** Period key: 2026, 2026-Q2, 2026-05, 2026-05-T2 (see src/shared/domain/indicators.ts). */
    period: text('period').notNull(),
    year: integer('year').notNull(),
    periodIndex: integer('period_index').notNull(),
    value: doublePrecision('value').notNull(),
    /** The growth (同比, percent) the source reported, kept beside the values even when they disagree. */
    growth: doublePrecision('growth'),
    /** The city's published rank of the county, when entered. */
    rank: integer('rank'),
    /** What was typed and in which unit, when it was converted (万元 → 亿元). */
    enteredValue: doublePrecision('entered_value'),
    enteredUnit: text('entered_unit'),
    source: text('source'),
    note: text('note'),
    /** Warnings the person confirmed: cumulative_decreased, growth_mismatch, magnitude_suspect, unit_converted … */
    flags: text('flags').array().notNull().default(sql`'{}'::text[]`),
    version: integer('version').notNull(),
    current: boolean('current').notNull().default(true),
    importBatchId: uuid('import_batch_id'),
    recordedBy: uuid('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('indicator_values_current_uq').on(t.indicatorId, t.period, t.countyId).where(sql`${t.current}`),
    uniqueIndex('indicator_values_version_uq').on(t.indicatorId, t.period, t.countyId, t.version),
    index('indicator_values_series_idx').on(t.indicatorId, t.countyId, t.year).where(sql`${t.current}`),
    index('indicator_values_jurisdiction_idx').on(t.jurisdictionId, t.year),
  ],
);

/** Per-jurisdiction settings: the unit that 牵头抓总 economic monitoring (经发局) sees and enters every indicator. */
export const indicatorSettings = pgTable('indicator_settings', {
  jurisdictionId: uuid('jurisdiction_id').primaryKey(),
  coordinatorUnitId: uuid('coordinator_unit_id'),
  version: integer('version').notNull().default(1),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A counter per jurisdiction, raised in the transaction of every write that changes what the board shows (values,
 * catalogue, counties). Each instance keeps its computed board in memory keyed by it: a read costs one primary-key
 * lookup to know whether the board it holds is still the board.
 */
export const indicatorRevisions = pgTable('indicator_revisions', {
  jurisdictionId: uuid('jurisdiction_id').primaryKey(),
  revision: integer('revision').notNull().default(0),
});
