import { describe, expect, it } from 'vitest';
import { asc, DrizzleQueryError, desc, eq, getTableColumns, sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  char,
  date,
  doublePrecision,
  integer,
  interval,
  json,
  jsonb,
  numeric,
  pgTable,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
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

// Every type the JSON transport carries (db/shapes.ts, TRANSPORT), in the modes the app uses and the others.
const kinds = pgTable('shape_kinds', {
  id: text('id').primaryKey(),
  at: timestamp('at', { withTimezone: true }),
  atText: timestamp('at_text', { withTimezone: true, mode: 'string' }),
  local: timestamp('local'),
  localText: timestamp('local_text', { mode: 'string' }),
  day: date('day', { mode: 'string' }),
  dayDate: date('day_date', { mode: 'date' }),
  n: integer('n'),
  small: smallint('small'),
  big: bigint('big', { mode: 'number' }),
  amount: numeric('amount'),
  ratio: doublePrecision('ratio'),
  ids: uuid('ids').array(),
  tags: text('tags').array(),
  doc: json('doc'),
  docb: jsonb('docb'),
  ok: boolean('ok'),
  note: text('note'),
  span: interval('span'),
  owner: uuid('owner'),
  code: char('code', { length: 4 }),
});
const KINDS_DDL = sql`CREATE TEMP TABLE shape_kinds (id text PRIMARY KEY, at timestamptz, at_text timestamptz,
  local timestamp, local_text timestamp, day date, day_date date, n int, small smallint, big bigint, amount numeric,
  ratio double precision, ids uuid[], tags text[], doc json, docb jsonb, ok boolean, note text, span interval,
  owner uuid, code char(4))`;
// Strings that JSON must escape (quotes, backslashes, control characters) and characters beyond ASCII.
const NOTE = '引号 " 反斜杠 \\ 换行\n 制表\t \u0001 😀';
const DOC = '{"a": [1, 2.50, {"b": null}], "s": "走访 \\"引号\\" \\\\ \\n"}';
const TAGS = '{"a,b","c\\"d",NULL,"",中文}';
const KINDS_ROWS = sql`INSERT INTO shape_kinds VALUES
  ('k1', '2026-12-07 01:02:03.123456+00', '2026-12-07 01:02:03.5+00', '2026-12-07 09:02:03.25', '2026-12-07 09:02:03.25',
   '2026-12-07', '2026-12-07', -7, 12, 9007199254740993, 12345678901234567890.1234567890, 0.1,
   '{8341cdc5-e74d-4bb4-b8b8-9f5aed01503b,1e9e6467-c560-4d3e-808e-1d226faf48d3}', ${TAGS}::text[], ${DOC}::json,
   '{"z": 1, "a": [true, 1e3]}', true, ${NOTE}, '1 day 02:03:04', '8341cdc5-e74d-4bb4-b8b8-9f5aed01503b', 'ab'),
  ('k2', '1999-01-01 00:00:00+00', '1999-01-01 00:00:00+00', '1999-01-01 00:00:00', '1999-01-01 00:00:00',
   'infinity', '1999-12-31', 0, 0, 0, 0, 'NaN', '{}', '{}', '[]', 'null', false, '', '0', NULL, NULL),
  ('k3', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
   NULL, NULL)`;

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

  it('bring a page as one JSON value with every type’s value as drizzle reads it, in the text’s order', async () => {
    const tdb = await createTestDatabase();
    const { db, close } = connect(tdb.url, 1);
    try {
      await db.execute(KINDS_DDL);
      await db.execute(KINDS_ROWS);
      const { code: _code, ...carried } = getTableColumns(kinds);
      const query = (v: <T>(x: T) => T, order: 'asc' | 'desc') =>
        db
          .select({ ...carried, total: sql<number>`count(*) OVER ()::int`, absent: sql`NULL` })
          .from(kinds)
          .where(sql`${kinds.id} <> ${v('none')}`)
          .orderBy(order === 'asc' ? asc(kinds.id) : desc(kinds.id));
      for (const check of [false, true]) {
        const shapes = createShapeCache({ check, json: true });
        for (const order of ['asc', 'desc', 'desc', 'asc'] as const) {
          const h = new Holes();
          const mine = await shapes.run(order, query(h.v, order), h.values);
          // What drizzle reads from the same query run the ordinary way (as rows, its own mapping).
          expect(mine).toStrictEqual(await query(inline, order));
        }
        // The second execution of each shape came as JSON; the first (learning the columns' types) as rows.
        expect([shapes.transport('asc'), shapes.transport('desc')]).toEqual(['json', 'json']);
        // Learnt from a page of rows; then an empty page (json_agg of no rows is NULL).
        const like = (pattern: string) => {
          const h = new Holes();
          const q = db
            .select(carried)
            .from(kinds)
            .where(sql`${kinds.id} LIKE ${h.v(pattern)}`)
            .orderBy(kinds.id);
          return shapes.run('like', q, h.values);
        };
        expect(await like('k%')).toHaveLength(3);
        expect(await like('none%')).toEqual([]);
        expect(shapes.transport('like')).toBe('json');
        // A shape of one row (a count) is not worth it: it keeps its rows.
        for (let i = 0; i < 2; i++)
          await shapes.run('count', db.select({ n: sql<number>`count(*)::int` }).from(kinds), []);
        expect(shapes.transport('count')).toBe(undefined);
      }
      // Spot checks of what the comparison above stands on.
      const shapes = createShapeCache({ check: false, json: true });
      const spot = () => shapes.run<Record<string, unknown>>('spot', query(inline, 'asc'), []);
      await spot();
      const [k1, k2, k3] = await spot();
      expect(k1).toMatchObject({
        at: new Date('2026-12-07T01:02:03.123Z'),
        big: 9007199254740992,
        amount: '12345678901234567890.1234567890',
        tags: ['a,b', 'c"d', null, '', '中文'],
        doc: { a: [1, 2.5, { b: null }], s: '走访 "引号" \\ \n' },
        docb: { a: [true, 1000], z: 1 },
        ok: true,
        note: NOTE,
        total: 3,
        absent: null,
      });
      expect(k2).toMatchObject({
        day: 'infinity',
        ratio: Number.NaN,
        ids: [],
        doc: [],
        docb: null,
        ok: false,
        note: '',
      });
      expect(Object.values(k3!).filter((x) => x !== null)).toEqual(['k3', 3]);
      // A type whose cast to text is not its output (char(n) drops its trailing blanks) keeps the shape on rows.
      const withCode = () => db.select({ id: kinds.id, code: kinds.code }).from(kinds).orderBy(kinds.id);
      for (let i = 0; i < 2; i++) expect(await shapes.run('code', withCode(), [])).toStrictEqual(await withCode());
      expect(shapes.transport('code')).toBe('rows');
    } finally {
      await close();
      await tdb.drop();
    }
  });
});
