import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps';
import { actorOf } from '../../http/request';
import type { Role } from '../../../shared/roles';
import { CockpitOut } from '../../../shared/cockpit';
import { createCockpitService } from './cockpit.service';

/** Who looks at the cockpit: the leaders and the supervision office (a unit sees its own ledger instead). */
const VIEWERS: Role[] = ['principal', 'leader', 'supervision_office'];

export function registerCockpitRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const cockpit = createCockpitService({ supervision: deps.supervision, org: deps.org });
  r.get('/api/v1/cockpit', {
    config: { access: { roles: VIEWERS } },
    schema: { tags: ['cockpit'], summary: '驾驶舱：按亮灯、按单位的任务数，逾期与临期清单（按调用者的范围）/ the cockpit for the caller', response: { 200: CockpitOut } },
    handler: async (req) => cockpit.get(actorOf(req)),
  });
}
