import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps';
import { actorOf, meta } from '../../http/request';
import type { Role } from '../../../shared/roles';
import {
  CoverageOut,
  CoverageQuery,
  UnvisitedOut,
  UnvisitedQuery,
  VisitCreate,
  ContactCountOut,
  ContactIn,
  ContactMonthOut,
  ContactMonthQuery,
  VisitOut,
  VisitQuery,
} from '../../../shared/enterprises';
import type { EnterpriseService } from './enterprises.service';
import type { DemandService } from './demands.service';
import { createVisitService } from './visits.service';
import { createContactService } from './contacts.service';

/** Everyone in the business of the county records and reads visits (each sees those he, she or the unit attended). */
const VISITORS: Role[] = ['principal', 'leader', 'supervision_office', 'unit_admin', 'unit_clerk'];
const tags = ['visits'];

export function registerVisitRoutes(
  app: FastifyInstance,
  deps: AppDeps,
  enterprises: EnterpriseService,
  demands: DemandService,
) {
  const visits = createVisitService({
    db: deps.database.db,
    audit: deps.audit,
    org: deps.org,
    enterprises,
    demands,
    today: () => deps.supervision.today(),
  });
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/visits', {
    config: { access: { roles: VISITORS } },
    schema: {
      tags,
      summary:
        '走访记录（大走访、早餐会、政企座谈、现场办公；督查室、主要领导看全部，领导看本人参加及分管单位的，单位看本单位参加的）/ visits',
      querystring: VisitQuery,
      response: {
        200: z.object({ items: z.array(VisitOut), total: z.number(), page: z.number(), pageSize: z.number() }),
      },
    },
    handler: async (req) => visits.list(actorOf(req), req.query),
  });

  r.post('/api/v1/visits', {
    config: { access: { roles: VISITORS } },
    schema: {
      tags,
      summary:
        '登记走访：日期、形式、参加领导和单位、走访企业、交流内容；企业提出的诉求随走访一并登记（来源为走访，从登记时起计时）/ record a visit',
      body: VisitCreate,
      response: { 201: VisitOut },
    },
    handler: async (req, reply) => reply.code(201).send(await visits.create(actorOf(req), req.body, meta(req))),
  });

  r.get('/api/v1/visits/coverage', {
    config: { access: { roles: VISITORS } },
    schema: {
      tags,
      summary: '走访覆盖率：各包联领导、单位本季度本人走访其包联企业的比例 / visit coverage per leader and unit',
      querystring: CoverageQuery,
      response: { 200: CoverageOut },
    },
    handler: async (req) => visits.coverage(actorOf(req), req.query.quarter),
  });

  r.get('/api/v1/visits/unvisited', {
    config: { access: { roles: VISITORS } },
    schema: {
      tags,
      summary: '超过 N 个月无人走访的企业（默认 6 个月，按包联范围）/ enterprises no one visited for N months',
      querystring: UnvisitedQuery,
      response: { 200: UnvisitedOut },
    },
    handler: async (req) => visits.unvisited(actorOf(req), req.query),
  });

  const contacts = createContactService({
    db: deps.database.db,
    audit: deps.audit,
    org: deps.org,
    notifications: deps.notifications,
    enterprises,
    today: () => deps.supervision.today(),
  });

  r.post('/api/v1/enterprises/:id/contacts', {
    config: { access: { roles: VISITORS } },
    schema: {
      tags,
      summary:
        '无事不扰：登记与企业的联系（电话、要数、检查、会议等），按月与走访、诉求联系合计；超过上限提示督查室 / record a contact',
      params: z.object({ id: z.uuid() }),
      body: ContactIn,
      response: { 201: ContactCountOut },
    },
    handler: async (req, reply) =>
      reply.code(201).send(await contacts.record(actorOf(req), req.params.id, req.body, meta(req))),
  });

  r.get('/api/v1/enterprise-contacts', {
    config: { access: { roles: ['principal', 'supervision_office'] } },
    schema: {
      tags,
      summary: '无事不扰：某月各企业被联系次数（走访、诉求联系、单位登记），超过上限的标出 / contacts per enterprise',
      querystring: ContactMonthQuery,
      response: { 200: ContactMonthOut },
    },
    handler: async (req) => contacts.month(actorOf(req), req.query.month ?? deps.supervision.today().slice(0, 7)),
  });

  r.get('/api/v1/visits/:id', {
    config: { access: { roles: VISITORS } },
    schema: { tags, summary: '走访详情 / a visit', params: z.object({ id: z.uuid() }), response: { 200: VisitOut } },
    handler: async (req) => visits.get(actorOf(req), req.params.id),
  });
}
