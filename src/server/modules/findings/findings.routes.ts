import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps';
import { actorOf, meta, withEtag } from '../../http/request';
import type { Role } from '../../../shared/roles';
import { FindingCreate, FindingExportQuery, FindingOut, FindingQuery, FindingSource } from '../../../shared/findings';
import { IsoDateString } from '../../../shared/supervision';
import { todayInShanghai } from '../../../shared/domain/dates';
import { registerImportRoutes, sendExport } from '../../http/ledger-files';
import { createFindingService, findingKey } from './findings.service';
import { registerLoopRoutes } from '../supervision/loop.routes';
import { findingsWorkbook } from './findings.excel';
import { planFindingImport, type FindingRow } from './findings.import';

/** Who takes part in 整改: the office and principals (record, 销号), leaders (read their units'), the units (rectify). */
const READERS: Role[] = ['principal', 'leader', 'supervision_office', 'unit_admin', 'unit_clerk'];
const OFFICE: Role[] = ['principal', 'supervision_office'];
const UNIT: Role[] = ['unit_admin', 'unit_clerk'];

const idParams = z.object({ id: z.uuid() });
export function registerFindingRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { supervision } = deps;
  const findings = createFindingService({
    db: deps.database.db,
    audit: deps.audit,
    org: deps.org,
    supervision,
    attachments: deps.attachments,
  });
  const tags = ['findings'];

  r.get('/api/v1/findings', {
    config: { access: { roles: READERS } },
    schema: {
      tags,
      summary: '整改台账（按权限范围；可按状态、亮灯、单位、来源、严重程度、关键词筛选）/ the ledger of findings',
      querystring: FindingQuery,
      response: {
        200: z.object({ items: z.array(FindingOut), total: z.number(), page: z.number(), pageSize: z.number() }),
      },
    },
    handler: async (req) => findings.list(actorOf(req), req.query),
  });

  r.post('/api/v1/findings', {
    config: { access: { roles: OFFICE } },
    schema: {
      tags,
      summary: '登记问题并交办整改（来源、发现日期、问题、严重程度、整改措施、责任单位、整改时限）/ record a finding',
      body: FindingCreate,
      response: { 201: FindingOut },
    },
    handler: async (req, reply) =>
      reply.code(201).send(withEtag(reply, await findings.create(actorOf(req), req.body, meta(req)))),
  });

  r.get('/api/v1/findings/export', {
    config: { access: { roles: READERS } },
    schema: {
      tags,
      summary:
        '按当前筛选导出整改台账 .xlsx（序号、问题、整改措施、责任单位、责任人、整改时限、整改进展、是否销号）/ export',
      querystring: FindingExportQuery,
    },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      const { items } = await findings.list(actor, { ...req.query, page: 1, pageSize: 100_000 });
      const units = new Map((await deps.org.listUnits(actor)).map((u) => [u.id, u.name]));
      const latest = await supervision.latestReports(items.map((i) => i.id));
      const county = (await deps.org.getJurisdiction(actor.jurisdictionId))?.name ?? '';
      const asOf = supervision.today();
      const wb = findingsWorkbook(
        items,
        {
          unit: (id) => units.get(id) ?? '',
          latest: (id) => {
            const x = latest.get(id);
            return x ? { text: x.text, on: todayInShanghai(x.submittedAt) } : null;
          },
        },
        { county, asOf },
      );
      return sendExport(deps, req, reply, {
        action: 'finding.export',
        detail: { count: items.length, filter: req.query },
        workbook: wb,
        fileName: `整改台账-${asOf}.xlsx`,
      });
    },
  });

  registerImportRoutes(app, deps, {
    base: '/api/v1/findings',
    batch: 'findings',
    auditAs: 'finding',
    tags,
    roles: OFFICE,
    summaries: {
      preview:
        '上传问题清单 .xlsx/.csv 并逐行校验（不写入）；清单未逐行写明的来源、检查名称、发现日期可统一指定 / upload a list of findings and check every row',
      commit: '确认导入：一次事务交办全部问题；与台账中已有问题重复的行跳过 / commit all rows in one transaction',
    },
    row: { title: z.string(), duplicateOf: z.object({ id: z.uuid(), serial: z.number().int() }).nullable() },
    query: z.strictObject({
      source: FindingSource.optional(),
      sourceTitle: z.string().trim().max(300).optional(),
      foundOn: IsoDateString.optional(),
    }),
    commitOut: z.object({ created: z.number(), skipped: z.number() }),
    plan: async (actor, sheets, query) => {
      const { unitIndex, unitLabels } = await deps.org.nameLookups(actor);
      return planFindingImport(
        sheets,
        { today: supervision.today(), unitIndex, unitLabels },
        query,
        await findings.importKeys(actor),
        findingKey,
      );
    },
    commit: async (tx, actor, payload: NonNullable<FindingRow['input']>[]) => {
      const fresh = payload.filter((p) => !p.duplicate).map(({ duplicate: _d, ...f }) => f);
      const ids = await findings.createMany(tx, actor, fresh);
      return {
        created: ids.length,
        skipped: payload.length - fresh.length,
        detail: { firstId: ids[0] ?? null, lastId: ids.at(-1) ?? null },
      };
    },
  });

  r.get('/api/v1/findings/:id', {
    config: { access: { roles: READERS } },
    schema: { tags, summary: '问题详情 / a finding', params: idParams, response: { 200: FindingOut } },
    handler: async (req, reply) => withEtag(reply, await findings.get(actorOf(req), req.params.id)),
  });

  // The loop on the findings' path, in the words of 整改: 签收, 整改进展, 申请销号, 销号, 延期, 调整时限.
  registerLoopRoutes(app, {
    base: '/api/v1/findings',
    tags,
    Out: FindingOut,
    loop: findings.loop,
    roles: { readers: READERS, assigner: OFFICE, assignee: UNIT },
    summaries: {
      assign: '交办整改 / issue',
      accept: '签收 / accept',
      'request-close': '申请销号（须附整改佐证材料）/ request 销号 with evidence',
      close: '审核通过，销号 / approve and close',
      'send-back': '退回销号申请（须说明理由）/ send the request back',
      cancel: '撤销（须说明理由）/ cancel',
      reports: '整改进展 / progress reports',
      report: '报送整改进展（附佐证材料；需 If-Match；可带 Idempotency-Key）/ report progress with evidence',
      review: '审核整改进展（通过，或退回并说明）/ review a report',
      'extension-request': '申请延长整改时限 / request a later deadline',
      replan: '调整整改时限（督查室；须说明理由；需 If-Match）/ re-plan the deadline',
    },
  });
}
