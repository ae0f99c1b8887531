/**
 * Roles of DESIGN.md §4/§7 and their names, apart from the schema (src/shared/roles.ts re-exports them): the web
 * app's shell shows a person's roles without bringing zod into the browser. The three administrators (system / security
 * / audit) are separated duties
 * (GB/T 22239 level 3): one person may hold at most one of them, and none of them grants the others' powers.
 */
export const ROLES = [
  'system_admin',
  'security_admin',
  'audit_admin',
  'principal',
  'leader',
  'supervision_office',
  'unit_admin',
  'unit_clerk',
] as const;
export type Role = (typeof ROLES)[number];

export const ADMIN_ROLES: readonly Role[] = ['system_admin', 'security_admin', 'audit_admin'];

export const ROLE_LABELS: Record<Role, { 'zh-CN': string; 'en-US': string }> = {
  system_admin: { 'zh-CN': '系统管理员', 'en-US': 'System administrator' },
  security_admin: { 'zh-CN': '安全管理员', 'en-US': 'Security administrator' },
  audit_admin: { 'zh-CN': '审计管理员', 'en-US': 'Audit administrator' },
  principal: { 'zh-CN': '主要领导', 'en-US': 'Principal leader' },
  leader: { 'zh-CN': '分管领导', 'en-US': 'Leader' },
  supervision_office: { 'zh-CN': '督查室', 'en-US': 'Supervision office' },
  unit_admin: { 'zh-CN': '单位管理员', 'en-US': 'Unit administrator' },
  unit_clerk: { 'zh-CN': '单位经办人', 'en-US': 'Unit clerk' },
};

/** Returns the reason a role set is not allowed, or null. Pure: used by the API and the UI. */
export function roleSetConflict(roles: readonly Role[]): 'admin_roles_exclusive' | null {
  const admins = roles.filter((r) => ADMIN_ROLES.includes(r));
  if (admins.length > 1) return 'admin_roles_exclusive';
  // An administrator account is for administration only: mixing it with business roles would let the
  // system administrator, say, also approve tasks, which the separation of duties forbids.
  if (admins.length === 1 && roles.length > 1) return 'admin_roles_exclusive';
  return null;
}
