import { z } from 'zod';
import { IsoDateString } from './supervision';

/** The contract of 减负 (the burden the system puts on units). */
export const BurdenQuery = z.strictObject({
  /** The period (Beijing dates, inclusive); this year to today unless given. */
  from: IsoDateString.optional(),
  to: IsoDateString.optional(),
});

const Side = z.object({ id: z.uuid(), kind: z.string(), title: z.string(), asker: z.string() });

export const UnitBurdenOut = z.object({
  unitId: z.uuid(),
  unitName: z.string(),
  unitKind: z.string(),
  rank: z.number().int(),
  items: z.number().int(),
  coItems: z.number().int(),
  reportsDue: z.number().int(),
  reportsPerMonth: z.number(),
  fieldsPerReport: z.number().nullable(),
  fieldsPerMonth: z.number(),
  reminders: z.number().int(),
  notices: z.number().int(),
  answerDays: z.number().nullable(),
  sources: z.array(
    z.object({
      kind: z.string(),
      askerUnitId: z.uuid(),
      asker: z.string(),
      items: z.number().int(),
      reportsDue: z.number().int(),
      fields: z.number().int(),
    }),
  ),
  duplicates: z.array(z.object({ a: Side, b: Side, similarity: z.number() })),
});
export type UnitBurdenOut = z.infer<typeof UnitBurdenOut>;

export const BurdenOut = z.object({
  from: z.string(),
  to: z.string(),
  months: z.number(),
  /** The units the caller may see, heaviest first (ranks among all the county's units). */
  units: z.array(UnitBurdenOut),
});
export type BurdenOut = z.infer<typeof BurdenOut>;
