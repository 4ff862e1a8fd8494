import { Link, useParams } from 'react-router';

import { EmptyState } from '@/components/EmptyState';

/** /learn/:slug — a placeholder until the course player lands. */
export default function PlayerRoute() {
  const { slug = '' } = useParams();
  return (
    <>
      <title>Course player · Lectern</title>
      <EmptyState
        level={1}
        title="The player is coming"
        action={
          <Link to={`/courses/${encodeURIComponent(slug)}`} className="btn btn-secondary">
            Back to the course page
          </Link>
        }
      >
        <p>You are enrolled. Watching lectures and tracking your progress arrive in the next release of Lectern.</p>
      </EmptyState>
    </>
  );
}
