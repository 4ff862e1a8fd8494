import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { AdminOverview } from '../types';

/** GET /admin/overview: sales, sign-ups, the moderation queues, the job queue and disk. */
export function getOverview(signal?: AbortSignal): Promise<AdminOverview> {
  return api.get<AdminOverview>('/admin/overview', { signal });
}

export function useAdminOverview() {
  return useQuery(
    queryOptions({
      queryKey: ['admin', 'overview'],
      queryFn: ({ signal }) => getOverview(signal),
      refetchInterval: 30_000,
    }),
  );
}
