import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router';

import { ApiError } from '@/lib/api-client';
import { errorText } from '@/lib/form-errors';

/** Why a lecture can't play, and what to do about it. */
export function PlaybackError({ error, courseSlug }: { error: unknown; courseSlug?: string }) {
  const location = useLocation();
  const here = location.pathname + location.search;
  let title = 'This video can’t play';
  let body = error instanceof ApiError ? errorText(error) : error instanceof Error ? error.message : errorText(error);
  let action: ReactNode = null;
  if (error instanceof ApiError) {
    if (error.status === 401) {
      title = 'Log in to watch';
      body = 'This lecture is for enrolled students. Log in, and you come right back here.';
      action = (
        <Link className="btn btn-primary" to={`/login?next=${encodeURIComponent(here)}`}>
          Log in
        </Link>
      );
    } else if (error.status === 403 && (error.code === 'not_enrolled' || !error.code)) {
      title = 'Enroll in this course to watch';
      body = 'Free preview lectures are open to everyone; the rest come with enrollment.';
      action = courseSlug && (
        <Link className="btn btn-primary" to={`/courses/${encodeURIComponent(courseSlug)}`}>
          Go to the course page
        </Link>
      );
    } else if (error.status === 409) {
      title = 'This video is still being processed';
      body = 'It will be ready in a few minutes. Try again shortly.';
    } else if (error.status === 404) {
      title = 'Lecture not found';
      body = 'It may have been removed from the course.';
    }
  }
  return (
    <div className="player-error alert alert-error" role="alert" data-testid="player-error">
      <p className="alert-title">{title}</p>
      <p>{body}</p>
      {action && <div className="alert-action">{action}</div>}
    </div>
  );
}
