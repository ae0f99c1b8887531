import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps';
import { actorOf, ifMatch, meta, withEtag } from '../../http/request';
import { sendDownload } from '../../http/download';
import { sendExport } from '../../http/ledger-files';
import { registerLoopRoutes } from '../supervision/loop.routes';
import type { Role } from '../../../shared/roles';
import {
  ChallengeOut,
  DemandAssignIn,
  DemandContactIn,
  DemandCreate,
  DemandFileOut,
  DemandLimitsOut,
  DemandLimitsPut,
  DemandOut,
  DemandQuery,
  DemandReasonIn,
  DemandReplyIn,
  FiguresOut,
  FiguresQuery,
  WithdrawalCheckIn,
  PublicDemandCreated,
  PublicCounty,
  PublicDemandIn,
  PublicDemandOut,
  RatingIn,
} from '../../../shared/enterprises';
import type { EnterpriseService } from './enterprises.service';
import { createDemandService, fileTooLarge } from './demands.service';
import { readUpload } from '../../files/upload';
import { MAX_ATTACHMENT_BYTES } from '../attachments/attachments.service';
import { demandWorkbook } from './enterprises.excel';

const READERS: Role[] = ['principal', 'leader', 'supervision_office', 'unit_admin', 'unit_clerk'];
const OFFICE: Role[] = ['principal', 'supervision_office'];
const UNITS: Role[] = ['unit_admin', 'unit_clerk'];
/** Who records a demand: the office, principals, and units (a demand raised on their visit). */
const RECORDERS: Role[] = [...OFFICE, ...UNITS];

const idParams = z.object({ id: z.uuid() });
const tokenParams = z.object({ token: z.string().max(100) });
/** Under a county's address the link's demand must be that county's (docs/ENTERPRISES.md). */
const countyQuery = z.strictObject({ jurisdiction: z.string().trim().min(1).max(64).optional() });
const tags = ['demands'];
const Created = z.object({ id: z.uuid(), trackingCode: z.string(), link: z.string() });

