import { Link } from 'react-router';

import { Button } from '@/components/Button';
import { CourseGrid } from '@/components/CourseCard';
import { EmptyState } from '@/components/EmptyState';
import { ErrorMessage } from '@/components/ErrorMessage';
import { PageSpinner } from '@/components/Spinner';
import { useCourseRow } from '@/features/catalog/api/get-courses';
import { ContinueLearning } from '@/features/learning/components/ContinueLearning';
import { hasRole, useUser } from '@/lib/auth';
import { useCategories } from '@/lib/categories';

import './home.css';

export default function HomeRoute() {
  const { user } = useUser();
  const categories = useCategories();
  const featured = useCourseRow({ featured: true, sort: 'rating' });
  const newest = useCourseRow({ sort: 'newest' });
  // Ratings run 1–5: the floor leaves out courses nobody has rated yet.
  const topRated = useCourseRow({ sort: 'rating', min_rating: '1' });
  const teacher = hasRole(user, 'instructor');
  const empty = newest.isSuccess && newest.data.items.length === 0;

  return (
    <>
      <title>Lectern</title>
      <section className="home-hero">
        <h1>{user ? `Welcome back, ${user.name || user.email}` : 'Learn from people who do the work'}</h1>
        <p className="lead">Video courses you can watch at your own pace, from instructors who teach what they practise.</p>
        {!user && (
          <p className="hero-actions">
            <Link to="/courses" className="btn btn-primary">
              Browse courses
            </Link>
            <Link to="/signup" className="btn btn-secondary">
              Create an account
            </Link>
          </p>
        )}
      </section>

      {user && <ContinueLearning />}

      {categories.data && categories.data.length > 0 && (
        <nav className="home-categories" aria-labelledby="categories-heading">
          <h2 id="categories-heading">Categories</h2>
          <ul className="chips">
            {categories.data.map((c) => (
              <li key={c.id}>
                <Link to={`/courses?category=${encodeURIComponent(c.slug)}`} className="chip">
                  {c.name}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}

      {newest.isPending ? (
        <PageSpinner label="Loading courses…" />
      ) : newest.isError ? (
        <ErrorMessage
          title="We couldn’t load the courses."
          error={newest.error}
          action={
            <Button variant="secondary" onClick={() => void newest.refetch()}>
              Try again
            </Button>
          }
        />
      ) : empty ? (
        <EmptyState
          title="No courses yet — instructors can create one"
          action={
            <Link to="/instructor" className="btn btn-primary">
              {teacher ? 'Create a course' : 'Start teaching'}
            </Link>
          }
        >
          <p>Lectern is ready, but nothing has been published. Teach something you know, or come back soon.</p>
        </EmptyState>
      ) : (
        <>
          {featured.data && featured.data.items.length > 0 && (
            <CourseRow title="Featured courses" more="/courses?featured=true" row={featured.data.items} testId="featured-row" />
          )}
          <CourseRow title="Newest courses" more="/courses?sort=newest" row={newest.data.items} />
          {topRated.data && topRated.data.items.length > 0 && <CourseRow title="Top rated" more="/courses?sort=rating" row={topRated.data.items} />}
        </>
      )}
    </>
  );
}

function CourseRow({ title, more, row, testId }: { title: string; more: string; row: Parameters<typeof CourseGrid>[0]['courses']; testId?: string }) {
  const id = title.toLowerCase().replace(/\W+/g, '-');
  return (
    <section className="home-row" aria-labelledby={id}>
      <div className="home-row-head">
        <h2 id={id}>{title}</h2>
        <Link to={more}>
          See all<span className="sr-only"> {title.toLowerCase()}</span>
        </Link>
      </div>
      <CourseGrid courses={row} testId={testId} />
    </section>
  );
}
