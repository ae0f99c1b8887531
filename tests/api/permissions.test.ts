import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { createTestApp, type Client } from '../helpers/app';
import { registerAuth, type RegisteredRoute } from '../../src/server/plugins/auth';
import { ROLES, type Role } from '../../src/shared/roles';
import type { AuthService } from '../../src/server/modules/auth/auth.service';

/**
 * The permission matrix: every registered /api route, called by every role, anonymously and by a deactivated
 * user. The table below is the intended rule for each route; a route added without a row here fails, and a
 * route whose behaviour differs from its row fails.
 */
type Rule = 'public' | 'signed-in' | Role[];
const ALL_BUSINESS: Role[] = [
  'system_admin',
  'security_admin',
  'principal',
  'leader',
  'supervision_office',
  'unit_admin',
  'unit_clerk',
];

const LEDGER: Role[] = ['principal', 'leader', 'supervision_office', 'unit_admin', 'unit_clerk'];
const ISSUERS: Role[] = ['principal', 'supervision_office'];
const UNITS: Role[] = ['unit_admin', 'unit_clerk'];
const ISSUERS_AND_UNITS: Role[] = [...ISSUERS, ...UNITS];
/** Indicators: the office and units enter values (which ones is scoped in the service); principals and leaders read. */
const INDICATOR_WRITERS: Role[] = ['supervision_office', ...UNITS];

