import type { FormEvent } from 'react';
import { useNavigate } from 'react-router';

import { Button } from '@/components/Button';
import { ErrorMessage } from '@/components/ErrorMessage';
import { Field } from '@/components/Field';
import { formErrors } from '@/lib/form-errors';

import { useCreateCourse } from '../api/create-course';

/** A title is all a new course needs; the editor takes it from there. */
export function CreateCourseForm() {
  const create = useCreateCourse();
  const navigate = useNavigate();
  const errors = formErrors(create.error, ['title']);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const title = String(new FormData(e.currentTarget).get('title')).trim();
    create.mutate({ title }, { onSuccess: (course) => navigate(`/instructor/courses/${course.id}/edit`) });
  };

  return (
    <section className="card" aria-labelledby="create-heading">
      <h2 id="create-heading">Create a course</h2>
      <form className="form create-course" onSubmit={submit} data-testid="create-course">
        {errors.summary && (
          <ErrorMessage>
            <p>{errors.summary}</p>
          </ErrorMessage>
        )}
        <Field
          label="Course title"
          name="title"
          required
          maxLength={120}
          placeholder="e.g. Home brewing from scratch"
          hint="You can change it later. The course stays a draft until you publish it."
          error={errors.field('title')}
        />
        <div className="form-actions">
          <Button type="submit" loading={create.isPending}>
            Create course
          </Button>
        </div>
      </form>
    </section>
  );
}
