import { useState, type FormEvent } from 'react';

import { Button } from '@/components/Button';
import { ErrorMessage } from '@/components/ErrorMessage';
import { Field } from '@/components/Field';
import { formErrors } from '@/lib/form-errors';

import { useSecondFactor } from '../api/login';

/** The second sign-in step: a code from the authenticator app, or a recovery code. */
export function TwoFactorForm({ challenge, onSuccess }: { challenge: string; onSuccess: () => void }) {
  const second = useSecondFactor();
  const [recovery, setRecovery] = useState(false);
  const errors = formErrors(second.error, ['code', 'recovery_code']);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const value = String(new FormData(e.currentTarget).get('code')).trim();
    second.mutate(recovery ? { challenge, recovery_code: value } : { challenge, code: value }, { onSuccess });
  };

  return (
    <form className="form" onSubmit={submit} data-testid="two-factor-form">
      <p>{recovery ? 'Enter one of your recovery codes.' : 'Enter the six-digit code from your authenticator app.'}</p>
      {errors.summary && (
        <ErrorMessage>
          <p>{errors.summary}</p>
        </ErrorMessage>
      )}
      <Field
        key={recovery ? 'recovery' : 'code'}
        label={recovery ? 'Recovery code' : 'Code'}
        name="code"
        autoComplete="one-time-code"
        inputMode={recovery ? 'text' : 'numeric'}
        required
        autoFocus
      />
      <Button type="submit" loading={second.isPending} className="btn-block">
        Verify
      </Button>
      <Button variant="link" onClick={() => setRecovery(!recovery)}>
        {recovery ? 'Use the authenticator app instead' : 'Use a recovery code'}
      </Button>
    </form>
  );
}
