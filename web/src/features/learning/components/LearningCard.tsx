import { Link } from 'react-router';

import { CourseCard } from '@/components/CourseCard';
import type { Enrollment } from '@/types/api';

/** A course in My learning: its progress and a Continue (or Start) button to the next lecture. */
export function LearningCard({ enrollment }: { enrollment: Enrollment }) {
  const { course, percent, certificate_id: cert } = enrollment;
  const started = !!enrollment.last_active_at || percent > 0;
  const learn = `/learn/${encodeURIComponent(course.slug)}`;
  return (
    <CourseCard
      headingLevel={2}
      course={course}
      to={learn}
      heart={false}
      footer={
        <div className="learning-card-footer" data-testid="learning-card">
          <p className="learning-progress">
            <progress max={100} value={percent} aria-label={`${course.title}: progress`} /> <span data-testid="learning-percent">{percent}%</span> complete
          </p>
          <p className="learning-actions">
            <Link to={learn} className="btn btn-primary btn-small" data-testid="continue-learning">
              {percent >= 100 ? 'Watch again' : started ? 'Continue' : 'Start course'}
            </Link>
            {cert && (
              <Link to={`/certificates/${encodeURIComponent(cert)}`} className="btn btn-secondary btn-small">
                Certificate
              </Link>
            )}
            <Link to={`/courses/${encodeURIComponent(course.slug)}`} className="card-link">
              Course page
            </Link>
          </p>
        </div>
      }
    />
  );
}
