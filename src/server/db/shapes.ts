import { isDeepStrictEqual } from 'node:util';
import * as drizzle from 'drizzle-orm';
import pg from 'pg';
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
  client?: unknown;
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
 * How a column's value may travel inside the page's one JSON value (see `compileRun`), by type OID: 'json' where
 * the JSON value is already what node-postgres's parser makes of the text (strings, int2/int4, booleans, json and
 * jsonb embedded as they are, arrays of strings or small ints); 'text' where it goes as its text (`::text`, the
 * type's output function: exactly what the text protocol carries) and the same parser reads it. Absent: the shape
 * keeps rows as arrays (enums, domains, bpchar, inet, … whose cast to text is not their output, or unknown).
 */
const TRANSPORT = new Map<number, 'json' | 'text'>([
  ...[25, 1043, 2950, 21, 23, 16, 114, 3802, 1009, 1015, 2951, 1005, 1007].map((oid) => [oid, 'json'] as const),
  // int8, numeric, float4/8, date, time, timestamp, timestamptz, timetz, interval, and arrays of them.
  ...[20, 1700, 700, 701, 1082, 1083, 1114, 1184, 1266, 1186, 1016, 1231, 1021, 1022, 1182, 1115, 1185].map(
    (oid) => [oid, 'text'] as const,
  ),
]);
/** PostgreSQL's limit on a function's arguments (json_build_array). */
const MAX_ARGS = 100;

type TypeParsers = { getTypeParser(oid: number, format: string): (text: string) => unknown };
type Client = {
  query(config: object, values: unknown[]): Promise<{ rows: unknown[][]; fields: { dataTypeID: number }[] }>;
};

/**
 * A kept shape's execution without drizzle's per-row work: drizzle maps each row by walking its selected fields and
 * asking each what it is (`is()` up the prototype chain), about an eighth of node's CPU for a list of 25 tasks
 * (bench/RESULTS.md, issue 16). The same mapping decided once per shape: each column's decoder (none where the
 * column gives the driver's value as it is) and its place in the row object; the same query config and parameters
 * drizzle would send. Only for results without nullable joins or a custom mapper (else drizzle's execute).
 *
 * With `json`, the page comes as one value: `SELECT json_agg(json_build_array(x.c0, x.c1::text, …))::text FROM
 * (<kept text>) AS x(c0, c1, …)`, so node-postgres reads one field instead of a string per field of every row,
 * its row description and parsers (see TRANSPORT). The column types are learnt from the shape's first execution,
 * run the ordinary way; each value then goes through the type parser drizzle's query config gives node-postgres
 * (its own for timestamps and dates) and the same decoders. The rows keep the kept text's order: the aggregate
 * reads the sorted sub-select as it comes (a sub-select with ORDER BY is never merged into the outer query, and
 * json_agg has no partial form a parallel plan could split). Under the check, every such page is compared with
 * drizzle's mapping of the same query run the ordinary way in the same snapshot.
 */
function compileRun(
  p: Prepared,
  opts: { check: boolean; json: boolean },
): { run(values: unknown[]): Promise<Record<string, unknown>[]>; transport(): 'json' | 'rows' | undefined } | null {
  const { check } = opts;
  const { fields, queryConfig, params } = p;
  const client = p.client as Client | undefined;
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
  const types = (queryConfig as { types?: TypeParsers }).types;
  const mapRow = rowMapper(columns);
  const checkRows = (mine: Record<string, unknown>[], rows: unknown[][]) => {
    const theirs = rows.map((row) => drizzleMapRow(fields, row, p.joinsNotNullableMap));
    if (mine.length !== theirs.length)
      throw new Error(`a page of ${mine.length} rows where drizzle read ${theirs.length}`);
    mine.forEach((out, i) => {
      if (!isDeepStrictEqual(out, theirs[i]))
        throw new Error(`a row mapped unlike drizzle's:\n${JSON.stringify(out)}\n≠\n${JSON.stringify(theirs[i])}`);
    });
  };
  // The JSON transport, once the first execution has told the columns' types (null: rows as arrays).
  let json: { config: object; mapRow: (row: unknown[]) => Record<string, unknown> } | null | undefined = opts.json
    ? undefined
    : null;
  const learn = (types_: TypeParsers, oids: number[]) => {
    const ways = oids.map((oid) => TRANSPORT.get(oid));
    if (oids.length !== columns.length || oids.length > MAX_ARGS || ways.some((w) => w === undefined)) return null;
    const names = oids.map((_, i) => `c${i}`);
    const values = names.map((c, i) => (ways[i] === 'text' ? `x.${c}::text` : `x.${c}`));
    return {
      config: {
        text: `SELECT json_agg(json_build_array(${values.join(', ')}))::text FROM (${text}) AS x(${names.join(', ')})`,
        rowMode: 'array',
      },
      mapRow: rowMapper(
        columns,
        oids.map((oid, i) => (ways[i] === 'text' ? types_.getTypeParser(oid, 'text') : null)),
      ),
    };
  };
  const query = async (on: Client, config: object, args: unknown[]) => {
    try {
      return await on.query(config, args);
    } catch (e) {
      throw new DrizzleQueryError((config as { text: string }).text, args, e as Error);
    }
  };
  const readJson = (result: { rows: unknown[][] }, j: NonNullable<typeof json>) => {
    const page = result.rows[0]?.[0] as string | null | undefined;
    return page == null ? [] : (JSON.parse(page) as unknown[][]).map(j.mapRow);
  };
  const run = async (values: unknown[]) => {
    const args = fill.map((f) => f(values));
    const j = json;
    if (j) {
      if (!check) return readJson(await query(client, j.config, args), j);
      // The JSON page and the ordinary rows from one snapshot, on one connection of the pool.
      const on =
        client instanceof pg.Pool ? ((await client.connect()) as unknown as Client & { release(): void }) : null;
      const c = on ?? client;
      let done = false;
      try {
        if (on) await c.query({ text: 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' }, []);
        const mine = readJson(await query(c, j.config, args), j);
        const rows = (await query(c, queryConfig, args)).rows;
        if (on) await c.query({ text: 'COMMIT' }, []);
        done = true;
        checkRows(mine, rows);
        return mine;
      } finally {
        if (on && !done) await on.query({ text: 'ROLLBACK' }, []).catch(() => {});
        on?.release();
      }
    }
    const result = await query(client, queryConfig, args);
    // Learnt from a page of rows (a count or a page of one saves nothing: one field either way).
    if (json === undefined && result.rows.length > 1)
      json = types
        ? learn(
            types,
            result.fields.map((f) => f.dataTypeID),
          )
        : null;
    const out = result.rows.map(mapRow);
    if (check) checkRows(out, result.rows);
    return out;
  };
  return { run, transport: () => (json ? 'json' : json === null ? 'rows' : undefined) };
}
type Parser = ((text: string) => unknown) | null;
type MappedColumn = { parents: string[]; key: string; decoder: Decoder | null };

/**
 * A shape's row mapping as one function written for its columns: the row object built by object literals (one
 * hidden class made at once, each value stored by a constant key) where a loop of `node[key] = value` is a
 * megamorphic keyed store per field — 37 µs a page of 25 rows of 41 columns against 1–3 µs. The keys are the
 * selection's own (code, not data), written as JSON strings. Values as the loop gives them: null stays null, else
 * parsed (`parsers`, the JSON transport's text columns) and decoded. A selection whose paths cross (a key both a
 * value and an object) or name `__proto__` keeps the loop.
 */
function rowMapper(columns: MappedColumn[], parsers?: Parser[]): (row: unknown[]) => Record<string, unknown> {
  const loop = (row: unknown[]) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < columns.length; i++) {
      const c = columns[i]!;
      let node = out;
      for (const k of c.parents) node = (node[k] ??= {}) as Record<string, unknown>;
      let raw = row[i];
      const parse = parsers?.[i];
      if (raw !== null && parse) raw = parse(raw as string);
      node[c.key] = raw === null ? null : c.decoder ? c.decoder.mapFromDriverValue(raw) : raw;
    }
    return out;
  };
  // The paths as a tree in the order of their first appearance (the loop's order of keys).
  type Tree = Map<string, number | Tree>;
  const root: Tree = new Map();
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i]!;
    let node = root;
    for (const k of [...c.parents, c.key]) if (k === '__proto__') return loop;
    for (const k of c.parents) {
      const next = node.get(k) ?? new Map();
      if (typeof next === 'number') return loop;
      node.set(k, next);
      node = next;
    }
    if (node.get(c.key) instanceof Map) return loop;
    node.set(c.key, i); // a key selected twice: the later value, in the first one's place (as the loop)
  }
  const value = (i: number) => {
    const c = columns[i]!;
    const parse = parsers?.[i];
    if (!parse && !c.decoder) return `r[${i}]`;
    const parsed = parse ? `p[${i}](v)` : 'v';
    return `((v = r[${i}]) === null ? null : ${c.decoder ? `d[${i}].mapFromDriverValue(${parsed})` : parsed})`;
  };
  const literal = (tree: Tree): string =>
    `{ ${[...tree].map(([k, x]) => `${JSON.stringify(k)}: ${typeof x === 'number' ? value(x) : literal(x)}`).join(', ')} }`;
  return new Function('d', 'p', `return function mapRow(r) { let v; return ${literal(root)}; };`)(
    columns.map((c) => c.decoder),
    parsers ?? [],
  );
}

interface Preparable {
  toSQL(): { sql: string; params: unknown[] };
}

const MAX_SHAPES = 500;

export function createShapeCache(opts: { check?: boolean; json?: boolean } = {}) {
  const check = opts.check ?? (process.env.VITEST !== undefined || process.env.LUOSHI_CHECK_SHAPES === '1');
  // Off unless asked for: measured, PostgreSQL spends more building the JSON (0.10–0.2 ms a page) than node saves
  // receiving it (~0.08 ms), and on one host they share the cores (bench/RESULTS.md, issue 16).
  const json = opts.json ?? process.env.LUOSHI_SHAPES_JSON === '1';
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
          run: compileRun(prepared, { check, json }),
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
      return (await k.run.run(values)) as T[];
    },
    /** How a kept shape's rows travel (tests): as one JSON value, as rows, or not known yet (not executed). */
    transport: (key: string) => {
      const k = kept.get(key);
      return k === undefined ? undefined : k.run ? k.run.transport() : 'rows';
    },
    /** How many shapes are kept (tests). */
    size: () => kept.size,
    /** Whether what is kept is checked against what building it again gives (under the tests). */
    checking: check,
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
