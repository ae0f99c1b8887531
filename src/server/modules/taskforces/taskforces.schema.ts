import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * 工作专班 / 领导小组: a body across units formed for a piece of work. Its lead unit (牵头单位) answers for the tasks
 * assigned to it; its members come from several units and keep their home unit. Never deleted: dissolved (撤销).
 */
export const taskForces = pgTable(
  'task_forces',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    name: text('name').notNull(),
    /** 'task_force' (工作专班) | 'leading_group' (领导小组) */
    kind: text('kind').notNull(),
    duties: text('duties'),
    leadUnitId: uuid('lead_unit_id').notNull(),
    /** 组长: the county leader at its head, if any. */
    headId: uuid('head_id'),
    /** 'active' | 'dissolved' */
    state: text('state').notNull().default('active'),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('task_forces_jurisdiction_idx').on(t.jurisdictionId, t.state)],
);

/** Membership with its history: a member who leaves keeps the row with `leftAt`. */
export const taskForceMembers = pgTable(
  'task_force_members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    taskForceId: uuid('task_force_id')
      .notNull()
      .references(() => taskForces.id),
    personId: uuid('person_id').notNull(),
    /** 组长, 副组长, 成员, 联络员 — in the office's words. */
    duty: text('duty').notNull().default('成员'),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
    addedBy: uuid('added_by').notNull(),
    leftAt: timestamp('left_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('task_force_members_active_uq').on(t.taskForceId, t.personId).where(sql`left_at IS NULL`),
    index('task_force_members_person_idx').on(t.personId).where(sql`left_at IS NULL`),
  ],
);
