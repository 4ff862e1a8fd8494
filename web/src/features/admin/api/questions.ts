import { infiniteQueryOptions, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { Page } from '@/types/api';

import type { ModerationStatus } from '../types';
import type { ModerationAction } from './reviews';

/** GET /admin/questions item: a question or an answer as moderators see it. */
export interface ModeratedPost {
  id: string;
  kind: 'question' | 'answer';
  question_id: string | null;
  course: { id: string; title: string; slug: string };
  lecture: { id: string; title: string };
  user: { id: string; name: string };
  title: string;
  body: string;
  status: ModerationStatus;
  flag_reason: string;
  report_count: number;
  /** The first report's reason; "" when nobody reported it. */
  first_report: string;
  created_at: string;
}

export const postQueueOptions = (status: ModerationStatus) =>
  infiniteQueryOptions({
    queryKey: ['admin', 'questions', status],
    queryFn: ({ pageParam, signal }) => api.get<Page<ModeratedPost>>('/admin/questions', { query: { status, cursor: pageParam, limit: 20 }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });

/** The Q&A moderation queue of one status, newest first. */
export function usePostQueue(status: ModerationStatus) {
  return useInfiniteQuery(postQueueOptions(status));
}

/** PATCH /admin/questions/{id}: the updated post, or null once deleted (204). */
export function useModeratePost() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, status, reason }: { id: string; status: ModerationAction; reason: string }) =>
      api.patch<ModeratedPost | undefined>(`/admin/questions/${encodeURIComponent(id)}`, { status, reason }).then((r) => r ?? null),
    onSuccess: () => {
      // The row on screen shows its new state until the queue is reloaded.
      void queryClient.invalidateQueries({ queryKey: ['admin', 'questions'], refetchType: 'none' });
      void queryClient.invalidateQueries({ queryKey: ['learn', 'qa'] });
      void queryClient.invalidateQueries({ queryKey: ['admin', 'audit-log'] });
    },
  });
}
