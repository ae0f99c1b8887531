import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf, ifMatch, meta, withEtag } from '../../http/request';
import type { Role } from '../../../shared/roles';
import type { SupervisionAction } from '../../../shared/domain/supervision-flow';
import {
  EventOut,
  ExtensionOut,
  IsoDateString,
  ReportIn,
  ReportOut,
  ReportReviewIn,
} from '../../../shared/supervision';
import type { LedgerLoop, StepBody } from './loop.service';

const idParams = z.object({ id: z.uuid() });
const Reason = z.strictObject({ reason: z.string().trim().min(1).max(2000) });
const NoBody = z.strictObject({}).optional();
const NewDeadline = z.strictObject({ deadline: IsoDateString, reason: z.string().trim().min(1).max(2000) });

/** A route of the loop, named as its URL names it ('accept', 'reports', 'extension-requests/approve' …). */
export type LoopRoute =
  | 'assign'
  | 'reassign'
  | 'accept'
  | 'return'
  | 'request-close'
  | 'close'
  | 'send-back'
  | 'cancel'
  | 'urge'
  | 'events'
  | 'reports'
  | 'report'
  | 'review'
  | 'attachments'
  | 'extension-requests'
  | 'extension-request'
  | 'approve'
  | 'refuse'
  | 'replan';

/** The words of the task ledger; another ledger names its steps its own way (销号 rather than 办结). */
const SUMMARIES: Record<LoopRoute, string> = {
  assign: '交办（须任务、标准、责任、时限齐全）/ issue',
  reassign: '退回后重新交办 / issue again after a return',
  accept: '签收承办 / accept',
  return: '退回（须说明理由）/ return with a reason',
  'request-close':
    '申请办结（须附佐证材料：新上传的，或本事项已有的；其他事项的材料不可用）/ request closing with evidence',
  close: '审核通过并销账 / close',
  'send-back': '驳回办结申请（须说明理由）/ send back',
  cancel: '撤销（须说明理由；不删除）/ cancel',
  urge: '催办 / urge',
  events: '时间线（每一次流转、催办、逐级督办）/ timeline',
  reports: '进展报告 / progress reports',
  report:
    '报送本期进展（同一期只能一份；需 If-Match；可带 Idempotency-Key，重发时返回首次结果）/ report progress (an Idempotency-Key makes a re-sent ' +
    'report answer with the first)',
  review: '审核进展报告（交办方：通过，或退回并说明）/ review a report',
  attachments: '佐证材料 / evidence',
  'extension-requests': '延期申请 / extension requests',
  'extension-request': '申请延期（不晚于上级事项的时限）/ request an extension',
  approve: '批准延期（记录原、新时限）/ approve',
  refuse: '不予延期（须说明）/ refuse',
  replan: '调整时限（交办方；须说明理由；不晚于上级事项、不早于未办结的子事项；需 If-Match）/ re-plan the deadline',
};

/** URL step → the core's action and its body; who may try it is the assigning or the undertaking side. */
const STEPS: { path: LoopRoute; action: SupervisionAction; body: z.ZodType; side: 'assigner' | 'assignee' }[] = [
  { path: 'assign', action: 'assign', body: NoBody, side: 'assigner' },
  { path: 'reassign', action: 'reassign', body: NoBody, side: 'assigner' },
  { path: 'accept', action: 'accept', body: NoBody, side: 'assignee' },
  { path: 'return', action: 'return', body: Reason, side: 'assignee' },
  {
    path: 'request-close',
    action: 'requestClose',
    // No minimum here: a request without evidence is refused by the flow, in words ("请上传佐证材料").
    body: z.strictObject({
      summary: z.string().trim().min(1).max(5000),
      attachmentIds: z.array(z.uuid()).max(20).default([]),
    }),
    side: 'assignee',
  },
  { path: 'close', action: 'close', body: NoBody, side: 'assigner' },
  { path: 'send-back', action: 'reject', body: Reason, side: 'assigner' },
  { path: 'cancel', action: 'cancel', body: Reason, side: 'assigner' },
  {
    path: 'urge',
    action: 'urge',
    body: z.strictObject({ reason: z.string().trim().max(2000).optional() }).optional(),
    side: 'assigner',
  },
];

export interface LoopRoutes {
  /** '/api/v1/tasks', '/api/v1/findings'. */
  base: string;
  tags: string[];
  /** The ledger's item as answered (TaskOut, FindingOut). */
  Out: z.ZodType;
  // biome-ignore lint/suspicious/noExplicitAny: each ledger's loop answers its own item type
  loop: LedgerLoop<any>;
  /** Who reads the ledger; who takes the assigning side (issue, close, review, decide, re-plan); the undertaking. */
  roles: { readers: Role[]; assigner: Role[]; assignee: Role[] };
  /** The ledger's own words for a route's summary (签收 / 申请销号 …); the task ledger's otherwise. */
  summaries?: Partial<Record<LoopRoute, string>>;
  /**
   * Routes the ledger serves its own way, so not mounted here: a demand is routed with its units (assign), answered
   * rather than asked to close (reply), closed or reopened by the enterprise's rating, withdrawn rather than cancelled.
   */
  except?: LoopRoute[];
}

/**
 * The loop's routes under a ledger's base path, the same for every ledger of supervised items: the steps of the
 * flow, progress reports and their review, the timeline, evidence, extension requests and decisions, re-plan.
 * A ledger registers its own list, create, edit, import and export beside them.
 */
