import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { Enrollment } from '@/types/api';

export function getEnrollments(signal?: AbortSignal): Promise<{ items: Enrollment[] }> {
  return api.get<{ items: Enrollment[] }>('/me/enrollments', { signal });
}

export const enrollmentsQueryOptions = () =>
  queryOptions({
    queryKey: ['me', 'enrollments'],
    queryFn: ({ signal }) => getEnrollments(signal),
    select: (data) => data.items,
  });

export function useEnrollments() {
  return useQuery(enrollmentsQueryOptions());
}
