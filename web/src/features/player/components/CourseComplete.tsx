import { useState } from 'react';
import { Link } from 'react-router';

import { Button } from '@/components/Button';

import type { Certificate } from '../api/types';

const dismissedKey = (courseId: string) => `lectern.course-complete.${courseId}`;

/**
 * The moment a course is finished: the certificate (page and PDF) and a
 * prompt to review the course. Dismissed once per course on this device.
 */
export function CourseComplete({ courseId, courseSlug, certificate }: { courseId: string; courseSlug: string; certificate: Certificate }) {
  const [hidden, setHidden] = useState(() => localStorage.getItem(dismissedKey(courseId)) === '1');
  if (hidden) return null;
  return (
    <section className="course-complete card" role="status" data-testid="course-complete">
      <h2>🎉 Course complete!</h2>
      <p>
        You finished <strong>{certificate.course.title}</strong>. Your certificate is ready.
      </p>
      <div className="form-actions">
        <a className="btn btn-primary" href={certificate.pdf_url} target="_blank" rel="noreferrer" data-testid="certificate-pdf">
          Download the certificate (PDF)
        </a>
        <Link className="btn btn-secondary" to={`/certificates/${encodeURIComponent(certificate.id)}`} data-testid="certificate-page">
          View and share
        </Link>
        <Link className="btn btn-secondary" to={`/courses/${encodeURIComponent(courseSlug)}#reviews`}>
          Review this course
        </Link>
        <Button
          variant="link"
          onClick={() => {
            localStorage.setItem(dismissedKey(courseId), '1');
            setHidden(true);
          }}
        >
          Dismiss
        </Button>
      </div>
    </section>
  );
}
