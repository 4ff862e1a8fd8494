import { useRef, useState, type FormEvent } from 'react';

import { Button } from '@/components/Button';
import { ErrorMessage, SuccessMessage } from '@/components/ErrorMessage';
import { Field, SelectField, TextAreaField } from '@/components/Field';
import { useCategories } from '@/lib/categories';
import { formErrors } from '@/lib/form-errors';
import { languageName, levelNames } from '@/lib/format';
import type { CourseDetail } from '@/types/api';

import { useUpdateCourse } from '../api/update-course';

const LANGUAGES = ['en', 'es', 'fr', 'de', 'pt', 'pt-BR', 'it', 'nl', 'pl', 'ja', 'zh', 'hi'];
const FIELDS = ['title', 'subtitle', 'category', 'level', 'language', 'description_md'];

/**
 * Title, subtitle, category, level, language and the Markdown description.
 * The preview is the server's rendering of the saved description (the
 * server sanitises it), so showing it saves first.
 */
export function DetailsForm({ course }: { course: CourseDetail }) {
  const update = useUpdateCourse(course.id);
  const categories = useCategories();
  const errors = formErrors(update.error, FIELDS);
  const [preview, setPreview] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const languages = LANGUAGES.includes(course.language) ? LANGUAGES : [course.language, ...LANGUAGES];

  const values = () => {
    const form = new FormData(formRef.current!);
    return {
      title: String(form.get('title')).trim(),
      subtitle: String(form.get('subtitle')).trim(),
      category: String(form.get('category')),
      level: String(form.get('level')),
      language: String(form.get('language')),
      description_md: String(form.get('description_md')),
    };
  };

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    update.mutate(values());
  };

  const togglePreview = () => {
    if (preview) {
      setPreview(false);
      return;
    }
    const { description_md } = values();
    if (description_md === course.description_md) setPreview(true);
    else update.mutate({ description_md }, { onSuccess: () => setPreview(true) });
  };

  return (
    <form ref={formRef} className="form" onSubmit={submit} onChange={() => update.isSuccess && update.reset()} aria-labelledby="details-heading">
      {errors.summary && (
        <ErrorMessage>
          <p>{errors.summary}</p>
        </ErrorMessage>
      )}
      <Field label="Title" name="title" required maxLength={120} defaultValue={course.title} error={errors.field('title')} />
      <Field
        label="Subtitle"
        name="subtitle"
        maxLength={200}
        defaultValue={course.subtitle}
        placeholder="One line on what students will be able to do"
        error={errors.field('subtitle')}
      />
      <div className="form-grid">
        {/* Remounted once the categories arrive: a select's defaultValue only applies to options present at mount. */}
        <SelectField
          key={categories.data ? 'categories' : 'loading'}
          label="Category"
          name="category"
          defaultValue={course.category?.slug ?? ''}
          error={errors.field('category')}
        >
          <option value="">No category</option>
          {categories.data?.map((c) => (
            <option key={c.id} value={c.slug}>
              {c.name}
            </option>
          ))}
        </SelectField>
        <SelectField label="Level" name="level" defaultValue={course.level} error={errors.field('level')}>
          {Object.entries(levelNames).map(([value, name]) => (
            <option key={value} value={value}>
              {name}
            </option>
          ))}
        </SelectField>
        <SelectField label="Language" name="language" defaultValue={course.language} error={errors.field('language')}>
          {languages.map((code) => (
            <option key={code} value={code}>
              {languageName(code)}
            </option>
          ))}
        </SelectField>
      </div>
      <div className="description-field">
        <div className="description-head">
          <span className="description-label" id="description-label">
            Description
          </span>
          <Button variant="secondary" className="btn-small" aria-pressed={preview} onClick={togglePreview} loading={update.isPending && !preview}>
            {preview ? 'Back to editing' : 'Save and preview'}
          </Button>
        </div>
        <div hidden={preview}>
          <TextAreaField
            label={<span className="sr-only">Description (Markdown)</span>}
            name="description_md"
            rows={10}
            defaultValue={course.description_md}
            hint="Markdown: **bold**, *italic*, lists, [links](https://…). Say what students will learn and who the course is for."
            error={errors.field('description_md')}
          />
        </div>
        {preview && (
          <div className="description-preview" aria-labelledby="description-label" data-testid="description-preview">
            {course.description_html ? (
              // Rendered and sanitised by the server.
              <div className="prose" dangerouslySetInnerHTML={{ __html: course.description_html }} />
            ) : (
              <p className="muted">The description is empty. Go back to editing to write one.</p>
            )}
          </div>
        )}
      </div>
      <div className="form-actions">
        <Button type="submit" loading={update.isPending} data-testid="save-details">
          Save details
        </Button>
        {update.isSuccess && <SuccessMessage>Details saved.</SuccessMessage>}
      </div>
    </form>
  );
}
