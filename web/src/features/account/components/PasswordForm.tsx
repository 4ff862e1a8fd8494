import type { FormEvent } from 'react';

import { Button } from '@/components/Button';
import { ErrorMessage, SuccessMessage } from '@/components/ErrorMessage';
import { Field } from '@/components/Field';
import { formErrors } from '@/lib/form-errors';

import { useChangePassword } from '../api/change-password';

/** Change the password; an account made through a sign-in provider sets its first one. */
export function PasswordForm({ email, hasPassword = true }: { email: string; hasPassword?: boolean }) {
  const change = useChangePassword();
  const errors = formErrors(change.error, ['current_password', 'new_password']);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const formEl = e.currentTarget;
    const form = new FormData(formEl);
    change.mutate(
      hasPassword
        ? { current_password: String(form.get('current_password')), new_password: String(form.get('new_password')) }
        : { new_password: String(form.get('new_password')) },
      { onSuccess: () => formEl.reset() },
    );
  };

  return (
    <section className="card" aria-labelledby="password-heading">
      <h2 id="password-heading">Password</h2>
      <form className="form" onSubmit={submit}>
        {/* Lets password managers file the new password under the right account. */}
        <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
        {errors.summary && (
          <ErrorMessage>
            <p>{errors.summary}</p>
          </ErrorMessage>
        )}
        {hasPassword ? (
          <Field
            label="Current password"
            name="current_password"
            type="password"
            autoComplete="current-password"
            required
            error={errors.field('current_password')}
          />
        ) : (
          <p>You sign in with a provider. Set a password to sign in with your email too.</p>
        )}
        <Field label="New password" name="new_password" type="password" autoComplete="new-password" required error={errors.field('new_password')} />
        <div className="form-actions">
          <Button type="submit" loading={change.isPending}>
            {hasPassword ? 'Change password' : 'Set password'}
          </Button>
          {change.isSuccess && <SuccessMessage>Password saved. Your other devices were signed out.</SuccessMessage>}
        </div>
      </form>
    </section>
  );
}
