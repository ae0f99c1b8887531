import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { keptJson, sendJson, viewKey, type Kept } from '../../http/kept';
import { actorOf, ifMatch, meta, withEtag } from '../../http/request';
import type { Role } from '../../../shared/roles';
import {
  BlockerCreate,
  BlockerOut,
  BlockerQuery,
  EscalateIn,
  ResolveIn,
  RoundOpen,
  RoundOut,
  RoundReportIn,
  RoundReportOut,
  RoundSummaryOut,
} from '../../../shared/projects';
import { RoundAgendaItemOut } from '../../../shared/agenda';
import type { RoundService } from './rounds.service';
import type { BlockerService } from './blockers.service';

/** Business roles that see the library, rounds and blockers (scoped in the services); the administrators do not. */
export const READERS: Role[] = ['principal', 'leader', 'supervision_office', 'unit_admin', 'unit_clerk'];
export const ISSUERS: Role[] = ['principal', 'supervision_office'];
export const UNIT_ROLES: Role[] = ['unit_admin', 'unit_clerk'];
/** The office and principals change any project; a unit the projects it is responsible for (checked in the service). */
export const WRITERS: Role[] = [...ISSUERS, ...UNIT_ROLES];
export const idParams = z.object({ id: z.uuid() });

/** 周调度 and 卡点, part of the projects module (registered by registerProjectRoutes). */
export function registerRoundAndBlockerRoutes(
  app: FastifyInstance,
  services: { rounds: RoundService; blockers: BlockerService; views: Kept; today: () => string },
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { rounds, blockers } = services;

  r.get('/api/v1/rounds', {
    config: { access: { roles: READERS } },
    schema: {
      tags: ['rounds'],
      summary: '周调度列表（报送数按权限范围）/ weekly rounds',
      response: { 200: z.object({ items: z.array(RoundOut) }) },
    },
    handler: async (req) => ({ items: await rounds.list(actorOf(req)) }),
  });

  r.post('/api/v1/rounds', {
    config: { access: { roles: ISSUERS } },
    schema: {
      tags: ['rounds'],
      summary: '开启一周的调度（前期、新开工、续建库项目须报送；同一周只能一轮）/ open a round',
      body: RoundOpen,
      response: { 201: RoundOut },
    },
    handler: async (req, reply) =>
      reply.code(201).send(withEtag(reply, await rounds.open(actorOf(req), req.body, meta(req)))),
  });

  r.get('/api/v1/rounds/:id', {
    config: { access: { roles: READERS } },
    schema: { tags: ['rounds'], summary: '一轮调度 / a round', params: idParams, response: { 200: RoundOut } },
    handler: async (req, reply) => withEtag(reply, await rounds.get(actorOf(req), req.params.id)),
  });

  r.get('/api/v1/rounds/:id/reports', {
    config: { access: { roles: READERS } },
    schema: {
      tags: ['rounds'],
      summary: '本轮各项目的报送（更正后原报送保留）/ the round’s reports',
      params: idParams,
      response: { 200: z.object({ items: z.array(RoundReportOut) }) },
    },
    handler: async (req) => ({ items: await rounds.reports(actorOf(req), req.params.id) }),
  });

  r.post('/api/v1/rounds/:id/reports', {
    config: { access: { roles: UNIT_ROLES } },
    schema: {
      tags: ['rounds'],
      summary: '责任单位报送项目本周进展（截止后报送记为迟报，不丢失）/ report a project',
      params: idParams,
      body: RoundReportIn,
      response: { 201: z.object({ id: z.uuid(), late: z.boolean() }) },
    },
    handler: async (req, reply) => {
      const { id, late } = await rounds.report(actorOf(req), req.params.id, req.body, meta(req));
      return reply.code(201).send({ id, late });
    },
  });

  r.post('/api/v1/rounds/:id/reports/batch', {
    config: { access: { roles: UNIT_ROLES } },
    schema: {
      tags: ['rounds'],
      summary: '一次报送本单位多个项目（全部成功才写入）/ report several projects at once, all or nothing',
      params: idParams,
      body: z.strictObject({ reports: z.array(RoundReportIn).min(1).max(500) }),
      response: {
        201: z.object({ items: z.array(z.object({ id: z.uuid(), projectId: z.uuid(), late: z.boolean() })) }),
      },
    },
    handler: async (req, reply) =>
      reply
        .code(201)
        .send({ items: await rounds.reportMany(actorOf(req), req.params.id, req.body.reports, meta(req)) }),
  });

  r.get('/api/v1/rounds/:id/summary', {
    config: { access: { roles: READERS } },
    schema: {
      tags: ['rounds'],
      summary: '对账：未报、迟报单位，滞后项目，新增和未解决卡点 / the round’s summary',
      params: idParams,
      response: { 200: RoundSummaryOut },
    },
    // Kept a few seconds per person (http/kept.ts), dropped by any write through this instance.
    handler: async (req, reply) =>
      sendJson(
        reply,
        await keptJson(services.views, viewKey(req, services.today()), RoundSummaryOut, () =>
          rounds.summary(actorOf(req), req.params.id),
        ),
      ),
  });

  r.get('/api/v1/rounds/:id/agenda', {
    config: { access: { roles: READERS } },
    schema: {
      tags: ['rounds'],
      summary:
        '本轮调度会的调度事项（如经济指标亮黄灯、红灯或排名下降；按权限范围）/ the round’s agenda items raised by other modules',
      params: idParams,
      response: { 200: z.object({ items: z.array(RoundAgendaItemOut) }) },
    },
    handler: async (req) => ({ items: await rounds.agenda(actorOf(req), req.params.id) }),
  });

  r.post('/api/v1/rounds/:id/close', {
    config: { access: { roles: ISSUERS } },
    schema: {
      tags: ['rounds'],
      summary: '结束本轮调度（需 If-Match）/ close the round',
      params: idParams,
      body: z.strictObject({}).optional(),
      response: { 200: RoundOut },
    },
    handler: async (req, reply) =>
      withEtag(reply, await rounds.close(actorOf(req), req.params.id, ifMatch(req), meta(req))),
  });

  r.get('/api/v1/blockers', {
    config: { access: { roles: READERS } },
    schema: {
      tags: ['blockers'],
      summary: '项目卡点（按权限范围；leaderId 为某领导名下的卡点清单）/ blockers',
      querystring: BlockerQuery,
      response: {
        200: z.object({ items: z.array(BlockerOut), total: z.number(), page: z.number(), pageSize: z.number() }),
      },
    },
    handler: async (req) => blockers.list(actorOf(req), req.query),
  });

  r.post('/api/v1/blockers', {
    config: { access: { roles: WRITERS } },
    schema: {
      tags: ['blockers'],
      summary: '提出卡点（交办给负责破解的单位，由包联领导领办）/ raise a blocker',
      body: BlockerCreate,
      response: { 201: BlockerOut },
    },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      return reply
        .code(201)
        .send(withEtag(reply, await blockers.get(actor, await blockers.raise(actor, req.body, meta(req)))));
    },
  });

  r.get('/api/v1/blockers/:id', {
    config: { access: { roles: READERS } },
    schema: { tags: ['blockers'], summary: '卡点详情 / a blocker', params: idParams, response: { 200: BlockerOut } },
    handler: async (req, reply) => withEtag(reply, await blockers.get(actorOf(req), req.params.id)),
  });

  r.post('/api/v1/blockers/:id/escalate', {
    config: { access: { roles: WRITERS } },
    schema: {
      tags: ['blockers'],
      summary: '上报：包联领导 → 分管领导 → 主要领导，每级有期限（需 If-Match）/ escalate',
      params: idParams,
      body: EscalateIn,
      response: { 200: BlockerOut },
    },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      await blockers.escalate(actor, req.params.id, ifMatch(req), req.body, meta(req));
      return withEtag(reply, await blockers.get(actor, req.params.id));
    },
  });

  r.post('/api/v1/blockers/:id/resolve', {
    config: { access: { roles: UNIT_ROLES } },
    schema: {
      tags: ['blockers'],
      summary: '报告已破解（附说明与佐证；需 If-Match）/ report it resolved',
      params: idParams,
      body: ResolveIn,
      response: { 200: BlockerOut },
    },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      await blockers.resolve(actor, req.params.id, ifMatch(req), req.body, meta(req));
      return withEtag(reply, await blockers.get(actor, req.params.id));
    },
  });

  r.post('/api/v1/blockers/:id/confirm', {
    config: { access: { roles: WRITERS } },
    schema: {
      tags: ['blockers'],
      summary: '确认已破解并销号（需 If-Match）/ confirm and close',
      params: idParams,
      body: z.strictObject({}).optional(),
      response: { 200: BlockerOut },
    },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      await blockers.confirm(actor, req.params.id, ifMatch(req), meta(req));
      return withEtag(reply, await blockers.get(actor, req.params.id));
    },
  });
}
