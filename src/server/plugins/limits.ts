import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type { Config } from '../config';
import type { Access } from '../http/access';

/**
 * Request limits. Thirty clerks behind one NAT address (or everyone behind a proxy without LUOSHI_TRUST_PROXY) share
 * one address, so a signed-in caller's API requests count against the person (LUOSHI_RATE_LIMIT_PER_MINUTE), not
 * the address. Per address stay only the endpoints one reaches without signing in: sign-in (its own limit), the
 * public livelihood list (its own limit) and the rest of the public routes (LUOSHI_ADDRESS_RATE_LIMIT_PER_MINUTE).
 * Only API routes are counted: the web app's files and the health checks are not (they cost a file read).
 *
 * Registered before the routes; its check runs after the sign-in hook (route hooks follow the app's), so the
 * person is known when the key is chosen.
 */
export async function registerLimits(app: FastifyInstance, config: Config) {
  const perAddress = (req: FastifyRequest) => {
    const access = req.routeOptions.config?.access as Access | undefined;
    return !req.actor || (access !== undefined && 'public' in access);
  };
  await app.register(rateLimit, {
    global: true,
    timeWindow: '1 minute',
    max: (req) => (perAddress(req) ? config.addressRateLimitPerMinute : config.rateLimitPerMinute),
    keyGenerator: (req) => (perAddress(req) ? `address:${req.ip ?? 'unknown'}` : `person:${req.actor!.personId}`),
    allowList: (req) => !req.routeOptions.config?.access,
    errorResponseBuilder: () => Object.assign(new Error('rate limited'), { statusCode: 429 }),
  });
}

const YEAR_SECONDS = 365 * 24 * 3600;

/**
 * Cache headers of the built web app. Vite names every file under assets/ by its content's hash, so a browser may
 * keep it a year without asking again; index.html (also the answer to every page path) names the current
 * assets and must be revalidated each time (its ETag makes that a 304), or a new release would not reach anyone.
 */
export function webCacheHeaders(root: string) {
  const assets = path.join(root, 'assets') + path.sep;
  return (reply: FastifyReply, file: string) => {
    reply.header('cache-control', file.startsWith(assets) ? `public, max-age=${YEAR_SECONDS}, immutable` : 'no-cache');
  };
}
