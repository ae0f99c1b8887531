import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { rounds } from './projects.schema';

/**
 * 调度事项: items other modules put on the agenda of the next weekly scheduling round (an economic indicator that
 * turned yellow or red or fell in rank, …). An item raised while a round is open goes on that round; otherwise it waits
 * (round_id null) and is put on the next round opened. The key makes raising the same item twice a no-op.
 */
export const roundAgendaItems = pgTable(
  'round_agenda_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    roundId: uuid('round_id').references(() => rounds.id),
    /** Which module raised it: 'indicators' … */
    source: text('source').notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    /** Where the web app shows the matter, e.g. /indicators/{id}. */
    link: text('link'),
    /** The unit answerable for it and its leader: who besides the principals and the office sees the item. */
    unitId: uuid('unit_id'),
    leaderId: uuid('leader_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('round_agenda_items_key_uq').on(t.jurisdictionId, t.dedupeKey),
    index('round_agenda_items_round_idx').on(t.roundId, t.createdAt),
  ],
);
