import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Sends a file as a download: `filename` a plain ASCII stand-in (`export.xlsx`) for old clients, `filename*` the
 * real name UTF-8 encoded for Chinese names (RFC 6266); `headers` adds the file's own (its sha256, no-store …).
 */
export function sendDownload(
  reply: FastifyReply,
  body: Buffer | Readable,
  file: { type: string; standIn: string; fileName: string },
  headers: Record<string, string> = {},
) {
  return reply
    .headers(headers)
    .header('Content-Type', file.type)
    .header(
      'Content-Disposition',
      `attachment; filename="${file.standIn}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    )
    .send(body);
}
