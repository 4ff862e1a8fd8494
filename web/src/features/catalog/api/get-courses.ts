import { infiniteQueryOptions, queryOptions, useInfiniteQuery, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { Course, SearchPage } from '@/types/api';

/** GET /courses filters, exactly as the URL of the search page carries them. */
export interface CourseFilters {
  q?: string;
  category?: string;
  level?: string;
  language?: string;
  price?: string;
  min_rating?: string;
  duration?: string;
  sort?: string;
  featured?: boolean;
}

export function getCourses(filters: CourseFilters & { cursor?: string; limit?: number; signal?: AbortSignal }): Promise<SearchPage<Course>> {
  const { signal, ...query } = filters;
  return api.get<SearchPage<Course>>('/courses', { query: { ...query }, signal });
}


export const coursesQueryKey = (filters: CourseFilters, limit?: number) => ['courses', 'list', filters, limit] as const;

/** The search page: pages of 20 with "Load more". */
export const courseSearchQueryOptions = (filters: CourseFilters) =>
  infiniteQueryOptions({
    queryKey: [...coursesQueryKey(filters), 'infinite'],
    queryFn: ({ pageParam, signal }) => getCourses({ ...filters, cursor: pageParam, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });

export function useCourseSearch(filters: CourseFilters) {
  return useInfiniteQuery(courseSearchQueryOptions(filters));
}

/** One short row of courses (the home page). */
export const courseRowQueryOptions = (filters: CourseFilters, limit: number) =>
  queryOptions({
    queryKey: coursesQueryKey(filters, limit),
    queryFn: ({ signal }) => getCourses({ ...filters, limit, signal }),
  });

export function useCourseRow(filters: CourseFilters, limit = 8) {
  return useQuery(courseRowQueryOptions(filters, limit));
}
