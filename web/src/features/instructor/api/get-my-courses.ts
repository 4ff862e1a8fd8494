import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { Course } from '@/types/api';

import { myCoursesKey } from './keys';

export function getMyCourses(signal?: AbortSignal): Promise<{ items: Course[] }> {
  return api.get<{ items: Course[] }>('/instructor/courses', { signal });
}

export const myCoursesQueryOptions = () =>
  queryOptions({
    queryKey: myCoursesKey,
    queryFn: ({ signal }) => getMyCourses(signal),
    select: (data) => data.items,
  });

export function useMyCourses() {
  return useQuery(myCoursesQueryOptions());
}
