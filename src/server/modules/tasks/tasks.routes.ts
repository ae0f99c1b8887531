import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps';
import { actorOf, ifMatch, meta, withEtag } from '../../http/request';
import type { Role } from '../../../shared/roles';
import { TaskCreate, TaskOut, TaskPatch, TaskQuery } from '../../../shared/tasks';
import { EventOut, ExtensionOut, IsoDateString, ReportIn, ReportOut } from '../../../shared/supervision';
import type { SupervisionAction } from '../../../shared/domain/supervision-flow';

/** Business roles that take part in the ledger; the three administrators do not see tasks. */
const LEDGER_ROLES: Role[] = ['principal', 'leader', 'supervision_office', 'unit_admin', 'unit_clerk'];
const ISSUERS: Role[] = ['principal', 'supervision_office'];
const UNIT_ROLES: Role[] = ['unit_admin', 'unit_clerk'];

const idParams = z.object({ id: z.uuid() });
const Reason = z.strictObject({ reason: z.string().trim().min(1).max(2000) });
const NoBody = z.strictObject({}).optional();

/** URL action → supervision action, request body, who may try it, and its summary. */
const ACTIONS: { path: string; action: SupervisionAction; body: z.ZodType; roles: Role[]; summary: string }[] = [
  { path: 'assign', action: 'assign', body: NoBody, roles: [...ISSUERS, ...UNIT_ROLES], summary: '交办（须任务、标准、责任、时限齐全）/ issue' },
  { path: 'reassign', action: 'reassign', body: NoBody, roles: [...ISSUERS, ...UNIT_ROLES], summary: '退回后重新交办 / issue again after a return' },
  { path: 'accept', action: 'accept', body: NoBody, roles: UNIT_ROLES, summary: '签收承办 / accept' },
  { path: 'return', action: 'return', body: Reason, roles: UNIT_ROLES, summary: '退回（须说明理由）/ return with a reason' },
  {
    path: 'request-close',
    action: 'requestClose',
    body: z.strictObject({ summary: z.string().trim().min(1).max(5000), attachmentIds: z.array(z.uuid()).min(1).max(20) }),
    roles: UNIT_ROLES,
    summary: '申请办结（须附佐证材料）/ request closing with evidence',
  },
  { path: 'close', action: 'close', body: NoBody, roles: [...ISSUERS, ...UNIT_ROLES], summary: '审核通过并销账 / close' },
  { path: 'send-back', action: 'reject', body: Reason, roles: [...ISSUERS, ...UNIT_ROLES], summary: '驳回办结申请（须说明理由）/ send back' },
  { path: 'cancel', action: 'cancel', body: Reason, roles: [...ISSUERS, ...UNIT_ROLES], summary: '撤销（须说明理由；不删除）/ cancel' },
  { path: 'urge', action: 'urge', body: z.strictObject({ reason: z.string().trim().max(2000).optional() }).optional(), roles: [...ISSUERS, ...UNIT_ROLES], summary: '催办 / urge' },
];

