import { Link, useParams } from 'react-router';

import { Button } from '@/components/Button';
import { CourseThumbnail, Rating } from '@/components/CourseCard';
import { EmptyState } from '@/components/EmptyState';
import { ErrorMessage } from '@/components/ErrorMessage';
import { PageSpinner } from '@/components/Spinner';
import { ApiError } from '@/lib/api-client';
import { formatDuration, languageName, levelNames, plural } from '@/lib/format';
import { CourseReviews } from '@/features/reviews/components/CourseReviews';

import { useCourse } from '../api/get-course';
import { Curriculum } from '../components/Curriculum';
import { EnrollBox } from '../components/EnrollBox';

import '../components/catalog.css';

export default function CourseRoute() {
  const { slug = '' } = useParams();
  const course = useCourse(slug);

  if (course.isPending) return <PageSpinner label="Loading the course…" />;
  if (course.isError) {
    if (course.error instanceof ApiError && course.error.status === 404) {
      return (
        <>
          <title>Course not found · Lectern</title>
          <EmptyState
            level={1}
            title="Course not found"
            action={
              <Link to="/courses" className="btn btn-primary">
                Browse courses
              </Link>
            }
          >
            <p>It may have been unpublished or renamed. Search the catalog for it instead.</p>
          </EmptyState>
        </>
      );
    }
    return (
      <ErrorMessage
        title="We couldn’t load this course."
        error={course.error}
        action={
          <Button variant="secondary" onClick={() => void course.refetch()}>
            Try again
          </Button>
        }
      />
    );
  }

  const c = course.data;
  const duration = formatDuration(c.total_duration_s);
  return (
    <article className="course-page" data-testid="course-page">
      <title>{`${c.title} · Lectern`}</title>
      {c.status !== 'published' && (
        <p className="alert alert-warn" role="note">
          {c.status === 'draft'
            ? 'This course is a draft: only you and administrators can see this page.'
            : c.status === 'unlisted'
              ? 'This course is unlisted: only people with the link can find it.'
              : 'This course is archived: it is no longer in the catalog.'}
        </p>
      )}
      <div className="course-layout">
        <header className="course-hero">
          {c.category && (
            <p className="course-hero-category">
              <Link to={`/courses?category=${encodeURIComponent(c.category.slug)}`}>{c.category.name}</Link>
            </p>
          )}
          <h1>{c.title}</h1>
          {c.subtitle && <p className="lead">{c.subtitle}</p>}
          <Rating avg={c.rating_avg} count={c.rating_count} />
          <ul className="course-facts" aria-label="About this course">
            <li>
              By <strong>{c.instructor.name}</strong>
            </li>
            <li>{levelNames[c.level] ?? c.level}</li>
            <li>{languageName(c.language)}</li>
            {duration && <li>{duration} of content</li>}
            {c.enrollment_count > 0 && <li>{plural(c.enrollment_count, 'student')}</li>}
          </ul>
          {c.can_edit && (
            <p>
              <Link to={`/instructor/courses/${c.id}/edit`} className="btn btn-secondary btn-small" data-testid="edit-course">
                Edit course
              </Link>
            </p>
          )}
        </header>
        <aside className="course-aside" aria-label="Enrollment">
          <CourseThumbnail course={c} className="course-thumb course-aside-thumb" />
          <EnrollBox course={c} />
        </aside>

        <div className="course-main">
          <section aria-labelledby="about-heading">
            <h2 id="about-heading">About this course</h2>
            {c.description_html ? (
              // Sanitised by the server (internal/markdown); safe to render.
              <div className="prose" dangerouslySetInnerHTML={{ __html: c.description_html }} />
            ) : (
              <p className="muted">No description yet.</p>
            )}
          </section>

          <section aria-labelledby="curriculum-heading">
            <h2 id="curriculum-heading">Curriculum</h2>
            <Curriculum sections={c.sections} />
          </section>

          <CourseReviews course={c} />

          <section aria-labelledby="instructor-heading" className="card instructor-card">
            <h2 id="instructor-heading">Your instructor</h2>
            <p className="instructor-line">
              <span className="avatar" aria-hidden="true">
                {initials(c.instructor.name)}
              </span>
              <strong>{c.instructor.name}</strong>
            </p>
          </section>
        </div>
      </div>
    </article>
  );
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? parts[parts.length - 1][0] : '')).toUpperCase() || '?';
}
