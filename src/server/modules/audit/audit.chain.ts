import { createHash } from 'node:crypto';

/**
 * The audit hash chain, as a pure function: each row's hash covers its content and the previous row's hash,
 * so changing or removing any row breaks every link after it.
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

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level: PostgreSQL's jsonb reorders keys, so order must not matter. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function chainHash(prevHash: string, row: ChainedFields): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(row)).digest('hex');
}

/** Returns the index of the first row whose link is broken, or -1 when the chain holds. */
export function firstBrokenLink(rows: (ChainedFields & { prevHash: string; hash: string })[], startPrev = GENESIS_HASH): number {
  let prev = startPrev;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (r.prevHash !== prev) return i;
    const { prevHash: _p, hash, ...fields } = r;
    if (chainHash(prev, fields) !== hash) return i;
    prev = hash;
  }
  return -1;
}
