import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { connect } from './client';
import { createTestDatabase } from '../../../tests/helpers/db';

describe('strict transactions (the rule a small pool needs)', () => {
  it('refuses a query on a second connection inside a transaction, and allows the transaction’s own and those outside it', async () => {
    const tdb = await createTestDatabase();
    const { db, pool, close } = connect(tdb.url, 2, '', true);
    try {
      await expect(db.transaction(async () => void (await db.execute(sql`SELECT 1`)))).rejects.toThrow(
        /second connection inside a transaction/,
      );
      await expect(db.transaction(async () => void (await db.transaction(async () => {})))).rejects.toThrow(
        /second connection inside a transaction/,
      );
      await expect(db.transaction(async () => void (await pool.query('SELECT 1')))).rejects.toThrow(
        /second connection inside a transaction/,
      );
      expect(await db.transaction(async (tx) => (await tx.execute(sql`SELECT 1 AS one`)).rows[0])).toEqual({ one: 1 });
      // Nested work on the transaction itself (a savepoint) is its own connection, so it is fine.
      expect(
        await db.transaction(async (tx) =>
          tx.transaction(async (sp) => (await sp.execute(sql`SELECT 3 AS three`)).rows[0]),
        ),
      ).toEqual({ three: 3 });
      expect((await db.execute(sql`SELECT 2 AS two`)).rows[0]).toEqual({ two: 2 });
      // Two transactions at once on a pool of two: each finishes (nothing waits for a third connection).
      const both = await Promise.all(
        [1, 2].map((n) =>
          db.transaction(async (tx) => (await tx.execute(sql`SELECT ${n}::int AS n, pg_sleep(0.05)`)).rows[0]!.n),
        ),
      );
      expect(both).toEqual([1, 2]);
    } finally {
      await close();
      await tdb.drop();
    }
  });
});
