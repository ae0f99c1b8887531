import { z } from 'zod';
import { LightEnum, SupervisionState } from './supervision';

/** The contract of 工作专班 / 领导小组 (task forces). */
const Text = (max: number) => z.string().trim().min(1).max(max);

export const TASK_FORCE_KINDS = ['task_force', 'leading_group'] as const;
export const TaskForceKind = z.enum(TASK_FORCE_KINDS);
export const TASK_FORCE_KIND_LABELS = {
  task_force: { 'zh-CN': '工作专班', 'en-US': 'Task force' },
  leading_group: { 'zh-CN': '领导小组', 'en-US': 'Leading group' },
} as const;

export const MemberIn = z.strictObject({
  personId: z.uuid(),
  /** 组长、副组长、成员、联络员 … */
  duty: Text(30).default('成员'),
});

export const TaskForceCreate = z.strictObject({
  name: Text(100),
  kind: TaskForceKind.default('task_force'),
  duties: z.string().trim().max(2000).nullish(),
  /** 牵头单位: answers for the tasks assigned to the task force. */
  leadUnitId: z.uuid(),
  /** 组长: a county leader, if any. */
  headId: z.uuid().nullish(),
  members: z.array(MemberIn).max(200).default([]),
});
export type TaskForceCreate = z.infer<typeof TaskForceCreate>;

export const TaskForcePatch = z.strictObject({
  name: Text(100).optional(),
  duties: z.string().trim().max(2000).nullish(),
  headId: z.uuid().nullish(),
  /** 'dissolved' ends it (its tasks stay with the lead unit); 'active' forms it again. */
  state: z.enum(['active', 'dissolved']).optional(),
});
export type TaskForcePatch = z.infer<typeof TaskForcePatch>;

export const MembersIn = z.strictObject({ members: z.array(MemberIn).min(1).max(200) });
export const MembersRemoveIn = z.strictObject({ personIds: z.array(z.uuid()).min(1).max(200) });

export const TaskForceQuery = z.strictObject({
  state: z.enum(['active', 'dissolved']).optional(),
  /** Only those this person is a member of ('me': the caller). */
  member: z.literal('me').optional(),
});

export const MemberOut = z.object({
  personId: z.uuid(),
  name: z.string(),
  title: z.string().nullable(),
  unitId: z.uuid(),
  unitName: z.string(),
  duty: z.string(),
  joinedAt: z.string(),
});

export const TaskForceOut = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: TaskForceKind,
  duties: z.string().nullable(),
  leadUnitId: z.uuid(),
  leadUnitName: z.string(),
  headId: z.uuid().nullable(),
  headName: z.string().nullable(),
  state: z.enum(['active', 'dissolved']),
  version: z.number().int(),
  members: z.array(MemberOut),
  /** The units its members come from. */
  unitNames: z.array(z.string()),
  /** Tasks assigned to it (those the caller sees), open and all. */
  openTasks: z.number().int(),
  tasks: z.number().int(),
});
export type TaskForceOut = z.infer<typeof TaskForceOut>;

export const TaskForceListOut = z.object({ items: z.array(TaskForceOut) });

export const TaskForceDetailOut = TaskForceOut.extend({
  taskItems: z.array(
    z.object({
      id: z.uuid(),
      title: z.string(),
      state: SupervisionState,
      light: LightEnum,
      progress: z.number().int().nullable(),
      deadline: z.string(),
    }),
  ),
});
export type TaskForceDetailOut = z.infer<typeof TaskForceDetailOut>;
