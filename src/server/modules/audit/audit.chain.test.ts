import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson, chainHash, firstBrokenLink, GENESIS_HASH, type ChainedFields } from './audit.chain';

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

function chain(rows: ChainedFields[]) {
  let prev = GENESIS_HASH;
  return rows.map((r) => {
    const hash = chainHash(prev, r);
    const out = { ...r, prevHash: prev, hash };
    prev = hash;
    return out;
  });
}

describe('audit hash chain', () => {
  it('canonical JSON ignores key order', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 1, e: 2 }] } })).toBe(canonicalJson({ a: { c: [3, { e: 2, f: 1 }], d: 2 }, b: 1 }));
  });
  it('property: an intact chain verifies', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 20 }), (rows) => {
        expect(firstBrokenLink(chain(rows))).toBe(-1);
      }),
    );
  });
  it('property: altering any row is found at that row', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 1, maxLength: 20 }), fc.nat(), (rows, k) => {
        const chained = chain(rows);
        const i = k % chained.length;
        chained[i] = { ...chained[i]!, action: chained[i]!.action + 'x' };
        expect(firstBrokenLink(chained)).toBe(i);
      }),
    );
  });
  it('property: removing a row breaks the link after it', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 2, maxLength: 20 }), fc.nat(), (rows, k) => {
        const chained = chain(rows);
        const i = k % (chained.length - 1);
        chained.splice(i, 1);
        expect(firstBrokenLink(chained)).toBe(i);
      }),
    );
  });
});
