import { isDeepStrictEqual } from 'node:util';
import * as drizzle from 'drizzle-orm';
import { Column, DrizzleQueryError, is, Param, Placeholder, SQL, Subquery, sql } from 'drizzle-orm';

/** drizzle's own row mapping (exported, not typed): under the check, the compiled one must give the same rows. */
const drizzleMapRow = (drizzle as unknown as { mapResultRow: (f: Field[], row: unknown[], j?: unknown) => unknown })
  .mapResultRow;

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
  // What drizzle's node-postgres prepared query holds and `compileRun` reads (absent: drizzle's own execute).
  fields?: { path: string[]; field: unknown }[];
  customResultMapper?: unknown;
  joinsNotNullableMap?: Record<string, boolean>;
  queryConfig?: object;
  params?: unknown[];
  client?: { query(config: object, values: unknown[]): Promise<{ rows: unknown[][] }> };
}
type Field = { path: string[]; field: unknown };
interface Decoder {
  mapFromDriverValue(value: unknown): unknown;
}

function decoderOf(field: unknown): Decoder {
  if (is(field, Column)) return field;
  const sqlOf = (x: SQL) => (x as unknown as { decoder: Decoder }).decoder;
  if (is(field, SQL)) return sqlOf(field);
  if (is(field, Subquery)) return sqlOf((field as unknown as { _: { sql: SQL } })._.sql);
  return sqlOf((field as SQL.Aliased).sql);
}

/**
 * A kept shape's execution without drizzle's per-row work: drizzle maps each row by walking its selected fields and
 * asking each what it is (`is()` up the prototype chain), about an eighth of node's CPU for a list of 25 tasks
 * (bench/RESULTS.md, issue 16). The same mapping decided once per shape: each column's decoder (none where the
 * column gives the driver's value as it is) and its place in the row object; the same query config and parameters
 * drizzle would send. Only for results without nullable joins or a custom mapper (else drizzle's execute).
 */
function compileRun(p: Prepared, check: boolean): ((values: unknown[]) => Promise<Record<string, unknown>[]>) | null {
  const { fields, queryConfig, client, params } = p;
  if (!fields || p.customResultMapper || !queryConfig || !client || !Array.isArray(params)) return null;
  if (p.joinsNotNullableMap && Object.values(p.joinsNotNullableMap).some((notNull) => !notNull)) return null;
  const fill = params.map((param): ((values: unknown[]) => unknown) => {
    if (is(param, Placeholder)) {
      const i = Number(param.name);
      return (values) => values[i];
    }
    if (is(param, Param) && is(param.value, Placeholder)) {
      const i = Number(param.value.name);
      return (values) => param.encoder.mapToDriverValue(values[i]);
    }
    return () => param;
  });
  const identity = Column.prototype.mapFromDriverValue;
  const columns = fields.map(({ path, field }: Field) => {
    const decoder = decoderOf(field);
    return {
      parents: path.slice(0, -1),
      key: path[path.length - 1]!,
      decoder: decoder.mapFromDriverValue === identity ? null : decoder,
    };
  });
  const text = (queryConfig as { text: string }).text;
  return async (values) => {
    const args = fill.map((f) => f(values));
    let rows: unknown[][];
    try {
      rows = (await client.query(queryConfig, args)).rows;
    } catch (e) {
      throw new DrizzleQueryError(text, args, e as Error);
    }
    return rows.map((row) => {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < columns.length; i++) {
        const c = columns[i]!;
        let node = out;
        for (const k of c.parents) node = (node[k] ??= {}) as Record<string, unknown>;
        const raw = row[i];
        node[c.key] = raw === null ? null : c.decoder ? c.decoder.mapFromDriverValue(raw) : raw;
      }
      if (check) {
        const theirs = drizzleMapRow(fields, row, p.joinsNotNullableMap);
        if (!isDeepStrictEqual(out, theirs))
          throw new Error(`a row mapped unlike drizzle's:\n${JSON.stringify(out)}\n≠\n${JSON.stringify(theirs)}`);
      }
      return out;
    });
  };
}
interface Preparable {
  toSQL(): { sql: string; params: unknown[] };
}

const MAX_SHAPES = 500;

export function createShapeCache(opts: { check?: boolean } = {}) {
  const check = opts.check ?? (process.env.VITEST !== undefined || process.env.LUOSHI_CHECK_SHAPES === '1');
  const kept = new Map<string, { prepared: Prepared; holes: number; run: ReturnType<typeof compileRun> }>();
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
        k = {
          prepared,
          holes: prepared.getQuery().params.filter((p) => is(p, Placeholder)).length,
          run: compileRun(prepared, check),
        };
        if (kept.size < MAX_SHAPES) kept.set(key, k);
      } else if (check) {
        // The same text, the same holes in the same places, and the same values written inline (the shape's
        // constants: a value that varies between two requests of one shape must be a hole).
        const fresh = query().toSQL();
        const held = k.prepared.getQuery();
        if (fresh.sql !== held.sql || !sameParams(fresh.params, held.params))
          throw new Error(
            `shape "${key}" reused for a different \
query:\n${fresh.sql}\n${JSON.stringify(fresh.params)}\n≠\n${held.sql}\n${JSON.stringify(held.params)}`,
          );
      }
      if (values.length !== k.holes) throw new Error(`shape "${key}": ${values.length} values for ${k.holes} holes`);
      if (!k.run) return (await k.prepared.execute(values as unknown as Record<string, unknown>)) as T[];
      return (await k.run(values)) as T[];
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
