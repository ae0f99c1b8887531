import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp } from '../../../../tests/helpers/app';
import { connect, type Tx } from '../../db/client';
import { CHAIN_LOCK_SQL, createAuditService, type AuditInput, type AuditService } from './audit.service';
import { loadAuditKey } from './audit.key';

/**
 * A writer's audit rows go in with its own statement, chained from the head the service remembers (the fast way),
 * or — when another process wrote in between, or the transaction that wrote the remembered head rolled back — from
 * the head that statement found, in one statement more (the slow way). Either way: one chain, no gap, verified.
 */
const t = await createTestApp({}, { demo: false });
const { audit } = t.deps;
const db = t.deps.database.db;
const event = (n: number): AuditInput => ({
  action: 'test.event',
  objectId: `e${n}`,
  result: 'success',
  detail: { n },
});

/** As a writer does: the lock by a statement of its own, then the events with the next; answers how many went in then. */
async function writeIn(tx: Tx, svc: AuditService, events: AuditInput[]): Promise<number> {
  await tx.execute(sql`SELECT ${CHAIN_LOCK_SQL}`);
  const a = svc.append(tx, events);
  const { rows } = await tx.execute<Record<string, unknown>>(sql`WITH x AS (SELECT 1), ${a.ctes} SELECT ${a.columns}`);
  await a.finish(rows[0]!);
  return Number(rows[0]!.audit_written);
}
const write = (svc: AuditService, events: AuditInput[]) => db.transaction((tx) => writeIn(tx, svc, events));

async function expectWhole() {
  const { rows } = await db.execute<{ n: number; min: number; max: number }>(
    sql`SELECT count(*)::int AS n, min(seq)::int AS min, max(seq)::int AS max FROM audit_events`,
  );
  expect(rows[0]!.min).toBe(1);
  expect(rows[0]!.max).toBe(rows[0]!.n);
  const v = await audit.verify();
  expect(v).toMatchObject({ ok: true, problems: [], checked: rows[0]!.n });
}

describe('audit rows written with the change', () => {
  it('the fast way from the remembered head, the slow way when another process wrote in between or a write rolled back', async () => {
    await audit.ensureKeyed();
    await write(audit, [event(1)]);
    // Remembered from the write before: in with the statement.
    expect(await write(audit, [event(2), event(3)])).toBe(2);

    // Another instance (or a CLI run) with the same key writes: this service's head is stale.
    const database = connect(t.url, 2);
    try {
      const other = createAuditService({
        db: database.db,
        key: loadAuditKey({ dataDir: t.deps.config.dataDir }),
        dataDir: t.deps.config.dataDir,
      });
      await other.record(event(4));
      expect(await write(audit, [event(5), event(6)])).toBe(0);
      expect(await write(audit, [event(7)])).toBe(1);

      // Written, then rolled back with its change: the head remembered was never committed.
      await expect(
        db.transaction(async (tx) => {
          expect(await writeIn(tx, audit, [event(8)])).toBe(1);
          throw new Error('the change failed');
        }),
      ).rejects.toThrow('the change failed');
      expect(await write(audit, [event(9)])).toBe(0);
      expect(await write(audit, [event(10)])).toBe(1);

      // Both instances at once, through record (a transaction of its own each) and inside callers' transactions.
      await Promise.all([
        ...Array.from({ length: 12 }, (_, i) => audit.record(event(100 + i))),
        ...Array.from({ length: 12 }, (_, i) => other.record([event(200 + i), event(300 + i)])),
        ...Array.from({ length: 6 }, (_, i) => write(audit, [event(400 + i)])),
      ]);
      const { rows } = await db.execute<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'test.event'`,
      );
      expect(rows[0]!.n).toBe(10 - 1 + 12 + 24 + 6);
      await expectWhole();
    } finally {
      await database.close();
    }
  });

  it('the rows are those the service would have written: fields and detail as given, keyed hash over them', async () => {
    await write(audit, [event(1)]);
    const detail = { before: { a: 1, list: [1, 'x', null] }, after: { a: 2, 中文: '督办' }, nothing: null };
    expect(
      await write(audit, [{ ...event(0), detail, username: 'u', roles: ['a', 'b'], ip: '10.0.0.1', requestId: 'r' }]),
    ).toBe(1);
    const { rows } = await db.execute<Record<string, unknown>>(
      sql`SELECT username, roles, ip, request_id, detail FROM audit_events ORDER BY seq DESC LIMIT 1`,
    );
    expect(rows[0]).toEqual({ username: 'u', roles: 'a,b', ip: '10.0.0.1', request_id: 'r', detail });
    await expectWhole();
  });
});
