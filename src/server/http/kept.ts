import type { FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from './request';

/**
 * Views kept for a few seconds (the cockpit, project rates, the map, a round's summary): each is a dozen reads
 * that a meeting room, a leader's phone and the office ask for again and again. A kept view is dropped by any
 * write this instance answers (wired to the API's write signal), so a user never reads past his or her own
 * change; another instance's writes show when the view expires. Concurrent misses share one computation, and a
 * computation that fails, or that a write overtook, is not kept.
 */
export interface Kept {
  get<T>(key: string, compute: () => Promise<T>): Promise<T>;
  forget(): void;
}

export function createKept(seconds: number, max = 2000): Kept {
  const keepMs = seconds * 1000;
  const kept = new Map<string, { until: number; value: Promise<unknown> }>();
  let generation = 0;
  return {
    get<T>(key: string, compute: () => Promise<T>): Promise<T> {
      if (keepMs <= 0) return compute();
      const now = Date.now();
      const hit = kept.get(key);
      if (hit && hit.until > now) return hit.value as Promise<T>;
      const gen = generation;
      const value = compute();
      kept.set(key, { until: now + keepMs, value });
      if (kept.size > max) kept.delete(kept.keys().next().value!);
      const drop = () => {
        if (kept.get(key)?.value === value) kept.delete(key);
      };
      value.then(() => {
        if (gen !== generation) drop();
      }, drop);
      return value;
    },
    forget() {
      generation++;
      kept.clear();
    },
  };
}

/** The key of a view for its caller: what the person sees depends on who asks, what was asked, in which language, on which day. */
export function viewKey(req: FastifyRequest, today: string): string {
  return `${actorOf(req).personId}|${req.url}|${req.headers['accept-language'] ?? ''}|${today}`;
}

/**
 * A kept view as its JSON text, checked against the route's response schema once, when built: a large view (the
 * map's 2,000 points) is then not validated and serialised again for every request. Send it with `sendJson`.
 */
export function keptJson<T>(
  views: Kept,
  key: string,
  schema: { parse(value: unknown): T },
  compute: () => Promise<T>,
): Promise<string> {
  return views.get(`json|${key}`, async () => JSON.stringify(schema.parse(await compute())));
}

/** Sends JSON text as it is (Fastify serialises only objects; the text was checked when it was built). */
export function sendJson(reply: FastifyReply, text: string) {
  return reply.type('application/json; charset=utf-8').send(text as never);
}
