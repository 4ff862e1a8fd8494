import { useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { Receipt } from '../types';

/** GET /orders/{id}/receipt (the buyer or an admin; 409 while unpaid). */
export function getReceipt(id: string, signal?: AbortSignal): Promise<Receipt> {
  return api.get<Receipt>(`/orders/${encodeURIComponent(id)}/receipt`, { signal });
}

export function useReceipt(id: string) {
  return useQuery({ queryKey: ['orders', id, 'receipt'], queryFn: ({ signal }) => getReceipt(id, signal) });
}
