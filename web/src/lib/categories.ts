import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { Category } from '@/types/api';

// Categories are shared by the catalog (filters, home) and the course editor
// (category select), so their one query lives here rather than in a feature.

export function getCategories({ signal }: { signal?: AbortSignal } = {}): Promise<{ items: Category[] }> {
  return api.get<{ items: Category[] }>('/categories', { signal });
}

export const categoriesQueryOptions = () =>
  queryOptions({
    queryKey: ['categories'],
    queryFn: ({ signal }) => getCategories({ signal }),
    staleTime: 5 * 60_000,
    select: (data) => data.items,
  });

export function useCategories() {
  return useQuery(categoriesQueryOptions());
}
