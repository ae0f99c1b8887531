import { z } from 'zod';
import type ExcelJS from 'exceljs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../deps';
import type { Tx } from '../db/client';
import type { Role } from '../../shared/roles';
import { importPreviewOut } from '../../shared/imports';
import { readTables } from '../files/table';
import { readUpload } from '../files/upload';
import { sendWorkbook } from '../files/xlsx';
import { actorOf, meta } from './request';
import type { Actor } from './access';
import { AppError } from './errors';
import type { RequestMeta } from '../modules/org/org.service';

/**
 * A ledger's export: the workbook sent as a download and the export audited (who took which rows, with which
 * filter) — the same for every ledger that exports (tasks, findings, leads, enterprises, demands).
 */
export async function sendExport(
  deps: Pick<AppDeps, 'audit' | 'org'>,
  req: FastifyRequest,
  reply: FastifyReply,
  out: { action: string; detail: unknown; workbook: ExcelJS.Workbook; fileName: string },
) {
  await deps.audit.record({
    ...deps.org.auditAs(actorOf(req), meta(req)),
    action: out.action,
    result: 'success',
    detail: out.detail,
  });
  return sendWorkbook(reply, out.workbook, out.fileName);
}

/** A planned row of an import: accepted with its input, or rejected with its problems. */
type PlannedRow = { status: 'accepted' | 'rejected'; input?: unknown };

/** What a ledger's import is: its path, batch kind, audit name, roles and words; how a file is planned and committed. */
export interface ImportRoutes<Q extends z.ZodType, C extends z.ZodType, P, Out extends Record<string, number>> {
  /** '/api/v1/findings' → POST /api/v1/findings/import and /import/:batch/commit. */
  base: string;
  /** The held batch's kind ('findings'). */
  batch: string;
  /** The audit events' prefix ('finding' → finding.import.preview, finding.import.commit). */
  auditAs: string;
  tags: string[];
  roles: Role[];
  summaries: { preview: string; commit: string };
  /** What a previewed row shows beside its status and problems (its title, the row it repeats). */
  row: z.ZodRawShape;
  /** The upload's query (defaults for the whole list, a mode); none: no query. */
  query?: Q;
  /** The commit's query (what to do with repeated rows); none: no query. */
  commitQuery?: C;
  /** The commit's answer (created, updated, skipped …). */
  commitOut: z.ZodType<Out>;
  /** Checks every row of the file's sheets. */
  plan(
    actor: Actor,
    sheets: Awaited<ReturnType<typeof readTables>>,
    query: z.infer<Q>,
  ): Promise<{ rows: PlannedRow[]; fileError?: string | null }>;
  /** Writes the held rows in the commit's transaction; answers the counts (audited with the batch). */
  commit(tx: Tx, actor: Actor, payload: P[], query: z.infer<C>, meta: RequestMeta): Promise<Out & { detail?: object }>;
  /** After the commit's transaction has committed (e.g. a kept view refreshed at once); never undoes the commit. */
  afterCommit?(actor: Actor, payload: P[]): Promise<void>;
}

/**
 * A ledger's import, the same two steps everywhere: upload a .xlsx/.csv and check every row (nothing written; all
 * good → a batch held for commit, with whether the same file was committed before), then commit the held batch in
 * one transaction. Both steps audited.
 */
export function registerImportRoutes<Q extends z.ZodType, C extends z.ZodType, P, Out extends Record<string, number>>(
  app: FastifyInstance,
  deps: AppDeps,
  spec: ImportRoutes<Q, C, P, Out>,
) {
  // Registered untyped: the spec's generics stand for the request's types (its query, its batch's rows).
  app.post(`${spec.base}/import`, {
    config: { access: { roles: spec.roles } },
    schema: {
      tags: spec.tags,
      summary: spec.summaries.preview,
      consumes: ['multipart/form-data'],
      ...(spec.query ? { querystring: spec.query } : {}),
      response: { 200: importPreviewOut(spec.row) },
    },
    handler: async (req) => {
      const actor = actorOf(req);
      const file = await readUpload(req);
      const sheets = await readTables(file.buf, file.filename);
      const plan = await spec.plan(actor, sheets, req.query as z.infer<Q>);
      if (plan.fileError) throw new AppError('bad_file', { reason: plan.fileError });
      const preview = await deps.imports.offer(actor, spec.batch, file.filename, file.buf, plan.rows);
      await deps.audit.record({
        ...deps.org.auditAs(actor, meta(req)),
        action: `${spec.auditAs}.import.preview`,
        result: preview.rejected ? 'failure' : 'success',
        detail: { fileName: file.filename, rows: plan.rows.length, rejected: preview.rejected },
      });
      return preview;
    },
  });

  app.post(`${spec.base}/import/:batch/commit`, {
    config: { access: { roles: spec.roles } },
    schema: {
      tags: spec.tags,
      summary: spec.summaries.commit,
      params: z.object({ batch: z.uuid() }),
      ...(spec.commitQuery ? { querystring: spec.commitQuery } : {}),
      response: { 200: spec.commitOut },
    },
    handler: async (req) => {
      const actor = actorOf(req);
      const m = meta(req);
      const { batch } = req.params as { batch: string };
      let written: P[] = [];
      const out = await deps.database.db.transaction(async (tx) => {
        const { payload } = await deps.imports.take<P[]>(tx, actor, spec.batch, batch);
        written = payload;
        const { detail, ...counts } = await spec.commit(tx, actor, payload, req.query as z.infer<C>, m);
        await deps.audit.record(
          {
            ...deps.org.auditAs(actor, m),
            action: `${spec.auditAs}.import.commit`,
            objectType: 'import_batch',
            objectId: batch,
            result: 'success',
            detail: { ...counts, ...detail },
          },
          tx,
        );
        return counts;
      });
      await spec.afterCommit?.(actor, written);
      return out;
    },
  });
}
