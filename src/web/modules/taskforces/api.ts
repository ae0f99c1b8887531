import { api } from '../../lib/api';
import type { z } from 'zod';
import type { TaskForceCreate, TaskForceDetailOut, TaskForceOut } from '../../../shared/taskforces';

export type TaskForce = TaskForceOut;
export type TaskForceDetail = TaskForceDetailOut;

export const taskForceKeys = {
  all: ['task-forces'] as const,
  list: (q: Record<string, string | undefined>) => ['task-forces', 'list', q] as const,
  one: (id: string) => ['task-forces', 'one', id] as const,
};

export const taskForceApi = {
  list: (q: { state?: string; member?: string } = {}) =>
    api<{ items: TaskForce[] }>('GET', '/api/v1/task-forces', { query: q }).then((r) => r.items),
  get: (id: string) => api<TaskForceDetail>('GET', `/api/v1/task-forces/${id}`),
  create: (body: z.input<typeof TaskForceCreate>) => api<TaskForceDetail>('POST', '/api/v1/task-forces', { body }),
  addMembers: (f: { id: string; version: number }, members: { personId: string; duty?: string }[]) =>
    api<TaskForceDetail>('POST', `/api/v1/task-forces/${f.id}/members`, { body: { members }, version: f.version }),
  removeMembers: (f: { id: string; version: number }, personIds: string[]) =>
    api<TaskForceDetail>('POST', `/api/v1/task-forces/${f.id}/members/remove`, {
      body: { personIds },
      version: f.version,
    }),
};
