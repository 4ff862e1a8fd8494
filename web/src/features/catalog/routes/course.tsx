import { useState } from 'react';
import { Link, useParams } from 'react-router';

import { AnnouncementList } from '@/components/AnnouncementList';
import { Avatar } from '@/components/Avatar';
import { Button } from '@/components/Button';
import { Rating } from '@/components/CourseCard';
import { EmptyState } from '@/components/EmptyState';
import { ErrorMessage } from '@/components/ErrorMessage';
import { PageSpinner } from '@/components/Spinner';
import { useAnnouncements } from '@/lib/announcements';
import { ApiError } from '@/lib/api-client';
import { formatDuration, formatRating, languageName, levelNames, plural } from '@/lib/format';
import type { CourseDetail, Lecture } from '@/types/api';
import { CourseReviews } from '@/features/reviews/components/CourseReviews';

import { useCourse } from '../api/get-course';
import { useInstructor } from '../api/get-instructor';
import { CoursePreview, PreviewDialog } from '../components/CoursePreview';
import { Curriculum } from '../components/Curriculum';
import { EnrollBox } from '../components/EnrollBox';

import '../components/catalog.css';

export default function CourseRoute() {
  const { slug = '' } = useParams();
  const course = useCourse(slug);
  // The free preview lecture open in the modal player, if any.
  const [preview, setPreview] = useState<Lecture | null>(null);

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
              By{' '}
              <Link to={`/instructors/${c.instructor.id}`} data-testid="instructor-link">
                <strong>{c.instructor.name}</strong>
              </Link>
            </li>
            <li>{levelNames[c.level] ?? c.level}</li>
            <li>{languageName(c.language)}</li>
            {duration && <li>{duration} of content</li>}
            {c.enrollment_count > 0 && <li>{plural(c.enrollment_count, 'student')}</li>}
            <li data-testid="last-updated">Last updated {new Date(c.updated_at).toLocaleDateString(undefined, { month: 'long', year: 'numeric' })}</li>
          </ul>
          <ShareLinks course={c} />
          {c.can_edit && (
            <p>
              <Link to={`/instructor/courses/${c.id}/edit`} className="btn btn-secondary btn-small" data-testid="edit-course">
                Edit course
              </Link>
            </p>
          )}
        </header>
        <aside className="course-aside" aria-label="Enrollment">
          <CoursePreview course={c} onPreview={setPreview} />
          <EnrollBox course={c} />
          <Included course={c} />
        </aside>

        <div className="course-main">
          {(c.enrolled || c.access === 'subscription') && <CourseAnnouncements courseId={c.id} />}
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
            <Curriculum sections={c.sections} onPreview={setPreview} />
          </section>

          <CourseReviews course={c} />

          <InstructorBlock course={c} />
        </div>
      </div>
      {preview && <PreviewDialog course={c} lecture={preview} onSelect={setPreview} onClose={() => setPreview(null)} />}
    </article>
  );
}

/** What the course contains: video hours, lectures, articles. */
function Included({ course }: { course: CourseDetail }) {
  const lectures = course.sections.flatMap((s) => s.lectures);
  const videos = lectures.filter((l) => l.kind === 'video');
  const videoSeconds = videos.reduce((n, l) => n + l.duration_s, 0);
  const articles = lectures.filter((l) => l.kind === 'article').length;
  return (
    <section aria-labelledby="included-heading" className="card course-included-card" data-testid="course-included">
      <h2 id="included-heading" className="h3">
        This course includes
      </h2>
      <ul className="course-included">
        {videoSeconds > 0 && <li>{formatDuration(videoSeconds)} of on-demand video</li>}
        {videos.length > 0 && <li>{plural(videos.length, 'video lecture')}</li>}
        {articles > 0 && <li>{plural(articles, 'article')}</li>}
        <li>{plural(course.sections.length, 'section')}</li>
        <li>Access on phone, tablet and computer</li>
      </ul>
    </section>
  );
}

/** Links that share the course page, and a button that copies its address. */
function ShareLinks({ course }: { course: CourseDetail }) {
  const [copied, setCopied] = useState(false);
  const url = `${window.location.origin}/courses/${course.slug}`;
  const text = `${course.title} on Lectern`;
  const e = encodeURIComponent;
  const copy = () => {
    void navigator.clipboard?.writeText(url).then(() => setCopied(true));
  };
  return (
    <ul className="course-share" aria-label="Share this course" data-testid="share-links">
      <li>
        <Button variant="secondary" className="btn-small" onClick={copy}>
          {copied ? 'Link copied' : 'Copy link'}
        </Button>
      </li>
      <li>
        <a className="btn btn-secondary btn-small" href={`mailto:?subject=${e(text)}&body=${e(url)}`}>
          Email
        </a>
      </li>
      <li>
        <a className="btn btn-secondary btn-small" href={`https://twitter.com/intent/tweet?text=${e(text)}&url=${e(url)}`} target="_blank" rel="noopener noreferrer">
          X<span className="sr-only"> (opens in a new tab)</span>
        </a>
      </li>
      <li>
        <a className="btn btn-secondary btn-small" href={`https://www.linkedin.com/sharing/share-offsite/?url=${e(url)}`} target="_blank" rel="noopener noreferrer">
          LinkedIn<span className="sr-only"> (opens in a new tab)</span>
        </a>
      </li>
      <li>
        <a className="btn btn-secondary btn-small" href={`https://www.facebook.com/sharer/sharer.php?u=${e(url)}`} target="_blank" rel="noopener noreferrer">
          Facebook<span className="sr-only"> (opens in a new tab)</span>
        </a>
      </li>
    </ul>
  );
}

/** Who teaches the course, with their profile's headline, bio and rating. */
function InstructorBlock({ course }: { course: CourseDetail }) {
  const profile = useInstructor(course.instructor.id);
  const p = profile.data;
  return (
    <section aria-labelledby="instructor-heading" className="card instructor-card" data-testid="instructor-block">
      <h2 id="instructor-heading">Your instructor</h2>
      <div className="instructor-block">
        <Avatar name={course.instructor.name} id={course.instructor.id} />
        <div>
          <p>
            <Link to={`/instructors/${course.instructor.id}`}>
              <strong>{course.instructor.name}</strong>
            </Link>
          </p>
          {p?.headline && <p className="muted">{p.headline}</p>}
          {p && (
            <p className="muted">
              {p.rating_count > 0 && <>{formatRating(p.rating_avg)} instructor rating · </>}
              {plural(p.student_count, 'student')} · {plural(p.courses.length, 'course')}
            </p>
          )}
          {p?.bio && <p>{p.bio}</p>}
        </div>
      </div>
    </section>
  );
}

/** What the instructor announced, for students who have the course. */
function CourseAnnouncements({ courseId }: { courseId: string }) {
  const list = useAnnouncements(courseId);
  if (!list.data || list.data.items.length === 0) return null;
  return (
    <section aria-labelledby="announcements-heading">
      <h2 id="announcements-heading">Announcements</h2>
      <AnnouncementList items={list.data.items.slice(0, 5)} />
    </section>
  );
}
