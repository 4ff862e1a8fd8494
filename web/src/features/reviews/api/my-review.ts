import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api, ApiError } from '@/lib/api-client';

import type { Review } from '../types';
import { invalidateRatings, myReviewKey } from './keys';

const path = (courseId: string) => `/courses/${encodeURIComponent(courseId)}/reviews/me`;

/** GET /courses/{id}/reviews/me: null when the caller has not reviewed the course (404). */
export async function getMyReview(courseId: string, signal?: AbortSignal): Promise<Review | null> {
  try {
    return await api.get<Review>(path(courseId), { signal });
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}

export const myReviewQueryOptions = (courseId: string) =>
  queryOptions({
    queryKey: myReviewKey(courseId),
    queryFn: ({ signal }) => getMyReview(courseId, signal),
  });

export function useMyReview(courseId: string, enabled: boolean) {
  return useQuery({ ...myReviewQueryOptions(courseId), enabled });
}

export interface ReviewInput {
  rating: number;
  comment: string;
}

/** PUT /courses/{id}/reviews/me creates (201) or updates (200) the caller's review. */
export function saveMyReview(courseId: string, input: ReviewInput): Promise<Review> {
  return api.put<Review>(path(courseId), input);
}

export function useSaveMyReview(courseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ReviewInput) => saveMyReview(courseId, input),
    onSuccess: (review) => {
      queryClient.setQueryData(myReviewKey(courseId), review);
      invalidateRatings(queryClient, courseId);
    },
  });
}

export function deleteMyReview(courseId: string): Promise<void> {
  return api.delete(path(courseId));
}

export function useDeleteMyReview(courseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => deleteMyReview(courseId),
    onSuccess: () => {
      queryClient.setQueryData(myReviewKey(courseId), null);
      invalidateRatings(queryClient, courseId);
    },
  });
}
