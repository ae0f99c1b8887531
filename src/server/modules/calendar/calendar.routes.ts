import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps';
import { actorOf, meta } from '../../http/request';
import { IsoDateString } from '../../../shared/supervision';
import { addWorkingDays, isWorkingDay, workingDaysBetween } from '../../../shared/domain/working-days';
import { AppError, type FieldProblem } from '../../http/errors';
import { headerIndex, readTables } from '../../files/table';
import { readUpload } from '../../files/upload';
import { parseLooseDate } from '../../../shared/domain/date-parse';
import { ifMatch } from '../../http/request';
import { calendarGapMessage } from '../../../shared/calendar/official';

const YearStatus = z.enum(['loaded', 'provisional', 'missing']);
const DayOut = z.object({
  day: z.string(),
  kind: z.enum(['holiday', 'workday', 'normal']),
  name: z.string(),
  scope: z.enum(['national', 'local']),
  source: z.string().nullable(),
});

export function registerCalendarRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { calendar } = deps;

  r.get('/api/v1/calendar', {
    config: { access: { authenticated: true } },
    schema: {
      tags: ['calendar'],
      summary:
        '工作日历（法定节假日与调休）；status：loaded 已载入、provisional 系统推算待核对、missing 未载入 / the working-day calendar of a year',
      querystring: z.strictObject({ year: z.coerce.number().int().min(2000).max(2100) }),
      response: {
        200: z.object({ year: z.number(), status: YearStatus, warning: z.string().nullable(), days: z.array(DayOut) }),
      },
    },
    handler: async (req) => {
      const actor = actorOf(req);
      const status = await calendar.yearStatus(actor.jurisdictionId, req.query.year);
      return {
        year: req.query.year,
        status,
        warning: status === 'loaded' ? null : calendarGapMessage(req.query.year, status, req.locale),
        days: await calendar.listYear(actor, req.query.year),
      };
    },
  });

  r.get('/api/v1/calendar/next-year', {
    config: { access: { roles: ['system_admin'] } },
    schema: {
      tags: ['calendar'],
      summary:
        "明年的节假日安排是否已载入（11月起未载入或仅为推算时 remind 为真）/ whether next year's calendar is loaded",
      response: {
        200: z.object({ year: z.number(), status: YearStatus, remind: z.boolean(), warning: z.string().nullable() }),
      },
    },
    handler: async (req) => {
      const today = deps.supervision.today();
      const year = Number(today.slice(0, 4)) + 1;
      const status = await calendar.yearStatus(actorOf(req).jurisdictionId, year);
      const remind = status !== 'loaded' && Number(today.slice(5, 7)) >= 11;
      return {
        year,
        status,
        remind,
        warning: status === 'loaded' ? null : calendarGapMessage(year, status, req.locale),
      };
    },
  });

  r.get('/api/v1/calendar/working-days', {
    config: { access: { authenticated: true } },
    schema: {
      tags: ['calendar'],
      summary: '工作日计算：from 之后第 add 个工作日，或 from 到 to 之间的工作日数 / working-day arithmetic',
      querystring: z.strictObject({
        from: IsoDateString,
        add: z.coerce.number().int().min(0).max(3650).optional(),
        to: IsoDateString.optional(),
      }),
      response: {
        200: z.object({
          from: z.string(),
          isWorkingDay: z.boolean(),
          date: z.string().optional(),
          workingDays: z.number().optional(),
          /** The years the sum reaches into whose calendar is missing or provisional: the answer may be wrong there. */
          warnings: z.array(z.object({ year: z.number(), status: YearStatus, message: z.string() })),
        }),
      },
    },
    handler: async (req) => {
      const { jurisdictionId } = actorOf(req);
      const cal = await calendar.calendarFor(jurisdictionId);
      const { from, add, to } = req.query;
      const date = add !== undefined ? addWorkingDays(from, add, cal) : undefined;
      const end = [from, date, to].filter((d): d is string => !!d).sort();
      const gaps = await calendar.gaps(jurisdictionId, end[0]!, end.at(-1)!);
      return {
        from,
        isWorkingDay: isWorkingDay(from, cal),
        ...(date !== undefined ? { date } : {}),
        ...(to ? { workingDays: workingDaysBetween(from, to, cal) } : {}),
        warnings: gaps.map((g) => ({ ...g, message: calendarGapMessage(g.year, g.status, req.locale) })),
      };
    },
  });

  r.post('/api/v1/calendar/import', {
    config: { access: { roles: ['system_admin'] } },
    schema: {
      tags: ['calendar'],
      summary: '导入节假日安排（列：日期、类型[放假/上班/正常]、名称），全部成功或全部不写 / import days',
      consumes: ['multipart/form-data'],
      response: { 200: z.object({ imported: z.number() }) },
    },
    handler: async (req) => {
      const file = await readUpload(req);
      const [sheet] = (await readTables(file.buf, file.filename)).filter((s) => !s.hidden);
      if (!sheet || sheet.rows.length < 2) throw new AppError('bad_file', { reason: '表格为空 / empty' });
      const ix = headerIndex(sheet.rows[0]!.cells, {
        day: ['日期', 'date'],
        kind: ['类型', 'kind'],
        name: ['名称', '说明', 'name'],
      });
      if (ix.day! < 0 || ix.kind! < 0)
        throw new AppError('bad_file', { reason: '须有“日期”“类型”两列 / needs 日期 and 类型 columns' });
      const kinds: Record<string, 'holiday' | 'workday' | 'normal'> = {
        放假: 'holiday',
        休息: 'holiday',
        holiday: 'holiday',
        上班: 'workday',
        调休上班: 'workday',
        workday: 'workday',
        正常: 'normal',
        normal: 'normal',
      };
      const days: { day: string; kind: 'holiday' | 'workday' | 'normal'; name: string }[] = [];
      const errors: FieldProblem[] = [];
      for (const { row, cells } of sheet.rows.slice(1)) {
        const day = parseLooseDate(cells[ix.day!] ?? '');
        const kind = kinds[(cells[ix.kind!] ?? '').trim()];
        if (!day) errors.push({ row, column: '日期', field: `row ${row}`, code: 'invalid_format' });
        if (!kind)
          errors.push({
            row,
            column: '类型',
            field: `row ${row}`,
            code: 'one_of',
            params: { options: '放假、上班、正常' },
          });
        if (day && kind)
          days.push({
            day,
            kind,
            name:
              (ix.name! >= 0 ? cells[ix.name!] : '') ||
              (kind === 'holiday' ? '放假' : kind === 'workday' ? '调休上班' : '正常'),
          });
      }
      if (errors.length) throw new AppError('import_invalid', { count: errors.length }, errors);
      await calendar.importDays(actorOf(req), days, meta(req));
      return { imported: days.length };
    },
  });

  const Thresholds = z.strictObject({
    dueSoonWorkingDays: z.number().int().min(0).max(30),
    yellowGap: z.number().int().min(1).max(100),
    redGap: z.number().int().min(1).max(100),
  });
  r.get('/api/v1/settings/lights', {
    config: { access: { authenticated: true } },
    schema: {
      tags: ['calendar'],
      summary: '亮灯规则（本县）/ light thresholds in force',
      response: { 200: Thresholds.extend({ version: z.number(), custom: z.boolean() }) },
    },
    handler: async (req) => calendar.thresholdsFor(actorOf(req).jurisdictionId),
  });

  r.put('/api/v1/settings/lights', {
    config: { access: { roles: ['supervision_office'] } },
    schema: {
      tags: ['calendar'],
      summary: '修改亮灯规则（需 If-Match）/ set light thresholds',
      body: Thresholds,
      response: { 200: Thresholds.extend({ version: z.number(), custom: z.boolean() }) },
    },
    handler: async (req) => calendar.setThresholds(actorOf(req), ifMatch(req), req.body, meta(req)),
  });

  const Reporting = z.strictObject({
    weeklyDueWeekday: z.number().int().min(1).max(7),
    cutoff: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
    monthlyDueDay: z.number().int().min(0).max(31),
  });
  r.get('/api/v1/settings/reporting', {
    config: { access: { authenticated: true } },
    schema: {
      tags: ['calendar'],
      summary: '进展报送规则（每周几、截止时间、每月几日）/ when reports fall due',
      response: { 200: Reporting.extend({ version: z.number(), custom: z.boolean() }) },
    },
    handler: async (req) => calendar.reportingRulesFor(actorOf(req).jurisdictionId),
  });
  r.put('/api/v1/settings/reporting', {
    config: { access: { roles: ['supervision_office'] } },
    schema: {
      tags: ['calendar'],
      summary: '修改进展报送规则（需 If-Match）/ set when reports fall due',
      body: Reporting,
      response: { 200: Reporting.extend({ version: z.number(), custom: z.boolean() }) },
    },
    handler: async (req) => calendar.setReportingRules(actorOf(req), ifMatch(req), req.body, meta(req)),
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
