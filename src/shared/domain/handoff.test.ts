import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { handOffAllowed, isLocal, isUnder, type UnitNode } from './handoff';

const KINDS = ['department', 'township', 'park', 'government_office', 'other'];
/** A random unit tree: each unit's parent is an earlier unit (or none). */
const tree = fc
  .array(fc.tuple(fc.nat(), fc.constantFrom(...KINDS), fc.boolean()), { minLength: 1, maxLength: 30 })
  .map((rows) => {
    const units = new Map<string, UnitNode>();
    rows.forEach(([p, kind, root], i) => {
      const id = `u${i}`;
      units.set(id, { id, parentId: i === 0 || root ? null : `u${p % i}`, kind });
    });
    return units;
  });
const pick = (units: Map<string, UnitNode>, n: number) => [...units.keys()][n % units.size]!;

describe('一级抓一级 (sub-tasks down the unit tree)', () => {
  const units = new Map<string, UnitNode>(
    [
      { id: 'county', parentId: null, kind: 'government_office' },
      { id: 'fgj', parentId: null, kind: 'department' },
      { id: 'nyj', parentId: null, kind: 'department' },
      { id: 'cgz', parentId: null, kind: 'township' },
      { id: 'dhz', parentId: null, kind: 'township' },
      { id: 'cgz-village', parentId: 'cgz', kind: 'other' },
      { id: 'park', parentId: null, kind: 'park' },
    ].map((u) => [u.id, u]),
  );
  it('a county department hands parts to townships, parks and other departments', () => {
    for (const to of ['cgz', 'dhz', 'park', 'nyj']) expect(handOffAllowed('fgj', to, units), to).toBe(true);
  });
  it('a township hands parts to what lies under it, never across to a peer township or up to a department', () => {
    expect(handOffAllowed('cgz', 'cgz-village', units)).toBe(true);
    expect(handOffAllowed('cgz', 'dhz', units)).toBe(false);
    expect(handOffAllowed('cgz', 'fgj', units)).toBe(false);
    expect(handOffAllowed('cgz-village', 'dhz', units)).toBe(false);
    expect(handOffAllowed('park', 'cgz', units)).toBe(false);
  });
  it('properties: down the tree is always allowed; a refusal is always a local unit handing outside its subtree', () => {
    fc.assert(
      fc.property(tree, fc.nat(), fc.nat(), (u, a, b) => {
        const from = pick(u, a);
        const to = pick(u, b);
        if (isUnder(to, from, u)) expect(handOffAllowed(from, to, u)).toBe(true);
        if (!handOffAllowed(from, to, u)) {
          expect(isLocal(from, u)).toBe(true);
          expect(isUnder(to, from, u)).toBe(false);
        }
      }),
    );
  });
});
