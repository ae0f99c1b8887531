import { api, download } from '../../lib/api';
import type { z } from 'zod';
import type { BulletinListOut, BulletinOut, BulletinPatch } from '../../../shared/bulletins';

export type Bulletin = BulletinOut;
export type BulletinSummary = z.infer<typeof BulletinListOut>['items'][number];

export const bulletinKeys = {
  all: ['bulletins'] as const,
  list: ['bulletins', 'list'] as const,
  one: (id: string) => ['bulletins', id] as const,
};

export const bulletinApi = {
  list: () => api<{ items: BulletinSummary[] }>('GET', '/api/v1/bulletins'),
  get: (id: string) => api<Bulletin>('GET', `/api/v1/bulletins/${id}`),
  create: (input: { from: string; to: string; issueDate?: string }) =>
    api<Bulletin>('POST', '/api/v1/bulletins', { body: input }),
  patch: (id: string, version: number, patch: BulletinPatch) =>
    api<Bulletin>('PATCH', `/api/v1/bulletins/${id}`, { body: patch, version }),
  issue: (id: string, version: number) => api<Bulletin>('POST', `/api/v1/bulletins/${id}/issue`, { body: {}, version }),
  docx: (id: string) => download(`/api/v1/bulletins/${id}/docx`),
  annex: (id: string) => download(`/api/v1/bulletins/${id}/annex.xlsx`),
};
