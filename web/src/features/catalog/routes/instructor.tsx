import { Link, useParams } from 'react-router';

import { Avatar } from '@/components/Avatar';
import { Button } from '@/components/Button';
import { CourseGrid } from '@/components/CourseCard';
import { EmptyState } from '@/components/EmptyState';
import { ErrorMessage } from '@/components/ErrorMessage';
import { PageSpinner } from '@/components/Spinner';
import { ApiError } from '@/lib/api-client';
import { formatRating, plural } from '@/lib/format';

import { useInstructor } from '../api/get-instructor';

import '../components/catalog.css';

/** /instructors/:id — who teaches, what they teach and how students rate it. */
export default function InstructorRoute() {
  const { id = '' } = useParams();
  const profile = useInstructor(id);

  if (profile.isPending) return <PageSpinner label="Loading the instructor…" />;
  if (profile.isError) {
    if (profile.error instanceof ApiError && profile.error.status === 404) {
      return (
        <>
          <title>Instructor not found · Lectern</title>
          <EmptyState
            level={1}
            title="Instructor not found"
            action={
              <Link to="/courses" className="btn btn-primary">
                Browse courses
              </Link>
            }
          >
            <p>This instructor has no published courses.</p>
          </EmptyState>
        </>
      );
    }
    return (
      <ErrorMessage
        title="We couldn’t load this instructor."
        error={profile.error}
        action={
          <Button variant="secondary" onClick={() => void profile.refetch()}>
            Try again
          </Button>
        }
      />
    );
  }
  const p = profile.data;
  return (
    <article className="instructor-page" data-testid="instructor-page">
      <title>{`${p.name} · Lectern`}</title>
      <header className="instructor-header">
        <Avatar name={p.name} id={p.id} size="large" />
        <div>
          <p className="muted instructor-kicker">Instructor</p>
          <h1>{p.name}</h1>
          {p.headline && <p className="lead">{p.headline}</p>}
          <ul className="instructor-stats" aria-label="At a glance">
            <li>
              <strong>{p.rating_count > 0 ? formatRating(p.rating_avg) : '–'}</strong> instructor rating
              {p.rating_count > 0 && <span className="muted"> ({plural(p.rating_count, 'rating')})</span>}
            </li>
            <li>
              <strong>{p.student_count.toLocaleString()}</strong> {p.student_count === 1 ? 'student' : 'students'}
            </li>
            <li>
              <strong>{p.courses.length}</strong> {p.courses.length === 1 ? 'course' : 'courses'}
            </li>
          </ul>
        </div>
      </header>
      {p.bio && (
        <section aria-labelledby="bio-heading" className="instructor-bio">
          <h2 id="bio-heading">About me</h2>
          <p>{p.bio}</p>
        </section>
      )}
      <section aria-labelledby="instructor-courses-heading">
        <h2 id="instructor-courses-heading">Courses by {p.name}</h2>
        <CourseGrid courses={p.courses} testId="instructor-courses" />
      </section>
    </article>
  );
}
