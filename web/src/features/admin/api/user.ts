import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { AdminUserDetail } from '../types';

/** GET /admin/users/{id}: one user with their orders, enrollments, courses taught and audit entries. */
export function useAdminUser(id: string) {
  return useQuery(
    queryOptions({
      queryKey: ['admin', 'user', id],
      queryFn: ({ signal }) => api.get<AdminUserDetail>(`/admin/users/${encodeURIComponent(id)}`, { signal }),
    }),
  );
}
