import { z } from 'zod';
import { IsoDateString, LightEnum, SupervisionAction, SupervisionState } from './supervision';
import { Page } from './org';
import { BLOCKER_TYPES, POOLS, PROJECT_TYPES } from './domain/projects';
import { RATE_GROUPINGS } from './domain/projects-rates';
import { patchShape } from './patch';

/** Contracts of the key-project library (项目库): projects, pool moves, milestones, monthly investment, rates, map. */
export const PoolEnum = z.enum(POOLS);
export const ProjectTypeEnum = z.enum(PROJECT_TYPES);

const text = (max: number) => z.string().trim().max(max);
/** 万元 with at most two decimals. */
const Amount = z
  .number()
  .min(0)
  .max(1e10)
  .refine((x) => Math.abs(x * 100 - Math.round(x * 100)) < 1e-6, { message: 'at most two decimals' });
const Year = z.number().int().min(2000).max(2100);
export const MonthString = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

export const Location = z.strictObject({ lng: z.number().min(-180).max(180), lat: z.number().min(-90).max(90) });

export const ProjectCreate = z.strictObject({
  name: text(200).min(1),
  type: ProjectTypeEnum,
  /** 建设内容 */
  content: text(10000).min(1),
  /** 总投资, 万元 */
  totalInvestment: Amount,
  /** 年度计划投资, 万元, by year: { "2026": 5000 } */
  annualPlans: z.record(z.string().regex(/^\d{4}$/), Amount).default({}),
  /** 建设单位 (owner enterprise) */
  ownerEnterprise: text(200).nullish(),
  /** 责任单位 */
  responsibleUnitId: z.uuid(),
  /** 包联领导 */
  leaderId: z.uuid().nullish(),
  /** 所在乡镇或园区 (a unit of kind township or park) */
  townshipUnitId: z.uuid().nullish(),
  location: Location.nullish(),
  startYear: Year,
  endYear: Year,
  major: z.boolean().default(false),
  attracted: z.boolean().default(false),
  livelihood: z.boolean().default(false),
  /** Where it came from, e.g. 'lead' (招商线索) with its reference. */
  source: text(50).nullish(),
  sourceRef: text(200).nullish(),
  /** The pool it enters the library in, and when (default today). */
  pool: PoolEnum.default('reserve'),
  enteredOn: IsoDateString.optional(),
  /** Milestones planned from the start (each becomes a supervised item). Only the office and principals may plan them. */
  milestones: z
    .array(z.strictObject({ name: text(100).min(1), plannedDate: IsoDateString }))
    .max(100)
    .default([]),
});
export type ProjectCreate = z.infer<typeof ProjectCreate>;

// Without the create schema's defaults: a PATCH naming one field must not reset the flags and the yearly plans.
export const ProjectPatch = z.strictObject(
  patchShape(ProjectCreate.omit({ pool: true, enteredOn: true, milestones: true }).shape),
);
export type ProjectPatch = z.infer<typeof ProjectPatch>;

export const InvestmentProgressOut = z.object({
  year: z.number(),
  planned: z.number(),
  completed: z.number(),
  rate: z.number().nullable(),
  expected: z.number(),
  gapPoints: z.number().nullable(),
});

/** 年底投资预测 (src/shared/domain/forecast.ts `forecastInvestment`): the year's investment on the one trajectory. */
export const InvestmentForecastOut = z.object({
  /** The indicators' method: calendar_run_rate (the months so far at their pace over the year) or final. */
  method: z.string(),
  throughMonth: z.string().nullable(),
  completed: z.number(),
  expected: z.number(),
  yearEnd: z.number(),
  plan: z.number(),
  misses: z.boolean(),
  shortfall: z.number(),
  neededPerMonth: z.number().nullable(),
  neededGrowth: z.number().nullable(),
  neededBasis: z.string(),
  pacePerMonth: z.number(),
  monthsLeft: z.number().int(),
});
export type InvestmentForecastOut = z.infer<typeof InvestmentForecastOut>;

