import { api, download } from '../../lib/api';
import type {
  AgendaOut,
  AgendaPut,
  DecisionCreate,
  DecisionOut,
  MeetingCreate,
  MeetingOut,
} from '../../../shared/meetings';

export type Meeting = MeetingOut;
export type Agenda = AgendaOut;
export type Decision = DecisionOut;

export const meetingKeys = {
  all: ['meetings'] as const,
  list: ['meetings', 'list'] as const,
  one: (id: string) => ['meetings', id] as const,
  agenda: (id: string) => ['meetings', id, 'agenda'] as const,
  decisions: (id: string) => ['meetings', id, 'decisions'] as const,
};

export const meetingApi = {
  list: () => api<{ items: Meeting[] }>('GET', '/api/v1/meetings'),
  get: (id: string) => api<Meeting>('GET', `/api/v1/meetings/${id}`),
  create: (body: Partial<MeetingCreate>) => api<Meeting>('POST', '/api/v1/meetings', { body }),
  agenda: (id: string) => api<Agenda>('GET', `/api/v1/meetings/${id}/agenda`),
  putAgenda: (id: string, version: number, body: AgendaPut) =>
    api<Agenda>('PUT', `/api/v1/meetings/${id}/agenda`, { body, version }),
  decisions: (id: string) => api<{ items: Decision[] }>('GET', `/api/v1/meetings/${id}/decisions`),
  decide: (id: string, body: Partial<DecisionCreate>) =>
    api<Decision>('POST', `/api/v1/meetings/${id}/decisions`, { body }),
  hold: (m: Meeting) => api<Meeting>('POST', `/api/v1/meetings/${m.id}/hold`, { body: {}, version: m.version }),
  issueMinutes: (m: Meeting) =>
    api<Meeting>('POST', `/api/v1/meetings/${m.id}/issue-minutes`, { body: {}, version: m.version }),
  minutes: (id: string) => download(`/api/v1/meetings/${id}/minutes.docx`),
};
