import type { z } from 'zod';
import type { App } from 'antd';
import { api, ApiError } from '../../lib/api';
import type { Pool } from '../../../shared/domain/projects';
import type {
  BlockerOut,
  BoundaryOut,
  TemplateOut,
  InvestmentsOut,
  MapOut,
  MoveOut,
  ProjectMilestoneOut,
  ProjectOut,
  RatesOut,
  RoundOut,
  RoundReportOut,
  RoundSummaryOut,
} from '../../../shared/projects';

/** Query keys and calls of the key-project pages (项目库、指标、挂图作战、周调度、卡点). */
export const projectKeys = {
  all: ['projects'] as const,
  list: (q: Record<string, unknown>) => ['projects', 'list', q] as const,
  counts: (q: Record<string, unknown>) => ['projects', 'counts', q] as const,
  one: (id: string) => ['projects', 'one', id] as const,
  sub: (id: string, what: string) => ['projects', 'one', id, what] as const,
  rates: (groupBy: string, asOf?: string) => ['projects', 'rates', groupBy, asOf ?? ''] as const,
  map: (q: Record<string, unknown>) => ['projects', 'map', q] as const,
  rounds: ['rounds'] as const,
  round: (id: string, what = 'round') => ['rounds', id, what] as const,
  blockers: (q: Record<string, unknown>) => ['blockers', q] as const,
  templates: ['projects', 'milestone-templates'] as const,
  boundary: ['projects', 'boundary'] as const,
};

export type Project = z.infer<typeof ProjectOut>;
export type Move = z.infer<typeof MoveOut>;
export type Milestone = z.infer<typeof ProjectMilestoneOut>;
export type Investments = z.infer<typeof InvestmentsOut>;
export type Rates = z.infer<typeof RatesOut>;
export type MapData = z.infer<typeof MapOut>;
export type Round = z.infer<typeof RoundOut>;
export type RoundReport = z.infer<typeof RoundReportOut>;
export type RoundSummary = z.infer<typeof RoundSummaryOut>;
export type Blocker = z.infer<typeof BlockerOut>;
export type Template = z.infer<typeof TemplateOut>;
export type Boundary = z.infer<typeof BoundaryOut>;

type Query = Record<string, string | number | undefined>;

export const projectApi = {
  list: (q: Query) => api<{ items: Project[]; total: number }>('GET', '/api/v1/projects', { query: q }),
  counts: (q: Query) =>
    api<{ total: number; pools: Record<Pool, number> }>('GET', '/api/v1/projects/counts', { query: q }),
  get: (id: string) => api<Project>('GET', `/api/v1/projects/${id}`),
  create: (body: Record<string, unknown>) => api<Project>('POST', '/api/v1/projects', { body }),
  patch: (p: Project, body: Record<string, unknown>) =>
    api<Project>('PATCH', `/api/v1/projects/${p.id}`, { body, version: p.version }),
  planMilestones: (p: Project, milestones: { name: string; plannedDate: string }[]) =>
    api<{ items: Milestone[] }>('POST', `/api/v1/projects/${p.id}/milestones`, {
      body: { milestones },
      version: p.version,
    }),
  templates: () => api<{ items: Template[] }>('GET', '/api/v1/projects/milestone-templates').then((r) => r.items),
  putTemplate: (t: Template, names: string[]) =>
    api<Template>('PUT', `/api/v1/projects/milestone-templates/${t.type}`, { body: { names }, version: t.version }),
  boundary: () => api<Boundary>('GET', '/api/v1/projects/boundary'),
  putBoundary: (version: number, body: { name: string; geojson: unknown }) =>
    api<Boundary>('PUT', '/api/v1/projects/boundary', { body, version }),
  moves: (id: string) => api<{ items: Move[] }>('GET', `/api/v1/projects/${id}/moves`).then((r) => r.items),
  move: (p: Project, body: { pool: string; date: string; reason: string }) =>
    api<Project>('POST', `/api/v1/projects/${p.id}/moves`, { body, version: p.version }),
  milestones: (id: string) =>
    api<{ items: Milestone[] }>('GET', `/api/v1/projects/${id}/milestones`).then((r) => r.items),
  milestoneAction: (pid: string, m: Milestone, path: string, body?: Record<string, unknown>) =>
    api<{ items: Milestone[] }>('POST', `/api/v1/projects/${pid}/milestones/${m.id}/${path}`, {
      body: body ?? {},
      version: m.version,
    }),
  investments: (id: string) => api<Investments>('GET', `/api/v1/projects/${id}/investments`),
  addInvestment: (p: Project, body: { month: string; amount: number; reason?: string | null }) =>
    api<Investments>('POST', `/api/v1/projects/${p.id}/investments`, { body, version: p.version }),
  rates: (groupBy: string, asOf?: string) => api<Rates>('GET', '/api/v1/projects/rates', { query: { groupBy, asOf } }),
  map: (q: Query) => api<MapData>('GET', '/api/v1/projects/map', { query: q }),
  rounds: () => api<{ items: Round[] }>('GET', '/api/v1/rounds').then((r) => r.items),
  round: (id: string) => api<Round>('GET', `/api/v1/rounds/${id}`),
  openRound: (body: { weekOf: string; cutoff?: string }) => api<Round>('POST', '/api/v1/rounds', { body }),
  closeRound: (r: Round) => api<Round>('POST', `/api/v1/rounds/${r.id}/close`, { body: {}, version: r.version }),
  reports: (id: string) => api<{ items: RoundReport[] }>('GET', `/api/v1/rounds/${id}/reports`).then((r) => r.items),
  report: (id: string, body: Record<string, unknown>) =>
    api<{ id: string; late: boolean }>('POST', `/api/v1/rounds/${id}/reports`, { body }),
  summary: (id: string) => api<RoundSummary>('GET', `/api/v1/rounds/${id}/summary`),
  blockers: (q: Query) => api<{ items: Blocker[]; total: number }>('GET', '/api/v1/blockers', { query: q }),
  raiseBlocker: (body: Record<string, unknown>) => api<Blocker>('POST', '/api/v1/blockers', { body }),
  blockerAction: (b: Blocker, path: 'escalate' | 'resolve' | 'confirm', body: Record<string, unknown> = {}) =>
    api<Blocker>('POST', `/api/v1/blockers/${b.id}/${path}`, { body, version: b.version }),
};

/** An If-Match refusal: someone changed the record first. The caller reloads and says so. */
export function isConflict(e: unknown) {
  return e instanceof ApiError && (e.code === 'version_conflict' || e.status === 412);
}
export const CONFLICT_TEXT = '数据已被他人修改，已重新加载最新内容，请核对后再试 / Changed by someone else: reloaded';

export function conflictNotice(message: ReturnType<typeof App.useApp>['message'], e: unknown, reload: () => void) {
  if (!isConflict(e)) return false;
  reload();
  message.warning(CONFLICT_TEXT);
  return true;
}

/** 万元 with two decimals at most, grouped. */
export const wan = (x: number | null | undefined) =>
  x === null || x === undefined ? '—' : x.toLocaleString('zh-CN', { maximumFractionDigits: 2 });
/** A rate in [0, 1] as a percentage; null (no denominator) as "—". */
export const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);
