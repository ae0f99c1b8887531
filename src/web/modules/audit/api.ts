import { queryOptions, keepPreviousData } from '@tanstack/react-query';
import { api } from '../../lib/api';

/** One audit event as GET /api/v1/audit-events gives it; `at` carries the +08:00 offset already. */
export interface AuditEvent {
  seq: number;
  at: string;
  username: string | null;
  personId: string | null;
  unitId: string | null;
  /** Role codes joined by commas, as they were when the event happened. */
  roles: string | null;
  ip: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  result: 'success' | 'failure' | 'denied' | string;
  requestId: string | null;
  detail: unknown;
  hash: string;
}

export interface AuditFilter {
  /** Calendar dates (YYYY-MM-DD) in Asia/Shanghai; the server takes the whole day. */
  from?: string;
  to?: string;
  action?: string;
  result?: 'success' | 'failure' | 'denied';
  q?: string;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  brokenAtSeq?: number;
  anchorsChecked: number;
  /** Each names the row or the anchor outside the database, in both languages. */
  problems: { seq: number; kind: string; message: { 'zh-CN': string; 'en-US': string } }[];
}

export const auditKeys = {
  all: ['audit-events'] as const,
  list: (f: AuditFilter, page: number, pageSize: number) => ['audit-events', f, page, pageSize] as const,
};

export const auditApi = {
  list: (f: AuditFilter, page: number, pageSize: number) =>
    api<{ items: AuditEvent[]; total: number }>('GET', '/api/v1/audit-events', { query: { ...f, page, pageSize } }),
  verify: () => api<VerifyResult>('POST', '/api/v1/audit-events/verify'),
};

// Every page read is itself audited on the server, so the list is not refetched on window focus.
export const auditListQuery = (f: AuditFilter, page: number, pageSize: number) =>
  queryOptions({
    queryKey: auditKeys.list(f, page, pageSize),
    queryFn: () => auditApi.list(f, page, pageSize),
    placeholderData: keepPreviousData,
    refetchOnWindowFocus: false,
  });
