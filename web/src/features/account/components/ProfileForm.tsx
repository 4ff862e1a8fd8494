import type { FormEvent } from 'react';

import { Button } from '@/components/Button';
import { ErrorMessage, SuccessMessage } from '@/components/ErrorMessage';
import { Field, TextAreaField } from '@/components/Field';
import { formErrors } from '@/lib/form-errors';
import type { User } from '@/types/api';

import { useUpdateProfile } from '../api/update-profile';

export function ProfileForm({ user }: { user: User }) {
  const update = useUpdateProfile();
  const errors = formErrors(update.error, ['name', 'headline', 'bio']);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    update.mutate({
      name: String(form.get('name')).trim(),
      headline: String(form.get('headline')).trim(),
      bio: String(form.get('bio')).trim(),
    });
  };

  return (
    <section className="card" aria-labelledby="profile-heading">
      <h2 id="profile-heading">Profile</h2>
      <p className="card-lead">Students see this on your courses and reviews.</p>
      <form className="form" onSubmit={submit} onChange={() => update.isSuccess && update.reset()}>
        {errors.summary && (
          <ErrorMessage>
            <p>{errors.summary}</p>
          </ErrorMessage>
        )}
        <Field label="Name" name="name" autoComplete="name" required defaultValue={user.name} error={errors.field('name')} />
        <Field
          label="Headline"
          name="headline"
          defaultValue={user.headline}
          placeholder="e.g. Data engineer and Go teacher"
          error={errors.field('headline')}
        />
        <TextAreaField label="Bio" name="bio" rows={5} defaultValue={user.bio} error={errors.field('bio')} />
        <div className="form-actions">
          <Button type="submit" loading={update.isPending}>
            Save profile
          </Button>
          {update.isSuccess && <SuccessMessage>Profile saved.</SuccessMessage>}
        </div>
      </form>
    </section>
  );
}
