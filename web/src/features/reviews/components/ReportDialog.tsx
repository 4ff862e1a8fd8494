import { useEffect, useRef, useState, type FormEvent } from 'react';

import { Button } from '@/components/Button';
import { TextAreaField } from '@/components/Field';
import { ApiError } from '@/lib/api-client';
import { formErrors } from '@/lib/form-errors';

import { useReportReview } from '../api/report-review';
import type { Review } from '../types';

/**
 * Asks why a review should be looked at, in a modal <dialog>: the browser traps
 * focus, Escape closes it and focus goes back to the button that opened it.
 */
export function ReportDialog({ review, onClose, onReported }: { review: Review; onClose: () => void; onReported: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const report = useReportReview();
  const [reason, setReason] = useState('');

  useEffect(() => {
    const dialog = ref.current;
    // Removing the element on unmount takes it out of the top layer; no close() needed
    // (a close() in a cleanup would fire `close` and end the dialog under StrictMode).
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    report.mutate(
      { id: review.id, reason: reason.trim() },
      {
        onSuccess: onReported,
        onError: (err) => {
          // Reported before (maybe in another tab): the report stands, so say so and stop asking.
          if (err instanceof ApiError && err.code === 'already_reported') onReported();
        },
      },
    );
  };

  const errors = formErrors(report.error, ['reason']);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="report-title" onClose={onClose} onCancel={onClose} data-testid="report-dialog">
      <form className="form" onSubmit={submit}>
        <h2 id="report-title">Report this review</h2>
        <p className="muted">
          Tell the moderators what is wrong with {review.user.name ? `${review.user.name}’s` : 'this'} review: for example spam, abuse, or
          personal details. They decide whether it stays.
        </p>
        <TextAreaField
          label="Reason"
          name="reason"
          rows={3}
          maxLength={500}
          required
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          error={errors.field('reason')}
          hint="Up to 500 characters."
          autoFocus
        />
        {errors.summary && (
          <p className="field-error" role="alert">
            {errors.summary}
          </p>
        )}
        <div className="form-actions">
          <Button type="submit" loading={report.isPending} disabled={!reason.trim()} data-testid="report-submit">
            Send report
          </Button>
          <Button variant="secondary" onClick={onClose} disabled={report.isPending}>
            Cancel
          </Button>
        </div>
      </form>
    </dialog>
  );
}
