import type { ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';

import { Button } from '@/components/Button';
import { EmptyState } from '@/components/EmptyState';
import { ErrorMessage } from '@/components/ErrorMessage';
import { PageSpinner } from '@/components/Spinner';
import { ApiError } from '@/lib/api-client';
import { RequireAuth } from '@/lib/auth';

import { useDeleteCourse } from '../api/delete-course';
import { useEditCourse } from '../api/get-course';
import { AnnouncementsPanel } from '../components/AnnouncementsPanel';
import { CouponList } from '../components/CouponList';
import { CurriculumBuilder } from '../components/CurriculumBuilder';
import { DetailsForm } from '../components/DetailsForm';
import { PricingForm } from '../components/PricingForm';
import { PublishPanel } from '../components/PublishPanel';
import { SaveStatus } from '../components/SaveStatus';
import { StatusBadge } from '../components/StatusBadge';
import { ThumbnailForm } from '../components/ThumbnailForm';

import '../components/instructor.css';

const PARTS = [
  ['details', 'Details'],
  ['pricing', 'Pricing'],
  ['thumbnail', 'Image'],
  ['curriculum', 'Curriculum'],
  ['coupons', 'Coupons'],
  ['announcements', 'Announcements'],
  ['publish', 'Publish'],
] as const;

function Part({ id, title, lead, children }: { id: string; title: string; lead?: string; children: ReactNode }) {
  return (
    <section id={id} className="card editor-part" aria-labelledby={`${id}-heading`} tabIndex={-1}>
      <h2 id={`${id}-heading`}>{title}</h2>
      {lead && <p className="card-lead">{lead}</p>}
      {children}
    </section>
  );
}

function Editor({ id }: { id: string }) {
  const course = useEditCourse(id);
  const remove = useDeleteCourse();
  const navigate = useNavigate();

  if (course.isPending) return <PageSpinner label="Loading the course…" />;
  if (course.isError) {
    const status = course.error instanceof ApiError ? course.error.status : 0;
    if (status === 404 || status === 403) {
      return (
        <EmptyState
          level={1}
          title="Course not found"
          action={
            <Link to="/instructor" className="btn btn-primary">
              Go to your courses
            </Link>
          }
        >
          <p>It may have been deleted, or it belongs to another instructor.</p>
        </EmptyState>
      );
    }
    return (
      <ErrorMessage
        title="We couldn’t load this course."
        error={course.error}
        action={
          <Button variant="secondary" onClick={() => void course.refetch()}>
            Try again
          </Button>
        }
      />
    );
  }
  const c = course.data;
  if (!c.can_edit) {
    return (
      <EmptyState level={1} title="You can’t edit this course" action={<Link to={`/courses/${c.slug}`} className="btn btn-primary">Open the course page</Link>}>
        <p>Only the course’s instructor and administrators can change it.</p>
      </EmptyState>
    );
  }

  const onDelete = () => {
    if (!window.confirm(`Delete “${c.title}” with all its sections and lectures? This can’t be undone.`)) return;
    remove.mutate(c.id, { onSuccess: () => navigate('/instructor') });
  };

  return (
    <div className="editor" data-testid="course-editor" data-course-id={c.id}>
      <title>{`Edit: ${c.title} · Lectern`}</title>
      <div className="editor-bar">
        <div className="editor-bar-title">
          <Link to="/instructor" className="editor-back">
            ← Your courses
          </Link>
          <h1>
            {c.title} <StatusBadge status={c.status} />
          </h1>
          <Link to={`/instructor/courses/${c.id}/analytics`} className="btn btn-link btn-small">
            Analytics
          </Link>
        </div>
        <SaveStatus courseId={c.id} />
        <nav aria-label="Course editor" className="editor-nav">
          {PARTS.map(([anchor, label]) => (
            <a key={anchor} href={`#${anchor}`}>
              {label}
            </a>
          ))}
        </nav>
      </div>

      <div className="editor-parts">
        <Part id="details" title="Details">
          <DetailsForm course={c} />
        </Part>
        <Part id="pricing" title="Pricing" lead="Free courses can be enrolled in at once; paid ones go through checkout.">
          <PricingForm course={c} />
        </Part>
        <Part id="thumbnail" title="Course image" lead="Shown on course cards and the course page.">
          <ThumbnailForm course={c} />
        </Part>
        <Part id="curriculum" title="Curriculum" lead="Changes save as you go. Drag the ⠿ handle or use Move up / Move down to reorder.">
          <CurriculumBuilder course={c} />
        </Part>
        <Part id="coupons" title="Coupons" lead="Discount codes for this course, how often each was used, and a way to switch one off.">
          <CouponList course={c} />
        </Part>
        <Part id="announcements" title="Announcements" lead="A message to every student enrolled, shown on the course page and emailed to them.">
          <AnnouncementsPanel courseId={c.id} />
        </Part>
        <Part id="publish" title="Publish">
          <PublishPanel course={c} />
        </Part>
        <section className="card danger-zone" aria-labelledby="danger-heading">
          <h2 id="danger-heading">Delete this course</h2>
          <p className="card-lead">Removes the course, its sections and lectures for good.</p>
          {remove.isError && <ErrorMessage error={remove.error} />}
          <Button variant="danger" loading={remove.isPending} onClick={onDelete}>
            Delete course
          </Button>
        </section>
      </div>
    </div>
  );
}

export default function CourseEditorRoute() {
  const { id = '' } = useParams();
  return (
    <RequireAuth pending={<PageSpinner />}>
      <Editor key={id} id={id} />
    </RequireAuth>
  );
}
