import { Link } from 'react-router';

import { Button } from '@/components/Button';
import { EmptyState } from '@/components/EmptyState';
import { ErrorMessage } from '@/components/ErrorMessage';
import { PageSpinner } from '@/components/Spinner';
import { RequireAuth } from '@/lib/auth';

import { useEnrollments } from '../api/get-enrollments';
import { LearningCard } from '../components/LearningCard';

import '../components/learning.css';

function MyCourses() {
  const enrollments = useEnrollments();

  let content;
  if (enrollments.isPending) {
    content = <PageSpinner label="Loading your courses…" />;
  } else if (enrollments.isError) {
    content = (
      <ErrorMessage
        title="We couldn’t load your courses."
        error={enrollments.error}
        action={
          <Button variant="secondary" onClick={() => void enrollments.refetch()}>
            Try again
          </Button>
        }
      />
    );
  } else if (enrollments.data.length === 0) {
    content = (
      <EmptyState
        title="You haven’t enrolled in any course yet"
        action={
          <Link to="/courses" className="btn btn-primary">
            Browse courses
          </Link>
        }
      >
        <p>Find a course you like and enroll: it will wait for you here.</p>
      </EmptyState>
    );
  } else {
    content = (
      <ul className="course-grid" aria-label="Your courses">
        {enrollments.data.map((e) => (
          <li key={e.course.id}>
            <LearningCard enrollment={e} />
          </li>
        ))}
      </ul>
    );
  }

  return (
    <>
      <title>My learning · Lectern</title>
      <h1>My learning</h1>
      {content}
    </>
  );
}

export default function MyCoursesRoute() {
  return (
    <RequireAuth pending={<PageSpinner />}>
      <MyCourses />
    </RequireAuth>
  );
}
