import { queryOptions } from '@tanstack/react-query';
import { api, ApiError } from '../../lib/api';
import type { PersonOut, UnitCreate, UnitOut, UnitPatch } from '../../../shared/org';
import type { Role } from '../../../shared/role-labels';

/** What GET /api/v1/people accepts (PeopleQuery in src/shared/org.ts), as the page sends it. */
export interface PeopleFilter {
  page?: number;
  pageSize?: number;
  q?: string;
  unitId?: string;
  role?: Role;
  active?: 'true' | 'false' | 'all';
}

export interface PersonInput {
  username?: string;
  displayName: string;
  unitId: string;
  title?: string | null;
  phone?: string | null;
  email?: string | null;
  initialPassword?: string;
}

/** The answer of POST /api/v1/org-imports: every row checked, nothing written yet. */
export interface ImportPreview {
  /** null when there are errors: such a file cannot be committed. */
  batchId: string | null;
  fileName: string;
  units: number;
  people: number;
  previouslyCommittedAt: string | null;
  /** field is `<sheet>!<row>.<column>` for a cell, or `file` for the file as a whole. */
  errors: { row?: number; column?: string; field?: string; code: string; message: string }[];
  sample: {
    units: { row: number; name: string; parentName: string | null; kind: string }[];
    people: { row: number; username: string; displayName: string; unitName: string; roles: string[] }[];
  };
}

/**
 * Query keys of the organisation module. `units` is shared with the home page and the task pages (same key, same
 * shape: the list of units), so a change here is a change there.
 */
export const orgKeys = {
  units: ['units'] as const,
  peopleAll: ['people'] as const,
  people: (q: PeopleFilter | Record<string, unknown>) => ['people', q] as const,
};

export const orgApi = {
  units: () => api<{ items: UnitOut[] }>('GET', '/api/v1/units').then((r) => r.items),
  createUnit: (body: UnitCreate) => api<UnitOut>('POST', '/api/v1/units', { body }),
  updateUnit: (id: string, version: number, body: UnitPatch) =>
    api<UnitOut>('PATCH', `/api/v1/units/${id}`, { body, version }),
  setUnitActive: (u: Pick<UnitOut, 'id' | 'version'>, active: boolean) =>
    api<UnitOut>('POST', `/api/v1/units/${u.id}/${active ? 'reactivate' : 'deactivate'}`, { version: u.version }),
  people: (q: PeopleFilter) => api<{ items: PersonOut[]; total: number }>('GET', '/api/v1/people', { query: { ...q } }),
  createPerson: (body: PersonInput) => api<PersonOut>('POST', '/api/v1/people', { body }),
  updatePerson: (p: Pick<PersonOut, 'id' | 'version'>, body: Omit<PersonInput, 'username' | 'initialPassword'>) =>
    api<PersonOut>('PATCH', `/api/v1/people/${p.id}`, { body, version: p.version }),
  setPersonActive: (p: Pick<PersonOut, 'id' | 'version'>, active: boolean) =>
    api<PersonOut>('POST', `/api/v1/people/${p.id}/${active ? 'reactivate' : 'deactivate'}`, { version: p.version }),
  setRoles: (p: Pick<PersonOut, 'id' | 'version'>, roles: Role[], leaderUnitIds: string[]) =>
    api<PersonOut>('PUT', `/api/v1/people/${p.id}/roles`, { body: { roles, leaderUnitIds }, version: p.version }),
  unlock: (id: string) => api<void>('POST', `/api/v1/people/${id}/unlock`),
  resetPassword: (id: string, newPassword: string) =>
    api<void>('POST', `/api/v1/people/${id}/reset-password`, { body: { newPassword } }),
  resetTotp: (id: string) => api<void>('POST', `/api/v1/people/${id}/reset-totp`),
  previewImport: (file: File) => {
    const form = new FormData();
    form.append('file', file);
    return api<ImportPreview>('POST', '/api/v1/org-imports', { form });
  },
  commitImport: (batchId: string) =>
    api<{ units: number; people: number }>('POST', `/api/v1/org-imports/${batchId}/commit`),
};

export const unitsQuery = () => queryOptions({ queryKey: orgKeys.units, queryFn: orgApi.units });
export const peopleQuery = (q: PeopleFilter) =>
  queryOptions({ queryKey: orgKeys.people(q), queryFn: () => orgApi.people(q) });

/** A write refused because someone else changed the record since it was read (If-Match, 412). */
export function isVersionConflict(e: unknown): boolean {
  return e instanceof ApiError && (e.code === 'version_conflict' || e.status === 412);
}

/** The unit list as a tree for antd Tree / TreeSelect. */
export interface UnitNode {
  key: string;
  value: string;
  title: string;
  /** Full name, short name and aliases: what people type to find a unit (住建局 → 县住房和城乡建设局). */
  searchText: string;
  unit: UnitOut;
  children: UnitNode[];
}
export function unitTree(units: UnitOut[], includeInactive = true): UnitNode[] {
  const shown = units.filter((u) => includeInactive || u.active);
  const nodes = new Map(
    shown.map((u) => [
      u.id,
      {
        key: u.id,
        value: u.id,
        title: u.name,
        searchText: [u.name, u.shortName ?? '', ...u.aliases].join(' '),
        unit: u,
        children: [] as UnitNode[],
      },
    ]),
  );
  const roots: UnitNode[] = [];
  for (const n of nodes.values()) {
    const parent = n.unit.parentId ? nodes.get(n.unit.parentId) : undefined;
    (parent ? parent.children : roots).push(n);
  }
  return roots;
}

/** Keeps the nodes whose name, short name or alias contains `q`, with the ancestors that lead to them. */
export function filterTree(nodes: UnitNode[], q: string): UnitNode[] {
  const needle = q.trim().toLowerCase();
  if (!needle) return nodes;
  const out: UnitNode[] = [];
  for (const n of nodes) {
    const children = filterTree(n.children, q);
    if (n.searchText.toLowerCase().includes(needle) || children.length) out.push({ ...n, children });
  }
  return out;
}

/** Keys of every node that has children (what "expand all" expands). */
export function parentKeys(nodes: UnitNode[]): string[] {
  return nodes.flatMap((n) => (n.children.length ? [n.key, ...parentKeys(n.children)] : []));
}