export function registerLoopRoutes(app: FastifyInstance, ledger: LoopRoutes) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { base, tags, Out, loop, roles } = ledger;
  const summary = (k: LoopRoute) => ledger.summaries?.[k] ?? SUMMARIES[k];
  const mounted = (k: LoopRoute) => !ledger.except?.includes(k);

  for (const s of STEPS) {
    if (!mounted(s.path)) continue;
    r.post(`${base}/:id/${s.path}`, {
      config: { access: { roles: roles[s.side] } },
      schema: {
        tags,
        summary: `${summary(s.path)}（需 If-Match）`,
        params: idParams,
        body: s.body,
        response: { 200: Out },
      },
      handler: async (req, reply) =>
        withEtag(
          reply,
          await loop.step(actorOf(req), req.params.id, ifMatch(req), s.action, (req.body ?? {}) as StepBody, meta(req)),
        ),
    });
  }

  if (mounted('replan'))
    r.post(`${base}/:id/replan`, {
      config: { access: { roles: roles.assigner } },
      schema: { tags, summary: summary('replan'), params: idParams, body: NewDeadline, response: { 200: Out } },
      handler: async (req, reply) =>
        withEtag(reply, await loop.replan(actorOf(req), req.params.id, ifMatch(req), req.body, meta(req))),
    });

  if (mounted('events'))
    r.get(`${base}/:id/events`, {
      config: { access: { roles: roles.readers } },
      schema: {
        tags,
        summary: summary('events'),
        params: idParams,
        response: { 200: z.object({ items: z.array(EventOut) }) },
      },
      handler: async (req) => ({ items: await loop.events(actorOf(req), req.params.id) }),
    });

  if (mounted('reports'))
    r.get(`${base}/:id/reports`, {
      config: { access: { roles: roles.readers } },
      schema: {
        tags,
        summary: summary('reports'),
        params: idParams,
        response: { 200: z.object({ items: z.array(ReportOut) }) },
      },
      handler: async (req) => ({ items: await loop.reports(actorOf(req), req.params.id) }),
    });

  if (mounted('report'))
    r.post(`${base}/:id/reports`, {
      config: { access: { roles: roles.assignee } },
      schema: {
        tags,
        summary: summary('report'),
        params: idParams,
        headers: z.object({
          'idempotency-key': z
            .string()
            .regex(/^[\x21-\x7e]{8,128}$/)
            .optional(),
        }),
        body: ReportIn,
        response: { 201: z.object({ id: z.uuid(), period: z.string(), lateDays: z.number() }) },
      },
      handler: async (req, reply) => {
        const row = await loop.report(
          actorOf(req),
          req.params.id,
          ifMatch(req),
          req.body,
          meta(req),
          req.headers['idempotency-key'] ?? null,
        );
        if (row.replayed) reply.header('idempotent-replayed', 'true');
        return reply.code(201).send({ id: row.id, period: row.period, lateDays: row.late });
      },
    });

  if (mounted('review'))
    r.post(`${base}/:id/reports/:reportId/review`, {
      config: { access: { roles: roles.assigner } },
      schema: {
        tags,
        summary: summary('review'),
        params: z.object({ id: z.uuid(), reportId: z.uuid() }),
        body: ReportReviewIn,
        response: { 204: z.null() },
      },
      handler: async (req, reply) => {
        const { id, reportId } = req.params;
        await loop.reviewReport(actorOf(req), id, reportId, req.body.decision, req.body.comment ?? null, meta(req));
        return reply.code(204).send(null);
      },
    });

  if (mounted('attachments'))
    r.get(`${base}/:id/attachments`, {
      config: { access: { roles: roles.readers } },
      schema: { tags, summary: summary('attachments'), params: idParams },
      handler: async (req) => ({ items: await loop.attachments(actorOf(req), req.params.id) }),
    });

  if (mounted('extension-requests'))
    r.get(`${base}/:id/extension-requests`, {
      config: { access: { roles: roles.readers } },
      schema: {
        tags,
        summary: summary('extension-requests'),
        params: idParams,
        response: { 200: z.object({ items: z.array(ExtensionOut) }) },
      },
      handler: async (req) => ({ items: await loop.extensions(actorOf(req), req.params.id) }),
    });

  if (mounted('extension-request'))
    r.post(`${base}/:id/extension-requests`, {
      config: { access: { roles: roles.assignee } },
      schema: {
        tags,
        summary: summary('extension-request'),
        params: idParams,
        body: NewDeadline,
        response: { 201: z.object({ id: z.uuid() }) },
      },
      handler: async (req, reply) =>
        reply.code(201).send({ id: (await loop.requestExtension(actorOf(req), req.params.id, req.body)).id }),
    });

  for (const [verb, approve] of [
    ['approve', true],
    ['refuse', false],
  ] as const) {
    if (!mounted(verb)) continue;
    r.post(`${base}/:id/extension-requests/:requestId/${verb}`, {
      config: { access: { roles: roles.assigner } },
      schema: {
        tags,
        summary: summary(verb),
        params: z.object({ id: z.uuid(), requestId: z.uuid() }),
        body: z.strictObject({ note: z.string().trim().max(2000).nullish() }).optional(),
        response: { 200: Out },
      },
      handler: async (req) =>
        loop.decideExtension(actorOf(req), req.params.id, req.params.requestId, approve, req.body?.note ?? null),
    });
  }
}
