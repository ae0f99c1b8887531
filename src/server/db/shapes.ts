import { isDeepStrictEqual } from 'node:util';
import { is, Placeholder, sql } from 'drizzle-orm';

/**
 * Hot queries whose SQL text is built once per shape (issue 16). Drizzle turns a query object into its SQL text
 * on every execution — walking every condition, column and sub-select — which cost about a fifth of node's CPU for
 * a list page. A query built with its values as placeholders (`Holes`) has the same text for every request of the
 * same shape (the same filters present, the same number of units, …): `ShapeCache.run` prepares it once per shape
 * key and from then on only fills the values in. The text is exactly the one drizzle would write with the values
 * inline (a placeholder takes a parameter's `$n`), so PostgreSQL sees the same statements and plans as before.
 *
 * The key is the caller's word for the shape; a key that missed a difference would send one shape's text with
 * another's values. So: the values go to placeholders by number, a count that differs from the prepared text's is
 * refused, and under the tests (`check`) every execution from the cache also builds its text afresh and must find
 * it equal to the kept one, with the same holes and the same values written inline (a shape's constants, e.g. the
 * states of a to-do's rule), so the suite proves the keys.
 *
 * Only values whose column writes them as they are (text, uuid, enums, dates as strings, numbers) go through
 * holes: a placeholder bypasses a column's own encoder.
 */
export class Holes {
  readonly values: unknown[] = [];
  /** The value as a placeholder of the query (typed as the value, so drizzle's operators take it). */
  readonly v: Hole = <T>(value: T): T => {
    this.values.push(value);
    return sql.placeholder(String(this.values.length - 1)) as unknown as T;
  };
}

/** A value of a query: a placeholder (`Holes.v`), or the value itself (`inline`) where the text is built each time. */
export type Hole = <T>(value: T) => T;
export const inline: Hole = (value) => value;

interface Prepared {
  execute(values: Record<string, unknown>): Promise<unknown>;
  getQuery(): { sql: string; params: unknown[] };
}
interface Preparable {
  toSQL(): { sql: string; params: unknown[] };
}

const MAX_SHAPES = 500;

export function createShapeCache(opts: { check?: boolean } = {}) {
  const check = opts.check ?? (process.env.VITEST !== undefined || process.env.LUOSHI_CHECK_SHAPES === '1');
  const kept = new Map<string, { prepared: Prepared; holes: number }>();
  const prepare = (query: Preparable): Prepared => {
    const p = (query as unknown as { _prepare?: () => Prepared })._prepare;
    if (typeof p !== 'function') throw new Error('drizzle query without _prepare: db/shapes.ts needs updating');
    return p.call(query);
  };
  return {
    /**
     * The rows of `query` (built with holes, whose `values` these are), its text prepared once per `key`. The query
     * may be given as a function that builds it: called only when the text is not kept yet (or to check it).
     */
    async run<T>(key: string, build: Preparable | (() => Preparable), values: unknown[]): Promise<T[]> {
      const query = typeof build === 'function' ? build : () => build;
      let k = kept.get(key);
      if (k === undefined) {
        const prepared = prepare(query());
        k = { prepared, holes: prepared.getQuery().params.filter((p) => is(p, Placeholder)).length };
        if (kept.size < MAX_SHAPES) kept.set(key, k);
      } else if (check) {
        // The same text, the same holes in the same places, and the same values written inline (the shape's
        // constants: a value that varies between two requests of one shape must be a hole).
        const fresh = query().toSQL();
        const held = k.prepared.getQuery();
        if (fresh.sql !== held.sql || !sameParams(fresh.params, held.params))
          throw new Error(
            `shape "${key}" reused for a different query:\n${fresh.sql}\n${JSON.stringify(fresh.params)}\n≠\n${held.sql}\n${JSON.stringify(held.params)}`,
          );
      }
      if (values.length !== k.holes) throw new Error(`shape "${key}": ${values.length} values for ${k.holes} holes`);
      return (await k.prepared.execute(values as unknown as Record<string, unknown>)) as T[];
    },
    /** How many shapes are kept (tests). */
    size: () => kept.size,
  };
}

function sameParams(a: unknown[], b: unknown[]) {
  return (
    a.length === b.length &&
    a.every((p, i) => {
      const q = b[i];
      if (is(p, Placeholder) || is(q, Placeholder))
        return is(p, Placeholder) && is(q, Placeholder) && p.name === q.name;
      return isDeepStrictEqual(p, q);
    })
  );
}

export type ShapeCache = ReturnType<typeof createShapeCache>;
