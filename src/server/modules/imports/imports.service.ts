import crypto from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import type { Actor } from '../../http/access';
import { AppError } from '../../http/errors';
import { importBatches } from './imports.schema';

const BATCH_TTL_MS = 24 * 3_600_000;

export type ImportService = ReturnType<typeof createImportService>;

export function createImportService(deps: { db: Db }) {
  const sha = (file: Buffer) => crypto.createHash('sha256').update(file).digest('hex');

  /** When the same file was committed before (a re-upload), its latest commit time; else null. */
  async function previousCommit(actor: Actor, kind: string, file: Buffer): Promise<string | null> {
    const fileSha256 = sha(file);
    const [prev] = await deps.db
      .select({ committedAt: importBatches.committedAt })
      .from(importBatches)
      .where(
        and(
          eq(importBatches.jurisdictionId, actor.jurisdictionId),
          eq(importBatches.kind, kind),
          eq(importBatches.fileSha256, fileSha256),
          eq(importBatches.status, 'committed'),
        ),
      )
      .orderBy(desc(importBatches.committedAt))
      .limit(1);
    return prev?.committedAt?.toISOString() ?? null;
  }

  /** Holds a checked batch until its uploader commits it. */
  async function hold(actor: Actor, kind: string, fileName: string, file: Buffer, payload: unknown): Promise<string> {
    const [row] = await deps.db
      .insert(importBatches)
      .values({
        jurisdictionId: actor.jurisdictionId,
        kind,
        createdBy: actor.personId,
        fileName,
        fileSha256: sha(file),
        payload,
      })
      .returning({ id: importBatches.id });
    return row!.id;
  }

  /** Locks the batch for commit inside the caller's transaction; only its uploader, once, within a day. */
  async function take<T>(tx: Tx, actor: Actor, kind: string, id: string): Promise<{ payload: T; fileName: string }> {
    const [b] = await tx
      .select()
      .from(importBatches)
      .where(and(eq(importBatches.id, id), eq(importBatches.kind, kind)))
      .for('update');
    if (!b || b.jurisdictionId !== actor.jurisdictionId || b.createdBy !== actor.personId)
      throw new AppError('not_found');
    if (b.status !== 'previewed' || Date.now() - b.createdAt.getTime() > BATCH_TTL_MS)
      throw new AppError('import_stale');
    await tx
      .update(importBatches)
      .set({ status: 'committed', committedAt: new Date() })
      .where(eq(importBatches.id, id));
    return { payload: b.payload as T, fileName: b.fileName };
  }

  /**
   * The answer to an upload once every row is checked: all or nothing, so a batch is held for commit only when
   * every row is good; with it, whether the same file was committed before. The rows go out without their inputs.
   */
  async function offer<R extends { status: 'accepted' | 'rejected'; input?: unknown }>(
    actor: Actor,
    kind: string,
    fileName: string,
    file: Buffer,
    rows: R[],
  ) {
    const rejected = rows.filter((r) => r.status === 'rejected').length;
    const previouslyCommittedAt = await previousCommit(actor, kind, file);
    const batchId =
      rejected === 0 && rows.length > 0
        ? await hold(
            actor,
            kind,
            fileName,
            file,
            rows.map((r) => r.input),
          )
        : null;
    return {
      batchId,
      fileName,
      accepted: rows.length - rejected,
      rejected,
      previouslyCommittedAt,
      rows: rows.map(({ input: _i, ...r }) => r),
    };
  }

  return { previousCommit, hold, take, offer };
}
