import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps';
import { actorOf } from '../../http/request';
import { registerRecordRoutes } from '../../http/record-routes';
import { registerImportRoutes, sendExport } from '../../http/ledger-files';
import type { Role } from '../../../shared/roles';
import {
  EnterpriseCreate,
  EnterpriseOut,
  EnterprisePatch,
  EnterpriseQuery,
  LiaisonPeriodOut,
} from '../../../shared/enterprises';
import { createEnterpriseService } from './enterprises.service';
import { enterpriseWorkbook } from './enterprises.excel';
import { planEnterpriseImport, type EnterpriseRow } from './enterprises.import';
import { registerDemandRoutes } from './demands.routes';
import { registerVisitRoutes } from './visits.routes';
import { registerLibraryRoutes } from './libraries.routes';

/** Business roles that read the registry (each sees what the service scopes); the office and principals keep it. */
export const READERS: Role[] = ['principal', 'leader', 'supervision_office', 'unit_admin', 'unit_clerk'];
export const KEEPERS: Role[] = ['principal', 'supervision_office'];

const idParams = z.object({ id: z.uuid() });
const tags = ['enterprises'];

export function registerEnterpriseRoutes(app: FastifyInstance, deps: AppDeps) {
  const enterprises = createEnterpriseService({
    db: deps.database.db,
    audit: deps.audit,
    org: deps.org,
    today: deps.supervision.today,
  });
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/enterprises', {
    config: { access: { roles: READERS } },
    schema: {
      tags,
      summary:
        '企业库（督查室、主要领导看全部；领导看本人及分管单位包联的企业；单位看本单位包联的企业）/ the enterprise registry',
      querystring: EnterpriseQuery,
      response: {
        200: z.object({ items: z.array(EnterpriseOut), total: z.number(), page: z.number(), pageSize: z.number() }),
      },
    },
    handler: async (req) => enterprises.list(actorOf(req), req.query),
  });

  r.get('/api/v1/enterprises/export', {
    config: { access: { roles: READERS } },
    schema: {
      tags,
      summary: '导出企业库 .xlsx（列与导入相同，可再导入）/ export the registry',
      querystring: EnterpriseQuery.omit({ page: true, pageSize: true }),
    },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      const items = await enterprises.listAll(actor, req.query);
      return sendExport(deps, req, reply, {
        action: 'enterprise.export',
        detail: { rows: items.length, filters: req.query },
        workbook: enterpriseWorkbook(items),
        fileName: `企业库-${deps.supervision.today()}.xlsx`,
      });
    },
  });

  registerImportRoutes(app, deps, {
    base: '/api/v1/enterprises',
    batch: 'enterprises',
    auditAs: 'enterprise',
    tags,
    roles: KEEPERS,
    summaries: {
      preview:
        '上传企业表 .xlsx/.csv 并逐行校验（不写入；统一社会信用代码已登记的行识别为重复）/ upload and check every row',
      commit:
        '确认导入：一次事务写入全部企业；已登记的企业默认跳过，duplicates=update 则按表更新 / commit all rows at once',
    },
    row: { name: z.string(), duplicateOf: z.object({ id: z.uuid(), name: z.string() }).nullable() },
    commitQuery: z.strictObject({ duplicates: z.enum(['skip', 'update']).default('skip') }),
    commitOut: z.object({ created: z.number(), updated: z.number(), skipped: z.number() }),
    plan: async (actor, sheets) => {
      const { units, unitIndex, unitLabels, leadersByName } = await deps.org.nameLookups(actor);
      return planEnterpriseImport(sheets, {
        unitIndex,
        unitLabels,
        areaIds: new Set(units.filter((u) => u.kind === 'township' || u.kind === 'park').map((u) => u.id)),
        leadersByName,
        known: await enterprises.knownCodes(actor),
      });
    },
    commit: async (tx, actor, payload: NonNullable<EnterpriseRow['input']>[], query) => {
      const created = await enterprises.createMany(
        tx,
        actor,
        payload.filter((p) => !p.duplicateOf).map((p) => p.enterprise),
      );
      let updated = 0;
      if (query.duplicates === 'update')
        for (const p of payload)
          if (p.duplicateOf) {
            await enterprises.updateFromImport(tx, actor, p.duplicateOf.id, p.enterprise);
            updated++;
          }
      return { created, updated, skipped: payload.length - created - updated };
    },
  });

  registerRecordRoutes(app, deps, {
    path: '/api/v1/enterprises',
    tags,
    out: EnterpriseOut,
    create: {
      summary: '登记企业（统一社会信用代码按 GB 32100 校验，不得重复；重点企业须有包联县领导）/ register an enterprise',
      roles: KEEPERS,
      body: EnterpriseCreate,
      run: enterprises.create,
    },
    get: { summary: '企业详情 / an enterprise', roles: READERS, run: enterprises.get },
    patch: {
      summary: '修改企业信息、包联，或确认企业直通车新登记的企业（需 If-Match）/ edit or confirm an enterprise',
      roles: KEEPERS,
      body: EnterprisePatch,
      run: enterprises.patch,
    },
  });

  r.get('/api/v1/enterprises/:id/liaisons', {
    config: { access: { roles: READERS } },
    schema: {
      tags,
      summary: '包联记录：每段包联的领导、单位、联络员和起止日期（新的在前；止日为不再包联的第一天）/ the 包联 history',
      params: idParams,
      response: { 200: z.object({ items: z.array(LiaisonPeriodOut) }) },
    },
    handler: async (req) => ({ items: await enterprises.liaisons(actorOf(req), req.params.id) }),
  });

  const demands = registerDemandRoutes(app, deps, enterprises);
  registerVisitRoutes(app, deps, enterprises, demands);
  registerLibraryRoutes(app, deps);
}
