import { date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * 专项行动 (a campaign: 执行力亮剑, 项目攻坚年): it groups tasks and projects into fronts (战线), each led by a county
 * leader. Never deleted: a campaign ends (closed) and keeps its fronts and items.
 */
export const campaigns = pgTable(
  'campaigns',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    name: text('name').notNull(),
    /** 目标任务 */
    goal: text('goal'),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    /** 'active' | 'closed' */
    state: text('state').notNull().default('active'),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('campaigns_jurisdiction_idx').on(t.jurisdictionId, t.startDate)],
);

/** 战线: a front of a campaign with its lead leader (牵头县领导) and, if named, its lead unit. */
export const campaignFronts = pgTable(
  'campaign_fronts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    name: text('name').notNull(),
    /** 职责范围 */
    duties: text('duties'),
    leaderId: uuid('leader_id'),
    leadUnitId: uuid('lead_unit_id'),
    sortOrder: integer('sort_order').notNull().default(0),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('campaign_fronts_campaign_idx').on(t.campaignId, t.sortOrder)],
);

/**
 * What a front holds: tasks (supervised items of kind 'task') and projects of the library, each in one front of a
 * campaign at most (a task may be in several campaigns).
 */
export const campaignItems = pgTable(
  'campaign_items',
  {
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    frontId: uuid('front_id')
      .notNull()
      .references(() => campaignFronts.id),
    /** 'task' | 'project' */
    itemType: text('item_type').notNull(),
    itemId: uuid('item_id').notNull(),
    addedBy: uuid('added_by').notNull(),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('campaign_items_uq').on(t.campaignId, t.itemType, t.itemId),
    index('campaign_items_front_idx').on(t.frontId, t.itemType),
    index('campaign_items_item_idx').on(t.itemId),
  ],
);
