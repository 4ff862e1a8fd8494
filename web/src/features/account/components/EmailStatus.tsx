import { Button } from '@/components/Button';
import { ErrorMessage, SuccessMessage } from '@/components/ErrorMessage';
import type { User } from '@/types/api';

import { useResendVerification } from '../api/resend-verification';

export function EmailStatus({ user }: { user: User }) {
  const resend = useResendVerification();

  return (
    <section className="card" aria-labelledby="email-heading">
      <h2 id="email-heading">Email</h2>
      <p className="email-line">
        <span className="email-address">{user.email}</span>{' '}
        {user.email_verified ? <span className="badge badge-ok">Verified</span> : <span className="badge badge-warn">Not verified</span>}
      </p>
      {!user.email_verified &&
        (resend.isSuccess ? (
          <SuccessMessage>
            <p>We sent a new verification link to {user.email}. Open it to finish.</p>
          </SuccessMessage>
        ) : (
          <>
            <p>Verify your email so we can reach you about your courses and purchases. Can’t find the email?</p>
            {resend.isError && <ErrorMessage error={resend.error} />}
            <Button variant="secondary" loading={resend.isPending} onClick={() => resend.mutate()}>
              Resend verification email
            </Button>
          </>
        ))}
    </section>
  );
}
