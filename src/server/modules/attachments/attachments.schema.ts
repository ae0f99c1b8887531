import { bigint, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Evidence files (佐证材料), stored on disk by content hash (data/files/ab/cd/<sha256>): the same file uploaded twice
 * is stored once. Each upload is a row of its own (who, when, under which name).
 */
export const attachments = pgTable(
  'attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    sha256: text('sha256').notNull(),
    fileName: text('file_name').notNull(),
    mediaType: text('media_type').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    uploadedBy: uuid('uploaded_by').notNull(),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
    /** The item (task, …) it was attached to; null until used. */
    itemId: uuid('item_id'),
  },
  (t) => [index('attachments_item_idx').on(t.itemId)],
);
