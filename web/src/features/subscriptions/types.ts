/** GET /plans items. */
export interface Plan {
  code: string;
  name: string;
  currency: string;
  monthly_cents: number;
  yearly_cents: number;
}

export type SubscriptionStatus = 'incomplete' | 'trialing' | 'active' | 'past_due' | 'canceled' | 'ended';

/** GET /me/subscription. */
export interface Subscription {
  id: string;
  plan: string;
  interval: 'month' | 'year';
  status: SubscriptionStatus;
  provider: string;
  amount_cents: number;
  currency: string;
  current_period_start: string | null;
  current_period_end: string | null;
  trial_end: string | null;
  cancel_at_period_end: boolean;
  access_until: string | null;
  fail_next_renewal?: boolean;
  created_at: string;
}

export type TestAction = 'pay' | 'fail_next' | 'cancel' | 'resume';
