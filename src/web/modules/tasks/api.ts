import { api } from '../../lib/api';
import type { TaskOut } from '../../../shared/tasks';
import { loopApi, loopKeys, type TaskEvent, type TaskReport } from './loop-api';

export const taskKeys = loopKeys('tasks');
export type { TaskEvent, TaskReport };

/** A report waiting for my review, with its task (进展待审核). */
export interface ReportToReview extends TaskReport {
  item: { id: string; title: string; serial: number | null; assigneeUnitId: string; state: string };
}
export interface BatchResult {
  results: { id: string; ok: boolean; status: number; code?: string; detail?: string }[];
}

export const taskApi = {
  ...loopApi<TaskOut>('/api/v1/tasks'),
  list: (q: Record<string, string | number | undefined>) =>
    api<{ items: TaskOut[]; total: number }>('GET', '/api/v1/tasks', { query: q }),
  create: (body: Record<string, unknown>) => api<TaskOut>('POST', '/api/v1/tasks', { body }),
  subtask: (id: string, body: Record<string, unknown>) =>
    api<TaskOut>('POST', `/api/v1/tasks/${id}/subtasks`, { body }),
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
  setMilestones: (t: TaskOut, milestones: { title: string; due: string }[]) =>
    api<TaskOut>('PUT', `/api/v1/tasks/${t.id}/milestones`, { body: { milestones }, version: t.version }),
  completeMilestone: (t: TaskOut, milestoneId: string, doneOn: string | null) =>
    api<TaskOut>('POST', `/api/v1/tasks/${t.id}/milestones/${milestoneId}/complete`, {
      body: { doneOn },
      version: t.version,
    }),
};

export const LIGHT_COLORS: Record<string, string> = {
  red: '#cf1322',
  yellow: '#faad14',
  green: '#52c41a',
  done: '#8c8c8c',
  none: '#d9d9d9',
};
