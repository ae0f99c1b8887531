import { createHash, createHmac } from 'node:crypto';

/**
 * The audit hash chain, as pure functions. Each row's hash covers its number, its content and the previous row's
 * hash, so changing or removing any row breaks every link after it. Since the keyed scheme the hash is an HMAC
 * with a key kept outside the database: someone who can write to the database but cannot read the key cannot
 * append a believable row or re-chain the rows after one they changed.
 *
 * Chains begun before the key existed keep their rows: those verify under the old rule (plain SHA-256, no seq) up
 * to the key's start row (`KEY_START_ACTION`), which is keyed and records the old chain's last seq and hash, so
 * from the upgrade on the old rows are sealed by the key too. Re-hashing them instead would need to rewrite the
 * append-only table and would bless whatever had been changed in them before.
 */
export interface ChainedFields {
  at: string;
  jurisdictionId: string | null;
  personId: string | null;
  username: string | null;
  unitId: string | null;
  roles: string | null;
  ip: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  result: string;
  requestId: string | null;
  detail: unknown;
}

export type ChainRow = ChainedFields & { seq: number; prevHash: string; hash: string };

export const GENESIS_HASH = '0'.repeat(64);
/** The keyed chain's first row; its detail is `KeyStartDetail`. */
export const KEY_START_ACTION = 'audit.chain.keyed';

export interface KeyStartDetail {
  /** The last row of the chain written before the key (0: none). */
  legacyUntilSeq: number;
  legacyHeadHash: string;
  /** Names the key without revealing it, so a wrong key is told apart from a forged row. */
  keyId: string;
}

/** JSON with object keys sorted at every level: PostgreSQL's jsonb reorders keys, so order must not matter. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The rule before the key: anyone could recompute it. Kept only to verify rows written before the upgrade. */
export function legacyHash(prevHash: string, row: ChainedFields): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(row)).digest('hex');
}

export function keyedHash(key: Buffer, seq: number, prevHash: string, row: ChainedFields): string {
  return keyedHashOf(key, seq, prevHash, canonicalJson(row));
}

/** keyedHash of a row whose canonical JSON is at hand (the chainer's: it checks the row's MAC on the same text). */
export function keyedHashOf(key: Buffer, seq: number, prevHash: string, canonical: string): string {
  return createHmac('sha256', key).update(`luoshi-audit-v2\n${seq}\n${prevHash}\n`).update(canonical).digest('hex');
}

/**
 * A pending row's MAC (audit_pending.mac), by the writer that knows the key: the chainer chains as the app's only
 * rows that carry it, so the database role alone cannot have a row it wrote there keyed into the chain.
 */
export function pendingMac(key: Buffer, row: ChainedFields): string {
  return pendingMacOf(key, canonicalJson(row));
}

export function pendingMacOf(key: Buffer, canonical: string): string {
  return createHmac('sha256', key).update('luoshi-audit-pending-v1\n').update(canonical).digest('hex');
}

export function keyIdOf(key: Buffer): string {
  return createHmac('sha256', key).update('luoshi-audit-key-id').digest('hex').slice(0, 16);
}

function fieldsOf(r: ChainRow): ChainedFields {
  const { seq: _s, prevHash: _p, hash: _h, ...fields } = r;
  return fields;
}

export type ChainProblemKind =
  | 'seq_not_positive' // a row numbered 0 or below (none is ever written so)
  | 'seq_gap' // rows missing before this one
  | 'link' // this row does not follow the previous one (removed, inserted or swapped rows)
  | 'hash' // this row's content or hash was changed, or the row was written without the key
  | 'wrong_key' // the chain was keyed with another key than the one given
  | 'legacy_seal' // rows before the key's start row changed after the upgrade
  | 'unkeyed'; // no row of the chain is keyed with this key: it was re-chained or its keyed rows removed

export interface ChainProblem {
  seq: number;
  kind: ChainProblemKind;
  /** For seq_gap: the first missing seq. */
  expectedSeq?: number;
}

