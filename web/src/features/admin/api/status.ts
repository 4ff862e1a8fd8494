import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { SystemStatus } from '../types';

/** GET /admin/status: database, storage, job queue, videos and ffmpeg, checked on each call. */
export function getStatus(signal?: AbortSignal): Promise<SystemStatus> {
  return api.get<SystemStatus>('/admin/status', { signal });
}

export function useSystemStatus() {
  return useQuery(
    queryOptions({
      queryKey: ['admin', 'status'],
      queryFn: ({ signal }) => getStatus(signal),
      // Queue depths move while the page is open; a slow poll keeps them honest.
      refetchInterval: 15_000,
    }),
  );
}
