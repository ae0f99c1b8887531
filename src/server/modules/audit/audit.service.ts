import { and, asc, desc, eq, gte, ilike, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { auditEvents } from './audit.schema';
import { chainHash, firstBrokenLink, GENESIS_HASH, type ChainedFields } from './audit.chain';

export interface AuditInput {
  jurisdictionId?: string | null;
  personId?: string | null;
  username?: string | null;
  unitId?: string | null;
  roles?: string[] | null;
  ip?: string | null;
  action: string;
  objectType?: string | null;
  objectId?: string | null;
  result: 'success' | 'failure' | 'denied';
  requestId?: string | null;
  /** For data changes: `{ before, after }`; for failures: the reason. */
  detail?: unknown;
}

export interface AuditFilter {
  jurisdictionId: string;
  from?: Date;
  to?: Date;
  action?: string;
  result?: string;
  q?: string;
  page: number;
  pageSize: number;
}

const CHAIN_LOCK = 7351002;

export type AuditService = ReturnType<typeof createAuditService>;

export function createAuditService(deps: { db: Db }) {
  /**
   * Appends one event. Inside a caller's transaction the event commits or rolls back with the change it
   * describes; the advisory lock serialises writers so the chain has one order.
   */
  async function record(input: AuditInput, tx?: Tx): Promise<void> {
    const run = async (t: Tx) => {
      await t.execute(sql`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`);
      const last = await t.select({ hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1);
      const prevHash = last[0]?.hash ?? GENESIS_HASH;
      const fields: ChainedFields = {
        at: new Date().toISOString(),
        jurisdictionId: input.jurisdictionId ?? null,
        personId: input.personId ?? null,
        username: input.username ?? null,
        unitId: input.unitId ?? null,
        roles: input.roles?.join(',') ?? null,
        ip: input.ip ?? null,
        action: input.action,
        objectType: input.objectType ?? null,
        objectId: input.objectId ?? null,
        result: input.result,
        requestId: input.requestId ?? null,
        detail: input.detail === undefined ? null : JSON.parse(JSON.stringify(input.detail)),
      };
      await t.insert(auditEvents).values({ ...fields, at: new Date(fields.at), prevHash, hash: chainHash(prevHash, fields) });
    };
    if (tx) await run(tx);
    else await deps.db.transaction(run);
  }

  function where(f: AuditFilter): SQL | undefined {
    const conds: SQL[] = [eq(auditEvents.jurisdictionId, f.jurisdictionId)];
    if (f.from) conds.push(gte(auditEvents.at, f.from));
    if (f.to) conds.push(lte(auditEvents.at, f.to));
    if (f.action) conds.push(eq(auditEvents.action, f.action));
    if (f.result) conds.push(eq(auditEvents.result, f.result));
    if (f.q) {
      const like = `%${f.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
      conds.push(or(ilike(auditEvents.username, like), ilike(auditEvents.objectId, like), ilike(auditEvents.ip, like))!);
    }
    return and(...conds);
  }

  async function list(f: AuditFilter) {
    const w = where(f);
    const [rows, total] = await Promise.all([
      deps.db.select().from(auditEvents).where(w).orderBy(desc(auditEvents.seq)).limit(f.pageSize).offset((f.page - 1) * f.pageSize),
      deps.db.select({ n: sql<number>`count(*)::int` }).from(auditEvents).where(w),
    ]);
    return { items: rows, total: total[0]?.n ?? 0 };
  }

  /** Walks the whole chain in order, in batches; returns the first broken row, if any. */
  async function verify(): Promise<{ ok: boolean; checked: number; brokenAtSeq?: number }> {
    let prev = GENESIS_HASH;
    let lastSeq = 0;
    let checked = 0;
    for (;;) {
      const batch = await deps.db.select().from(auditEvents).where(sql`${auditEvents.seq} > ${lastSeq}`).orderBy(asc(auditEvents.seq)).limit(5000);
      if (batch.length === 0) return { ok: true, checked };
      const rows = batch.map((r) => ({
        at: r.at.toISOString(),
        jurisdictionId: r.jurisdictionId,
        personId: r.personId,
        username: r.username,
        unitId: r.unitId,
        roles: r.roles,
        ip: r.ip,
        action: r.action,
        objectType: r.objectType,
        objectId: r.objectId,
        result: r.result,
        requestId: r.requestId,
        detail: r.detail,
        prevHash: r.prevHash,
        hash: r.hash,
      }));
      const broken = firstBrokenLink(rows, prev);
      if (broken >= 0) return { ok: false, checked: checked + broken, brokenAtSeq: batch[broken]!.seq };
      checked += batch.length;
      prev = batch[batch.length - 1]!.hash;
      lastSeq = batch[batch.length - 1]!.seq;
    }
  }

  return { record, list, verify, where };
}