/**
 * Walks a chain in seq order, row by row (the rows come in batches from the database). `push` returns the first
 * problem met; after one, the walk should stop.
 */
export function chainWalker(key: Buffer) {
  const keyId = keyIdOf(key);
  let prev = GENESIS_HASH;
  let lastSeq = 0;
  let keyed = false;
  let firstSeq: number | undefined;
  return {
    push(r: ChainRow): ChainProblem | null {
      firstSeq ??= r.seq;
      if (!(r.seq > 0)) return { seq: r.seq, kind: 'seq_not_positive' };
      const fields = fieldsOf(r);
      if (!keyed) {
        if (r.action === KEY_START_ACTION) {
          const d = (r.detail ?? {}) as Partial<KeyStartDetail>;
          if (keyedHash(key, r.seq, r.prevHash, fields) === r.hash) {
            if (r.seq !== lastSeq + 1) return { seq: r.seq, kind: 'seq_gap', expectedSeq: lastSeq + 1 };
            if (r.prevHash !== prev || d.legacyUntilSeq !== lastSeq || d.legacyHeadHash !== prev)
              return { seq: r.seq, kind: 'legacy_seal' };
            keyed = true;
            prev = r.hash;
            lastSeq = r.seq;
            return null;
          }
          // No row written before the key carries this action: a start row that fails the key was altered or forged.
          return { seq: r.seq, kind: d.keyId && d.keyId !== keyId ? 'wrong_key' : 'hash' };
        }
        // Before the key's start row: the old rule, gaps allowed (a rolled-back transaction used up a number).
        if (r.prevHash !== prev) return { seq: r.seq, kind: 'link' };
        if (legacyHash(prev, fields) !== r.hash) return { seq: r.seq, kind: 'hash' };
        prev = r.hash;
        lastSeq = r.seq;
        return null;
      }
      if (r.seq !== lastSeq + 1) return { seq: r.seq, kind: 'seq_gap', expectedSeq: lastSeq + 1 };
      if (r.prevHash !== prev) return { seq: r.seq, kind: 'link' };
      if (keyedHash(key, r.seq, prev, fields) !== r.hash) return { seq: r.seq, kind: 'hash' };
      prev = r.hash;
      lastSeq = r.seq;
      return null;
    },
    /** After the last row: a chain with rows must have reached its keyed part. */
    end(): ChainProblem | null {
      if (firstSeq !== undefined && !keyed) return { seq: firstSeq, kind: 'unkeyed' };
      return null;
    },
    get head() {
      return { seq: lastSeq, hash: prev };
    },
  };
}

/** Verifies a whole chain held in memory; returns the first problem or null. */
export function verifyChain(rows: ChainRow[], key: Buffer): ChainProblem | null {
  const w = chainWalker(key);
  for (const r of rows) {
    const p = w.push(r);
    if (p) return p;
  }
  return w.end();
}

/** Appends rows to a chain the way the service does (for tests and the upgrade path). */
export function appendKeyed(chain: ChainRow[], key: Buffer, rows: ChainedFields[]): ChainRow[] {
  const out = [...chain];
  for (const fields of rows) {
    const last = out[out.length - 1];
    const seq = (last?.seq ?? 0) + 1;
    const prevHash = last?.hash ?? GENESIS_HASH;
    out.push({ ...fields, seq, prevHash, hash: keyedHash(key, seq, prevHash, fields) });
  }
  return out;
}

/** The key's start row that follows `chain` (empty or written under the old rule). */
export function keyStartFields(chain: { seq: number; hash: string }[], key: Buffer, at: string): ChainedFields {
  const last = chain[chain.length - 1];
  const detail: KeyStartDetail = {
    legacyUntilSeq: last?.seq ?? 0,
    legacyHeadHash: last?.hash ?? GENESIS_HASH,
    keyId: keyIdOf(key),
  };
  return {
    at,
    jurisdictionId: null,
    personId: null,
    username: null,
    unitId: null,
    roles: null,
    ip: null,
    action: KEY_START_ACTION,
    objectType: null,
    objectId: null,
    result: 'success',
    requestId: null,
    detail,
  };
}
