import { useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { Review, ReviewPage } from '../types';
import { reviewsKey } from './keys';

/** PUT /reviews/{id}/reply: the course's instructor only; an empty body removes the reply. */
export function replyToReview({ id, body }: { id: string; body: string }): Promise<Review> {
  return api.put<Review>(`/reviews/${encodeURIComponent(id)}/reply`, { body });
}

export function useReplyToReview() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: replyToReview,
    onSuccess: (updated) => {
      // Swap the review in every loaded list of its course; the order does not change.
      queryClient.setQueriesData<InfiniteData<ReviewPage>>({ queryKey: [...reviewsKey(updated.course_id), 'list'] }, (data) =>
        data && {
          ...data,
          pages: data.pages.map((p) => ({ ...p, items: p.items.map((r) => (r.id === updated.id ? updated : r)) })),
        },
      );
    },
  });
}