export const ProjectOut = z.object({
  id: z.uuid(),
  serial: z.number().int(),
  name: z.string(),
  type: ProjectTypeEnum,
  content: z.string(),
  totalInvestment: z.number(),
  annualPlans: z.record(z.string(), z.number()),
  ownerEnterprise: z.string().nullable(),
  responsibleUnitId: z.uuid(),
  leaderId: z.uuid().nullable(),
  townshipUnitId: z.uuid().nullable(),
  location: z.object({ lng: z.number(), lat: z.number() }).nullable(),
  startYear: z.number(),
  endYear: z.number(),
  major: z.boolean(),
  attracted: z.boolean(),
  livelihood: z.boolean(),
  source: z.string().nullable(),
  sourceRef: z.string().nullable(),
  /** The pool now (or on `asOf` when the list was asked for a date) and since when. */
  pool: PoolEnum,
  poolSince: z.string(),
  /** The light of the project's milestones, by the supervision core's one light function: the worst open one. */
  light: LightEnum,
  milestoneCount: z.number().int(),
  milestonesDone: z.number().int(),
  investment: InvestmentProgressOut,
  /** Investment recorded so far (all months), 万元. */
  investmentToDate: z.number(),
  /** 预测: given by `GET /api/v1/projects/{id}` (null without a plan for the year or before a month of it has ended), not by lists. */
  forecast: InvestmentForecastOut.nullable().optional(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type ProjectOut = z.infer<typeof ProjectOut>;

const csv = <T extends z.ZodTypeAny>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(item)).optional();
const bool = z.enum(['true', 'false']).optional();

export const ProjectQuery = Page.extend({
  pool: csv(PoolEnum),
  type: csv(ProjectTypeEnum),
  light: csv(LightEnum),
  unitId: z.uuid().optional(),
  townshipUnitId: z.uuid().optional(),
  leaderId: z.uuid().optional(),
  major: bool,
  attracted: bool,
  livelihood: bool,
  q: z.string().trim().max(100).optional(),
  /** The library as it stood on this date: pools then; projects not yet in the library are left out. */
  asOf: IsoDateString.optional(),
  /** 专项行动: the projects of a campaign, or of one front of it. */
  campaignId: z.uuid().optional(),
  frontId: z.uuid().optional(),
  sort: z.enum(['serial', 'investment', 'light']).default('serial'),
}).strict();
export type ProjectQuery = z.infer<typeof ProjectQuery>;

/** The list's filters without paging, sorting or the pool: what the pool tabs count. */
export const ProjectCountsQuery = ProjectQuery.omit({ page: true, pageSize: true, sort: true, pool: true });
export const ProjectCountsOut = z.object({ total: z.number().int(), pools: z.record(PoolEnum, z.number().int()) });

export const MoveIn = z.strictObject({ pool: PoolEnum, date: IsoDateString, reason: text(2000).min(1) });
export const MoveOut = z.object({
  seq: z.number(),
  from: PoolEnum.nullable(),
  to: PoolEnum,
  date: z.string(),
  reason: z.string(),
  actorName: z.string().nullable(),
  at: z.string(),
});

export const InvestmentIn = z.strictObject({
  month: MonthString,
  amount: Amount,
  /** Required when the figure exceeds the remaining total investment. */
  reason: text(2000).min(1).nullish(),
});
export const InvestmentsOut = z.object({
  /** Every record, newest first; a later record of a month supersedes the earlier. */
  records: z.array(
    z.object({
      id: z.uuid(),
      month: z.string(),
      amount: z.number(),
      reason: z.string().nullable(),
      overRemaining: z.boolean(),
      superseded: z.boolean(),
      recordedBy: z.string().nullable(),
      recordedAt: z.string(),
    }),
  ),
  /** The figure in force per month, oldest first. */
  months: z.array(z.object({ month: z.string(), amount: z.number() })),
  totalInvestment: z.number(),
  completedToDate: z.number(),
  remaining: z.number(),
  progress: InvestmentProgressOut,
  /** Set on the answer to a write that exceeded the remaining total (allowed with its reason). */
  warning: z.enum(['over_remaining']).optional(),
  version: z.number().int(),
});

export const MilestonePlanIn = z.strictObject({
  milestones: z
    .array(z.strictObject({ name: text(100).min(1), plannedDate: IsoDateString }))
    .min(1)
    .max(100),
});
export const MilestoneCompleteIn = z.strictObject({
  actualDate: IsoDateString,
  note: text(2000).nullish(),
  /** Evidence (e.g. the permit), uploaded first through POST /api/v1/attachments. */
  attachmentIds: z.array(z.uuid()).min(1).max(20),
});

export const ProjectMilestoneOut = z.object({
  /** The id of its supervised item (kind 'milestone'). */
  id: z.uuid(),
  name: z.string(),
  sortOrder: z.number().int(),
  plannedDate: z.string(),
  actualDate: z.string().nullable(),
  daysLate: z.number().int(),
  state: SupervisionState,
  light: LightEnum,
  lightReasons: z.array(z.string()),
  actions: z.array(SupervisionAction),
  version: z.number().int(),
});
export type ProjectMilestoneOut = z.infer<typeof ProjectMilestoneOut>;

export const TemplateOut = z.object({
  type: ProjectTypeEnum,
  names: z.array(z.string()),
  custom: z.boolean(),
  version: z.number().int(),
});
export const TemplatePut = z.strictObject({ names: z.array(text(100).min(1)).min(1).max(100) });

export const RatesQuery = z.strictObject({
  groupBy: z.enum(RATE_GROUPINGS).default('pool'),
  asOf: IsoDateString.optional(),
});
const RateRowOut = z.object({
  key: z.string().nullable(),
  /** The group's name (pool label, unit or person name); null for the total. */
  label: z.string().nullable(),
  projects: z.number(),
  startPlanned: z.number(),
  started: z.number(),
  startRate: z.number().nullable(),
  completionPlanned: z.number(),
  completed: z.number(),
  completionRate: z.number().nullable(),
  productionPlanned: z.number(),
  producing: z.number(),
  productionRate: z.number().nullable(),
  investmentPlanned: z.number(),
  investmentCompleted: z.number(),
  investmentRate: z.number().nullable(),
});
export const RatesOut = z.object({
  asOf: z.string(),
  year: z.number(),
  expected: z.number(),
  groupBy: z.enum(RATE_GROUPINGS),
  total: RateRowOut,
  groups: z.array(RateRowOut),
});

export const MapQuery = z.strictObject({ pool: csv(PoolEnum), type: csv(ProjectTypeEnum) });
export const BoundaryOut = z.object({
  name: z.string(),
  /** A generated (demo) boundary, not a real administrative one. */
  generated: z.boolean(),
  geojson: z.unknown(),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  version: z.number().int(),
});
export const BoundaryPut = z.strictObject({ name: text(100).min(1), geojson: z.unknown() });

export const MapOut = z.object({
  /** The county outline to draw under the points (null until the administrator uploads one). */
  boundary: BoundaryOut.nullable(),
  points: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      pool: PoolEnum,
      type: ProjectTypeEnum,
      lng: z.number(),
      lat: z.number(),
      light: LightEnum,
      major: z.boolean(),
      totalInvestment: z.number(),
    }),
  ),
  /** Visible projects with no location, so the map can say how many are not drawn. */
  unlocated: z.number().int(),
});

