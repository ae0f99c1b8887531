import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps';
import { AppError } from '../../http/errors';
import { actorOf, ifMatch, meta, withEtag } from '../../http/request';
import { registerRecordRoutes, registerVersionedWrite } from '../../http/record-routes';
import type { Role } from '../../../shared/roles';
import {
  AccountabilitySettings,
  AccountabilitySettingsOut,
  CaseCountsOut,
  CaseCountsQuery,
  CaseDecideIn,
  CaseListOut,
  CaseOpenIn,
  CaseOut,
  CaseQuery,
  CaseWithdrawIn,
  ToleranceDecideIn,
  ToleranceIn,
} from '../../../shared/accountability';
import { createAccountabilityService } from './accountability.service';

/** Whoever may be named in a case or head a unit reads cases; the service shows each only the cases he may see. */
const READERS: Role[] = ['principal', 'leader', 'supervision_office', 'unit_admin', 'unit_clerk'];
const OFFICE: Role[] = ['supervision_office'];

export function registerAccountabilityRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const cases = createAccountabilityService({
    db: deps.database.db,
    audit: deps.audit,
    org: deps.org,
    supervision: deps.supervision,
    notifications: deps.notifications,
  });
  const tags = ['accountability'];

  r.get('/api/v1/accountability/settings', {
    config: { access: { roles: READERS } },
    schema: {
      tags,
      summary: '问责方式与容错情形清单（本县）/ the measures and 容错 conditions of the county',
      response: { 200: AccountabilitySettingsOut },
    },
    handler: async (req, reply) => withEtag(reply, await cases.settings(actorOf(req).jurisdictionId)),
  });

  r.put('/api/v1/accountability/settings', {
    config: { access: { roles: OFFICE } },
    schema: {
      tags,
      summary: '修改问责方式与容错情形清单（需 If-Match）/ set the measures and 容错 conditions',
      body: AccountabilitySettings,
      response: { 200: AccountabilitySettingsOut },
    },
    handler: async (req, reply) =>
      withEtag(reply, await cases.setSettings(actorOf(req), ifMatch(req), req.body, meta(req))),
  });

  r.get('/api/v1/accountability/counts', {
    config: { access: { roles: ['principal', 'leader', 'supervision_office'] } },
    schema: {
      tags,
      summary: '某时段各单位的问责案件数（立案、问责决定、容错免责；按调用者的范围）/ cases by unit in a period',
      querystring: CaseCountsQuery,
      response: { 200: CaseCountsOut },
    },
    handler: async (req) => {
      if (req.query.from > req.query.to)
        throw new AppError('validation', {}, [{ field: 'query.to', code: 'invalid_value' }]);
      return cases.counts(actorOf(req), req.query.from, req.query.to);
    },
  });

  registerRecordRoutes(app, deps, {
    path: '/api/v1/accountability',
    tags,
    out: CaseOut,
    list: {
      summary:
        '问责案件列表：督查室、主要领导看全部；其他人只看点名自己的案件（单位管理员另看针对本单位的案件）/ accountability cases',
      roles: READERS,
      query: CaseQuery,
      response: CaseListOut,
      run: cases.list,
    },
    create: {
      summary: '督查室立案问责：被问责人员和/或单位、引发的事项（其记录即证据）、拟问责方式 / open a case',
      roles: OFFICE,
      body: CaseOpenIn,
      run: cases.open,
    },
    get: { summary: '问责案件详情 / a case', roles: READERS, run: cases.get },
  });
  const write = { tags, out: CaseOut };

  registerVersionedWrite(app, 'POST', '/api/v1/accountability/:id/decide', {
    ...write,
    summary: '作出问责决定：问责方式、决定日期和理由（需 If-Match；有待决定的容错申请时不能决定）/ decide a case',
    roles: OFFICE,
    body: CaseDecideIn,
    run: cases.decide,
  });

  registerVersionedWrite(app, 'POST', '/api/v1/accountability/:id/withdraw', {
    ...write,
    summary: '撤销问责案件（需 If-Match 和理由；保留记录）/ withdraw a case',
    roles: OFFICE,
    body: CaseWithdrawIn,
    run: (actor, id, version, body, m) => cases.withdraw(actor, id, version, body.reason, m),
  });

  registerVersionedWrite(app, 'POST', '/api/v1/accountability/:id/tolerance', {
    ...write,
    summary:
      '提出容错申请：被问责人员（或被问责单位的负责人）勾选容错情形并说明理由（需 If-Match）/ file a 容错 request',
    roles: READERS,
    body: ToleranceIn,
    run: cases.requestTolerance,
  });

  registerVersionedWrite(app, 'POST', '/api/v1/accountability/:id/tolerance/decide', {
    ...write,
    summary:
      '督查室决定容错申请（同意则容错免责：相关事项不扣分、不再问责；需 If-Match 和理由）/ decide a 容错 request',
    roles: OFFICE,
    body: ToleranceDecideIn,
    run: cases.decideTolerance,
  });
}
