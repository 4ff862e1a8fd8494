import { useState } from 'react';
import { Link } from 'react-router';

import { Button } from '@/components/Button';
import { errorText } from '@/lib/form-errors';
import { formatPrice, formatRating } from '@/lib/format';

import { useSetFeatured, useUnpublishCourse } from '../api/courses';
import type { AdminCourse } from '../types';

const STATUS_BADGE: Record<string, string> = {
  published: 'badge badge-ok',
  unlisted: 'badge badge-accent',
  draft: 'badge',
  archived: 'badge badge-warn',
};

export function CourseRow({ course, featuredIds }: { course: AdminCourse; featuredIds?: Set<string> }) {
  const feature = useSetFeatured();
  const unpublish = useUnpublishCourse();
  const [confirming, setConfirming] = useState(false);
  // What was asked for shows at once; it snaps back if the server refuses.
  const [draft, setDraft] = useState<boolean | null>(null);
  const featured = draft ?? course.featured ?? featuredIds?.has(course.id) ?? false;
  const live = course.status === 'published' || course.status === 'unlisted';
  const error = feature.error ?? unpublish.error;

  return (
    <tr data-testid="admin-course" data-course-id={course.id} aria-busy={feature.isPending || unpublish.isPending || undefined}>
      <th scope="row">
        <Link to={`/courses/${course.slug}`}>{course.title}</Link>
        <span className="row-note muted">{course.instructor.name}</span>
      </th>
      <td>
        <span className={STATUS_BADGE[course.status] ?? 'badge'}>{course.status}</span>
      </td>
      <td className="num">{course.rating_count ? `${formatRating(course.rating_avg)} (${course.rating_count})` : '—'}</td>
      <td className="num">{course.enrollment_count.toLocaleString()}</td>
      <td className="num">{formatPrice(course.price_cents, course.currency)}</td>
      <td>
        <label className="switch-label">
          <input
            type="checkbox"
            role="switch"
            checked={featured}
            disabled={feature.isPending}
            onChange={(e) => {
              const next = e.target.checked;
              setDraft(next);
              feature.mutate({ id: course.id, featured: next }, { onSettled: () => setDraft(null) });
            }}
          />
          <span className="sr-only">Feature {course.title} on the home page</span>
          <span aria-hidden="true">{featured ? 'Featured' : 'No'}</span>
        </label>
      </td>
      <td className="cell-actions">
        {live &&
          (confirming ? (
            <>
              <Button
                variant="danger"
                className="btn-small"
                loading={unpublish.isPending}
                onClick={() => unpublish.mutate(course.id, { onSuccess: () => setConfirming(false) })}
              >
                Unpublish
              </Button>
              <Button variant="secondary" className="btn-small" onClick={() => setConfirming(false)} disabled={unpublish.isPending}>
                Keep
              </Button>
            </>
          ) : (
            <Button variant="secondary" className="btn-small" onClick={() => setConfirming(true)} aria-label={`Unpublish ${course.title}`}>
              Unpublish…
            </Button>
          ))}
        {confirming && <span className="row-note muted">It leaves the catalog; enrolled students keep access.</span>}
        {error && (
          <span className="row-note field-error" role="alert">
            {errorText(error)}
          </span>
        )}
      </td>
    </tr>
  );
}
