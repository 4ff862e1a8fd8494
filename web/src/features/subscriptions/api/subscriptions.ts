import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api, ApiError } from '@/lib/api-client';

import type { Plan, Subscription, TestAction } from '../types';

const mySubscriptionKey = ['me', 'subscription'] as const;

/** GET /plans. */
export function usePlans() {
  return useQuery({
    queryKey: ['plans'],
    queryFn: ({ signal }) => api.get<{ items: Plan[] }>('/plans', { signal }),
    select: (d) => d.items,
  });
}

/** GET /me/subscription; null when the user never subscribed. */
export function useMySubscription(enabled: boolean) {
  return useQuery({
    queryKey: mySubscriptionKey,
    enabled,
    queryFn: async ({ signal }) => {
      try {
        return await api.get<Subscription>('/me/subscription', { signal });
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }
    },
  });
}

/** POST /subscriptions/checkout, then off to the provider's page. */
export function useSubscribe(navigate: (path: string) => void) {
  return useMutation({
    mutationFn: (input: { plan: string; interval: 'month' | 'year' }) => api.post<{ checkout_url: string }>('/subscriptions/checkout', input),
    onSuccess: (r) => goTo(r.checkout_url, navigate),
  });
}

/** POST /me/subscription/portal: Stripe's customer portal, or the test page. */
export function usePortal(navigate: (path: string) => void) {
  return useMutation({
    mutationFn: () => api.post<{ url: string }>('/me/subscription/portal'),
    onSuccess: (r) => goTo(r.url, navigate),
  });
}

/** Same-origin pages (the test provider) stay in the app; others load fully. */
function goTo(url: string, navigate: (path: string) => void) {
  const u = new URL(url, window.location.href);
  if (u.origin === window.location.origin) navigate(u.pathname + u.search);
  else window.location.assign(url);
}

/** GET /subscriptions/{id}/test: the built-in provider's page. */
export function useTestSubscription(id: string) {
  return useQuery({
    queryKey: ['subscriptions', id, 'test'],
    queryFn: ({ signal }) => api.get<Subscription>(`/subscriptions/${encodeURIComponent(id)}/test`, { signal }),
  });
}

export function useTestSubscriptionAction(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: TestAction) => api.post<Subscription>(`/subscriptions/${encodeURIComponent(id)}/test`, { action }),
    onSuccess: (sub) => {
      queryClient.setQueryData(['subscriptions', id, 'test'], sub);
      void queryClient.invalidateQueries({ queryKey: mySubscriptionKey });
      void queryClient.invalidateQueries({ queryKey: ['courses'] });
    },
  });
}

/** One of the subscriber's payments, with what was refunded of it. */
export interface MyPayment {
  id: string;
  status: 'paid' | 'failed';
  amount_cents: number;
  refunded_cents: number;
  currency: string;
  occurred_at: string;
  refunds: { id: string; amount_cents: number; created_at: string }[];
}

/** GET /me/subscription/payments: the subscriber's payments and refunds, newest first. */
export function useMySubscriptionPayments(enabled: boolean) {
  return useQuery({
    queryKey: [...mySubscriptionKey, 'payments'],
    enabled,
    queryFn: ({ signal }) => api.get<{ items: MyPayment[] }>('/me/subscription/payments', { signal }),
    select: (d) => d.items,
  });
}
