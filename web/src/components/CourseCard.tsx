import type { CSSProperties, ReactNode } from 'react';
import { Link } from 'react-router';

import { formatDuration, formatPrice, formatRating, levelNames, plural } from '@/lib/format';
import { useOwnership } from '@/lib/owned';
import type { Course, Highlights } from '@/types/api';

import { Highlighted } from './Highlighted';
import { WishlistHeart } from './WishlistHeart';

import './course-card.css';

/**
 * One course in a grid. The title link covers the whole card (a stretched
 * link), so the card is one tab stop and reads as its title.
 */
export function CourseCard({
  course,
  to,
  footer,
  heart = true,
  headingLevel = 3,
}: {
  course: Course & { highlights?: Highlights | null };
  to?: string;
  footer?: ReactNode;
  /** The wishlist heart; off where the card is a course the user already has. */
  heart?: boolean;
  /** h2 where the cards come right under the page's h1 (search results, My learning). */
  headingLevel?: 2 | 3;
}) {
  const duration = formatDuration(course.total_duration_s);
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  // A course the user already has shows that instead of its price.
  const owned = useOwnership(course);
  return (
    <article className="course-card" data-testid="course-card">
      <CourseThumbnail course={course} />
      <div className="course-card-body">
        <Heading className="course-card-title">
          <Link to={to ?? `/courses/${course.slug}`} className="stretched-link">
            {course.highlights ? <Highlighted html={course.highlights.title} /> : course.title}
          </Link>
        </Heading>
        {course.highlights?.subtitle.includes('<mark>') && (
          <p className="course-card-subtitle muted">
            <Highlighted html={course.highlights.subtitle} />
          </p>
        )}
        <p className="course-card-instructor">{course.instructor.name}</p>
        <Rating avg={course.rating_avg} count={course.rating_count} />
        <p className="course-card-meta">
          {[levelNames[course.level] ?? course.level, duration].filter(Boolean).join(' · ')}
        </p>
        {owned ? (
          <p className="course-card-price course-card-owned" data-testid="card-owned">
            {owned === 'enrolled' ? 'Enrolled' : owned === 'subscription' ? 'In your subscription' : 'Your course'}
          </p>
        ) : (
          <p className="course-card-price" data-testid="card-price">
            {formatPrice(course.price_cents, course.currency)}
          </p>
        )}
        {footer && <div className="course-card-footer">{footer}</div>}
      </div>
      {heart && (!owned || owned === 'subscription') && <WishlistHeart course={course} />}
    </article>
  );
}

/** The course image, or a tinted tile with its initials while there is none. */
export function CourseThumbnail({ course, className = 'course-thumb' }: { course: Pick<Course, 'title' | 'thumbnail_url' | 'id'>; className?: string }) {
  if (course.thumbnail_url) {
    return <img className={className} src={course.thumbnail_url} alt="" loading="lazy" width={480} height={270} />;
  }
  return (
    <div className={`${className} course-thumb-empty`} style={{ '--thumb-hue': hue(course.id + course.title) } as CSSProperties} aria-hidden="true">
      {initials(course.title)}
    </div>
  );
}

export function Rating({ avg, count }: { avg: number; count: number }) {
  if (!count) return <p className="rating rating-none">No ratings yet</p>;
  return (
    <p className="rating">
      <span className="rating-stars" aria-hidden="true">
        ★
      </span>{' '}
      <strong>{formatRating(avg)}</strong> <span className="muted">({plural(count, 'rating')})</span>
      <span className="sr-only"> out of 5</span>
    </p>
  );
}

/** A responsive grid of cards; `label` names the list for screen readers. */
export function CourseGrid({
  courses,
  label,
  testId,
  headingLevel,
}: {
  courses: (Course & { highlights?: Highlights | null })[];
  label?: string;
  testId?: string;
  headingLevel?: 2 | 3;
}) {
  return (
    <ul className="course-grid" aria-label={label} data-testid={testId}>
      {courses.map((c) => (
        <li key={c.id}>
          <CourseCard course={c} headingLevel={headingLevel} />
        </li>
      ))}
    </ul>
  );
}

function initials(title: string): string {
  return title
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('');
}

function hue(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) >>> 0;
  return h % 360;
}
