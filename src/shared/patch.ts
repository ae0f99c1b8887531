import { z } from 'zod';

type NoDefault<T> = T extends z.ZodDefault<infer I> ? I : T;

/**
 * The fields of a create schema as a PATCH's: every field optional and **without its default**. zod 4 applies a
 * default inside `.optional()`, so `Create.partial()` would fill every omitted defaulted field (a flag back to false,
 * a list back to empty) and a PATCH naming one field would reset the others.
 */
export function patchShape<Shape extends z.ZodRawShape>(shape: Shape) {
  return Object.fromEntries(
    Object.entries(shape).map(([k, v]) => [k, ((v instanceof z.ZodDefault ? v.unwrap() : v) as z.ZodType).optional()]),
  ) as unknown as { [K in keyof Shape]: z.ZodOptional<NoDefault<Shape[K]>> };
}
