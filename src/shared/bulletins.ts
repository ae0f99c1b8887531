import { z } from 'zod';
import { IsoDateString, LightEnum } from './supervision';
import { CockpitPeriodOut } from './cockpit';

/** The contract of the supervision bulletins (督查通报): drafts, their content, issuing and the archived files. */

/** A unit on the praise or criticism list, with the reason printed after its name (editable before issuing). */
export const ListedUnit = z.strictObject({
  unitId: z.uuid().nullable(),
  name: z.string().trim().min(1).max(60),
  reason: z.string().trim().max(300),
  /** The score and rank it was proposed with (null when added by hand). */
  score: z.number().nullable(),
  rank: z.number().int().nullable(),
});
export type ListedUnit = z.infer<typeof ListedUnit>;

export const BehindProject = z.object({
  id: z.uuid(),
  name: z.string(),
  unitName: z.string(),
  pool: z.string(),
  light: LightEnum,
  investmentRate: z.number().nullable(),
  expected: z.number(),
  milestonesDone: z.number().int(),
  milestoneCount: z.number().int(),
});
export type BehindProject = z.infer<typeof BehindProject>;

/**
 * An accountability case the office chose to print (问责情况). A bulletin goes to units, so it names the unit concerned
 * and the measure, never a person: a case about people is printed under their unit.
 */
export const PublishedCase = z.object({
  caseId: z.uuid(),
  /** 问责〔2026〕3号 */
  number: z.string(),
  unitName: z.string(),
  measure: z.string(),
  decidedOn: z.string(),
});
export type PublishedCase = z.infer<typeof PublishedCase>;

export const LeagueLine = z.object({
  rank: z.number().int(),
  unitId: z.string(),
  name: z.string(),
  kind: z.enum(['unit', 'township']),
  score: z.number(),
  base: z.number(),
  /** Points counted per group (督办任务, 重点项目, 表扬与批评); absent in bulletins drafted before groups existed. */
  groups: z
    .object({
      tasks: z.number(),
      projects: z.number(),
      enterprises: z.number().optional(),
      commendations: z.number(),
    })
    .optional(),
});
export type LeagueLine = z.infer<typeof LeagueLine>;

/**
 * What a bulletin says. The figures are the cockpit's for the period (`CockpitPeriodOut`, counted by the
 * supervision core), the projects are the project library's red and yellow ones, the league is scoring's; they are
 * taken when the draft is made (or refreshed) and printed as they are.
 */
export const BulletinContent = z.object({
  officeName: z.string(),
  /** Who the bulletin is addressed to (主送). */
  addressee: z.string(),
  tasks: CockpitPeriodOut,
  behindProjects: z.array(BehindProject),
  /** The day the projects' lights and rates were read. */
  projectsAsOf: z.string(),
  league: z.array(LeagueLine),
  rulesVersion: z.number().int(),
  praise: z.array(ListedUnit),
  criticism: z.array(ListedUnit),
  /** 问责情况: the decided cases the office chose (absent in bulletins drafted before it existed). */
  cases: z.array(PublishedCase).optional(),
  requirements: z.string(),
});
export type BulletinContent = z.infer<typeof BulletinContent>;

export const BulletinState = z.enum(['draft', 'issued']);

export const BulletinCreate = z.strictObject({
  from: IsoDateString,
  to: IsoDateString,
  /** The date printed on it (成文日期); today if not given. */
  issueDate: IsoDateString.optional(),
});

export const BulletinPatch = z.strictObject({
  /** A new period takes the figures and the proposed lists afresh. */
  from: IsoDateString.optional(),
  to: IsoDateString.optional(),
  issueDate: IsoDateString.optional(),
  addressee: z.string().trim().min(1).max(200).optional(),
  praise: z.array(ListedUnit).max(50).optional(),
  criticism: z.array(ListedUnit).max(50).optional(),
  requirements: z.string().max(20_000).optional(),
  /** 问责情况: the decided accountability cases (with a measure, not 容错免责) to print, by unit and measure. */
  caseIds: z.array(z.uuid()).max(50).optional(),
  /** Take the figures again for the same period (the lists as edited stay). */
  refresh: z.boolean().optional(),
});
export type BulletinPatch = z.infer<typeof BulletinPatch>;

export const BulletinSummary = z.object({
  id: z.uuid(),
  state: BulletinState,
  year: z.number().int(),
  /** 第N期: fixed when issued; for a draft the number it would get if issued now. */
  number: z.number().int(),
  periodFrom: z.string(),
  periodTo: z.string(),
  issueDate: z.string(),
  totals: CockpitPeriodOut.shape.totals,
  version: z.number().int(),
  createdByName: z.string().nullable(),
  updatedAt: z.string(),
  issuedAt: z.string().nullable(),
  issuedByName: z.string().nullable(),
  docxSha256: z.string().nullable(),
  annexSha256: z.string().nullable(),
});
export const BulletinOut = BulletinSummary.extend({ content: BulletinContent });
export type BulletinOut = z.infer<typeof BulletinOut>;
export const BulletinListOut = z.object({ items: z.array(BulletinSummary) });
export const BulletinListQuery = z.strictObject({
  state: BulletinState.optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});
