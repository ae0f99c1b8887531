import { z } from 'zod';
import { CASE_ACTIONS, CASE_OUTCOMES, CASE_STATES, EVIDENCE_KINDS, TOLERANCE_STATES } from './domain/accountability';
import { IsoDateString } from './supervision';

/** The contract of 问责与容错 (accountability cases and 容错 requests). */
const Text = (max: number) => z.string().trim().min(1).max(max);

export const CaseOpenIn = z.strictObject({
  title: Text(200),
  /** 问题事实: what the office found. */
  facts: Text(5000),
  /** The unit the case is against (单位问责). */
  unitId: z.uuid().nullish(),
  /** The people it names (个人问责). A case names people, a unit, or both. */
  personIds: z.array(z.uuid()).max(20).default([]),
  /** The tasks, milestones or blockers that gave rise to it: their record is the evidence. */
  itemIds: z.array(z.uuid()).min(1).max(50),
  /** 拟问责方式: one of the jurisdiction's measures. */
  proposedMeasure: z.string().trim().max(50).nullish(),
  /** 立案日期: today unless given (not in the future). */
  openedOn: IsoDateString.optional(),
});
export type CaseOpenIn = z.infer<typeof CaseOpenIn>;

export const CaseDecideIn = z.strictObject({
  /** 问责方式: one of the jurisdiction's measures. */
  measure: Text(50),
  /** 决定日期 (not in the future, not before the case was opened). */
  decidedOn: IsoDateString,
  /** 决定理由 */
  reason: Text(5000),
});
export type CaseDecideIn = z.infer<typeof CaseDecideIn>;

export const CaseWithdrawIn = z.strictObject({ reason: Text(2000) });

export const ToleranceIn = z.strictObject({
  /** 容错情形: those of the jurisdiction's list the request invokes (at least one). */
  conditions: z.array(Text(200)).min(1).max(20),
  /** 申请理由 */
  reasons: Text(5000),
});
export type ToleranceIn = z.infer<typeof ToleranceIn>;

export const ToleranceDecideIn = z.strictObject({
  decision: z.enum(['accepted', 'rejected']),
  /** 决定理由, given either way. */
  reason: Text(5000),
  /** 决定日期: today unless given. */
  decidedOn: IsoDateString.optional(),
});
export type ToleranceDecideIn = z.infer<typeof ToleranceDecideIn>;

export const CaseQuery = z.strictObject({
  state: z.enum(CASE_STATES).optional(),
  unitId: z.uuid().optional(),
  personId: z.uuid().optional(),
  /** Opened on or after / before (立案日期). */
  from: IsoDateString.optional(),
  to: IsoDateString.optional(),
  tolerance: z.enum([...TOLERANCE_STATES, 'none']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type CaseQuery = z.infer<typeof CaseQuery>;

export const EvidenceOut = z.object({
  itemId: z.string(),
  itemTitle: z.string(),
  kind: z.enum(EVIDENCE_KINDS),
  on: z.string(),
  text: z.string(),
  ref: z.string(),
});

export const ToleranceOut = z.object({
  state: z.enum(TOLERANCE_STATES),
  conditions: z.array(z.string()),
  reasons: z.string(),
  requestedByName: z.string().nullable(),
  requestedAt: z.string(),
  decisionReason: z.string().nullable(),
  decidedOn: z.string().nullable(),
  decidedByName: z.string().nullable(),
  decidedAt: z.string().nullable(),
});

export const CaseOut = z.object({
  id: z.uuid(),
  /** 问责〔2026〕3号 */
  number: z.string(),
  title: z.string(),
  facts: z.string(),
  state: z.enum(CASE_STATES),
  outcome: z.enum(CASE_OUTCOMES).nullable(),
  unit: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  persons: z.array(z.object({ id: z.uuid(), name: z.string(), title: z.string().nullable(), unitName: z.string() })),
  items: z.array(z.object({ id: z.uuid(), kind: z.string(), title: z.string(), deadline: z.string() })),
  evidence: z.array(EvidenceOut),
  proposedMeasure: z.string().nullable(),
  measure: z.string().nullable(),
  openedOn: z.string(),
  openedByName: z.string().nullable(),
  openedAt: z.string(),
  decidedOn: z.string().nullable(),
  decisionReason: z.string().nullable(),
  decidedByName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  withdrawReason: z.string().nullable(),
  withdrawnAt: z.string().nullable(),
  tolerance: ToleranceOut.nullable(),
  version: z.number().int(),
  /** What the caller may do now: the page shows these buttons and no others. */
  actions: z.array(z.enum(CASE_ACTIONS)),
});
export type CaseOut = z.infer<typeof CaseOut>;

export const CaseListOut = z.object({ items: z.array(CaseOut), total: z.number().int() });

export const AccountabilitySettings = z.strictObject({
  measures: z.array(Text(50)).min(1).max(30),
  conditions: z.array(Text(200)).min(1).max(30),
});
export type AccountabilitySettings = z.infer<typeof AccountabilitySettings>;
export const AccountabilitySettingsOut = AccountabilitySettings.extend({ version: z.number().int() });

/** Cases by unit in a period (for the cockpit and the scoring page): opened, decided with a measure, tolerated. */
export const CaseCountsOut = z.object({
  from: z.string(),
  to: z.string(),
  byUnit: z.array(
    z.object({
      unitId: z.uuid(),
      unitName: z.string(),
      opened: z.number().int(),
      measures: z.number().int(),
      tolerated: z.number().int(),
    }),
  ),
});
export const CaseCountsQuery = z.strictObject({ from: IsoDateString, to: IsoDateString });
