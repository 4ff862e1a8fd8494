import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { CourseDetail } from '@/types/api';

/** GET /courses/{slug}; the same cache entry the course page uses. */
export const playerCourseQueryOptions = (slug: string) =>
  queryOptions({
    queryKey: ['courses', 'detail', slug] as const,
    queryFn: ({ signal }) => api.get<CourseDetail>(`/courses/${encodeURIComponent(slug)}`, { signal }),
  });

export function usePlayerCourse(slug: string) {
  return useQuery(playerCourseQueryOptions(slug));
}