/** The rates' definitions, shown beside the figures in the UI (the same text as the doc comment of computeRates). */
export const RATE_DEFINITIONS: Record<
  'startRate' | 'completionRate' | 'productionRate' | 'investmentRate' | 'expected',
  { 'zh-CN': string; 'en-US': string }
> = {
  startRate: {
    'zh-CN': '开工率 = 计划当年开工的项目中，截至统计日已处于新开工、续建、竣工或投产库的项目数 ÷ 计划当年开工的项目数',
    'en-US':
      'Start rate = projects planned to start this year that are in the new-start, continuing, ' +
      'completed or in-production pool on the date ÷ projects planned to start this year',
  },
  completionRate: {
    'zh-CN': '竣工率 = 计划当年竣工的项目中，截至统计日已处于竣工或投产库的项目数 ÷ 计划当年竣工的项目数',
    'en-US':
      'Completion rate = projects planned to complete this year that are in the ' +
      'completed or in-production pool on the date ÷ projects planned to complete this year',
  },
  productionRate: {
    'zh-CN': '达产率 = 计划当年竣工的产业项目中，截至统计日已处于投产库的项目数 ÷ 计划当年竣工的产业项目数',
    'en-US':
      'Production rate = industrial projects planned to complete this year that are in the ' +
      'in-production pool on the date ÷ industrial projects planned to complete this year',
  },
  investmentRate: {
    'zh-CN':
      '投资完成率 = 当年 1 月至统计日所在月已完成投资 ÷ 当年计划投资（只计有当年计划的项目；超额完成显示为 100%，并列出金额）',
    'en-US':
      'Investment rate = investment completed from January to the month of the date ÷ the year’s ' +
      'planned investment (projects with a plan for the year; over-fulfilment shows as 100% with the amounts)',
  },
  expected: {
    'zh-CN': '序时进度 = 统计日在全年中已过去的比例（按日计）',
    'en-US': 'Expected (time-proportional) progress = the share of the year elapsed by the date, by days',
  },
};

