import { GIN_NO_PENDING } from '../../db/indexes';
import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * 问责案件: a case the supervision office opens against named people and/or a unit, on the evidence of the record
 * (src/shared/domain/accountability.ts). Never deleted: it is decided (a measure, or 容错免责) or withdrawn (撤销),
 * each step with who, when and why, and audited.
 */
export const accountabilityCases = pgTable(
  'accountability_cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    /** 问责〔year〕serial号: numbered per jurisdiction and year of opening, without gaps. */
    year: integer('year').notNull(),
    serial: integer('serial').notNull(),
    title: text('title').notNull(),
    /** 问题事实: what the office found, in its words. */
    facts: text('facts').notNull(),
    /** The unit the case is against (单位问责), if any. */
    unitId: uuid('unit_id'),
    /** The people the case names (个人问责). */
    personIds: uuid('person_ids').array().notNull().default(sql`'{}'::uuid[]`),
    /** The units concerned (the case's unit and each named person's unit when opened): the counts by unit use them. */
    concernedUnitIds: uuid('concerned_unit_ids').array().notNull().default(sql`'{}'::uuid[]`),
    /** The supervised items (tasks, milestones, blockers) that gave rise to it. */
    itemIds: uuid('item_ids').array().notNull().default(sql`'{}'::uuid[]`),
    /** The facts of those items taken from the record when the case was opened (EvidenceFact[] with the item titles). */
    evidence: jsonb('evidence').notNull(),
    proposedMeasure: text('proposed_measure'),
    /** 立案日期 */
    openedOn: date('opened_on', { mode: 'string' }).notNull(),
    openedBy: uuid('opened_by').notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
    /** 'open' | 'decided' | 'withdrawn' */
    state: text('state').notNull().default('open'),
    /** For a decided case: 'measure' | 'exempted' (容错免责). */
    outcome: text('outcome'),
    measure: text('measure'),
    decidedOn: date('decided_on', { mode: 'string' }),
    decisionReason: text('decision_reason'),
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    withdrawReason: text('withdraw_reason'),
    withdrawnBy: uuid('withdrawn_by'),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('accountability_cases_serial_uq').on(t.jurisdictionId, t.year, t.serial),
    index('accountability_cases_opened_idx').on(t.jurisdictionId, t.openedOn),
    index('accountability_cases_people_idx').using('gin', t.personIds).with(GIN_NO_PENDING),
    index('accountability_cases_items_idx').using('gin', t.itemIds).with(GIN_NO_PENDING),
  ],
);

/**
 * 容错申请: one per case, filed by a person the case names or the head of the unit it is against, with the
 * conditions of the county's rules it invokes and the reasons; decided by the office with reasons. Accepted, the
 * case ends 容错免责 and its items' events no longer cost the unit points, nor can they found another case.
 */
export const accountabilityTolerance = pgTable('accountability_tolerance', {
  caseId: uuid('case_id')
    .primaryKey()
    .references(() => accountabilityCases.id),
  jurisdictionId: uuid('jurisdiction_id').notNull(),
  conditions: text('conditions').array().notNull(),
  reasons: text('reasons').notNull(),
  requestedBy: uuid('requested_by').notNull(),
  requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
  /** 'pending' | 'accepted' | 'rejected' */
  state: text('state').notNull().default('pending'),
  decisionReason: text('decision_reason'),
  decidedOn: date('decided_on', { mode: 'string' }),
  decidedBy: uuid('decided_by'),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
});

/** A jurisdiction's lists: the measures (问责方式) and the 容错 conditions its rules name; defaults until edited. */
export const accountabilitySettings = pgTable('accountability_settings', {
  jurisdictionId: uuid('jurisdiction_id').primaryKey(),
  measures: text('measures').array().notNull(),
  conditions: text('conditions').array().notNull(),
  version: integer('version').notNull().default(1),
  updatedBy: uuid('updated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
