import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps';
import { actorOf, ifMatch, meta, withEtag } from '../../http/request';
import type { Actor } from '../../http/access';
import { createCampaignService } from '../campaigns/campaigns.service';
import { createProjectService } from '../projects/projects.service';
import type { Role } from '../../../shared/roles';
import {
  MilestoneDone,
  MilestonesPut,
  TaskCreate,
  TaskExportQuery,
  TaskOut,
  TaskPatch,
  TaskQuery,
} from '../../../shared/tasks';
import { todayInShanghai } from '../../../shared/domain/dates';
import { ReportReviewIn, ReportToReviewOut } from '../../../shared/supervision';
import { AppError } from '../../http/errors';
import { registerImportRoutes, sendExport } from '../../http/ledger-files';
import { ledgerWorkbook } from './tasks.excel';
import { planLedgerImport, type ImportInput } from './tasks.import';
import { importKey } from './tasks.service';
import { registerLoopRoutes } from '../supervision/loop.routes';

/** Business roles that take part in the ledger; the three administrators do not see tasks. */
const LEDGER_ROLES: Role[] = ['principal', 'leader', 'supervision_office', 'unit_admin', 'unit_clerk'];
const ISSUERS: Role[] = ['principal', 'supervision_office'];
const UNIT_ROLES: Role[] = ['unit_admin', 'unit_clerk'];

const idParams = z.object({ id: z.uuid() });

