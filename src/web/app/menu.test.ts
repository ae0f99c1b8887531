import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../shared/role-labels';
import { activeEntry, MENU, pendingSetup, visibleMenu } from './menu';

const paths = (roles: Role[], pending: string | null = null) => visibleMenu(roles, pending).map((e) => e.path);
const EVERYONE = ['/', '/notifications', '/account/password', '/account/totp', '/account/tokens'];

describe('left menu', () => {
  it('gives every role the home page and its own account pages', () => {
    for (const r of ROLES) expect(paths([r])).toEqual(expect.arrayContaining(EVERYONE));
  });

  it('shows the audit log to the audit administrator alone, who sees no organisation pages', () => {
    for (const r of ROLES) expect(paths([r]).includes('/audit')).toBe(r === 'audit_admin');
    expect(paths(['audit_admin']).filter((p) => p.startsWith('/org'))).toEqual([]);
  });

  it('lets every other role view units and people, and only the system administrator import', () => {
    for (const r of ROLES.filter((r) => r !== 'audit_admin'))
      expect(paths([r])).toEqual(expect.arrayContaining(['/org/units', '/org/people']));
    for (const r of ROLES) expect(paths([r]).includes('/org/import')).toBe(r === 'system_admin');
  });

  it(`shows 系统设置 as the server allows it: webhooks and the calendar to the system administrator, light rules to the \
supervision office`, () => {
    for (const r of ROLES) {
      expect(paths([r]).includes('/settings/webhooks'), r).toBe(r === 'system_admin');
      expect(paths([r]).includes('/settings/calendar'), r).toBe(r === 'system_admin');
      expect(paths([r]).includes('/settings/lights'), r).toBe(r === 'supervision_office');
      expect(paths([r]).includes('/settings/milestone-templates'), r).toBe(r === 'supervision_office');
      expect(paths([r]).includes('/settings/boundary'), r).toBe(r === 'system_admin');
    }
    expect(MENU.filter((e) => e.path.startsWith('/settings/')).every((e) => e.group === 'menu.settings')).toBe(true);
    expect(activeEntry(MENU, '/settings/calendar')?.path).toBe('/settings/calendar');
  });

  it('shows 经济运行 to the business roles, not to the three administrators', () => {
    for (const r of ROLES)
      expect(paths([r]).includes('/indicators'), r).toBe(
        !['system_admin', 'security_admin', 'audit_admin'].includes(r),
      );
    expect(activeEntry(MENU, '/indicators/abc')?.path).toBe('/indicators');
  });

  it('shows 重点项目 (library, rates, map, rounds, blockers) to the business roles, as the projects routes allow reading', () => {
    const entries = ['/projects', '/projects/rates', '/projects/map', '/rounds', '/blockers'];
    for (const r of ROLES)
      for (const e of entries)
        expect(paths([r]).includes(e), `${r} ${e}`).toBe(
          !['system_admin', 'security_admin', 'audit_admin'].includes(r),
        );
    expect(MENU.filter((e) => entries.includes(e.path)).every((e) => e.group === 'menu.projectsGroup')).toBe(true);
    expect(activeEntry(MENU, '/projects/abc')?.path).toBe('/projects');
    expect(activeEntry(MENU, '/projects/map')?.path).toBe('/projects/map');
    expect(activeEntry(MENU, '/rounds/abc')?.path).toBe('/rounds');
  });

  it('shows 督查通报 to principals, leaders and the supervision office, as the bulletins routes allow reading', () => {
    for (const r of ROLES)
      expect(paths([r]).includes('/bulletins'), r).toBe(['principal', 'leader', 'supervision_office'].includes(r));
    expect(activeEntry(MENU, '/bulletins/abc')?.path).toBe('/bulletins');
  });

  it('shows 讲话任务分解 to the supervision office and principals, who upload and issue', () => {
    for (const r of ROLES)
      expect(paths([r]).includes('/extractions'), r).toBe(r === 'supervision_office' || r === 'principal');
    expect(activeEntry(MENU, '/extractions/abc')?.path).toBe('/extractions');
  });

  it('unions the entries of several roles', () => {
    // A leader who also administers a unit sees the unit's pages and the leaders' cockpit (and 亩均, the leaders').
    expect(paths(['leader', 'unit_admin'])).toContain('/mu');
    expect(paths(['leader', 'unit_admin']).filter((p) => p !== '/mu')).toEqual([
      '/',
      '/cockpit',
      '/bulletins',
      '/scoring',
      ...paths(['unit_admin']).slice(1),
    ]);
    expect(paths(['unit_admin'])).not.toContain('/scoring');
    expect(paths(['unit_admin'])).not.toContain('/cockpit');
    expect(paths(['system_admin', 'audit_admin'])).toContain('/audit');
  });

  it('shows only the pending step until the password is changed or TOTP set up', () => {
    expect(pendingSetup({ mustChangePassword: true, needsTotpSetup: true })).toBe('/account/password');
    expect(pendingSetup({ mustChangePassword: false, needsTotpSetup: true })).toBe('/account/totp');
    expect(pendingSetup({ mustChangePassword: false, needsTotpSetup: false })).toBeNull();
    expect(paths(['system_admin'], '/account/password')).toEqual(['/account/password']);
  });

  it('selects the entry a nested page belongs to, and home only on /', () => {
    expect(activeEntry(MENU, '/tasks/123')?.path).toBe('/tasks');
    expect(activeEntry(MENU, '/org/units')?.path).toBe('/org/units');
    expect(activeEntry(MENU, '/')?.path).toBe('/');
    expect(activeEntry(MENU, '/nowhere')).toBeUndefined();
  });

  it('has one entry per path', () => {
    expect(new Set(MENU.map((e) => e.path)).size).toBe(MENU.length);
  });
});
