import { Link } from 'react-router';

import { useEnrollments } from '../api/get-enrollments';

import { LearningCard } from './LearningCard';

import './learning.css';

/** The signed-in home page's first row: courses started and not finished, last worked on first. */
export function ContinueLearning() {
  const enrollments = useEnrollments();
  const row = (enrollments.data ?? []).filter((e) => e.percent < 100 && (e.last_active_at || e.percent > 0)).slice(0, 4);
  if (row.length === 0) return null;
  return (
    <section className="home-row" aria-labelledby="continue-heading" data-testid="continue-row">
      <div className="home-row-head">
        <h2 id="continue-heading">Continue learning</h2>
        <Link to="/my-courses">My learning</Link>
      </div>
      <ul className="course-grid">
        {row.map((e) => (
          <li key={e.course.id}>
            <LearningCard enrollment={e} />
          </li>
        ))}
      </ul>
    </section>
  );
}
