import { z } from 'zod';
import { Cadence, IsoDateString, LightEnum, SupervisionState } from './supervision';
import { FOLLOW_UP_STATUSES, MEETING_KINDS, MEETING_STATES, AGENDA_SOURCES } from './domain/meetings';

/**
 * The contract of meetings (调度会、常务会、专题会): the record, its agenda generated from what is late, the decisions
 * (议定事项) each issued as a task on the supervision core, and the next meeting's follow-up (落实情况).
 */
export const MeetingKind = z.enum(MEETING_KINDS);
export type MeetingKind = z.infer<typeof MeetingKind>;
export const MeetingState = z.enum(MEETING_STATES);
export const AgendaSource = z.enum(AGENDA_SOURCES);
export const FollowUpStatus = z.enum(FOLLOW_UP_STATUSES);

const text = (max: number) => z.string().trim().max(max);

export const MeetingCreate = z.strictObject({
  kind: MeetingKind,
  title: text(200).min(1),
  date: IsoDateString,
  place: text(100).nullish(),
  /** 主持: a leader or principal of the jurisdiction. */
  chairId: z.uuid(),
  /** 参会单位. */
  attendeeUnitIds: z.array(z.uuid()).max(300).default([]),
  /** Build the agenda from what is late (red tasks, overdue milestones, escalated blockers, indicators, projects). */
  generateAgenda: z.boolean().default(true),
});
export type MeetingCreate = z.infer<typeof MeetingCreate>;

export const MeetingOut = z.object({
  id: z.uuid(),
  kind: MeetingKind,
  title: z.string(),
  date: z.string(),
  place: z.string().nullable(),
  chairId: z.uuid(),
  chairName: z.string().nullable(),
  attendeeUnitIds: z.array(z.uuid()),
  attendeeUnitNames: z.array(z.string()),
  state: MeetingState,
  /** 第N期 of the kind's minutes in the year, once issued. */
  minutesNumber: z.number().int().nullable(),
  minutesIssuedOn: z.string().nullable(),
  decisionCount: z.number().int(),
  /** What the caller may do: the page shows these buttons and no others. */
  canManage: z.boolean(),
  canDecide: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type MeetingOut = z.infer<typeof MeetingOut>;

export const MeetingListQuery = z
  .object({
    kind: MeetingKind.optional(),
    year: z.coerce.number().int().min(2000).max(2100).optional(),
  })
  .strict();
export const MeetingListOut = z.object({ items: z.array(MeetingOut) });

/** A figure printed with an agenda item (逾期天数 12, 进度 40% / 序时 75%). */
export const AgendaFigure = z.object({ label: z.string(), value: z.string() });

export const AgendaItemOut = z.object({
  id: z.uuid(),
  position: z.number().int(),
  source: AgendaSource,
  /** The ledger item it is about (a task, milestone, blocker, indicator or project), null for one added by hand. */
  refId: z.uuid().nullable(),
  title: z.string(),
  body: z.string(),
  figures: z.array(AgendaFigure),
  light: LightEnum,
  link: z.string().nullable(),
  unitId: z.uuid().nullable(),
  unitName: z.string().nullable(),
  dropped: z.boolean(),
});
export type AgendaItemOut = z.infer<typeof AgendaItemOut>;

export const DecisionOut = z.object({
  id: z.uuid(),
  meetingId: z.uuid(),
  seq: z.number().int(),
  title: z.string(),
  content: z.string(),
  standard: z.string(),
  leadUnitId: z.uuid(),
  leadUnitName: z.string().nullable(),
  deadline: z.string(),
  agendaItemId: z.uuid().nullable(),
  taskId: z.uuid(),
  /** The task as the core sees it today (null where the caller does not see the task). */
  task: z
    .object({
      state: SupervisionState,
      light: LightEnum,
      progress: z.number().nullable(),
      /** The task's deadline now (an approved extension moves it from the one decided). */
      deadline: z.string(),
      closed: z.boolean(),
    })
    .nullable(),
  /** 落实情况 in one word (by the pure followUpStatus). */
  followUp: FollowUpStatus.nullable(),
  createdAt: z.string(),
});
export type DecisionOut = z.infer<typeof DecisionOut>;

export const DecisionCreate = z.strictObject({
  title: text(200).min(1),
  content: text(5000).min(1),
  /** 工作标准: how done is judged. */
  standard: text(2000).min(1),
  /** 奖惩: what follows if it is not done (五明确). */
  accountability: text(1000).min(1),
  leadUnitId: z.uuid(),
  coUnitIds: z.array(z.uuid()).max(50).default([]),
  leadLeaderId: z.uuid().nullish(),
  deadline: IsoDateString,
  /** 报送周期 of the task's progress reports. */
  cadence: Cadence.default('monthly'),
  /** The agenda item it settles, if any. */
  agendaItemId: z.uuid().nullish(),
});
export type DecisionCreate = z.infer<typeof DecisionCreate>;

export const DecisionListOut = z.object({ items: z.array(DecisionOut) });

/** The agenda: the previous meeting's decisions and their 落实情况 first, then the items in order. */
export const AgendaOut = z.object({
  meeting: MeetingOut,
  previous: z
    .object({
      meetingId: z.uuid(),
      title: z.string(),
      date: z.string(),
      decisions: z.array(DecisionOut),
      counts: z.record(FollowUpStatus, z.number().int()),
    })
    .nullable(),
  items: z.array(AgendaItemOut),
  dropped: z.array(AgendaItemOut),
});
export type AgendaOut = z.infer<typeof AgendaOut>;

/** The office's edit: the items kept, in order (by id), and items added by hand; an item left out is dropped. */
export const AgendaPut = z.strictObject({
  items: z
    .array(
      z.union([
        z.strictObject({ id: z.uuid() }),
        z.strictObject({
          title: text(200).min(1),
          body: text(2000).default(''),
          unitId: z.uuid().nullish(),
        }),
      ]),
    )
    .max(200),
});
export type AgendaPut = z.infer<typeof AgendaPut>;
