import { useId, useRef, type FormEvent } from 'react';

import { Button } from '@/components/Button';
import { formErrors } from '@/lib/form-errors';
import type { LectureKind } from '@/types/api';

import { useAddLecture } from '../api/lectures';

/** Title, type and preview flag of a new lecture at the end of a section. */
export function AddLectureForm({ courseId, sectionId, sectionNumber }: { courseId: string; sectionId: string; sectionNumber: number }) {
  const add = useAddLecture(courseId);
  const id = useId();
  const titleRef = useRef<HTMLInputElement>(null);
  const errors = formErrors(add.error, ['title', 'kind']);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const title = String(data.get('lecture-title')).trim();
    if (!title) {
      titleRef.current?.focus();
      return;
    }
    add.mutate(
      { sectionId, title, kind: String(data.get('lecture-kind')) as LectureKind, is_preview: data.get('lecture-preview') === 'on' },
      {
        onSuccess: () => {
          form.reset();
          titleRef.current?.focus();
        },
      },
    );
  };

  const error = errors.field('title') ?? errors.field('kind') ?? errors.summary;
  return (
    <form className="add-lecture" onSubmit={submit} aria-label={`Add a lecture to section ${sectionNumber}`} data-testid="add-lecture">
      <div className="add-lecture-title">
        <label htmlFor={`${id}-title`}>New lecture</label>
        <input
          ref={titleRef}
          id={`${id}-title`}
          name="lecture-title"
          type="text"
          maxLength={120}
          placeholder="Lecture title"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
      </div>
      <div className="add-lecture-kind">
        <label htmlFor={`${id}-kind`}>Type</label>
        <select id={`${id}-kind`} name="lecture-kind" defaultValue="video">
          <option value="video">Video</option>
          <option value="article">Article</option>
          <option value="quiz">Quiz</option>
        </select>
      </div>
      <label className="check">
        <input type="checkbox" name="lecture-preview" />
        Free preview
      </label>
      <Button type="submit" variant="secondary" loading={add.isPending}>
        Add lecture
      </Button>
      {error && (
        <p className="field-error add-lecture-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
