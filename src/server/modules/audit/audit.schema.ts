import { sql } from 'drizzle-orm';
import { bigint, check, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** An event's content, as it is pending and then chained (fresh builders for each table). */
const eventColumns = () => ({
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
});

/**
 * Append-only, hash-chained audit trail. UPDATE, DELETE and TRUNCATE are refused by triggers (see the
 * custom migrations) and by the app's role, which may only insert and read it; each row's hash is keyed and covers
 * the previous row's hash, so `luoshi audit verify` finds the first row that was altered, added or removed (see
 * audit.chain.ts). `seq` is written by the app's chainer as the last seq + 1 under a lock (no sequence: a
 * rolled-back transaction would leave a gap), positive and gap-free.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    ...eventColumns(),
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

/**
 * Events written with their change, not yet chained: a writer inserts its events here in its own transaction (they
 * commit or roll back with the change, and no writer waits for another), and the chainer (audit.service.ts) moves
 * them, in `id` order, into audit_events under the chain's lock, numbered and hashed from the chain's head. `mac`
 * is the writer's keyed MAC of the event's content: a row put here by someone holding the database role but not
 * the key is not chained as the app's (the chainer records it as rejected). The app's role may insert, read and
 * delete here, not update.
 */
export const auditPending = pgTable('audit_pending', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  ...eventColumns(),
  mac: text('mac').notNull(),
});
