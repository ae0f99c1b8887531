import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps';
import { actorOf, ifMatch, meta, withEtag } from '../../http/request';
import type { Role } from '../../../shared/roles';
import {
  ChainCreate,
  ChainOut,
  CommitmentCreate,
  CommitmentsOut,
  ConfirmIn,
  DemandLinkIn,
  FulfilIn,
  LinkedDemandsOut,
  ChainPatch,
  ConvertIn,
  ConvertOut,
  FundsIn,
  GraphOut,
  LeadCreate,
  LeadMatchOut,
  LeadOut,
  LeadPatch,
  LeadQuery,
  LinkCreate,
  LinkOut,
  LinkPatch,
  SiteCreate,
  SiteMatchOut,
  SiteOut,
  SitePatch,
  SiteQuery,
  SiteStateIn,
  SitePhotoIn,
  SitePhotosOut,
  StallDaysIn,
  StallDaysOut,
  StageIn,
  StagesOut,
  SummaryOut,
  SummaryQuery,
  InvestmentMapOut,
  InvestmentMapQuery,
  TargetsIn,
  TargetsOut,
  TargetsQuery,
} from '../../../shared/investment';
import { createProjectServices } from '../projects/blockers.service';
import { createCommitmentService } from './commitments.service';
import { createEnterpriseService } from '../enterprises/enterprises.service';
import { createInvestmentService, type InvestmentService } from './investment.service';
import { chainWorkbook, ledgerWorkbook } from './investment.excel';
import { sendWorkbook } from '../../files/xlsx';
import { keptJson, sendJson, viewKey } from '../../http/kept';
import { registerRecordRoutes, registerVersionedWrite } from '../../http/record-routes';
import { registerLeadImportRoutes } from './investment.import';

/** Business roles that read the pipeline (scoped in the service); the three administrators do not. */
const READERS: Role[] = ['principal', 'leader', 'supervision_office', 'unit_admin', 'unit_clerk'];
const ISSUERS: Role[] = ['principal', 'supervision_office'];
/** The office and principals change any record; a unit its own (checked in the service). */
const WRITERS: Role[] = [...ISSUERS, 'unit_admin', 'unit_clerk'];

const idParams = z.object({ id: z.uuid() });
const linkParams = z.object({ id: z.uuid(), linkId: z.uuid() });
const fundsParams = z.object({ id: z.uuid(), fundsId: z.uuid() });
const commitmentParams = z.object({ id: z.uuid(), commitmentId: z.uuid() });
const photoParams = z.object({ id: z.uuid(), photoId: z.uuid() });
const page = <T extends z.ZodTypeAny>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
const FundsOut = z.object({
  items: z.array(
    z.object({
      id: z.uuid(),
      amount: z.number(),
      date: z.string(),
      note: z.string(),
      attachmentIds: z.array(z.uuid()),
      confirmed: z.boolean(),
      confirmedOn: z.string().nullable(),
    }),
  ),
});