const EXPECTED: Record<string, Rule> = {
  'GET /api/openapi.json': 'public',
  'GET /api/v1/auth/config': 'public',
  'POST /api/v1/auth/login': 'public',
  'POST /api/v1/auth/logout': 'signed-in',
  'GET /api/v1/auth/me': 'signed-in',
  'POST /api/v1/auth/change-password': 'signed-in',
  'POST /api/v1/auth/totp/setup': 'signed-in',
  'POST /api/v1/auth/totp/enable': 'signed-in',
  'POST /api/v1/auth/totp/disable': 'signed-in',
  'POST /api/v1/auth/sign-out-everywhere': 'signed-in',
  'GET /api/v1/api-tokens': 'signed-in',
  'POST /api/v1/api-tokens': 'signed-in',
  'POST /api/v1/api-tokens/:id/revoke': 'signed-in',
  'POST /api/v1/people/:id/unlock': ['security_admin'],
  'POST /api/v1/people/:id/reset-password': ['security_admin'],
  'POST /api/v1/people/:id/reset-totp': ['security_admin'],
  'GET /api/v1/people/:id/account': ['security_admin'],
  'PUT /api/v1/people/:id/roles': ['security_admin'],
  'GET /api/v1/units': 'signed-in',
  'GET /api/v1/units/:id': 'signed-in',
  'POST /api/v1/units': ['system_admin'],
  'PATCH /api/v1/units/:id': ['system_admin'],
  'POST /api/v1/units/:id/deactivate': ['system_admin'],
  'POST /api/v1/units/:id/reactivate': ['system_admin'],
  'GET /api/v1/people': ALL_BUSINESS,
  'GET /api/v1/people/export': ALL_BUSINESS,
  'GET /api/v1/people/:id': ALL_BUSINESS,
  'POST /api/v1/people': ['system_admin', 'unit_admin'],
  'PATCH /api/v1/people/:id': ['system_admin', 'unit_admin'],
  'POST /api/v1/people/:id/deactivate': ['system_admin', 'unit_admin'],
  'POST /api/v1/people/:id/reactivate': ['system_admin', 'unit_admin'],
  'GET /api/v1/org-imports/template': ['system_admin'],
  'POST /api/v1/org-imports': ['system_admin'],
  'POST /api/v1/org-imports/:id/commit': ['system_admin'],
  'GET /api/v1/calendar': 'signed-in',
  'GET /api/v1/calendar/working-days': 'signed-in',
  'GET /api/v1/calendar/next-year': ['system_admin'],
  'PUT /api/v1/calendar/days/:day': ['system_admin'],
  'POST /api/v1/calendar/import': ['system_admin'],
  'GET /api/v1/settings/lights': 'signed-in',
  'PUT /api/v1/settings/lights': ['supervision_office'],
  'GET /api/v1/settings/reporting': 'signed-in',
  'PUT /api/v1/settings/reporting': ['supervision_office'],
  'GET /api/v1/scoring/rules': 'signed-in',
  'PUT /api/v1/scoring/rules': ['supervision_office'],
  'GET /api/v1/scoring/league': ['principal', 'leader', 'supervision_office'],
  'GET /api/v1/scoring/commendations': ['principal', 'leader', 'supervision_office'],
  'POST /api/v1/scoring/commendations': ['supervision_office'],
  'POST /api/v1/scoring/commendations/:id/withdraw': ['supervision_office'],
  'GET /api/v1/accountability/settings': LEDGER,
  'PUT /api/v1/accountability/settings': ['supervision_office'],
  'GET /api/v1/accountability/counts': ['principal', 'leader', 'supervision_office'],
  'GET /api/v1/accountability': LEDGER,
  'POST /api/v1/accountability': ['supervision_office'],
  'GET /api/v1/accountability/:id': LEDGER,
  'POST /api/v1/accountability/:id/decide': ['supervision_office'],
  'POST /api/v1/accountability/:id/withdraw': ['supervision_office'],
  // Filed by the person a case names or the head of its unit (the service checks who; others get 404 or 403).
  'POST /api/v1/accountability/:id/tolerance': LEDGER,
  'POST /api/v1/accountability/:id/tolerance/decide': ['supervision_office'],
  'GET /api/v1/campaigns': LEDGER,
  'POST /api/v1/campaigns': ['supervision_office'],
  'GET /api/v1/campaigns/:id': LEDGER,
  'PATCH /api/v1/campaigns/:id': ['supervision_office'],
  'POST /api/v1/campaigns/:id/fronts': ['supervision_office'],
  'PATCH /api/v1/campaigns/:id/fronts/:frontId': ['supervision_office'],
  'POST /api/v1/campaigns/:id/items': ['supervision_office'],
  'POST /api/v1/campaigns/:id/items/remove': ['supervision_office'],
  'GET /api/v1/burden': ['principal', 'leader', 'supervision_office', 'unit_admin'],
  'GET /api/v1/task-forces': LEDGER,
  'POST /api/v1/task-forces': ['supervision_office'],
  'GET /api/v1/task-forces/:id': LEDGER,
  'PATCH /api/v1/task-forces/:id': ['supervision_office'],
  'POST /api/v1/task-forces/:id/members': ['supervision_office'],
  'POST /api/v1/task-forces/:id/members/remove': ['supervision_office'],
  'GET /api/public/livelihood': 'public',
  'GET /api/public/livelihood/photos/:id': 'public',
  'GET /api/v1/projects/:id/publication': ISSUERS,
  'PUT /api/v1/projects/:id/publication': ['supervision_office'],
  'POST /api/v1/projects/:id/publication/photos': ['supervision_office'],
  'PATCH /api/v1/projects/:id/publication/photos/:photoId': ['supervision_office'],
  'GET /api/v1/projects/:id/publication/photos/:photoId/file': ISSUERS,
  'POST /api/v1/tasks/batch': ISSUERS,
  'POST /api/v1/attachments': LEDGER,
  'GET /api/v1/attachments/:id': LEDGER,
  'GET /api/v1/tasks': LEDGER,
  'GET /api/v1/tasks/export': LEDGER,
  'POST /api/v1/tasks/import': ISSUERS,
  'POST /api/v1/tasks/import/:batch/commit': ISSUERS,
  'POST /api/v1/tasks': ISSUERS,
  'GET /api/v1/tasks/:id': LEDGER,
  'PATCH /api/v1/tasks/:id': ISSUERS_AND_UNITS,
  'POST /api/v1/tasks/:id/assign': ISSUERS_AND_UNITS,
  'POST /api/v1/tasks/:id/reassign': ISSUERS_AND_UNITS,
  'POST /api/v1/tasks/:id/accept': UNITS,
  'POST /api/v1/tasks/:id/return': UNITS,
  'POST /api/v1/tasks/:id/request-close': UNITS,
  'POST /api/v1/tasks/:id/close': ISSUERS_AND_UNITS,
  'POST /api/v1/tasks/:id/send-back': ISSUERS_AND_UNITS,
  'POST /api/v1/tasks/:id/cancel': ISSUERS_AND_UNITS,
  'POST /api/v1/tasks/:id/urge': ISSUERS_AND_UNITS,
  'GET /api/v1/tasks/:id/events': LEDGER,
  'GET /api/v1/tasks/:id/reports': LEDGER,
  'POST /api/v1/tasks/:id/reports': UNITS,
  'POST /api/v1/tasks/:id/reports/:reportId/review': ISSUERS_AND_UNITS,
  'GET /api/v1/tasks/reports': ISSUERS_AND_UNITS,
  'GET /api/v1/tasks/todo-counts': LEDGER,
  'POST /api/v1/tasks/reports/review': ISSUERS_AND_UNITS,
  'GET /api/v1/tasks/:id/extension-requests': LEDGER,
  'POST /api/v1/tasks/:id/extension-requests': UNITS,
  'POST /api/v1/tasks/:id/extension-requests/:requestId/approve': ISSUERS_AND_UNITS,
  'POST /api/v1/tasks/:id/extension-requests/:requestId/refuse': ISSUERS_AND_UNITS,
  'PUT /api/v1/tasks/:id/milestones': ISSUERS_AND_UNITS,
  'POST /api/v1/tasks/:id/milestones/:milestoneId/complete': UNITS,
  'POST /api/v1/tasks/:id/replan': ISSUERS_AND_UNITS,
  'POST /api/v1/tasks/:id/subtasks': UNITS,
  'GET /api/v1/tasks/:id/attachments': LEDGER,
  'GET /api/v1/findings': LEDGER,
  'POST /api/v1/findings': ISSUERS,
  'GET /api/v1/findings/export': LEDGER,
  'POST /api/v1/findings/import': ISSUERS,
  'POST /api/v1/findings/import/:batch/commit': ISSUERS,
  'GET /api/v1/findings/:id': LEDGER,
  'POST /api/v1/findings/:id/assign': ISSUERS,
  'POST /api/v1/findings/:id/reassign': ISSUERS,
  'POST /api/v1/findings/:id/accept': UNITS,
  'POST /api/v1/findings/:id/return': UNITS,
  'POST /api/v1/findings/:id/request-close': UNITS,
  'POST /api/v1/findings/:id/close': ISSUERS,
  'POST /api/v1/findings/:id/send-back': ISSUERS,
  'POST /api/v1/findings/:id/cancel': ISSUERS,
  'POST /api/v1/findings/:id/urge': ISSUERS,
  'GET /api/v1/findings/:id/events': LEDGER,
  'GET /api/v1/findings/:id/reports': LEDGER,
  'POST /api/v1/findings/:id/reports': UNITS,
  'POST /api/v1/findings/:id/reports/:reportId/review': ISSUERS,
  'GET /api/v1/findings/:id/attachments': LEDGER,
  'GET /api/v1/findings/:id/extension-requests': LEDGER,
  'POST /api/v1/findings/:id/extension-requests': UNITS,
  'POST /api/v1/findings/:id/extension-requests/:requestId/approve': ISSUERS,
  'POST /api/v1/findings/:id/extension-requests/:requestId/refuse': ISSUERS,
  'POST /api/v1/findings/:id/replan': ISSUERS,
  'GET /api/v1/projects': LEDGER,
  'POST /api/v1/projects': ISSUERS_AND_UNITS,
  'GET /api/v1/projects/counts': LEDGER,
  'GET /api/v1/projects/rates': LEDGER,
  'GET /api/v1/projects/map': LEDGER,
  'GET /api/v1/projects/boundary': [...LEDGER, 'system_admin'],
  'PUT /api/v1/projects/boundary': ['system_admin'],
  'GET /api/v1/projects/export': LEDGER,
  'POST /api/v1/projects/import': ISSUERS,
  'POST /api/v1/projects/import/:batch/commit': ISSUERS,
  'GET /api/v1/rounds/:id/export': LEDGER,
  'GET /api/v1/projects/milestone-templates': LEDGER,
  'PUT /api/v1/projects/milestone-templates/:type': ['supervision_office'],
  'GET /api/v1/projects/:id': LEDGER,
  'PATCH /api/v1/projects/:id': ISSUERS_AND_UNITS,
  'GET /api/v1/projects/:id/moves': LEDGER,
  'POST /api/v1/projects/:id/moves': ISSUERS_AND_UNITS,
  'GET /api/v1/projects/:id/investments': LEDGER,
  'POST /api/v1/projects/:id/investments': ISSUERS_AND_UNITS,
  'GET /api/v1/projects/:id/milestones': LEDGER,
  'POST /api/v1/projects/:id/milestones': ISSUERS,
  'POST /api/v1/projects/:id/milestones/:milestoneId/complete': UNITS,
  'POST /api/v1/projects/:id/milestones/:milestoneId/accept': UNITS,
  'POST /api/v1/projects/:id/milestones/:milestoneId/confirm': ISSUERS_AND_UNITS,
  'POST /api/v1/projects/:id/milestones/:milestoneId/send-back': ISSUERS_AND_UNITS,
  'POST /api/v1/projects/:id/milestones/:milestoneId/cancel': ISSUERS_AND_UNITS,
  'POST /api/v1/projects/:id/milestones/:milestoneId/replan': ISSUERS_AND_UNITS,
  'GET /api/v1/rounds': LEDGER,
  'POST /api/v1/rounds': ISSUERS,
  'GET /api/v1/rounds/:id': LEDGER,
  'GET /api/v1/rounds/:id/reports': LEDGER,
  'POST /api/v1/rounds/:id/reports': UNITS,
  'POST /api/v1/rounds/:id/reports/batch': UNITS,
  'GET /api/v1/rounds/:id/summary': LEDGER,
  'GET /api/v1/rounds/:id/agenda': LEDGER,
  'POST /api/v1/rounds/:id/close': ISSUERS,
  'GET /api/v1/blockers': LEDGER,
  'POST /api/v1/blockers': ISSUERS_AND_UNITS,
  'GET /api/v1/blockers/:id': LEDGER,
  'POST /api/v1/blockers/:id/escalate': ISSUERS_AND_UNITS,
  'POST /api/v1/blockers/:id/resolve': UNITS,
  'POST /api/v1/blockers/:id/confirm': ISSUERS_AND_UNITS,
  'GET /api/v1/indicators': LEDGER,
  'POST /api/v1/indicators': INDICATOR_WRITERS,
  'GET /api/v1/indicators/board': LEDGER,
  'GET /api/v1/indicators/export': LEDGER,
  'GET /api/v1/indicators/import/template': INDICATOR_WRITERS,
  'POST /api/v1/indicators/import': INDICATOR_WRITERS,
  'POST /api/v1/indicators/import/:batch/commit': INDICATOR_WRITERS,
  'GET /api/v1/indicators/counties': LEDGER,
  'POST /api/v1/indicators/counties': INDICATOR_WRITERS,
  'PATCH /api/v1/indicators/counties/:id': INDICATOR_WRITERS,
  'GET /api/v1/indicators/settings': LEDGER,
  'PUT /api/v1/indicators/settings': ['supervision_office'],
  'GET /api/v1/indicators/:id': LEDGER,
  'PATCH /api/v1/indicators/:id': INDICATOR_WRITERS,
  'GET /api/v1/indicators/:id/values': LEDGER,
  'POST /api/v1/indicators/:id/values': INDICATOR_WRITERS,
  'GET /api/v1/indicators/:id/trajectory': LEDGER,
  'GET /api/v1/indicators/:id/places': LEDGER,
  'GET /api/v1/cockpit': ['principal', 'leader', 'supervision_office'],
  'GET /api/v1/cockpit/period': ['principal', 'leader', 'supervision_office'],
  'GET /api/v1/bulletins': ['principal', 'leader', 'supervision_office'],
  'POST /api/v1/bulletins': ['supervision_office'],
  'GET /api/v1/bulletins/:id': ['principal', 'leader', 'supervision_office'],
  'PATCH /api/v1/bulletins/:id': ['supervision_office'],
  'POST /api/v1/bulletins/:id/issue': ['supervision_office'],
  'GET /api/v1/bulletins/:id/docx': ['principal', 'leader', 'supervision_office'],
  'GET /api/v1/bulletins/:id/annex.xlsx': ['principal', 'leader', 'supervision_office'],
  'GET /api/v1/meetings': LEDGER,
  'POST /api/v1/meetings': ['principal', 'leader', 'supervision_office'],
  'GET /api/v1/meetings/:id': LEDGER,
  'GET /api/v1/meetings/:id/agenda': ['principal', 'leader', 'supervision_office'],
  'PUT /api/v1/meetings/:id/agenda': ['principal', 'leader', 'supervision_office'],
  'GET /api/v1/meetings/:id/decisions': LEDGER,
  'POST /api/v1/meetings/:id/decisions': ISSUERS,
  'POST /api/v1/meetings/:id/hold': ['principal', 'leader', 'supervision_office'],
  'POST /api/v1/meetings/:id/issue-minutes': ['principal', 'leader', 'supervision_office'],
  'GET /api/v1/meetings/:id/minutes.docx': ['principal', 'leader', 'supervision_office'],
  'POST /api/v1/extractions': ISSUERS,
  'GET /api/v1/extractions': ['principal', 'leader', 'supervision_office'],
  'GET /api/v1/extractions/:id': ['principal', 'leader', 'supervision_office'],
  'PATCH /api/v1/extractions/:id/candidates/:candidateId': ISSUERS,
  'POST /api/v1/extractions/:id/candidates/:candidateId/accept': ISSUERS,
  'POST /api/v1/extractions/:id/candidates/:candidateId/drop': ISSUERS,
  'POST /api/v1/extractions/:id/candidates/:candidateId/reopen': ISSUERS,
  'POST /api/v1/extractions/:id/candidates/:candidateId/split': ISSUERS,
  'POST /api/v1/extractions/:id/merge': ISSUERS,
  'PUT /api/v1/extractions/:id/year': ISSUERS,
  'POST /api/v1/extractions/:id/issue': ISSUERS,
  'GET /api/v1/extractions/task-sources/:taskId': LEDGER,
  'GET /api/v1/chains': LEDGER,
  'POST /api/v1/chains': ISSUERS_AND_UNITS,
  'GET /api/v1/chains/:id': LEDGER,
  'PATCH /api/v1/chains/:id': ISSUERS_AND_UNITS,
  'GET /api/v1/chains/:id/links': LEDGER,
  'POST /api/v1/chains/:id/links': ISSUERS_AND_UNITS,
  'PATCH /api/v1/chains/:id/links/:linkId': ISSUERS_AND_UNITS,
  'GET /api/v1/chains/:id/graph': LEDGER,
  'GET /api/v1/leads': LEDGER,
  'POST /api/v1/leads': ISSUERS_AND_UNITS,
  'GET /api/v1/leads/export': LEDGER,
  'POST /api/v1/leads/import': ISSUERS,
  'POST /api/v1/leads/import/:batch/commit': ISSUERS,
  'GET /api/v1/leads/:id': LEDGER,
  'PATCH /api/v1/leads/:id': ISSUERS_AND_UNITS,
  'GET /api/v1/leads/:id/stages': LEDGER,
  'POST /api/v1/leads/:id/stages': ISSUERS_AND_UNITS,
  'POST /api/v1/leads/:id/convert': ISSUERS_AND_UNITS,
  'GET /api/v1/leads/:id/matches': LEDGER,
  'GET /api/v1/leads/:id/funds': LEDGER,
  'POST /api/v1/leads/:id/funds': ISSUERS_AND_UNITS,
  'POST /api/v1/leads/:id/funds/:fundsId/confirm': ['supervision_office'],
  'GET /api/v1/leads/:id/commitments': LEDGER,
  'GET /api/v1/investment/targets': LEDGER,
  'GET /api/v1/investment/map': LEDGER,
  'GET /api/v1/chains/:id/export': LEDGER,
  'PUT /api/v1/investment/targets': ISSUERS,
  'GET /api/v1/investment/stall-days': LEDGER,
  'PUT /api/v1/investment/stall-days': ISSUERS,
  'POST /api/v1/leads/:id/commitments': ISSUERS_AND_UNITS,
  'POST /api/v1/leads/:id/commitments/:commitmentId/fulfil': ISSUERS_AND_UNITS,
  'POST /api/v1/leads/:id/commitments/:commitmentId/confirm': ISSUERS_AND_UNITS,
  'GET /api/v1/leads/:id/demands': LEDGER,
  'POST /api/v1/leads/:id/demands': ISSUERS_AND_UNITS,
  'GET /api/v1/sites': LEDGER,
  'POST /api/v1/sites': ISSUERS_AND_UNITS,
  'GET /api/v1/sites/:id': LEDGER,
  'PATCH /api/v1/sites/:id': ISSUERS_AND_UNITS,
  'POST /api/v1/sites/:id/state': ISSUERS_AND_UNITS,
  'GET /api/v1/sites/:id/matches': LEDGER,
  'GET /api/v1/sites/:id/photos': LEDGER,
  'POST /api/v1/sites/:id/photos': ISSUERS_AND_UNITS,
  'GET /api/v1/sites/:id/photos/:photoId/file': LEDGER,
  'DELETE /api/v1/sites/:id/photos/:photoId': ISSUERS_AND_UNITS,
  'GET /api/v1/investment/summary': LEDGER,
  'GET /api/v1/notifications': 'signed-in',
  'POST /api/v1/notifications/read': 'signed-in',
  'GET /api/v1/webhooks': ['system_admin', 'supervision_office'],
  'POST /api/v1/webhooks': ['system_admin'],
  'PATCH /api/v1/webhooks/:id': ['system_admin'],
  'GET /api/v1/webhooks/:id/deliveries': ['system_admin', 'supervision_office'],
  'POST /api/v1/webhooks/:id/test': ['system_admin'],
  'POST /api/v1/webhook-deliveries/:id/retry': ['system_admin'],
  'GET /api/v1/enterprises': LEDGER,
  'GET /api/v1/enterprises/export': LEDGER,
  'POST /api/v1/enterprises/import': ISSUERS,
  'POST /api/v1/enterprises/import/:batch/commit': ISSUERS,
  'POST /api/v1/enterprises': ISSUERS,
  'GET /api/v1/enterprises/:id': LEDGER,
  'GET /api/v1/enterprises/:id/liaisons': LEDGER,
  'PATCH /api/v1/enterprises/:id': ISSUERS,
  'GET /api/v1/demands': LEDGER,
  'GET /api/v1/demands/export': LEDGER,
  'GET /api/v1/demands/limits': LEDGER,
  'PUT /api/v1/demands/limits': ['supervision_office'],
  'POST /api/v1/demands': ISSUERS_AND_UNITS,
  'GET /api/v1/demands/:id': LEDGER,
  'POST /api/v1/demands/:id/assign': ISSUERS,
  'POST /api/v1/demands/:id/accept': UNITS,
  'POST /api/v1/demands/:id/return': UNITS,
  'POST /api/v1/demands/:id/contact': UNITS,
  'POST /api/v1/demands/:id/reply': UNITS,
  'POST /api/v1/demands/:id/rating': ISSUERS,
  'POST /api/v1/demands/:id/withdraw': ISSUERS,
  'GET /api/v1/visits': LEDGER,
  'POST /api/v1/visits': LEDGER,
  'GET /api/v1/visits/coverage': LEDGER,
  'GET /api/v1/visits/unvisited': LEDGER,
  'GET /api/v1/visits/:id': LEDGER,
  'GET /api/v1/demands/figures': LEDGER,
  'POST /api/v1/demands/:id/withdrawal-check': ISSUERS,
  // The core's loop on the demands' path (the timeline, files, 催办, 延期, 调整时限).
  'POST /api/v1/demands/:id/urge': ISSUERS,
  'GET /api/v1/demands/:id/events': LEDGER,
  'GET /api/v1/demands/:id/attachments': LEDGER,
  'GET /api/v1/demands/:id/extension-requests': LEDGER,
  'POST /api/v1/demands/:id/extension-requests': UNITS,
  'POST /api/v1/demands/:id/extension-requests/:requestId/approve': ISSUERS,
  'POST /api/v1/demands/:id/extension-requests/:requestId/refuse': ISSUERS,
  'POST /api/v1/demands/:id/replan': ISSUERS,
  'POST /api/v1/enterprises/:id/contacts': LEDGER,
  'GET /api/v1/enterprise-contacts': ISSUERS,
  'GET /api/v1/enterprise-libraries': LEDGER,
  'PATCH /api/v1/enterprise-libraries/:id': ISSUERS,
  'GET /api/v1/enterprise-libraries/:id/members': LEDGER,
  'POST /api/v1/enterprise-libraries/:id/members': ISSUERS,
  'POST /api/v1/enterprise-libraries/:id/members/:memberId/stage': ISSUERS,
  'POST /api/v1/enterprise-libraries/:id/members/:memberId/leave': ISSUERS,
  'GET /api/v1/mu-evaluation': ['principal', 'leader', 'supervision_office'],
  'GET /api/v1/mu-evaluation/thresholds': ['principal', 'leader', 'supervision_office'],
  'GET /api/v1/mu-evaluation/export': ['principal', 'leader', 'supervision_office'],
  'PUT /api/v1/mu-evaluation/thresholds': ['supervision_office'],
  'POST /api/v1/mu-evaluation/import': ['supervision_office'],
  'POST /api/v1/mu-evaluation/import/:batch/commit': ['supervision_office'],
  'GET /api/public/demands/challenge': 'public',
  'POST /api/public/demands': 'public',
  'GET /api/public/jurisdictions': 'public',
  'GET /api/public/demands/:token': 'public',
  'POST /api/public/demands/:token/rating': 'public',
  'POST /api/public/demands/:token/files': 'public',
  'GET /api/public/demands/:token/files/:fileId': 'public',
  'GET /api/v1/audit-events': ['audit_admin'],
  'GET /api/v1/audit-events/export': ['audit_admin'],
  'POST /api/v1/audit-events/verify': ['audit_admin'],
};

