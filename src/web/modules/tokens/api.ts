import { queryOptions } from '@tanstack/react-query';
import { api } from '../../lib/api';

/** 'read': queries only; 'read_write': business writes too (never credentials, tokens or administration). */
export type TokenScope = 'read' | 'read_write';

/** A personal API token as listed: never the secret itself, only its first characters to recognise it. */
export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  scope: TokenScope;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string;
  revokedAt: string | null;
}

export const tokenKeys = { all: ['api-tokens'] as const };

export const tokenApi = {
  list: () => api<{ items: ApiToken[] }>('GET', '/api/v1/api-tokens').then((r) => r.items),
  /** The answer is the only time the secret is ever sent: it is stored hashed. */
  create: (name: string, scope: TokenScope, expiresInDays: number) =>
    api<ApiToken & { token: string }>('POST', '/api/v1/api-tokens', { body: { name, scope, expiresInDays } }),
  revoke: (id: string) => api<void>('POST', `/api/v1/api-tokens/${id}/revoke`),
};

export const tokensQuery = () => queryOptions({ queryKey: tokenKeys.all, queryFn: tokenApi.list });

export type TokenState = 'active' | 'revoked' | 'expired';
export function tokenState(t: ApiToken, now = Date.now()): TokenState {
  if (t.revokedAt) return 'revoked';
  if (Date.parse(t.expiresAt) <= now) return 'expired';
  return 'active';
}
