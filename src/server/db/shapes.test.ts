import { describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { pgTable, text } from 'drizzle-orm/pg-core';
import { connect } from './client';
import { createShapeCache, Holes, inline } from './shapes';
import { createTestDatabase } from '../../../tests/helpers/db';

const people = pgTable('shape_people', { id: text('id').primaryKey(), unit: text('unit').notNull() });

describe('queries built once per shape', () => {
  it('reuse a shape’s text with each request’s values, and refuse (under the check) a key that hides a difference', async () => {
    const tdb = await createTestDatabase();
    // One connection: the table is a temporary one (the test role creates no tables of its own).
    const { db, close } = connect(tdb.url, 1);
    try {
      await db.execute(sql`CREATE TEMP TABLE shape_people (id text PRIMARY KEY, unit text NOT NULL)`);
      await db.execute(sql`INSERT INTO shape_people VALUES ('a', 'u1'), ('b', 'u2'), ('c', 'u2')`);
      const shapes = createShapeCache({ check: true });
      const byUnit = (unit: string) => {
        const h = new Holes();
        return {
          q: db
            .select({ id: people.id })
            .from(people)
            .where(eq(people.unit, h.v(unit)))
            .orderBy(people.id),
          h,
        };
      };
      for (const [unit, ids] of [
        ['u1', ['a']],
        ['u2', ['b', 'c']],
        ['u3', []],
      ] as const) {
        const { q, h } = byUnit(unit);
        expect((await shapes.run<{ id: string }>('by-unit', q, h.values)).map((r) => r.id)).toEqual(ids);
      }
      expect(shapes.size()).toBe(1);
      // The same text with the values written inline: what the holes stand for.
      const plain = db
        .select({ id: people.id })
        .from(people)
        .where(eq(people.unit, inline('u2')))
        .orderBy(people.id);
      expect(plain.toSQL().sql).toBe(byUnit('u2').q.toSQL().sql);

      // A key that does not name the difference (another condition under the same key) is caught by the check.
      const h = new Holes();
      const other = db
        .select({ id: people.id })
        .from(people)
        .where(eq(people.id, h.v('a')));
      await expect(shapes.run('by-unit', other, h.values)).rejects.toThrow(/reused for a different query/);
      // So is a value written inline that differs from the kept one (it would be sent again with every request).
      const inlineUnit = (unit: string) =>
        db.select({ id: people.id }).from(people).where(eq(people.unit, unit)).orderBy(people.id);
      expect((await shapes.run<{ id: string }>('inline', inlineUnit('u1'), [])).map((r) => r.id)).toEqual(['a']);
      await expect(shapes.run('inline', inlineUnit('u2'), [])).rejects.toThrow(/reused for a different query/);
      // Without the check, a count of values that does not match the kept text's holes is still refused.
      const unchecked = createShapeCache({ check: false });
      const first = byUnit('u1');
      await unchecked.run('k', first.q, first.h.values);
      await expect(unchecked.run('k', first.q, [])).rejects.toThrow(/0 values for 1 holes/);
    } finally {
      await close();
      await tdb.drop();
    }
  });
});
