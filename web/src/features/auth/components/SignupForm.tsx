import type { FormEvent } from 'react';

import { Button } from '@/components/Button';
import { ErrorMessage } from '@/components/ErrorMessage';
import { Field } from '@/components/Field';
import { formErrors } from '@/lib/form-errors';

import { useRegister } from '../api/register';

export function SignupForm({ onSuccess }: { onSuccess: () => void }) {
  const register = useRegister();
  const errors = formErrors(register.error, ['name', 'email', 'password']);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    register.mutate(
      {
        name: String(form.get('name')).trim(),
        email: String(form.get('email')).trim(),
        password: String(form.get('password')),
      },
      { onSuccess },
    );
  };

  return (
    <form className="form" onSubmit={submit}>
      {errors.summary && <ErrorMessage><p>{errors.summary}</p></ErrorMessage>}
      <Field label="Name" name="name" autoComplete="name" required autoFocus error={errors.field('name')} />
      <Field label="Email" name="email" type="email" autoComplete="email" required error={errors.field('email')} />
      <Field label="Password" name="password" type="password" autoComplete="new-password" required error={errors.field('password')} />
      <Button type="submit" loading={register.isPending} className="btn-block">
        Create account
      </Button>
    </form>
  );
}
