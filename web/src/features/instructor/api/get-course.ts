import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { CourseDetail } from '@/types/api';

import { editCourseKey } from './keys';

export function getCourse(id: string, signal?: AbortSignal): Promise<CourseDetail> {
  return api.get<CourseDetail>(`/courses/${encodeURIComponent(id)}`, { signal });
}

export const editCourseQueryOptions = (id: string) =>
  queryOptions({
    queryKey: editCourseKey(id),
    queryFn: ({ signal }) => getCourse(id, signal),
    // The editor holds unsaved text in its inputs; a background refetch
    // must not reset them under the instructor's fingers.
    refetchOnWindowFocus: false,
    staleTime: Infinity,
  });

export function useEditCourse(id: string) {
  return useQuery(editCourseQueryOptions(id));
}
