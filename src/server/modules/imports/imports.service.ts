import crypto from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import type { Actor } from '../../http/access';
import { AppError } from '../../http/errors';
import { importBatches } from './imports.schema';

const BATCH_TTL_MS = 24 * 3_600_000;

export type ImportService = ReturnType<typeof createImportService>;

export function createImportService(deps: { db: Db }) {
  /** Stores a checked batch; tells whether the same file was already committed (a re-upload). */
  async function hold(actor: Actor, kind: string, fileName: string, file: Buffer, payload: unknown) {
    const fileSha256 = crypto.createHash('sha256').update(file).digest('hex');
    const [prev] = await deps.db
      .select({ committedAt: importBatches.committedAt })
      .from(importBatches)
      .where(and(eq(importBatches.jurisdictionId, actor.jurisdictionId), eq(importBatches.kind, kind), eq(importBatches.fileSha256, fileSha256), eq(importBatches.status, 'committed')))
      .orderBy(desc(importBatches.committedAt))
      .limit(1);
    const [row] = await deps.db
      .insert(importBatches)
      .values({ jurisdictionId: actor.jurisdictionId, kind, createdBy: actor.personId, fileName, fileSha256, payload })
      .returning({ id: importBatches.id });
    return { batchId: row!.id, previouslyCommittedAt: prev?.committedAt?.toISOString() ?? null };
  }

  /** Locks the batch for commit inside the caller's transaction; only its uploader, once, within a day. */
  async function take<T>(tx: Tx, actor: Actor, kind: string, id: string): Promise<{ payload: T; fileName: string }> {
    const [b] = await tx.select().from(importBatches).where(and(eq(importBatches.id, id), eq(importBatches.kind, kind))).for('update');
    if (!b || b.jurisdictionId !== actor.jurisdictionId || b.createdBy !== actor.personId) throw new AppError('not_found');
    if (b.status !== 'previewed' || Date.now() - b.createdAt.getTime() > BATCH_TTL_MS) throw new AppError('import_stale');
    await tx.update(importBatches).set({ status: 'committed', committedAt: new Date() }).where(eq(importBatches.id, id));
    return { payload: b.payload as T, fileName: b.fileName };
  }

  return { hold, take };
}
