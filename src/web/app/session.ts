import { useCallback } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, setCsrfToken } from '../lib/api';
import type { Role } from '../../shared/role-labels';

/** The signed-in person, as GET /api/v1/auth/me returns it. */
export interface Me {
  id: string;
  username: string;
  displayName: string;
  unitId: string;
  unitName: string;
  jurisdictionId: string;
  jurisdictionName: string;
  roles: Role[];
  leaderUnitIds: string[];
  csrfToken: string | null;
  mustChangePassword: boolean;
  needsTotpSetup: boolean;
  totpEnabled: boolean;
}

export const meKey = ['me'] as const;

/** null = not signed in. */
export function useMe() {
  return useQuery({
    queryKey: meKey,
    queryFn: async (): Promise<Me | null> => {
      try {
        const me = await api<Me>('GET', '/api/v1/auth/me');
        setCsrfToken(me.csrfToken);
        return me;
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 60_000,
    retry: false,
  });
}

export function useSetMe() {
  const qc = useQueryClient();
  return useCallback(
    (me: Me | null) => {
      const before = qc.getQueryData<Me | null>(meKey);
      // Another person (or nobody) now: drop what was fetched for the previous one, so no page shows their data.
      if (before?.id !== me?.id) qc.removeQueries({ predicate: (q) => q.queryKey[0] !== meKey[0] });
      setCsrfToken(me?.csrfToken ?? null);
      qc.setQueryData(meKey, me);
    },
    [qc],
  );
}

export function hasRole(me: Me | null | undefined, roles: readonly Role[]): boolean {
  return !!me && me.roles.some((r) => roles.includes(r));
}
