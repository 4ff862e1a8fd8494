import type { FormEvent } from 'react';

import { Button } from '@/components/Button';
import { ErrorMessage, SuccessMessage } from '@/components/ErrorMessage';
import { Field } from '@/components/Field';
import { formErrors } from '@/lib/form-errors';

import { useForgotPassword } from '../api/forgot-password';

export function ForgotPasswordForm() {
  const forgot = useForgotPassword();
  const errors = formErrors(forgot.error, ['email']);

  if (forgot.isSuccess) {
    return (
      <SuccessMessage>
        <p>
          If an account exists for <strong>{forgot.variables.email}</strong>, we sent a link to reset its password. It may take a
          minute to arrive; check your spam folder too.
        </p>
      </SuccessMessage>
    );
  }

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    forgot.mutate({ email: String(new FormData(e.currentTarget).get('email')).trim() });
  };

  return (
    <form className="form" onSubmit={submit}>
      {errors.summary && <ErrorMessage><p>{errors.summary}</p></ErrorMessage>}
      <Field label="Email" name="email" type="email" autoComplete="email" required autoFocus error={errors.field('email')} />
      <Button type="submit" loading={forgot.isPending} className="btn-block">
        Send reset link
      </Button>
    </form>
  );
}
