import { infiniteQueryOptions, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { Page } from '@/types/api';

import type { ModeratedReview, ModerationStatus } from '../types';

const PAGE_SIZE = 20;

/** GET /admin/reviews?status=: the moderation queue, newest first. */
export function getModerationQueue({ status, cursor, signal }: { status: ModerationStatus; cursor?: string; signal?: AbortSignal }) {
  return api.get<Page<ModeratedReview>>('/admin/reviews', { query: { status, cursor, limit: PAGE_SIZE }, signal });
}

export const moderationQueryOptions = (status: ModerationStatus) =>
  infiniteQueryOptions({
    queryKey: ['admin', 'reviews', status],
    queryFn: ({ pageParam, signal }) => getModerationQueue({ status, cursor: pageParam, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });

export function useModerationQueue(status: ModerationStatus) {
  return useInfiniteQuery(moderationQueryOptions(status));
}

export type ModerationAction = 'visible' | 'hidden' | 'deleted';

/** PATCH /admin/reviews/{id}: the updated review, or null once deleted (204). */
export function moderateReview({ id, status, reason }: { id: string; status: ModerationAction; reason: string }) {
  return api.patch<ModeratedReview | undefined>(`/admin/reviews/${encodeURIComponent(id)}`, { status, reason }).then((r) => r ?? null);
}

export function useModerateReview() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: moderateReview,
    onSuccess: () => {
      // The other queues (and the course's public reviews and rating) are stale now.
      // The queue on screen keeps the row, showing its new state, until it is reloaded.
      void queryClient.invalidateQueries({
        queryKey: ['admin', 'reviews'],
        refetchType: 'none',
      });
      void queryClient.invalidateQueries({ queryKey: ['reviews'] });
      void queryClient.invalidateQueries({ queryKey: ['courses'] });
      void queryClient.invalidateQueries({ queryKey: ['admin', 'audit-log'] });
    },
  });
}