// ---------- weekly rounds (周调度) ----------
export const RoundOpen = z.strictObject({
  /** Any day of the week the round covers. */
  weekOf: IsoDateString,
  /** Reports after this day are late (default: the Thursday of the week). */
  cutoff: IsoDateString.optional(),
  title: text(100).min(1).optional(),
  /** Pools whose projects report (default 前期, 新开工, 续建). */
  pools: z.array(PoolEnum).min(1).max(6).optional(),
});
export const RoundOut = z.object({
  id: z.uuid(),
  title: z.string(),
  weekStart: z.string(),
  cutoff: z.string(),
  state: z.enum(['open', 'closed']),
  /** Projects the caller sees that are due in this round, and how many have a report. */
  expected: z.number().int(),
  reported: z.number().int(),
  late: z.number().int(),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  /** Closed by the system at the cut-off (no one pressed 结束本轮). */
  closedAutomatically: z.boolean(),
  version: z.number().int(),
});
export const RoundReportIn = z.strictObject({
  projectId: z.uuid(),
  /** 本周进展 */
  progress: text(5000).min(1),
  /** 形象进度 */
  imageProgress: text(2000).min(1),
  /** 本月完成投资, 万元 */
  monthInvestment: Amount.nullish(),
  problems: text(5000).nullish(),
  /** 需协调事项 */
  coordination: text(5000).nullish(),
  behind: z.boolean().default(false),
});
export const RoundReportOut = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  projectName: z.string(),
  unitId: z.uuid(),
  progress: z.string(),
  imageProgress: z.string(),
  monthInvestment: z.number().nullable(),
  problems: z.string().nullable(),
  coordination: z.string().nullable(),
  behind: z.boolean(),
  late: z.boolean(),
  superseded: z.boolean(),
  submittedBy: z.string().nullable(),
  submittedAt: z.string(),
});
const ProjectRef = z.object({ projectId: z.uuid(), projectName: z.string(), unitId: z.uuid(), unitName: z.string() });
export const BlockerOut = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  projectName: z.string(),
  type: z.enum(BLOCKER_TYPES),
  description: z.string(),
  level: z.number().int(),
  leaderId: z.uuid().nullable(),
  leaderName: z.string().nullable(),
  raisedByUnitId: z.uuid(),
  handlingUnitId: z.uuid(),
  raisedOn: z.string(),
  deadline: z.string(),
  resolution: z.string().nullable(),
  resolvedOn: z.string().nullable(),
  state: SupervisionState,
  light: LightEnum,
  actions: z.array(SupervisionAction),
  version: z.number().int(),
});
export type BlockerOut = z.infer<typeof BlockerOut>;
export const RoundSummaryOut = z.object({
  round: RoundOut,
  expected: z.number().int(),
  reported: z.number().int(),
  late: z.number().int(),
  /** Sum of this month's investment over the reports in force, 万元. */
  investment: z.number(),
  missing: z.array(ProjectRef),
  behind: z.array(ProjectRef),
  problems: z.array(ProjectRef.extend({ problems: z.string().nullable(), coordination: z.string().nullable() })),
  units: z.array(
    z.object({
      unitId: z.uuid(),
      unitName: z.string(),
      expected: z.number(),
      reported: z.number(),
      late: z.number(),
      missing: z.number(),
      investment: z.number(),
    }),
  ),
  lateUnits: z.array(z.object({ unitId: z.uuid(), unitName: z.string() })),
  /** Blockers raised during the round's week, and all still open. */
  newBlockers: z.array(BlockerOut),
  openBlockers: z.array(BlockerOut),
});

// ---------- blockers (卡点) ----------
export const BlockerCreate = z.strictObject({
  projectId: z.uuid(),
  type: z.enum(BLOCKER_TYPES),
  description: text(5000).min(1),
  /** The unit that must remove it (default: the project's responsible unit). */
  handlingUnitId: z.uuid().nullish(),
});
export const BlockerQuery = Page.extend({
  projectId: z.uuid().optional(),
  leaderId: z.uuid().optional(),
  type: z.enum(BLOCKER_TYPES).optional(),
  state: z.enum(['open', 'closed', 'all']).default('open'),
}).strict();
export const EscalateIn = z.strictObject({ reason: text(2000).min(1), leaderId: z.uuid().nullish() });
export const ResolveIn = z.strictObject({
  resolution: text(5000).min(1),
  attachmentIds: z.array(z.uuid()).min(1).max(20),
});
