import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { cartQueryKey } from '@/lib/cart';

import type { Order } from '../types';

export const ordersQueryKey = ['orders'] as const;
export const orderQueryKey = (id: string) => ['orders', id] as const;

export function getOrders(signal?: AbortSignal): Promise<{ items: Order[] }> {
  return api.get<{ items: Order[] }>('/orders', { signal });
}

export function getOrder(id: string, signal?: AbortSignal): Promise<Order> {
  return api.get<Order>(`/orders/${encodeURIComponent(id)}`, { signal });
}

export function useOrders() {
  return useQuery(
    queryOptions({ queryKey: ordersQueryKey, queryFn: ({ signal }) => getOrders(signal), select: (d) => d.items }),
  );
}

/** One order; `pollMs` refetches it while it is pending (a webhook may still be on its way). */
export function useOrder(id: string, pollMs?: number | false) {
  return useQuery({
    queryKey: orderQueryKey(id),
    queryFn: ({ signal }) => getOrder(id, signal),
    refetchInterval: (q) => (pollMs && q.state.data?.status === 'pending' ? pollMs : false),
    refetchIntervalInBackground: false,
  });
}

/** A paid, cancelled or refunded order changes what the rest of the app shows. */
export function useOrderChanged() {
  const queryClient = useQueryClient();
  return (order: Order) => {
    queryClient.setQueryData(orderQueryKey(order.id), order);
    void queryClient.invalidateQueries({ queryKey: ordersQueryKey, exact: true });
    void queryClient.invalidateQueries({ queryKey: cartQueryKey });
    void queryClient.invalidateQueries({ queryKey: ['courses'] });
    void queryClient.invalidateQueries({ queryKey: ['me', 'enrollments'] });
  };
}

/** POST /orders/{id}/test-payment: the built-in provider's Pay and Cancel. */
export function testPayment(id: string, action: 'pay' | 'cancel'): Promise<Order> {
  return api.post<Order>(`/orders/${encodeURIComponent(id)}/test-payment`, { action });
}

export function useTestPayment() {
  const changed = useOrderChanged();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: 'pay' | 'cancel' }) => testPayment(id, action),
    onSuccess: changed,
  });
}

/** POST /orders/{id}/paypal-capture: after approving on PayPal, Lectern captures the payment (idempotent). */
export function capturePayPal(id: string): Promise<Order> {
  return api.post<Order>(`/orders/${encodeURIComponent(id)}/paypal-capture`);
}

export function useCapturePayPal() {
  const changed = useOrderChanged();
  return useMutation({ mutationFn: capturePayPal, onSuccess: changed });
}

/** POST /orders/{id}/refund: revokes the enrollments the order gave. */
export function refundOrder(id: string, reason: string): Promise<Order> {
  const r = reason.trim();
  return api.post<Order>(`/orders/${encodeURIComponent(id)}/refund`, r ? { reason: r } : {});
}

export function useRefundOrder() {
  const changed = useOrderChanged();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) => refundOrder(id, reason),
    onSuccess: changed,
  });
}
