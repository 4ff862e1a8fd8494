import { useState, type FormEvent } from 'react';

import { Button } from '@/components/Button';
import { TextAreaField } from '@/components/Field';
import { formErrors } from '@/lib/form-errors';

import { useReplyToReview } from '../api/reply-review';
import type { Review } from '../types';

/** The instructor's reply, written inline under the review. Saving it empty removes it. */
export function ReplyForm({ review, onDone }: { review: Review; onDone: () => void }) {
  const reply = useReplyToReview();
  const [body, setBody] = useState(review.instructor_reply);
  const errors = formErrors(reply.error, ['body']);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    reply.mutate({ id: review.id, body: body.trim() }, { onSuccess: onDone });
  };

  return (
    <form className="form reply-form" onSubmit={submit} data-testid="reply-form">
      <TextAreaField
        label={`Your reply to ${review.user.name || 'this student'}`}
        name="reply"
        rows={3}
        maxLength={2000}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        error={errors.field('body')}
        hint={review.instructor_reply ? 'Clear the text and save to remove your reply.' : 'Students see your reply under their review.'}
        autoFocus
      />
      {errors.summary && (
        <p className="field-error" role="alert">
          {errors.summary}
        </p>
      )}
      <div className="form-actions">
        <Button type="submit" className="btn-small" loading={reply.isPending} data-testid="reply-submit">
          {body.trim() ? 'Save reply' : review.instructor_reply ? 'Remove reply' : 'Save reply'}
        </Button>
        <Button variant="secondary" className="btn-small" onClick={onDone} disabled={reply.isPending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
