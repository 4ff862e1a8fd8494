import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { AdminOrder, AdminOrderDetail, PartialRefundInput } from '../types';

export const ORDER_LIMIT = 100;

/** GET /admin/orders?status=&q=: all orders, newest first (no cursor: the newest 100); q is a buyer's name or email, a course title or an order id. */
export function getAdminOrders({ status, q, signal }: { status: string; q: string; signal?: AbortSignal }) {
  return api.get<{ items: AdminOrder[] }>('/admin/orders', { query: { status, q, limit: ORDER_LIMIT }, signal });
}

export function useAdminOrders(status: string, q = '') {
  return useQuery(
    queryOptions({
      queryKey: ['admin', 'orders', { status, q }],
      queryFn: ({ signal }) => getAdminOrders({ status, q, signal }),
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
      void queryClient.invalidateQueries({ queryKey: ['admin', 'order', order.id] });
      void queryClient.invalidateQueries({ queryKey: ['admin', 'audit-log'] });
    },
  });
}

/** GET /admin/orders/{id}: one order with its buyer, payment and refunds. */
export function useAdminOrder(id: string) {
  return useQuery(
    queryOptions({
      queryKey: ['admin', 'order', id],
      queryFn: ({ signal }) => api.get<AdminOrderDetail>(`/admin/orders/${encodeURIComponent(id)}`, { signal }),
    }),
  );
}

/** POST /admin/orders/{id}/refunds: refund chosen courses or an amount, with a reason. */
export function useRefundPart(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: PartialRefundInput) => api.post<AdminOrderDetail>(`/admin/orders/${encodeURIComponent(id)}/refunds`, input),
    onSuccess: (order) => {
      queryClient.setQueryData(['admin', 'order', id], order);
      void queryClient.invalidateQueries({ queryKey: ['admin', 'orders'] });
      void queryClient.invalidateQueries({ queryKey: ['admin', 'audit-log'] });
      void queryClient.invalidateQueries({ queryKey: ['admin', 'overview'] });
    },
  });
}
