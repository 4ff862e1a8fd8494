import type { QueryClient } from '@tanstack/react-query';

/** Everything cached about one course's reviews sits under this key. */
export const reviewsKey = (courseId: string) => ['reviews', courseId] as const;
export const reviewListKey = (courseId: string, sort: string) => [...reviewsKey(courseId), 'list', sort] as const;
export const myReviewKey = (courseId: string) => [...reviewsKey(courseId), 'me'] as const;

/**
 * A review changed: the lists, the summary and the course's own rating
 * (course pages, cards) are stale.
 */
export function invalidateRatings(queryClient: QueryClient, courseId: string) {
  void queryClient.invalidateQueries({ queryKey: [...reviewsKey(courseId), 'list'] });
  void queryClient.invalidateQueries({ queryKey: ['courses'] });
}
