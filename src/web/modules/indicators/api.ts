import { api } from '../../lib/api';
import type { BoardOut, CountyOut, IndicatorOut, PlacesOut, TrajectoryOut, ValueOut } from '../../../shared/indicators';

/** Query keys, queries and mutations of 经济运行监测. */
export const indicatorKeys = {
  all: ['indicators'] as const,
  list: ['indicators', 'list'] as const,
  board: (year?: number, placeId?: string) => ['indicators', 'board', year ?? 'latest', placeId ?? ''] as const,
  places: (id: string, year?: number) => ['indicators', 'places', id, year ?? 'latest'] as const,
  trajectory: (id: string, year?: number) => ['indicators', 'trajectory', id, year ?? 'latest'] as const,
  values: (id: string, year: number | undefined, history: boolean) =>
    ['indicators', 'values', id, year ?? 'all', history] as const,
  counties: ['indicators', 'counties'] as const,
};

export interface ValueBody {
  period: string;
  value: number;
  unit?: string | null;
  growth?: number | null;
  rank?: number | null;
  countyId?: string | null;
  source?: string | null;
  note?: string | null;
  confirm?: boolean;
}

/** What the catalogue form sends (IndicatorCreate without frequency and accumulation, which are fixed once created). */
export interface IndicatorBody {
  name: string;
  unit: string;
  rankBy: 'growth' | 'value';
  category: string | null;
  responsibleUnitId: string;
  leaderId: string | null;
  sortOrder: number;
  targets: Record<string, { value: number | null; growth: number | null }>;
}

export const indicatorApi = {
  list: () => api<{ items: IndicatorOut[]; canEdit: boolean }>('GET', '/api/v1/indicators'),
  board: (year?: number, placeId?: string) =>
    api<BoardOut>('GET', '/api/v1/indicators/board', { query: { year, placeId } }),
  places: (id: string, year?: number) => api<PlacesOut>('GET', `/api/v1/indicators/${id}/places`, { query: { year } }),
  trajectory: (id: string, year?: number) =>
    api<TrajectoryOut>('GET', `/api/v1/indicators/${id}/trajectory`, { query: { year } }),
  get: (id: string) => api<IndicatorOut>('GET', `/api/v1/indicators/${id}`),
  values: (id: string, year: number | undefined, history: boolean) =>
    api<{ items: ValueOut[] }>('GET', `/api/v1/indicators/${id}/values`, {
      query: { year, history: String(history) },
    }).then((r) => r.items),
  counties: () => api<{ items: CountyOut[] }>('GET', '/api/v1/indicators/counties').then((r) => r.items),
  create: (
    body: IndicatorBody & { frequency: IndicatorOut['frequency']; accumulation: IndicatorOut['accumulation'] },
  ) => api<IndicatorOut>('POST', '/api/v1/indicators', { body }),
  /** Edits carry the version read (If-Match); targets of the years sent replace those years'. */
  patch: (i: Pick<IndicatorOut, 'id' | 'version'>, body: IndicatorBody) =>
    api<IndicatorOut>('PATCH', `/api/v1/indicators/${i.id}`, { body, version: i.version }),
  createCounty: (body: { name: string; sortOrder: number; kind?: CountyOut['kind']; unitId?: string | null }) =>
    api<CountyOut>('POST', '/api/v1/indicators/counties', { body }),
  patchCounty: (c: Pick<CountyOut, 'id' | 'version'>, body: { name: string; sortOrder: number }) =>
    api<CountyOut>('PATCH', `/api/v1/indicators/counties/${c.id}`, { body, version: c.version }),
  settings: () =>
    api<{ coordinatorUnitId: string | null; coordinatorUnitName: string | null; version: number }>(
      'GET',
      '/api/v1/indicators/settings',
    ),
  putSettings: (coordinatorUnitId: string | null, version: number) =>
    api<{ coordinatorUnitId: string | null; version: number }>('PUT', '/api/v1/indicators/settings', {
      body: { coordinatorUnitId },
      version,
    }),
  /** A correction carries the version of the value it corrects; a first value carries none. */
  enter: (id: string, body: ValueBody, version?: number) =>
    api<ValueOut>('POST', `/api/v1/indicators/${id}/values`, { body, version }),
};

export const LIGHT_COLORS: Record<string, string> = {
  red: '#cf1322',
  yellow: '#faad14',
  green: '#52c41a',
  done: '#8c8c8c',
  none: '#d9d9d9',
};

/** A number as a bulletin prints it: up to `digits` decimals, thousands grouped. */
export function fmt(v: number | null | undefined, digits = 2): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return v.toLocaleString('zh-CN', { maximumFractionDigits: digits });
}

/** A growth rate with its sign: +6.5% / −3.2%. */
export function pct(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return `${v > 0 ? '+' : v < 0 ? '−' : ''}${Math.abs(v).toFixed(digits)}%`;
}
