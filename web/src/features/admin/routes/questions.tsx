import { useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router';

import { Button } from '@/components/Button';
import { EmptyState } from '@/components/EmptyState';
import { ErrorMessage } from '@/components/ErrorMessage';
import { PageSpinner } from '@/components/Spinner';
import { plural } from '@/lib/format';

import { ModerationResult, ModerationTabs } from '../components/ModerationParts';
import { useModeratePost, usePostQueue, type ModeratedPost } from '../api/questions';
import type { ModerationAction } from '../api/reviews';
import type { ModerationStatus } from '../types';
import { formatDateTime } from '../utils/status';

const QUEUES: { status: ModerationStatus; label: string; empty: string }[] = [
  { status: 'flagged', label: 'Flagged', empty: 'Nothing to moderate: no question or answer is flagged by a banned word or by reports.' },
  { status: 'hidden', label: 'Hidden', empty: 'No hidden posts. Posts you hide appear here, where you can restore them.' },
  { status: 'visible', label: 'Visible', empty: 'No questions or answers yet.' },
];

const DONE: Record<ModerationAction, string> = {
  hidden: 'Hidden. Only its author still sees it.',
  visible: 'Restored. Everyone in the course sees it again.',
  deleted: 'Removed for good.',
};

/**
 * /admin/questions?status=flagged|hidden|visible: Q&A moderation, by the
 * rules of reviews (enough reports flag a post, which hides it from
 * everyone but its author until an admin restores or removes it).
 */
export default function AdminQuestionsRoute() {
  const [params] = useSearchParams();
  const status = QUEUES.find((q) => q.status === params.get('status'))?.status ?? 'flagged';
  const info = QUEUES.find((q) => q.status === status)!;
  const queue = usePostQueue(status);
  const items = queue.data?.pages.flatMap((p) => p.items) ?? [];

  let content;
  if (queue.isPending) content = <PageSpinner label="Loading questions and answers…" />;
  else if (queue.isError && !queue.data)
    content = (
      <ErrorMessage
        title="We couldn’t load the Q&A queue."
        error={queue.error}
        action={
          <Button variant="secondary" onClick={() => void queue.refetch()}>
            Try again
          </Button>
        }
      />
    );
  else if (items.length === 0)
    content = (
      <EmptyState title={`No ${info.label.toLowerCase()} posts`}>
        <p>{info.empty}</p>
      </EmptyState>
    );
  else
    content = (
      <>
        <ul className="mod-queue" data-testid="qa-moderation-queue" aria-label={`${info.label} questions and answers`}>
          {items.map((p) => (
            <PostItem key={p.id} post={p} />
          ))}
        </ul>
        <div className="list-footer">
          {queue.hasNextPage ? (
            <Button variant="secondary" loading={queue.isFetchingNextPage} onClick={() => void queue.fetchNextPage()}>
              Load more
            </Button>
          ) : (
            <p className="muted">That’s all of them.</p>
          )}
        </div>
      </>
    );

  return (
    <>
      <title>Q&amp;A · Admin · Lectern</title>
      <h1>Q&amp;A</h1>
      <p className="lead">Questions and answers that reports or a banned word flagged wait here, hidden from everyone but their author.</p>
      <ModerationTabs label="Post status" path="/admin/questions" queues={QUEUES} current={status} />
      {content}
    </>
  );
}

function PostItem({ post }: { post: ModeratedPost }) {
  const moderate = useModeratePost();
  const reasonId = useId();
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<{ action: ModerationAction; post: ModeratedPost | null } | null>(null);
  const current = done?.post ?? post;
  const status = done?.action === 'deleted' ? 'deleted' : current.status;
  const questionId = post.kind === 'question' ? post.id : post.question_id;
  const act = (action: ModerationAction) =>
    moderate.mutate({ id: post.id, status: action, reason: reason.trim() }, { onSuccess: (updated) => (setDone({ action, post: updated }), setReason('')) });

  return (
    <li className={done ? 'mod-item mod-item-done' : 'mod-item'} data-testid="qa-moderation-item" data-post-id={post.id} data-status={status}>
      <div className="mod-head">
        <strong>{post.kind === 'question' ? 'Question' : 'Answer'}</strong> by {post.user.name}
        <span className={status === 'visible' ? 'badge badge-ok' : status === 'flagged' ? 'badge badge-warn' : 'badge'}>{status}</span>
        {current.report_count > 0 && <span className="badge badge-danger">{plural(current.report_count, 'report')}</span>}
      </div>
      <p className="mod-meta">
        <span>
          on <Link to={`/learn/${encodeURIComponent(post.course.slug)}/${encodeURIComponent(post.lecture.id)}?question=${encodeURIComponent(questionId ?? '')}`}>
            {post.course.title} · {post.lecture.title}
          </Link>
        </span>
        <time dateTime={post.created_at}>{formatDateTime(post.created_at)}</time>
      </p>
      {post.first_report && (
        <p className="mod-flag" data-testid="first-report">
          <strong>First report:</strong> {post.first_report}
        </p>
      )}
      {current.flag_reason && (
        <p className="mod-flag">
          <strong>Why it was flagged:</strong> {current.flag_reason}
        </p>
      )}
      {post.title && <p className="mod-comment"><strong>{post.title}</strong></p>}
      {post.body && <p className="mod-comment">{post.body}</p>}
      {status !== 'deleted' && (
        <div className="mod-actions">
          <div className="field">
            <label htmlFor={reasonId}>Reason (optional, kept in the audit log)</label>
            <input id={reasonId} type="text" name="reason" maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
          <div className="mod-buttons">
            {status !== 'hidden' && (
              <Button className="btn-small" loading={moderate.isPending} onClick={() => act('hidden')} data-testid="hide-post">
                Hide
              </Button>
            )}
            {status !== 'visible' && (
              <Button variant="secondary" className="btn-small" loading={moderate.isPending} onClick={() => act('visible')} data-testid="restore-post">
                Restore
              </Button>
            )}
            <Button variant="danger" className="btn-small" loading={moderate.isPending} onClick={() => act('deleted')} data-testid="remove-post">
              Remove
            </Button>
          </div>
        </div>
      )}
      <ModerationResult error={moderate.isError ? moderate.error : null} message={done ? DONE[done.action] : null} />
    </li>
  );
}
