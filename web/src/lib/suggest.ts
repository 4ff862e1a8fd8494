import { useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { Suggestion } from '@/types/api';

/** Search-as-you-type: up to 8 courses, categories and instructors for what is typed. */
export function useSuggestions(q: string) {
  const trimmed = q.trim();
  return useQuery({
    queryKey: ['courses', 'suggest', trimmed],
    queryFn: ({ signal }) => api.get<{ items: Suggestion[] }>('/search/suggest', { query: { q: trimmed }, signal }),
    enabled: trimmed.length > 0,
    staleTime: 30_000,
    placeholderData: (prev) => prev,
  });
}
