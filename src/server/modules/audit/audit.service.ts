import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import { and, asc, desc, eq, gte, ilike, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { auditEvents } from './audit.schema';
import {
  canonicalJson,
  chainWalker,
  GENESIS_HASH,
  KEY_START_ACTION,
  keyedHashOf,
  keyIdOf,
  keyStartFields,
  pendingMac,
  pendingMacOf,
  type ChainedFields,
  type ChainProblem,
} from './audit.chain';
import {
  appendAnchor,
  readAnchors,
  sendAnchor,
  type Anchor,
  type AnchorReason,
  type AnchorTargets,
} from './audit.anchor';

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

/** What a request (app.ts) learns of the audit trail while it is served: whether it wrote events. */
export interface AuditScope {
  appended: boolean;
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

/**
 * The chain's lock, held only by the chainer (`chainBatch`), one transaction of any instance at a time: writers do
 * not take it (they write to audit_pending).
 */
export const CHAIN_LOCK_SQL = sql.raw(`pg_advisory_xact_lock(${CHAIN_LOCK})`);

/** Pending rows moved into the chain by one transaction of the chainer. */
export const CHAIN_BATCH = 1000;
const CHAIN_LOCK_TEXT = `pg_advisory_xact_lock(${CHAIN_LOCK})`;

/** The chain's head as columns of a SELECT (seq, hash, keyed, key_id): the newest row, and the key's start row. */
const HEAD_COLUMNS = sql`(SELECT seq FROM audit_events ORDER BY seq DESC LIMIT 1) AS seq,
             (SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1) AS hash,
             EXISTS (SELECT 1 FROM audit_events WHERE action = ${KEY_START_ACTION} AND seq > 0) AS keyed,
             (SELECT detail->>'keyId' FROM audit_events WHERE action = ${KEY_START_ACTION} AND seq > 0 ORDER BY seq LIMIT 1) AS key_id`;

type AuditHeadRow = {
  seq: number | string | null;
  hash: string | null;
  key_id: string | null;
  keyed: boolean;
};

/**
 * Audit events written by the caller's own next statement, next to the change they describe (`append`): the
 * caller adds `ctes` to its WITH (after its own; it is named audit_rows) and may add `columns` to its final SELECT
 * (audit_written: the events written).
 */
export interface ChainAppend {
  ctes: SQL;
  columns: SQL;
}

const headFrom = (r: AuditHeadRow) => ({
  seq: r.seq === null ? 0 : Number(r.seq),
  hash: r.hash ?? GENESIS_HASH,
  keyed: r.keyed,
  keyId: r.key_id,
});

type AuditRow = typeof auditEvents.$inferInsert;

/** An event's content in the tables' own names (json_populate_recordset reads a row's JSON by them). */
const CONTENT = [
  'at',
  'jurisdiction_id',
  'person_id',
  'username',
  'unit_id',
  'roles',
  'ip',
  'action',
  'object_type',
  'object_id',
  'result',
  'request_id',
  'detail',
] as const;
const COLUMNS = ['seq', ...CONTENT, 'prev_hash', 'hash'] as const;
const INTO = sql.raw(`audit_events (${COLUMNS.join(', ')})`);
const FROM_R = sql.raw(COLUMNS.map((c) => `r.${c}`).join(', '));
const PENDING_COLUMNS = [...CONTENT, 'mac'] as const;
const INTO_PENDING = sql.raw(`audit_pending (${PENDING_COLUMNS.join(', ')})`);
const FROM_PENDING_R = sql.raw(PENDING_COLUMNS.map((c) => `r.${c}`).join(', '));

/** An event's content as the tables' columns. */
const contentJson = (f: ChainedFields) => ({
  at: f.at,
  jurisdiction_id: f.jurisdictionId,
  person_id: f.personId,
  username: f.username,
  unit_id: f.unitId,
  roles: f.roles,
  ip: f.ip,
  action: f.action,
  object_type: f.objectType,
  object_id: f.objectId,
  result: f.result,
  request_id: f.requestId,
  detail: f.detail,
});

/** A pending row as json_agg gives it back (timestamps in PostgreSQL's format, detail as stored). */
type PendingJson = ReturnType<typeof contentJson> & { id: number; mac: string };

const fieldsFromPending = (p: PendingJson): ChainedFields => ({
  // As verify reads the row back: the instant in ISO form (written with milliseconds, so nothing is lost).
  at: new Date(p.at).toISOString(),
  jurisdictionId: p.jurisdiction_id,
  personId: p.person_id,
  username: p.username,
  unitId: p.unit_id,
  roles: p.roles,
  ip: p.ip,
  action: p.action,
  objectType: p.object_type,
  objectId: p.object_id,
  result: p.result,
  requestId: p.request_id,
  detail: p.detail,
});

/** Rows as one JSON parameter (one parameter, whatever the number of rows and the shape of their detail). */
const rowsJson = (rows: (AuditRow & { at: Date | string })[]) =>
  JSON.stringify(
    rows.map((r) => ({
      seq: r.seq,
      ...contentJson({ ...r, at: r.at instanceof Date ? r.at.toISOString() : r.at } as ChainedFields),
      prev_hash: r.prevHash,
      hash: r.hash,
    })),
  );
/** The rows as a FROM item `r`. */
const rowsFrom = (rows: AuditRow[]) => sql`json_populate_recordset(NULL::audit_events, ${rowsJson(rows)}::json) r`;

/** The head (as HEAD_COLUMNS) and the oldest pending rows, for the chainer (by the index: migration 0054). */
const READ_PENDING = `SELECT (SELECT seq FROM audit_events ORDER BY seq DESC LIMIT 1) AS seq,
  (SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1) AS hash,
  EXISTS (SELECT 1 FROM audit_events WHERE action = '${KEY_START_ACTION}' AND seq > 0) AS keyed,
  (SELECT detail->>'keyId' FROM audit_events WHERE action = '${KEY_START_ACTION}' AND seq > 0 ORDER BY seq LIMIT 1) AS key_id,
  audit_pending_oldest(${CHAIN_BATCH}) AS pending`;

/**
 * The chainer's move (see chainBatch), prepared once per connection (SQL PREPARE: its EXECUTE goes in one message
 * with the lock): $1, $2 the head the rows were chained from; $3 the ids of the pending rows it takes; $4–$7 the
 * events chained as they are: each one's pending row, and the seq, previous hash and hash it was given (its content
 * is copied from that row, which the app's role cannot change, so the message carries a few hashes, not the
 * events); $8 rows chained with content of their own (the key's start row, rejected rows), $9, $10 the pending row
 * each of those stands for and its seq.
 */
const MOVE_NAME = 'luoshi_audit_move';
/** The connections that have the move prepared (of any pool: the statement does not depend on the key). */
const prepared = new WeakSet<pg.PoolClient>();
const PREPARE_MOVE = `PREPARE ${MOVE_NAME} (bigint, text, bigint[], bigint[], bigint[], text[], text[], json, bigint[],
  bigint[]) AS WITH h AS (
    SELECT coalesce((SELECT seq FROM audit_events ORDER BY seq DESC LIMIT 1), 0) = $1
       AND coalesce((SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1), '${GENESIS_HASH}') = $2 AS ok),
  d AS (DELETE FROM audit_pending WHERE id = ANY($3) AND (SELECT ok FROM h) RETURNING *),
  r AS (
    SELECT m.seq, ${CONTENT.map((c) => `d.${c}`).join(', ')}, m.prev_hash, m.hash
      FROM d JOIN unnest($4, $5, $6, $7) AS m(pending_id, seq, prev_hash, hash) ON m.pending_id = d.id
    UNION ALL
    SELECT ${COLUMNS.map((c) => `o.${c}`).join(', ')}
      FROM json_populate_recordset(NULL::audit_events, $8) o
      LEFT JOIN unnest($9, $10) AS x(pending_id, seq) ON x.seq = o.seq
     WHERE (SELECT ok FROM h) AND (x.seq IS NULL OR x.pending_id IN (SELECT id FROM d)))
INSERT INTO audit_events (${COLUMNS.join(', ')})
SELECT ${COLUMNS.map((c) => `r.${c}`).join(', ')} FROM r ORDER BY r.seq`;

/** Rejected pending rows are chained as this action, their content in the detail (see `chainBatch`). */
export const PENDING_REJECTED_ACTION = 'audit.pending.rejected';

export type Bilingual = { 'zh-CN': string; 'en-US': string };

export interface VerifyProblem {
  seq: number;
  kind: ChainProblem['kind'] | 'anchor_beyond_end' | 'anchor_mismatch' | 'anchors_unreadable';
  anchor?: Anchor;
  message: Bilingual;
}

export interface VerifyResult {
  ok: boolean;
  /** Rows walked (all of them, also after a problem). */
  checked: number;
  head: { seq: number; hash: string } | null;
  /** The first problem's row (for a deleted tail: the first missing seq). */
  brokenAtSeq?: number;
  problems: VerifyProblem[];
  anchorsChecked: number;
}

export class AuditKeyMismatchError extends Error {}

const n = (x: number) => x.toLocaleString('en-US');
/** An anchor's time as officials read it: Beijing time, to the minute. */
const when = (iso: string) =>
  new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

function describe(p: ChainProblem & { expectedSeq?: number }): Bilingual {
  const s = p.seq;
  switch (p.kind) {
    case 'seq_not_positive':
      return {
        'zh-CN': `第 ${n(s)} 条：序号不是正数，本系统从不写入这样的记录（有人直接向数据库插入了记录）`,
        'en-US': `row ${n(s)}: a seq of zero or below, which Luoshi never writes (a row was inserted into the database directly)`,
      };
    case 'seq_gap': {
      const e = p.expectedSeq ?? s;
      const range =
        e === s - 1
          ? { zh: `第 ${n(e)} 条`, en: `row ${n(e)} is` }
          : { zh: `第 ${n(e)} 至 ${n(s - 1)} 条`, en: `rows ${n(e)} to ${n(s - 1)} are` };
      return {
        'zh-CN': `${range.zh}缺失（记录被删除），第 ${n(s)} 条之前断开`,
        'en-US': `${range.en} missing (deleted) before row ${n(s)}`,
      };
    }
    case 'link':
      return {
        'zh-CN': `第 ${n(s)} 条与前一条记录不相连（记录被删除、插入或调换）`,
        'en-US': `row ${n(s)} does not follow the row before it (rows removed, inserted or swapped)`,
      };
    case 'hash':
      return {
        'zh-CN': `第 ${n(s)} 条的内容与其密钥哈希不符（记录被改动，或不是由本系统写入）`,
        'en-US': `row ${n(s)}: its content does not match its keyed hash (the row was changed, or not written by Luoshi)`,
      };
    case 'wrong_key':
      return {
        'zh-CN': `第 ${n(s)} 条起的审计链用另一把密钥签名：请用原密钥（数据目录中的 audit-key 文件或 LUOSHI_AUDIT_KEY）校验`,
        'en-US':
          `the chain from row ${n(s)} on was keyed with another key: verify with ` +
          `the original key (the data directory's audit-key file or LUOSHI_AUDIT_KEY)`,
      };
    case 'legacy_seal':
      return {
        'zh-CN': `第 ${n(s)} 条（启用密钥时封存此前记录的一行）与此前的记录不符：启用密钥前的记录事后被改动或删除`,
        'en-US':
          `row ${n(s)} (which sealed the rows written before the key) no ` +
          `longer matches them: rows from before the key were changed or removed`,
      };
    case 'unkeyed':
      return {
        'zh-CN': `审计链中没有一行由本系统密钥签名：自第 ${n(s)} 条起整条链被重新计算过，或密钥起始行被删除`,
        'en-US':
          `no row of the chain is keyed with this installation's key: the ` +
          `chain was recomputed from row ${n(s)} on, or its keyed start removed`,
      };
  }
}

export type AuditService = ReturnType<typeof createAuditService>;

/**
 * The audit trail. Writers put their events in audit_pending, inside their own transaction and without any lock
 * (`record`, `append`): the events commit or roll back with the change, and writers of different counties (or of
 * the same one) never wait for one another. The chainer (`settle`, on a timer, at start and at shutdown) moves
 * committed pending rows into audit_events in batches, one transaction at a time under the chain's advisory lock
 * (so several instances give one chain), numbering and hashing them from the chain's head with the key only this
 * process holds. An HTTP write is answered only once its events are chained (app.ts), so whoever reads the trail
 * after an answer finds them there, as when the writers chained their rows themselves.
 */
export function createAuditService(deps: { db: Db; key: Buffer; dataDir: string; anchorTargets?: AnchorTargets }) {
  const { key } = deps;
  const keyId = keyIdOf(key);

  const keyMismatch = (other: string | null) =>
    new AuditKeyMismatchError(
      `审计链是用另一把密钥签名的（密钥编号 ${other}，本进程 ${keyId}）：请使用原来的 audit-key 文件（在原数据目录中，可用 LUOSHI_DATA_DIR 指定）或 LUOSHI_AUDIT_KEY。\n` +
        `The audit chain was keyed with another key (key id ${other}, this process ${keyId}): use the ` +
        `original audit-key file (in the original data directory, see LUOSHI_DATA_DIR) or LUOSHI_AUDIT_KEY.`,
    );

  /** The newest row, and the key's start row (if the chain has one). */
  async function headOf(t: Tx) {
    const { rows } = await t.execute<AuditHeadRow>(sql`SELECT ${HEAD_COLUMNS}`);
    return headFrom(rows[0]!);
  }

  /** The events' chained fields (one time for all: several events of one change). */
  function fieldsOf(inputs: AuditInput[]): ChainedFields[] {
    const at = new Date().toISOString();
    return inputs.map((i) => ({
      at,
      jurisdictionId: i.jurisdictionId ?? null,
      personId: i.personId ?? null,
      username: i.username ?? null,
      unitId: i.unitId ?? null,
      roles: i.roles?.join(',') ?? null,
      ip: i.ip ?? null,
      action: i.action,
      objectType: i.objectType ?? null,
      objectId: i.objectId ?? null,
      result: i.result,
      requestId: i.requestId ?? null,
      detail: i.detail === undefined ? null : JSON.parse(JSON.stringify(i.detail)),
    }));
  }

  /**
   * Gives events, one after the other from `head`, their place in the chain: the seq, the previous hash and their
   * own hash, made of their canonical text (which the chainer has already made to check the pending row's MAC).
   */
  function linker(head: { seq: number; hash: string }) {
    let h = head;
    return (canonical: string) => {
      const seq = h.seq + 1;
      const prevHash = h.hash;
      h = { seq, hash: keyedHashOf(key, seq, prevHash, canonical) };
      return { seq, prevHash, hash: h.hash };
    };
  }

  /** The events chained one after the other from a head. */
  function chained(head: { seq: number; hash: string }, fields: ChainedFields[]) {
    const next = linker(head);
    return { rows: fields.map((f): AuditRow => ({ ...f, ...next(canonicalJson(f)), at: new Date(f.at) })) };
  }

  /** Where the request being served (app.ts) notes that it wrote events; outside a request, nothing is noted. */
  const scope = new AsyncLocalStorage<AuditScope>();

  /** The key the chain was found keyed with, when not this one: this process then writes no events. */
  let foreignKey: string | null = null;

  /** The INSERT of the events into audit_pending, with each event's MAC (see `pendingMac`). */
  function pendingInsert(input: AuditInput | AuditInput[]): SQL | null {
    if (foreignKey !== null) throw keyMismatch(foreignKey);
    const fields = fieldsOf(Array.isArray(input) ? input : [input]);
    if (fields.length === 0) return null;
    const s = scope.getStore();
    if (s) s.appended = true;
    const json = JSON.stringify(fields.map((f) => ({ ...contentJson(f), mac: pendingMac(key, f) })));
    return sql`INSERT INTO ${INTO_PENDING}
      SELECT ${FROM_PENDING_R} FROM json_populate_recordset(NULL::audit_pending, ${json}::json) r`;
  }

  /**
   * Events written by the caller's next statement, next to its change (see `ChainAppend`): into audit_pending, so
   * they commit or roll back with the change; the chainer chains them once committed.
   */
  function append(_t: Tx, input: AuditInput | AuditInput[]): ChainAppend {
    const insert = pendingInsert(input) ?? sql`SELECT NULL FROM audit_pending WHERE false`;
    return {
      ctes: sql`audit_rows AS (${insert} RETURNING 1)`,
      columns: sql`(SELECT count(*) FROM audit_rows)::int AS audit_written`,
    };
  }

  /**
   * Writes events (several of one change in one statement). Inside a caller's transaction they commit or roll back
   * with the change they describe; no lock is taken (the chainer gives them their place in the chain).
   */
  async function record(input: AuditInput | AuditInput[], tx?: Tx): Promise<void> {
    const insert = pendingInsert(input);
    if (insert) await (tx ?? deps.db).execute(insert);
  }

  const pool = (deps.db as unknown as { $client: pg.Pool }).$client;

  /**
   * Moves up to CHAIN_BATCH pending rows, oldest first, into the chain; answers how many it moved, or 'again' when
   * another process chained in between. The rows and the head are read first, without a lock, and chained in node;
   * then, in one transaction under the chain's lock, one statement deletes them from audit_pending and inserts
   * them into audit_events only if that statement (after the lock: READ COMMITTED, it sees every row committed
   * before) finds the head they were chained from still the chain's newest row — each event only with its pending
   * row deleted by the same statement. The lock and the move go in one message, so the lock is held for their
   * time in PostgreSQL, not for node's queue between their answers.
   *
   * A chain not yet keyed gets the key's start row first (a new installation, or one upgraded from the unkeyed
   * chain); a chain keyed with another key is not written to. A pending row whose MAC does not verify was not
   * written by a process holding the key: it is chained as a rejected row (its content in the detail), not as the
   * event it claims to be.
   */
  async function chainBatch(): Promise<number | 'again'> {
    const client = await pool.connect();
    let lost: Error | undefined;
    try {
      return await chainBatchOn(client);
    } catch (e) {
      // A connection that failed mid-run (not a statement refused by PostgreSQL) is not given back as it is.
      if (!(e instanceof pg.DatabaseError) && !(e instanceof AuditKeyMismatchError)) lost = e as Error;
      throw e;
    } finally {
      client.release(lost);
    }
  }

  async function chainBatchOn(client: pg.PoolClient): Promise<number | 'again'> {
    const { rows } = await client.query<AuditHeadRow & { pending: PendingJson[] | null }>({
      name: 'luoshi_audit_read',
      text: READ_PENDING,
    });
    const pending = rows[0]!.pending ?? [];
    if (pending.length === 0) return 0;
    const found = headFrom(rows[0]!);
    // A process with another key (a CLI run from another folder made itself a new key file) must not write rows
    // that no key verifies; the rows stay pending for a process with the key.
    if (found.keyed && found.keyId !== keyId) throw keyMismatch((foreignKey = found.keyId));
    const now = new Date().toISOString();
    const start = found.keyed ? [] : [keyStartFields([found], key, now)];
    // Each event's canonical text once: its MAC checked on it, its hash made of it.
    const events = pending.map((p) => {
      const f = fieldsFromPending(p);
      const canonical = canonicalJson(f);
      if (pendingMacOf(key, canonical) === p.mac) return { p, canonical };
      const rejected = {
        ...keyStartFields([], key, now),
        action: PENDING_REJECTED_ACTION,
        result: 'failure',
        detail: p,
      };
      return { p, rejected, canonical: canonicalJson(rejected) };
    });
    const next = linker({ seq: found.seq, hash: found.hash });
    const moved = { ids: [] as number[], seqs: [] as number[], prev: [] as string[], hashes: [] as string[] };
    const own: AuditRow[] = [];
    const ownFrom = { ids: [] as number[], seqs: [] as number[] };
    for (const f of start) own.push({ ...f, ...next(canonicalJson(f)), at: new Date(f.at) });
    for (const e of events) {
      const h = next(e.canonical);
      if (e.rejected) {
        own.push({ ...e.rejected, ...h, at: new Date(e.rejected.at) });
        ownFrom.ids.push(e.p.id);
        ownFrom.seqs.push(h.seq);
      } else {
        moved.ids.push(e.p.id);
        moved.seqs.push(h.seq);
        moved.prev.push(h.prevHash);
        moved.hashes.push(h.hash);
      }
    }
    if (!prepared.has(client)) {
      await client.query(PREPARE_MOVE).catch((e: { code?: string }) => {
        if (e.code !== '42P05') throw e; // prepared already (by a service that has since gone)
      });
      prepared.add(client);
    }
    // One message, one implicit transaction: the lock, then the move with its own snapshot taken after the lock.
    // Its values are written into the text (escaped by the driver): a query with parameters is one statement.
    const ids = (xs: number[]) => `ARRAY[${xs.map((x) => Number(x)).join(',')}]::bigint[]`;
    const texts = (xs: string[]) => `ARRAY[${xs.map((x) => pg.escapeLiteral(x)).join(',')}]::text[]`;
    const args = [
      String(Number(found.seq)),
      pg.escapeLiteral(found.hash),
      ids(pending.map((p) => p.id)),
      ids(moved.ids),
      ids(moved.seqs),
      texts(moved.prev),
      texts(moved.hashes),
      pg.escapeLiteral(rowsJson(own)),
      ids(ownFrom.ids),
      ids(ownFrom.seqs),
    ];
    const total = start.length + events.length;
    let written: number;
    try {
      const results = (await client.query(
        `SELECT ${CHAIN_LOCK_TEXT}; EXECUTE ${MOVE_NAME}(${args.join(', ')})`,
      )) as unknown as pg.QueryResult[];
      written = results[1]!.rowCount ?? 0;
    } catch (e) {
      // Another process inserted the same seq (its statement began before this one's snapshot could see it).
      const code = (e as { code?: string }).code;
      if (code === '23505' || code === '23514') return 'again';
      throw e;
    }
    if (written === total) return pending.length;
    if (written === 0) return 'again'; // the head moved: chained by another process in between
    throw new Error(`audit chainer: ${written} of ${total} rows written`);
  }

  /** Every pending row committed when it began, chained (batch after batch). */
  async function chainPending(): Promise<void> {
    // Another process chaining at the same moment sends a run back now and then; every time is not that.
    for (let again = 0; ; ) {
      const n = await chainBatch();
      if (n === 'again') {
        if (++again === 50) throw new Error('audit chainer: the chain moved under every attempt (50)');
        continue;
      }
      again = 0;
      if (n < CHAIN_BATCH) return;
    }
  }

  /** The run in progress, and the callers waiting for the run after it (one run for all of them). */
  let running: Promise<void> | null = null;
  let waiting: { promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void } | null = null;
  function startRun() {
    const w = waiting!;
    waiting = null;
    running = chainPending()
      .then(w.resolve, w.reject)
      .finally(() => {
        running = null;
        if (waiting) startRun();
      });
  }

  /**
   * Resolves once every row committed to audit_pending before the call is chained: by a run of the chainer that
   * begins after the call (a run in progress may have missed them), shared by every caller that came while the
   * previous run was going on. Rejects if that run failed (the rows stay pending for the next).
   */
  function settle(): Promise<void> {
    if (!waiting) {
      let resolve!: () => void;
      let reject!: (e: unknown) => void;
      const promise = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      waiting = { promise, resolve, reject };
    }
    const p = waiting.promise;
    if (!running) startRun();
    return p;
  }

  let timer: NodeJS.Timeout | null = null;
  /**
   * The chainer on a timer as well (rows written outside a request, by jobs; rows left by a process that stopped
   * before chaining them), until `stop`.
   */
  function start(everyMs = 1000, onError: (e: unknown) => void = () => {}) {
    if (timer) return;
    timer = setInterval(() => settle().catch(onError), everyMs);
    timer.unref();
  }
  /** The timer stopped, and what is pending chained (before the database is closed). */
  async function stop(): Promise<void> {
    if (timer) clearInterval(timer);
    timer = null;
    await settle();
  }

  /**
   * Serves `run` (a request) in a scope that notes whether it wrote events (`scope.appended`): the request then
   * settles before it answers, and only then.
   */
  function within<T>(s: AuditScope, run: () => T): T {
    return scope.run(s, run);
  }

  /**
   * At start: the chain is keyed with this key (writing the start row if it is not keyed yet), and the rows a
   * process left pending when it stopped are chained. A different key would write rows no one can verify with
   * either key, so the server refuses to start instead.
   */
  async function ensureKeyed(): Promise<void> {
    const head = await headOf(deps.db);
    if (head.keyed && head.keyId !== keyId) throw keyMismatch((foreignKey = head.keyId));
    if (!head.keyed) {
      await deps.db.transaction(async (t) => {
        await t.execute(sql`SELECT ${CHAIN_LOCK_SQL}`);
        const h = await headOf(t);
        if (h.keyed) return;
        const c = chained(h, [keyStartFields([h], key, new Date().toISOString())]);
        await t.execute(sql`INSERT INTO ${INTO} SELECT ${FROM_R} FROM ${rowsFrom(c.rows)}`);
      });
    }
    await settle();
  }

  function where(f: AuditFilter): SQL | undefined {
    const conds: SQL[] = [eq(auditEvents.jurisdictionId, f.jurisdictionId)];
    if (f.from) conds.push(gte(auditEvents.at, f.from));
    if (f.to) conds.push(lte(auditEvents.at, f.to));
    if (f.action) conds.push(eq(auditEvents.action, f.action));
    if (f.result) conds.push(eq(auditEvents.result, f.result));
    if (f.q) {
      const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      conds.push(
        or(ilike(auditEvents.username, like), ilike(auditEvents.objectId, like), ilike(auditEvents.ip, like))!,
      );
    }
    return and(...conds);
  }

  async function list(f: AuditFilter) {
    await settle();
    const w = where(f);
    const [rows, total] = await Promise.all([
      deps.db
        .select()
        .from(auditEvents)
        .where(w)
        .orderBy(desc(auditEvents.seq))
        .limit(f.pageSize)
        .offset((f.page - 1) * f.pageSize),
      deps.db.select({ n: sql<number>`count(*)::int` }).from(auditEvents).where(w),
    ]);
    return { items: rows, total: total[0]?.n ?? 0 };
  }

  /**
   * Writes the chain's head to the anchor file (and the configured targets). At an interval an unchanged head is
   * not written again; an export always is.
   */
  async function anchor(why: AnchorReason): Promise<(Anchor & { failed: string[] }) | null> {
    await settle();
    const head = await headOf(deps.db);
    if (head.seq === 0) return null;
    if (why === 'interval') {
      const last = readAnchors(deps.dataDir).anchors.at(-1);
      if (last && last.seq === head.seq && last.hash === head.hash) return null;
    }
    const a: Anchor = { at: new Date().toISOString(), seq: head.seq, hash: head.hash, why };
    appendAnchor(deps.dataDir, a);
    const failed = deps.anchorTargets ? await sendAnchor(a, deps.anchorTargets) : [];
    return { ...a, failed };
  }

  /**
   * Walks every row in seq order, in batches, checking numbers, links and keyed hashes (audit.chain.ts), then the
   * anchors outside the database against the rows they name. After the first broken row the walk goes on only to
   * learn the rows' hashes and the chain's end for the anchors.
   */
  async function verify(): Promise<VerifyResult> {
    await settle();
    const walker = chainWalker(key);
    const { anchors, unreadable } = readAnchors(deps.dataDir);
    const wanted = new Set(anchors.map((a) => a.seq));
    const hashAt = new Map<number, string>();
    let chainProblem: ChainProblem | null = null;
    let checked = 0;
    let last: { seq: number; hash: string } | null = null;
    let after: number | null = null;
    for (;;) {
      const q = deps.db.select().from(auditEvents);
      const batch = await (after === null ? q : q.where(sql`${auditEvents.seq} > ${after}`))
        .orderBy(asc(auditEvents.seq))
        .limit(5000);
      if (batch.length === 0) break;
      for (const r of batch) {
        checked++;
        if (wanted.has(r.seq)) hashAt.set(r.seq, r.hash);
        last = { seq: r.seq, hash: r.hash };
        if (!chainProblem) chainProblem = walker.push({ ...r, at: r.at.toISOString() });
      }
      after = batch[batch.length - 1]!.seq;
    }
    chainProblem ??= walker.end();
    const problems: VerifyProblem[] = chainProblem ? [{ ...chainProblem, message: describe(chainProblem) }] : [];

    const end = last?.seq ?? 0;
    const beyond = anchors.filter((a) => a.seq > end).sort((a, b) => b.seq - a.seq)[0];
    if (beyond) {
      problems.push({
        seq: end + 1,
        kind: 'anchor_beyond_end',
        anchor: beyond,
        message: {
          'zh-CN': `审计链止于第 ${n(end)} 条；${when(beyond.at)} 的锚点记录为第 ${n(beyond.seq)} 条：最新的记录被删除`,
          'en-US': `the chain ends at ${n(end)}; the anchor of ${when(beyond.at)} says ${n(beyond.seq)}: the newest rows were deleted`,
        },
      });
    }
    const differs = anchors.find((a) => hashAt.has(a.seq) && hashAt.get(a.seq) !== a.hash);
    if (differs) {
      problems.push({
        seq: differs.seq,
        kind: 'anchor_mismatch',
        anchor: differs,
        message: {
          'zh-CN': `第 ${n(differs.seq)} 条与 ${when(differs.at)} 的锚点不符：该条或此前的记录被改写`,
          'en-US': `row ${n(differs.seq)} does not match the anchor of ${when(differs.at)}: it or rows before it were rewritten`,
        },
      });
    }
    if (unreadable > 0) {
      problems.push({
        seq: end,
        kind: 'anchors_unreadable',
        message: {
          'zh-CN': `锚点文件中有 ${unreadable} 行无法读取（文件被改动）`,
          'en-US': `${unreadable} lines of the anchor file cannot be read (the file was changed)`,
        },
      });
    }
    const brokenAtSeq = problems[0]?.seq;
    return { ok: problems.length === 0, checked, head: last, brokenAtSeq, problems, anchorsChecked: anchors.length };
  }

  return {
    record,
    list,
    verify,
    where,
    anchor,
    ensureKeyed,
    keyId,
    append,
    settle,
    start,
    stop,
    within,
  };
}
