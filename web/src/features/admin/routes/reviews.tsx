import { useSearchParams } from 'react-router';

import { Button } from '@/components/Button';
import { EmptyState } from '@/components/EmptyState';
import { ErrorMessage } from '@/components/ErrorMessage';
import { PageSpinner } from '@/components/Spinner';

import { ModerationTabs } from '../components/ModerationParts';
import { useModerationQueue } from '../api/reviews';
import { ModerationItem } from '../components/ModerationItem';
import type { ModerationStatus } from '../types';

const QUEUES: { status: ModerationStatus; label: string; empty: string }[] = [
  { status: 'flagged', label: 'Flagged', empty: 'Nothing to moderate: no review is flagged by a banned word or by reports. Check back later.' },
  { status: 'hidden', label: 'Hidden', empty: 'No hidden reviews. Reviews you hide appear here, where you can restore them.' },
  { status: 'visible', label: 'Visible', empty: 'No visible reviews yet. They appear here once students rate courses.' },
];

function queueOf(value: string | null): ModerationStatus {
  return QUEUES.some((q) => q.status === value) ? (value as ModerationStatus) : 'flagged';
}

/** /admin/reviews?status=flagged|hidden|visible: the moderation queue (flagged by default). */
export default function AdminReviewsRoute() {
  const [params] = useSearchParams();
  const status = queueOf(params.get('status'));
  const queue = useModerationQueue(status);
  const items = queue.data?.pages.flatMap((p) => p.items) ?? [];
  const info = QUEUES.find((q) => q.status === status)!;

  let content;
  if (queue.isPending) {
    content = <PageSpinner label="Loading reviews…" />;
  } else if (queue.isError && !queue.data) {
    content = (
      <ErrorMessage
        title="We couldn’t load the reviews."
        error={queue.error}
        action={
          <Button variant="secondary" onClick={() => void queue.refetch()}>
            Try again
          </Button>
        }
      />
    );
  } else if (items.length === 0) {
    content = (
      <EmptyState title={`No ${info.label.toLowerCase()} reviews`}>
        <p>{info.empty}</p>
      </EmptyState>
    );
  } else {
    content = (
      <>
        <ul className="mod-queue" data-testid="moderation-queue" aria-label={`${info.label} reviews`}>
          {items.map((r) => (
            <ModerationItem key={r.id} review={r} />
          ))}
        </ul>
        <div className="list-footer">
          {queue.isFetchNextPageError && <ErrorMessage error={queue.error} />}
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
  }

  return (
    <>
      <title>Reviews · Admin · Lectern</title>
      <h1>Reviews</h1>
      <p className="lead">Flagged reviews wait here for you. Hiding a review takes it off the course page and out of the course’s rating.</p>
      <ModerationTabs label="Review status" path="/admin/reviews" queues={QUEUES} current={status} />
      {content}
    </>
  );
}
