import { z } from 'zod';
import { SCORING_EVENT_KINDS, ScoringRules } from './domain/scoring';
import { IsoDateString } from './supervision';

/** The contract of scoring (考核): rule sets and league tables. */
export const ScoringRulesOut = z.object({ rules: ScoringRules, version: z.number().int(), custom: z.boolean() });

export const LeagueQuery = z.strictObject({
  from: IsoDateString,
  to: IsoDateString,
  kind: z.enum(['unit', 'township']).default('unit'),
  /** Recompute with an earlier rule set (0 = the built-in defaults); the one in force otherwise. */
  rulesVersion: z.coerce.number().int().min(0).optional(),
});

const Kind = z.enum(SCORING_EVENT_KINDS);
export const LeagueRowOut = z.object({
  rank: z.number().int(),
  unitId: z.string(),
  name: z.string(),
  kind: z.string(),
  score: z.number(),
  base: z.number(),
  breakdown: z.array(
    z.object({
      kind: Kind,
      count: z.number(),
      points: z.number(),
      events: z.array(z.object({ itemId: z.string().nullable(), title: z.string(), on: z.string(), count: z.number(), points: z.number(), ref: z.string().optional() })),
    }),
  ),
});

export const LeagueOut = z.object({ from: z.string(), to: z.string(), kind: z.enum(['unit', 'township']), rulesVersion: z.number().int(), rules: ScoringRules, rows: z.array(LeagueRowOut) });
