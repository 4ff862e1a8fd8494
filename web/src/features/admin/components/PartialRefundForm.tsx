import { useState, type FormEvent } from 'react';

import { Button } from '@/components/Button';
import { Field, TextAreaField } from '@/components/Field';
import { formErrors } from '@/lib/form-errors';
import { formatPrice, parsePrice } from '@/lib/format';

import { useRefundPart } from '../api/orders';
import type { AdminOrderDetail } from '../types';

const newKey = () => (typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`);

/**
 * Refund part of an order: chosen courses (each in full; the buyer loses
 * only those) or an amount up to what is left (access is kept). The server
 * checks everything again and answers field errors.
 */
export function PartialRefundForm({ order }: { order: AdminOrderDetail }) {
  const refund = useRefundPart(order.id);
  const [mode, setMode] = useState<'courses' | 'amount'>('courses');
  const [chosen, setChosen] = useState<string[]>([]);
  const [amountText, setAmountText] = useState('');
  const [reason, setReason] = useState('');
  // One key per refund: a double click or a retry refunds once.
  const [key, setKey] = useState(newKey);
  const [done, setDone] = useState<string | null>(null);
  const left = order.total_cents - order.refunded_cents;
  const open = order.items.filter((it) => it.price_cents > it.refunded_cents);
  const amount =
    mode === 'courses'
      ? open.filter((it) => chosen.includes(it.course_id)).reduce((sum, it) => sum + it.price_cents - it.refunded_cents, 0)
      : parsePrice(amountText, order.currency);
  const errors = formErrors(refund.error, ['amount_cents', 'reason', 'course_ids.0']);
  const localAmountError =
    mode === 'amount' && amountText.trim() !== '' && amount === null ? 'Write an amount such as 12.50' : undefined;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    const input =
      mode === 'courses'
        ? { course_ids: chosen, reason: reason.trim(), key }
        : { amount_cents: amount ?? 0, reason: reason.trim(), key };
    refund.mutate(input, {
      onSuccess: () => {
        setDone(`Refunded ${formatPrice(amount ?? 0, order.currency)}.`);
        setChosen([]);
        setAmountText('');
        setReason('');
        setKey(newKey());
      },
    });
  };

  return (
    <form className="form card refund-form" onSubmit={submit} data-testid="partial-refund" noValidate>
      <h2>Refund part of this order</h2>
      <p className="muted">{formatPrice(left, order.currency)} is left to refund. The refund goes back through {order.provider}.</p>
      <fieldset className="refund-mode">
        <legend>What to refund</legend>
        <label>
          <input type="radio" name="mode" value="courses" checked={mode === 'courses'} onChange={() => setMode('courses')} /> Chosen courses, in full
          (the buyer loses access to them)
        </label>
        <label>
          <input type="radio" name="mode" value="amount" checked={mode === 'amount'} onChange={() => setMode('amount')} data-testid="refund-mode-amount" /> An
          amount (the buyer keeps access)
        </label>
      </fieldset>
      {mode === 'courses' ? (
        <fieldset className="refund-courses">
          <legend>Courses</legend>
          {open.length === 0 && <p className="muted">Every course of this order was refunded in full.</p>}
          {open.map((it) => (
            <label key={it.course_id}>
              <input
                type="checkbox"
                name="course_ids"
                value={it.course_id}
                checked={chosen.includes(it.course_id)}
                onChange={(e) => setChosen(e.target.checked ? [...chosen, it.course_id] : chosen.filter((c) => c !== it.course_id))}
                data-testid="refund-course"
              />{' '}
              {it.course_title} · {formatPrice(it.price_cents - it.refunded_cents, order.currency)}
            </label>
          ))}
          {errors.field('course_ids.0') && <p className="field-error">{errors.field('course_ids.0')}</p>}
        </fieldset>
      ) : (
        <Field
          label={`Amount (${order.currency})`}
          name="amount"
          inputMode="decimal"
          value={amountText}
          onChange={(e) => setAmountText(e.target.value)}
          error={localAmountError ?? errors.field('amount_cents')}
          hint={`At most ${formatPrice(left, order.currency)}.`}
          data-testid="refund-amount"
        />
      )}
      <TextAreaField
        label="Reason"
        name="reason"
        rows={2}
        maxLength={500}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        error={errors.field('reason')}
        hint="Shown on the order and kept in the audit log."
        data-testid="refund-reason-input"
      />
      {errors.summary && (
        <p className="field-error" role="alert">
          {errors.summary}
        </p>
      )}
      {done && (
        <p className="alert alert-success" role="status" data-testid="refund-done">
          {done}
        </p>
      )}
      <div className="form-actions">
        <Button type="submit" variant="danger" loading={refund.isPending} disabled={!amount || !!localAmountError} data-testid="refund-part-submit">
          Refund {amount ? formatPrice(amount, order.currency) : ''}
        </Button>
      </div>
    </form>
  );
}
