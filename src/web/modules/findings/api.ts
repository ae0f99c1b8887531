import { api } from '../../lib/api';
import type { FindingOut } from '../../../shared/findings';
import { loopApi, loopKeys } from '../tasks/loop-api';

/** 整改's routes (/api/v1/findings): the list and a new finding; a finding's loop is the core's, on its path. */
export const findingKeys = loopKeys('findings');

export const findingApi = {
  ...loopApi<FindingOut>('/api/v1/findings'),
  list: (q: Record<string, string | number | undefined>) =>
    api<{ items: FindingOut[]; total: number }>('GET', '/api/v1/findings', { query: q }),
  create: (body: Record<string, unknown>) => api<FindingOut>('POST', '/api/v1/findings', { body }),
};
