import { Link } from 'react-router';

import { errorText } from '@/lib/form-errors';

import type { ModerationStatus } from '../types';

/** The status tabs of a moderation queue (reviews, Q&A posts). */
export function ModerationTabs({
  label,
  path,
  queues,
  current,
}: {
  label: string;
  path: string;
  queues: { status: ModerationStatus; label: string }[];
  current: ModerationStatus;
}) {
  return (
    <nav aria-label={label}>
      <ul className="tabs">
        {queues.map((q) => (
          <li key={q.status}>
            <Link to={`${path}?status=${q.status}`} aria-current={q.status === current ? 'page' : undefined} replace>
              {q.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** What a moderation action did, or why it failed, announced politely. */
export function ModerationResult({ error, message }: { error: unknown; message: string | null }) {
  return (
    <div aria-live="polite">
      {error ? (
        <p className="field-error mod-result" role="alert">
          {errorText(error)}
        </p>
      ) : message ? (
        <p className="mod-result" data-testid="moderation-result">
          {message}
        </p>
      ) : null}
    </div>
  );
}
