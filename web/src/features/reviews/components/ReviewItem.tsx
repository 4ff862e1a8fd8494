import { useState } from 'react';

import { Button } from '@/components/Button';

import type { Review } from '../types';
import { formatReviewDate } from '../utils/rating';
import { ReplyForm } from './ReplyForm';
import { ReportDialog } from './ReportDialog';
import { Stars } from './Stars';

export interface ReviewViewer {
  /** Signed in and not the author: may report. */
  canReport: (review: Review) => boolean;
  /** The course's instructor: may reply. */
  canReply: boolean;
}

/** One review: who, stars, when, the comment (plain text), and the instructor's reply. */
export function ReviewItem({ review, viewer }: { review: Review; viewer: ReviewViewer }) {
  const [replying, setReplying] = useState(false);
  const [reporting, setReporting] = useState(false);
  const [reported, setReported] = useState(false);
  const date = formatReviewDate(review.created_at);

  return (
    <li className="review" data-testid="review" data-review-id={review.id}>
      <div className="review-head">
        <span className="avatar" aria-hidden="true">
          {initials(review.user.name)}
        </span>
        <div>
          <p className="review-author">{review.user.name || 'A student'}</p>
          <p className="review-meta">
            <Stars rating={review.rating} />
            {date && (
              <time dateTime={review.created_at} className="muted">
                {date}
              </time>
            )}
          </p>
        </div>
      </div>
      {/* Plain text from the student: React escapes it; CSS keeps its line breaks. */}
      {review.comment ? <p className="review-comment">{review.comment}</p> : <p className="muted review-comment">No comment, just a rating.</p>}

      {review.instructor_reply && !replying && (
        <div className="review-reply" data-testid="instructor-reply">
          <p className="review-reply-head">
            Instructor’s reply
            {review.replied_at && (
              <>
                {' · '}
                <time dateTime={review.replied_at} className="muted">
                  {formatReviewDate(review.replied_at)}
                </time>
              </>
            )}
          </p>
          <p className="review-comment">{review.instructor_reply}</p>
        </div>
      )}

      {replying && <ReplyForm review={review} onDone={() => setReplying(false)} />}

      {!replying && (viewer.canReply || viewer.canReport(review)) && (
        <div className="review-actions">
          {viewer.canReply && (
            <Button variant="secondary" className="btn-small" onClick={() => setReplying(true)} data-testid="reply">
              {review.instructor_reply ? 'Edit reply' : 'Reply'}
            </Button>
          )}
          {viewer.canReport(review) &&
            (reported ? (
              <span className="muted" role="status">
                Reported. Thanks — a moderator will take a look.
              </span>
            ) : (
              <Button variant="link" className="btn-small" onClick={() => setReporting(true)} data-testid="report">
                Report
              </Button>
            ))}
        </div>
      )}

      {reporting && (
        <ReportDialog
          review={review}
          onClose={() => setReporting(false)}
          onReported={() => {
            setReported(true);
            setReporting(false);
          }}
        />
      )}
    </li>
  );
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? parts[parts.length - 1][0] : '')).toUpperCase() || '?';
}
