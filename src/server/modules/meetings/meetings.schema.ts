import {
  boolean,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { supervisedItems } from '../supervision/supervision.schema';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/**
 * 会议 (调度会、常务会、专题会): kind, title, date, chair (a leader), attending units and its state (planned → held →
 * minutes_issued). Issuing the minutes numbers them 第N期 per kind and year and stores the .docx with its sha256:
 * downloads then return exactly those bytes, whatever the decisions' tasks do later.
 */
export const meetings = pgTable(
  'meetings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    /** 'scheduling' | 'executive' | 'special' */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    place: text('place'),
    chairId: uuid('chair_id').notNull(),
    attendeeUnitIds: uuid('attendee_unit_ids').array().notNull().default([]),
    /** 'planned' | 'held' | 'minutes_issued' */
    state: text('state').notNull().default('planned'),
    minutesYear: integer('minutes_year'),
    minutesNumber: integer('minutes_number'),
    minutesIssuedOn: date('minutes_issued_on', { mode: 'string' }),
    minutesDocx: bytea('minutes_docx'),
    minutesSha256: text('minutes_sha256'),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('meetings_jurisdiction_idx').on(t.jurisdictionId, t.date),
    uniqueIndex('meetings_minutes_number_uq').on(t.jurisdictionId, t.kind, t.minutesYear, t.minutesNumber),
  ],
);

/**
 * 会议议题: generated from what is late (each with its figures as they stood when generated, and a link to the item)
 * or added by the office; reordered by position, and dropped rather than deleted so the office can take one back.
 */
export const meetingAgendaItems = pgTable(
  'meeting_agenda_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id),
    position: integer('position').notNull(),
    /** 'task' | 'milestone' | 'blocker' | 'indicator' | 'project' | 'manual' */
    source: text('source').notNull(),
    refId: uuid('ref_id'),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    /** [{ label, value }] */
    figures: jsonb('figures').notNull().default([]),
    light: text('light').notNull().default('none'),
    link: text('link'),
    unitId: uuid('unit_id'),
    dropped: boolean('dropped').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('meeting_agenda_items_meeting_idx').on(t.meetingId, t.position)],
);

/**
 * 议定事项: what the meeting decided, as recorded (title, content, standard, lead unit, deadline), each issued as a
 * task on the supervision core whose source is the meeting; the task carries its 落实情况 from then on.
 */
export const meetingDecisions = pgTable(
  'meeting_decisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id),
    seq: integer('seq').notNull(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => supervisedItems.id),
    agendaItemId: uuid('agenda_item_id').references(() => meetingAgendaItems.id),
    title: text('title').notNull(),
    content: text('content').notNull(),
    standard: text('standard').notNull(),
    leadUnitId: uuid('lead_unit_id').notNull(),
    coUnitIds: uuid('co_unit_ids').array().notNull().default([]),
    deadline: date('deadline', { mode: 'string' }).notNull(),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('meeting_decisions_seq_uq').on(t.meetingId, t.seq),
    uniqueIndex('meeting_decisions_task_uq').on(t.taskId),
  ],
);
