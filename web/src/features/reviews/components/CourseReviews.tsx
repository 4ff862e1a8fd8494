import { useId, useState } from 'react';
import { Link, useLocation } from 'react-router';

import { useUser } from '@/lib/auth';
import type { CourseDetail } from '@/types/api';

import { useReviews } from '../api/get-reviews';
import { useMyReview } from '../api/my-review';
import type { ReviewSort } from '../types';
import { MyReview } from './MyReview';
import { RatingSummary } from './RatingSummary';
import { ReviewList } from './ReviewList';
import { SortSelect } from './SortSelect';

import './reviews.css';

/**
 * The reviews section of a course landing page: the rating summary, the
 * enrolled student's own review (or the form to write one), and the list.
 */
export function CourseReviews({ course }: { course: Pick<CourseDetail, 'id' | 'slug' | 'enrolled' | 'instructor'> }) {
  const { user } = useUser();
  const location = useLocation();
  const [sort, setSort] = useState<ReviewSort>('recent');
  const reviews = useReviews(course.id, sort);
  const headingId = useId();
  const isInstructor = !!user && user.id === course.instructor.id;
  const summary = reviews.data?.pages[0]?.summary;
  const canReview = course.enrolled && !isInstructor && !!user;
  const mine = useMyReview(course.id, canReview); // shared with <MyReview>: one request

  return (
    <section aria-labelledby={headingId} className="course-reviews" data-testid="course-reviews">
      <h2 id={headingId}>Student reviews</h2>
      {summary && <RatingSummary summary={summary} />}

      {canReview && <MyReview courseId={course.id} />}
      {!user && (
        <p className="muted">
          <Link to={`/login?next=${encodeURIComponent(location.pathname)}`}>Log in</Link> to review a course you’re enrolled in.
        </p>
      )}

      {!!summary?.count && (
        <div className="review-toolbar">
          <SortSelect value={sort} onChange={setSort} />
        </div>
      )}
      <ReviewList
        query={reviews}
        viewer={{ canReply: isInstructor, canReport: (r) => !!user && r.user.id !== user.id }}
        empty={
          mine.data
            ? 'No other reviews yet.'
            : canReview
              ? 'No reviews yet. Be the first to rate this course.'
              : 'No reviews yet. Enrolled students can rate this course.'
        }
      />
    </section>
  );
}
