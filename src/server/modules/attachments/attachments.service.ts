import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import type { Actor } from '../../http/access';
import { AppError, notFound, type FieldProblem } from '../../http/errors';
import { attachments } from './attachments.schema';
import { evidenceProblem, sniffEvidenceType } from './sniff';

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

export type AttachmentService = ReturnType<typeof createAttachmentService>;

export function createAttachmentService(deps: { db: Db; filesDir: string }) {
  const { db } = deps;
  const pathOf = (sha: string) => path.join(deps.filesDir, sha.slice(0, 2), sha.slice(2, 4), sha);

  async function upload(actor: Actor, fileName: string, buf: Buffer) {
    if (buf.length > MAX_ATTACHMENT_BYTES) throw new AppError('payload_too_large');
    if (buf.length === 0) throw new AppError('bad_file', { reason: '空文件 / empty file' });
    const mediaType = sniffEvidenceType(buf);
    if (!mediaType)
      throw new AppError('bad_file', {
        reason:
          '只接受 PDF、JPG、PNG、Word(.docx)、Excel(.xlsx) 文件（按内容识别）/ only PDF, JPG, PNG, .docx, .xlsx (checked by content)',
      });
    const disguised = evidenceProblem(buf, mediaType);
    if (disguised) throw new AppError('bad_file', { reason: disguised });
    const sha256 = crypto.createHash('sha256').update(buf).digest('hex');
    const target = pathOf(sha256);
    await fs.mkdir(path.dirname(target), { recursive: true });
    try {
      await fs.access(target);
    } catch {
      // Write then rename, so a half-written file never sits under its hash.
      const tmp = `${target}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
      await fs.writeFile(tmp, buf);
      await fs.rename(tmp, target);
    }
    const safeName = fileName.replace(/[\\/\u0000-\u001f]/g, '_').slice(0, 200) || 'file';
    const [row] = await db
      .insert(attachments)
      .values({
        jurisdictionId: actor.jurisdictionId,
        sha256,
        fileName: safeName,
        mediaType,
        size: buf.length,
        uploadedBy: actor.personId,
      })
      .returning();
    return present(row!);
  }

  function present(r: typeof attachments.$inferSelect) {
    return {
      id: r.id,
      fileName: r.fileName,
      mediaType: r.mediaType,
      size: r.size,
      sha256: r.sha256,
      uploadedAt: r.uploadedAt.toISOString(),
      itemId: r.itemId,
    };
  }

  /** Binds the caller's own unbound uploads to an item; returns how many were bound. */
  async function bind(tx: Tx, actor: Actor, ids: string[], itemId: string): Promise<number> {
    if (ids.length === 0) return 0;
    const rows = await tx
      .update(attachments)
      .set({ itemId })
      .where(and(inArray(attachments.id, ids), eq(attachments.uploadedBy, actor.personId), isNull(attachments.itemId)))
      .returning({ id: attachments.id });
    if (rows.length !== new Set(ids).size)
      throw new AppError('validation', {}, [{ field: 'body.attachmentIds', code: 'unknown_reference' }]);
    return rows.length;
  }

  /** The files bound to an item (only those one person uploaded: the enterprise's own, on a demand). */
  async function listForItem(itemId: string, only: { uploadedBy?: string } = {}, tx: Tx = db) {
    const rows = await tx
      .select()
      .from(attachments)
      .where(
        and(eq(attachments.itemId, itemId), only.uploadedBy ? eq(attachments.uploadedBy, only.uploadedBy) : undefined),
      )
      .orderBy(attachments.uploadedAt);
    return rows.map(present);
  }

  /** The file, if the caller may see the item it belongs to (checked by the caller through `canSeeItem`). */
  async function open(actor: Actor, id: string, canSeeItem: (itemId: string) => Promise<boolean>) {
    const [r] = await db
      .select()
      .from(attachments)
      .where(and(eq(attachments.id, id), eq(attachments.jurisdictionId, actor.jurisdictionId)));
    if (!r) throw notFound();
    const mine = r.uploadedBy === actor.personId;
    if (!mine && !(r.itemId && (await canSeeItem(r.itemId)))) throw notFound();
    return { meta: present(r), data: await fs.readFile(pathOf(r.sha256)) };
  }

  /** Who uploaded what, for a caller that decides access itself (the publication module); bound to a jurisdiction. */
  async function metaOf(jurisdictionId: string, ids: string[], tx: Tx = db) {
    if (ids.length === 0) return [];
    const rows = await tx
      .select()
      .from(attachments)
      .where(and(inArray(attachments.id, ids), eq(attachments.jurisdictionId, jurisdictionId)));
    return rows.map((r) => ({ ...present(r), uploadedBy: r.uploadedBy }));
  }

  /**
   * The file itself, for a module that has decided on access by its own rule (photos the office marked for
   * publication are served to anyone); the jurisdiction must match.
   */
  async function read(jurisdictionId: string, id: string) {
    const [r] = await db
      .select()
      .from(attachments)
      .where(and(eq(attachments.id, id), eq(attachments.jurisdictionId, jurisdictionId)));
    if (!r) throw notFound();
    return { meta: present(r), data: await fs.readFile(pathOf(r.sha256)) };
  }

  /**
   * Evidence for an item's record (a close request): each id is either a file already on this item (reused, e.g.
   * the photo of an earlier report) or the caller's own upload not yet bound to anything (bound now). A file of
   * another item is refused, named by its place in the list, so one photo never proves two tasks done. Returns
   * how many distinct files the record carries.
   */
  async function claimEvidence(tx: Tx, actor: Actor, ids: string[], itemId: string): Promise<number> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return 0;
    const rows = await tx
      .select({ id: attachments.id, itemId: attachments.itemId, uploadedBy: attachments.uploadedBy })
      .from(attachments)
      .where(and(inArray(attachments.id, unique), eq(attachments.jurisdictionId, actor.jurisdictionId)));
    const byId = new Map(rows.map((r) => [r.id, r]));
    const problems: FieldProblem[] = [];
    ids.forEach((id, i) => {
      const r = byId.get(id);
      if (r?.itemId && r.itemId !== itemId)
        problems.push({ field: `body.attachmentIds.${i}`, code: 'evidence_other_item' });
      else if (!r || (!r.itemId && r.uploadedBy !== actor.personId))
        problems.push({ field: `body.attachmentIds.${i}`, code: 'unknown_reference' });
    });
    if (problems.length) throw new AppError('validation', {}, problems);
    const fresh = rows.filter((r) => !r.itemId).map((r) => r.id);
    if (fresh.length) {
      // Bound by someone else since the read above: the same refusal as reading it bound.
      const bound = await tx
        .update(attachments)
        .set({ itemId })
        .where(and(inArray(attachments.id, fresh), isNull(attachments.itemId)))
        .returning({ id: attachments.id });
      if (bound.length !== fresh.length)
        throw new AppError('validation', {}, [{ field: 'body.attachmentIds', code: 'evidence_other_item' }]);
    }
    return unique.length;
  }

  return { upload, bind, claimEvidence, listForItem, open, metaOf, read };
}
