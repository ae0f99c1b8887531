import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * In-app notifications, one row per recipient. `dedupeKey` makes every sender idempotent: the reminder job may
 * run twice (a restart, two instances) and still send each reminder once.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    personId: uuid('person_id').notNull(),
    kind: text('kind').notNull(),
    itemId: uuid('item_id'),
    title: text('title').notNull(),
    body: text('body').notNull(),
    link: text('link'),
    dedupeKey: text('dedupe_key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('notifications_dedupe_uq').on(t.personId, t.dedupeKey),
    index('notifications_person_idx').on(t.personId, t.createdAt),
  ],
);

/** Outbound webhooks per jurisdiction: DingTalk or WeCom group robots, or a generic signed JSON endpoint. */
export const webhooks = pgTable('webhooks', {
  id: uuid('id').primaryKey().defaultRandom(),
  jurisdictionId: uuid('jurisdiction_id').notNull(),
  name: text('name').notNull(),
  format: text('format').notNull(), // 'dingtalk' | 'wecom' | 'generic'
  url: text('url').notNull(),
  secret: text('secret'),
  /** Which notification kinds go out; empty = all. */
  kinds: text('kinds').array().notNull(),
  active: boolean('active').notNull().default(true),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One message to one webhook. A group robot gets one message per event, not per recipient, so the dedupe key is
 * the event's. Failures are retried with backoff and shown to administrators.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    webhookId: uuid('webhook_id').notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    payload: jsonb('payload').notNull(),
    status: text('status').notNull().default('pending'), // pending | sent | failed
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    lastStatus: integer('last_status'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('deliveries_dedupe_uq').on(t.webhookId, t.dedupeKey),
    index('deliveries_due_idx').on(t.status, t.nextAttemptAt),
  ],
);