export function registerDemandRoutes(app: FastifyInstance, deps: AppDeps, enterprises: EnterpriseService) {
  const demands = createDemandService({
    db: deps.database.db,
    audit: deps.audit,
    org: deps.org,
    supervision: deps.supervision,
    calendar: deps.calendar,
    attachments: deps.attachments,
    notifications: deps.notifications,
    enterprises,
  });
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/demands', {
    config: { access: { roles: READERS } },
    schema: {
      tags,
      summary:
        '企业诉求（督查室、主要领导看全部；单位看本单位承办或协办的；领导看分管单位的和包联企业的）/ enterprise demands',
      querystring: DemandQuery,
      response: {
        200: z.object({ items: z.array(DemandOut), total: z.number(), page: z.number(), pageSize: z.number() }),
      },
    },
    handler: async (req) => demands.list(actorOf(req), req.query),
  });

  r.get('/api/v1/demands/export', {
    config: { access: { roles: READERS } },
    schema: {
      tags,
      summary:
        '导出企业诉求台账 .xlsx（序号、企业、诉求内容、类别、承办单位、受理时间、答复时限、答复内容、办结时间、企业评价）/ export',
      querystring: DemandQuery.omit({ page: true, pageSize: true }),
    },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      const items = await demands.listAll(actor, req.query);
      return sendExport(deps, req, reply, {
        action: 'demand.export',
        detail: { rows: items.length, filters: req.query },
        workbook: demandWorkbook(items),
        fileName: `企业诉求台账-${deps.supervision.today()}.xlsx`,
      });
    },
  });

  r.get('/api/v1/demands/figures', {
    config: { access: { roles: READERS } },
    schema: {
      tags,
      summary:
        '诉求如实指标（企业确认解决率、评价率、满意率（仅计已评价）、重办率、撤单率、撤单回访率，各附定义）和各单位退回耗时、督查室改派用时（默认本年）/ honest figures',
      querystring: FiguresQuery,
      response: { 200: FiguresOut },
    },
    handler: async (req) => {
      const today = deps.supervision.today();
      return demands.figures(actorOf(req), {
        from: req.query.from ?? `${today.slice(0, 4)}-01-01`,
        to: req.query.to ?? today,
      });
    },
  });

  r.get('/api/v1/demands/limits', {
    config: { access: { roles: READERS } },
    schema: {
      tags,
      summary: '各类诉求的时限（联系企业：工作小时；答复、办结：工作日）/ time limits by category',
      response: { 200: DemandLimitsOut },
    },
    handler: async (req) => demands.listLimits(actorOf(req)),
  });

  r.put('/api/v1/demands/limits', {
    config: { access: { roles: ['supervision_office'] } },
    schema: {
      tags,
      summary: '设置诉求时限（按类别；已受理的诉求按受理时的时限）/ set the time limits',
      body: DemandLimitsPut,
      response: { 200: DemandLimitsOut },
    },
    handler: async (req) => demands.putLimits(actorOf(req), req.body.items, meta(req)),
  });

  r.post('/api/v1/demands', {
    config: { access: { roles: RECORDERS } },
    schema: {
      tags,
      summary:
        '登记企业诉求（走访、热线、领导交办）：从受理时起计时；承办单位默认为企业的包联单位。返回企业查询链接（仅此一次）/ record a demand',
      body: DemandCreate,
      response: { 201: Created },
    },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      const c = await demands.create(actor, req.body, meta(req));
      // The enterprise's link under its county's address, as the channel's own links are.
      const county = await deps.org.getJurisdiction(actor.jurisdictionId);
      return reply.code(201).send({
        id: c.id,
        trackingCode: c.trackingCode,
        link: `/public/enterprise/${encodeURIComponent(county!.code)}/d/${c.token}`,
      });
    },
  });

  r.get('/api/v1/demands/:id', {
    config: { access: { roles: READERS } },
    schema: { tags, summary: '诉求详情 / a demand', params: idParams, response: { 200: DemandOut } },
    handler: async (req, reply) => withEtag(reply, await demands.get(actorOf(req), req.params.id)),
  });

  const then = async (
    req: { params: { id: string } } & Parameters<typeof actorOf>[0],
    reply: Parameters<typeof withEtag>[0],
  ) => withEtag(reply, await demands.get(actorOf(req), req.params.id));

  r.post('/api/v1/demands/:id/assign', {
    config: { access: { roles: OFFICE } },
    schema: {
      tags,
      summary: '交办：督查室把待分派或被退回的诉求交承办单位（需 If-Match）/ route to the handling unit',
      params: idParams,
      body: DemandAssignIn,
      response: { 200: DemandOut },
    },
    handler: async (req, reply) => {
      await demands.assign(actorOf(req), req.params.id, ifMatch(req), req.body, meta(req));
      return then(req, reply);
    },
  });

  r.post('/api/v1/demands/:id/accept', {
    config: { access: { roles: UNITS } },
    schema: {
      tags,
      summary: '签收 / accept',
      params: idParams,
      body: z.strictObject({}).optional(),
      response: { 200: DemandOut },
    },
    handler: async (req, reply) => {
      await demands.accept(actorOf(req), req.params.id, ifMatch(req), meta(req));
      return then(req, reply);
    },
  });

  r.post('/api/v1/demands/:id/return', {
    config: { access: { roles: UNITS } },
    schema: {
      tags,
      summary: '退回督查室（非本单位职责，须说明理由；时间照计）/ give back to the office',
      params: idParams,
      body: DemandReasonIn,
      response: { 200: DemandOut },
    },
    handler: async (req, reply) => {
      await demands.giveBack(actorOf(req), req.params.id, ifMatch(req), req.body.reason, meta(req));
      return then(req, reply);
    },
  });

  r.post('/api/v1/demands/:id/contact', {
    config: { access: { roles: UNITS } },
    schema: {
      tags,
      summary: '已联系企业（联系时限默认 2 个工作小时）/ the enterprise was contacted',
      params: idParams,
      body: DemandContactIn,
      response: { 200: DemandOut },
    },
    handler: async (req, reply) => {
      await demands.contact(actorOf(req), req.params.id, ifMatch(req), req.body.note ?? null, meta(req));
      return then(req, reply);
    },
  });

  r.post('/api/v1/demands/:id/reply', {
    config: { access: { roles: UNITS } },
    schema: {
      tags,
      summary:
        '答复企业（final=true 为办结答复，请企业评价；attachmentIds 为随答复发给企业的附件：本人先经 POST /api/v1/attachments 上传，按佐证材料检查类型和大小，每次最多 20 ' +
        '个，企业凭专属链接可下载）/ answer the enterprise',
      params: idParams,
      body: DemandReplyIn,
      response: { 200: DemandOut },
    },
    handler: async (req, reply) => {
      await demands.reply(actorOf(req), req.params.id, ifMatch(req), req.body, meta(req));
      return then(req, reply);
    },
  });

  r.post('/api/v1/demands/:id/rating', {
    config: { access: { roles: OFFICE } },
    schema: {
      tags,
      summary: '录入企业回访评价（满意、基本满意办结；首次不满意重新办理）/ record the rating from a call-back',
      params: idParams,
      body: RatingIn,
      response: { 200: DemandOut },
    },
    handler: async (req, reply) => {
      await demands.rate(actorOf(req), req.params.id, ifMatch(req), req.body, meta(req));
      return then(req, reply);
    },
  });

  r.post('/api/v1/demands/:id/withdraw', {
    config: { access: { roles: OFFICE } },
    schema: {
      tags,
      summary: '撤单（企业要求撤回，须说明理由；督查室回访核实）/ withdraw',
      params: idParams,
      body: DemandReasonIn,
      response: { 200: DemandOut },
    },
    handler: async (req, reply) => {
      await demands.withdraw(actorOf(req), req.params.id, ifMatch(req), req.body.reason, meta(req));
      return then(req, reply);
    },
  });

  r.post('/api/v1/demands/:id/withdrawal-check', {
    config: { access: { roles: OFFICE } },
    schema: {
      tags,
      summary: '撤单回访：督查室回访企业，核实是否自愿撤回（非自愿的另计）/ the call-back check of a withdrawal',
      params: idParams,
      body: WithdrawalCheckIn,
      response: { 200: DemandOut },
    },
    handler: async (req, reply) => {
      await demands.checkWithdrawal(actorOf(req), req.params.id, req.body, meta(req));
      return then(req, reply);
    },
  });

  // The core's loop on the demands' path, as tasks and findings have it: the timeline, evidence, 催办, 延期 and
  // 调整时限. A demand's own steps (routing with its units, 签收, 退回, 联系, 答复, the rating, 撤单) are above.
  registerLoopRoutes(app, {
    base: '/api/v1/demands',
    tags,
    Out: DemandOut,
    loop: demands.loop,
    roles: { readers: READERS, assigner: OFFICE, assignee: UNITS },
    except: [
      'assign',
      'reassign',
      'accept',
      'return',
      'request-close',
      'close',
      'send-back',
      'cancel',
      'reports',
      'report',
      'review',
    ],
    summaries: {
      urge: '催办承办单位 / urge the handling unit',
      events: '时间线（受理、交办、签收、退回、答复、评价、催办、逐级督办）/ timeline',
      attachments: '附件（企业提交的和答复所附的）/ files (the enterprise’s and the answers’)',
      'extension-requests': '延长办结时限的申请 / extension requests',
      'extension-request': '申请延长办结时限（须说明理由）/ request a later resolve date',
      approve: '批准延期 / approve',
      refuse: '不予延期（须说明）/ refuse',
      replan: '调整办结时限（督查室；须说明理由；需 If-Match）/ re-plan the resolve date',
    },
  });

  // ---------- the enterprise's own channel: no sign-in ----------
  r.get('/api/public/demands/challenge', {
    config: { access: { public: true } },
    schema: {
      tags,
      summary: '企业诉求直通车：验证题（15 分钟内有效，只用一次）/ a check question',
      response: { 200: ChallengeOut },
    },
    handler: async (_req, reply) => {
      reply.header('Cache-Control', 'no-store');
      return demands.challenge();
    },
  });

  r.get('/api/public/jurisdictions', {
    config: { access: { public: true } },
    schema: {
      tags,
      summary:
        '企业诉求直通车：本平台服务的县（市、区）及其编码（各县的页面为 /public/enterprise/{编码}）/ the counties served',
      response: { 200: z.object({ items: z.array(PublicCounty) }) },
    },
    handler: async () => ({ items: await demands.channelJurisdictions() }),
  });

  r.post('/api/public/demands', {
    config: { access: { public: true } },
    schema: {
      tags,
      summary:
        '企业诉求直通车：提交诉求（所在县（市、区）编码、统一社会信用代码、联系人、手机、诉求内容、验证题答案；平台只服务一个县时编码可省略；编码不存在为 404），返回查询码和专属链接 / submit a demand',
      body: PublicDemandIn,
      response: { 201: PublicDemandCreated },
    },
    handler: async (req, reply) => {
      reply.header('Cache-Control', 'no-store');
      return reply.code(201).send(await demands.submitPublic(req.body, meta(req)));
    },
  });

  r.get('/api/public/demands/:token', {
    config: { access: { public: true } },
    schema: {
      tags,
      summary:
        '企业诉求直通车：凭专属链接查看办理状态和答复（可带 jurisdiction=县编码，须为该县的诉求）/ follow a demand',
      params: tokenParams,
      querystring: countyQuery,
      response: { 200: PublicDemandOut },
    },
    handler: async (req, reply) => {
      reply.header('Cache-Control', 'no-store').header('Referrer-Policy', 'no-referrer');
      return demands.publicView(req.params.token, req.query.jurisdiction);
    },
  });

  r.post('/api/public/demands/:token/files', {
    config: { access: { public: true } },
    schema: {
      tags,
      summary:
        '企业诉求直通车：凭专属链接上传附件（multipart 字段 file；PDF/JPG/PNG/DOCX/XLSX，≤20MB，按内容识别；每件诉求最多 5 个；办结或撤回后不可再传）/ send a file with the demand',
      consumes: ['multipart/form-data'],
      params: tokenParams,
      querystring: countyQuery,
      response: { 201: DemandFileOut },
    },
    handler: async (req, reply) => {
      reply.header('Cache-Control', 'no-store');
      const read = () =>
        readUpload(req, { maxBytes: MAX_ATTACHMENT_BYTES + 1 }).catch((e: unknown) => {
          throw (e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE' ? fileTooLarge() : e;
        });
      return reply
        .code(201)
        .send(await demands.addPublicFile(req.params.token, read, meta(req), req.query.jurisdiction));
    },
  });

  r.get('/api/public/demands/:token/files/:fileId', {
    config: { access: { public: true } },
    schema: {
      tags,
      summary:
        '企业诉求直通车：下载自己上传的附件或随答复发来的附件（诉求的其他材料不可下载）/ download a file the enterprise sent or an answer’s file',
      params: tokenParams.extend({ fileId: z.uuid() }),
      querystring: countyQuery,
    },
    handler: async (req, reply) => {
      const { meta: m, data } = await demands.publicFile(req.params.token, req.params.fileId, req.query.jurisdiction);
      return sendDownload(
        reply,
        data,
        { type: m.mediaType, standIn: 'file', fileName: m.fileName },
        { 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer', 'X-Content-Type-Options': 'nosniff' },
      );
    },
  });

  r.post('/api/public/demands/:token/rating', {
    config: { access: { public: true } },
    schema: {
      tags,
      summary: '企业诉求直通车：评价答复（满意、基本满意、不满意；不满意可重办一次）/ rate the answer',
      params: tokenParams,
      querystring: countyQuery,
      body: RatingIn,
      response: { 200: PublicDemandOut },
    },
    handler: async (req, reply) => {
      reply.header('Cache-Control', 'no-store');
      return demands.ratePublic(req.params.token, req.body, meta(req), req.query.jurisdiction);
    },
  });
  return demands;
}