export function registerInvestmentRoutes(app: FastifyInstance, deps: AppDeps) {
  const { projects, blockers } = createProjectServices({ ...deps, db: deps.database.db });
  const inv: InvestmentService = createInvestmentService({
    db: deps.database.db,
    audit: deps.audit,
    org: deps.org,
    attachments: deps.attachments,
    projects,
    enterprises: createEnterpriseService({ db: deps.database.db, audit: deps.audit, org: deps.org }),
    today: deps.supervision.today,
    thresholds: (j) => deps.calendar.thresholdsFor(j),
  });
  const commitments = createCommitmentService({
    db: deps.database.db,
    audit: deps.audit,
    org: deps.org,
    attachments: deps.attachments,
    supervision: deps.supervision,
    blockers,
    investment: inv,
  });
  const r = app.withTypeProvider<ZodTypeProvider>();

  // ---------- chains ----------
  const chainTags = ['chains'];
  registerRecordRoutes(app, deps, {
    path: '/api/v1/chains',
    tags: chainTags,
    out: ChainOut,
    list: {
      summary: '产业链列表 / industrial chains',
      roles: READERS,
      response: z.object({ items: z.array(ChainOut) }),
      run: (actor) => inv.listChains(actor),
    },
    create: {
      summary: '新建产业链（链长、牵头单位）/ create a chain',
      roles: WRITERS,
      body: ChainCreate,
      run: inv.createChain,
    },
    get: { summary: '产业链 / a chain', roles: READERS, run: inv.getChain },
    patch: { summary: '修改产业链 / edit a chain', roles: WRITERS, body: ChainPatch, run: inv.patchChain },
  });
  r.get('/api/v1/chains/:id/links', {
    config: { access: { roles: READERS } },
    schema: {
      tags: chainTags,
      summary: '产业链环节（含本地企业、覆盖程度、招商目标）/ the chain’s links',
      params: idParams,
      response: { 200: z.object({ items: z.array(LinkOut) }) },
    },
    handler: async (req) => inv.links(actorOf(req), req.params.id),
  });
  r.post('/api/v1/chains/:id/links', {
    config: { access: { roles: WRITERS } },
    schema: {
      tags: chainTags,
      summary: '新增环节 / add a link',
      params: idParams,
      body: LinkCreate,
      response: { 201: LinkOut },
    },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      const id = await inv.createLink(actor, req.params.id, req.body, meta(req));
      const { items } = await inv.links(actor, req.params.id);
      return reply.code(201).send(items.find((l) => l.id === id)!);
    },
  });
  r.patch('/api/v1/chains/:id/links/:linkId', {
    config: { access: { roles: WRITERS } },
    schema: {
      tags: chainTags,
      summary: '修改环节（含招商目标清单）/ edit a link',
      params: linkParams,
      body: LinkPatch,
      response: { 200: LinkOut },
    },
    handler: async (req, reply) =>
      withEtag(
        reply,
        await inv.patchLink(actorOf(req), req.params.id, req.params.linkId, ifMatch(req), req.body, meta(req)),
      ),
  });
  r.get('/api/v1/chains/:id/export', {
    config: { access: { roles: READERS } },
    schema: {
      tags: chainTags,
      summary: '导出产业链图谱清单 .xlsx（环节、本地企业、缺链与招商目标、在谈线索）/ export the chain’s lists',
      params: idParams,
    },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      const chain = await inv.getChain(actor, req.params.id);
      const { items: links } = await inv.links(actor, chain.id);
      const leads = (await inv.allLeads(actor, { chainId: chain.id, state: 'open' })).filter(
        (l) => l.stage !== 'producing',
      );
      return sendWorkbook(reply, chainWorkbook(chain, links, leads), `产业链图谱-${chain.name}-${inv.today()}.xlsx`);
    },
  });
  r.get('/api/v1/chains/:id/graph', {
    config: { access: { roles: READERS } },
    schema: {
      tags: chainTags,
      summary: '产业链图谱（树，按覆盖程度着色）/ the chain map as a tree',
      params: idParams,
      response: { 200: GraphOut },
    },
    handler: async (req, reply) =>
      sendJson(
        reply,
        await keptJson(deps.views, viewKey(req, deps.supervision.today()), GraphOut, () =>
          inv.graph(actorOf(req), req.params.id),
        ),
      ),
  });

  // ---------- leads ----------
  const leadTags = ['leads'];
  registerRecordRoutes(app, deps, {
    path: '/api/v1/leads',
    tags: leadTags,
    out: LeadOut,
    list: {
      summary: '招商线索 / the pipeline',
      roles: READERS,
      query: LeadQuery,
      response: page(LeadOut),
      run: inv.listLeads,
    },
    export: {
      summary: '导出招商台账 .xlsx / export the investment ledger',
      roles: READERS,
      query: LeadQuery.omit({ page: true, pageSize: true }),
      workbook: async (actor, query) => {
        const items = await inv.allLeads(actor, query);
        return {
          action: 'lead.export',
          detail: { count: items.length, filter: query },
          workbook: ledgerWorkbook(items, await inv.progressNotes(items.map((i) => i.id))),
          fileName: `招商台账-${inv.today()}.xlsx`,
        };
      },
    },
    create: { summary: '登记招商线索 / record a lead', roles: WRITERS, body: LeadCreate, run: inv.createLead },
    get: { summary: '招商线索 / a lead', roles: READERS, run: inv.getLead },
    patch: { summary: '修改线索信息 / edit a lead', roles: WRITERS, body: LeadPatch, run: inv.patchLead },
  });
  r.get('/api/v1/leads/:id/stages', {
    config: { access: { roles: READERS } },
    schema: {
      tags: leadTags,
      summary: '线索的阶段、跟进和签约记录；开工、投产取自项目库 / the lead’s record',
      params: idParams,
      response: { 200: StagesOut },
    },
    handler: async (req) => inv.stages(actorOf(req), req.params.id),
  });
  registerVersionedWrite(app, 'POST', '/api/v1/leads/:id/stages', {
    tags: leadTags,
    summary:
      '推进阶段（只能向前）、跟进、再次签约或流失关闭 / record a stage, a follow-up, a signing, or close as lost',
    roles: WRITERS,
    body: StageIn,
    out: LeadOut,
    run: inv.recordStage,
  });
  r.post('/api/v1/leads/:id/convert', {
    config: { access: { roles: WRITERS } },
    schema: {
      tags: leadTags,
      summary: '签约项目转入重点项目库（储备或前期），双向关联 / a signed lead becomes a key project',
      params: idParams,
      body: ConvertIn,
      response: { 201: ConvertOut },
    },
    handler: async (req, reply) =>
      reply.code(201).send(await inv.convert(actorOf(req), req.params.id, ifMatch(req), req.body, meta(req))),
  });
  r.get('/api/v1/leads/:id/matches', {
    config: { access: { roles: READERS } },
    schema: {
      tags: leadTags,
      summary: '与线索用地需求匹配的闲置土地、厂房 / sites that fit the lead',
      params: idParams,
      response: { 200: z.object({ items: z.array(SiteMatchOut) }) },
    },
    handler: async (req) => inv.leadMatches(actorOf(req), req.params.id),
  });
  r.get('/api/v1/leads/:id/funds', {
    config: { access: { roles: READERS } },
    schema: { tags: leadTags, summary: '到位资金 / funds in place', params: idParams, response: { 200: FundsOut } },
    handler: async (req) => inv.funds(actorOf(req), req.params.id),
  });
  r.post('/api/v1/leads/:id/funds', {
    config: { access: { roles: WRITERS } },
    schema: {
      tags: leadTags,
      summary: '填报到位资金（附银行回单、验资报告）/ enter funds in place with evidence',
      params: idParams,
      body: FundsIn,
      response: { 201: FundsOut },
    },
    handler: async (req, reply) =>
      reply.code(201).send(await inv.addFunds(actorOf(req), req.params.id, req.body, meta(req))),
  });
  r.post('/api/v1/leads/:id/funds/:fundsId/confirm', {
    config: { access: { roles: ['supervision_office'] } },
    schema: {
      tags: leadTags,
      summary: '督查室确认到位资金 / the office confirms funds',
      params: fundsParams,
      response: { 200: FundsOut },
    },
    handler: async (req) => inv.confirmFunds(actorOf(req), req.params.id, req.params.fundsId, meta(req)),
  });
  registerLeadImportRoutes(app, deps, inv);

  // ---------- the agreement's commitments (履约) ----------
  r.get('/api/v1/leads/:id/commitments', {
    config: { access: { roles: READERS } },
    schema: {
      tags: leadTags,
      summary: '协议承诺及双方履约率 / the agreement’s commitments and the fulfilment rate of each side',
      params: idParams,
      response: { 200: CommitmentsOut },
    },
    handler: async (req) => commitments.list(actorOf(req), req.params.id),
  });
  r.post('/api/v1/leads/:id/commitments', {
    config: { access: { roles: WRITERS } },
    schema: {
      tags: leadTags,
      summary:
        '登记协议承诺（投资方或县方），成为督办事项；税收返还类承诺不予登记 / record a commitment (a supervised item; tax rebates refused)',
      params: idParams,
      body: CommitmentCreate,
      response: { 201: CommitmentsOut },
    },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      await commitments.create(actor, req.params.id, req.body, meta(req));
      return reply.code(201).send(await commitments.list(actor, req.params.id));
    },
  });
  r.post('/api/v1/leads/:id/commitments/:commitmentId/fulfil', {
    config: { access: { roles: WRITERS } },
    schema: {
      tags: leadTags,
      summary: '办理单位报告承诺已兑现（附佐证）/ the delivering unit reports a commitment fulfilled, with evidence',
      params: commitmentParams,
      body: FulfilIn,
      response: { 204: z.null() },
    },
    handler: async (req, reply) => {
      await commitments.fulfil(actorOf(req), req.params.id, req.params.commitmentId, req.body, meta(req));
      return reply.code(204).send(null);
    },
  });
  r.post('/api/v1/leads/:id/commitments/:commitmentId/confirm', {
    config: { access: { roles: WRITERS } },
    schema: {
      tags: leadTags,
      summary: '确认履约（销号）或退回 / confirm the fulfilment or send it back',
      params: commitmentParams,
      body: ConfirmIn,
      response: { 204: z.null() },
    },
    handler: async (req, reply) => {
      await commitments.confirm(actorOf(req), req.params.id, req.params.commitmentId, req.body, meta(req));
      return reply.code(204).send(null);
    },
  });
  r.get('/api/v1/leads/:id/demands', {
    config: { access: { roles: READERS } },
    schema: {
      tags: leadTags,
      summary: '关联到该招商协议的企业诉求 / the enterprise’s demands linked to the agreement',
      params: idParams,
      response: { 200: LinkedDemandsOut },
    },
    handler: async (req) => commitments.demands(actorOf(req), req.params.id),
  });
  r.post('/api/v1/leads/:id/demands', {
    config: { access: { roles: WRITERS } },
    schema: {
      tags: leadTags,
      summary: '将企业诉求关联到招商协议 / link an enterprise’s demand to the agreement',
      params: idParams,
      body: DemandLinkIn,
      response: { 201: LinkedDemandsOut },
    },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      await commitments.linkDemand(actor, req.params.id, req.body.demandId, meta(req));
      return reply.code(201).send(await commitments.demands(actor, req.params.id));
    },
  });

  // ---------- sites ----------
  const siteTags = ['sites'];
  registerRecordRoutes(app, deps, {
    path: '/api/v1/sites',
    tags: siteTags,
    out: SiteOut,
    list: {
      summary: '闲置土地、低效厂房 / idle sites',
      roles: READERS,
      query: SiteQuery,
      response: page(SiteOut),
      run: inv.listSites,
    },
    create: { summary: '登记闲置地块或厂房 / record a site', roles: WRITERS, body: SiteCreate, run: inv.createSite },
    get: { summary: '地块或厂房 / a site', roles: READERS, run: inv.getSite },
    patch: { summary: '修改地块信息 / edit a site', roles: WRITERS, body: SitePatch, run: inv.patchSite },
  });
  registerVersionedWrite(app, 'POST', '/api/v1/sites/:id/state', {
    tags: siteTags,
    summary: '闲置 → 洽谈中 → 已盘活（落地线索）/ move a site on',
    roles: WRITERS,
    body: SiteStateIn,
    out: SiteOut,
    run: inv.setSiteState,
  });
  r.get('/api/v1/sites/:id/matches', {
    config: { access: { roles: READERS } },
    schema: {
      tags: siteTags,
      summary: '可使用该地块的招商线索 / leads the site fits',
      params: idParams,
      response: { 200: z.object({ items: z.array(LeadMatchOut) }) },
    },
    handler: async (req) => inv.siteMatches(actorOf(req), req.params.id),
  });

  r.get('/api/v1/sites/:id/photos', {
    config: { access: { roles: READERS } },
    schema: {
      tags: siteTags,
      summary: '地块现场照片 / the site’s photos',
      params: idParams,
      response: { 200: SitePhotosOut },
    },
    handler: async (req) => inv.listSitePhotos(actorOf(req), req.params.id),
  });
  r.post('/api/v1/sites/:id/photos', {
    config: { access: { roles: WRITERS } },
    schema: {
      tags: siteTags,
      summary:
        '添加现场照片（先经 POST /api/v1/attachments 上传；仅 JPG/PNG，按内容识别，≤20MB）/ add a photo (an image uploaded first)',
      params: idParams,
      body: SitePhotoIn,
      response: { 201: SitePhotosOut },
    },
    handler: async (req, reply) =>
      reply.code(201).send(await inv.addSitePhoto(actorOf(req), req.params.id, req.body, meta(req))),
  });
  r.get('/api/v1/sites/:id/photos/:photoId/file', {
    config: { access: { roles: READERS } },
    schema: { tags: siteTags, summary: '现场照片图片 / the photo’s image', params: photoParams },
    handler: async (req, reply) => {
      const { meta: m, data } = await inv.sitePhotoFile(actorOf(req), req.params.id, req.params.photoId);
      return reply
        .header('Content-Type', m.mediaType)
        .header('Cache-Control', 'private, max-age=86400')
        .header('X-Content-Type-Options', 'nosniff')
        .send(data);
    },
  });
  r.delete('/api/v1/sites/:id/photos/:photoId', {
    config: { access: { roles: WRITERS } },
    schema: {
      tags: siteTags,
      summary: '移除现场照片（审计日志保留记录）/ remove a photo',
      params: photoParams,
      response: { 204: z.null() },
    },
    handler: async (req, reply) => {
      await inv.removeSitePhoto(actorOf(req), req.params.id, req.params.photoId, meta(req));
      return reply.code(204).send(null);
    },
  });

  // ---------- the year's figures ----------
  r.get('/api/v1/investment/summary', {
    config: { access: { roles: READERS } },
    schema: {
      tags: ['leads'],
      summary: '招商引资年度汇总：各阶段数、签约额、到位资金、转化率 / the year’s pipeline figures',
      querystring: SummaryQuery,
      response: { 200: SummaryOut },
    },
    // A dashboard view: kept a few seconds per person and URL (http/kept.ts); any write through this instance drops it.
    handler: async (req, reply) =>
      sendJson(
        reply,
        await keptJson(deps.views, viewKey(req, deps.supervision.today()), SummaryOut, async () => {
          const actor = actorOf(req);
          return { ...(await inv.summary(actor, req.query.year)), fulfilment: await commitments.fulfilment(actor) };
        }),
      ),
  });
  r.get('/api/v1/investment/targets', {
    config: { access: { roles: READERS } },
    schema: {
      tags: ['leads'],
      summary: '招商引资年度目标 / the year’s targets',
      querystring: TargetsQuery,
      response: { 200: TargetsOut },
    },
    handler: async (req, reply) => withEtag(reply, await inv.getTargets(actorOf(req), req.query.year)),
  });
  r.put('/api/v1/investment/targets', {
    config: { access: { roles: ISSUERS } },
    schema: {
      tags: ['leads'],
      summary:
        '设定年度目标（签约项目数、签约额、到位资金、开工率、投产数、盘活面积）；If-Match: 0 为首次设定 / set the year’s targets',
      querystring: TargetsQuery,
      body: TargetsIn,
      response: { 200: TargetsOut },
    },
    handler: async (req, reply) =>
      withEtag(reply, await inv.setTargets(actorOf(req), req.query.year, ifMatch(req), req.body, meta(req))),
  });
  r.get('/api/v1/investment/stall-days', {
    config: { access: { roles: READERS } },
    schema: {
      tags: ['leads'],
      summary:
        '线索久未跟进的黄灯、红灯天数（按阶段，本县设定）/ days without follow-up before yellow and red, by stage',
      response: { 200: StallDaysOut },
    },
    handler: async (req, reply) => withEtag(reply, await inv.getStallDays(actorOf(req))),
  });
  r.put('/api/v1/investment/stall-days', {
    config: { access: { roles: ISSUERS } },
    schema: {
      tags: ['leads'],
      summary:
        '设定各阶段久未跟进的黄灯、红灯天数（红灯 > 黄灯 > 0）；If-Match: 0 为首次设定 / set the days, red > yellow > 0',
      body: StallDaysIn,
      response: { 200: StallDaysOut },
    },
    handler: async (req, reply) =>
      withEtag(reply, await inv.setStallDays(actorOf(req), ifMatch(req), req.body, meta(req))),
  });
  r.get('/api/v1/investment/map', {
    config: { access: { roles: READERS } },
    schema: {
      tags: ['leads'],
      summary:
        '招商地图：产业链企业（按环节）、闲置地块（按状态）、签约和落地项目，按产业链筛选 / the investment map with its layers',
      querystring: InvestmentMapQuery,
      response: { 200: InvestmentMapOut },
    },
    handler: async (req) => inv.investmentMap(actorOf(req), req.query.chainId),
  });
}
