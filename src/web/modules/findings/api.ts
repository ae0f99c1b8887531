import { api } from '../../lib/api';
import type { FindingOut } from '../../../shared/findings';
import type { TaskEvent, TaskReport } from '../tasks/api';

/** 整改's routes (/api/v1/findings): the list, a finding, its flow, reports, timeline and evidence. */
export const findingKeys = {
  all: ['findings'] as const,
  list: (q: Record<string, unknown>) => ['findings', 'list', q] as const,
  one: (id: string) => ['findings', 'one', id] as const,
  sub: (id: string, what: string) => ['findings', 'one', id, what] as const,
};

export const findingApi = {
  list: (q: Record<string, string | number | undefined>) =>
    api<{ items: FindingOut[]; total: number }>('GET', '/api/v1/findings', { query: q }),
  get: (id: string) => api<FindingOut>('GET', `/api/v1/findings/${id}`),
  create: (body: Record<string, unknown>) => api<FindingOut>('POST', '/api/v1/findings', { body }),
  action: (f: Pick<FindingOut, 'id' | 'version'>, path: string, body: Record<string, unknown> = {}) =>
    api<FindingOut>('POST', `/api/v1/findings/${f.id}/${path}`, { body, version: f.version }),
  report: (f: FindingOut, body: Record<string, unknown>) =>
    api('POST', `/api/v1/findings/${f.id}/reports`, { body, version: f.version }),
  review: (id: string, reportId: string, decision: 'accepted' | 'returned', comment?: string) =>
    api('POST', `/api/v1/findings/${id}/reports/${reportId}/review`, { body: { decision, comment } }),
  events: (id: string) => api<{ items: TaskEvent[] }>('GET', `/api/v1/findings/${id}/events`).then((r) => r.items),
  reports: (id: string) => api<{ items: TaskReport[] }>('GET', `/api/v1/findings/${id}/reports`).then((r) => r.items),
  attachments: (id: string) =>
    api<{ items: { id: string; fileName: string; size: number; mediaType: string }[] }>(
      'GET',
      `/api/v1/findings/${id}/attachments`,
    ).then((r) => r.items),
};
