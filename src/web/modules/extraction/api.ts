import { api, upload } from '../../lib/api';
import type {
  CandidateOut,
  CandidatePatch,
  DocumentSummary,
  ExtractionOut,
  IssueOut,
  TaskSourceOut,
} from '../../../shared/extraction';

export const extractionKeys = {
  all: ['extractions'] as const,
  list: (page: number) => ['extractions', 'list', page] as const,
  one: (id: string) => ['extractions', 'one', id] as const,
  source: (taskId: string) => ['extractions', 'task-source', taskId] as const,
};

export const extractionApi = {
  list: (page: number) =>
    api<{ items: DocumentSummary[]; total: number }>('GET', '/api/v1/extractions', { query: { page, pageSize: 20 } }),
  get: (id: string) => api<ExtractionOut>('GET', `/api/v1/extractions/${id}`),
  paste: (body: { text: string; title?: string; year?: number; sourceType?: string }) =>
    api<ExtractionOut>('POST', '/api/v1/extractions', { body }),
  /** `onProgress` hears the share of the file sent (0–1); after 1 the server reads and extracts it. */
  upload: (
    file: File,
    fields: { title?: string; year?: number; sourceType?: string },
    onProgress: (share: number) => void = () => {},
  ) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) if (v !== undefined && v !== '') form.append(k, String(v));
    form.append('file', file);
    return upload<ExtractionOut>('/api/v1/extractions', form, onProgress);
  },
  patch: (docId: string, c: CandidateOut, body: CandidatePatch) =>
    api<CandidateOut>('PATCH', `/api/v1/extractions/${docId}/candidates/${c.id}`, { body, version: c.version }),
  status: (docId: string, c: CandidateOut, action: 'accept' | 'drop' | 'reopen') =>
    api<CandidateOut>('POST', `/api/v1/extractions/${docId}/candidates/${c.id}/${action}`, {
      body: {},
      version: c.version,
    }),
  split: (docId: string, c: CandidateOut, at: number) =>
    api<ExtractionOut>('POST', `/api/v1/extractions/${docId}/candidates/${c.id}/split`, {
      body: { at },
      version: c.version,
    }),
  merge: (docId: string, cs: CandidateOut[]) =>
    api<ExtractionOut>('POST', `/api/v1/extractions/${docId}/merge`, {
      body: { candidates: cs.map((c) => ({ id: c.id, version: c.version })) },
    }),
  setYear: (docId: string, year: number) =>
    api<ExtractionOut>('PUT', `/api/v1/extractions/${docId}/year`, { body: { year } }),
  issue: (docId: string, candidateIds: string[], accountability: string) =>
    api<IssueOut>('POST', `/api/v1/extractions/${docId}/issue`, { body: { candidateIds, accountability } }),
  taskSource: (taskId: string) => api<TaskSourceOut | null>('GET', `/api/v1/extractions/task-sources/${taskId}`),
};
