import type { Money } from '@/lib/cart';

/** Adds up prices per currency, in a stable order (by currency code). */
export function totalsByCurrency(items: { price_cents: number; currency: string }[]): Money[] {
  const sums = new Map<string, number>();
  for (const it of items) sums.set(it.currency, (sums.get(it.currency) ?? 0) + it.price_cents);
  return [...sums].map(([currency, amount_cents]) => ({ amount_cents, currency })).sort((a, b) => a.currency.localeCompare(b.currency));
}

/**
 * What the cart page can do with the server's per-currency totals: one order is
 * one currency, so a cart that mixes them cannot check out as a whole.
 */
export function cartCheckoutState(totals: Money[], itemCount: number): 'empty' | 'mixed' | 'ready' {
  if (itemCount === 0) return 'empty';
  return new Set(totals.map((t) => t.currency)).size > 1 ? 'mixed' : 'ready';
}

/** The same totals, sorted so the page does not reshuffle them between renders (the server's order is a map's). */
export function sortTotals(totals: Money[]): Money[] {
  return [...totals].sort((a, b) => a.currency.localeCompare(b.currency));
}

export { formatAmount } from '@/lib/format';
