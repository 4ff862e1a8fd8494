import { useEffect, useRef, useState, type FormEvent } from 'react';

import { Button } from '@/components/Button';
import { TextAreaField } from '@/components/Field';
import { formErrors } from '@/lib/form-errors';
import { formatPrice } from '@/lib/format';

import { useRefundOrder } from '../api/orders';
import type { AdminOrder } from '../types';

/** Refund an order, with a reason for the audit log, in a modal <dialog>. */
export function RefundDialog({ order, onClose }: { order: AdminOrder; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const refund = useRefundOrder();
  const [reason, setReason] = useState('');
  const errors = formErrors(refund.error, ['reason']);
  const amount = formatPrice(order.total_cents - order.refunded_cents, order.currency);

  useEffect(() => {
    // Unmounting removes it from the top layer; see ReportDialog in reviews for why there is no close().
    if (ref.current && !ref.current.open) ref.current.showModal();
  }, []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    refund.mutate({ id: order.id, reason: reason.trim() }, { onSuccess: onClose });
  };

  return (
    <dialog ref={ref} className="dialog" aria-labelledby="refund-title" onClose={onClose} onCancel={onClose} data-testid="refund-dialog">
      <form className="form" onSubmit={submit}>
        <h2 id="refund-title">Refund order #{order.id}</h2>
        <p>
          Refund <strong>{amount}</strong> to the buyer. They lose access to{' '}
          {order.items.length === 1 ? <strong>{order.items[0].course_title}</strong> : `the ${order.items.length} courses in this order`}.
        </p>
        <TextAreaField
          label="Reason (optional)"
          name="reason"
          rows={3}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          error={errors.field('reason')}
          hint="Kept with the refund and in the audit log."
          autoFocus
        />
        {errors.summary && (
          <p className="field-error" role="alert">
            {errors.summary}
          </p>
        )}
        <div className="form-actions">
          <Button type="submit" variant="danger" loading={refund.isPending} data-testid="refund-submit">
            Refund {amount}
          </Button>
          <Button variant="secondary" onClick={onClose} disabled={refund.isPending}>
            Cancel
          </Button>
        </div>
      </form>
    </dialog>
  );
}
