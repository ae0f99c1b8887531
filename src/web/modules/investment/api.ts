import type { z } from 'zod';
import { api } from '../../lib/api';
import type {
  ChainOut,
  CommitmentOut,
  CommitmentsOut,
  GraphOut,
  InvestmentMapOut,
  LinkedDemandsOut,
  LeadMatchOut,
  LeadOut,
  LinkOut,
  SiteMatchOut,
  SiteOut,
  SitePhotosOut,
  StagesOut,
  StallDaysOut,
  SummaryOut,
} from '../../../shared/investment';

/** Query keys and calls of the 招商引资 pages (pipeline, lead, chain map, sites). */
export const invKeys = {
  leads: (q: Record<string, unknown>) => ['leads', q] as const,
  lead: (id: string) => ['leads', 'one', id] as const,
  stages: (id: string) => ['leads', 'one', id, 'stages'] as const,
  leadMatches: (id: string) => ['leads', 'one', id, 'matches'] as const,
  summary: (year: number) => ['investment', 'summary', year] as const,
  commitments: (id: string) => ['leads', 'one', id, 'commitments'] as const,
  map: (chainId: string) => ['investment', 'map', chainId] as const,
  leadDemands: (id: string) => ['leads', 'one', id, 'demands'] as const,
  funds: (id: string) => ['leads', 'one', id, 'funds'] as const,
  chains: ['chains'] as const,
  graph: (id: string) => ['chains', id, 'graph'] as const,
  sites: (q: Record<string, unknown>) => ['sites', q] as const,
  siteMatches: (id: string) => ['sites', id, 'matches'] as const,
  site: (id: string) => ['sites', 'one', id] as const,
  sitePhotos: (id: string) => ['sites', id, 'photos'] as const,
  stallDays: ['investment', 'stall-days'] as const,
};

export type Lead = z.infer<typeof LeadOut>;
export type Chain = z.infer<typeof ChainOut>;
export type Link = z.infer<typeof LinkOut>;
export type Graph = z.infer<typeof GraphOut>;
export type Site = z.infer<typeof SiteOut>;
export type Stages = z.infer<typeof StagesOut>;
export type Summary = z.infer<typeof SummaryOut>;
export type Commitment = z.infer<typeof CommitmentOut>;
export type StallDays = z.infer<typeof StallDaysOut>;
export type SitePhoto = z.infer<typeof SitePhotosOut>['items'][number];
/** A site photo's image (the browser caches it a day). */
export const sitePhotoUrl = (siteId: string, photoId: string) => `/api/v1/sites/${siteId}/photos/${photoId}/file`;
type Query = Record<string, string | number | undefined>;
/** 到位资金 entries of a lead (amount in 万元; counted once the office has confirmed them). */
export interface Funds {
  id: string;
  amount: number;
  date: string;
  note: string;
  attachmentIds: string[];
  confirmed: boolean;
  confirmedOn: string | null;
}

export const invApi = {
  leads: (q: Query) => api<{ items: Lead[]; total: number }>('GET', '/api/v1/leads', { query: q }),
  lead: (id: string) => api<Lead>('GET', `/api/v1/leads/${id}`),
  createLead: (body: Record<string, unknown>) => api<Lead>('POST', '/api/v1/leads', { body }),
  stages: (id: string) => api<Stages>('GET', `/api/v1/leads/${id}/stages`),
  recordStage: (l: Lead, body: Record<string, unknown>) =>
    api<Lead>('POST', `/api/v1/leads/${l.id}/stages`, { body, version: l.version }),
  convert: (l: Lead, body: Record<string, unknown>) =>
    api<{ leadId: string; projectId: string; created: boolean }>('POST', `/api/v1/leads/${l.id}/convert`, {
      body,
      version: l.version,
    }),
  leadMatches: (id: string) => api<{ items: z.infer<typeof SiteMatchOut>[] }>('GET', `/api/v1/leads/${id}/matches`),
  commitments: (id: string) => api<z.infer<typeof CommitmentsOut>>('GET', `/api/v1/leads/${id}/commitments`),
  createCommitment: (id: string, body: Record<string, unknown>) =>
    api<z.infer<typeof CommitmentsOut>>('POST', `/api/v1/leads/${id}/commitments`, { body }),
  fulfil: (id: string, cid: string, body: Record<string, unknown>) =>
    api<null>('POST', `/api/v1/leads/${id}/commitments/${cid}/fulfil`, { body }),
  confirmCommitment: (id: string, cid: string, body: Record<string, unknown>) =>
    api<null>('POST', `/api/v1/leads/${id}/commitments/${cid}/confirm`, { body }),
  map: (chainId?: string) =>
    api<z.infer<typeof InvestmentMapOut>>('GET', '/api/v1/investment/map', { query: { chainId } }),
  leadDemands: (id: string) => api<z.infer<typeof LinkedDemandsOut>>('GET', `/api/v1/leads/${id}/demands`),
  funds: (id: string) => api<{ items: Funds[] }>('GET', `/api/v1/leads/${id}/funds`),
  addFunds: (id: string, body: Record<string, unknown>) =>
    api<{ items: Funds[] }>('POST', `/api/v1/leads/${id}/funds`, { body }),
  confirmFunds: (id: string, fundsId: string) =>
    api<{ items: Funds[] }>('POST', `/api/v1/leads/${id}/funds/${fundsId}/confirm`),
  summary: (year: number) => api<Summary>('GET', '/api/v1/investment/summary', { query: { year } }),
  chains: () => api<{ items: Chain[] }>('GET', '/api/v1/chains').then((r) => r.items),
  graph: (id: string) => api<Graph>('GET', `/api/v1/chains/${id}/graph`),
  sites: (q: Query) => api<{ items: Site[]; total: number }>('GET', '/api/v1/sites', { query: q }),
  siteState: (s: Site, body: Record<string, unknown>) =>
    api<Site>('POST', `/api/v1/sites/${s.id}/state`, { body, version: s.version }),
  siteMatches: (id: string) => api<{ items: z.infer<typeof LeadMatchOut>[] }>('GET', `/api/v1/sites/${id}/matches`),
  site: (id: string) => api<Site>('GET', `/api/v1/sites/${id}`),
  sitePhotos: (id: string) => api<z.infer<typeof SitePhotosOut>>('GET', `/api/v1/sites/${id}/photos`),
  addSitePhoto: (id: string, body: { attachmentId: string; caption?: string }) =>
    api<z.infer<typeof SitePhotosOut>>('POST', `/api/v1/sites/${id}/photos`, { body }),
  removeSitePhoto: (id: string, photoId: string) => api<null>('DELETE', `/api/v1/sites/${id}/photos/${photoId}`),
  stallDays: () => api<StallDays>('GET', '/api/v1/investment/stall-days'),
  setStallDays: (version: number, days: Record<string, { yellow: number; red: number }>) =>
    api<StallDays>('PUT', '/api/v1/investment/stall-days', { body: { days }, version }),
  linkDemand: (leadId: string, demandId: string) =>
    api<z.infer<typeof LinkedDemandsOut>>('POST', `/api/v1/leads/${leadId}/demands`, { body: { demandId } }),
};
