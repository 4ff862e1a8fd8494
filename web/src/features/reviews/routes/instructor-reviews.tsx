import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';

import { Button } from '@/components/Button';
import { EmptyState } from '@/components/EmptyState';
import { ErrorMessage } from '@/components/ErrorMessage';
import { SelectField } from '@/components/Field';
import { PageSpinner } from '@/components/Spinner';
import { hasRole, RequireAuth, useUser } from '@/lib/auth';
import { plural } from '@/lib/format';
import type { Course } from '@/types/api';

import { useReviews } from '../api/get-reviews';
import { useTeachingCourses } from '../api/get-my-courses';
import { RatingSummary } from '../components/RatingSummary';
import { ReviewList } from '../components/ReviewList';
import { SortSelect } from '../components/SortSelect';
import type { ReviewSort } from '../types';

import '../components/reviews.css';

function CourseReviewsForInstructor({ course }: { course: Course }) {
  const [sort, setSort] = useState<ReviewSort>('recent');
  const reviews = useReviews(course.id, sort);
  const summary = reviews.data?.pages[0]?.summary;
  return (
    <section className="course-reviews" aria-labelledby="picked-heading">
      <h2 id="picked-heading">
        <Link to={`/courses/${course.slug}`}>{course.title}</Link>
      </h2>
      {summary && <RatingSummary summary={summary} />}
      {!!summary?.count && (
        <div className="review-toolbar">
          <SortSelect value={sort} onChange={setSort} />
        </div>
      )}
      <ReviewList
        query={reviews}
        viewer={{ canReply: true, canReport: () => false }}
        empty={
          course.status === 'published' || course.status === 'unlisted'
            ? 'No reviews yet. Enrolled students can rate the course from its page.'
            : 'No reviews yet. Students can review the course once it is published and they have enrolled.'
        }
      />
    </section>
  );
}

function InstructorReviews() {
  const courses = useTeachingCourses();
  const [params, setParams] = useSearchParams();

  let content;
  if (courses.isPending) {
    content = <PageSpinner label="Loading your courses…" />;
  } else if (courses.isError) {
    content = (
      <ErrorMessage
        title="We couldn’t load your courses."
        error={courses.error}
        action={
          <Button variant="secondary" onClick={() => void courses.refetch()}>
            Try again
          </Button>
        }
      />
    );
  } else if (courses.data.length === 0) {
    content = (
      <EmptyState
        title="You have no courses yet"
        action={
          <Link to="/instructor" className="btn btn-primary">
            Create a course
          </Link>
        }
      >
        <p>Reviews of your courses appear here once students rate them.</p>
      </EmptyState>
    );
  } else {
    // Most-reviewed first, so the picker opens on the course with the most to answer.
    const list = [...courses.data].sort((a, b) => b.rating_count - a.rating_count);
    const picked = list.find((c) => c.id === params.get('course')) ?? list[0];
    content = (
      <>
        <div className="course-picker">
          <SelectField
            label="Course"
            name="course"
            value={picked.id}
            onChange={(e) => setParams({ course: e.target.value }, { replace: true })}
          >
            {list.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title} ({c.rating_count ? plural(c.rating_count, 'rating') : 'no ratings'})
              </option>
            ))}
          </SelectField>
        </div>
        <CourseReviewsForInstructor key={picked.id} course={picked} />
      </>
    );
  }

  return (
    <>
      <title>Reviews of your courses · Lectern</title>
      <h1>Reviews of your courses</h1>
      <p className="lead">Read what students say and reply under their reviews. Everyone who reads the review sees your reply.</p>
      {content}
    </>
  );
}

export default function InstructorReviewsRoute() {
  const { user } = useUser();
  return (
    <RequireAuth pending={<PageSpinner />}>
      {hasRole(user, 'instructor') ? (
        <InstructorReviews />
      ) : (
        <EmptyState
          level={1}
          title="Only instructors have course reviews"
          action={
            <Link to="/instructor" className="btn btn-primary">
              Start teaching
            </Link>
          }
        >
          <p>Become an instructor and publish a course; its students’ reviews will show up here.</p>
        </EmptyState>
      )}
    </RequireAuth>
  );
}
