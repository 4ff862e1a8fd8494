import { Link, useSearchParams } from 'react-router';

import { EmptyState } from '@/components/EmptyState';
import { PageSpinner } from '@/components/Spinner';
import { readNext, rememberNext, useUser } from '@/lib/auth';
import { errorText } from '@/lib/form-errors';

import { useVerifyEmail } from '../api/verify-email';

export default function VerifyEmailRoute() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const verify = useVerifyEmail(token);
  const { user } = useUser();
  // Where the sign-up started (a course page, say), kept by the sign-up form.
  const next = readNext();

  // Where to ask for a fresh link: Account settings, after logging in if need be.
  const resend = user ? (
    <Link to="/account" className="btn btn-primary">
      Send a new link from Account settings
    </Link>
  ) : (
    <Link to={`/login?next=${encodeURIComponent('/account')}`} className="btn btn-primary">
      Log in to send a new link
    </Link>
  );

  let body;
  if (!token) {
    body = (
      <EmptyState level={1} title="This verification link is incomplete" action={resend}>
        <p>Open the link from the email again, or send yourself a new one.</p>
      </EmptyState>
    );
  } else if (verify.isPending) {
    body = <PageSpinner label="Verifying your email…" />;
  } else if (verify.isError) {
    body = (
      <EmptyState level={1} title="We couldn’t verify your email" action={resend}>
        <p>{errorText(verify.error)}</p>
        <p>Links expire and work only once. Send yourself a new one, or sign up again.</p>
      </EmptyState>
    );
  } else if (verify.data === 'created') {
    body = (
      <EmptyState
        level={1}
        title="Your account is ready"
        action={
          <Link to={next} className="btn btn-primary" data-testid="continue-after-signup" onClick={() => rememberNext(null)}>
            {next.startsWith('/courses/') ? 'Back to the course' : next === '/' ? 'Start learning' : 'Continue'}
          </Link>
        }
      >
        <p>Welcome to Lectern — you’re signed in.</p>
      </EmptyState>
    );
  } else {
    body = (
      <EmptyState
        level={1}
        title="Your email is verified"
        action={
          <Link to={user ? '/account' : '/'} className="btn btn-primary">
            {user ? 'Back to Account settings' : 'Go to the home page'}
          </Link>
        }
      >
        <p>Thanks — you’re all set.</p>
      </EmptyState>
    );
  }

  return (
    <>
      <title>Verify email · Lectern</title>
      {body}
    </>
  );
}
