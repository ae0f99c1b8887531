import { z } from 'zod';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps';
import { actorOf, meta } from '../../http/request';
import { sendWorkbook } from '../../files/xlsx';

const AuditQuery = z.strictObject({
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  action: z.string().max(60).optional(),
  result: z.enum(['success', 'failure', 'denied']).optional(),
  q: z.string().trim().max(60).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

const AuditEventOut = z.object({
  seq: z.number(),
  at: z.string(),
  username: z.string().nullable(),
  personId: z.string().nullable(),
  unitId: z.string().nullable(),
  roles: z.string().nullable(),
  ip: z.string().nullable(),
  action: z.string(),
  objectType: z.string().nullable(),
  objectId: z.string().nullable(),
  result: z.string(),
  requestId: z.string().nullable(),
  detail: z.unknown(),
  hash: z.string(),
});

const VerifyOut = z.object({
  ok: z.boolean(),
  checked: z.number(),
  brokenAtSeq: z.number().optional(),
  head: z.object({ seq: z.number(), hash: z.string() }).nullable(),
  anchorsChecked: z.number(),
  /** Each problem names the row or the anchor, in both languages. */
  problems: z.array(
    z.object({ seq: z.number(), kind: z.string(), message: z.object({ 'zh-CN': z.string(), 'en-US': z.string() }) }),
  ),
});

/** Dates in the audit view carry the Asia/Shanghai offset, as evaluators read them. */
export function shanghaiTime(d: Date): string {
  const t = new Date(d.getTime() + 8 * 3_600_000).toISOString().replace('Z', '+08:00');
  return t;
}

function toDate(s: string | undefined, endOfDay: boolean) {
  if (!s) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return new Date(`${s}T${endOfDay ? '23:59:59.999' : '00:00:00'}+08:00`);
  return new Date(s);
}

export function registerAuditRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { audit, org } = deps;

  const filterOf = (jurisdictionId: string, q: z.infer<typeof AuditQuery>) => ({
    jurisdictionId,
    from: toDate(q.from, false),
    to: toDate(q.to, true),
    action: q.action,
    result: q.result,
    q: q.q,
    page: q.page,
    pageSize: q.pageSize,
  });

  r.get('/api/v1/audit-events', {
    config: { access: { roles: ['audit_admin'] } },
    schema: {
      tags: ['audit'],
      summary: '审计日志（查看本身也记入审计）/ audit log',
      querystring: AuditQuery,
      response: { 200: z.object({ items: z.array(AuditEventOut), total: z.number() }) },
    },
    handler: async (req) => {
      const actor = actorOf(req);
      const { items, total } = await audit.list(filterOf(actor.jurisdictionId, req.query));
      await audit.record({
        ...org.auditAs(actor, meta(req)),
        action: 'audit.view',
        result: 'success',
        detail: { filter: req.query },
      });
      return { items: items.map((e) => ({ ...e, at: shanghaiTime(e.at) })), total };
    },
  });

  r.get('/api/v1/audit-events/export', {
    config: { access: { roles: ['audit_admin'] } },
    schema: {
      tags: ['audit'],
      summary: '导出审计日志 .xlsx / export the audit log',
      querystring: AuditQuery.omit({ page: true, pageSize: true }),
    },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      const { items } = await audit.list({
        ...filterOf(actor.jurisdictionId, { ...req.query, page: 1, pageSize: 50 }),
        page: 1,
        pageSize: 100000,
      });
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('审计日志');
      ws.columns = [
        '序号',
        '时间',
        '用户',
        '角色',
        'IP',
        '操作',
        '对象类型',
        '对象',
        '结果',
        '请求编号',
        '详情',
        '哈希',
      ].map((header) => ({ header, width: 18 }));
      for (const e of items)
        ws.addRow([
          e.seq,
          shanghaiTime(e.at),
          e.username,
          e.roles,
          e.ip,
          e.action,
          e.objectType,
          e.objectId,
          e.result,
          e.requestId,
          e.detail ? JSON.stringify(e.detail) : '',
          e.hash,
        ]);
      await audit.record({
        ...org.auditAs(actor, meta(req)),
        action: 'audit.export',
        result: 'success',
        detail: { count: items.length, filter: req.query },
      });
      // Every export anchors the chain's head (including this export) outside the database.
      const anchor = await audit.anchor('export');
      req.log.info({ auditAnchor: anchor }, 'audit anchor');
      return sendWorkbook(reply, wb, '审计日志.xlsx');
    },
  });

  r.post('/api/v1/audit-events/verify', {
    config: { access: { roles: ['audit_admin'] } },
    schema: { tags: ['audit'], summary: '校验审计哈希链 / verify the hash chain', response: { 200: VerifyOut } },
    handler: async (req) => {
      const result = await audit.verify();
      const { problems, brokenAtSeq, checked, head } = result;
      await audit.record({
        ...org.auditAs(actorOf(req), meta(req)),
        action: 'audit.verify',
        result: result.ok ? 'success' : 'failure',
        detail: {
          checked,
          head,
          brokenAtSeq,
          problems: problems.map((p) => ({ seq: p.seq, kind: p.kind, anchor: p.anchor })),
        },
      });
      return result;
    },
  });
}
