import { useState, type FormEvent } from 'react';

import { Button } from '@/components/Button';
import { TextAreaField } from '@/components/Field';
import { formErrors } from '@/lib/form-errors';

import { useSaveMyReview } from '../api/my-review';
import type { Review } from '../types';
import { StarInput } from './StarInput';

const MAX_COMMENT = 5000;

/** Write or edit the signed-in student's review: stars (required) and a plain-text comment. */
export function ReviewForm({
  courseId,
  current,
  onSaved,
  onCancel,
}: {
  courseId: string;
  current: Review | null;
  onSaved: (review: Review, created: boolean) => void;
  onCancel?: () => void;
}) {
  const save = useSaveMyReview(courseId);
  const [rating, setRating] = useState(current?.rating ?? 0);
  const [comment, setComment] = useState(current?.comment ?? '');
  const [missing, setMissing] = useState(false);
  const errors = formErrors(save.error, ['rating', 'comment']);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!rating) {
      setMissing(true);
      return;
    }
    save.mutate({ rating, comment: comment.trim() }, { onSuccess: (review) => onSaved(review, !current) });
  };

  return (
    <form className="form review-form" onSubmit={submit} data-testid="review-form" noValidate>
      <StarInput
        value={rating}
        onChange={(n) => {
          setRating(n);
          setMissing(false);
        }}
        error={missing ? 'Pick from 1 star (poor) to 5 stars (excellent).' : errors.field('rating')}
      />
      <TextAreaField
        label="Your review (optional)"
        name="comment"
        rows={4}
        maxLength={MAX_COMMENT}
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        error={errors.field('comment')}
        hint="What did you learn? Who would you recommend it to? Plain text; other students see your name with it."
      />
      {errors.summary && (
        <p className="field-error" role="alert">
          {errors.summary}
        </p>
      )}
      <div className="form-actions">
        <Button type="submit" loading={save.isPending} data-testid="review-submit">
          {current ? 'Save changes' : 'Post review'}
        </Button>
        {onCancel && (
          <Button variant="secondary" onClick={onCancel} disabled={save.isPending}>
            Cancel
          </Button>
        )}
      </div>
    </form>
  );
}
