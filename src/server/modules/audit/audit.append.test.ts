import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { createTestApp } from '../../../../tests/helpers/app';
import { connect, type Tx } from '../../db/client';
import { createAuditService, PENDING_REJECTED_ACTION, type AuditInput, type AuditService } from './audit.service';
import { loadAuditKey } from './audit.key';

/**
 * A writer's audit rows go to audit_pending with its own statement, in its transaction, without a lock; the
 * chainer moves the committed ones into the chain (`settle`, the timer, start). Whatever the interleaving — two
 * instances writing and chaining at once, writes rolled back, rows left pending by a process that stopped — one
 * chain, no gap, verified.
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

/** As a writer does: the events in its own statement; answers how many it wrote. */
async function writeIn(tx: Tx, svc: AuditService, events: AuditInput[]): Promise<number> {
  const a = svc.append(tx, events);
  const { rows } = await tx.execute<Record<string, unknown>>(sql`WITH x AS (SELECT 1), ${a.ctes} SELECT ${a.columns}`);
  return Number(rows[0]!.audit_written);
}
const write = (svc: AuditService, events: AuditInput[]) => db.transaction((tx) => writeIn(tx, svc, events));

const count = async (where: string) =>
  (await t.deps.database.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${where}`)).rows[0]!.n;
const chainedEvents = () => count(`audit_events WHERE action = 'test.event'`);

/** Another instance (or a CLI run) with the same key, on its own connections. */
function otherInstance() {
  const database = connect(t.url, 3);
  const svc = createAuditService({
    db: database.db,
    key: loadAuditKey({ dataDir: t.deps.config.dataDir }),
    dataDir: t.deps.config.dataDir,
  });
  return { svc, close: () => database.close() };
}

async function expectWhole() {
  await audit.settle();
  expect(await count('audit_pending')).toBe(0);
  const { rows } = await db.execute<{ n: number; min: number; max: number }>(
    sql`SELECT count(*)::int AS n, min(seq)::int AS min, max(seq)::int AS max FROM audit_events`,
  );
  expect(rows[0]!.min).toBe(1);
  expect(rows[0]!.max).toBe(rows[0]!.n);
  const v = await audit.verify();
  expect(v).toMatchObject({ ok: true, problems: [], checked: rows[0]!.n });
}

describe('audit rows written with the change, chained after the commit', () => {
  it('pending until settled; settle chains every row committed before the call, the key start row first', async () => {
    expect(await write(audit, [event(1), event(2)])).toBe(2);
    await audit.settle();
    expect(await count('audit_pending')).toBe(0);
    const { rows } = await db.execute<{ seq: number; action: string; object_id: string | null }>(
      sql`SELECT seq, action, object_id FROM audit_events ORDER BY seq`,
    );
    // A new chain: keyed by its first run, then the events in the order they were written.
    expect(rows.map((r) => r.action)).toEqual(['audit.chain.keyed', 'test.event', 'test.event']);
    expect(rows.map((r) => r.object_id)).toEqual([null, 'e1', 'e2']);
    // Several callers at once share runs, and each finds its rows chained.
    await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        await audit.record(event(10 + i));
        await audit.settle();
        expect(await count(`audit_events WHERE object_id = 'e${10 + i}'`)).toBe(1);
      }),
    );
    await expectWhole();
  });

  it('a rolled-back write leaves nothing pending and nothing in the chain', async () => {
    const before = await chainedEvents();
    await expect(
      db.transaction(async (tx) => {
        expect(await writeIn(tx, audit, [event(50)])).toBe(1);
        await audit.record(event(51), tx);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await audit.settle();
    expect(await count(`audit_pending`)).toBe(0);
    expect(await chainedEvents()).toBe(before);
    await expectWhole();
  });

  it('two instances writing and chaining at once give one chain; rows a stopped process left are chained at start', async () => {
    const a = otherInstance();
    const b = otherInstance();
    try {
      const before = await chainedEvents();
      await Promise.all([
        ...Array.from({ length: 20 }, (_, i) => audit.record(event(100 + i)).then(() => audit.settle())),
        ...Array.from({ length: 20 }, (_, i) => a.svc.record([event(200 + i), event(300 + i)]).then(a.svc.settle)),
        ...Array.from({ length: 10 }, (_, i) => write(audit, [event(400 + i)]).then(() => a.svc.settle())),
      ]);
      expect(await chainedEvents()).toBe(before + 20 + 40 + 10);
      await expectWhole();

      // Written, never chained by its writer (it stopped): the next process to start chains them.
      await b.svc.record([event(500), event(501)]);
      await b.close();
      const c = otherInstance();
      try {
        await c.svc.ensureKeyed();
        expect(await count('audit_pending')).toBe(0);
        expect(await count(`audit_events WHERE object_id IN ('e500', 'e501')`)).toBe(2);
      } finally {
        await c.close();
      }
      await expectWhole();
    } finally {
      await a.close();
      await b.close().catch(() => {});
    }
  });

  it('a burst of concurrent writes through the API verifies', async () => {
    const a = otherInstance();
    try {
      await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          i % 3 === 0
            ? a.svc.record(event(600 + i))
            : db.transaction(async (tx) => {
                await writeIn(tx, audit, [event(600 + i)]);
                await audit.record(event(700 + i), tx);
              }),
        ),
      );
      await a.svc.settle();
      await expectWhole();
      expect(await count(`audit_events WHERE object_id ~ '^e[67]'`)).toBe(20 + 40 * 2);
    } finally {
      await a.close();
    }
  });

  it('the rows are those the writer gave: fields and detail as given, keyed hash over them', async () => {
    const detail = {
      before: { a: 1, list: [1, 'x', null] },
      after: { a: 2, 中文: '督办' },
      nothing: null,
      // Written into the chainer's statement as a literal: quotes, backslashes and replacement patterns stay as given.
      text: "it's $1 $' $& $$ \\ \\' \"q\" \n end",
    };
    expect(
      await write(audit, [{ ...event(0), detail, username: 'u', roles: ['a', 'b'], ip: '10.0.0.1', requestId: 'r' }]),
    ).toBe(1);
    await audit.settle();
    const { rows } = await db.execute<Record<string, unknown>>(
      sql`SELECT username, roles, ip, request_id, detail FROM audit_events ORDER BY seq DESC LIMIT 1`,
    );
    expect(rows[0]).toEqual({ username: 'u', roles: 'a,b', ip: '10.0.0.1', request_id: 'r', detail });
    await expectWhole();
  });

  it('a pending row without the writer’s MAC (put there by the database role alone) is chained as rejected', async () => {
    const c = new pg.Client({ connectionString: t.url });
    await c.connect();
    try {
      await c.query(
        `INSERT INTO audit_pending (at, action, result, username, mac) VALUES (now(), 'auth.login', 'success', 'mallory', 'x')`,
      );
    } finally {
      await c.end();
    }
    await audit.settle();
    const { rows } = await db.execute<{ action: string; result: string; detail: { username: string } }>(
      sql`SELECT action, result, detail FROM audit_events ORDER BY seq DESC LIMIT 1`,
    );
    expect(rows[0]).toMatchObject({
      action: PENDING_REJECTED_ACTION,
      result: 'failure',
      detail: { username: 'mallory' },
    });
    expect(await count(`audit_events WHERE action = 'auth.login' AND username = 'mallory'`)).toBe(0);
    await expectWhole();
  });
});
