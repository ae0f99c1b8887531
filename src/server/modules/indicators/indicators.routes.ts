import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps';
import { actorOf, ifMatch, meta, withEtag } from '../../http/request';
import { registerRecordRoutes } from '../../http/record-routes';
import { AppError } from '../../http/errors';
import type { Role } from '../../../shared/roles';
import { readTables } from '../../files/table';
import { readUpload } from '../../files/upload';
import { sendWorkbook } from '../../files/xlsx';
import {
  BoardOut,
  BoardQuery,
  CountyIn,
  CountyOut,
  CountyPatch,
  ImportPreviewOut,
  IndicatorCreate,
  IndicatorOut,
  IndicatorPatch,
  PlacesOut,
  SettingsOut,
  SettingsPut,
  TrajectoryOut,
  ValueIn,
  ValueOut,
  ValuesQuery,
  YearQuery,
} from '../../../shared/indicators';
import { periodKey, type Frequency } from '../../../shared/domain/indicators';
import { createIndicatorService } from './indicators.service';
import type { PlannedValue } from './indicators.import';
import { bulletinWorkbook, templateWorkbook } from './indicators.excel';

/** Business roles that read indicators (scoped in the service); the three administrators do not. */
const READERS: Role[] = ['principal', 'leader', 'supervision_office', 'unit_admin', 'unit_clerk'];
/** Who may enter values and keep the catalogue: the office, and units for what the service allows them. */
const WRITERS: Role[] = ['supervision_office', 'unit_admin', 'unit_clerk'];
const tags = ['indicators'];
const idParams = z.object({ id: z.uuid() });

/** Corrections carry the version they correct; a first value for a period has none to carry. */
function optionalIfMatch(req: FastifyRequest): number | null {
  return req.headers['if-match'] ? ifMatch(req) : null;
}

