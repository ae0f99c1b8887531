import { api } from '../../lib/api';
import type { PersonOut, UnitOut } from '../../../shared/org';
import type { Role } from '../../../shared/roles';

/** Query keys and calls of the organisation module. */
export const orgKeys = {
  units: ['units'] as const,
  people: (q: Record<string, unknown>) => ['people', q] as const,
  peopleAll: ['people'] as const,
};

export const orgApi = {
  units: () => api<{ items: UnitOut[] }>('GET', '/api/v1/units').then((r) => r.items),
  createUnit: (body: Record<string, unknown>) => api<UnitOut>('POST', '/api/v1/units', { body }),
  updateUnit: (id: string, version: number, body: Record<string, unknown>) => api<UnitOut>('PATCH', `/api/v1/units/${id}`, { body, version }),
  setUnitActive: (u: UnitOut, active: boolean) => api<UnitOut>('POST', `/api/v1/units/${u.id}/${active ? 'reactivate' : 'deactivate'}`, { version: u.version }),
  people: (q: Record<string, string | number | undefined>) => api<{ items: PersonOut[]; total: number }>('GET', '/api/v1/people', { query: q }),
  createPerson: (body: Record<string, unknown>) => api<PersonOut>('POST', '/api/v1/people', { body }),
  updatePerson: (p: PersonOut, body: Record<string, unknown>) => api<PersonOut>('PATCH', `/api/v1/people/${p.id}`, { body, version: p.version }),
  setPersonActive: (p: PersonOut, active: boolean) => api<PersonOut>('POST', `/api/v1/people/${p.id}/${active ? 'reactivate' : 'deactivate'}`, { version: p.version }),
  setRoles: (p: PersonOut, roles: Role[], leaderUnitIds: string[]) => api<PersonOut>('PUT', `/api/v1/people/${p.id}/roles`, { body: { roles, leaderUnitIds }, version: p.version }),
  unlock: (id: string) => api('POST', `/api/v1/people/${id}/unlock`),
  resetPassword: (id: string, newPassword: string) => api('POST', `/api/v1/people/${id}/reset-password`, { body: { newPassword } }),
  resetTotp: (id: string) => api('POST', `/api/v1/people/${id}/reset-totp`),
};

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
  const nodes = new Map(shown.map((u) => [u.id, { key: u.id, value: u.id, title: u.name, searchText: [u.name, u.shortName ?? '', ...u.aliases].join(' '), unit: u, children: [] as UnitNode[] }]));
  const roots: UnitNode[] = [];
  for (const n of nodes.values()) {
    const parent = n.unit.parentId ? nodes.get(n.unit.parentId) : undefined;
    (parent ? parent.children : roots).push(n);
  }
  return roots;
}
