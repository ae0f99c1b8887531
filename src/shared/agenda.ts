import { z } from 'zod';

/** 调度事项: an item another module put on a weekly scheduling round's agenda (see rounds.service addAgendaItem). */
export const RoundAgendaItemOut = z.object({
  id: z.uuid(),
  /** The module that raised it: 'indicators' … */
  source: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  unitId: z.uuid().nullable(),
  unitName: z.string().nullable(),
  createdAt: z.string(),
});
