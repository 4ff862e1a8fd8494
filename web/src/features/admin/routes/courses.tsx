import type { FormEvent } from 'react';
import { useSearchParams } from 'react-router';

import { Button } from '@/components/Button';
import { EmptyState } from '@/components/EmptyState';
import { ErrorMessage } from '@/components/ErrorMessage';
import { Field, SelectField } from '@/components/Field';
import { PageSpinner } from '@/components/Spinner';
import type { CourseStatus } from '@/types/api';

import { COURSE_LIMIT, useAdminCourses, useFeaturedIds } from '../api/courses';
import { CourseRow } from '../components/CourseRow';

const STATUSES: CourseStatus[] = ['published', 'unlisted', 'draft', 'archived'];

/** /admin/courses?status=&q=: every course; unpublish and feature. */
export default function AdminCoursesRoute() {
  const [params, setParams] = useSearchParams();
  const status = (STATUSES as string[]).includes(params.get('status') ?? '') ? (params.get('status') as CourseStatus) : '';
  const q = params.get('q') ?? '';
  const courses = useAdminCourses(status, q);
  const featured = useFeaturedIds();

  const update = (next: { status?: string; q?: string }) => {
    const merged = { status, q, ...next };
    setParams(Object.fromEntries(Object.entries(merged).filter(([, v]) => v)), { replace: true });
  };
  const search = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    update({ q: String(new FormData(e.currentTarget).get('q') ?? '').trim() });
  };

  let content;
  if (courses.isPending) {
    content = <PageSpinner label="Loading courses…" />;
  } else if (courses.isError && !courses.data) {
    content = (
      <ErrorMessage
        title="We couldn’t load the courses."
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
        title={q || status ? 'No courses match' : 'No courses yet'}
        action={
          (q || status) && (
            <Button variant="secondary" onClick={() => setParams({}, { replace: true })}>
              Show all courses
            </Button>
          )
        }
      >
        <p>{q || status ? 'Try another status, or search for part of the title.' : 'Courses appear here as soon as an instructor creates one.'}</p>
      </EmptyState>
    );
  } else {
    content = (
      <>
        <div className="admin-table-wrap" role="region" aria-label="Courses" tabIndex={0}>
          <table className="admin-table" data-testid="admin-courses">
            <thead>
              <tr>
                <th scope="col">Course</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Rating
                </th>
                <th scope="col" className="num">
                  Students
                </th>
                <th scope="col" className="num">
                  Price
                </th>
                <th scope="col">Featured</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {courses.data.map((c) => (
                <CourseRow key={c.id} course={c} featuredIds={featured.data} />
              ))}
            </tbody>
          </table>
        </div>
        {courses.data.length >= COURSE_LIMIT && (
          <p className="muted list-footer">Showing the first {COURSE_LIMIT}. Search or pick a status to find others.</p>
        )}
      </>
    );
  }

  return (
    <>
      <title>Courses · Admin · Lectern</title>
      <h1>Courses</h1>
      <p className="lead">Every course, whatever its status. Feature the best on the home page; unpublish one that breaks the rules.</p>
      <div className="admin-filters">
        <SelectField label="Status" name="status" value={status} onChange={(e) => update({ status: e.target.value })}>
          <option value="">Any status</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s[0].toUpperCase() + s.slice(1)}
            </option>
          ))}
        </SelectField>
        <form role="search" aria-label="Search courses by title" className="admin-search" onSubmit={search}>
          <Field label="Search" type="search" name="q" key={q} defaultValue={q} placeholder="Part of the title" />
          <Button type="submit" variant="secondary">
            Search
          </Button>
        </form>
      </div>
      {content}
    </>
  );
}
