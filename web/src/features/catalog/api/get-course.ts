import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { useUser } from '@/lib/auth';
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

/**
 * The course as the viewer sees it. On a fresh page load the session is restored
 * first: asked before that, the answer would be a visitor's (not enrolled, priced).
 */
export function useCourse(idOrSlug: string) {
  const { isPending } = useUser();
  return useQuery({ ...courseQueryOptions(idOrSlug), enabled: !isPending });
}
