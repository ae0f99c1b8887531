import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../deps';
import { actorOf, ifMatch, meta, withEtag } from '../../http/request';
import { registerRecordRoutes, registerVersionedWrite } from '../../http/record-routes';
import type { Role } from '../../../shared/roles';
import {
  CampaignCreate,
  CampaignDetailOut,
  CampaignItemsIn,
  CampaignItemsRemoveIn,
  CampaignListOut,
  CampaignPatch,
  CampaignQuery,
  FrontIn,
  FrontPatch,
} from '../../../shared/campaigns';
import { createProjectService } from '../projects/projects.service';
import { createCampaignService } from './campaigns.service';

/** Leaders and units read campaigns (each front's figures over the tasks they see); the office forms and runs them. */
const READERS: Role[] = ['principal', 'leader', 'supervision_office', 'unit_admin', 'unit_clerk'];
const OFFICE: Role[] = ['supervision_office'];
const FrontId = z.object({ id: z.uuid(), frontId: z.uuid() });

export function registerCampaignRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const campaigns = createCampaignService({
    db: deps.database.db,
    audit: deps.audit,
    org: deps.org,
    supervision: deps.supervision,
    projects: createProjectService({
      db: deps.database.db,
      audit: deps.audit,
      org: deps.org,
      supervision: deps.supervision,
      attachments: deps.attachments,
    }),
  });
  const tags = ['campaigns'];

  registerRecordRoutes(app, deps, {
    path: '/api/v1/campaigns',
    tags,
    out: CampaignDetailOut,
    list: {
      summary: '专项行动列表：各战线的牵头领导、任务亮灯与进度、战线排名（按调用者可见的任务统计）/ campaigns',
      roles: READERS,
      query: CampaignQuery,
      response: CampaignListOut,
      run: async (actor, query) => ({ items: await campaigns.list(actor, query) }),
    },
    create: {
      summary: '督查室设立专项行动及其战线（每条战线一名牵头县领导）/ form a campaign with its fronts',
      roles: OFFICE,
      body: CampaignCreate,
      run: campaigns.create,
    },
    get: {
      summary: '专项行动详情：战线排名、单位排名、各战线的任务和项目 / a campaign with its leagues and items',
      roles: READERS,
      run: campaigns.get,
    },
    patch: {
      summary: '修改专项行动（名称、时间、结束或重新开展；需 If-Match）/ edit a campaign',
      roles: OFFICE,
      body: CampaignPatch,
      run: campaigns.patch,
    },
  });
  const write = { tags, out: CampaignDetailOut, roles: OFFICE };

  registerVersionedWrite(app, 'POST', '/api/v1/campaigns/:id/fronts', {
    ...write,
    summary: '增加一条战线（需专项行动的 If-Match）/ add a front',
    body: FrontIn,
    run: campaigns.addFront,
  });

  r.patch('/api/v1/campaigns/:id/fronts/:frontId', {
    config: { access: { roles: OFFICE } },
    schema: {
      tags,
      summary: '修改战线（名称、牵头县领导、牵头单位、顺序；需专项行动的 If-Match）/ edit a front',
      params: FrontId,
      body: FrontPatch,
      response: { 200: CampaignDetailOut },
    },
    handler: async (req, reply) =>
      withEtag(
        reply,
        await campaigns.patchFront(actorOf(req), req.params.id, req.params.frontId, ifMatch(req), req.body, meta(req)),
      ),
  });

  registerVersionedWrite(app, 'POST', '/api/v1/campaigns/:id/items', {
    ...write,
    summary: '把任务和项目纳入一条战线（已在本行动其他战线的移过来；需 If-Match）/ put tasks and projects in a front',
    body: CampaignItemsIn,
    run: campaigns.addItems,
  });

  registerVersionedWrite(app, 'POST', '/api/v1/campaigns/:id/items/remove', {
    ...write,
    summary: '把任务和项目移出专项行动（需 If-Match）/ take tasks and projects out of a campaign',
    body: CampaignItemsRemoveIn,
    run: campaigns.removeItems,
  });
}
