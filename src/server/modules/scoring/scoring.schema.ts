import { integer, jsonb, pgTable, primaryKey, timestamp, uuid } from 'drizzle-orm/pg-core';

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
