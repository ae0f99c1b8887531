import { sql } from 'drizzle-orm';
import { bigint, check, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Append-only, hash-chained audit trail. UPDATE, DELETE and TRUNCATE are refused by triggers (see the
 * custom migrations) and by the app's role, which may only insert and read it; each row's hash is keyed and covers
 * the previous row's hash, so `luoshi audit verify` finds the first row that was altered, added or removed (see
 * audit.chain.ts). `seq` is written by the app as the last seq + 1 under a lock (no sequence: a rolled-back
 * transaction would leave a gap), positive and gap-free.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    jurisdictionId: uuid('jurisdiction_id'),
    personId: uuid('person_id'),
    username: text('username'),
    unitId: uuid('unit_id'),
    roles: text('roles'),
    ip: text('ip'),
    action: text('action').notNull(),
    objectType: text('object_type'),
    objectId: text('object_id'),
    result: text('result').notNull(),
    requestId: text('request_id'),
    detail: jsonb('detail'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    check('audit_seq_positive', sql`${t.seq} > 0`),
    index('audit_at_idx').on(t.at),
    index('audit_action_idx').on(t.action),
    index('audit_person_idx').on(t.personId),
  ],
);
