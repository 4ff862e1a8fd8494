import { Button } from '@/components/Button';
import { ErrorMessage } from '@/components/ErrorMessage';
import { Spinner } from '@/components/Spinner';

import type { useReviews } from '../api/get-reviews';
import { ReviewItem, type ReviewViewer } from './ReviewItem';

/** The loaded pages of reviews, "Load more", and what to say when there are none. */
export function ReviewList({
  query,
  viewer,
  empty,
}: {
  query: ReturnType<typeof useReviews>;
  viewer: ReviewViewer;
  empty: string;
}) {
  if (query.isPending) return <Spinner label="Loading reviews…" />;
  if (query.isError && !query.data) {
    return (
      <ErrorMessage
        title="We couldn’t load the reviews."
        error={query.error}
        action={
          <Button variant="secondary" className="btn-small" onClick={() => void query.refetch()}>
            Try again
          </Button>
        }
      />
    );
  }
  const items = query.data.pages.flatMap((p) => p.items);
  if (items.length === 0) {
    return (
      <p className="muted review-empty" data-testid="review-list-empty">
        {empty}
      </p>
    );
  }
  return (
    <>
      <ul className="review-list" data-testid="review-list" aria-busy={query.isFetching || undefined}>
        {items.map((r) => (
          <ReviewItem key={r.id} review={r} viewer={viewer} />
        ))}
      </ul>
      <div className="list-footer">
        {query.isFetchNextPageError && <ErrorMessage error={query.error} />}
        {query.hasNextPage && (
          <Button variant="secondary" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()} data-testid="reviews-more">
            Load more reviews
          </Button>
        )}
      </div>
    </>
  );
}
