import { api } from '../../lib/api';
import type { z } from 'zod';
import type { CommendationIn, CommendationOut, LeagueOut, ScoringRulesOut } from '../../../shared/scoring';
import type { ScoringRules } from '../../../shared/domain/scoring';

export type League = z.infer<typeof LeagueOut>;
export type LeagueRow = League['rows'][number];
export type RulesOut = z.infer<typeof ScoringRulesOut>;
export type Commendation = CommendationOut;

export const scoringKeys = {
  all: ['scoring'] as const,
  rules: ['scoring', 'rules'] as const,
  league: (q: { from: string; to: string; kind: string; unitId?: string }) => ['scoring', 'league', q] as const,
  commendations: (q: { from: string; to: string }) => ['scoring', 'commendations', q] as const,
};

export const scoringApi = {
  rules: () => api<RulesOut>('GET', '/api/v1/scoring/rules'),
  setRules: (version: number, rules: ScoringRules) =>
    api<RulesOut>('PUT', '/api/v1/scoring/rules', { body: rules, version }),
  /** The table without the events behind each line (a year holds tens of thousands); a unit's row with them. */
  league: (q: { from: string; to: string; kind: string }) =>
    api<League>('GET', '/api/v1/scoring/league', { query: { ...q, events: 'none' } }),
  unitEvents: (q: { from: string; to: string; kind: string; unitId: string }) =>
    api<League>('GET', '/api/v1/scoring/league', { query: q }),
  commendations: (q: { from: string; to: string }) =>
    api<{ items: Commendation[] }>('GET', '/api/v1/scoring/commendations', { query: q }),
  record: (input: CommendationIn) => api<Commendation>('POST', '/api/v1/scoring/commendations', { body: input }),
  withdraw: (id: string, version: number, reason: string) =>
    api<Commendation>('POST', `/api/v1/scoring/commendations/${id}/withdraw`, { body: { reason }, version }),
};