const ACCOUNT_OF: Record<Role, string> = {
  system_admin: 'sysadmin',
  security_admin: 'secadmin',
  audit_admin: 'auditadmin',
  principal: 'wangjianguo',
  leader: 'gongying',
  supervision_office: 'sunli',
  unit_admin: 'fgj.admin',
  unit_clerk: 'fgj.clerk',
};

const t = await createTestApp();
const key = (r: RegisteredRoute) => `${r.method} ${r.url}`;
// A random id: allowed callers get 404 or a validation error, never a side effect on real data.
const fill = (url: string) =>
  url.replace(/:(\w+)/g, (_, name: string) => (name === 'day' ? '2026-12-31' : crypto.randomUUID()));

async function call(c: Client, r: RegisteredRoute) {
  const url = fill(r.url);
  return r.method === 'GET' ? c.get(url) : c.request(r.method, url, { body: {} });
}

describe('permission matrix', () => {
  it('every registered route has a row in the matrix, and every row a route', () => {
    const registered = new Set(t.routes.map(key));
    expect([...registered].filter((k) => !(k in EXPECTED))).toEqual([]);
    expect(Object.keys(EXPECTED).filter((k) => !registered.has(k))).toEqual([]);
  });

  it('a route declared without an access rule stops the app from starting', () => {
    const app = Fastify();
    registerAuth(app, {} as AuthService, []);
    expect(() => app.get('/api/v1/unguarded', async () => 'oops')).toThrow(/declares no access rule/);
  });

  it('anonymous callers reach only public routes', async () => {
    for (const r of t.routes) {
      const res = await call(t.anonymous, r);
      if (EXPECTED[key(r)] === 'public') expect([401, 403], key(r)).not.toContain(res.statusCode);
      else expect(res.statusCode, key(r)).toBe(401);
    }
  });

  for (const role of ROLES) {
    it(`role ${role} (${ACCOUNT_OF[role]}) is allowed and refused as the matrix says`, async () => {
      let c = await t.login(ACCOUNT_OF[role]);
      for (const r of t.routes) {
        const res = await call(c, r);
        // Signing out or a credential change may end the session: the next route gets a new one.
        if (/logout|password|totp|session|everywhere/.test(key(r))) c = await t.login(ACCOUNT_OF[role]);
        const rule = EXPECTED[key(r)]!;
        const allowed = rule === 'public' || rule === 'signed-in' || rule.includes(role);
        if (allowed) {
          expect([401, 403], `${role} ${key(r)} → ${res.statusCode} ${res.body.slice(0, 200)}`).not.toContain(
            res.statusCode,
          );
          // Whatever an allowed caller sends, the answer is never a server error.
          expect(res.statusCode, `${role} ${key(r)} → ${res.body.slice(0, 200)}`).toBeLessThan(500);
        } else {
          expect(res.statusCode, `${role} ${key(r)}`).toBe(403);
          expect(res.json().code).toBe('forbidden');
        }
      }
    }, 120_000);
  }

  it('a deactivated user is refused everywhere but the public routes', async () => {
    const admin = await t.login('sysadmin');
    const units = (await admin.get('/api/v1/units')).json().items;
    const created = (
      await admin.post('/api/v1/people', {
        username: 'leaver',
        displayName: '离职者',
        unitId: units[0].id,
        initialPassword: 'Leave#2026x',
      })
    ).json();
    const c = await t.login('leaver', 'Leave#2026x');
    await admin.post(`/api/v1/people/${created.id}/deactivate`, {}, { 'if-match': `"${created.version}"` });
    for (const r of t.routes) {
      if (EXPECTED[key(r)] === 'public') continue;
      expect((await call(c, r)).statusCode, key(r)).toBe(401);
    }
  });
});

