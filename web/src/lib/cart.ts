// The cart and the start of checkout. They live in lib, not in a feature, because
// three places share them: the header (the item count), the course page's buy box
// (add to cart, buy now) and the cart page (features/commerce).

import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { Course } from '@/types/api';

/** An amount in minor units of one currency. */
export interface Money {
  amount_cents: number;
  currency: string;
}

/** GET /cart/items: one total per currency (a cart may mix currencies). */
export interface Cart {
  items: Course[];
  totals: Money[];
  /** The ways to pay POST /checkout accepts as `provider`, the default first ("local" or "stripe", then "paypal"). */
  payment_providers?: string[];
}

/** POST /checkout's answer; `order` is the full order, typed by features/commerce. */
export interface CheckoutResult {
  order_id: string;
  checkout_url: string;
  order: { id: string; status: string; provider: string };
}

export const cartQueryKey = ['cart'] as const;

export function getCart(signal?: AbortSignal): Promise<Cart> {
  return api.get<Cart>('/cart/items', { signal });
}

export const cartQueryOptions = () =>
  queryOptions({
    queryKey: cartQueryKey,
    queryFn: ({ signal }) => getCart(signal),
  });

/** The signed-in user's cart; pass enabled=false for visitors (the API needs a login). */
export function useCart(enabled = true) {
  return useQuery({ ...cartQueryOptions(), enabled });
}

export function addToCart(courseId: string): Promise<Cart> {
  return api.post<Cart>('/cart/items', { course_id: courseId });
}

export function removeFromCart(courseId: string): Promise<Cart> {
  return api.delete<Cart>(`/cart/items/${encodeURIComponent(courseId)}`);
}

/** Add and remove answer with the whole cart: it replaces the cached one. */
export function useAddToCart() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: addToCart, onSuccess: (cart) => queryClient.setQueryData(cartQueryKey, cart) });
}

export function useRemoveFromCart() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: removeFromCart, onSuccess: (cart) => queryClient.setQueryData(cartQueryKey, cart) });
}

/** POST /checkout: a pending order (or a paid one, when a coupon covers it all). `provider` defaults to the card provider. */
export function checkout(courseIds: string[], coupon?: string, provider?: string): Promise<CheckoutResult> {
  const code = coupon?.trim();
  return api.post<CheckoutResult>('/checkout', {
    course_ids: courseIds,
    ...(code ? { coupon: code } : {}),
    ...(provider ? { provider } : {}),
  });
}

/**
 * Where to send the browser after POST /checkout. Stripe's page is elsewhere
 * (a full navigation); the built-in test provider's page and the order page are
 * ours, so they open inside the app, by path: that also works when the server's
 * LECTERN_PUBLIC_URL names another host or port than the one in the address bar.
 */
export function checkoutTarget(result: CheckoutResult, origin: string): { internal: string } | { external: string } {
  let url: URL;
  try {
    url = new URL(result.checkout_url, origin);
  } catch {
    return { internal: `/orders/${encodeURIComponent(result.order_id)}` };
  }
  const ours = /^\/(checkout\/test|orders)\/[^/]+$/.test(url.pathname);
  if (ours && (url.origin === origin || result.order.provider === 'local' || result.order.status === 'paid')) {
    return { internal: url.pathname + url.search };
  }
  return { external: url.href };
}

/** Checkout, then go to the payment page (a full page load for Stripe, a route change otherwise). */
export function useCheckout(navigate: (path: string) => void) {
  return useMutation({
    mutationFn: ({ courseIds, coupon, provider }: { courseIds: string[]; coupon?: string; provider?: string }) =>
      checkout(courseIds, coupon, provider),
    onSuccess: (result) => {
      const target = checkoutTarget(result, window.location.origin);
      if ('internal' in target) navigate(target.internal);
      else window.location.assign(target.external);
    },
  });
}
