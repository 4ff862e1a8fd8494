import { useState } from 'react';

import { Button } from '@/components/Button';
import { ConfirmDialog } from '@/components/ConfirmDialog';
import { Field, TextAreaField } from '@/components/Field';
import { formErrors } from '@/lib/form-errors';
import { formatPrice, parsePrice } from '@/lib/format';

import { useAdminSubscriptionPayments, useRefundSubscriptionPayment } from '../api/subscription-payments';
import type { SubscriptionPayment } from '../types';
import { formatDateTime } from '../utils/status';

const newKey = () => (typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`);

/** A user's subscription payments on their admin page, each with what was refunded and a Refund action. */
export function SubscriptionPayments({ userId }: { userId: string }) {
  const payments = useAdminSubscriptionPayments(userId);
  const [refunding, setRefunding] = useState<SubscriptionPayment | null>(null);
  if (payments.isPending || payments.isError) return null;
  const { subscription, items } = payments.data;
  if (!subscription && items.length === 0) return null;
  return (
    <>
      <h2>Subscription</h2>
      {subscription && (
        <p data-testid="user-subscription">
          {subscription.plan} · {subscription.interval}ly · {subscription.status.replace('_', ' ')} · {subscription.provider}
          {subscription.access_until && <span className="muted"> · access until {formatDateTime(subscription.access_until)}</span>}
        </p>
      )}
      {items.length > 0 && (
        <div className="admin-table-wrap">
          <table className="admin-table" data-testid="user-subscription-payments">
            <thead>
              <tr>
                <th scope="col">Paid</th>
                <th scope="col">Period</th>
                <th scope="col" className="num">
                  Amount
                </th>
                <th scope="col" className="num">
                  Refunded
                </th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((p) => (
                <tr key={p.id}>
                  <td className="nowrap">{formatDateTime(p.occurred_at)}</td>
                  <td className="nowrap">{p.period_end ? `to ${formatDateTime(p.period_end)}` : '—'}</td>
                  <td className="num">{formatPrice(p.amount_cents, p.currency)}</td>
                  <td className="num" data-testid="payment-refunded" title={p.refunds.map((r) => `${formatPrice(r.amount_cents, p.currency)}: ${r.reason}`).join('\n')}>
                    {p.refunded_cents > 0 ? formatPrice(p.refunded_cents, p.currency) : '—'}
                  </td>
                  <td className="nowrap">{p.status === 'failed' ? 'failed' : p.refunded_cents >= p.amount_cents ? 'refunded' : p.refunded_cents > 0 ? 'partly refunded' : 'paid'}</td>
                  <td>
                    {p.status === 'paid' && p.refunded_cents < p.amount_cents && (
                      <Button variant="secondary" onClick={() => setRefunding(p)} data-testid="subscription-refund">
                        Refund
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {refunding && <SubscriptionRefundDialog userId={userId} payment={refunding} onClose={() => setRefunding(null)} />}
    </>
  );
}

/** Asks for the amount (all that is left by default), a reason and whether access ends now. */
function SubscriptionRefundDialog({ userId, payment, onClose }: { userId: string; payment: SubscriptionPayment; onClose: () => void }) {
  const refund = useRefundSubscriptionPayment(userId);
  const left = payment.amount_cents - payment.refunded_cents;
  const [amountText, setAmountText] = useState('');
  const [reason, setReason] = useState('');
  const [endAccess, setEndAccess] = useState(false);
  // One key per dialog: a double click or a retry refunds once.
  const [key] = useState(newKey);
  const amount = amountText.trim() === '' ? left : parsePrice(amountText, payment.currency);
  const errors = formErrors(refund.error, ['amount_cents', 'reason']);
  const localAmountError = amount === null ? 'Write an amount such as 4.50' : undefined;

  const confirm = () => {
    if (amount === null) return;
    refund.mutate(
      { id: payment.id, amount_cents: amount === left ? undefined : amount, reason: reason.trim(), key, end_access: endAccess },
      { onSuccess: onClose },
    );
  };

  return (
    <ConfirmDialog
      title={`Refund the payment of ${formatDateTime(payment.occurred_at)}`}
      confirmLabel={`Refund ${amount !== null ? formatPrice(amount, payment.currency) : ''}`}
      danger
      pending={refund.isPending}
      error={errors.summary ? refund.error : undefined}
      onConfirm={confirm}
      onCancel={onClose}
      testId="subscription-refund-dialog"
    >
      <p>
        {formatPrice(left, payment.currency)} of {formatPrice(payment.amount_cents, payment.currency)} is left to refund. It goes back through{' '}
        {payment.provider ?? 'the payment provider'}.
      </p>
      <Field
        label={`Amount (${payment.currency})`}
        name="amount"
        inputMode="decimal"
        placeholder={formatPrice(left, payment.currency)}
        value={amountText}
        onChange={(e) => setAmountText(e.target.value)}
        error={localAmountError ?? errors.field('amount_cents')}
        hint="Leave empty to refund all that is left."
        data-testid="subscription-refund-amount"
      />
      <TextAreaField
        label="Reason"
        name="reason"
        rows={2}
        maxLength={500}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        error={errors.field('reason')}
        hint="Kept with the refund and in the audit log."
        data-testid="subscription-refund-reason"
      />
      <label className="checkbox">
        <input type="checkbox" checked={endAccess} onChange={(e) => setEndAccess(e.target.checked)} data-testid="subscription-refund-end" /> End the
        subscription now (otherwise access lasts until the paid period ends)
      </label>
    </ConfirmDialog>
  );
}
