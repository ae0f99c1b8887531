import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  appendKeyed,
  canonicalJson,
  GENESIS_HASH,
  keyedHash,
  keyStartFields,
  legacyHash,
  verifyChain,
  type ChainedFields,
  type ChainRow,
} from './audit.chain';

const rowArb: fc.Arbitrary<ChainedFields> = fc.record({
  at: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  jurisdictionId: fc.option(fc.uuid(), { nil: null }),
  personId: fc.option(fc.uuid(), { nil: null }),
  username: fc.option(fc.string(), { nil: null }),
  unitId: fc.option(fc.uuid(), { nil: null }),
  roles: fc.option(fc.string(), { nil: null }),
  ip: fc.option(fc.ipV4(), { nil: null }),
  action: fc.string({ minLength: 1 }),
  objectType: fc.option(fc.string(), { nil: null }),
  objectId: fc.option(fc.string(), { nil: null }),
  result: fc.constantFrom('success', 'failure', 'denied'),
  requestId: fc.option(fc.string(), { nil: null }),
  detail: fc.option(fc.dictionary(fc.string(), fc.jsonValue()), { nil: null }),
});

const KEY = randomBytes(32);
const AT = '2026-12-06T07:30:00.000Z';

/** A fresh installation: the key's start row first, then the rows. */
const keyedChain = (rows: ChainedFields[], key = KEY) => appendKeyed([], key, [keyStartFields([], key, AT), ...rows]);

/** Rows written before the key existed (seq numbers may skip: rolled-back transactions used some up). */
function legacyChain(rows: ChainedFields[], gaps: number[] = []): ChainRow[] {
  let prev = GENESIS_HASH;
  let seq = 0;
  return rows.map((r, i) => {
    seq += 1 + (gaps[i] ?? 0);
    const hash = legacyHash(prev, r);
    const out = { ...r, seq, prevHash: prev, hash };
    prev = hash;
    return out;
  });
}

/** What an attacker with the database but not the key can do: recompute every hash from `from` on. */
function rechain(
  rows: ChainRow[],
  from: number,
  hash: (seq: number, prev: string, f: ChainedFields) => string,
): ChainRow[] {
  const out = rows.map((r) => ({ ...r }));
  for (let i = from; i < out.length; i++) {
    const { seq, prevHash: _p, hash: _h, ...f } = out[i]!;
    out[i]!.prevHash = i === 0 ? GENESIS_HASH : out[i - 1]!.hash;
    out[i]!.hash = hash(seq, out[i]!.prevHash, f);
  }
  return out;
}

describe('audit hash chain', () => {
  it('canonical JSON ignores key order', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 1, e: 2 }] } })).toBe(
      canonicalJson({ a: { c: [3, { e: 2, f: 1 }], d: 2 }, b: 1 }),
    );
  });

  it('property: an intact keyed chain verifies, with its key only', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 20 }), (rows) => {
        const chain = keyedChain(rows);
        expect(verifyChain(chain, KEY)).toBeNull();
        expect(verifyChain(chain, randomBytes(32))).toMatchObject({ seq: 1, kind: 'wrong_key' });
      }),
    );
  });

  it('property: altering any row is found at that row', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 1, maxLength: 20 }), fc.nat(), (rows, k) => {
        const chain = keyedChain(rows);
        const i = 1 + (k % rows.length);
        chain[i] = { ...chain[i]!, action: `${chain[i]!.action}x` };
        expect(verifyChain(chain, KEY)).toMatchObject({ seq: i + 1, kind: 'hash' });
      }),
    );
  });

  it('property: removing a row is found at the row after it', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 2, maxLength: 20 }), fc.nat(), (rows, k) => {
        const chain = keyedChain(rows);
        const i = 1 + (k % (rows.length - 1));
        chain.splice(i, 1);
        expect(verifyChain(chain, KEY)).toMatchObject({ seq: i + 2, kind: 'seq_gap', expectedSeq: i + 1 });
      }),
    );
  });

  it('property: re-chaining after an edit without the key is found at the edited row', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 1, maxLength: 20 }), fc.nat(), (rows, k) => {
        const i = 1 + (k % rows.length);
        const chain = keyedChain(rows);
        chain[i] = { ...chain[i]!, result: 'forged' };
        const guessedKey = randomBytes(32);
        expect(
          verifyChain(
            rechain(chain, i, (s, p, f) => keyedHash(guessedKey, s, p, f)),
            KEY,
          ),
        ).toMatchObject({ seq: i + 1, kind: 'hash' });
        expect(
          verifyChain(
            rechain(chain, i, (_s, p, f) => legacyHash(p, f)),
            KEY,
          ),
        ).toMatchObject({ seq: i + 1, kind: 'hash' });
      }),
    );
  });

  it('a chain re-chained from its first row under the old rule has no keyed row', () => {
    const chain = keyedChain([{ ...keyStartFields([], KEY, AT), action: 'auth.login' }]);
    const forged = rechain(chain, 0, (_s, p, f) => legacyHash(p, f));
    expect(verifyChain(forged, KEY)).toMatchObject({ seq: 1, kind: 'hash' });
    // Without the start row at all: every row follows the old rule, but nothing is keyed.
    expect(
      verifyChain(
        rechain(chain.slice(1), 0, (_s, p, f) => legacyHash(p, f)),
        KEY,
      ),
    ).toMatchObject({ seq: 2, kind: 'unkeyed' });
  });

  it('rows numbered 0 or below are refused, swapped rows break the link', () => {
    const chain = keyedChain([
      { ...keyStartFields([], KEY, AT), action: 'a' },
      { ...keyStartFields([], KEY, AT), action: 'b' },
    ]);
    expect(verifyChain([{ ...chain[1]!, seq: 0 }, ...chain], KEY)).toMatchObject({ seq: 0, kind: 'seq_not_positive' });
    const swapped = [chain[0]!, { ...chain[2]!, seq: 2 }, { ...chain[1]!, seq: 3 }];
    expect(verifyChain(swapped, KEY)).toMatchObject({ seq: 2, kind: 'link' });
  });

  it('property: an old chain (with gaps) continues under the key and stays sealed by it', () => {
    fc.assert(
      fc.property(
        fc.array(rowArb, { minLength: 1, maxLength: 10 }),
        fc.array(fc.nat(3)),
        fc.array(rowArb, { maxLength: 5 }),
        fc.nat(),
        (old, gaps, later, k) => {
          const legacy = legacyChain(old, gaps);
          const chain = appendKeyed(legacy, KEY, [keyStartFields(legacy, KEY, AT), ...later]);
          expect(verifyChain(chain, KEY)).toBeNull();
          // Someone changes an old row and re-chains the old part under the old rule: the start row no longer seals it.
          const i = k % legacy.length;
          const edited = chain.map((r, j) => (j === i ? { ...r, username: 'mallory' } : r));
          const rechained = rechain(edited.slice(0, legacy.length), i, (_s, p, f) => legacyHash(p, f));
          expect(verifyChain([...rechained, ...chain.slice(legacy.length)], KEY)).toMatchObject({
            seq: legacy.at(-1)!.seq + 1,
            kind: 'legacy_seal',
          });
          // Without re-chaining the change is found at the row itself.
          expect(verifyChain(edited, KEY)).toMatchObject({ seq: legacy[i]!.seq, kind: 'hash' });
        },
      ),
    );
  });
});
