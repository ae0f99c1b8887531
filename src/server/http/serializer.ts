import { createRequire } from 'node:module';
import { isDeepStrictEqual } from 'node:util';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

/**
 * Response serializers compiled once per route and status (issue 16). fastify-type-provider-zod's serializer checks
 * every answer against its zod schema and then runs JSON.stringify over the checked copy (about 5 % of a list's
 * CPU); a zod schema that converts to JSON Schema without loss (`z.toJSONSchema`, output side, nothing
 * unrepresentable: no transforms, dates, custom checks) is compiled instead by fast-json-stringify, the serializer
 * Fastify itself ships, which writes the declared properties alone. Either way a property the schema does not
 * declare (a password hash, an internal note on the row) never leaves: zod strips it, fast-json-stringify never
 * reads it. A schema that does not convert keeps the zod serializer.
 *
 * With `check` (the tests), every answer goes through both and the two must give the same JSON, so the whole suite
 * proves the compiled serializers say what the zod schemas say; a difference is a 500 naming the route.
 */
// The same fast-json-stringify line Fastify itself depends on (declared in package.json, one copy in the tree).
const fastJson = createRequire(import.meta.url)('fast-json-stringify') as (schema: object) => (data: unknown) => string;

type RouteSchema = { schema: unknown; method: string; url: string; httpStatus?: string };
type Serializer = (data: unknown) => string;

/** Nullable values as zod writes them (`anyOf: [X, {type: 'null'}]`) become `type: [X's type, 'null']`:
 * fast-json-stringify checks a list of types inline, where an anyOf asks ajv for every value. */
function simplify(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(simplify);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = simplify(v);
  const any = out.anyOf;
  if (Array.isArray(any) && any.length === 2 && Object.keys(out).length === 1) {
    const nullAt = any.findIndex((s) => isDeepStrictEqual(s, { type: 'null' }));
    const other = any[1 - nullAt] as Record<string, unknown> | undefined;
    if (nullAt >= 0 && other && typeof other.type === 'string' && other.anyOf === undefined && other.$ref === undefined)
      return { ...other, type: [other.type, 'null'] };
  }
  return out;
}

/** The compiled serializer of a zod schema, or null when it does not convert to JSON Schema without loss. */
export function compileFast(schema: unknown): Serializer | null {
  if (!(schema instanceof z.ZodType)) return null;
  try {
    const json = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'throw', target: 'draft-7' });
    return fastJson(simplify(json) as object);
  } catch {
    return null;
  }
}

export function createSerializerCompiler(opts: { check: boolean }) {
  return (route: RouteSchema): Serializer => {
    const viaZod = zodSerializerCompiler(route as Parameters<typeof zodSerializerCompiler>[0]) as Serializer;
    const fast = compileFast(route.schema);
    if (!fast) return viaZod;
    if (!opts.check) return fast;
    return (data) => {
      const checked = viaZod(data); // throws as before when the answer breaks its schema
      const out = fast(data);
      if (!isDeepStrictEqual(JSON.parse(out), JSON.parse(checked)))
        throw new Error(
          `the compiled serializer of ${route.method} ${route.url} (${route.httpStatus}) differs from its zod \
schema: ${out.slice(0, 300)} ≠ ${checked.slice(0, 300)}`,
        );
      return out;
    };
  };
}
