import { api } from '../../lib/api';
import type { z } from 'zod';
import type {
  AccountabilitySettingsOut,
  CaseCountsOut,
  CaseDecideIn,
  CaseListOut,
  CaseOpenIn,
  CaseOut,
  ToleranceDecideIn,
  ToleranceIn,
} from '../../../shared/accountability';

export type Case = CaseOut;
export type CaseList = z.infer<typeof CaseListOut>;
export type CaseSettings = z.infer<typeof AccountabilitySettingsOut>;
export type CaseCounts = z.infer<typeof CaseCountsOut>;

export const caseKeys = {
  all: ['accountability'] as const,
  list: (q: Record<string, unknown>) => ['accountability', 'list', q] as const,
  one: (id: string) => ['accountability', 'case', id] as const,
  settings: ['accountability', 'settings'] as const,
  counts: (q: { from: string; to: string }) => ['accountability', 'counts', q] as const,
};

export const caseApi = {
  list: (q: Record<string, string | number | undefined>) =>
    api<CaseList>('GET', '/api/v1/accountability', { query: q }),
  get: (id: string) => api<Case>('GET', `/api/v1/accountability/${id}`),
  open: (body: CaseOpenIn) => api<Case>('POST', '/api/v1/accountability', { body }),
  decide: (c: Case, body: CaseDecideIn) =>
    api<Case>('POST', `/api/v1/accountability/${c.id}/decide`, { body, version: c.version }),
  withdraw: (c: Case, reason: string) =>
    api<Case>('POST', `/api/v1/accountability/${c.id}/withdraw`, { body: { reason }, version: c.version }),
  requestTolerance: (c: Case, body: ToleranceIn) =>
    api<Case>('POST', `/api/v1/accountability/${c.id}/tolerance`, { body, version: c.version }),
  decideTolerance: (c: Case, body: ToleranceDecideIn) =>
    api<Case>('POST', `/api/v1/accountability/${c.id}/tolerance/decide`, { body, version: c.version }),
  settings: () => api<CaseSettings>('GET', '/api/v1/accountability/settings'),
  counts: (q: { from: string; to: string }) => api<CaseCounts>('GET', '/api/v1/accountability/counts', { query: q }),
};
