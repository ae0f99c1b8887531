import type { ReportingRules } from '../../../shared/domain/cadence';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../lib/api';
import type { LightThresholds } from '../../../shared/domain/light';

/**
 * The settings pages' calls: webhooks (src/server/modules/notifications/notifications.routes.ts), the working
 * calendar and the light thresholds (src/server/modules/calendar/calendar.routes.ts).
 */
export type WebhookFormat = 'dingtalk' | 'wecom' | 'generic';
export const WEBHOOK_FORMATS: WebhookFormat[] = ['dingtalk', 'wecom', 'generic'];

/** A webhook as listed: the URL with its access_token / key masked, and never the secret, only whether there is one. */
export interface Webhook {
  id: string;
  name: string;
  format: WebhookFormat;
  url: string;
  hasSecret: boolean;
  kinds: string[];
  active: boolean;
  version: number;
  createdAt: string;
}

export interface WebhookInput {
  name: string;
  format: WebhookFormat;
  url: string;
  secret?: string | null;
  kinds: string[];
}
export type WebhookPatch = Partial<Omit<WebhookInput, 'format'>> & { active?: boolean };

/** One message to one webhook: sent, failed for good, or pending (attempts > 0: failed and waiting to retry). */
export interface Delivery {
  id: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  lastStatus: number | null;
  nextAttemptAt: string;
  createdAt: string;
  deliveredAt: string | null;
  /** Bytes of the message sent. */
  size: number;
  /** What was sent: for the supervision office only (null for the system administrator). */
  title: string | null;
}

export type DayKind = 'holiday' | 'workday' | 'normal';
/** A calendar entry: national (the State Council's notice) or local (this jurisdiction's own, which wins). */
export interface CalendarDay {
  day: string;
  kind: DayKind;
  name: string;
  scope: 'national' | 'local';
  source: string | null;
}

export type Thresholds = LightThresholds & { version: number; custom: boolean };

export const settingsKeys = {
  webhooks: ['webhooks'] as const,
  deliveries: (id: string) => ['webhooks', id, 'deliveries'] as const,
  calendar: (year: number) => ['calendar', year] as const,
  calendarAll: ['calendar'] as const,
  lights: ['settings', 'lights'] as const,
  reporting: ['settings', 'reporting'] as const,
};

export const settingsApi = {
  webhooks: () => api<{ items: Webhook[] }>('GET', '/api/v1/webhooks').then((r) => r.items),
  createWebhook: (body: WebhookInput) => api<Webhook>('POST', '/api/v1/webhooks', { body }),
  updateWebhook: (h: Pick<Webhook, 'id' | 'version'>, body: WebhookPatch) =>
    api<Webhook>('PATCH', `/api/v1/webhooks/${h.id}`, { body, version: h.version }),
  deliveries: (id: string) =>
    api<{ items: Delivery[] }>('GET', `/api/v1/webhooks/${id}/deliveries`).then((r) => r.items),
  /** Queues a test message and sends what is due at once; the answer counts every delivery sent, not only this one. */
  sendTest: (id: string) =>
    api<{ sent: number; failed: number; retrying: number }>('POST', `/api/v1/webhooks/${id}/test`),
  retryDelivery: (id: string) => api<void>('POST', `/api/v1/webhook-deliveries/${id}/retry`),
  calendar: (year: number) => api<CalendarYear>('GET', '/api/v1/calendar', { query: { year } }),
  nextYear: () =>
    api<{ year: number; status: CalendarYearStatus; remind: boolean; warning: string | null }>(
      'GET',
      '/api/v1/calendar/next-year',
    ),
  /** Working-day arithmetic by the county's calendar; `warnings` name the years it reaches into that are not loaded. */
  workingDays: (query: { from: string; add?: number; to?: string }) =>
    api<WorkingDays>('GET', '/api/v1/calendar/working-days', { query }),
  setDay: (day: string, kind: DayKind, name: string) =>
    api<void>('PUT', `/api/v1/calendar/days/${day}`, { body: { kind, name } }),
  importCalendar: (file: File) => {
    const form = new FormData();
    form.append('file', file);
    return api<{ imported: number }>('POST', '/api/v1/calendar/import', { form });
  },
  lights: () => api<Thresholds>('GET', '/api/v1/settings/lights'),
  setLights: (version: number, body: LightThresholds) =>
    api<Thresholds>('PUT', '/api/v1/settings/lights', { body, version }),
  reporting: () => api<Reporting>('GET', '/api/v1/settings/reporting'),
  setReporting: (version: number, body: ReportingRules) =>
    api<Reporting>('PUT', '/api/v1/settings/reporting', { body, version }),
};
export type Reporting = ReportingRules & { version: number; custom: boolean };
export const reportingQuery = () => queryOptions({ queryKey: settingsKeys.reporting, queryFn: settingsApi.reporting });

export const webhooksQuery = () => queryOptions({ queryKey: settingsKeys.webhooks, queryFn: settingsApi.webhooks });
export const deliveriesQuery = (id: string) =>
  queryOptions({ queryKey: settingsKeys.deliveries(id), queryFn: () => settingsApi.deliveries(id) });
/** loaded: a published notice or an import; provisional: the shipped estimate; missing: weekdays only. */
export type CalendarYearStatus = 'loaded' | 'provisional' | 'missing';
export interface CalendarYear {
  year: number;
  status: CalendarYearStatus;
  /** In the caller's language; null when the year is loaded. */
  warning: string | null;
  days: CalendarDay[];
}

export interface WorkingDays {
  from: string;
  isWorkingDay: boolean;
  /** The `add`-th working day after `from`. */
  date?: string;
  /** Working days from `from` to `to`. */
  workingDays?: number;
  /** Years the answer reaches into whose calendar is missing or provisional, with the message in the caller's language. */
  warnings: { year: number; status: Exclude<CalendarYearStatus, 'loaded'>; message: string }[];
}

export const calendarQuery = (year: number) =>
  queryOptions({ queryKey: settingsKeys.calendar(year), queryFn: () => settingsApi.calendar(year) });
export const lightsQuery = () => queryOptions({ queryKey: settingsKeys.lights, queryFn: settingsApi.lights });