describe("GET /metrics is the operator's", () => {
  const metrics = (remoteAddress: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url: '/metrics', remoteAddress, headers });

  it('answers this machine itself, by route pattern', async () => {
    await t.anonymous.get(`/api/v1/units/${crypto.randomUUID()}`);
    const res = await metrics('127.0.0.1');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toContain('luoshi_http_requests_total{method="GET",route="/api/v1/units/:id",status="401"}');
    expect(res.body).toMatch(
      /luoshi_http_request_duration_seconds_bucket\{method="GET",route="\/api\/v1\/units\/:id",le="\+Inf"\} \d+/,
    );
    expect(res.body).not.toMatch(/route="\/api\/v1\/units\/[0-9a-f]{8}-/);
    expect(res.body).toMatch(/luoshi_db_pool_connections\{state="total"\} \d+/);
    expect(res.body).toContain('luoshi_backup_age_seconds');
    expect((await metrics('::1')).statusCode).toBe(200);
  });

  it('refuses every session, whatever its role, and anyone from elsewhere without the token', async () => {
    expect((await metrics('10.1.2.3')).statusCode).toBe(403);
    // A proxy on this machine forwarding a request from elsewhere.
    expect((await metrics('127.0.0.1', { 'x-forwarded-for': '203.0.113.9' })).statusCode).toBe(403);
    for (const role of ROLES) {
      const c = await t.login(ACCOUNT_OF[role]);
      const res = await metrics('10.1.2.3', { cookie: c.cookie });
      expect(res.statusCode, role).toBe(403);
      expect(res.json().code).toBe('forbidden');
    }
  });

  it('answers the Bearer token LUOSHI_METRICS_TOKEN from elsewhere, and no other', async () => {
    const before = t.deps.config.metricsToken;
    t.deps.config.metricsToken = 'scrape-8f2c1e9a7b';
    try {
      expect((await metrics('10.1.2.3', { authorization: 'Bearer scrape-8f2c1e9a7b' })).statusCode).toBe(200);
      expect((await metrics('10.1.2.3', { authorization: 'Bearer scrape-8f2c1e9a7c' })).statusCode).toBe(403);
      expect((await metrics('127.0.0.1', { authorization: 'Bearer wrong' })).statusCode).toBe(403);
      expect((await metrics('10.1.2.3', { authorization: 'Basic c2NyYXBlOng=' })).statusCode).toBe(403);
    } finally {
      t.deps.config.metricsToken = before;
    }
    // Without a token configured, no Bearer value opens it.
    expect((await metrics('10.1.2.3', { authorization: 'Bearer ' })).statusCode).toBe(403);
  });
});

