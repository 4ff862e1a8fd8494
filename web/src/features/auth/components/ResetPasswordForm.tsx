import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';

import { Button } from '@/components/Button';
import { ErrorMessage, SuccessMessage } from '@/components/ErrorMessage';
import { Field } from '@/components/Field';
import { formErrors } from '@/lib/form-errors';

import { useResetPassword } from '../api/reset-password';

export function ResetPasswordForm({ token }: { token: string }) {
  const reset = useResetPassword();
  const [mismatch, setMismatch] = useState(false);
  const errors = formErrors(reset.error, ['password']);

  if (reset.isSuccess) {
    return (
      <SuccessMessage>
        <p>Your password has been changed.</p>
        <p>
          <Link to="/login" className="btn btn-primary">
            Log in with your new password
          </Link>
        </p>
      </SuccessMessage>
    );
  }

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const password = String(form.get('password'));
    if (password !== String(form.get('confirm'))) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    reset.mutate({ token, password });
  };

  return (
    <form className="form" onSubmit={submit}>
      {errors.summary && (
        <ErrorMessage action={<Link to="/forgot-password">Request a new reset link</Link>}>
          <p>{errors.summary}</p>
        </ErrorMessage>
      )}
      <Field label="New password" name="password" type="password" autoComplete="new-password" required autoFocus error={errors.field('password')} />
      <Field
        label="Confirm new password"
        name="confirm"
        type="password"
        autoComplete="new-password"
        required
        error={mismatch ? 'The two passwords don’t match.' : undefined}
      />
      <Button type="submit" loading={reset.isPending} className="btn-block">
        Set new password
      </Button>
    </form>
  );
}
