import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './errors';
import type { Actor } from './access';

/** The version a write read, from `If-Match: "7"` (or W/"7"); writes without it are refused (428). */
export function ifMatch(req: FastifyRequest): number {
  const raw = req.headers['if-match'];
  if (!raw) throw new AppError('precondition_required');
  const m = /^(?:W\/)?"?(\d+)"?$/.exec(String(raw).trim());
  if (!m) throw new AppError('validation', {}, [{ field: 'header.if-match', code: 'invalid_format' }]);
  return Number(m[1]);
}

export function withEtag<T extends { version: number }>(reply: FastifyReply, body: T): T {
  reply.header('ETag', `"${body.version}"`);
  return body;
}

export function meta(req: FastifyRequest) {
  return { ip: req.ip, requestId: req.id, userAgent: req.headers['user-agent'] };
}

/** The signed-in caller; routes reach here only after the auth gate, so absence is a programming error. */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('unauthenticated');
  return req.actor;
}
