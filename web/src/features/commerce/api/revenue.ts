import { keepPreviousData, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { Revenue } from '../types';

/** GET /instructor/revenue; from and to are inclusive days, YYYY-MM-DD (UTC). */
export function getRevenue(from: string, to: string, signal?: AbortSignal): Promise<Revenue> {
  return api.get<Revenue>('/instructor/revenue', { query: { from, to }, signal });
}

export function useRevenue(from: string, to: string) {
  return useQuery({
    queryKey: ['instructor', 'revenue', from, to],
    queryFn: ({ signal }) => getRevenue(from, to, signal),
    // Keep the last report on screen while another range loads.
    placeholderData: keepPreviousData,
  });
}
