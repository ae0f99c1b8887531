import { z } from 'zod';
import { patchShape } from './patch';
import {
  Cadence,
  CloseRequestOut,
  IsoDateString,
  ItemForecastOut,
  ItemOut,
  LightEnum,
  SupervisionState,
} from './supervision';
import { Page } from './org';

/** Contracts of the task ledger (督办台账). */
export const TASK_LEVELS = ['general', 'key', 'major'] as const;
export const TaskLevel = z.enum(TASK_LEVELS);
export const LEVEL_LABELS: Record<(typeof TASK_LEVELS)[number], { 'zh-CN': string; 'en-US': string }> = {
  general: { 'zh-CN': '一般', 'en-US': 'General' },
  key: { 'zh-CN': '重点', 'en-US': 'Key' },
  major: { 'zh-CN': '重大', 'en-US': 'Major' },
};
export const SOURCE_TYPES = ['document', 'meeting', 'instruction', 'work_report'] as const;
export const SourceType = z.enum(SOURCE_TYPES);
export const SOURCE_LABELS: Record<(typeof SOURCE_TYPES)[number], { 'zh-CN': string; 'en-US': string }> = {
  document: { 'zh-CN': '文件', 'en-US': 'Document' },
  meeting: { 'zh-CN': '会议', 'en-US': 'Meeting' },
  instruction: { 'zh-CN': '领导批示', 'en-US': 'Leader instruction' },
  work_report: { 'zh-CN': '政府工作报告', 'en-US': 'Work report' },
};

const text = (max: number) => z.string().trim().max(max);
export const MilestoneIn = z.strictObject({ title: text(200).min(1), due: IsoDateString });
export const MilestonesPut = z.strictObject({ milestones: z.array(MilestoneIn).max(100) });
export const MilestoneDone = z.strictObject({ doneOn: IsoDateString.nullable() });

export const TaskCreate = z.strictObject({
  title: text(200).min(1),
  content: text(10000).min(1),
  /** 工作标准: how done is judged. Required to issue, optional in a draft. */
  standard: text(5000).nullish(),
  accountability: text(2000).nullish(),
  category: text(50).nullish(),
  level: TaskLevel.default('general'),
  sourceType: SourceType.nullish(),
  sourceTitle: text(300).nullish(),
  sourceParagraph: text(10000).nullish(),
  leadUnitId: z.uuid(),
  coUnitIds: z.array(z.uuid()).max(100).default([]),
  leadLeaderId: z.uuid().nullish(),
  /** 工作专班: the task force it is assigned to (its lead unit must be the task's lead unit; its members see it). */
  taskForceId: z.uuid().nullish(),
  responsiblePersonId: z.uuid().nullish(),
  deadline: IsoDateString,
  cadence: Cadence.nullish(),
  milestones: z.array(MilestoneIn).max(100).default([]),
  /** Issue (交办) at once instead of saving a draft. */
  issue: z.boolean().default(false),
});
export type TaskCreate = z.infer<typeof TaskCreate>;

// Every field optional and without its default: a PATCH naming the title must not reset level or co-units.
export const TaskPatch = z.strictObject(patchShape(TaskCreate.omit({ issue: true, milestones: true }).shape));

export const TaskOut = ItemOut.extend({
  serial: z.number().int(),
  content: z.string(),
  standard: z.string().nullable(),
  accountability: z.string().nullable(),
  category: z.string().nullable(),
  level: TaskLevel,
  sourceType: SourceType.nullable(),
  sourceTitle: z.string().nullable(),
  sourceParagraph: z.string().nullable(),
  /** The close request waiting for the office's decision (state close_requested), else null. */
  closeRequest: CloseRequestOut.nullable(),
  /** 预测 on the one trajectory: given by `GET /api/v1/tasks/{id}` (null for a draft or cancelled task), not by lists. */
  forecast: ItemForecastOut.nullable().optional(),
});
export type TaskOut = z.infer<typeof TaskOut>;

const csv = <T extends z.ZodTypeAny>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(item)).optional();

export const TaskQuery = Page.extend({
  state: csv(SupervisionState),
  light: csv(LightEnum),
  unitId: z.uuid().optional(),
  /** The lead unit only (unitId also matches co-operating units). */
  leadUnitId: z.uuid().optional(),
  leaderId: z.uuid().optional(),
  category: z.string().max(50).optional(),
  level: TaskLevel.optional(),
  sourceType: SourceType.optional(),
  deadlineFrom: IsoDateString.optional(),
  deadlineTo: IsoDateString.optional(),
  /** The cockpit's weekly trend links here: issued (start) within, closed within, overdue as of a day. */
  startFrom: IsoDateString.optional(),
  startTo: IsoDateString.optional(),
  closedFrom: IsoDateString.optional(),
  closedTo: IsoDateString.optional(),
  overdueOn: IsoDateString.optional(),
  q: z.string().trim().max(100).optional(),
  /** My to-do: all of it (true), or one kind (accept, report, returned; issue, close, extension, review). */
  todo: z.enum(['true', 'false', 'accept', 'report', 'returned', 'issue', 'close', 'extension', 'review']).optional(),
  parentId: z.uuid().optional(),
  /** 专项行动: the tasks of a campaign, or of one front of it. */
  campaignId: z.uuid().optional(),
  frontId: z.uuid().optional(),
  sort: z.enum(['deadline', 'created', 'light']).default('deadline'),
}).strict();
export type TaskQuery = z.infer<typeof TaskQuery>;

/** The export takes the list's filters (no paging), and how to print: grouped by leader or unit, on A4 or A3. */
export const TaskExportQuery = TaskQuery.omit({ page: true, pageSize: true }).extend({
  groupBy: z.enum(['leader', 'unit']).optional(),
  paper: z.enum(['a4', 'a3']).default('a4'),
});
