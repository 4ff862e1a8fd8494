// The cart of a visitor who has not signed in: kept in this browser
// (localStorage), shown by the header and the cart page, and brought into the
// account's cart (POST /cart/merge) as soon as a session starts — after a
// sign-up's emailed link, a log-in or a provider sign-in. The server decides
// what may be bought; courses the user owns or teaches are left out there.

import { useSyncExternalStore } from 'react';
import type { QueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { cartQueryKey, type Cart } from '@/lib/cart';
import type { Course } from '@/types/api';

/** What the cart page needs to show a course without asking the server. */
export type VisitorCartItem = Pick<Course, 'id' | 'slug' | 'title' | 'price_cents' | 'currency' | 'thumbnail_url' | 'instructor'>;

const storageKey = 'lectern.cart';
const changeEvent = 'lectern:visitor-cart';
const empty: VisitorCartItem[] = [];

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage switched off (private mode): the visitor cart stays empty
  }
}

/** Parses the stored cart; anything unreadable counts as empty. */
export function parseVisitorCart(raw: string | null): VisitorCartItem[] {
  if (!raw) return empty;
  try {
    const v: unknown = JSON.parse(raw);
    if (!Array.isArray(v)) return empty;
    return v.filter(
      (c): c is VisitorCartItem =>
        typeof c === 'object' && c !== null && typeof (c as VisitorCartItem).id === 'string' && typeof (c as VisitorCartItem).price_cents === 'number',
    );
  } catch {
    return empty;
  }
}

let cachedRaw: string | null = null;
let cached: VisitorCartItem[] = empty;

export function readVisitorCart(): VisitorCartItem[] {
  const raw = storage()?.getItem(storageKey) ?? null;
  if (raw !== cachedRaw) {
    cachedRaw = raw;
    cached = parseVisitorCart(raw);
  }
  return cached;
}

function write(items: VisitorCartItem[]) {
  const s = storage();
  if (!s) return;
  try {
    if (items.length === 0) s.removeItem(storageKey);
    else s.setItem(storageKey, JSON.stringify(items));
  } catch {
    // full or switched off: nothing to keep
  }
  window.dispatchEvent(new Event(changeEvent));
}

export function addToVisitorCart(course: Course) {
  const items = readVisitorCart();
  if (items.some((c) => c.id === course.id)) return;
  const { id, slug, title, price_cents, currency, thumbnail_url, instructor } = course;
  write([...items, { id, slug, title, price_cents, currency, thumbnail_url, instructor: { id: instructor.id, name: instructor.name } }]);
}

export function removeFromVisitorCart(courseId: string) {
  write(readVisitorCart().filter((c) => c.id !== courseId));
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener(changeEvent, onChange);
  window.addEventListener('storage', onChange); // other tabs
  return () => {
    window.removeEventListener(changeEvent, onChange);
    window.removeEventListener('storage', onChange);
  };
}

/** The visitor cart, updated when it changes (here or in another tab). */
export function useVisitorCart(): VisitorCartItem[] {
  return useSyncExternalStore(subscribe, readVisitorCart, () => empty);
}

/** One total per currency, the way GET /cart/items gives them. */
export function visitorCartTotals(items: VisitorCartItem[]): Cart['totals'] {
  const by = new Map<string, number>();
  for (const c of items) by.set(c.currency, (by.get(c.currency) ?? 0) + c.price_cents);
  return [...by].map(([currency, amount_cents]) => ({ currency, amount_cents }));
}

let merging: Promise<void> | null = null;

/**
 * Brings the visitor cart into the signed-in user's cart, then forgets it here.
 * Runs once at a time; on failure the visitor cart is kept for the next session start.
 */
export function mergeVisitorCart(queryClient: QueryClient): Promise<void> {
  const items = readVisitorCart();
  if (items.length === 0 || merging) return merging ?? Promise.resolve();
  merging = api
    .post<Cart>('/cart/merge', { course_ids: items.map((c) => c.id) })
    .then(async (cart) => {
      // A cart request sent before the merge would answer with the cart without them.
      await queryClient.cancelQueries({ queryKey: cartQueryKey });
      queryClient.setQueryData(cartQueryKey, cart);
      const merged = new Set(items.map((c) => c.id));
      write(readVisitorCart().filter((c) => !merged.has(c.id)));
    })
    .catch(() => {
      // kept for the next time a session starts
    })
    .finally(() => {
      merging = null;
    });
  return merging;
}
