import { describe, expect, it } from 'vitest';

import { parseVisitorCart, visitorCartTotals, type VisitorCartItem } from './visitor-cart';

const item = (id: string, price_cents: number, currency = 'USD'): VisitorCartItem => ({
  id,
  slug: `course-${id}`,
  title: `Course ${id}`,
  price_cents,
  currency,
  thumbnail_url: null,
  instructor: { id: '1', name: 'Ines' },
});

describe('visitor cart', () => {
  it('reads what was stored and treats anything else as empty', () => {
    expect(parseVisitorCart(JSON.stringify([item('1', 1500)]))).toEqual([item('1', 1500)]);
    expect(parseVisitorCart(null)).toEqual([]);
    expect(parseVisitorCart('not json')).toEqual([]);
    expect(parseVisitorCart('{"id":"1"}')).toEqual([]);
    expect(parseVisitorCart(JSON.stringify([{ id: 2 }, item('3', 100)]))).toEqual([item('3', 100)]);
  });

  it('totals per currency', () => {
    expect(visitorCartTotals([item('1', 1500), item('2', 2500), item('3', 900, 'EUR')])).toEqual([
      { currency: 'USD', amount_cents: 4000 },
      { currency: 'EUR', amount_cents: 900 },
    ]);
  });
});
