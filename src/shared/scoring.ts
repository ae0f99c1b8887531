import { z } from 'zod';
import { SCORE_KINDS, SCORING_GROUPS, ScoringRules, type ScoreKind } from './domain/scoring';
import { IsoDateString } from './supervision';

/** The contract of scoring (考核): rule sets and league tables. */
export const ScoringRulesOut = z.object({ rules: ScoringRules, version: z.number().int(), custom: z.boolean() });

export const LeagueQuery = z.strictObject({
  from: IsoDateString,
  to: IsoDateString,
  kind: z.enum(['unit', 'township']).default('unit'),
  /** Recompute with an earlier rule set (0 = the built-in defaults); the one in force otherwise. */
  rulesVersion: z.coerce.number().int().min(0).optional(),
  /** One unit's row only (the page asks for it when a row is opened). */
  unitId: z.uuid().optional(),
  /** `none`: each line's count and points without the events behind them (a year's table holds tens of thousands). */
  events: z.enum(['all', 'none']).default('all'),
});

const Kind = z.enum(SCORE_KINDS as [ScoreKind, ...ScoreKind[]]);
const Group = z.enum(SCORING_GROUPS);
export const LeagueRowOut = z.object({
  rank: z.number().int(),
  unitId: z.string(),
  name: z.string(),
  kind: z.string(),
  /** Accountability cases (问责) concerning the unit opened in the period, and how many ended 容错免责. */
  cases: z.object({ opened: z.number().int(), measures: z.number().int(), tolerated: z.number().int() }).optional(),
  score: z.number(),
  base: z.number(),
  /** Points not counted because the score reached the rules' floor (扣完为止). */
  floored: z.number(),
  /** Each group's gains, deductions (before the cap), deductions waived beyond the cap, and points counted. */
  groups: z.array(
    z.object({ group: Group, gained: z.number(), deducted: z.number(), waived: z.number(), points: z.number() }),
  ),
  breakdown: z.array(
    z.object({
      group: Group,
      kind: Kind,
      count: z.number(),
      points: z.number(),
      events: z.array(
        z.object({
          itemId: z.string().nullable(),
          title: z.string(),
          on: z.string(),
          count: z.number(),
          points: z.number(),
          ref: z.string().optional(),
          /** 容错免责: the deduction this event would cost is not counted (the note says why). */
          exempt: z.string().optional(),
          /** A rate rule's line (企业服务): the unit's numerator and denominator; the points follow the rule. */
          rate: z.object({ numerator: z.number().int(), denominator: z.number().int() }).optional(),
        }),
      ),
    }),
  ),
});

export const LeagueOut = z.object({
  from: z.string(),
  to: z.string(),
  kind: z.enum(['unit', 'township']),
  rulesVersion: z.number().int(),
  rules: ScoringRules,
  rows: z.array(LeagueRowOut),
});

/** Praise (表扬) and criticism (通报批评) of a unit, recorded by the supervision office and counted as scoring events. */
export const CommendationKind = z.enum(['praised', 'criticised']);
export const CommendationIn = z.strictObject({
  unitId: z.uuid(),
  kind: CommendationKind,
  /** The day it was given (a past or today's date). */
  on: IsoDateString,
  reason: z.string().trim().min(1).max(2000),
});
export type CommendationIn = z.infer<typeof CommendationIn>;
export const CommendationWithdrawIn = z.strictObject({ reason: z.string().trim().min(1).max(2000) });
export const CommendationQuery = z.strictObject({
  from: IsoDateString.optional(),
  to: IsoDateString.optional(),
  unitId: z.uuid().optional(),
  /** Withdrawn entries are listed too (marked) unless false. */
  withdrawn: z.enum(['true', 'false']).optional(),
});
export const CommendationOut = z.object({
  id: z.uuid(),
  unitId: z.uuid(),
  unitName: z.string(),
  kind: CommendationKind,
  on: z.string(),
  reason: z.string(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  withdrawn: z.boolean(),
  withdrawReason: z.string().nullable(),
  version: z.number().int(),
});
export type CommendationOut = z.infer<typeof CommendationOut>;
export const CommendationsOut = z.object({ items: z.array(CommendationOut) });
