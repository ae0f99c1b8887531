import { TASK_FORECAST_METHODS } from './domain/forecast';
import { z } from 'zod';
import { ACTIONS, STATES } from './domain/supervision-flow';

/** Contracts of the supervision core, shared by every ledger built on it. */
export const SupervisionState = z.enum(STATES);
export const SupervisionAction = z.enum(ACTIONS);
export const LightEnum = z.enum(['red', 'yellow', 'green', 'done', 'none']);
export const Cadence = z.enum(['weekly', 'monthly', 'quarterly', 'once']);
export type Cadence = z.infer<typeof Cadence>;
export const IsoDateString = z.iso.date();

// The labels live in a module without zod (the web app's first pages load them, not the schemas).
export { LIGHT_LABELS, STATE_LABELS } from './supervision-labels';

export const ItemOut = z.object({
  id: z.uuid(),
  kind: z.string(),
  title: z.string(),
  parentId: z.uuid().nullable(),
  assignerUnitId: z.uuid(),
  assigneeUnitId: z.uuid(),
  coUnitIds: z.array(z.uuid()),
  leadLeaderId: z.uuid().nullable(),
  /** The task force (工作专班) it is assigned to, whose lead unit answers for it. */
  taskForceId: z.uuid().nullable(),
  responsiblePersonId: z.uuid().nullable(),
  state: SupervisionState,
  startDate: z.string(),
  deadline: z.string(),
  progress: z.number().nullable(),
  expectedProgress: z.number().nullable(),
  lastReportDate: z.string().nullable(),
  cadence: Cadence.nullable(),
  light: LightEnum,
  lightReasons: z.array(z.string()),
  childCount: z.number().int(),
  openChildCount: z.number().int(),
  /** 工作节点: intermediate dates; an overdue one turns the item yellow. */
  milestones: z.array(z.object({ id: z.uuid(), title: z.string(), due: z.string(), doneOn: z.string().nullable() })),
  version: z.number().int(),
  /** What the caller may do now: the UI shows these buttons and no others. */
  actions: z.array(SupervisionAction),
  createdAt: z.string(),
});
export type ItemOut = z.infer<typeof ItemOut>;

/** 预测 (src/shared/domain/forecast.ts `forecastTask`): when the item will be done at its reports' pace, and what it takes. */
export const ItemForecastOut = z.object({
  method: z.enum(TASK_FORECAST_METHODS),
  completion: z.string().nullable(),
  misses: z.boolean(),
  daysLate: z.number().int().nullable(),
  progress: z.number().nullable(),
  expected: z.number(),
  periodDays: z.number().int(),
  pacePerPeriod: z.number().nullable(),
  neededPerPeriod: z.number().nullable(),
  basisFrom: z.string().nullable(),
  basisTo: z.string().nullable(),
});
export type ItemForecastOut = z.infer<typeof ItemForecastOut>;

export const EventOut = z.object({
  seq: z.number(),
  at: z.string(),
  action: z.string(),
  fromState: z.string(),
  toState: z.string(),
  actorPersonId: z.string().nullable(),
  actorName: z.string().nullable(),
  actorUnitId: z.string().nullable(),
  reason: z.string().nullable(),
  data: z.unknown(),
});

export const ReportIn = z.strictObject({
  period: z.string().trim().max(20).optional(),
  progress: z.number().int().min(0).max(100),
  text: z.string().trim().min(1).max(5000),
  problems: z.string().trim().max(5000).nullish(),
  nextSteps: z.string().trim().max(5000).nullish(),
  /** Evidence uploaded first through POST /api/v1/attachments. */
  attachmentIds: z.array(z.uuid()).max(20).default([]),
});

export const ReportOut = z.object({
  id: z.uuid(),
  period: z.string(),
  progress: z.number(),
  text: z.string(),
  problems: z.string().nullable(),
  nextSteps: z.string().nullable(),
  lateDays: z.number(),
  submittedBy: z.string(),
  submittedByName: z.string().nullable(),
  submittedAt: z.string(),
  reviewStatus: z.enum(['pending', 'accepted', 'returned']),
  reviewComment: z.string().nullable(),
  reviewedAt: z.string().nullable(),
});

/** 进展待审核: a report waiting for the assigning side's review, with the item it belongs to. */
export const ReportToReviewOut = ReportOut.extend({
  item: z.object({ id: z.uuid(), title: z.string(), assigneeUnitId: z.uuid(), state: SupervisionState }),
});

export const ReportReviewIn = z.strictObject({
  decision: z.enum(['accepted', 'returned']),
  /** Required to return a report: what the unit must add or correct. */
  comment: z.string().trim().max(2000).nullish(),
});

/** The close request waiting for a decision: the unit's 办结说明, its evidence, who asked and when. */
export const CloseRequestOut = z.object({
  summary: z.string().nullable(),
  attachments: z.array(z.object({ id: z.uuid(), fileName: z.string(), mediaType: z.string(), size: z.number() })),
  at: z.string(),
  byPersonId: z.uuid().nullable(),
  byName: z.string().nullable(),
  byUnitId: z.uuid().nullable(),
});
export type CloseRequestOut = z.infer<typeof CloseRequestOut>;

export const ExtensionOut = z.object({
  id: z.uuid(),
  oldDeadline: z.string(),
  requestedDeadline: z.string(),
  reason: z.string(),
  status: z.enum(['pending', 'approved', 'refused']),
  requestedAt: z.string(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
});
