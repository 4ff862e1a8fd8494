import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { CourseDetail } from '@/types/api';

export function getCourse(idOrSlug: string, signal?: AbortSignal): Promise<CourseDetail> {
  return api.get<CourseDetail>(`/courses/${encodeURIComponent(idOrSlug)}`, { signal });
}

export const courseQueryKey = (idOrSlug: string) => ['courses', 'detail', idOrSlug] as const;

export const courseQueryOptions = (idOrSlug: string) =>
  queryOptions({
    queryKey: courseQueryKey(idOrSlug),
    queryFn: ({ signal }) => getCourse(idOrSlug, signal),
  });

export function useCourse(idOrSlug: string) {
  return useQuery(courseQueryOptions(idOrSlug));
}
