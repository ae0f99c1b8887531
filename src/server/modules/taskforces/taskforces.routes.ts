import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps';
import { registerRecordRoutes, registerVersionedWrite } from '../../http/record-routes';
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

export function registerTaskForceRoutes(app: FastifyInstance, deps: AppDeps) {
  const forces = deps.taskForces;
  const tags = ['task-forces'];

  registerRecordRoutes(app, deps, {
    path: '/api/v1/task-forces',
    tags,
    out: TaskForceDetailOut,
    list: {
      summary: '工作专班、领导小组列表（成员来自多个单位；member=me 只看本人参加的）/ task forces',
      roles: READERS,
      query: TaskForceQuery,
      response: TaskForceListOut,
      run: async (actor, query) => ({ items: await forces.list(actor, query) }),
    },
    create: {
      summary: '督查室组建工作专班或领导小组：牵头单位（对交给专班的任务负责）、组长、成员 / form a task force',
      roles: OFFICE,
      body: TaskForceCreate,
      run: forces.create,
    },
    get: {
      summary: '专班详情：成员及其所在单位、交给专班的任务（按调用者可见范围）/ a task force',
      roles: READERS,
      run: forces.get,
    },
    patch: {
      summary: '修改专班（名称、职责、组长、撤销或恢复；需 If-Match）/ edit a task force',
      roles: OFFICE,
      body: TaskForcePatch,
      run: forces.patch,
    },
  });
  const write = { tags, out: TaskForceDetailOut, roles: OFFICE };

  registerVersionedWrite(app, 'POST', '/api/v1/task-forces/:id/members', {
    ...write,
    summary: '增加成员或修改其职务（成员保留原单位；需 If-Match）/ add members',
    body: MembersIn,
    run: (actor, id, version, body, m) => forces.addMembers(actor, id, version, body.members, m),
  });

  registerVersionedWrite(app, 'POST', '/api/v1/task-forces/:id/members/remove', {
    ...write,
    summary: '成员退出专班（保留记录；需 If-Match）/ members leave',
    body: MembersRemoveIn,
    run: (actor, id, version, body, m) => forces.removeMembers(actor, id, version, body.personIds, m),
  });
}
