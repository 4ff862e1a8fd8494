import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { SubscriptionPayment, SubscriptionPayments, SubscriptionRefundInput } from '../types';

/** GET /admin/users/{id}/subscription-payments: the user's subscription and its payments with their refunds. */
export function useAdminSubscriptionPayments(userId: string) {
  return useQuery(
    queryOptions({
      queryKey: ['admin', 'user', userId, 'subscription-payments'],
      queryFn: ({ signal }) => api.get<SubscriptionPayments>(`/admin/users/${encodeURIComponent(userId)}/subscription-payments`, { signal }),
    }),
  );
}

/** POST /admin/subscription-payments/{id}/refunds: refund a subscription payment, whole or in part. */
export function useRefundSubscriptionPayment(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...input }: SubscriptionRefundInput & { id: string }) =>
      api.post<SubscriptionPayment>(`/admin/subscription-payments/${encodeURIComponent(id)}/refunds`, input),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['admin', 'user', userId] });
      void queryClient.invalidateQueries({ queryKey: ['admin', 'audit-log'] });
    },
  });
}
