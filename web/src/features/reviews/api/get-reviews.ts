import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { ReviewPage, ReviewSort } from '../types';
import { reviewListKey } from './keys';

const PAGE_SIZE = 10;

/** GET /courses/{id}/reviews: visible reviews only, with the rating summary. */
export function getReviews({ courseId, sort, cursor, signal }: { courseId: string; sort: ReviewSort; cursor?: string; signal?: AbortSignal }) {
  return api.get<ReviewPage>(`/courses/${encodeURIComponent(courseId)}/reviews`, { query: { sort, cursor, limit: PAGE_SIZE }, signal });
}

export const reviewsQueryOptions = (courseId: string, sort: ReviewSort) =>
  infiniteQueryOptions({
    queryKey: reviewListKey(courseId, sort),
    queryFn: ({ pageParam, signal }) => getReviews({ courseId, sort, cursor: pageParam, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });

export function useReviews(courseId: string, sort: ReviewSort) {
  return useInfiniteQuery(reviewsQueryOptions(courseId, sort));
}
