import { useEffect, useRef, useState, type FormEvent } from 'react';

import { Button } from '@/components/Button';
import { Field, SelectField, TextAreaField } from '@/components/Field';
import { formErrors } from '@/lib/form-errors';
import { parsePrice, priceInputValue } from '@/lib/format';

import { useRecordPayout } from '../api/payouts';
import type { InstructorBalance } from '../types';
import { formatMoney } from '../utils/money';

const METHODS = [
  { value: 'bank_transfer', label: 'Bank transfer' },
  { value: 'paypal', label: 'PayPal' },
  { value: 'check', label: 'Check' },
  { value: 'other', label: 'Other' },
];

/** Record a payout made outside Lectern, at most the available balance, in a modal <dialog>. */
export function PayoutDialog({ balance, onClose }: { balance: InstructorBalance; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const record = useRecordPayout();
  const [amount, setAmount] = useState(priceInputValue(Math.max(balance.available_cents, 0), balance.currency));
  const [method, setMethod] = useState('bank_transfer');
  const [reference, setReference] = useState('');
  const [note, setNote] = useState('');
  const [amountError, setAmountError] = useState('');
  const errors = formErrors(record.error, ['amount_cents', 'method', 'reference', 'note']);

  useEffect(() => {
    if (ref.current && !ref.current.open) ref.current.showModal();
  }, []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const cents = parsePrice(amount, balance.currency);
    if (cents === null || cents <= 0) {
      setAmountError('Enter an amount, like 12.50.');
      return;
    }
    if (cents > balance.available_cents) {
      setAmountError(`At most ${formatMoney(balance.available_cents, balance.currency)} is available.`);
      return;
    }
    setAmountError('');
    record.mutate(
      { instructor_id: balance.instructor.id, amount_cents: cents, currency: balance.currency, method, reference: reference.trim(), note: note.trim() },
      { onSuccess: onClose },
    );
  };

  return (
    <dialog ref={ref} className="dialog" aria-labelledby="payout-title" onClose={onClose} onCancel={onClose} data-testid="payout-dialog">
      <form className="form" onSubmit={submit} noValidate>
        <h2 id="payout-title">Record a payout to {balance.instructor.name}</h2>
        <p>
          Available: <strong>{formatMoney(balance.available_cents, balance.currency)}</strong>. Send the money first (by bank transfer, PayPal…), then record it
          here.
        </p>
        <Field
          label={`Amount (${balance.currency})`}
          name="amount"
          inputMode="decimal"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          error={amountError || errors.field('amount_cents')}
          required
        />
        <SelectField label="Method" name="method" value={method} onChange={(e) => setMethod(e.target.value)} error={errors.field('method')}>
          {METHODS.map((m) => (
            <option key={m.value} value={m.value}>
              {m.label}
            </option>
          ))}
        </SelectField>
        <Field label="Reference (optional)" name="reference" maxLength={200} value={reference} onChange={(e) => setReference(e.target.value)} error={errors.field('reference')} hint="The transfer's reference, so it can be matched later." />
        <TextAreaField label="Note (optional)" name="note" rows={2} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} error={errors.field('note')} />
        {errors.summary && (
          <p className="field-error" role="alert">
            {errors.summary}
          </p>
        )}
        <div className="form-actions">
          <Button type="submit" loading={record.isPending} data-testid="payout-submit">
            Record payout
          </Button>
          <Button variant="secondary" onClick={onClose} disabled={record.isPending}>
            Cancel
          </Button>
        </div>
      </form>
    </dialog>
  );
}
