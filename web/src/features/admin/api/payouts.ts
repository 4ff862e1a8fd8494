import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { InstructorBalance, PayoutInput } from '../types';

/** GET /admin/payouts: every instructor's balances. */
export function getPayoutBalances(signal?: AbortSignal) {
  return api.get<{ items: InstructorBalance[] }>('/admin/payouts', { signal });
}

export function usePayoutBalances() {
  return useQuery({ queryKey: ['admin', 'payouts'], queryFn: ({ signal }) => getPayoutBalances(signal), select: (d) => d.items });
}

/** POST /admin/payouts: record money paid to an instructor (at most what is available). */
export function recordPayout(input: PayoutInput) {
  return api.post<{ id: string }>('/admin/payouts', input);
}

export function useRecordPayout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: recordPayout,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['admin', 'payouts'] });
      void queryClient.invalidateQueries({ queryKey: ['admin', 'audit-log'] });
    },
  });
}
