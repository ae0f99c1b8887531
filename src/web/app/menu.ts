import type { Role } from '../../shared/role-labels';
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
/** Everyone but the audit administrator, whose duty is the log alone (separation of the three administrators). */
const ORG_VIEWERS: Role[] = [
  'system_admin',
  'security_admin',
  'principal',
  'leader',
  'supervision_office',
  'unit_admin',
  'unit_clerk',
];

export const MENU: MenuEntry[] = [
  { path: '/', label: 'menu.home' },
  { path: '/cockpit', label: 'menu.cockpit', roles: ['principal', 'leader', 'supervision_office'] },
  // 督查通报: the office drafts and issues; principals and leaders read the issued ones (the server hides drafts from them).
  { path: '/bulletins', label: 'menu.bulletins', roles: ['principal', 'leader', 'supervision_office'] },
  // 考核排名: the league reads as the cockpit does (GET /scoring/league); the office alone edits rules and records praise.
  { path: '/scoring', label: 'menu.scoring', roles: ['principal', 'leader', 'supervision_office'] },
  // 问责与容错: the office opens and decides cases; anyone a case names (and a unit's head) reads it and may ask for
  // 容错 — the server lists each person only the cases he may see (GET /accountability reads with the ledger roles).
  { path: '/accountability', label: 'menu.accountability', roles: LEDGER },
  // 专项行动: the office forms campaigns and fills their fronts; leaders and units read (GET /campaigns with the
  // ledger roles; each front's figures over the tasks the reader sees).
  { path: '/campaigns', label: 'menu.campaigns', roles: LEDGER },
  // 工作专班: the office forms them; every ledger role reads (GET /task-forces), the tasks each sees are the core's.
  { path: '/task-forces', label: 'menu.taskForces', roles: LEDGER },
  { path: '/tasks', label: 'menu.tasks', roles: LEDGER },
  // 减负监测: the office ranks units by the burden; leaders read their units'; a unit's head (单位管理员) his own
  // (GET /burden; clerks are not shown it).
  { path: '/burden', label: 'menu.burden', roles: ['principal', 'leader', 'supervision_office', 'unit_admin'] },
  // 会议调度: leaders and the office hold meetings; a unit sees the meetings that gave it a decision.
  { path: '/meetings', label: 'menu.meetings', roles: LEDGER },
  // 问题整改: the office records and closes findings; units rectify theirs, leaders read their units' (server-scoped).
  { path: '/findings', label: 'menu.findings', roles: LEDGER },
  // 讲话任务分解: the office drafts tasks from a speech and issues them (leaders open a document from a task's link).
  { path: '/extractions', label: 'menu.extractions', roles: ['principal', 'supervision_office'] },
  // 经济运行: every ledger role reads the board; the server scopes which indicators each sees.
  { path: '/indicators', label: 'menu.indicators', roles: LEDGER },
  // 重点项目: the projects, rounds and blockers routes all read with the ledger roles (READERS in projects.routes.ts);
  // the three administrators see none of them. Writes are checked per action on the pages and by the server.
  { path: '/projects', label: 'menu.projects', roles: LEDGER, group: 'menu.projectsGroup' },
  { path: '/projects/rates', label: 'menu.projectRates', roles: LEDGER, group: 'menu.projectsGroup' },
  { path: '/projects/map', label: 'menu.projectMap', roles: LEDGER, group: 'menu.projectsGroup' },
  { path: '/rounds', label: 'menu.rounds', roles: LEDGER, group: 'menu.projectsGroup' },
  { path: '/blockers', label: 'menu.blockers', roles: LEDGER, group: 'menu.projectsGroup' },
  // 企业服务: every ledger role reads (the server scopes: a unit its 包联 enterprises and its demands).
  { path: '/enterprises', label: 'menu.enterprises', roles: LEDGER, group: 'menu.enterpriseGroup' },
  { path: '/demands', label: 'menu.demands', roles: LEDGER, group: 'menu.enterpriseGroup' },
  { path: '/demand-figures', label: 'menu.demandFigures', roles: LEDGER, group: 'menu.enterpriseGroup' },
  { path: '/visits', label: 'menu.visits', roles: LEDGER, group: 'menu.enterpriseGroup' },
  { path: '/libraries', label: 'menu.libraries', roles: LEDGER, group: 'menu.enterpriseGroup' },
  // 亩均: tax and output of each enterprise, read by the county's leaders and the office (MU_READERS).
  {
    path: '/mu',
    label: 'menu.mu',
    roles: ['principal', 'leader', 'supervision_office'],
    group: 'menu.enterpriseGroup',
  },
  // 招商引资: the leads, chains and sites routes read with the ledger roles (READERS in investment.routes.ts).
  { path: '/leads', label: 'menu.leads', roles: LEDGER, group: 'menu.investmentGroup' },
  { path: '/chains', label: 'menu.chains', roles: LEDGER, group: 'menu.investmentGroup' },
  { path: '/sites', label: 'menu.sites', roles: LEDGER, group: 'menu.investmentGroup' },
  { path: '/investment-map', label: 'menu.investmentMap', roles: LEDGER, group: 'menu.investmentGroup' },
  { path: '/org/units', label: 'menu.units', roles: ORG_VIEWERS, group: 'menu.org' },
  { path: '/org/people', label: 'menu.people', roles: ORG_VIEWERS, group: 'menu.org' },
  { path: '/org/import', label: 'menu.import', roles: ['system_admin'], group: 'menu.org' },
  { path: '/audit', label: 'menu.audit', roles: ['audit_admin'] },
  // 系统设置: the system administrator keeps the webhooks and the working calendar; the light thresholds are a
  // supervision rule, set by the supervision office (PUT /settings/lights is theirs alone).
  { path: '/settings/webhooks', label: 'menu.webhooks', roles: ['system_admin'], group: 'menu.settings' },
  { path: '/settings/calendar', label: 'menu.calendar', roles: ['system_admin'], group: 'menu.settings' },
  { path: '/settings/lights', label: 'menu.lights', roles: ['supervision_office'], group: 'menu.settings' },
  // Key projects' settings: the milestone templates are the office's (PUT …/milestone-templates), the county
  // outline the system administrator's (PUT /projects/boundary).
  {
    path: '/settings/milestone-templates',
    label: 'menu.milestoneTemplates',
    roles: ['supervision_office'],
    group: 'menu.settings',
  },
  { path: '/settings/boundary', label: 'menu.boundary', roles: ['system_admin'], group: 'menu.settings' },
  { path: '/notifications', label: 'menu.notifications', group: 'menu.account' },
  { path: '/account/password', label: 'menu.password', group: 'menu.account' },
  { path: '/account/totp', label: 'menu.totp', group: 'menu.account' },
  { path: '/account/tokens', label: 'menu.tokens', group: 'menu.account' },
];

/** Where a signed-in person must go before anything else, or null. The server refuses other calls meanwhile. */
export function pendingSetup(me: {
  mustChangePassword: boolean;
  needsTotpSetup: boolean;
}): '/account/password' | '/account/totp' | null {
  if (me.mustChangePassword) return '/account/password';
  if (me.needsTotpSetup) return '/account/totp';
  return null;
}

/** The entries a person with these roles sees; while a setup step is pending, only that step. */
export function visibleMenu(roles: readonly Role[], pending: string | null = null): MenuEntry[] {
  if (pending) return MENU.filter((m) => m.path === pending);
  return MENU.filter((m) => !m.roles || m.roles.some((r) => roles.includes(r)));
}

/** The entry a path belongs to (a task page belongs to the ledger), for the menu's selection. */
export function activeEntry(entries: readonly MenuEntry[], pathname: string): MenuEntry | undefined {
  return entries
    .filter((e) => e.path === pathname || (e.path !== '/' && pathname.startsWith(`${e.path}/`)))
    .sort((a, b) => b.path.length - a.path.length)[0];
}
