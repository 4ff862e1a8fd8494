import { Link } from 'react-router';

import { CourseThumbnail } from '@/components/CourseCard';
import { formatPrice, plural } from '@/lib/format';
import type { Course } from '@/types/api';

import { StatusBadge } from './StatusBadge';

export function MyCourseList({ courses }: { courses: Course[] }) {
  return (
    <ul className="my-courses" aria-label="Your courses">
      {courses.map((c) => (
        <li key={c.id} className="my-course" data-testid="my-course">
          <CourseThumbnail course={c} className="course-thumb my-course-thumb" />
          <div className="my-course-text">
            <h3 className="my-course-title">
              <Link to={`/instructor/courses/${c.id}/edit`}>{c.title}</Link>
            </h3>
            <p className="my-course-meta">
              <StatusBadge status={c.status} /> {formatPrice(c.price_cents, c.currency)} · {plural(c.enrollment_count, 'student')}
            </p>
          </div>
          <div className="my-course-actions">
            <Link to={`/instructor/courses/${c.id}/edit`} className="btn btn-secondary btn-small">
              Edit<span className="sr-only"> {c.title}</span>
            </Link>
            <Link to={`/instructor/courses/${c.id}/analytics`} className="btn btn-link btn-small" data-testid="analytics-link">
              Analytics<span className="sr-only"> of {c.title}</span>
            </Link>
            {c.status !== 'draft' && (
              <Link to={`/courses/${c.slug}`} className="btn btn-link btn-small">
                View<span className="sr-only"> {c.title}</span>
              </Link>
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}
