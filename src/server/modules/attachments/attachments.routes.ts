import { z } from 'zod';
import { readUpload } from '../../files/upload';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps';
import { actorOf } from '../../http/request';
import { sendDownload } from '../../http/download';
import type { Role } from '../../../shared/roles';

const LEDGER_ROLES: Role[] = ['principal', 'leader', 'supervision_office', 'unit_admin', 'unit_clerk'];
const AttachmentOut = z.object({
  id: z.uuid(),
  fileName: z.string(),
  mediaType: z.string(),
  size: z.number(),
  sha256: z.string(),
  uploadedAt: z.string(),
  itemId: z.string().nullable(),
});

export function registerAttachmentRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/api/v1/attachments', {
    config: { access: { roles: LEDGER_ROLES } },
    schema: {
      tags: ['attachments'],
      summary: '上传佐证材料（PDF/JPG/PNG/DOCX/XLSX，≤20MB，按内容识别类型）/ upload evidence',
      consumes: ['multipart/form-data'],
      response: { 201: AttachmentOut },
    },
    handler: async (req, reply) => {
      const file = await readUpload(req, { maxBytes: 20 * 1024 * 1024 + 1 });
      return reply.code(201).send(await deps.attachments.upload(actorOf(req), file.filename, file.buf));
    },
  });

  r.get('/api/v1/attachments/:id', {
    config: { access: { roles: LEDGER_ROLES } },
    schema: { tags: ['attachments'], summary: '下载佐证材料 / download', params: z.object({ id: z.uuid() }) },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      const { meta, data } = await deps.attachments.open(actor, req.params.id, async (itemId) => {
        try {
          await deps.supervision.rawItem(deps.database.db, actor, itemId);
          return true;
        } catch {
          return false;
        }
      });
      return sendDownload(
        reply,
        data,
        { type: meta.mediaType, standIn: 'file', fileName: meta.fileName },
        { 'X-Content-Type-Options': 'nosniff' },
      );
    },
  });
}
