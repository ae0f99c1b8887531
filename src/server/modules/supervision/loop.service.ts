import { sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import type { Actor } from '../../http/access';
import { AppError, notFound } from '../../http/errors';
import type { AuditService } from '../audit/audit.service';
import type { OrgService, RequestMeta } from '../org/org.service';
import type { AttachmentService } from '../attachments/attachments.service';
import type { CloseRequestRow, SupervisionService } from './supervision.service';
import type { SupervisionAction } from '../../../shared/domain/supervision-flow';
import type { ItemOut } from '../../../shared/supervision';

/** An item of a ledger as the loop answers it: the core's item, the ledger's fields, the pending close request. */
export type LedgerItem = ItemOut & { closeRequest: unknown };

/** The body of a step of the flow (a reason; a close request's summary and evidence). */
export interface StepBody {
  reason?: string | null;
  attachmentIds?: string[];
  summary?: string | null;
}

export interface ReportInput {
  period?: string;
  progress: number;
  text: string;
  problems?: string | null;
  nextSteps?: string | null;
  attachmentIds?: string[];
}

/** What a ledger tells the loop about itself: its kind, its audit name and how it reads one of its items. */
export interface LedgerSpec<Out> {
  /** The supervised items' kind ('task', 'finding'). */
  kind: string;
  /** The audit events' prefix and object type ('task' → task.accept). */
  auditAs: string;
  /**
   * The table holding the ledger's own columns and its 序号 (serial), and the advisory lock numbering it (none: the
   * ledger numbers its items its own way, a demand by its tracking code).
   */
  /** The ledger's own table, numbered by 序号 per jurisdiction (ledger_serials). */
  serials?: { table: string };
  /**
   * Reads of the timeline, reports, extensions and evidence reach any item the caller sees (the task ledger's
   * routes have always served every kind's timeline), or only this ledger's (404 for another's).
   */
  readsAnyKind?: boolean;
  get(actor: Actor, id: string, tx?: Tx): Promise<Out>;
  /** A ledger's own precondition of a step (a task is issued only when 五明确 is complete). */
  beforeStep?(tx: Tx, actor: Actor, id: string, action: SupervisionAction): Promise<void>;
}

export interface LoopDeps {
  db: Db;
  audit: AuditService;
  org: OrgService;
  supervision: SupervisionService;
  attachments: AttachmentService;
}

export type LedgerLoop<Out = LedgerItem> = ReturnType<typeof createLedgerLoop<Out>>;

/**
 * The loop every ledger of supervised items shares (one flow, one light, one set of reminders): the steps of the
 * flow (签收, 退回, 申请办结/销号 with evidence, 办结/销号, 驳回, 撤销, 催办), progress reports (with an
 * Idempotency-Key) and their review, 延期 requests and decisions, 调整时限, the timeline, reports and evidence —
 * each checked to be an item of the ledger, audited under the ledger's name, in one transaction. A ledger adds
 * only its own fields (its `get`) and preconditions (`beforeStep`).
 */
export function createLedgerLoop<Out>(deps: LoopDeps, spec: LedgerSpec<Out>) {
  const { db, supervision } = deps;

  /** An audit event of the ledger's (several of one change go to `deps.audit.record` together: one statement). */
  const auditEvent = (actor: Actor, meta: RequestMeta, action: string, id: string, detail?: unknown) => ({
    ...deps.org.auditAs(actor, meta),
    action: `${spec.auditAs}.${action}`,
    objectType: spec.auditAs,
    objectId: id,
    result: 'success' as const,
    detail,
  });
  const audit = (actor: Actor, meta: RequestMeta, action: string, id: string, detail?: unknown, tx?: Tx) =>
    deps.audit.record(auditEvent(actor, meta, action, id, detail), tx);

  /** The item, if it is one of this ledger's the caller sees (404 otherwise: another ledger's item is not reached). */
  async function ensure(tx: Tx, actor: Actor, id: string) {
    const item = await supervision.rawItem(tx, actor, id);
    if (item.kind !== spec.kind) throw notFound();
    return item;
  }

  /** Before a read: the item is seen by the caller (and, unless the ledger reads any kind, one of its own). */
  async function ensureRead(actor: Actor, id: string) {
    if (spec.readsAnyKind) await supervision.rawItem(db, actor, id);
    else await ensure(db, actor, id);
  }

  /**
   * The pending close request of each item waiting for a decision, with its evidence's names: what the office
   * reads to approve or send back, on the item's page and in its to-do (one query for the page's requests).
   */
  async function withCloseRequests<T extends LedgerItem>(
    actor: Actor,
    items: T[],
    tx: Tx = db,
    known?: Map<string, CloseRequestRow | null>,
  ): Promise<T[]> {
    const asked = items.filter((i) => i.state === 'close_requested');
    if (asked.length === 0) return items;
    const requests = await supervision.closeRequestsOf(
      asked.map((i) => i.id),
      tx,
      known,
    );
    const files = new Map(
      (
        await deps.attachments.metaOf(actor.jurisdictionId, [
          ...new Set([...requests.values()].flatMap((r) => r.attachmentIds)),
        ])
      ).map((f) => [f.id, f]),
    );
    for (const i of asked) {
      const r = requests.get(i.id);
      if (!r) continue;
      const { attachmentIds, ...rest } = r;
      const attachments = attachmentIds.flatMap((id) => {
        const f = files.get(id);
        return f && f.itemId === i.id ? [{ id: f.id, fileName: f.fileName, mediaType: f.mediaType, size: f.size }] : [];
      });
      i.closeRequest = { ...rest, attachments };
    }
    return items;
  }

  /**
   * Takes the ledger's next `count` 序号 in the jurisdiction (ledger_serials: gapless, rolled back with the
   * transaction; the counter's row lock is held to the commit, so take them late), as a statement whose one row's
   * `last` is the last of them: a CTE of the statement that writes the items, or a statement of its own (nextSerial).
   */
  function takeSerials(jurisdictionId: string, count = 1): SQL {
    if (!spec.serials) throw new Error(`the ${spec.kind} ledger has no 序号`);
    return sql`INSERT INTO ledger_serials AS s (jurisdiction_id, ledger, last)
      VALUES (${jurisdictionId}::uuid, ${spec.serials.table}, ${count}::int)
      ON CONFLICT (jurisdiction_id, ledger) DO UPDATE SET last = s.last + ${count}::int RETURNING s.last`;
  }

  /** The first of the ledger's next `count` 序号 in the jurisdiction (takeSerials), taken last in the transaction. */
  async function nextSerial(tx: Tx, jurisdictionId: string, count = 1): Promise<number> {
    const { rows } = await tx.execute<{ last: number }>(takeSerials(jurisdictionId, count));
    return Number(rows[0]!.last) - count + 1;
  }

  /** One step of the flow, with the ledger's own preconditions; closing asks for evidence. */
  async function step(
    actor: Actor,
    id: string,
    version: number,
    action: SupervisionAction,
    body: StepBody,
    meta: RequestMeta,
  ) {
    await db.transaction(async (tx) => {
      await ensure(tx, actor, id);
      await spec.beforeStep?.(tx, actor, id, action);
      // Evidence already on the item (an earlier report's photo) may be chosen again; new files are bound now.
      const evidenceCount =
        action === 'requestClose' ? await deps.attachments.claimEvidence(tx, actor, body.attachmentIds ?? [], id) : 0;
      await supervision.act(tx, actor, id, version, action, {
        reason: body.reason ?? null,
        evidenceCount,
        data:
          action === 'requestClose'
            ? { summary: body.summary ?? null, attachmentIds: body.attachmentIds ?? [] }
            : undefined,
      });
      await audit(actor, meta, action, id, body.reason ? { reason: body.reason } : undefined, tx);
    });
    return spec.get(actor, id);
  }

  /**
   * A progress report with its evidence. A request re-sent with the key of one already filed (the phone lost the
   * answer, not the request) is answered with that report; the same key on a different report is refused rather
   * than silently answered with the old one.
   */
  async function report(
    actor: Actor,
    id: string,
    version: number | null,
    input: ReportInput,
    meta: RequestMeta,
    idempotencyKey: string | null = null,
  ) {
    const replay = async () => {
      if (!idempotencyKey) return null;
      const prior = await supervision.reportByKey(actor, idempotencyKey);
      if (!prior) return null;
      if (prior.itemId !== id || prior.progress !== input.progress || prior.text !== input.text)
        throw new AppError('idempotency_key_reused');
      await spec.get(actor, id);
      return { ...prior, replayed: true };
    };
    const earlier = await replay();
    if (earlier) return earlier;
    try {
      return await db.transaction(async (tx) => {
        await deps.attachments.bind(tx, actor, input.attachmentIds ?? [], id);
        // The item is checked to be this ledger's by the report's own locked read of it (one statement, not two).
        // The report's insert writes the audit event (to audit_pending: no lock, the chainer chains it).
        const row = await supervision.report(tx, actor, id, version, { ...input, idempotencyKey }, spec.kind, {
          append: (r) => deps.audit.append(tx, auditEvent(actor, meta, 'report', id, r)),
        });
        return { ...row, replayed: false };
      });
    } catch (e) {
      // Two copies racing: the one that lost (a version conflict, the period's or the key's unique index) finds the
      // winner's report under its key.
      const winner = await replay();
      if (winner) return winner;
      throw e;
    }
  }

  /** One report's review (accept, or return with a comment), audited as the ledger's action. */
  async function reviewReport(
    actor: Actor,
    id: string,
    reportId: string,
    decision: 'accepted' | 'returned',
    comment: string | null,
    meta: RequestMeta,
  ) {
    await db.transaction(async (tx) => {
      await ensure(tx, actor, id);
      await supervision.reviewReport(tx, actor, id, reportId, decision, comment);
      await audit(
        actor,
        meta,
        decision === 'accepted' ? 'report_accept' : 'report_return',
        id,
        { reportId, comment },
        tx,
      );
    });
  }

  /** The parent's deadline, which a sub-item's new deadline may not pass. */
  async function parentDeadline(tx: Tx, actor: Actor, parentId: string | null) {
    return parentId ? ((await supervision.rawItem(tx, actor, parentId).catch(() => null))?.deadline ?? null) : null;
  }

  /**
   * 调整时限: the assigning side moves the deadline itself (a leader's decision), with a reason. Not later than
   * the parent's deadline, and not earlier than an open sub-item's.
   */
  async function replan(
    actor: Actor,
    id: string,
    version: number,
    input: { deadline: string; reason: string },
    meta: RequestMeta,
  ) {
    await db.transaction(async (tx) => {
      const item = await ensure(tx, actor, id);
      const children = await supervision.listItems(
        actor,
        {
          kind: spec.kind,
          parentId: id,
          states: ['draft', 'assigned', 'returned', 'accepted', 'in_progress', 'close_requested'],
          sort: 'deadline',
          page: 1,
          pageSize: 1000,
        },
        tx,
      );
      const latest = children.items.reduce<string | null>(
        (m, c) => (m === null || c.deadline > m ? c.deadline : m),
        null,
      );
      if (latest && input.deadline < latest)
        throw new AppError('validation', {}, [
          { field: 'body.deadline', code: 'before_children', params: { child: latest } },
        ]);
      await supervision.replan(tx, actor, id, version, input, await parentDeadline(tx, actor, item.parentId));
      await audit(
        actor,
        meta,
        'replan',
        id,
        { before: item.deadline, after: input.deadline, reason: input.reason },
        tx,
      );
    });
    return spec.get(actor, id);
  }

  /** 申请延期: the unit asks for a later deadline (not after the parent's), with a reason. */
  async function requestExtension(actor: Actor, id: string, input: { deadline: string; reason: string }) {
    return db.transaction(async (tx) => {
      const item = await ensure(tx, actor, id);
      return supervision.requestExtension(tx, actor, id, input, await parentDeadline(tx, actor, item.parentId));
    });
  }

  /** The assigning side approves (the new deadline holds) or refuses (with a note) a pending extension. */
  async function decideExtension(actor: Actor, id: string, requestId: string, approve: boolean, note: string | null) {
    await db.transaction(async (tx) => {
      await ensure(tx, actor, id);
      await supervision.decideExtension(tx, actor, id, requestId, approve, note);
    });
    return spec.get(actor, id);
  }

  const events = async (actor: Actor, id: string) => (await ensureRead(actor, id), supervision.events(actor, id));
  const reports = async (actor: Actor, id: string) => (await ensureRead(actor, id), supervision.reports(actor, id));
  const extensions = async (actor: Actor, id: string) => (
    await ensureRead(actor, id), supervision.extensions(actor, id)
  );
  const attachments = async (actor: Actor, id: string) => (
    await ensureRead(actor, id), deps.attachments.listForItem(id)
  );

  return {
    kind: spec.kind,
    get: spec.get,
    audit,
    ensure,
    withCloseRequests,
    nextSerial,
    takeSerials,
    auditEvent,
    step,
    report,
    reviewReport,
    replan,
    requestExtension,
    decideExtension,
    events,
    reports,
    extensions,
    attachments,
  };
}
