import type { Role } from '../../shared/roles';
import type { MessageKey } from './i18n';

/**
 * The left menu and who sees each entry: one table, mirroring the server's access rules (the server still
 * checks every request; hiding an entry is a courtesy, not the protection).
 */
export interface MenuEntry {
  path: string;
  label: MessageKey;
  /** undefined = every signed-in user. */
  roles?: readonly Role[];
  group?: MessageKey;
}

const LEDGER: Role[] = ['principal', 'leader', 'supervision_office', 'unit_admin', 'unit_clerk'];
const ORG_VIEWERS: Role[] = ['system_admin', 'security_admin', 'principal', 'leader', 'supervision_office', 'unit_admin', 'unit_clerk'];

export const MENU: MenuEntry[] = [
  { path: '/', label: 'menu.home' },
  { path: '/tasks', label: 'menu.tasks', roles: LEDGER },
  { path: '/org/units', label: 'menu.units', roles: ORG_VIEWERS, group: 'menu.org' },
  { path: '/org/people', label: 'menu.people', roles: ORG_VIEWERS, group: 'menu.org' },
  { path: '/org/import', label: 'menu.import', roles: ['system_admin'], group: 'menu.org' },
  { path: '/audit', label: 'menu.audit', roles: ['audit_admin'] },
  { path: '/notifications', label: 'menu.notifications', group: 'menu.account' },
  { path: '/account/password', label: 'menu.password', group: 'menu.account' },
  { path: '/account/totp', label: 'menu.totp', group: 'menu.account' },
  { path: '/account/tokens', label: 'menu.tokens', group: 'menu.account' },
];

export function visibleMenu(roles: readonly Role[]): MenuEntry[] {
  return MENU.filter((m) => !m.roles || m.roles.some((r) => roles.includes(r)));
}
