import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

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

/** POST /admin/videos/orphans/clean: delete videos that belong to no lecture (older than a day). */
export function useCleanOrphans() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ deleted: number }>('/admin/videos/orphans/clean'),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['admin', 'status'] });
      void queryClient.invalidateQueries({ queryKey: ['admin', 'overview'] });
      void queryClient.invalidateQueries({ queryKey: ['admin', 'audit-log'] });
    },
  });
}
