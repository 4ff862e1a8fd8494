// The wishlist. It lives in lib, next to the cart, because course cards (on every
// page that lists courses), the course page and the wishlist page all show the
// heart, and "move to cart" touches the cart's cache too.

import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { cartQueryKey, type Cart } from '@/lib/cart';
import type { Course } from '@/types/api';

/** GET /me/wishlist: newest first. */
export interface Wishlist {
  items: Course[];
}

export const wishlistQueryKey = ['wishlist'] as const;

export function getWishlist(signal?: AbortSignal): Promise<Wishlist> {
  return api.get<Wishlist>('/me/wishlist', { signal });
}

export const wishlistQueryOptions = () =>
  queryOptions({
    queryKey: wishlistQueryKey,
    queryFn: ({ signal }) => getWishlist(signal),
    staleTime: 60_000,
  });

/** The signed-in user's wishlist; pass enabled=false for visitors (the API needs a login). */
export function useWishlist(enabled = true) {
  return useQuery({ ...wishlistQueryOptions(), enabled });
}

/** Whether a course is on the wishlist (false while it loads). */
export function isWishlisted(list: Wishlist | undefined, courseId: string): boolean {
  return !!list?.items.some((c) => c.id === courseId);
}

/**
 * The wishlist after one heart toggle, for showing it at once while the server
 * answers: a course put on goes first (newest first), one taken off disappears.
 */
export function toggled(list: Wishlist | undefined, course: Course, on: boolean): Wishlist {
  const rest = (list?.items ?? []).filter((c) => c.id !== course.id);
  return { items: on ? [course, ...rest] : rest };
}

export function putOnWishlist(courseId: string): Promise<Wishlist> {
  return api.put<Wishlist>(`/me/wishlist/${encodeURIComponent(courseId)}`, {});
}

export function takeOffWishlist(courseId: string): Promise<Wishlist> {
  return api.delete<Wishlist>(`/me/wishlist/${encodeURIComponent(courseId)}`);
}

/** Heart or un-heart a course; the heart changes at once and goes back if the server refuses. */
export function useToggleWishlist() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ course, on }: { course: Course; on: boolean }) => (on ? putOnWishlist(course.id) : takeOffWishlist(course.id)),
    onMutate: async ({ course, on }) => {
      await queryClient.cancelQueries({ queryKey: wishlistQueryKey });
      const before = queryClient.getQueryData<Wishlist>(wishlistQueryKey);
      queryClient.setQueryData(wishlistQueryKey, toggled(before, course, on));
      return { before };
    },
    onError: (_err, _vars, ctx) => queryClient.setQueryData(wishlistQueryKey, ctx?.before),
    onSuccess: (list) => queryClient.setQueryData(wishlistQueryKey, list),
  });
}

/** POST /me/wishlist/{id}/cart: the course goes into the cart and off the wishlist. */
export function moveToCart(courseId: string): Promise<Cart> {
  return api.post<Cart>(`/me/wishlist/${encodeURIComponent(courseId)}/cart`);
}

export function useMoveToCart() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (course: Course) => moveToCart(course.id),
    onSuccess: (cart, course) => {
      queryClient.setQueryData(cartQueryKey, cart);
      queryClient.setQueryData<Wishlist>(wishlistQueryKey, (list) => toggled(list, course, false));
    },
  });
}
