import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link } from 'react-router';

import { Button } from '@/components/Button';
import { ErrorMessage, SuccessMessage } from '@/components/ErrorMessage';
import { ApiError } from '@/lib/api-client';
import type { CourseDetail } from '@/types/api';

import { checklistKey, usePublishChecklist } from '../api/checklist';
import { usePublishCourse } from '../api/publish-course';

import { StatusBadge } from './StatusBadge';

/** Where to fix each thing the server says is missing (field → anchor and label). */
function checklistItem(field: string, message: string): { text: string; href: string } {
  const sentence = (label: string) => `${label} ${message}`;
  if (field === 'title') return { text: sentence('Title'), href: '#details' };
  if (field === 'description_md') return { text: sentence('Description'), href: '#details' };
  if (field === 'price_cents' || field === 'currency') return { text: sentence('Price'), href: '#pricing' };
  if (field === 'curriculum') return { text: sentence('The curriculum'), href: '#curriculum' };
  const lecture = /^lectures\.([^.]+)\./.exec(field);
  const capital = message.charAt(0).toUpperCase() + message.slice(1);
  return { text: `${capital}.`.replace(/\.\.$/, '.'), href: lecture ? `#lecture-${lecture[1]}` : '#curriculum' };
}

export function PublishPanel({ course }: { course: CourseDetail }) {
  const publish = usePublishCourse(course.id);
  const checklist = usePublishChecklist(course.id);
  const queryClient = useQueryClient();
  const published = course.status === 'published';

  // Every save in the editor replaces the editor's copy of the course (and a
  // video finishing processing does too): ask the server again each time, so
  // the list follows the edits. The server's rules stay the only rules.
  useEffect(() => {
    void queryClient.invalidateQueries({ queryKey: checklistKey(course.id) });
  }, [course, queryClient]);

  const refused = publish.error instanceof ApiError && publish.error.status === 422 ? Object.entries(publish.error.fieldErrors) : [];
  const missing: [string, string][] = checklist.data ? checklist.data.items.map((i) => [i.field, i.message]) : refused;

  return (
    <div className="publish-panel">
      <p className="publish-status">
        Status: <StatusBadge status={course.status} />
      </p>
      {published ? (
        <p>
          Students can find this course and enroll. <Link to={`/courses/${course.slug}`}>View the course page</Link>.
        </p>
      ) : (
        <p>Publishing puts the course in the catalog. It needs a title, a description, a price (or Free) and at least one finished lecture.</p>
      )}
      {!published && checklist.data?.ready && (
        <p className="alert alert-success" data-testid="publish-ready">
          Ready to publish: everything students need is in place.
        </p>
      )}
      {missing.length > 0 ? (
        <div className="alert alert-warn" data-testid="publish-checklist" aria-live="polite">
          <p className="alert-title">{published ? 'Students will notice:' : 'Before you can publish:'}</p>
          <ul className="checklist">
            {missing.map(([field, message]) => {
              const item = checklistItem(field, message);
              return (
                <li key={field}>
                  <a href={item.href}>{item.text}</a>
                </li>
              );
            })}
          </ul>
        </div>
      ) : (
        publish.isError && <ErrorMessage error={publish.error} />
      )}
      {publish.isSuccess && <SuccessMessage>{published ? 'Published: your course is live.' : 'Unpublished: the course is a draft again.'}</SuccessMessage>}
      <div className="form-actions">
        {published ? (
          <Button variant="secondary" loading={publish.isPending} onClick={() => publish.mutate(false)} data-testid="unpublish">
            Unpublish
          </Button>
        ) : (
          <Button loading={publish.isPending} onClick={() => publish.mutate(true)} data-testid="publish">
            Publish
          </Button>
        )}
        <Link to={`/courses/${course.slug}`} className="btn btn-link">
          {published ? 'Open course page' : 'Preview the course page'}
        </Link>
      </div>
    </div>
  );
}
