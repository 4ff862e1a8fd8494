import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { AdminOrder } from '../types';

export const ORDER_LIMIT = 100;

/** GET /admin/orders?status=: all orders, newest first (no cursor: the newest 100). */
export function getAdminOrders({ status, signal }: { status: string; signal?: AbortSignal }) {
  return api.get<{ items: AdminOrder[] }>('/admin/orders', { query: { status, limit: ORDER_LIMIT }, signal });
}

export function useAdminOrders(status: string) {
  return useQuery(
    queryOptions({
      queryKey: ['admin', 'orders', { status }],
      queryFn: ({ signal }) => getAdminOrders({ status, signal }),
      select: (d) => d.items,
      placeholderData: keepPreviousData,
    }),
  );
}

/** POST /orders/{id}/refund: admins may refund any paid order; the buyer loses access. */
export function refundOrder({ id, reason }: { id: string; reason: string }) {
  return api.post<AdminOrder>(`/orders/${encodeURIComponent(id)}/refund`, { reason });
}

export function useRefundOrder() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: refundOrder,
    onSuccess: (order) => {
      queryClient.setQueriesData<{ items: AdminOrder[] }>({ queryKey: ['admin', 'orders'] }, (data) =>
        data && { ...data, items: data.items.map((o) => (o.id === order.id ? order : o)) },
      );
      void queryClient.invalidateQueries({ queryKey: ['admin', 'audit-log'] });
    },
  });
}
