import type { FormEvent } from 'react';

import { Button } from '@/components/Button';
import { ErrorMessage, SuccessMessage } from '@/components/ErrorMessage';
import { Field } from '@/components/Field';
import { rememberNext } from '@/lib/auth';
import { formErrors } from '@/lib/form-errors';

import { useRegister } from '../api/register';

/**
 * Sign-up ends with "check your email": the emailed link creates the account and
 * signs in, then offers to go back to `next` (kept in this browser meanwhile).
 */
export function SignupForm({ next }: { next?: string }) {
  const register = useRegister();
  const errors = formErrors(register.error, ['name', 'email', 'password']);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    rememberNext(next);
    register.mutate({
      name: String(form.get('name')).trim(),
      email: String(form.get('email')).trim(),
      password: String(form.get('password')),
    });
  };

  if (register.isSuccess) {
    return (
      <SuccessMessage>
        <p data-testid="signup-check-email">
          Check your email. We sent a link to <strong>{register.data.email}</strong>; open it to finish creating your account.
        </p>
      </SuccessMessage>
    );
  }

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
