import { useId, useState } from 'react';
import { Link } from 'react-router';

import { Button } from '@/components/Button';
import { plural } from '@/lib/format';

import { ModerationResult } from './ModerationParts';
import { useCourseLabel } from '../api/course-title';
import { useModerateReview, type ModerationAction } from '../api/reviews';
import type { ModeratedReview } from '../types';
import { formatDateTime } from '../utils/status';

const DONE: Record<ModerationAction, string> = {
  hidden: 'Hidden. It no longer shows on the course page or counts towards its rating.',
  visible: 'Restored. It shows on the course page and counts towards its rating again.',
  deleted: 'Deleted for good.',
};

/** One review in the queue, with Hide / Restore / Delete and a reason for the audit log. */
export function ModerationItem({ review }: { review: ModeratedReview }) {
  const moderate = useModerateReview();
  const reasonId = useId();
  const [reason, setReason] = useState('');
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [done, setDone] = useState<{ action: ModerationAction; review: ModeratedReview | null } | null>(null);
  const course = useCourseLabel(review.course_id);
  const current = done?.review ?? review;
  const status = done?.action === 'deleted' ? 'deleted' : current.status;
  const reports = current.report_count ?? 0;

  const act = (action: ModerationAction) =>
    moderate.mutate(
      { id: review.id, status: action, reason: reason.trim() },
      {
        onSuccess: (updated) => {
          setDone({ action, review: updated });
          setConfirmDelete(false);
          setReason('');
        },
      },
    );

  return (
    <li
      className={done ? 'mod-item mod-item-done' : 'mod-item'}
      data-testid="moderation-item"
      data-review-id={review.id}
      data-status={status}
      aria-busy={moderate.isPending || undefined}
    >
      <div className="mod-head">
        <span className="stars" role="img" aria-label={`Rated ${current.rating} out of 5`}>
          <span aria-hidden="true">{'★'.repeat(current.rating) + '☆'.repeat(Math.max(0, 5 - current.rating))}</span>
        </span>
        <strong>{current.user.name || 'A student'}</strong>
        <StatusBadge status={status} />
        {reports > 0 && <span className="badge badge-danger">{plural(reports, 'report')}</span>}
      </div>
      <p className="mod-meta">
        <span>
          on{' '}
          {course.data ? (
            <Link to={`/courses/${course.data.slug}`}>{course.data.title}</Link>
          ) : (
            <Link to={`/courses/${encodeURIComponent(review.course_id)}`}>course #{review.course_id}</Link>
          )}
        </span>
        <time dateTime={current.created_at}>{formatDateTime(current.created_at)}</time>
      </p>
      {current.flag_reason && (
        <p className="mod-flag">
          <strong>Why it was flagged:</strong> {current.flag_reason}
        </p>
      )}
      {/* Plain text from a student: rendered as text, line breaks kept by CSS. */}
      {current.comment ? <p className="mod-comment">{current.comment}</p> : <p className="mod-comment muted">(No comment, only a rating.)</p>}

      {status !== 'deleted' && (
        <div className="mod-actions">
          <div className="field">
            <label htmlFor={reasonId}>Reason (optional, kept in the audit log)</label>
            <input
              id={reasonId}
              type="text"
              name="reason"
              maxLength={500}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              placeholder="e.g. spam, abuse, off-topic"
            />
          </div>
          <div className="mod-buttons">
            {confirmDelete ? (
              <>
                <Button variant="danger" className="btn-small" loading={moderate.isPending} onClick={() => act('deleted')} data-testid="delete-review-confirm">
                  Yes, delete for good
                </Button>
                <Button variant="secondary" className="btn-small" onClick={() => setConfirmDelete(false)} disabled={moderate.isPending}>
                  Cancel
                </Button>
              </>
            ) : (
              <>
                {status !== 'hidden' && (
                  <Button className="btn-small" loading={moderate.isPending} onClick={() => act('hidden')} data-testid="hide-review">
                    Hide
                  </Button>
                )}
                {status !== 'visible' && (
                  <Button variant="secondary" className="btn-small" loading={moderate.isPending} onClick={() => act('visible')} data-testid="restore-review">
                    {status === 'flagged' ? 'Approve' : 'Restore'}
                  </Button>
                )}
                <Button variant="secondary" className="btn-small" disabled={moderate.isPending} onClick={() => setConfirmDelete(true)} data-testid="delete-review">
                  Delete
                </Button>
              </>
            )}
          </div>
        </div>
      )}
      <ModerationResult error={moderate.isError ? moderate.error : null} message={done ? DONE[done.action] : null} />
    </li>
  );
}

function StatusBadge({ status }: { status: string }) {
  const cls = status === 'visible' ? 'badge badge-ok' : status === 'flagged' ? 'badge badge-warn' : status === 'deleted' ? 'badge badge-danger' : 'badge';
  return <span className={cls}>{status}</span>;
}
