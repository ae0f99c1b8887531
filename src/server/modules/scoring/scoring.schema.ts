import { date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The scoring (考核) rule sets of a jurisdiction, one row per version and never updated: the one in force is
 * the highest version, and an older period can be recomputed with the rules it was scored with. No scores
 * are stored; they are computed from the recorded events.
 */
export const scoringRuleSets = pgTable(
  'scoring_rule_sets',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    version: integer('version').notNull(),
    /** A `ScoringRules` object (src/shared/domain/scoring.ts). */
    rules: jsonb('rules').notNull(),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionId, t.version] })],
);

/**
 * Praise (表扬) and criticism (通报批评) of a unit recorded by the supervision office: an event of the day it was
 * given, counted by the scoring rules like any other. Never deleted: a mistaken entry is withdrawn (撤销) with a
 * reason, and a withdrawn one no longer counts.
 */
export const scoringCommendations = pgTable(
  'scoring_commendations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    unitId: uuid('unit_id').notNull(),
    /** 'praised' | 'criticised' */
    kind: text('kind').notNull(),
    on: date('on', { mode: 'string' }).notNull(),
    reason: text('reason').notNull(),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    withdrawnBy: uuid('withdrawn_by'),
    withdrawReason: text('withdraw_reason'),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('scoring_commendations_on_idx').on(t.jurisdictionId, t.on)],
);
