import { describe, expect, it } from 'vitest';

import { checkoutTarget, type CheckoutResult } from './cart';

const result = (checkout_url: string, provider = 'local', status = 'pending'): CheckoutResult => ({
  order_id: '7',
  checkout_url,
  order: { id: '7', status, provider },
});

describe('checkoutTarget', () => {
  const origin = 'http://127.0.0.1:41234';

  it('opens the built-in test provider inside the app, whatever host the server named', () => {
    expect(checkoutTarget(result('http://127.0.0.1/checkout/test/7'), origin)).toEqual({ internal: '/checkout/test/7' });
    expect(checkoutTarget(result('https://learn.example.com/checkout/test/7'), origin)).toEqual({ internal: '/checkout/test/7' });
  });

  it('opens a fully discounted order’s page inside the app', () => {
    expect(checkoutTarget(result('http://elsewhere/orders/7', 'stripe', 'paid'), origin)).toEqual({ internal: '/orders/7' });
  });

  it('leaves for Stripe', () => {
    expect(checkoutTarget(result('https://checkout.stripe.com/c/pay/cs_test_123', 'stripe'), origin)).toEqual({
      external: 'https://checkout.stripe.com/c/pay/cs_test_123',
    });
  });

  it('leaves for PayPal’s approval page', () => {
    const approve = 'https://www.sandbox.paypal.com/checkoutnow?token=5O190127TN364715T';
    expect(checkoutTarget(result(approve, 'paypal'), origin)).toEqual({ external: approve });
  });

  it('does not treat a foreign page with a similar path as ours', () => {
    expect(checkoutTarget(result('https://evil.example/orders/7', 'stripe'), origin)).toEqual({ external: 'https://evil.example/orders/7' });
  });

  it('accepts a relative URL', () => {
    expect(checkoutTarget(result('/checkout/test/7', 'local'), origin)).toEqual({ internal: '/checkout/test/7' });
  });
});