describe('data scoping', () => {
  const idOf = async (c: Client, username: string) =>
    (await c.get(`/api/v1/people?q=${encodeURIComponent(username)}&active=all`)).json().items[0]?.id as
      | string
      | undefined;

  it('a clerk sees the people of his own unit only; another unit is not found', async () => {
    const clerk = await t.login('jfj.clerk');
    const list = (await clerk.get('/api/v1/people?pageSize=500')).json();
    expect(new Set(list.items.map((p: { unitName: string }) => p.unitName))).toEqual(new Set(['县经济发展局']));
    const admin = await t.login('sysadmin');
    const other = await idOf(admin, 'czj.clerk');
    expect((await clerk.get(`/api/v1/people/${other}`)).statusCode).toBe(404);
    const exported = await clerk.get('/api/v1/people/export');
    expect(exported.statusCode).toBe(200);
  });

  it('a leader sees his own unit and the units he 分管, not others', async () => {
    const leader = await t.login('gongying');
    const me = (await leader.get('/api/v1/auth/me')).json();
    const list = (await leader.get('/api/v1/people?pageSize=500')).json();
    const units = new Set(list.items.map((p: { unitId: string }) => p.unitId));
    for (const u of units) expect([me.unitId, ...me.leaderUnitIds]).toContain(u);
    expect(list.items.some((p: { username: string }) => p.username === 'jfj.clerk')).toBe(true);
    expect(list.items.some((p: { username: string }) => p.username === 'czj.clerk')).toBe(false);
  });

  it('a unit administrator cannot create people in another unit', async () => {
    const ua = await t.login('fgj.admin');
    const units = (await ua.get('/api/v1/units')).json().items;
    const other = units.find((u: { shortName: string }) => u.shortName === '财政局');
    const res = await ua.post('/api/v1/people', {
      username: 'sneaky',
      displayName: '越权',
      unitId: other.id,
      initialPassword: 'Sneak#2026x',
    });
    expect(res.statusCode).toBe(403);
    const own = units.find((u: { shortName: string }) => u.shortName === '发改局');
    expect(
      (
        await ua.post('/api/v1/people', {
          username: 'fgj.new',
          displayName: '新人',
          unitId: own.id,
          initialPassword: 'Fgj#New2026',
        })
      ).statusCode,
    ).toBe(201);
  });
});
