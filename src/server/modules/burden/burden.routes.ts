import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps';
import { actorOf } from '../../http/request';
import { BurdenOut, BurdenQuery } from '../../../shared/burden';
import { createBurdenService } from './burden.service';

export function registerBurdenRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const service = createBurdenService({ db: deps.database.db, org: deps.org, supervision: deps.supervision });

  r.get('/api/v1/burden', {
    // A unit's clerk does the reporting; its head (单位管理员) sees what it costs the unit.
    config: { access: { roles: ['principal', 'leader', 'supervision_office', 'unit_admin'] } },
    schema: {
      tags: ['burden'],
      summary:
        '减负：各单位、乡镇每月应报次数、每次填报字段、承担事项、收到的催办和督办单、签收用时、重复交办；督查室看排名和来源，单位负责人看本单位 / the burden on units',
      querystring: BurdenQuery,
      response: { 200: BurdenOut },
    },
    handler: async (req) => service.burden(actorOf(req), req.query),
  });
}
