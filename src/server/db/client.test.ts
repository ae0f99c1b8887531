import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { ANY_PLAN, connect, GENERIC_PLAN } from './client';
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

describe('generic plans for marked queries', () => {
  it('runs a marked query with the plan made once, the others as before, and sets it again after a rollback', async () => {
    const tdb = await createTestDatabase();
    const { db, close } = connect(tdb.url, 1); // one connection: every query below shares its setting
    try {
      const marked = async (n: number, q = db as Pick<typeof db, 'execute'>) =>
        (
          (
            await q.execute(
              sql`SELECT current_setting('plan_cache_mode') AS mode, ${n}::int AS n WHERE ${GENERIC_PLAN}`,
            )
          ).rows[0] as { mode: string }
        ).mode;
      const plain = async (n: number) =>
        (
          (await db.execute(sql`SELECT current_setting('plan_cache_mode') AS mode, ${n}::int AS n`)).rows[0] as {
            mode: string;
          }
        ).mode;
      // A text is named (prepared) the second time it is seen; from then on the marked one runs generic.
      expect([await marked(1), await marked(2), await marked(3)]).toEqual([
        'auto',
        'force_generic_plan',
        'force_generic_plan',
      ]);
      const kept = (
        await db.execute(
          sql`SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE '%plan: generic%' AND ${1} = 1`,
        )
      ).rows[0] as { generic_plans: number; custom_plans: number };
      expect(kept).toMatchObject({ generic_plans: 2, custom_plans: 0 });
      expect([await plain(1), await plain(2)]).toEqual(['auto', 'auto']);
      // A SET made inside a transaction that rolls back is undone: the next marked query sets it again.
      await expect(
        db.transaction(async (tx) => {
          expect(await marked(4, tx)).toBe('force_generic_plan');
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect(await marked(5)).toBe('force_generic_plan');
      expect(await plain(3)).toBe('auto');
      // A key lookup marked ANY_PLAN runs in whatever mode the connection is in: it switches none either way.
      const any = async (n: number) =>
        (
          (await db.execute(sql`SELECT current_setting('plan_cache_mode') AS mode, ${n}::int AS n WHERE ${ANY_PLAN}`))
            .rows[0] as { mode: string }
        ).mode;
      await any(0); // named from the second time on
      expect(await marked(6)).toBe('force_generic_plan');
      expect(await any(1)).toBe('force_generic_plan');
      expect(await plain(4)).toBe('auto');
      expect(await any(2)).toBe('auto');
    } finally {
      await close();
      await tdb.drop();
    }
  });
});
