import { useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { Playback } from './types';

export function getPlayback(lectureId: string, signal?: AbortSignal): Promise<Playback> {
  return api.get<Playback>(`/lectures/${encodeURIComponent(lectureId)}/playback`, { signal });
}

/**
 * A lecture's signed media URLs. They expire (the player asks again when a
 * media request is refused), so the cached copy is never reused for a later visit.
 */
export function usePlayback(lectureId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['learn', 'playback', lectureId],
    queryFn: ({ signal }) => getPlayback(lectureId, signal),
    enabled,
    retry: false,
    staleTime: Infinity,
    gcTime: 0,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
}
