import { describe, expect, it } from 'vitest';

import { cartCheckoutState, formatAmount, sortTotals, totalsByCurrency } from './money';

describe('totalsByCurrency', () => {
  it('adds minor units per currency without floating point', () => {
    const items = [
      { price_cents: 1999, currency: 'USD' },
      { price_cents: 1, currency: 'USD' },
      { price_cents: 1200, currency: 'JPY' },
      { price_cents: 10, currency: 'USD' },
    ];
    expect(totalsByCurrency(items)).toEqual([
      { amount_cents: 1200, currency: 'JPY' },
      { amount_cents: 2010, currency: 'USD' },
    ]);
  });

  it('is empty for nothing', () => {
    expect(totalsByCurrency([])).toEqual([]);
  });
});

describe('cartCheckoutState', () => {
  it('is empty without items, mixed with two currencies, ready with one', () => {
    expect(cartCheckoutState([], 0)).toBe('empty');
    expect(cartCheckoutState([{ amount_cents: 1, currency: 'USD' }], 2)).toBe('ready');
    expect(
      cartCheckoutState(
        [
          { amount_cents: 1, currency: 'USD' },
          { amount_cents: 2, currency: 'EUR' },
        ],
        2,
      ),
    ).toBe('mixed');
  });
});

it('sortTotals orders by currency and leaves its input alone', () => {
  const input = [
    { amount_cents: 1, currency: 'USD' },
    { amount_cents: 2, currency: 'EUR' },
  ];
  expect(sortTotals(input).map((t) => t.currency)).toEqual(['EUR', 'USD']);
  expect(input[0].currency).toBe('USD');
});

it('formatAmount writes zero as money and respects minor digits', () => {
  expect(formatAmount(0, 'USD', 'en-US')).toBe('$0.00');
  expect(formatAmount(1999, 'USD', 'en-US')).toBe('$19.99');
  expect(formatAmount(-250, 'EUR', 'en-US')).toBe('-€2.50');
  expect(formatAmount(1200, 'JPY', 'en-US')).toBe('¥1,200');
});
