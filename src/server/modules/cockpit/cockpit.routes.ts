import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps';
import { actorOf } from '../../http/request';
import { keptJson, sendJson, viewKey } from '../../http/kept';
import type { Role } from '../../../shared/roles';
import { CockpitOut, CockpitPeriodOut, CockpitPeriodQuery } from '../../../shared/cockpit';
import { AppError } from '../../http/errors';
import { createCockpitService } from './cockpit.service';
import { createProjectServices } from '../projects/blockers.service';
import { createAccountabilityService } from '../accountability/accountability.service';
import { createInvestmentService } from '../investment/investment.service';
import { createEnterpriseService } from '../enterprises/enterprises.service';
import { createIndicatorService } from '../indicators/indicators.service';
import { createDemandService } from '../enterprises/demands.service';
import { createVisitService } from '../enterprises/visits.service';
import { createLibraryService } from '../enterprises/libraries.service';
import { createContactService } from '../enterprises/contacts.service';

/** Who looks at the cockpit: the leaders and the supervision office (a unit sees its own ledger instead). */
const VIEWERS: Role[] = ['principal', 'leader', 'supervision_office'];

export function registerCockpitRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  // The projects module's services are stateless factories over the shared deps (as its own routes build them).
  const { projects, blockers } = createProjectServices({ ...deps, db: deps.database.db });
  const accountability = createAccountabilityService({
    db: deps.database.db,
    audit: deps.audit,
    org: deps.org,
    supervision: deps.supervision,
    notifications: deps.notifications,
  });
  // Its kept boards are stamped with the revision in the database, so a second instance of the service stays correct.
  const indicators = createIndicatorService({
    db: deps.database.db,
    audit: deps.audit,
    org: deps.org,
    calendar: deps.calendar,
    notifications: deps.notifications,
    today: deps.supervision.today,
  });
  // The enterprise module's services over the same deps (as its routes build them): the cockpit reads through them.
  const enterprises = createEnterpriseService({ db: deps.database.db, audit: deps.audit, org: deps.org });
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
  const enterprise = {
    visits: createVisitService({
      db: deps.database.db,
      audit: deps.audit,
      org: deps.org,
      enterprises,
      demands,
      today: () => deps.supervision.today(),
    }),
    demands,
    libraries: createLibraryService({
      db: deps.database.db,
      audit: deps.audit,
      org: deps.org,
      calendar: deps.calendar,
      today: () => deps.supervision.today(),
    }),
    contacts: createContactService({
      db: deps.database.db,
      audit: deps.audit,
      org: deps.org,
      notifications: deps.notifications,
      enterprises,
      today: () => deps.supervision.today(),
    }),
  };
  const cockpit = createCockpitService({
    supervision: deps.supervision,
    org: deps.org,
    projects,
    blockers,
    accountability,
    investment: createInvestmentService({
      db: deps.database.db,
      audit: deps.audit,
      org: deps.org,
      attachments: deps.attachments,
      projects,
      enterprises,
      today: deps.supervision.today,
      thresholds: (j) => deps.calendar.thresholdsFor(j),
    }),
    indicators,
    enterprise,
  });
  r.get('/api/v1/cockpit', {
    config: { access: { roles: VIEWERS } },
    schema: {
      tags: ['cockpit'],
      summary:
        '驾驶舱：按亮灯、按单位的任务数，逾期与临期清单，项目分库与开工/竣工/投资完成率，各领导的未解决卡点，近十二周趋势（按调用者的范围）/ the cockpit for the caller',
      response: { 200: CockpitOut },
    },
    // Kept a few seconds per person (http/kept.ts): any write through this instance drops it.
    handler: async (req, reply) =>
      sendJson(
        reply,
        await keptJson(deps.views, viewKey(req, deps.supervision.today()), CockpitOut, () => cockpit.get(actorOf(req))),
      ),
  });

  r.get('/api/v1/cockpit/period', {
    config: { access: { roles: VIEWERS } },
    schema: {
      tags: ['cockpit'],
      summary: '某时段的任务：在办、办结、按期办结、逾期（按单位，附逾期清单）/ the tasks of a period',
      querystring: CockpitPeriodQuery,
      response: { 200: CockpitPeriodOut },
    },
    handler: async (req) => {
      if (req.query.from > req.query.to)
        throw new AppError('validation', {}, [{ field: 'query.to', code: 'invalid_value' }]);
      return cockpit.period(actorOf(req), req.query.from, req.query.to);
    },
  });
}
