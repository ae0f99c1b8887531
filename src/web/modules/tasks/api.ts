import { api } from '../../lib/api';
import type { TaskOut } from '../../../shared/tasks';

export const taskKeys = {
  all: ['tasks'] as const,
  list: (q: Record<string, unknown>) => ['tasks', 'list', q] as const,
  one: (id: string) => ['tasks', 'one', id] as const,
  sub: (id: string, what: string) => ['tasks', 'one', id, what] as const,
};

export interface TaskEvent {
  seq: number;
  at: string;
  action: string;
  fromState: string;
  toState: string;
  actorName: string | null;
  reason: string | null;
  data: Record<string, unknown> | null;
}
export interface TaskReport {
  id: string;
  period: string;
  progress: number;
  text: string;
  problems: string | null;
  nextSteps: string | null;
  lateDays: number;
  submittedByName: string | null;
  submittedAt: string;
  reviewStatus: 'pending' | 'accepted' | 'returned';
  reviewComment: string | null;
}
/** A report waiting for my review, with its task (进展待审核). */
export interface ReportToReview extends TaskReport {
  item: { id: string; title: string; serial: number | null; assigneeUnitId: string; state: string };
}
export interface BatchResult {
  results: { id: string; ok: boolean; status: number; code?: string; detail?: string }[];
}

export const taskApi = {
  list: (q: Record<string, string | number | undefined>) =>
    api<{ items: TaskOut[]; total: number }>('GET', '/api/v1/tasks', { query: q }),
  get: (id: string) => api<TaskOut>('GET', `/api/v1/tasks/${id}`),
  create: (body: Record<string, unknown>) => api<TaskOut>('POST', '/api/v1/tasks', { body }),
  subtask: (id: string, body: Record<string, unknown>) =>
    api<TaskOut>('POST', `/api/v1/tasks/${id}/subtasks`, { body }),
  action: (t: Pick<TaskOut, 'id' | 'version'>, path: string, body: Record<string, unknown> = {}) =>
    api<TaskOut>('POST', `/api/v1/tasks/${t.id}/${path}`, { body, version: t.version }),
  /** `key` (Idempotency-Key) makes a re-sent report answer with the first instead of filing a second. */
  report: (t: TaskOut, body: Record<string, unknown>, key?: string) =>
    api('POST', `/api/v1/tasks/${t.id}/reports`, {
      body,
      version: t.version,
      headers: key ? { 'Idempotency-Key': key } : undefined,
    }),
  events: (id: string) => api<{ items: TaskEvent[] }>('GET', `/api/v1/tasks/${id}/events`).then((r) => r.items),
  reports: (id: string) => api<{ items: TaskReport[] }>('GET', `/api/v1/tasks/${id}/reports`).then((r) => r.items),
  review: (id: string, reportId: string, decision: 'accepted' | 'returned', comment?: string) =>
    api('POST', `/api/v1/tasks/${id}/reports/${reportId}/review`, { body: { decision, comment } }),
  todoCounts: () =>
    api<
      Record<
        'accept' | 'report' | 'returned' | 'issue' | 'close' | 'extension' | 'review' | 'overdue' | 'reports',
        number
      >
    >('GET', '/api/v1/tasks/todo-counts'),
  reportsToReview: (page = 1, pageSize = 20) =>
    api<{ items: ReportToReview[]; total: number }>('GET', '/api/v1/tasks/reports', { query: { page, pageSize } }),
  reviewMany: (reportIds: string[], decision: 'accepted' | 'returned', comment?: string) =>
    api<BatchResult>('POST', '/api/v1/tasks/reports/review', { body: { reportIds, decision, comment } }),
  attachments: (id: string) =>
    api<{ items: { id: string; fileName: string; size: number; mediaType: string }[] }>(
      'GET',
      `/api/v1/tasks/${id}/attachments`,
    ).then((r) => r.items),
  extension: (id: string, body: { deadline: string; reason: string }) =>
    api('POST', `/api/v1/tasks/${id}/extension-requests`, { body }),
  extensions: (id: string) =>
    api<{ items: { id: string; oldDeadline: string; requestedDeadline: string; reason: string; status: string }[] }>(
      'GET',
      `/api/v1/tasks/${id}/extension-requests`,
    ).then((r) => r.items),
  replan: (t: TaskOut, body: { deadline: string; reason: string }) =>
    api<TaskOut>('POST', `/api/v1/tasks/${t.id}/replan`, { body, version: t.version }),
  setMilestones: (t: TaskOut, milestones: { title: string; due: string }[]) =>
    api<TaskOut>('PUT', `/api/v1/tasks/${t.id}/milestones`, { body: { milestones }, version: t.version }),
  completeMilestone: (t: TaskOut, milestoneId: string, doneOn: string | null) =>
    api<TaskOut>('POST', `/api/v1/tasks/${t.id}/milestones/${milestoneId}/complete`, {
      body: { doneOn },
      version: t.version,
    }),
  decideExtension: (id: string, rid: string, approve: boolean, note?: string) =>
    api('POST', `/api/v1/tasks/${id}/extension-requests/${rid}/${approve ? 'approve' : 'refuse'}`, { body: { note } }),
};

export const LIGHT_COLORS: Record<string, string> = {
  red: '#cf1322',
  yellow: '#faad14',
  green: '#52c41a',
  done: '#8c8c8c',
  none: '#d9d9d9',
};