export function registerIndicatorRoutes(app: FastifyInstance, deps: AppDeps) {
  const indicators = createIndicatorService({
    db: deps.database.db,
    audit: deps.audit,
    org: deps.org,
    calendar: deps.calendar,
    notifications: deps.notifications,
    today: deps.supervision.today,
  });
  // The kept boards are stamped with the indicator revision; a change of the light thresholds raises it.
  deps.calendar.onChange((tx, jurisdictionId) => indicators.calendarChanged(tx, jurisdictionId));
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/indicators', {
    config: { access: { roles: READERS } },
    schema: {
      tags,
      summary: '指标目录（按权限范围）/ the indicator catalogue',
      response: { 200: z.object({ items: z.array(IndicatorOut), canEdit: z.boolean() }) },
    },
    handler: async (req) => indicators.list(actorOf(req)),
  });

  r.post('/api/v1/indicators', {
    config: { access: { roles: WRITERS } },
    schema: {
      tags,
      summary: '新增指标（督查室或牵头单位）/ add an indicator',
      body: IndicatorCreate,
      response: { 201: IndicatorOut },
    },
    handler: async (req, reply) =>
      reply.code(201).send(withEtag(reply, await indicators.create(actorOf(req), req.body, meta(req)))),
  });

  r.get('/api/v1/indicators/board', {
    config: { access: { roles: READERS } },
    schema: {
      tags,
      summary: '指标看板：每项指标最新一期的数值、增速、目标、序时进度、亮灯、排名、预测与调度事项 / the board',
      querystring: BoardQuery,
      response: { 200: BoardOut },
    },
    // Sent as the kept JSON text (checked against BoardOut when it was built): no per-request serialisation.
    handler: async (req, reply) =>
      reply
        .type('application/json; charset=utf-8')
        .send((await indicators.boardJson(actorOf(req), req.query, req.locale)) as never),
  });

  r.get('/api/v1/indicators/export', {
    config: { access: { roles: READERS } },
    schema: {
      tags,
      summary: '导出主要经济指标完成情况 .xlsx（统计月报格式）/ the statistical bulletin',
      querystring: YearQuery,
    },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      const data = await indicators.bulletin(actor, req.query);
      await deps.audit.record({
        ...deps.org.auditAs(actor, meta(req)),
        action: 'indicator.export',
        result: 'success',
        detail: { year: data.year, rows: data.rows.length },
      });
      return sendWorkbook(reply, bulletinWorkbook(data), `主要经济指标-${data.year}.xlsx`);
    },
  });

  r.get('/api/v1/indicators/import/template', {
    config: { access: { roles: WRITERS } },
    schema: { tags, summary: '指标数据导入模板 .xlsx / the import template' },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      const { items } = await indicators.list(actor);
      const counties = await indicators.counties(actor);
      const first = items.find((i) => i.canWrite) ?? items[0];
      const today = deps.supervision.today();
      const month = Number(today.slice(5, 7));
      const period = first
        ? periodKey(
            first.frequency as Frequency,
            month === 1 ? Number(today.slice(0, 4)) - 1 : Number(today.slice(0, 4)),
            first.frequency === 'month' ? (month === 1 ? 12 : month - 1) : 1,
          )
        : '2026-01';
      return sendWorkbook(
        reply,
        templateWorkbook({
          indicator: first?.name ?? '地区生产总值',
          unit: first?.unit ?? '亿元',
          period,
          peer: counties.find((c) => !c.isSelf)?.name ?? null,
        }),
        '指标数据导入模板.xlsx',
      );
    },
  });

  r.post('/api/v1/indicators/import', {
    config: { access: { roles: WRITERS } },
    schema: {
      tags,
      summary:
        '上传指标数据 .xlsx/.csv 并逐行校验（不写入；提示须确认）/ upload values and check every row; nothing is written',
      consumes: ['multipart/form-data'],
      response: { 200: ImportPreviewOut },
    },
    handler: async (req) => {
      const actor = actorOf(req);
      const file = await readUpload(req);
      const buf = file.buf;
      const sheets = await readTables(buf, file.filename);
      const plan = await indicators.previewImport(actor, sheets, req.locale);
      if (plan.fileError) throw new AppError('bad_file', { reason: plan.fileError });
      const rejected = plan.rows.filter((x) => x.status === 'rejected').length;
      const warnings = plan.rows.reduce((n, x) => n + x.warnings.length, 0);
      const previouslyCommittedAt = await deps.imports.previousCommit(actor, 'indicators', buf);
      // All or nothing: a batch is held only when every row is good.
      const payload = { rows: plan.rows.map((x) => x.input!), warnings };
      const batchId =
        rejected === 0 && plan.rows.length > 0
          ? await deps.imports.hold(actor, 'indicators', file.filename, buf, payload)
          : null;
      await deps.audit.record({
        ...deps.org.auditAs(actor, meta(req)),
        action: 'indicator.import.preview',
        result: rejected ? 'failure' : 'success',
        detail: { fileName: file.filename, rows: plan.rows.length, rejected, warnings },
      });
      return {
        batchId,
        fileName: file.filename,
        accepted: plan.rows.length - rejected,
        rejected,
        warnings,
        previouslyCommittedAt,
        rows: plan.rows.map(({ input: _i, ...x }) => x),
      };
    },
  });

  r.post('/api/v1/indicators/import/:batch/commit', {
    config: { access: { roles: WRITERS } },
    schema: {
      tags,
      summary: '确认导入：一次事务写入全部数据；有提示时须 confirm=true / commit all rows in one transaction',
      params: z.object({ batch: z.uuid() }),
      body: z.strictObject({ confirm: z.boolean().default(false) }).optional(),
      response: { 200: z.object({ created: z.number(), corrected: z.number() }) },
    },
    handler: async (req) => {
      const actor = actorOf(req);
      const m = meta(req);
      return deps.database.db.transaction(async (tx) => {
        const { payload } = await deps.imports.take<{ rows: PlannedValue[]; warnings: number }>(
          tx,
          actor,
          'indicators',
          req.params.batch,
        );
        if (payload.warnings > 0 && !req.body?.confirm)
          throw new AppError('indicator_needs_confirmation', { count: payload.warnings });
        return indicators.commitImport(tx, actor, payload.rows, req.params.batch, m);
      });
    },
  });

  r.get('/api/v1/indicators/counties', {
    config: { access: { roles: READERS } },
    schema: {
      tags,
      summary: '对比县（市、区）：本县及兄弟县 / the compared counties',
      response: { 200: z.object({ items: z.array(CountyOut) }) },
    },
    handler: async (req) => ({ items: await indicators.counties(actorOf(req)) }),
  });

  r.post('/api/v1/indicators/counties', {
    config: { access: { roles: WRITERS } },
    schema: {
      tags,
      summary: '添加兄弟县（市、区）、全市或本县的乡镇园区 / add a peer county, the city or a place',
      body: CountyIn,
      response: { 201: CountyOut },
    },
    handler: async (req, reply) =>
      reply.code(201).send(withEtag(reply, await indicators.createCounty(actorOf(req), req.body, meta(req)))),
  });

  r.patch('/api/v1/indicators/counties/:id', {
    config: { access: { roles: WRITERS } },
    schema: {
      tags,
      summary: '修改对比县名称或顺序（需 If-Match）/ rename or reorder a county',
      params: idParams,
      body: CountyPatch,
      response: { 200: CountyOut },
    },
    handler: async (req, reply) =>
      withEtag(reply, await indicators.patchCounty(actorOf(req), req.params.id, ifMatch(req), req.body, meta(req))),
  });

  r.get('/api/v1/indicators/settings', {
    config: { access: { roles: READERS } },
    schema: { tags, summary: '经济运行监测牵头单位 / the coordinating unit', response: { 200: SettingsOut } },
    handler: async (req, reply) => withEtag(reply, await indicators.settings(actorOf(req))),
  });

  r.put('/api/v1/indicators/settings', {
    config: { access: { roles: ['supervision_office'] } },
    schema: {
      tags,
      summary: '设置牵头单位（需 If-Match，未设置时为 0）/ set the coordinating unit',
      body: SettingsPut,
      response: { 200: SettingsOut },
    },
    handler: async (req, reply) =>
      withEtag(reply, await indicators.putSettings(actorOf(req), ifMatch(req), req.body, meta(req))),
  });

  registerRecordRoutes(app, deps, {
    path: '/api/v1/indicators',
    tags,
    out: IndicatorOut,
    get: { summary: '指标详情 / an indicator', roles: READERS, run: indicators.get },
    patch: {
      summary: '修改指标（含年度目标；需 If-Match）/ edit an indicator and its targets',
      roles: WRITERS,
      body: IndicatorPatch,
      run: indicators.patch,
    },
  });

  r.get('/api/v1/indicators/:id/values', {
    config: { access: { roles: READERS } },
    schema: {
      tags,
      summary: '各期数据（history=true 含被更正的旧版本）/ values by period',
      params: idParams,
      querystring: ValuesQuery,
      response: { 200: z.object({ items: z.array(ValueOut) }) },
    },
    handler: async (req) => ({ items: await indicators.values(actorOf(req), req.params.id, req.query) }),
  });

  r.post('/api/v1/indicators/:id/values', {
    config: { access: { roles: WRITERS } },
    schema: {
      tags,
      summary:
        '填报一期数据（本县或兄弟县；更正已有数据须 If-Match，形成新版本；有提示须 confirm=true）/ enter or correct a value',
      params: idParams,
      body: ValueIn,
      response: { 201: ValueOut },
    },
    handler: async (req, reply) => {
      const v = await indicators.enterValue(
        actorOf(req),
        req.params.id,
        optionalIfMatch(req),
        req.body,
        meta(req),
        req.locale,
      );
      return reply.code(201).send(withEtag(reply, v));
    },
  });

  r.get('/api/v1/indicators/:id/trajectory', {
    config: { access: { roles: READERS } },
    schema: {
      tags,
      summary: '序时进度曲线、预测、还需增速与兄弟县对比 / the trajectory, forecast, what it takes and the peers',
      params: idParams,
      querystring: YearQuery,
      response: { 200: TrajectoryOut },
    },
    // Sent as the kept JSON text (checked against TrajectoryOut when it was built), like the board.
    handler: async (req, reply) =>
      reply
        .type('application/json; charset=utf-8')
        .send((await indicators.trajectoryJson(actorOf(req), req.params.id, req.query)) as never),
  });

  r.get('/api/v1/indicators/:id/places', {
    config: { access: { roles: READERS } },
    schema: {
      tags,
      summary: '分乡镇、园区：各乡镇园区最新一期的数值、增速、占全县比重与排名 / the indicator by township and park',
      params: idParams,
      querystring: YearQuery,
      response: { 200: PlacesOut },
    },
    handler: async (req) => indicators.places(actorOf(req), req.params.id, req.query),
  });
}
