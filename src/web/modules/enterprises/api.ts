import { api, upload } from '../../lib/api';
import type {
  DemandFileOut,
  DemandOut,
  EnterpriseCreate,
  EnterpriseOut,
  EnterprisePatch,
  LiaisonPeriodOut,
  PublicCounty,
  PublicDemandOut,
  VisitOut,
  CoverageOut,
  LibraryOut,
  MemberOut,
  MuOut,
  FiguresOut,
} from '../../../shared/enterprises';

type Page<T> = { items: T[]; total: number; page: number; pageSize: number };
type Query = Record<string, string | number | boolean | undefined>;

/** Under a county's address a link's demand must be that county's (the server checks it). */
const inCounty = (county?: string) => (county ? `?jurisdiction=${encodeURIComponent(county)}` : '');

/** Query keys and calls of 企业服务 (docs/ENTERPRISES.md). */
export const enterpriseKeys = {
  all: ['enterprises'] as const,
  list: (q: Query) => ['enterprises', 'list', q] as const,
  liaisons: (id: string) => ['enterprises', 'liaisons', id] as const,
  demands: ['demands'] as const,
  demandList: (q: Query) => ['demands', 'list', q] as const,
  demand: (id: string) => ['demands', 'one', id] as const,
  limits: ['demands', 'limits'] as const,
  publicDemand: (token: string) => ['public', 'demand', token] as const,
  libraries: (year: number) => ['libraries', year] as const,
  members: (id: string, status: string) => ['libraries', 'members', id, status] as const,
  mu: (q: Query) => ['mu', q] as const,
  visits: ['visits'] as const,
  visitList: (q: Query) => ['visits', 'list', q] as const,
  coverage: (quarter?: string) => ['visits', 'coverage', quarter ?? ''] as const,
  unvisited: (q: Query) => ['visits', 'unvisited', q] as const,
};

export const enterpriseApi = {
  list: (q: Query) => api<Page<EnterpriseOut>>('GET', '/api/v1/enterprises', { query: q }),
  create: (body: EnterpriseCreate) => api<EnterpriseOut>('POST', '/api/v1/enterprises', { body }),
  liaisons: (id: string) => api<{ items: LiaisonPeriodOut[] }>('GET', `/api/v1/enterprises/${id}/liaisons`),
  patch: (e: EnterpriseOut, body: EnterprisePatch) =>
    api<EnterpriseOut>('PATCH', `/api/v1/enterprises/${e.id}`, { body, version: e.version }),
  demands: (q: Query) => api<Page<DemandOut>>('GET', '/api/v1/demands', { query: q }),
  demand: (id: string) => api<DemandOut>('GET', `/api/v1/demands/${id}`),
  limits: () =>
    api<{ items: { category: string; contactHours: number; replyDays: number; resolveDays: number }[] }>(
      'GET',
      '/api/v1/demands/limits',
    ),
  createDemand: (body: Record<string, unknown>) =>
    api<{ id: string; trackingCode: string; link: string }>('POST', '/api/v1/demands', { body }),
  act: (d: DemandOut, path: string, body: Record<string, unknown> = {}) =>
    api<DemandOut>('POST', `/api/v1/demands/${d.id}/${path}`, { body, version: d.version }),
  visits: (q: Query) => api<Page<VisitOut>>('GET', '/api/v1/visits', { query: q }),
  createVisit: (body: Record<string, unknown>) => api<VisitOut>('POST', '/api/v1/visits', { body }),
  coverage: (quarter?: string) => api<CoverageOut>('GET', '/api/v1/visits/coverage', { query: { quarter } }),
  unvisited: (q: Query) =>
    api<{
      since: string;
      total: number;
      items: {
        id: string;
        name: string;
        key: boolean;
        liaisonLeaderName: string | null;
        liaisonUnitName: string | null;
        lastVisitOn: string | null;
      }[];
    }>('GET', '/api/v1/visits/unvisited', { query: q }),
  libraries: (year: number) => api<{ items: LibraryOut[] }>('GET', '/api/v1/enterprise-libraries', { query: { year } }),
  patchLibrary: (l: LibraryOut, body: Record<string, unknown>) =>
    api<LibraryOut>('PATCH', `/api/v1/enterprise-libraries/${l.id}`, { body, version: l.version }),
  members: (id: string, status: string) =>
    api<{ items: MemberOut[] }>('GET', `/api/v1/enterprise-libraries/${id}/members`, { query: { status } }),
  admit: (id: string, body: Record<string, unknown>) =>
    api<{ id: string }>('POST', `/api/v1/enterprise-libraries/${id}/members`, { body }),
  memberAct: (id: string, m: MemberOut, action: 'stage' | 'leave', body: Record<string, unknown>) =>
    api<null>('POST', `/api/v1/enterprise-libraries/${id}/members/${m.id}/${action}`, { body, version: m.version }),
  mu: (q: Query) => api<MuOut>('GET', '/api/v1/mu-evaluation', { query: q }),
  figures: (q: Query) => api<FiguresOut>('GET', '/api/v1/demands/figures', { query: q }),
  contacts: (month: string) =>
    api<{
      month: string;
      limit: number;
      definition: string;
      flagged: number;
      items: {
        enterpriseId: string;
        enterpriseName: string;
        visits: number;
        recorded: number;
        demandContacts: number;
        total: number;
        flagged: boolean;
      }[];
    }>('GET', '/api/v1/enterprise-contacts', { query: { month } }),
  challenge: () => api<{ question: string; challenge: string }>('GET', '/api/public/demands/challenge'),
  /** The counties the channel serves (code and name): /public/enterprise offers the choice when there are several. */
  publicCounties: () => api<{ items: PublicCounty[] }>('GET', '/api/public/jurisdictions'),
  submit: (body: Record<string, unknown>) =>
    api<{ trackingCode: string; token: string; link: string }>('POST', '/api/public/demands', { body }),
  publicDemand: (token: string, county?: string) =>
    api<PublicDemandOut>('GET', `/api/public/demands/${encodeURIComponent(token)}${inCounty(county)}`),
  rate: (token: string, body: { rating: string; comment?: string }, county?: string) =>
    api<PublicDemandOut>('POST', `/api/public/demands/${encodeURIComponent(token)}/rating${inCounty(county)}`, {
      body,
    }),
  /** A file sent with the demand through its link (checked on the server as evidence is). */
  publicFile: (token: string, file: File, county?: string, onProgress: (share: number) => void = () => {}) => {
    const form = new FormData();
    form.append('file', file);
    return upload<DemandFileOut>(
      `/api/public/demands/${encodeURIComponent(token)}/files${inCounty(county)}`,
      form,
      onProgress,
    );
  },
  publicFileUrl: (token: string, id: string, county?: string) =>
    `/api/public/demands/${encodeURIComponent(token)}/files/${id}${inCounty(county)}`,
};
