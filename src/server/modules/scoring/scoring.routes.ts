import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps';
import { actorOf, ifMatch, meta } from '../../http/request';
import { ScoringRules } from '../../../shared/domain/scoring';
import { z } from 'zod';
import {
  CommendationIn,
  CommendationOut,
  CommendationQuery,
  CommendationsOut,
  CommendationWithdrawIn,
  LeagueOut,
  LeagueQuery,
  ScoringRulesOut,
} from '../../../shared/scoring';
import { createScoringService } from './scoring.service';
import { createEnterpriseFiguresService } from '../enterprises/figures.service';

export function registerScoringRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  // Built here rather than in createServices: nothing else depends on scoring, so registering it stays one line.
  const scoring = createScoringService({
    db: deps.database.db,
    audit: deps.audit,
    org: deps.org,
    calendar: deps.calendar,
    today: deps.supervision.today,
    enterpriseFigures: createEnterpriseFiguresService({ db: deps.database.db }),
  });

  r.get('/api/v1/scoring/rules', {
    config: { access: { authenticated: true } },
    schema: {
      tags: ['scoring'],
      summary: '考核计分规则（本县现行版本）/ the scoring rules in force',
      response: { 200: ScoringRulesOut },
    },
    handler: async (req) => scoring.rulesFor(actorOf(req).jurisdictionId),
  });

  r.put('/api/v1/scoring/rules', {
    config: { access: { roles: ['supervision_office'] } },
    schema: {
      tags: ['scoring'],
      summary: '修改考核计分规则（需 If-Match，生成新版本，旧版本保留）/ set the scoring rules',
      body: ScoringRules,
      response: { 200: ScoringRulesOut },
    },
    handler: async (req) => scoring.setRules(actorOf(req), ifMatch(req), req.body, meta(req)),
  });

  r.get('/api/v1/scoring/league', {
    config: { access: { roles: ['principal', 'leader', 'supervision_office'] } },
    schema: {
      tags: ['scoring'],
      summary: '考核排名：某时段各单位（或各乡镇）得分及其来源事件 / league table of a period',
      querystring: LeagueQuery,
      response: { 200: LeagueOut },
    },
    handler: async (req) => scoring.leagueFor(actorOf(req), req.query),
  });

  r.get('/api/v1/scoring/commendations', {
    config: { access: { roles: ['principal', 'leader', 'supervision_office'] } },
    schema: {
      tags: ['scoring'],
      summary: '表扬与通报批评记录（按调用者的范围）/ praise and criticism of units',
      querystring: CommendationQuery,
      response: { 200: CommendationsOut },
    },
    handler: async (req) => scoring.commendations(actorOf(req), req.query),
  });

  r.post('/api/v1/scoring/commendations', {
    config: { access: { roles: ['supervision_office'] } },
    schema: {
      tags: ['scoring'],
      summary: '督查室登记对单位的表扬或通报批评（计入考核）/ record a praise or criticism',
      body: CommendationIn,
      response: { 201: CommendationOut },
    },
    handler: async (req, reply) => {
      reply.code(201);
      return scoring.recordCommendation(actorOf(req), req.body, meta(req));
    },
  });

  r.post('/api/v1/scoring/commendations/:id/withdraw', {
    config: { access: { roles: ['supervision_office'] } },
    schema: {
      tags: ['scoring'],
      summary: '撤销一条表扬或通报批评（需 If-Match 和理由；保留记录，不再计分）/ withdraw an entry',
      params: z.object({ id: z.uuid() }),
      body: CommendationWithdrawIn,
      response: { 200: CommendationOut },
    },
    handler: async (req) =>
      scoring.withdrawCommendation(actorOf(req), req.params.id, ifMatch(req), req.body.reason, meta(req)),
  });
}
