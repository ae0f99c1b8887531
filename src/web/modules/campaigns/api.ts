import { api } from '../../lib/api';
import type { z } from 'zod';
import type {
  CampaignCreate,
  CampaignDetailOut,
  CampaignItemsIn,
  CampaignListOut,
  CampaignPatch,
  FrontIn,
  FrontPatch,
} from '../../../shared/campaigns';

export type Campaign = z.infer<typeof CampaignListOut>['items'][number];
export type CampaignDetail = CampaignDetailOut;
export type Front = Campaign['fronts'][number];

export const campaignKeys = {
  all: ['campaigns'] as const,
  list: (state?: string) => ['campaigns', 'list', state ?? 'all'] as const,
  one: (id: string) => ['campaigns', 'one', id] as const,
};

export const campaignApi = {
  list: (state?: 'active' | 'closed') =>
    api<{ items: Campaign[] }>('GET', '/api/v1/campaigns', { query: { state } }).then((r) => r.items),
  get: (id: string) => api<CampaignDetail>('GET', `/api/v1/campaigns/${id}`),
  create: (body: z.input<typeof CampaignCreate>) => api<CampaignDetail>('POST', '/api/v1/campaigns', { body }),
  patch: (c: { id: string; version: number }, body: CampaignPatch) =>
    api<CampaignDetail>('PATCH', `/api/v1/campaigns/${c.id}`, { body, version: c.version }),
  addFront: (c: { id: string; version: number }, body: FrontIn) =>
    api<CampaignDetail>('POST', `/api/v1/campaigns/${c.id}/fronts`, { body, version: c.version }),
  patchFront: (c: { id: string; version: number }, frontId: string, body: FrontPatch) =>
    api<CampaignDetail>('PATCH', `/api/v1/campaigns/${c.id}/fronts/${frontId}`, { body, version: c.version }),
  addItems: (c: { id: string; version: number }, body: z.input<typeof CampaignItemsIn>) =>
    api<CampaignDetail>('POST', `/api/v1/campaigns/${c.id}/items`, { body, version: c.version }),
  removeItems: (c: { id: string; version: number }, body: { taskIds?: string[]; projectIds?: string[] }) =>
    api<CampaignDetail>('POST', `/api/v1/campaigns/${c.id}/items/remove`, { body, version: c.version }),
};