export function registerTaskRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { tasks, supervision, attachments } = deps;
  const campaigns = createCampaignService({
    db: deps.database.db,
    audit: deps.audit,
    org: deps.org,
    supervision,
    projects: createProjectService({
      db: deps.database.db,
      audit: deps.audit,
      org: deps.org,
      supervision,
      attachments,
    }),
  });
  /** The campaign/front filter: the tasks it holds, or no restriction. */
  const inCampaign = (actor: Actor, q: { campaignId?: string; frontId?: string }) =>
    q.campaignId || q.frontId ? campaigns.memberIds(actor, 'task', q) : Promise.resolve(undefined);

  r.get('/api/v1/tasks', {
    config: { access: { roles: LEDGER_ROLES } },
    schema: {
      tags: ['tasks'],
      summary: '督办台账（按权限范围；可按状态、亮灯、单位、领导、类别、级别、来源、时限、关键词筛选）/ the ledger',
      querystring: TaskQuery,
      response: {
        200: z.object({ items: z.array(TaskOut), total: z.number(), page: z.number(), pageSize: z.number() }),
      },
    },
    handler: async (req) => tasks.list(actorOf(req), req.query, await inCampaign(actorOf(req), req.query)),
  });

  r.get('/api/v1/tasks/export', {
    config: { access: { roles: LEDGER_ROLES } },
    schema: {
      tags: ['tasks'],
      summary:
        '按当前筛选导出可打印的台账 .xlsx（可按领导或单位分组，A4/A3 横向）/ export the filtered ledger, ready to print',
      querystring: TaskExportQuery,
    },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      const { groupBy, paper, ...filter } = req.query;
      const { items } = await tasks.list(
        actor,
        { ...filter, page: 1, pageSize: 100_000 },
        await inCampaign(actor, filter),
      );
      const units = new Map((await deps.org.listUnits(actor)).map((u) => [u.id, u.name]));
      const people = new Map<string, string>();
      for (const id of new Set(items.map((i) => i.leadLeaderId).filter((x): x is string => !!x))) {
        people.set(id, (await deps.org.accountById(id))?.displayName ?? '');
      }
      const latest = await supervision.latestReports(items.map((i) => i.id));
      const county = (await deps.org.getJurisdiction(actor.jurisdictionId))?.name ?? '';
      const names = {
        unit: (id: string) => units.get(id) ?? '',
        person: (id: string | null) => (id ? (people.get(id) ?? '') : ''),
        latest: (id: string) => {
          const r = latest.get(id);
          return r ? { text: r.text, on: todayInShanghai(r.submittedAt) } : null;
        },
      };
      const asOf = supervision.today();
      const wb = ledgerWorkbook(items, names, { county, name: '重点工作督办台账', asOf, groupBy, paper });
      return sendExport(deps, req, reply, {
        action: 'task.export',
        detail: { count: items.length, filter: req.query },
        workbook: wb,
        fileName: `督办台账-${asOf}.xlsx`,
      });
    },
  });

  registerImportRoutes(app, deps, {
    base: '/api/v1/tasks',
    batch: 'tasks',
    auditAs: 'task',
    tags: ['tasks'],
    roles: ISSUERS,
    summaries: {
      preview:
        '上传台账 .xlsx/.csv 并逐行校验（不写入）；mode=history 导入已有的历史台账（已逾期、已办结的照实导入）' +
        ' / upload a ledger and check every row; nothing is written (mode=history: an existing ledger as it stands)',
      commit:
        '确认导入：一次事务写入全部任务；与台账中已有任务重复的行默认跳过，duplicates=update 则更新其标准、奖惩、领导、配合单位等' +
        ' / commit: all rows in one transaction; rows repeating a task are skipped, or update it with duplicates=update',
    },
    row: {
      title: z.string(),
      /** The task already in the ledger with the same 任务内容 and 牵头单位. */
      duplicateOf: z.object({ id: z.uuid(), serial: z.number().int(), title: z.string() }).nullable(),
    },
    query: z.strictObject({ mode: z.enum(['new', 'history']).default('new') }),
    commitQuery: z.strictObject({ duplicates: z.enum(['skip', 'update']).default('skip') }),
    commitOut: z.object({ created: z.number(), updated: z.number(), skipped: z.number() }),
    plan: async (actor, sheets, query) => {
      const { units, unitIndex, unitLabels, leadersByName, people } = await deps.org.nameLookups(actor);
      return planLedgerImport(
        sheets,
        {
          today: supervision.today(),
          unitIndex,
          unitLabels,
          unitNameById: new Map(units.map((u) => [u.id, u.name])),
          leadersByName,
          peopleByUnitAndName: new Map(people.map((p) => [`${p.unitId}|${p.displayName}`, p.id])),
        },
        { mode: query.mode, known: await tasks.importKeys(actor), key: importKey },
      );
    },
    commit: async (tx, actor, payload: ImportInput[], query, m) => {
      const fresh = payload.filter((p) => !p.duplicateOf);
      const ids = await tasks.createMany(
        tx,
        actor,
        fresh.map((p) => p.task),
        fresh.map((p) => p.history),
      );
      let updated = 0;
      if (query.duplicates === 'update') {
        // What a ledger can change of a task it repeats: how it is to be done (standard, 奖惩, category, level).
        // Its content and unit are what recognised it; its dates and people move by the flow's own actions
        // (a re-plan with a reason); a closed task stays as it was closed.
        for (const { task: t, duplicateOf: d } of payload) {
          if (!d || d.state === 'closed') continue;
          await tasks.updateFromImport(tx, actor, d.id, t, m);
          updated++;
        }
      }
      const skipped = payload.length - fresh.length - updated;
      return { created: ids.length, updated, skipped, detail: { firstId: ids[0] ?? null, lastId: ids.at(-1) ?? null } };
    },
  });

  r.post('/api/v1/tasks', {
    config: { access: { roles: ISSUERS } },
    schema: {
      tags: ['tasks'],
      summary: '新建任务（草稿，或 issue=true 直接交办）/ create a task',
      body: TaskCreate,
      response: { 201: TaskOut },
    },
    handler: async (req, reply) =>
      reply.code(201).send(withEtag(reply, await tasks.create(actorOf(req), req.body, meta(req)))),
  });

  r.get('/api/v1/tasks/:id', {
    config: { access: { roles: LEDGER_ROLES } },
    schema: { tags: ['tasks'], summary: '任务详情 / a task', params: idParams, response: { 200: TaskOut } },
    handler: async (req, reply) => withEtag(reply, await tasks.get(actorOf(req), req.params.id)),
  });

  r.patch('/api/v1/tasks/:id', {
    config: { access: { roles: [...ISSUERS, ...UNIT_ROLES] } },
    schema: {
      tags: ['tasks'],
      summary: '修改草稿或被退回的任务（需 If-Match）/ edit a draft or returned task',
      params: idParams,
      body: TaskPatch,
      response: { 200: TaskOut },
    },
    handler: async (req, reply) =>
      withEtag(reply, await tasks.patch(actorOf(req), req.params.id, ifMatch(req), req.body, meta(req))),
  });

  r.post('/api/v1/tasks/batch', {
    config: { access: { roles: ISSUERS } },
    schema: {
      tags: ['tasks'],
      summary: '批量交办或批量催办：逐项执行、逐项报告结果 / batch issue or urge, one result per task',
      body: z.strictObject({
        action: z.enum(['assign', 'urge']),
        items: z
          .array(z.strictObject({ id: z.uuid(), version: z.number().int() }))
          .min(1)
          .max(500),
        reason: z.string().trim().max(2000).optional(),
      }),
      response: {
        200: z.object({
          results: z.array(
            z.object({
              id: z.uuid(),
              ok: z.boolean(),
              status: z.number(),
              code: z.string().optional(),
              detail: z.string().optional(),
            }),
          ),
        }),
      },
    },
    handler: async (req) => {
      const actor = actorOf(req);
      const results = [];
      for (const it of req.body.items) {
        try {
          await tasks.action(actor, it.id, it.version, req.body.action, { reason: req.body.reason ?? null }, meta(req));
          results.push({ id: it.id, ok: true, status: 200 });
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
          const { problemBody } = await import('../../plugins/problem');
          const p = problemBody(req, e.code, e.params, e.errors);
          results.push({ id: it.id, ok: false, status: p.status, code: e.code, detail: p.detail });
        }
      }
      return { results };
    },
  });

  r.get('/api/v1/tasks/todo-counts', {
    config: { access: { roles: LEDGER_ROLES } },
    schema: {
      tags: ['tasks'],
      summary:
        '我的待办各类数量（待签收、待报送、被退回、待交办、办结待审核、延期待审批、进展待审核、已逾期）/ my to-do counted by kind',
      response: {
        200: z.object(
          Object.fromEntries(
            ['accept', 'report', 'returned', 'issue', 'close', 'extension', 'review', 'overdue', 'reports'].map((k) => [
              k,
              z.number().int(),
            ]),
          ),
        ),
      },
    },
    handler: async (req) => supervision.todoCounts(actorOf(req), 'task'),
  });

  r.get('/api/v1/tasks/reports', {
    config: { access: { roles: [...ISSUERS, ...UNIT_ROLES] } },
    schema: {
      tags: ['tasks'],
      summary: '进展待审核：等待我方（交办方）审核的进展报告，最早的在前 / reports waiting for my review',
      querystring: z
        .object({
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(20),
        })
        .strict(),
      response: {
        200: z.object({
          items: z.array(
            ReportToReviewOut.extend({ item: ReportToReviewOut.shape.item.extend({ serial: z.number().nullable() }) }),
          ),
          total: z.number(),
          page: z.number(),
          pageSize: z.number(),
        }),
      },
    },
    handler: async (req) => tasks.reportsToReview(actorOf(req), req.query.page, req.query.pageSize),
  });

  r.post('/api/v1/tasks/reports/review', {
    config: { access: { roles: [...ISSUERS, ...UNIT_ROLES] } },
    schema: {
      tags: ['tasks'],
      summary: '批量审核进展报告：逐份执行、逐份报告结果 / review many reports, one result each',
      body: ReportReviewIn.extend({ reportIds: z.array(z.uuid()).min(1).max(200) }),
      response: {
        200: z.object({
          results: z.array(
            z.object({
              id: z.uuid(),
              ok: z.boolean(),
              status: z.number(),
              code: z.string().optional(),
              detail: z.string().optional(),
            }),
          ),
        }),
      },
    },
    handler: async (req) => {
      const actor = actorOf(req);
      const results = [];
      for (const id of [...new Set(req.body.reportIds)]) {
        try {
          const itemId = await supervision.itemOfReport(id);
          if (!itemId) throw new AppError('not_found');
          await tasks.reviewReport(actor, itemId, id, req.body.decision, req.body.comment ?? null, meta(req));
          results.push({ id, ok: true, status: 204 });
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
          const { problemBody } = await import('../../plugins/problem');
          const p = problemBody(req, e.code, e.params, e.errors);
          results.push({ id, ok: false, status: p.status, code: e.code, detail: p.detail });
        }
      }
      return { results };
    },
  });

  r.put('/api/v1/tasks/:id/milestones', {
    config: { access: { roles: [...ISSUERS, ...UNIT_ROLES] } },
    schema: {
      tags: ['tasks'],
      summary: '调整工作节点（交办方；需 If-Match）/ re-plan milestones',
      params: idParams,
      body: MilestonesPut,
      response: { 200: TaskOut },
    },
    handler: async (req) =>
      tasks.setMilestones(actorOf(req), req.params.id, ifMatch(req), req.body.milestones, meta(req)),
  });

  r.post('/api/v1/tasks/:id/milestones/:milestoneId/complete', {
    config: { access: { roles: UNIT_ROLES } },
    schema: {
      tags: ['tasks'],
      summary: '标记节点完成（承办单位；完成日期不晚于今天，null 撤销；需 If-Match）/ mark a milestone done',
      params: z.object({ id: z.uuid(), milestoneId: z.uuid() }),
      body: MilestoneDone,
      response: { 200: TaskOut },
    },
    handler: async (req) =>
      tasks.completeMilestone(
        actorOf(req),
        req.params.id,
        ifMatch(req),
        req.params.milestoneId,
        req.body.doneOn,
        meta(req),
      ),
  });

  r.post('/api/v1/tasks/:id/subtasks', {
    config: { access: { roles: UNIT_ROLES } },
    schema: {
      tags: ['tasks'],
      summary: '分解子任务（时限不晚于上级任务）/ decompose into a sub-task',
      params: idParams,
      body: TaskCreate,
      response: { 201: TaskOut },
    },
    handler: async (req, reply) =>
      reply.code(201).send(await tasks.create(actorOf(req), req.body, meta(req), req.params.id)),
  });

  // The loop (steps, reports, timeline, evidence, extensions, re-plan): the core's routes on the ledger's path.
  registerLoopRoutes(app, {
    base: '/api/v1/tasks',
    tags: ['tasks'],
    Out: TaskOut,
    loop: tasks.loop,
    roles: { readers: LEDGER_ROLES, assigner: [...ISSUERS, ...UNIT_ROLES], assignee: UNIT_ROLES },
    summaries: {
      'request-close':
        '申请办结（须附佐证材料：新上传的，或本任务已有的；其他任务的材料不可用）/ request closing with evidence',
    },
  });
}
