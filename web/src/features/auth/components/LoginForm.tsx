import type { FormEvent } from 'react';
import { Link } from 'react-router';

import { Button } from '@/components/Button';
import { ErrorMessage } from '@/components/ErrorMessage';
import { Field } from '@/components/Field';
import { formErrors } from '@/lib/form-errors';
import { isChallenge } from '@/types/api';

import { useLogin } from '../api/login';
import { TwoFactorForm } from './TwoFactorForm';

export function LoginForm({ onSuccess }: { onSuccess: () => void }) {
  const login = useLogin();
  const errors = formErrors(login.error, ['email', 'password']);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    login.mutate(
      { email: String(form.get('email')).trim(), password: String(form.get('password')) },
      { onSuccess: (r) => !isChallenge(r) && onSuccess() },
    );
  };

  if (login.data && isChallenge(login.data)) return <TwoFactorForm challenge={login.data.challenge} onSuccess={onSuccess} />;

  return (
    <form className="form" onSubmit={submit}>
      {errors.summary && <ErrorMessage><p>{errors.summary}</p></ErrorMessage>}
      <Field label="Email" name="email" type="email" autoComplete="username" required autoFocus error={errors.field('email')} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        error={errors.field('password')}
        hint={<Link to="/forgot-password">Forgot your password?</Link>}
      />
      <Button type="submit" loading={login.isPending} className="btn-block">
        Log in
      </Button>
    </form>
  );
}
