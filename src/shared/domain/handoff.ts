/**
 * 一级抓一级: a unit breaks its task down the unit tree. A unit at the county level (a department, an office) hands
 * parts to the units under it, to the townships and parks, or to other county departments; a township or park (or a
 * unit under one) hands parts only to the units under it — a part for a peer township goes through the supervision
 * office, which may assign it directly. Pure, so the rule is tested on its own.
 */
export interface UnitNode {
  id: string;
  parentId: string | null;
  kind: string;
}

const LOCAL_KINDS = new Set(['township', 'park']);

/** The unit and its ancestors, nearest first (a cycle or a missing parent ends the walk). */
function lineage(id: string, units: ReadonlyMap<string, UnitNode>): UnitNode[] {
  const out: UnitNode[] = [];
  const seen = new Set<string>();
  for (let u = units.get(id); u && !seen.has(u.id); u = u.parentId ? units.get(u.parentId) : undefined) {
    seen.add(u.id);
    out.push(u);
  }
  return out;
}

/** Whether `to` is `from` or lies under it. */
export function isUnder(to: string, from: string, units: ReadonlyMap<string, UnitNode>): boolean {
  return lineage(to, units).some((u) => u.id === from);
}

/** A township or park, or a unit inside one: it works below the county level. */
export function isLocal(id: string, units: ReadonlyMap<string, UnitNode>): boolean {
  return lineage(id, units).some((u) => LOCAL_KINDS.has(u.kind));
}

/** Whether a part of `from`'s task may be handed to `to` as a sub-task: down the tree, or anywhere from the county. */
export function handOffAllowed(from: string, to: string, units: ReadonlyMap<string, UnitNode>): boolean {
  return isUnder(to, from, units) || !isLocal(from, units);
}
