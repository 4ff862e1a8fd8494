import { useEffect, useId, useRef, useState, type FormEvent } from 'react';

import { Button } from '@/components/Button';
import { ErrorMessage } from '@/components/ErrorMessage';
import { TextAreaField } from '@/components/Field';
import { formErrors } from '@/lib/form-errors';

import { useRefundOrder } from '../api/orders';
import type { Order } from '../types';
import { formatAmount } from '../utils/money';

/**
 * Confirms a refund in a modal <dialog>: the browser keeps focus inside it and
 * Escape closes it; focus returns to the button that opened it.
 */
export function RefundDialog({ order, onClose, onRefunded }: { order: Order; onClose: () => void; onRefunded: (o: Order) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [reason, setReason] = useState('');
  const refund = useRefundOrder();
  const errors = formErrors(refund.error, ['reason']);

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    refund.mutate({ id: order.id, reason }, { onSuccess: onRefunded });
  };

  const courses = order.items.map((i) => i.course_title).join(', ');
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      data-testid="refund-dialog"
      onCancel={(e) => {
        e.preventDefault();
        if (!refund.isPending) onClose();
      }}
    >
      <form className="form" onSubmit={submit}>
        <h2 id={titleId}>Refund {formatAmount(order.total_cents - order.refunded_cents, order.currency)}?</h2>
        <p>
          You will lose access to <strong>{courses}</strong> at once. The money goes back the way you paid.
        </p>
        <TextAreaField
          label="Why are you asking for a refund? (optional)"
          name="reason"
          rows={3}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          error={errors.field('reason')}
          hint="It helps the instructor improve the course."
        />
        {errors.summary && <ErrorMessage>{<p>{errors.summary}</p>}</ErrorMessage>}
        <div className="form-actions dialog-actions">
          <Button type="submit" variant="danger" loading={refund.isPending} data-testid="confirm-refund">
            Refund and remove access
          </Button>
          <Button variant="secondary" onClick={onClose} disabled={refund.isPending} autoFocus>
            Keep the course
          </Button>
        </div>
      </form>
    </dialog>
  );
}
