import { describe, expect, it } from 'vitest';
import { DrizzleQueryError, eq, sql } from 'drizzle-orm';
import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { connect } from './client';
import { createShapeCache, Holes, inline } from './shapes';
import { createTestDatabase } from '../../../tests/helpers/db';

const people = pgTable('shape_people', { id: text('id').primaryKey(), unit: text('unit').notNull() });
const visits = pgTable('shape_visits', {
  id: text('id').primaryKey(),
  person: text('person').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull(),
  note: text('note'),
  n: integer('n'),
});

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

  it('map a kept shape’s rows as drizzle does (joins, timestamps, mapped SQL, nulls) and name the failed query', async () => {
    const tdb = await createTestDatabase();
    const { db, close } = connect(tdb.url, 1);
    try {
      await db.execute(sql`CREATE TEMP TABLE shape_people (id text PRIMARY KEY, unit text NOT NULL)`);
      await db.execute(
        sql`CREATE TEMP TABLE shape_visits (id text PRIMARY KEY, person text NOT NULL, at timestamptz NOT NULL, note text, n int)`,
      );
      await db.execute(sql`INSERT INTO shape_people VALUES ('a', 'u1'), ('b', 'u2')`);
      await db.execute(
        sql`INSERT INTO shape_visits VALUES ('v1', 'a', '2026-12-07T01:02:03Z', '走访', 3), ('v2', 'b', '2026-12-06T00:00:00Z', NULL, NULL)`,
      );
      // Without the check: the compiled mapping alone, compared with drizzle's own reading of the same query.
      const shapes = createShapeCache({ check: false });
      const query = (v: <T>(x: T) => T) =>
        db
          .select({
            visit: visits,
            person: { id: people.id, unit: people.unit },
            twice: sql<number>`${visits.n} * 2`.mapWith(Number),
            label: sql<string>`upper(${people.unit})`.as('label'),
          })
          .from(visits)
          .innerJoin(people, eq(people.id, visits.person))
          .where(sql`${visits.at} >= ${v('2026-01-01')}::timestamptz`)
          .orderBy(visits.id);
      const h = new Holes();
      const mine = await shapes.run('visits', query(h.v), h.values);
      const theirs = await query(inline);
      expect(mine).toEqual(theirs);
      expect(mine[0]).toMatchObject({ visit: { at: new Date('2026-12-07T01:02:03Z'), note: '走访' }, twice: 6 });
      expect(mine[1]).toMatchObject({ visit: { note: null, n: null }, twice: null, label: 'U2' });
      // A failing query is reported as drizzle reports it, with its text.
      const bad = new Holes();
      await expect(shapes.run('visits', query(bad.v), ['not a date'])).rejects.toBeInstanceOf(DrizzleQueryError);
    } finally {
      await close();
      await tdb.drop();
    }
  });
});
