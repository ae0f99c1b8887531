import { api } from '../../lib/api';
import type { CockpitOut } from '../../../shared/cockpit';

export const cockpitKeys = { all: ['cockpit'] as const };
export const cockpitApi = { get: () => api<CockpitOut>('GET', '/api/v1/cockpit') };

/** The open states of the ledger (the ledger's `state` filter for "not yet closed"). */
export const OPEN = 'assigned,returned,accepted,in_progress,close_requested';
export const plusDays = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
export const dayBefore = (d: string) => plusDays(d, -1);

/** Where each cockpit number leads: the list behind it, with the same filters the server counted with. */
export const links = {
  tasks: (params: Record<string, string>) => `/tasks?${new URLSearchParams(params).toString()}`,
  overdue: (today: string, extra: Record<string, string> = {}) =>
    links.tasks({ ...extra, state: OPEN, deadlineTo: dayBefore(today) }),
  dueSoon: (today: string) => links.tasks({ state: OPEN, deadlineFrom: today, deadlineTo: plusDays(today, 14) }),
  pool: (pool: string) => `/projects?pool=${pool}`,
  projects: () => '/projects',
  rates: () => '/projects/rates?groupBy=pool',
  /** A trend point: the week's newly issued, closed, or overdue at its end (today for the current week). */
  trend: (series: 'opened' | 'closed' | 'overdue', monday: string, today: string) => {
    const sunday = plusDays(monday, 6);
    if (series === 'opened') return links.tasks({ state: `${OPEN},closed`, startFrom: monday, startTo: sunday });
    if (series === 'closed') return links.tasks({ closedFrom: monday, closedTo: sunday });
    return links.tasks({ overdueOn: sunday < today ? sunday : today });
  },
  blockers: (leaderId?: string | null) =>
    `/blockers?${new URLSearchParams({ state: 'open', ...(leaderId ? { leaderId } : {}) }).toString()}`,
};

/** "3/2" for the week starting Monday 2 March. */
export const weekLabel = (monday: string) => `${Number(monday.slice(5, 7))}/${Number(monday.slice(8, 10))}`;

/** Where an item of the 挂牌督办 list opens, by its kind. */
export const KIND_PAGES: Record<string, string> = { task: '/tasks', finding: '/findings' };
