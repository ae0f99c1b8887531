import { z } from 'zod';
import { IsoDateString, LightEnum, SupervisionState } from './supervision';
import { PoolEnum } from './projects';

/** The contract of 专项行动与战线 (campaigns and their fronts). */
const Text = (max: number) => z.string().trim().min(1).max(max);
const Note = (max: number) => z.string().trim().max(max).nullish();

export const FrontIn = z.strictObject({
  name: Text(100),
  /** 职责范围: what the front covers. */
  duties: Note(2000),
  /** 牵头县领导: a leader or principal of the county. */
  leaderId: z.uuid().nullish(),
  /** 牵头单位, if the front has one. */
  leadUnitId: z.uuid().nullish(),
});
export type FrontIn = z.infer<typeof FrontIn>;

export const CampaignCreate = z.strictObject({
  name: Text(100),
  /** 目标任务: what the campaign sets out to do. */
  goal: Note(5000),
  startDate: IsoDateString,
  endDate: IsoDateString,
  fronts: z.array(FrontIn).max(30).default([]),
});
export type CampaignCreate = z.infer<typeof CampaignCreate>;

export const CampaignPatch = z.strictObject({
  name: Text(100).optional(),
  goal: Note(5000),
  startDate: IsoDateString.optional(),
  endDate: IsoDateString.optional(),
  /** 'closed' ends the campaign (it stays readable); 'active' opens it again. */
  state: z.enum(['active', 'closed']).optional(),
});
export type CampaignPatch = z.infer<typeof CampaignPatch>;

export const FrontPatch = z.strictObject({
  name: Text(100).optional(),
  duties: Note(2000),
  leaderId: z.uuid().nullish(),
  leadUnitId: z.uuid().nullish(),
  sortOrder: z.number().int().min(0).max(1000).optional(),
});
export type FrontPatch = z.infer<typeof FrontPatch>;

/** Puts tasks and projects in a front (moving them from another front of the same campaign). */
export const CampaignItemsIn = z.strictObject({
  frontId: z.uuid(),
  taskIds: z.array(z.uuid()).max(500).default([]),
  projectIds: z.array(z.uuid()).max(500).default([]),
});
export type CampaignItemsIn = z.infer<typeof CampaignItemsIn>;

/** Takes tasks and projects out of the campaign. */
export const CampaignItemsRemoveIn = z.strictObject({
  taskIds: z.array(z.uuid()).max(500).default([]),
  projectIds: z.array(z.uuid()).max(500).default([]),
});
export type CampaignItemsRemoveIn = z.infer<typeof CampaignItemsRemoveIn>;

export const CampaignQuery = z.strictObject({
  state: z.enum(['active', 'closed']).optional(),
});

export const FiguresOut = z.object({
  tasks: z.number().int(),
  closed: z.number().int(),
  open: z.number().int(),
  overdue: z.number().int(),
  red: z.number().int(),
  yellow: z.number().int(),
  green: z.number().int(),
  progress: z.number().int().nullable(),
  score: z.number().int().nullable(),
});

const ProjectFigures = z.object({
  projects: z.number().int(),
  red: z.number().int(),
  yellow: z.number().int(),
  /** In the pools 在建 or 竣工 (started). */
  started: z.number().int(),
});

export const FrontOut = z.object({
  id: z.uuid(),
  name: z.string(),
  duties: z.string().nullable(),
  leaderId: z.uuid().nullable(),
  leaderName: z.string().nullable(),
  leadUnitId: z.uuid().nullable(),
  leadUnitName: z.string().nullable(),
  sortOrder: z.number().int(),
  version: z.number().int(),
  figures: FiguresOut,
  projects: ProjectFigures,
  rank: z.number().int().nullable(),
});
export type FrontOut = z.infer<typeof FrontOut>;

export const CampaignOut = z.object({
  id: z.uuid(),
  name: z.string(),
  goal: z.string().nullable(),
  startDate: z.string(),
  endDate: z.string(),
  state: z.enum(['active', 'closed']),
  version: z.number().int(),
  /** The whole campaign's figures (over the tasks the caller sees). */
  figures: FiguresOut,
  projects: ProjectFigures,
  /** In the order of the front league (best first; fronts without tasks last). */
  fronts: z.array(FrontOut),
});
export type CampaignOut = z.infer<typeof CampaignOut>;

export const CampaignListOut = z.object({ items: z.array(CampaignOut) });

export const CampaignDetailOut = CampaignOut.extend({
  /** The league of the units answering for the campaign's tasks (as lead unit). */
  units: z.array(
    z.object({ unitId: z.uuid(), unitName: z.string(), figures: FiguresOut, rank: z.number().int().nullable() }),
  ),
  tasks: z.array(
    z.object({
      id: z.uuid(),
      frontId: z.uuid(),
      title: z.string(),
      state: SupervisionState,
      light: LightEnum,
      progress: z.number().int().nullable(),
      deadline: z.string(),
      assigneeUnitId: z.uuid(),
      unitName: z.string(),
    }),
  ),
  projectItems: z.array(
    z.object({
      id: z.uuid(),
      frontId: z.uuid(),
      serial: z.number().int(),
      name: z.string(),
      pool: PoolEnum,
      light: LightEnum,
      responsibleUnitId: z.uuid(),
      unitName: z.string(),
    }),
  ),
});
export type CampaignDetailOut = z.infer<typeof CampaignDetailOut>;
