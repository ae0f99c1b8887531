import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps';
import { actorOf, meta } from '../../http/request';
import { IsoDateString } from '../../../shared/supervision';
import { addWorkingDays, isWorkingDay, workingDaysBetween } from '../../../shared/domain/working-days';

const DayOut = z.object({ day: z.string(), kind: z.enum(['holiday', 'workday', 'normal']), name: z.string(), scope: z.enum(['national', 'local']), source: z.string().nullable() });

export function registerCalendarRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { calendar } = deps;

  r.get('/api/v1/calendar', {
    config: { access: { authenticated: true } },
    schema: { tags: ['calendar'], summary: '工作日历（法定节假日与调休）/ the working-day calendar of a year', querystring: z.strictObject({ year: z.coerce.number().int().min(2000).max(2100) }), response: { 200: z.object({ year: z.number(), days: z.array(DayOut) }) } },
    handler: async (req) => ({ year: req.query.year, days: await calendar.listYear(actorOf(req), req.query.year) }),
  });

  r.get('/api/v1/calendar/working-days', {
    config: { access: { authenticated: true } },
    schema: {
      tags: ['calendar'],
      summary: '工作日计算：from 之后第 add 个工作日，或 from 到 to 之间的工作日数 / working-day arithmetic',
      querystring: z.strictObject({ from: IsoDateString, add: z.coerce.number().int().min(0).max(3650).optional(), to: IsoDateString.optional() }),
      response: { 200: z.object({ from: z.string(), isWorkingDay: z.boolean(), date: z.string().optional(), workingDays: z.number().optional() }) },
    },
    handler: async (req) => {
      const cal = await calendar.calendarFor(actorOf(req).jurisdictionId);
      const { from, add, to } = req.query;
      return {
        from,
        isWorkingDay: isWorkingDay(from, cal),
        ...(add !== undefined ? { date: addWorkingDays(from, add, cal) } : {}),
        ...(to ? { workingDays: workingDaysBetween(from, to, cal) } : {}),
      };
    },
  });

  r.put('/api/v1/calendar/days/:day', {
    config: { access: { roles: ['system_admin'] } },
    schema: {
      tags: ['calendar'],
      summary: '设置本县某日：放假、调休上班，或 normal 按周末规则 / set a day for the jurisdiction',
      params: z.object({ day: IsoDateString }),
      body: z.strictObject({ kind: z.enum(['holiday', 'workday', 'normal']), name: z.string().trim().min(1).max(50) }),
      response: { 204: z.null() },
    },
    handler: async (req, reply) => {
      await calendar.setDay(actorOf(req), req.params.day, req.body.kind, req.body.name, meta(req));
      return reply.code(204).send(null);
    },
  });
}
