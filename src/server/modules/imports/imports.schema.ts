import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * An uploaded spreadsheet, checked and held until its uploader commits it: imports are two steps (preview with
 * row errors, then commit all-or-nothing), shared by every ledger that imports.
 */
export const importBatches = pgTable(
  'import_batches',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    kind: text('kind').notNull(),
    createdBy: uuid('created_by').notNull(),
    fileName: text('file_name').notNull(),
    fileSha256: text('file_sha256').notNull(),
    payload: jsonb('payload').notNull(),
    status: text('status').notNull().default('previewed'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    committedAt: timestamp('committed_at', { withTimezone: true }),
  },
  (t) => [index('import_batches_hash_idx').on(t.jurisdictionId, t.kind, t.fileSha256)],
);
