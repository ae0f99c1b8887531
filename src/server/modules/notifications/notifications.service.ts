import { and, asc, desc, eq, inArray, isNull, lte, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import type { Actor } from '../../http/access';
import { AppError, notFound } from '../../http/errors';
import type { AuditService } from '../audit/audit.service';
import { notifications, webhookDeliveries, webhooks } from './notifications.schema';
import { checkWebhookTarget, type Lookup } from './webhook-target';
import {
  absoluteLink,
  accepted,
  BACKOFF_SECONDS,
  buildRequest,
  describeFailure,
  type OutboundMessage,
  type WebhookFormat,
} from './webhook-format';

export interface NewNotification {
  jurisdictionId: string;
  /** Ids, or a query of them (one column `id`) with one person left out (the one acting). */
  recipients: string[] | { query: SQL; except?: string | null };
  kind: string;
  itemId?: string | null;
  title: string;
  body: string;
  link?: string | null;
  /** Identifies the event: the same key twice sends nothing the second time. */
  dedupeKey: string;
  /** For the recipients only (a change to their own account): never pushed to the group webhooks. */
  personal?: boolean;
}

export type NotificationService = ReturnType<typeof createNotificationService>;

export function createNotificationService(deps: {
  db: Db;
  audit: AuditService;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Hosts a webhook may reach although they are on loopback or private addresses (LUOSHI_WEBHOOK_ALLOW). */
  webhookAllow?: readonly string[];
  lookup?: Lookup;
  /** The address people use (LUOSHI_PUBLIC_URL): a message's link is made absolute on it for the group robots. */
  publicUrl?: string | null;
}) {
  const { db } = deps;
  const doFetch = deps.fetch ?? fetch;
  const allow = deps.webhookAllow ?? [];

  /** Refuses a target on loopback, private or link-local addresses, as the administrator types it. */
  async function assertTarget(url: string) {
    const problem = await checkWebhookTarget(url, allow, deps.lookup);
    if (problem)
      throw new AppError('validation', {}, [
        { field: 'body.url', code: problem.code, params: { address: problem.address } },
      ]);
  }

  /**
   * Records the notification for each recipient and queues it for the jurisdiction's webhooks, in one statement.
   * Idempotent. The recipients are ids, or a query of them (`id`) run inside the same statement, less one person
   * (the one acting is not told of his own step).
   */
  async function notify(tx: Tx, n: NewNotification): Promise<number> {
    const { rows } = await tx.execute<{ n: number }>(sql`WITH ${noticeCtes(n)}
      SELECT count(*)::int AS n FROM notice_n`);
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * `notify`'s writes as CTEs of the caller's own statement (notice_r, notice_n — the notifications written —
   * and notice_w), so a change and its notice are one statement and one round trip (issue 16).
   */
  function noticeCtes(n: NewNotification): SQL {
    const who = Array.isArray(n.recipients)
      ? sql`SELECT DISTINCT unnest(${sql.param([...new Set(n.recipients)])}::uuid[]) AS id`
      : sql`SELECT DISTINCT q.id FROM (${n.recipients.query}) AS q WHERE q.id IS DISTINCT FROM ${n.recipients.except ?? null}::uuid`;
    const message: Omit<OutboundMessage, 'id'> = {
      kind: n.kind,
      title: n.title,
      body: n.body,
      link: n.link ?? null,
      createdAt: new Date().toISOString(),
    };
    const hooks = n.personal
      ? sql``
      : sql`, notice_w AS (INSERT INTO webhook_deliveries (webhook_id, dedupe_key, payload)
          SELECT h.id, ${n.dedupeKey}, ${JSON.stringify(message)}::jsonb FROM webhooks h
           WHERE h.jurisdiction_id = ${n.jurisdictionId}::uuid AND h.active
             AND (cardinality(h.kinds) = 0 OR ${n.kind} = ANY(h.kinds))
          ON CONFLICT DO NOTHING)`;
    return sql`notice_r AS (${who}),
      notice_n AS (INSERT INTO notifications (jurisdiction_id, person_id, kind, item_id, title, body, link, dedupe_key)
        SELECT ${n.jurisdictionId}::uuid, notice_r.id, ${n.kind}, ${n.itemId ?? null}::uuid, ${n.title}, ${n.body},
               ${n.link ?? null}, ${n.dedupeKey}
          FROM notice_r
        ON CONFLICT DO NOTHING RETURNING 1)${hooks}`;
  }

  async function listMine(actor: Actor, q: { unread: boolean; page: number; pageSize: number }) {
    const where = and(eq(notifications.personId, actor.personId), q.unread ? isNull(notifications.readAt) : undefined);
    const [rows, [total], [unread]] = await Promise.all([
      db
        .select()
        .from(notifications)
        .where(where)
        .orderBy(desc(notifications.createdAt))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize),
      db.select({ n: sql<number>`count(*)::int` }).from(notifications).where(where),
      db
        .select({ n: sql<number>`count(*)::int` })
        .from(notifications)
        .where(and(eq(notifications.personId, actor.personId), isNull(notifications.readAt))),
    ]);
    return {
      items: rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        itemId: r.itemId,
        title: r.title,
        body: r.body,
        link: r.link,
        createdAt: r.createdAt.toISOString(),
        readAt: r.readAt?.toISOString() ?? null,
      })),
      total: total?.n ?? 0,
      unread: unread?.n ?? 0,
    };
  }

  async function markRead(actor: Actor, ids: string[] | 'all') {
    const cond =
      ids === 'all'
        ? undefined
        : inArray(notifications.id, ids.length ? ids : ['00000000-0000-0000-0000-000000000000']);
    await db
      .update(notifications)
      .set({ readAt: new Date() })
      .where(and(eq(notifications.personId, actor.personId), isNull(notifications.readAt), cond));
  }

  // ---------- webhooks ----------
  function presentHook(h: typeof webhooks.$inferSelect) {
    return {
      id: h.id,
      name: h.name,
      format: h.format as WebhookFormat,
      url: h.url.replace(/(access_token|key)=[^&]+/, '$1=***'),
      hasSecret: !!h.secret,
      kinds: h.kinds,
      active: h.active,
      version: h.version,
      createdAt: h.createdAt.toISOString(),
    };
  }

  async function listHooks(actor: Actor) {
    return (
      await db
        .select()
        .from(webhooks)
        .where(eq(webhooks.jurisdictionId, actor.jurisdictionId))
        .orderBy(asc(webhooks.createdAt))
    ).map(presentHook);
  }

  async function createHook(
    actor: Actor,
    input: { name: string; format: WebhookFormat; url: string; secret?: string | null; kinds: string[] },
    meta: { ip?: string; requestId?: string },
  ) {
    await assertTarget(input.url);
    const [h] = await db
      .insert(webhooks)
      .values({ jurisdictionId: actor.jurisdictionId, ...input, secret: input.secret ?? null })
      .returning();
    await deps.audit.record({
      jurisdictionId: actor.jurisdictionId,
      personId: actor.personId,
      username: actor.username,
      unitId: actor.unitId,
      roles: actor.roles,
      ...meta,
      action: 'webhook.create',
      objectType: 'webhook',
      objectId: h!.id,
      result: 'success',
      detail: { after: { ...input, secret: input.secret ? '***' : null } },
    });
    return presentHook(h!);
  }

  async function updateHook(
    actor: Actor,
    id: string,
    version: number,
    patch: { name?: string; url?: string; secret?: string | null; kinds?: string[]; active?: boolean },
    meta: { ip?: string; requestId?: string },
  ) {
    if (patch.url) await assertTarget(patch.url);
    const r = await db
      .update(webhooks)
      .set({ ...patch, version: sql`${webhooks.version} + 1` })
      .where(and(eq(webhooks.id, id), eq(webhooks.jurisdictionId, actor.jurisdictionId), eq(webhooks.version, version)))
      .returning();
    if (!r[0]) {
      const [cur] = await db
        .select()
        .from(webhooks)
        .where(and(eq(webhooks.id, id), eq(webhooks.jurisdictionId, actor.jurisdictionId)));
      if (!cur) throw notFound();
      throw new AppError('version_conflict', { current: cur.version }, [], { currentVersion: cur.version });
    }
    await deps.audit.record({
      jurisdictionId: actor.jurisdictionId,
      personId: actor.personId,
      username: actor.username,
      unitId: actor.unitId,
      roles: actor.roles,
      ...meta,
      action: 'webhook.update',
      objectType: 'webhook',
      objectId: id,
      result: 'success',
      detail: { after: { ...patch, secret: patch.secret ? '***' : patch.secret } },
    });
    return presentHook(r[0]);
  }

  /**
   * The delivery log. The system administrator runs the webhooks but does not read business content through
   * them: status, times and size only. What was sent (the title) is shown to the supervision office.
   */
  async function deliveries(actor: Actor, hookId: string) {
    const [h] = await db
      .select()
      .from(webhooks)
      .where(and(eq(webhooks.id, hookId), eq(webhooks.jurisdictionId, actor.jurisdictionId)));
    if (!h) throw notFound();
    const rows = await db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.webhookId, hookId))
      .orderBy(desc(webhookDeliveries.createdAt))
      .limit(200);
    const readsContent = actor.roles.includes('supervision_office');
    return rows.map((d) => ({
      id: d.id,
      status: d.status as 'pending' | 'sent' | 'failed',
      attempts: d.attempts,
      lastError: d.lastError,
      lastStatus: d.lastStatus,
      nextAttemptAt: d.nextAttemptAt.toISOString(),
      createdAt: d.createdAt.toISOString(),
      deliveredAt: d.deliveredAt?.toISOString() ?? null,
      size: Buffer.byteLength(JSON.stringify(d.payload)),
      title: readsContent ? (d.payload as OutboundMessage).title : null,
    }));
  }

  async function retry(actor: Actor, deliveryId: string) {
    const [d] = await db
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
      .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhooks.jurisdictionId, actor.jurisdictionId)));
    if (!d) throw notFound();
    await db
      .update(webhookDeliveries)
      .set({ status: 'pending', nextAttemptAt: new Date() })
      .where(eq(webhookDeliveries.id, deliveryId));
  }

  async function sendTest(actor: Actor, hookId: string) {
    const [h] = await db
      .select()
      .from(webhooks)
      .where(and(eq(webhooks.id, hookId), eq(webhooks.jurisdictionId, actor.jurisdictionId)));
    if (!h) throw notFound();
    await db.transaction((tx) =>
      tx.insert(webhookDeliveries).values({
        webhookId: h.id,
        dedupeKey: `test:${Date.now()}`,
        payload: {
          kind: 'test',
          title: '落实平台测试消息',
          body: `这是一条来自 ${actor.displayName} 的测试消息。`,
          link: null,
          createdAt: new Date().toISOString(),
        },
      }),
    );
    return deliverDue();
  }

  /**
   * Sends what is due. Rows are first leased (next attempt pushed 5 minutes ahead) in a short transaction with
   * SKIP LOCKED, so several instances share the work without sending anything twice and no lock is held while
   * waiting on the network; a failure is retried on the backoff schedule, and after the last try marked failed.
   */
  async function deliverDue(limit = 50): Promise<{ sent: number; failed: number; retrying: number }> {
    const result = { sent: 0, failed: 0, retrying: 0 };
    const leased = await db.transaction(async (tx) => {
      // Due by the database's clock, as the rows' times were written: a row made this very millisecond is due
      // (node's Date has whole milliseconds, PostgreSQL's now() microseconds, and the test message is sent at once).
      const due = await tx
        .select({ id: webhookDeliveries.id })
        .from(webhookDeliveries)
        .where(and(eq(webhookDeliveries.status, 'pending'), lte(webhookDeliveries.nextAttemptAt, sql`now()`)))
        .orderBy(asc(webhookDeliveries.nextAttemptAt))
        .limit(limit)
        .for('update', { skipLocked: true });
      if (due.length === 0) return [];
      await tx
        .update(webhookDeliveries)
        .set({ nextAttemptAt: new Date(Date.now() + 5 * 60_000) })
        .where(
          inArray(
            webhookDeliveries.id,
            due.map((d) => d.id),
          ),
        );
      return tx
        .select({ d: webhookDeliveries, h: webhooks })
        .from(webhookDeliveries)
        .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
        .where(
          inArray(
            webhookDeliveries.id,
            due.map((d) => d.id),
          ),
        );
    });
    for (const { d, h } of leased) {
      const payload = d.payload as Omit<OutboundMessage, 'id'>;
      const msg = { ...payload, link: absoluteLink(payload.link, deps.publicUrl ?? null), id: d.id };
      const req = buildRequest(h.format as WebhookFormat, h.url, h.secret, msg);
      let status = 0;
      let error: string | null = null;
      try {
        // Checked again at every delivery: a name can be pointed at another address after it was configured.
        const refused = await checkWebhookTarget(req.url, allow, deps.lookup);
        if (refused) throw new Error(`目标地址不允许 / target refused: ${refused.address}`);
        // A redirect is not followed: it could lead to an address the check above would refuse.
        const res = await doFetch(req.url, {
          method: 'POST',
          headers: req.headers,
          body: req.body,
          redirect: 'manual',
          signal: AbortSignal.timeout(deps.timeoutMs ?? 10_000),
        });
        status = res.status;
        const text = await res.text();
        if (status >= 300 && status < 400) error = `HTTP ${status}: 不跟随重定向 / redirect not followed`;
        else if (!accepted(h.format as WebhookFormat, res.status, text))
          error = `HTTP ${res.status}: ${text.slice(0, 300)}`;
      } catch (e) {
        error = describeFailure(e);
      }
      const attempts = d.attempts + 1;
      if (!error) {
        await db
          .update(webhookDeliveries)
          .set({ status: 'sent', attempts, lastStatus: status, lastError: null, deliveredAt: new Date() })
          .where(eq(webhookDeliveries.id, d.id));
        result.sent++;
      } else if (attempts > BACKOFF_SECONDS.length) {
        await db
          .update(webhookDeliveries)
          .set({ status: 'failed', attempts, lastStatus: status || null, lastError: error })
          .where(eq(webhookDeliveries.id, d.id));
        result.failed++;
      } else {
        const next = new Date(Date.now() + BACKOFF_SECONDS[attempts - 1]! * 1000);
        await db
          .update(webhookDeliveries)
          .set({ attempts, lastStatus: status || null, lastError: error, nextAttemptAt: next })
          .where(eq(webhookDeliveries.id, d.id));
        result.retrying++;
      }
    }
    return result;
  }

  return {
    notify,
    noticeCtes,
    listMine,
    markRead,
    listHooks,
    createHook,
    updateHook,
    deliveries,
    retry,
    sendTest,
    deliverDue,
  };
}
