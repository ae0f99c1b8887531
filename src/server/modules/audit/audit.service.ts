import { and, asc, desc, eq, gte, ilike, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { auditEvents } from './audit.schema';
import {
  chainWalker,
  GENESIS_HASH,
  KEY_START_ACTION,
  keyedHash,
  keyIdOf,
  keyStartFields,
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
 * The chain's lock as an expression: a writer may take it in its own statement before the events (so the lock is
 * held only from there to the commit) and write the events with its next statement (`append`), or tell `record`
 * it holds the lock (`{ locked: true }`).
 */
export const CHAIN_LOCK_SQL = sql.raw(`pg_advisory_xact_lock(${CHAIN_LOCK})`);

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

/** What the caller of `record` already holds of the chain: its lock, taken by the caller's last statement. */
export interface ChainHeld {
  locked?: boolean;
}

/**
 * Audit events written by the caller's own next statement, next to the change they describe (`append`): the
 * caller adds `ctes` to its WITH (after its own; they are named audit_head and audit_rows) and `columns` to its
 * final SELECT, and hands that SELECT's row to `finish`.
 */
export interface ChainAppend {
  ctes: SQL;
  columns: SQL;
  finish(row: Record<string, unknown>): Promise<void>;
}

const headFrom = (r: AuditHeadRow) => ({
  seq: r.seq === null ? 0 : Number(r.seq),
  hash: r.hash ?? GENESIS_HASH,
  keyed: r.keyed,
  keyId: r.key_id,
});

type AuditRow = typeof auditEvents.$inferInsert;

/** The columns the app writes, in the table's own names (json_populate_recordset reads a row's JSON by them). */
const COLUMNS = [
  'seq',
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
  'prev_hash',
  'hash',
] as const;
const INTO = sql.raw(`audit_events (${COLUMNS.join(', ')})`);
const FROM_R = sql.raw(COLUMNS.map((c) => `r.${c}`).join(', '));

/** Rows as one JSON parameter (one parameter, whatever the number of rows and the shape of their detail). */
const rowsJson = (rows: AuditRow[]) =>
  JSON.stringify(
    rows.map((r) => ({
      seq: r.seq,
      at: r.at,
      jurisdiction_id: r.jurisdictionId,
      person_id: r.personId,
      username: r.username,
      unit_id: r.unitId,
      roles: r.roles,
      ip: r.ip,
      action: r.action,
      object_type: r.objectType,
      object_id: r.objectId,
      result: r.result,
      request_id: r.requestId,
      detail: r.detail,
      prev_hash: r.prevHash,
      hash: r.hash,
    })),
  );
/** The rows as a FROM item `r`. */
const rowsFrom = (rows: AuditRow[]) => sql`json_populate_recordset(NULL::audit_events, ${rowsJson(rows)}::json) r`;

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

export function createAuditService(deps: { db: Db; key: Buffer; dataDir: string; anchorTargets?: AnchorTargets }) {
  const { key } = deps;
  const keyId = keyIdOf(key);

  const keyMismatch = (other: string | null) =>
    new AuditKeyMismatchError(
      `审计链是用另一把密钥签名的（密钥编号 ${other}，本进程 ${keyId}）：请使用原来的 audit-key 文件（在原数据目录中，可用 LUOSHI_DATA_DIR 指定）或 LUOSHI_AUDIT_KEY。\n` +
        `The audit chain was keyed with another key (key id ${other}, this process ${keyId}): use the ` +
        `original audit-key file (in the original data directory, see LUOSHI_DATA_DIR) or LUOSHI_AUDIT_KEY.`,
    );

  /**
   * The head this service last wrote (or read at start): a guess for the next writer, who computes its rows from it
   * and writes them only if it still is the chain's head in the writing statement (`append`); if another process
   * wrote in between, or the transaction that wrote it rolled back, the guess fails and costs one statement more.
   */
  let last: { seq: number; hash: string } | null = null;

  /** The newest row, and the key's start row (if the chain has one). */
  async function headOf(t: Tx) {
    const { rows } = await t.execute<AuditHeadRow>(sql`SELECT ${HEAD_COLUMNS}`);
    return headFrom(rows[0]!);
  }

  async function insertKeyed(t: Tx, head: { seq: number; hash: string }, fields: ChainedFields) {
    const seq = head.seq + 1;
    const hash = keyedHash(key, seq, head.hash, fields);
    await t.insert(auditEvents).values({ ...fields, seq, at: new Date(fields.at), prevHash: head.hash, hash });
    return { seq, hash };
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

  /** The events chained one after the other from a head. */
  function chained(head: { seq: number; hash: string }, fields: ChainedFields[]) {
    let h = head;
    const rows = fields.map((f): AuditRow => {
      const seq = h.seq + 1;
      const hash = keyedHash(key, seq, h.hash, f);
      const row = { ...f, seq, at: new Date(f.at), prevHash: h.hash, hash };
      h = { seq, hash };
      return row;
    });
    return { rows, head: h };
  }

  /**
   * Chains the events after the head read under the lock (the slow way: the head was not the one remembered).
   * The first write of a chain without the key's start row (a new installation, or one upgraded from the unkeyed
   * chain) writes it.
   */
  async function appendAfter(t: Tx, found: ReturnType<typeof headFrom>, fields: ChainedFields[]) {
    let head = { seq: found.seq, hash: found.hash };
    // A process with another key (a CLI run from another folder made itself a new key file) must not write rows
    // that no key verifies.
    if (found.keyed && found.keyId !== keyId) throw keyMismatch(found.keyId);
    if (!found.keyed) head = await insertKeyed(t, head, keyStartFields([head], key, new Date().toISOString()));
    const c = chained(head, fields);
    await t.execute(sql`INSERT INTO ${INTO} SELECT ${FROM_R} FROM ${rowsFrom(c.rows)} ORDER BY r.seq`);
    last = c.head;
  }

  /**
   * Events written by the caller's next statement, next to its change (see `ChainAppend`), the caller holding the
   * chain's lock since an earlier statement (READ COMMITTED: a statement sees what was committed when it began, so
   * only then does it see every row). The rows are chained in node from the head this service remembers and go in
   * only if the statement finds that head still the chain's newest row, keyed with this key; the statement answers
   * the head it found, from which `finish` chains and writes them otherwise.
   */
  function append(t: Tx, input: AuditInput | AuditInput[]): ChainAppend {
    const fields = fieldsOf(Array.isArray(input) ? input : [input]);
    const guess = last ?? { seq: -1, hash: GENESIS_HASH }; // no guess: nothing goes in, the head comes back
    const c = chained(guess, fields);
    return {
      ctes: sql`audit_head AS (SELECT ${HEAD_COLUMNS}),
        audit_rows AS (INSERT INTO ${INTO}
          SELECT ${FROM_R} FROM ${rowsFrom(c.rows)}, audit_head h
           WHERE h.seq = ${guess.seq}::bigint AND h.hash = ${guess.hash} AND h.keyed AND h.key_id = ${keyId}
           ORDER BY r.seq
          RETURNING seq)`,
      columns: sql`(SELECT count(*) FROM audit_rows)::int AS audit_written,
        (SELECT seq FROM audit_head) AS audit_seq, (SELECT hash FROM audit_head) AS audit_hash,
        (SELECT keyed FROM audit_head) AS audit_keyed, (SELECT key_id FROM audit_head) AS audit_key_id`,
      async finish(row) {
        if (c.rows.length === 0) return;
        if (Number(row.audit_written) === c.rows.length) {
          last = c.head;
          return;
        }
        const found = headFrom({
          seq: row.audit_seq as AuditHeadRow['seq'],
          hash: row.audit_hash as string | null,
          keyed: row.audit_keyed as boolean,
          key_id: row.audit_key_id as string | null,
        });
        await appendAfter(t, found, fields);
      },
    };
  }

  /**
   * Appends events (several of one change in one statement). Inside a caller's transaction they commit or roll
   * back with the change they describe; the advisory lock serialises writers so the chain has one order and seq has
   * no gap.
   */
  async function record(input: AuditInput | AuditInput[], tx?: Tx, chain: ChainHeld = {}): Promise<void> {
    const inputs = Array.isArray(input) ? input : [input];
    if (inputs.length === 0) return;
    const run = async (t: Tx) => {
      if (!chain.locked) await t.execute(sql`SELECT ${CHAIN_LOCK_SQL}`);
      const a = append(t, inputs);
      const { rows } = await t.execute<Record<string, unknown>>(sql`WITH ${a.ctes} SELECT ${a.columns}`);
      await a.finish(rows[0]!);
    };
    if (tx) await run(tx);
    else await deps.db.transaction(run);
  }

  /**
   * At start: the chain is keyed with this key (writing the start row if it is not keyed yet). A different key
   * would write rows no one can verify with either key, so the server refuses to start instead.
   */
  async function ensureKeyed(): Promise<void> {
    const head = await headOf(deps.db);
    if (head.keyed) {
      if (head.keyId !== keyId) {
        throw keyMismatch(head.keyId);
      }
      // The first write's guess (read without the lock: if it is stale by then, that write takes the slow way).
      last = { seq: head.seq, hash: head.hash };
      return;
    }
    await deps.db.transaction(async (t) => {
      await t.execute(sql`SELECT ${CHAIN_LOCK_SQL}`);
      const h = await headOf(t);
      if (!h.keyed) last = await insertKeyed(t, h, keyStartFields([h], key, new Date().toISOString()));
    });
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
    chainLock: CHAIN_LOCK_SQL,
  };
}
