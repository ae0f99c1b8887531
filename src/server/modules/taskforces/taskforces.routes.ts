import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../deps';
import { actorOf, ifMatch, meta, withEtag } from '../../http/request';
import type { Role } from '../../../shared/roles';
import {
  MembersIn,
  MembersRemoveIn,
  TaskForceCreate,
  TaskForceDetailOut,
  TaskForceListOut,
  TaskForcePatch,
  TaskForceQuery,
} from '../../../shared/taskforces';

/** Everyone on the ledger reads task forces (the tasks each sees are the core's visibility); the office forms them. */
const READERS: Role[] = ['principal', 'leader', 'supervision_office', 'unit_admin', 'unit_clerk'];
const OFFICE: Role[] = ['supervision_office'];
const Id = z.object({ id: z.uuid() });

export function registerTaskForceRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const forces = deps.taskForces;
  const tags = ['task-forces'];

  r.get('/api/v1/task-forces', {
    config: { access: { roles: READERS } },
    schema: {
      tags,
      summary: '工作专班、领导小组列表（成员来自多个单位；member=me 只看本人参加的）/ task forces',
      querystring: TaskForceQuery,
      response: { 200: TaskForceListOut },
    },
    handler: async (req) => ({ items: await forces.list(actorOf(req), req.query) }),
  });

  r.post('/api/v1/task-forces', {
    config: { access: { roles: OFFICE } },
    schema: {
      tags,
      summary: '督查室组建工作专班或领导小组：牵头单位（对交给专班的任务负责）、组长、成员 / form a task force',
      body: TaskForceCreate,
      response: { 201: TaskForceDetailOut },
    },
    handler: async (req, reply) => {
      reply.code(201);
      return withEtag(reply, await forces.create(actorOf(req), req.body, meta(req)));
    },
  });

  r.get('/api/v1/task-forces/:id', {
    config: { access: { roles: READERS } },
    schema: {
      tags,
      summary: '专班详情：成员及其所在单位、交给专班的任务（按调用者可见范围）/ a task force',
      params: Id,
      response: { 200: TaskForceDetailOut },
    },
    handler: async (req, reply) => withEtag(reply, await forces.get(actorOf(req), req.params.id)),
  });

  r.patch('/api/v1/task-forces/:id', {
    config: { access: { roles: OFFICE } },
    schema: {
      tags,
      summary: '修改专班（名称、职责、组长、撤销或恢复；需 If-Match）/ edit a task force',
      params: Id,
      body: TaskForcePatch,
      response: { 200: TaskForceDetailOut },
    },
    handler: async (req, reply) =>
      withEtag(reply, await forces.patch(actorOf(req), req.params.id, ifMatch(req), req.body, meta(req))),
  });

  r.post('/api/v1/task-forces/:id/members', {
    config: { access: { roles: OFFICE } },
    schema: {
      tags,
      summary: '增加成员或修改其职务（成员保留原单位；需 If-Match）/ add members',
      params: Id,
      body: MembersIn,
      response: { 200: TaskForceDetailOut },
    },
    handler: async (req, reply) =>
      withEtag(reply, await forces.addMembers(actorOf(req), req.params.id, ifMatch(req), req.body.members, meta(req))),
  });

  r.post('/api/v1/task-forces/:id/members/remove', {
    config: { access: { roles: OFFICE } },
    schema: {
      tags,
      summary: '成员退出专班（保留记录；需 If-Match）/ members leave',
      params: Id,
      body: MembersRemoveIn,
      response: { 200: TaskForceDetailOut },
    },
    handler: async (req, reply) =>
      withEtag(
        reply,
        await forces.removeMembers(actorOf(req), req.params.id, ifMatch(req), req.body.personIds, meta(req)),
      ),
  });
}
