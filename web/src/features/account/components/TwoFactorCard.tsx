import { useState, type FormEvent } from 'react';

import { Button } from '@/components/Button';
import { ErrorMessage, SuccessMessage } from '@/components/ErrorMessage';
import { Field } from '@/components/Field';
import { formErrors } from '@/lib/form-errors';
import type { User } from '@/types/api';

import { useConfirmTOTP, useDisable2FA, useEnrolTOTP } from '../api/security';

/** Turn two-factor sign-in with an authenticator app on or off. */
export function TwoFactorCard({ user }: { user: User }) {
  const enrol = useEnrolTOTP();
  const confirm = useConfirmTOTP();
  const disable = useDisable2FA();
  const [codes, setCodes] = useState<string[] | null>(null);
  const confirmErrors = formErrors(confirm.error, ['code']);
  const disableErrors = formErrors(disable.error, ['password']);

  const submitCode = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    confirm.mutate(String(new FormData(e.currentTarget).get('code')).trim(), { onSuccess: (r) => setCodes(r.recovery_codes) });
  };
  const submitDisable = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    disable.mutate(String(new FormData(e.currentTarget).get('password')), { onSuccess: () => enrol.reset() });
  };

  return (
    <section className="card" id="two-factor" aria-labelledby="two-factor-heading">
      <h2 id="two-factor-heading">Two-factor sign-in</h2>
      {codes && (
        <SuccessMessage>
          <p>Two-factor sign-in is on. Keep these recovery codes somewhere safe; each works once if you lose your phone.</p>
          <ul className="recovery-codes" data-testid="recovery-codes">
            {codes.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ul>
        </SuccessMessage>
      )}
      {user.two_factor ? (
        <>
          <p>
            <span className="badge badge-ok">On</span> Signing in asks for a code from your authenticator app.
          </p>
          <form className="form" onSubmit={submitDisable}>
            {disableErrors.summary && (
              <ErrorMessage>
                <p>{disableErrors.summary}</p>
              </ErrorMessage>
            )}
            <Field label="Password" name="password" type="password" autoComplete="current-password" required error={disableErrors.field('password')} />
            <Button type="submit" variant="danger" loading={disable.isPending}>
              Turn off two-factor sign-in
            </Button>
          </form>
        </>
      ) : enrol.data ? (
        <form className="form" onSubmit={submitCode}>
          <p>Add this account to your authenticator app: open the link on your phone, or type the key in.</p>
          <p>
            Key: <code data-testid="totp-secret">{enrol.data.secret}</code>
          </p>
          <p>
            <a href={enrol.data.otpauth_uri}>Open in authenticator app</a>
          </p>
          {confirmErrors.summary && (
            <ErrorMessage>
              <p>{confirmErrors.summary}</p>
            </ErrorMessage>
          )}
          <Field label="Code from the app" name="code" inputMode="numeric" autoComplete="one-time-code" required error={confirmErrors.field('code')} />
          <Button type="submit" loading={confirm.isPending}>
            Turn on
          </Button>
        </form>
      ) : (
        <>
          <p>Protect your account with a code from an authenticator app each time you sign in.</p>
          {enrol.isError && <ErrorMessage error={enrol.error} />}
          <Button variant="secondary" loading={enrol.isPending} onClick={() => enrol.mutate()} data-testid="enrol-totp">
            Set up an authenticator app
          </Button>
        </>
      )}
    </section>
  );
}
