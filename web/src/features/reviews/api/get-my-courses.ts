import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { Course } from '@/types/api';

/** GET /instructor/courses: the courses the caller teaches (the instructor reviews page picks one). */
export function getTeachingCourses(signal?: AbortSignal): Promise<{ items: Course[] }> {
  return api.get<{ items: Course[] }>('/instructor/courses', { signal });
}

export function useTeachingCourses() {
  return useQuery(
    queryOptions({
      // Same key as the instructor dashboard's list: one cache entry for one endpoint.
      queryKey: ['instructor', 'courses'],
      queryFn: ({ signal }) => getTeachingCourses(signal),
      select: (data) => data.items,
    }),
  );
}
