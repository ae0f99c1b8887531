import { date, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { supervisedItems } from '../supervision/supervision.schema';

/**
 * 整改: what a finding (问题) adds to its supervised item of kind 'finding' — where it was found (巡察, 审计, 督查暗访,
 * 安全检查, 环保督察 …), when, the problem as the inspectors wrote it, its severity and the measures required. The
 * unit, deadline, 签收, 整改进展, 销号 and lights are the core's.
 */
export const findings = pgTable(
  'findings',
  {
    /** Same id as its supervised item. */
    id: uuid('id')
      .primaryKey()
      .references(() => supervisedItems.id),
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    /** 序号 in the county's ledger of findings (no gaps). */
    serial: integer('serial').notNull(),
    source: text('source').notNull(),
    /** The inspection it came from, as named (县委第二巡察组2026年第一轮巡察). */
    sourceTitle: text('source_title'),
    foundOn: date('found_on', { mode: 'string' }).notNull(),
    problem: text('problem').notNull(),
    severity: text('severity').notNull().default('general'),
    measures: text('measures').notNull(),
    /** 责任人 as the list names him or her (a person need not have an account). */
    responsible: text('responsible'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('findings_jurisdiction_idx').on(t.jurisdictionId, t.serial)],
);
