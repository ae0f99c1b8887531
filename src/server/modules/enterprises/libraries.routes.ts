import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps';
import { actorOf, ifMatch, meta } from '../../http/request';
import type { Role } from '../../../shared/roles';
import { MuThresholds } from '../../../shared/domain/mu';
import {
  LibraryOut,
  LibraryPatch,
  LibraryQuery,
  MemberIn,
  MemberLeaveIn,
  MemberOut,
  MemberQuery,
  MemberStageIn,
  MuFilter,
  MuOut,
  MuQuery,
} from '../../../shared/enterprises';
import { registerImportRoutes } from '../../http/ledger-files';
import { streamWorkbook } from '../../files/xlsx';
import { MU_EXPORT_HEADER, muCells, muSheet } from './enterprises.excel';
import { createLibraryService } from './libraries.service';
import { createMuService } from './mu.service';
import { planMuImport, type MuImportInput } from './mu.import';

const READERS: Role[] = ['principal', 'leader', 'supervision_office', 'unit_admin', 'unit_clerk'];
const KEEPERS: Role[] = ['principal', 'supervision_office'];
/** Tax and output of each enterprise: the county's leaders and the office. */
const MU_READERS: Role[] = ['principal', 'leader', 'supervision_office'];

export function registerLibraryRoutes(app: FastifyInstance, deps: AppDeps) {
  const libraries = createLibraryService({
    db: deps.database.db,
    audit: deps.audit,
    org: deps.org,
    calendar: deps.calendar,
    today: () => deps.supervision.today(),
  });
  const mu = createMuService({ db: deps.database.db, audit: deps.audit, org: deps.org });
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['enterprise-libraries'];
  const libParams = z.object({ id: z.uuid() });
  const memberParams = z.object({ id: z.uuid(), memberId: z.uuid() });

  r.get('/api/v1/enterprise-libraries', {
    config: { access: { roles: READERS } },
    schema: {
      tags,
      summary:
        '后备库/培育库（拟上市、科技型中小企业、高新技术企业、专精特新、链主）：入库标准、各阶段企业数、本年进出库、年度目标序时进度 / reserve libraries',
      querystring: LibraryQuery,
      response: { 200: z.object({ items: z.array(LibraryOut) }) },
    },
    handler: async (req) => ({ items: await libraries.list(actorOf(req), req.query.year) }),
  });

  r.patch('/api/v1/enterprise-libraries/:id', {
    config: { access: { roles: KEEPERS } },
    schema: {
      tags,
      summary: '修改库名称、入库标准，设年度新增目标（需 If-Match）/ edit a library or set its yearly target',
      params: libParams,
      body: LibraryPatch,
      response: { 200: LibraryOut },
    },
    handler: async (req) => libraries.patch(actorOf(req), req.params.id, ifMatch(req), req.body, meta(req)),
  });

  r.get('/api/v1/enterprise-libraries/:id/members', {
    config: { access: { roles: READERS } },
    schema: {
      tags,
      summary: '库内企业及其阶段、入库日期和历次变动 / members with their stage and history',
      params: libParams,
      querystring: MemberQuery,
      response: { 200: z.object({ items: z.array(MemberOut) }) },
    },
    handler: async (req) => ({ items: await libraries.members(actorOf(req), req.params.id, req.query) }),
  });

  r.post('/api/v1/enterprise-libraries/:id/members', {
    config: { access: { roles: KEEPERS } },
    schema: {
      tags,
      summary: '入库：企业、阶段、日期 / an enterprise enters the library',
      params: libParams,
      body: MemberIn,
      response: { 201: z.object({ id: z.uuid() }) },
    },
    handler: async (req, reply) =>
      reply.code(201).send({ id: await libraries.admit(actorOf(req), req.params.id, req.body, meta(req)) }),
  });

  r.post('/api/v1/enterprise-libraries/:id/members/:memberId/stage', {
    config: { access: { roles: KEEPERS } },
    schema: {
      tags,
      summary: '进入下一阶段（如辅导备案、申报、上市；只进不退，需 If-Match）/ a stage reached',
      params: memberParams,
      body: MemberStageIn,
      response: { 204: z.null() },
    },
    handler: async (req, reply) => {
      await libraries.advance(actorOf(req), req.params.id, req.params.memberId, ifMatch(req), req.body, meta(req));
      return reply.code(204).send(null);
    },
  });

  r.post('/api/v1/enterprise-libraries/:id/members/:memberId/leave', {
    config: { access: { roles: KEEPERS } },
    schema: {
      tags,
      summary: '出库（须说明理由，需 If-Match）/ leaves the library',
      params: memberParams,
      body: MemberLeaveIn,
      response: { 204: z.null() },
    },
    handler: async (req, reply) => {
      await libraries.leave(actorOf(req), req.params.id, req.params.memberId, ifMatch(req), req.body, meta(req));
      return reply.code(204).send(null);
    },
  });

  // ---------- 亩均论英雄 ----------
  const muTags = ['mu-evaluation'];
  r.get('/api/v1/mu-evaluation', {
    config: { access: { roles: MU_READERS } },
    schema: {
      tags: muTags,
      summary:
        '亩均论英雄：某年各企业亩均税收、亩均产出、A/B/C/D 分类、全县和乡镇（园区）排名（按排名分页，可按乡镇、分类、行业筛选），全年的分类计数、乡镇排名和 D 类有闲置用地的企业（腾笼换鸟）/ the 亩均 ' +
        'evaluation, a page at a time',
      querystring: MuQuery,
      response: { 200: MuOut },
    },
    handler: async (req) => mu.evaluate(actorOf(req), req.query),
  });

  r.get('/api/v1/mu-evaluation/export', {
    config: { access: { roles: MU_READERS } },
    schema: {
      tags: muTags,
      summary:
        '导出某年亩均评价 .xlsx（导入的列在前，可再导入；其后亩均税收、亩均产出、分类、全县和乡镇排名）/ export the evaluation',
      querystring: MuFilter,
    },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      // Streamed from the kept evaluation (mu.service.ts) a chunk at a time; audited before the first byte.
      const { total, each } = await mu.exportRows(actor, req.query);
      await deps.audit.record({
        ...deps.org.auditAs(actor, meta(req)),
        action: 'mu.export',
        result: 'success',
        detail: { rows: total, filters: req.query },
      });
      return streamWorkbook(reply, `亩均评价-${req.query.year}.xlsx`, async (wb, w) => {
        const ws = muSheet(wb, req.query.year);
        w.header(ws, MU_EXPORT_HEADER);
        await each((rows) => {
          for (const row of rows) w.row(ws, muCells(req.query.year, row));
        });
        ws.commit();
      });
    },
  });

  r.get('/api/v1/mu-evaluation/thresholds', {
    config: { access: { roles: MU_READERS } },
    schema: { tags: muTags, summary: '分类标准（万元/亩）/ the class thresholds', response: { 200: MuThresholds } },
    handler: async (req) => mu.thresholds(actorOf(req).jurisdictionId),
  });

  r.put('/api/v1/mu-evaluation/thresholds', {
    config: { access: { roles: ['supervision_office'] } },
    schema: {
      tags: muTags,
      summary: '设置 A/B/C 类下限（全县，可按行业门类或大类另设）/ set the thresholds',
      body: MuThresholds,
      response: { 200: MuThresholds },
    },
    handler: async (req) => mu.putThresholds(actorOf(req), req.body, meta(req)),
  });

  registerImportRoutes(app, deps, {
    base: '/api/v1/mu-evaluation',
    batch: 'mu',
    auditAs: 'mu',
    tags: muTags,
    roles: ['supervision_office'],
    summaries: {
      preview:
        '上传亩均数据 .xlsx（统一社会信用代码、年度、用地面积、闲置用地、税收、产值/营业收入、能耗、从业人员），' +
        '逐行校验，不写入 / upload and check',
      commit: '确认导入：一次事务写入全部行（同一企业同一年度的数据被替换）/ commit all rows at once',
    },
    row: { name: z.string() },
    query: z.strictObject({ year: z.coerce.number().int().min(2000).max(2100).optional() }),
    commitOut: z.object({ created: z.number(), written: z.number() }),
    plan: async (actor, sheets, query) =>
      planMuImport(sheets, { codes: await mu.codes(actor), year: query.year ?? null }),
    commit: async (tx, actor, payload: MuImportInput[]) => {
      const written = await mu.writeMany(tx, actor, payload);
      return { created: written, written };
    },
    // The written years' evaluation kept at once (the triggers marked it stale in the import's transaction).
    afterCommit: (actor, payload: MuImportInput[]) =>
      mu.warm(
        actor.jurisdictionId,
        payload.map((r) => r.year),
      ),
  });
}
