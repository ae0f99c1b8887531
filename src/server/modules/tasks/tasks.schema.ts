import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { supervisedItems } from '../supervision/supervision.schema';

/** What a task ledger row adds to its supervised item (五明确: 任务、标准、责任、时限、奖惩). */
export const tasks = pgTable(
  'tasks',
  {
    /** Same id as its supervised item: one row here per item of kind 'task'. */
    id: uuid('id')
      .primaryKey()
      .references(() => supervisedItems.id),
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    serial: integer('serial').notNull(),
    content: text('content').notNull(),
    standard: text('standard').notNull(),
    accountability: text('accountability'),
    category: text('category'),
    level: text('level').notNull().default('general'),
    sourceType: text('source_type'),
    sourceTitle: text('source_title'),
    sourceParagraph: text('source_paragraph'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('tasks_jurisdiction_idx').on(t.jurisdictionId, t.serial),
    // The ledger filtered by 级别 (the office's 重点/重大 pages): read from the index alone and joined to the page's
    // items by id, instead of reading every task row of the table (bench/RESULTS.md, issue 16).
    index('tasks_level_idx').on(t.jurisdictionId, t.level, t.id),
  ],
);
