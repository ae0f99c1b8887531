import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps';
import { keptJson, sendJson, viewKey } from '../../http/kept';
import { registerImportRoutes, sendExport } from '../../http/ledger-files';
import { actorOf, ifMatch, meta, withEtag } from '../../http/request';
import { registerRecordRoutes } from '../../http/record-routes';
import {
  BoundaryOut,
  BoundaryPut,
  InvestmentIn,
  InvestmentsOut,
  MapOut,
  MapQuery,
  MilestoneCompleteIn,
  MilestonePlanIn,
  MoveIn,
  MoveOut,
  ProjectCountsOut,
  ProjectCountsQuery,
  ProjectCreate,
  ProjectMilestoneOut,
  ProjectOut,
  ProjectPatch,
  ProjectQuery,
  ProjectTypeEnum,
  RatesOut,
  RatesQuery,
  TemplateOut,
  TemplatePut,
} from '../../../shared/projects';
import { createCampaignService } from '../campaigns/campaigns.service';
import { createProjectServices } from './blockers.service';
import { createRoundService } from './rounds.service';
import { idParams, ISSUERS, READERS, registerRoundAndBlockerRoutes, UNIT_ROLES, WRITERS } from './rounds.routes';
import { libraryWorkbook, roundWorkbook, type Names } from './projects.excel';
import { sendWorkbook } from '../../files/xlsx';
import { roundDocument, sendDocument } from './projects.docx';
import type { Actor } from '../../http/access';
import { AppError } from '../../http/errors';
import { IsoDateString } from '../../../shared/supervision';
import { planProjectImport } from './projects.import';
import { contains } from '../../../shared/domain/projects-geo';
import type { ProjectCreate as ProjectCreateT } from '../../../shared/projects';

const milestoneParams = z.object({ id: z.uuid(), milestoneId: z.uuid() });
const Reason = z.strictObject({ reason: z.string().trim().min(1).max(2000) });
const NoBody = z.strictObject({}).optional();
const tags = ['projects'];

