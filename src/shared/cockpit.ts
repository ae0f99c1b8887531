import { z } from 'zod';
import { LightEnum } from './supervision';

/** The cockpit's contract (GET /api/v1/cockpit): counts by light and unit, and the lists behind them. */
const Row = z.object({ id: z.uuid(), title: z.string(), unitId: z.uuid(), unitName: z.string(), deadline: z.string(), light: LightEnum, progress: z.number().nullable(), leadLeaderId: z.uuid().nullable() });
export const CockpitOut = z.object({
  today: z.string(),
  tasks: z.object({
    byLight: z.object({ red: z.number(), yellow: z.number(), green: z.number(), done: z.number() }),
    overdue: z.number(),
    byUnit: z.array(z.object({ unitId: z.uuid(), unitName: z.string(), unitKind: z.string(), red: z.number(), yellow: z.number(), green: z.number(), done: z.number(), overdue: z.number() })),
    overdueList: z.object({ total: z.number(), items: z.array(Row) }),
    dueSoonList: z.object({ total: z.number(), items: z.array(Row) }),
  }),
});
export type CockpitOut = z.infer<typeof CockpitOut>;
