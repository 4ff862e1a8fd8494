import { Link } from 'react-router';

import { Button } from '@/components/Button';
import { EmptyState } from '@/components/EmptyState';
import { ErrorMessage } from '@/components/ErrorMessage';
import { PageSpinner } from '@/components/Spinner';
import { hasRole, RequireAuth, useBecomeInstructor, useUser } from '@/lib/auth';

import { useMyCourses } from '../api/get-my-courses';
import { CreateCourseForm } from '../components/CreateCourseForm';
import { MyCourseList } from '../components/MyCourseList';

import '../components/instructor.css';

function Dashboard() {
  const courses = useMyCourses();

  let list;
  if (courses.isPending) {
    list = <PageSpinner label="Loading your courses…" />;
  } else if (courses.isError) {
    list = (
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
    list = (
      <EmptyState title="You have no courses yet">
        <p>Give your first course a title above. You can add lectures, a description and a price before anyone sees it.</p>
      </EmptyState>
    );
  } else {
    list = <MyCourseList courses={courses.data} />;
  }

  return (
    <div className="instructor-dashboard">
      <title>Teach · Lectern</title>
      <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'baseline', justifyContent: 'space-between', gap: '0 1rem' }}>
        <h1>Your courses</h1>
        <span style={{ display: 'flex', gap: '0.5rem' }}>
          <Link to="/instructor/questions" className="btn btn-secondary btn-small" data-testid="qa-inbox-link">
            Q&amp;A inbox
          </Link>
          <Link to="/instructor/revenue" className="btn btn-secondary btn-small" data-testid="revenue-link">
            Revenue and coupons
          </Link>
        </span>
      </div>
      <div className="stack">
        <CreateCourseForm />
        <section aria-labelledby="mine-heading">
          <h2 id="mine-heading">All your courses</h2>
          {list}
        </section>
      </div>
    </div>
  );
}

function BecomeInstructor() {
  const become = useBecomeInstructor();
  return (
    <EmptyState
      level={1}
      title="Become an instructor"
      action={
        <Button loading={become.isPending} onClick={() => become.mutate()}>
          Become an instructor
        </Button>
      }
    >
      <p>Share what you know: create courses, publish video and article lectures, and teach students anywhere. It’s free and takes one click.</p>
      {become.isError && <ErrorMessage error={become.error} />}
    </EmptyState>
  );
}

export default function DashboardRoute() {
  const { user } = useUser();
  return (
    <RequireAuth pending={<PageSpinner />}>
      {hasRole(user, 'instructor') || hasRole(user, 'admin') ? <Dashboard /> : <BecomeInstructor />}
    </RequireAuth>
  );
}