export function registerProjectRoutes(app: FastifyInstance, deps: AppDeps) {
  // The module builds its own service from the shared ones (AppDeps stays as it is: one line in app.ts registers it).
  const { projects, blockers } = createProjectServices({ ...deps, db: deps.database.db });
  const rounds = createRoundService({
    db: deps.database.db,
    audit: deps.audit,
    org: deps.org,
    projects,
    blockers,
    today: deps.supervision.today,
  });
  registerRoundAndBlockerRoutes(app, { rounds, blockers, views: deps.views, today: deps.supervision.today });
  const campaigns = createCampaignService({
    db: deps.database.db,
    audit: deps.audit,
    org: deps.org,
    supervision: deps.supervision,
    projects,
  });
  /** The campaign/front filter: the projects it holds, or no restriction. */
  const inCampaign = (actor: Actor, q: { campaignId?: string; frontId?: string }) =>
    q.campaignId || q.frontId ? campaigns.memberIds(actor, 'project', q) : Promise.resolve(undefined);
  const r = app.withTypeProvider<ZodTypeProvider>();

  /** Unit and person names for exports, looked up once per export. */
  async function namesFor(actor: Actor, personIds: (string | null)[] = []): Promise<Names> {
    const units = new Map((await deps.org.listUnits(actor)).map((u) => [u.id, u.name]));
    const people = new Map<string, string>();
    for (const id of new Set(personIds.filter((x): x is string => !!x)))
      people.set(id, (await deps.org.accountById(id))?.displayName ?? '');
    return { unit: (id) => (id ? (units.get(id) ?? '') : ''), person: (id) => (id ? (people.get(id) ?? '') : '') };
  }

  r.get('/api/v1/projects/export', {
    config: { access: { roles: READERS } },
    schema: {
      tags,
      summary: '按当前筛选导出重点项目表 .xlsx / export the filtered library',
      querystring: ProjectQuery.omit({ page: true, pageSize: true }),
    },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      const { items } = await projects.list(
        actor,
        { ...req.query, page: 1, pageSize: 100_000 },
        await inCampaign(actor, req.query),
      );
      const wb = libraryWorkbook(
        items,
        await namesFor(
          actor,
          items.map((i) => i.leaderId),
        ),
      );
      return sendExport(deps, req, reply, {
        action: 'project.export',
        detail: { count: items.length, filter: req.query },
        workbook: wb,
        fileName: `重点项目表-${req.query.asOf ?? projects.today()}.xlsx`,
      });
    },
  });

  registerImportRoutes(app, deps, {
    base: '/api/v1/projects',
    batch: 'projects',
    auditAs: 'project',
    tags,
    roles: ISSUERS,
    summaries: {
      preview:
        '上传重点项目表 .xlsx/.csv 并逐行校验（不写入；金额按单元格或表头的万元/亿元换算）/ ' +
        'upload the key-project table and check every row',
      commit: '确认导入：一次事务写入全部项目 / commit: every row in one transaction',
    },
    row: { name: z.string() },
    commitOut: z.object({ created: z.number() }),
    plan: async (actor, sheets) => {
      const { units, unitIndex, unitLabels, leadersByName } = await deps.org.nameLookups(actor);
      const existing = await projects.list(actor, { page: 1, pageSize: 100_000, sort: 'serial' });
      return planProjectImport(sheets, {
        year: Number(projects.today().slice(0, 4)),
        unitIndex,
        unitLabels,
        townshipIds: new Set(units.filter((u) => u.kind === 'township' || u.kind === 'park').map((u) => u.id)),
        leadersByName,
        existingNames: new Set(existing.items.map((p) => p.name)),
        boundary: await projects
          .boundaryOf(actor.jurisdictionId)
          .then((b) =>
            b ? { name: b.name, contains: (lng: number, lat: number) => contains(b.boundary, lng, lat) } : undefined,
          ),
      });
    },
    commit: async (tx, actor, payload: ProjectCreateT[], _query, m) => {
      for (const input of payload) await projects.createIn(tx, actor, input, m);
      return { created: payload.length };
    },
  });

  r.get('/api/v1/rounds/:id/export', {
    config: { access: { roles: READERS } },
    schema: {
      tags: ['rounds'],
      summary:
        '导出本轮调度对账（format=xlsx 表格或 docx 文档，调度会用）/ export the round’s summary as .xlsx or .docx',
      params: idParams,
      querystring: z.strictObject({ format: z.enum(['xlsx', 'docx']).default('xlsx') }),
    },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      const [s, agenda] = await Promise.all([
        rounds.summary(actor, req.params.id),
        rounds.agenda(actor, req.params.id),
      ]);
      const input = { ...s, title: s.round.title, cutoff: s.round.cutoff, agenda };
      const names = await namesFor(actor);
      await deps.audit.record({
        ...deps.org.auditAs(actor, meta(req)),
        action: 'round.export',
        objectType: 'round',
        objectId: req.params.id,
        result: 'success',
        detail: { format: req.query.format },
      });
      if (req.query.format === 'docx') return sendDocument(reply, roundDocument(input, names), `${s.round.title}.docx`);
      return sendWorkbook(reply, roundWorkbook(input, names), `${s.round.title}.xlsx`);
    },
  });

  r.get('/api/v1/projects', {
    config: { access: { roles: READERS } },
    schema: {
      tags,
      summary:
        '项目库（按权限范围；可按库、类型、亮灯、单位、乡镇、包联领导、标记、关键词筛选；asOf 查看某日的项目库）/ the key-project library',
      querystring: ProjectQuery,
      response: {
        200: z.object({ items: z.array(ProjectOut), total: z.number(), page: z.number(), pageSize: z.number() }),
      },
    },
    handler: async (req) => projects.list(actorOf(req), req.query, await inCampaign(actorOf(req), req.query)),
  });

  r.post('/api/v1/projects', {
    config: { access: { roles: WRITERS } },
    schema: {
      tags,
      summary: '项目入库（单位只能填报本单位项目；节点由督查室或主要领导安排）/ add a project to the library',
      body: ProjectCreate,
      response: { 201: ProjectOut },
    },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      return reply
        .code(201)
        .send(withEtag(reply, await projects.get(actor, await projects.create(actor, req.body, meta(req)))));
    },
  });

  r.get('/api/v1/projects/counts', {
    config: { access: { roles: READERS } },
    schema: {
      tags,
      summary: '各库项目数（与列表相同的筛选，不含库别；按权限范围）/ projects per pool under the list’s filters',
      querystring: ProjectCountsQuery,
      response: { 200: ProjectCountsOut },
    },
    handler: async (req, reply) =>
      sendJson(
        reply,
        await keptJson(deps.views, viewKey(req, deps.supervision.today()), ProjectCountsOut, async () =>
          projects.counts(actorOf(req), req.query, await inCampaign(actorOf(req), req.query)),
        ),
      ),
  });

  r.get('/api/v1/projects/rates', {
    config: { access: { roles: READERS } },
    schema: {
      tags,
      summary: '开工率、竣工率、达产率、投资完成率与序时进度（按库、单位、乡镇或包联领导分组；定义见文档）/ the rates',
      querystring: RatesQuery,
      response: { 200: RatesOut },
    },
    // Views kept a few seconds per person (http/kept.ts), dropped by any write through this instance.
    handler: async (req, reply) =>
      sendJson(
        reply,
        await keptJson(deps.views, viewKey(req, deps.supervision.today()), RatesOut, () =>
          projects.rates(actorOf(req), req.query.groupBy, req.query.asOf, req.locale),
        ),
      ),
  });

  r.get('/api/v1/projects/map', {
    config: { access: { roles: READERS } },
    schema: {
      tags,
      summary: '挂图作战：有坐标的项目及其亮灯 / projects on the map with their light',
      querystring: MapQuery,
      response: { 200: MapOut },
    },
    handler: async (req, reply) =>
      sendJson(
        reply,
        await keptJson(deps.views, viewKey(req, deps.supervision.today()), MapOut, () =>
          projects.map(actorOf(req), req.query),
        ),
      ),
  });

  r.get('/api/v1/projects/boundary', {
    config: { access: { roles: [...READERS, 'system_admin'] } },
    schema: {
      tags,
      summary: '县域边界（GeoJSON，挂图作战的底图；无需联网）/ the county boundary',
      response: { 200: BoundaryOut },
    },
    handler: async (req, reply) => {
      const b = await projects.boundary(actorOf(req));
      if (!b) throw new AppError('not_found');
      return withEtag(reply, b);
    },
  });

  r.put('/api/v1/projects/boundary', {
    config: { access: { roles: ['system_admin'] } },
    schema: {
      tags,
      summary:
        '上传县域边界 GeoJSON（Polygon/MultiPolygon/Feature/FeatureCollection；需 If-Match，首次为 0）/ upload the county boundary',
      body: BoundaryPut,
      response: { 200: BoundaryOut },
    },
    handler: async (req, reply) =>
      withEtag(reply, await projects.putBoundary(actorOf(req), ifMatch(req), req.body, meta(req))),
  });

  r.get('/api/v1/projects/milestone-templates', {
    config: { access: { roles: READERS } },
    schema: {
      tags,
      summary: '各类项目的节点模板 / milestone templates per project type',
      response: { 200: z.object({ items: z.array(TemplateOut) }) },
    },
    handler: async (req) => ({ items: await projects.templates(actorOf(req)) }),
  });

  r.put('/api/v1/projects/milestone-templates/:type', {
    config: { access: { roles: ['supervision_office'] } },
    schema: {
      tags,
      summary: '修改节点模板（需 If-Match；内置模板的版本为 0）/ edit a milestone template',
      params: z.object({ type: ProjectTypeEnum }),
      body: TemplatePut,
      response: { 200: TemplateOut },
    },
    handler: async (req, reply) =>
      withEtag(
        reply,
        await projects.putTemplate(actorOf(req), req.params.type, ifMatch(req), req.body.names, meta(req)),
      ),
  });

  registerRecordRoutes(app, deps, {
    path: '/api/v1/projects',
    tags,
    out: ProjectOut,
    get: { summary: '项目详情 / a project', roles: READERS, run: projects.get },
    patch: {
      summary: '修改项目信息（需 If-Match；调整入库用 moves）/ edit a project',
      roles: WRITERS,
      body: ProjectPatch,
      run: projects.patch,
    },
  });

  r.get('/api/v1/projects/:id/moves', {
    config: { access: { roles: READERS } },
    schema: {
      tags,
      summary: '入库与调整记录（从不删除）/ pool moves',
      params: idParams,
      response: { 200: z.object({ items: z.array(MoveOut) }) },
    },
    handler: async (req) => ({ items: await projects.moves(actorOf(req), req.params.id) }),
  });

  r.post('/api/v1/projects/:id/moves', {
    config: { access: { roles: WRITERS } },
    schema: {
      tags,
      summary: '调整项目所在库（须写明日期和原因；需 If-Match）/ move to another pool',
      params: idParams,
      body: MoveIn,
      response: { 201: ProjectOut },
    },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      await projects.move(actor, req.params.id, ifMatch(req), req.body, meta(req));
      return reply.code(201).send(withEtag(reply, await projects.get(actor, req.params.id)));
    },
  });

  r.get('/api/v1/projects/:id/investments', {
    config: { access: { roles: READERS } },
    schema: {
      tags,
      summary: '月度完成投资与年度进度 / monthly investment',
      params: idParams,
      response: { 200: InvestmentsOut },
    },
    handler: async (req) => projects.investments(actorOf(req), req.params.id),
  });

  r.post('/api/v1/projects/:id/investments', {
    config: { access: { roles: WRITERS } },
    schema: {
      tags,
      summary:
        '填报月度完成投资（同月再报即更正，原记录保留；超过剩余总投资须填写原因；需 If-Match）/ record a month’s investment',
      params: idParams,
      body: InvestmentIn,
      response: { 201: InvestmentsOut },
    },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      const { overRemaining } = await projects.addInvestment(actor, req.params.id, ifMatch(req), req.body, meta(req));
      return reply
        .code(201)
        .send(
          withEtag(
            reply,
            await projects.investments(actor, req.params.id, overRemaining ? 'over_remaining' : undefined),
          ),
        );
    },
  });

  r.get('/api/v1/projects/:id/milestones', {
    config: { access: { roles: READERS } },
    schema: {
      tags,
      summary: '项目节点（计划与实际日期、亮灯）/ milestones',
      params: idParams,
      response: { 200: z.object({ items: z.array(ProjectMilestoneOut) }) },
    },
    handler: async (req) => ({ items: await projects.milestones(actorOf(req), req.params.id) }),
  });

  r.post('/api/v1/projects/:id/milestones', {
    config: { access: { roles: ISSUERS } },
    schema: {
      tags,
      summary: '安排节点（每个节点交办给责任单位督办；需项目的 If-Match）/ plan milestones',
      params: idParams,
      body: MilestonePlanIn,
      response: { 201: z.object({ items: z.array(ProjectMilestoneOut) }) },
    },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      await projects.planMilestones(actor, req.params.id, ifMatch(req), req.body.milestones, meta(req));
      return reply.code(201).send({ items: await projects.milestones(actor, req.params.id) });
    },
  });

  r.post('/api/v1/projects/:id/milestones/:milestoneId/complete', {
    config: { access: { roles: UNIT_ROLES } },
    schema: {
      tags,
      summary: '报节点完成（实际日期不晚于今天，附佐证；需节点的 If-Match）/ report a milestone done',
      params: milestoneParams,
      body: MilestoneCompleteIn,
      response: { 200: z.object({ items: z.array(ProjectMilestoneOut) }) },
    },
    handler: async (req) => {
      const actor = actorOf(req);
      await projects.completeMilestone(actor, req.params.id, req.params.milestoneId, ifMatch(req), req.body, meta(req));
      return { items: await projects.milestones(actor, req.params.id) };
    },
  });

  r.post('/api/v1/projects/:id/milestones/:milestoneId/replan', {
    config: { access: { roles: WRITERS } },
    schema: {
      tags,
      summary: '调整节点计划日期（交办方；须说明理由；需节点的 If-Match）/ re-plan a milestone',
      params: milestoneParams,
      body: z.strictObject({ plannedDate: IsoDateString, reason: z.string().trim().min(1).max(2000) }),
      response: { 200: z.object({ items: z.array(ProjectMilestoneOut) }) },
    },
    handler: async (req) => {
      const actor = actorOf(req);
      await projects.replanMilestone(actor, req.params.id, req.params.milestoneId, ifMatch(req), req.body, meta(req));
      return { items: await projects.milestones(actor, req.params.id) };
    },
  });

  const decisions = [
    { path: 'accept', decision: 'accept', body: NoBody, roles: UNIT_ROLES, summary: '签收节点 / sign for a milestone' },
    { path: 'confirm', decision: 'close', body: NoBody, roles: WRITERS, summary: '确认节点完成（销号）/ confirm' },
    {
      path: 'send-back',
      decision: 'reject',
      body: Reason,
      roles: WRITERS,
      summary: '退回节点完成申请（须说明理由）/ send back',
    },
    {
      path: 'cancel',
      decision: 'cancel',
      body: Reason,
      roles: WRITERS,
      summary: '撤销节点（须说明理由；不删除）/ cancel',
    },
  ] as const;
  for (const d of decisions) {
    r.post(`/api/v1/projects/:id/milestones/:milestoneId/${d.path}`, {
      config: { access: { roles: d.roles } },
      schema: {
        tags,
        summary: `${d.summary}（需节点的 If-Match）`,
        params: milestoneParams,
        body: d.body,
        response: { 200: z.object({ items: z.array(ProjectMilestoneOut) }) },
      },
      handler: async (req) => {
        const body = (req.body ?? {}) as { reason?: string };
        const actor = actorOf(req);
        await projects.decideMilestone(
          actor,
          req.params.id,
          req.params.milestoneId,
          ifMatch(req),
          d.decision,
          body.reason ?? null,
          meta(req),
        );
        return { items: await projects.milestones(actor, req.params.id) };
      },
    });
  }
}
