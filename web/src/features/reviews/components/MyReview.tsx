import { useState } from 'react';

import { Button } from '@/components/Button';
import { ErrorMessage, SuccessMessage } from '@/components/ErrorMessage';
import { Spinner } from '@/components/Spinner';

import { useDeleteMyReview, useMyReview } from '../api/my-review';
import type { Review } from '../types';
import { formatReviewDate } from '../utils/rating';
import { ReviewForm } from './ReviewForm';
import { Stars } from './Stars';

/** What the moderators' status means for the student who wrote the review. */
function StatusNote({ status }: { status: Review['status'] }) {
  if (status === 'flagged') {
    return (
      <p className="alert alert-warn" role="note" data-testid="review-pending">
        <strong>Your review awaits moderation.</strong> Other students will see it once a moderator has checked it.
      </p>
    );
  }
  if (status === 'hidden') {
    return (
      <p className="alert alert-warn" role="note">
        <strong>A moderator hid your review,</strong> so other students don’t see it. You can still edit or delete it.
      </p>
    );
  }
  return null;
}

/** For an enrolled student: their review (with edit and delete), or the form to write one. */
export function MyReview({ courseId }: { courseId: string }) {
  const mine = useMyReview(courseId, true);
  const remove = useDeleteMyReview(courseId);
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [notice, setNotice] = useState('');

  let body;
  if (mine.isPending) {
    body = <Spinner label="Loading your review…" />;
  } else if (mine.isError) {
    body = (
      <ErrorMessage
        title="We couldn’t load your review."
        error={mine.error}
        action={
          <Button variant="secondary" className="btn-small" onClick={() => void mine.refetch()}>
            Try again
          </Button>
        }
      />
    );
  } else if (!mine.data || editing) {
    body = (
      <ReviewForm
        key={mine.data?.updated_at ?? 'new'}
        courseId={courseId}
        current={mine.data}
        onCancel={mine.data ? () => setEditing(false) : undefined}
        onSaved={(review, created) => {
          setEditing(false);
          setNotice(
            review.status === 'flagged'
              ? ''
              : created
                ? 'Thanks for your review! Other students can read it now.'
                : 'Your review is updated.',
          );
        }}
      />
    );
  } else {
    const r = mine.data;
    body = (
      <div className="my-review" data-testid="my-review" data-status={r.status}>
        <StatusNote status={r.status} />
        <p className="review-meta">
          <Stars rating={r.rating} />
          <time dateTime={r.updated_at} className="muted">
            {formatReviewDate(r.updated_at)}
          </time>
        </p>
        {r.comment ? <p className="review-comment">{r.comment}</p> : <p className="muted">No comment, just a rating.</p>}
        {r.instructor_reply && (
          <div className="review-reply">
            <p className="review-reply-head">Instructor’s reply</p>
            <p className="review-comment">{r.instructor_reply}</p>
          </div>
        )}
        {remove.isError && <ErrorMessage error={remove.error} />}
        <div className="form-actions">
          {confirming ? (
            <>
              <span>Delete your review for good?</span>
              <Button
                variant="danger"
                className="btn-small"
                loading={remove.isPending}
                data-testid="review-delete-confirm"
                onClick={() =>
                  remove.mutate(undefined, {
                    onSuccess: () => {
                      setConfirming(false);
                      setNotice('Your review is deleted. You can write a new one at any time.');
                    },
                  })
                }
              >
                Yes, delete it
              </Button>
              <Button variant="secondary" className="btn-small" onClick={() => setConfirming(false)} disabled={remove.isPending}>
                Keep it
              </Button>
            </>
          ) : (
            <>
              <Button
                variant="secondary"
                className="btn-small"
                data-testid="review-edit"
                onClick={() => {
                  setNotice('');
                  setEditing(true);
                }}
              >
                Edit your review
              </Button>
              <Button variant="link" className="btn-small" data-testid="review-delete" onClick={() => setConfirming(true)}>
                Delete
              </Button>
            </>
          )}
        </div>
      </div>
    );
  }

  return (
    <section className="card my-review-card" aria-labelledby="my-review-heading">
      <h3 id="my-review-heading">{mine.data ? 'Your review' : 'Rate this course'}</h3>
      {notice && <SuccessMessage>{notice}</SuccessMessage>}
      {body}
    </section>
  );
}