export function registerTaskRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { tasks, supervision, attachments } = deps;

  r.get('/api/v1/tasks', {
    config: { access: { roles: LEDGER_ROLES } },
    schema: { tags: ['tasks'], summary: '督办台账（按权限范围；可按状态、亮灯、单位、领导、类别、级别、来源、时限、关键词筛选）/ the ledger', querystring: TaskQuery, response: { 200: z.object({ items: z.array(TaskOut), total: z.number(), page: z.number(), pageSize: z.number() }) } },
    handler: async (req) => tasks.list(actorOf(req), req.query),
  });

  r.post('/api/v1/tasks', {
    config: { access: { roles: ISSUERS } },
    schema: { tags: ['tasks'], summary: '新建任务（草稿，或 issue=true 直接交办）/ create a task', body: TaskCreate, response: { 201: TaskOut } },
    handler: async (req, reply) => reply.code(201).send(withEtag(reply, await tasks.create(actorOf(req), req.body, meta(req)))),
  });

  r.get('/api/v1/tasks/:id', {
    config: { access: { roles: LEDGER_ROLES } },
    schema: { tags: ['tasks'], summary: '任务详情 / a task', params: idParams, response: { 200: TaskOut } },
    handler: async (req, reply) => withEtag(reply, await tasks.get(actorOf(req), req.params.id)),
  });

  r.patch('/api/v1/tasks/:id', {
    config: { access: { roles: [...ISSUERS, ...UNIT_ROLES] } },
    schema: { tags: ['tasks'], summary: '修改草稿或被退回的任务（需 If-Match）/ edit a draft or returned task', params: idParams, body: TaskPatch, response: { 200: TaskOut } },
    handler: async (req, reply) => withEtag(reply, await tasks.patch(actorOf(req), req.params.id, ifMatch(req), req.body, meta(req))),
  });

  for (const a of ACTIONS) {
    r.post(`/api/v1/tasks/:id/${a.path}`, {
      config: { access: { roles: a.roles } },
      schema: { tags: ['tasks'], summary: `${a.summary}（需 If-Match）`, params: idParams, body: a.body, response: { 200: TaskOut } },
      handler: async (req, reply) => withEtag(reply, await tasks.action(actorOf(req), req.params.id, ifMatch(req), a.action, (req.body ?? {}) as { reason?: string; attachmentIds?: string[]; summary?: string }, meta(req))),
    });
  }

  r.get('/api/v1/tasks/:id/events', {
    config: { access: { roles: LEDGER_ROLES } },
    schema: { tags: ['tasks'], summary: '任务时间线（每一次流转）/ timeline', params: idParams, response: { 200: z.object({ items: z.array(EventOut) }) } },
    handler: async (req) => ({ items: await supervision.events(actorOf(req), req.params.id) }),
  });

  r.get('/api/v1/tasks/:id/reports', {
    config: { access: { roles: LEDGER_ROLES } },
    schema: { tags: ['tasks'], summary: '进展报告 / progress reports', params: idParams, response: { 200: z.object({ items: z.array(ReportOut) }) } },
    handler: async (req) => ({ items: await supervision.reports(actorOf(req), req.params.id) }),
  });

  r.post('/api/v1/tasks/:id/reports', {
    config: { access: { roles: UNIT_ROLES } },
    schema: { tags: ['tasks'], summary: '报送本期进展（同一期只能一份；需 If-Match）/ report progress', params: idParams, body: ReportIn, response: { 201: z.object({ id: z.uuid(), period: z.string(), lateDays: z.number() }) } },
    handler: async (req, reply) => {
      const row = await tasks.report(actorOf(req), req.params.id, ifMatch(req), req.body, meta(req));
      return reply.code(201).send({ id: row.id, period: row.period, lateDays: row.late });
    },
  });

  r.post('/api/v1/tasks/:id/reports/:reportId/review', {
    config: { access: { roles: [...ISSUERS, ...UNIT_ROLES] } },
    schema: {
      tags: ['tasks'],
      summary: '审核进展报告（通过，或退回并说明）/ review a report',
      params: z.object({ id: z.uuid(), reportId: z.uuid() }),
      body: z.strictObject({ decision: z.enum(['accepted', 'returned']), comment: z.string().trim().max(2000).nullish() }),
      response: { 204: z.null() },
    },
    handler: async (req, reply) => {
      await deps.database.db.transaction((tx) => supervision.reviewReport(tx, actorOf(req), req.params.id, req.params.reportId, req.body.decision, req.body.comment ?? null));
      return reply.code(204).send(null);
    },
  });

  r.get('/api/v1/tasks/:id/extension-requests', {
    config: { access: { roles: LEDGER_ROLES } },
    schema: { tags: ['tasks'], summary: '延期申请 / extension requests', params: idParams, response: { 200: z.object({ items: z.array(ExtensionOut) }) } },
    handler: async (req) => ({ items: await supervision.extensions(actorOf(req), req.params.id) }),
  });

  r.post('/api/v1/tasks/:id/extension-requests', {
    config: { access: { roles: UNIT_ROLES } },
    schema: { tags: ['tasks'], summary: '申请延期 / request an extension', params: idParams, body: z.strictObject({ deadline: IsoDateString, reason: z.string().trim().min(1).max(2000) }), response: { 201: z.object({ id: z.uuid() }) } },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      const row = await deps.database.db.transaction(async (tx) => {
        const item = await supervision.rawItem(tx, actor, req.params.id);
        const parent = item.parentId ? await supervision.rawItem(tx, actor, item.parentId).catch(() => null) : null;
        return supervision.requestExtension(tx, actor, req.params.id, req.body, parent?.deadline);
      });
      return reply.code(201).send({ id: row.id });
    },
  });

  for (const [verb, approve] of [['approve', true], ['refuse', false]] as const) {
    r.post(`/api/v1/tasks/:id/extension-requests/:requestId/${verb}`, {
      config: { access: { roles: [...ISSUERS, ...UNIT_ROLES] } },
      schema: {
        tags: ['tasks'],
        summary: approve ? '批准延期（记录原、新时限）/ approve' : '不予延期（须说明）/ refuse',
        params: z.object({ id: z.uuid(), requestId: z.uuid() }),
        body: z.strictObject({ note: z.string().trim().max(2000).nullish() }).optional(),
        response: { 200: TaskOut },
      },
      handler: async (req) => {
        const actor = actorOf(req);
        await deps.database.db.transaction((tx) => supervision.decideExtension(tx, actor, req.params.id, req.params.requestId, approve, req.body?.note ?? null));
        return tasks.get(actor, req.params.id);
      },
    });
  }

  r.post('/api/v1/tasks/:id/subtasks', {
    config: { access: { roles: UNIT_ROLES } },
    schema: { tags: ['tasks'], summary: '分解子任务（时限不晚于上级任务）/ decompose into a sub-task', params: idParams, body: TaskCreate, response: { 201: TaskOut } },
    handler: async (req, reply) => reply.code(201).send(await tasks.create(actorOf(req), req.body, meta(req), req.params.id)),
  });

  r.get('/api/v1/tasks/:id/attachments', {
    config: { access: { roles: LEDGER_ROLES } },
    schema: { tags: ['tasks'], summary: '佐证材料 / evidence', params: idParams },
    handler: async (req) => {
      await supervision.rawItem(deps.database.db, actorOf(req), req.params.id);
      return { items: await attachments.listForItem(req.params.id) };
    },
  });
}
