import crypto from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../deps';
import { AppError } from '../../http/errors';
import { latestBackupTime } from '../backup/backup.service';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * The operator's: with LUOSHI_METRICS_TOKEN as a Bearer token, or from this machine itself. A request a proxy on
 * this machine forwards (it carries forwarding headers) comes from elsewhere, so it needs the token; a user's
 * session is never enough.
 */
function allowed(req: FastifyRequest, token: string): boolean {
  const authz = req.headers.authorization;
  if (authz !== undefined) {
    if (!token || !authz.startsWith('Bearer ')) return false;
    const given = crypto.createHash('sha256').update(authz.slice(7).trim()).digest();
    return crypto.timingSafeEqual(given, crypto.createHash('sha256').update(token).digest());
  }
  const forwarded = ['x-forwarded-for', 'forwarded', 'x-real-ip'].some((h) => req.headers[h] !== undefined);
  return !forwarded && LOOPBACK.test(req.socket.remoteAddress ?? '');
}

export function registerMetricsRoutes(app: FastifyInstance, deps: AppDeps) {
  // The newest backup is looked up at most once a minute (scrapes come every few seconds).
  let backupSeen: { at: number; value: Date | null } = { at: 0, value: null };
  app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    if (!allowed(req, deps.config.metricsToken)) throw new AppError('forbidden');
    if (Date.now() - backupSeen.at > 60_000)
      backupSeen = { at: Date.now(), value: await latestBackupTime(deps.config.backup.dir) };
    const text = deps.metrics.render({
      pool: deps.database.pool,
      poolMax: deps.database.pool.options.max ?? 0,
      lastBackup: backupSeen.value,
    });
    return reply.type('text/plain; version=0.0.4; charset=utf-8').header('cache-control', 'no-store').send(text);
  });
}
