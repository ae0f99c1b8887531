import { api } from '../../lib/api';
import type { ItemOut } from '../../../shared/supervision';

/** A timeline entry of a supervised item. */
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
/** A progress report of a supervised item. */
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
export interface ExtensionRequest {
  id: string;
  oldDeadline: string;
  requestedDeadline: string;
  reason: string;
  status: string;
}
export type Evidence = { id: string; fileName: string; size: number; mediaType: string };

/** The query keys of a ledger (['tasks'], ['findings']): a write invalidates the whole root. */
export function loopKeys<R extends string>(root: R) {
  return {
    all: [root] as const,
    list: (q: Record<string, unknown>) => [root, 'list', q] as const,
    one: (id: string) => [root, 'one', id] as const,
    sub: (id: string, what: string) => [root, 'one', id, what] as const,
  };
}
export type LoopKeys = ReturnType<typeof loopKeys>;

/**
 * The loop's routes of a ledger (/api/v1/tasks, /api/v1/findings): an item, the steps of its flow, reports and
 * their review, the timeline, evidence, extension requests and decisions, re-plan — the same for every ledger.
 */
export function loopApi<T extends Pick<ItemOut, 'id' | 'version'>>(base: string) {
  return {
    get: (id: string) => api<T>('GET', `${base}/${id}`),
    action: (t: Pick<T, 'id' | 'version'>, path: string, body: Record<string, unknown> = {}) =>
      api<T>('POST', `${base}/${t.id}/${path}`, { body, version: t.version }),
    /** `key` (Idempotency-Key) makes a re-sent report answer with the first instead of filing a second. */
    report: (t: Pick<T, 'id' | 'version'>, body: Record<string, unknown>, key?: string) =>
      api('POST', `${base}/${t.id}/reports`, {
        body,
        version: t.version,
        headers: key ? { 'Idempotency-Key': key } : undefined,
      }),
    events: (id: string) => api<{ items: TaskEvent[] }>('GET', `${base}/${id}/events`).then((r) => r.items),
    reports: (id: string) => api<{ items: TaskReport[] }>('GET', `${base}/${id}/reports`).then((r) => r.items),
    review: (id: string, reportId: string, decision: 'accepted' | 'returned', comment?: string) =>
      api('POST', `${base}/${id}/reports/${reportId}/review`, { body: { decision, comment } }),
    attachments: (id: string) => api<{ items: Evidence[] }>('GET', `${base}/${id}/attachments`).then((r) => r.items),
    extension: (id: string, body: { deadline: string; reason: string }) =>
      api('POST', `${base}/${id}/extension-requests`, { body }),
    extensions: (id: string) =>
      api<{ items: ExtensionRequest[] }>('GET', `${base}/${id}/extension-requests`).then((r) => r.items),
    decideExtension: (id: string, rid: string, approve: boolean, note?: string) =>
      api('POST', `${base}/${id}/extension-requests/${rid}/${approve ? 'approve' : 'refuse'}`, { body: { note } }),
    replan: (t: Pick<T, 'id' | 'version'>, body: { deadline: string; reason: string }) =>
      api<T>('POST', `${base}/${t.id}/replan`, { body, version: t.version }),
  };
}
export type LoopApi<T extends Pick<ItemOut, 'id' | 'version'>> = ReturnType<typeof loopApi<T>>;
