import { useEffect, useRef, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';

import { Button } from '@/components/Button';
import { EmptyState } from '@/components/EmptyState';
import { ErrorMessage } from '@/components/ErrorMessage';
import { Field } from '@/components/Field';
import { PageSpinner } from '@/components/Spinner';
import { readNext, rememberNext } from '@/lib/auth';
import { errorText, formErrors } from '@/lib/form-errors';
import { isChallenge } from '@/types/api';

import { useExchangeCode, useLinkWithPassword } from '../api/providers';
import { TwoFactorForm } from '../components/TwoFactorForm';

const reasons: Record<string, string> = {
  email_unverified: 'An account already uses this email, and the provider has not verified that the address is yours. Log in with your password instead, then link the provider from Account settings.',
  email_required: 'The provider did not share an email address with us.',
  identity_taken: 'That provider account is already linked to another Lectern account.',
  provider_already_linked: 'Another account of this provider is linked already; unlink it first.',
  state_mismatch: 'This sign-in expired or was started in another browser. Please try again.',
  provider_refused: 'The sign-in was cancelled at the provider.',
  provider_failed: 'The provider’s answer could not be verified. Please try again.',
  unknown_provider: 'That sign-in provider is not configured.',
};

/** Where a provider sign-in lands: trade the one-time code, ask for a password to link, or explain. */
export default function ProviderCallbackRoute() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const exchange = useExchangeCode();
  const link = useLinkWithPassword();
  const code = params.get('code') ?? '';
  const started = useRef(false);

  useEffect(() => {
    if (code && !started.current) {
      started.current = true; // the code works once, even if React mounts twice
      exchange.mutate(code);
    }
  }, [code, exchange]);

  // Back to where the sign-in started (kept by ProviderButtons).
  const next = readNext();
  const done = () => {
    rememberNext(null);
    navigate(next, { replace: true });
  };
  const error = params.get('error');
  const linked = params.get('linked');
  const linkToken = params.get('link_token');
  const result = exchange.data ?? link.data;

  let body;
  if (linked) {
    return <Navigate replace to={`/account?linked=${encodeURIComponent(linked)}`} />;
  } else if (error) {
    body = (
      <EmptyState level={1} title="We couldn’t sign you in" action={<Link to="/login" className="btn btn-primary">Back to log in</Link>}>
        <p>{reasons[error] ?? 'Something went wrong. Please try again.'}</p>
      </EmptyState>
    );
  } else if (result && isChallenge(result)) {
    body = (
      <section className="auth-card">
        <h1>Two-factor sign-in</h1>
        <TwoFactorForm challenge={result.challenge} onSuccess={done} />
      </section>
    );
  } else if (result) {
    return <SignedIn to={next} />;
  } else if (linkToken) {
    body = <LinkForm token={linkToken} email={params.get('email') ?? ''} provider={params.get('provider') ?? ''} link={link} />;
  } else if (!code) {
    // Opened without what a provider sends back (a code, an error or a link token).
    body = (
      <EmptyState level={1} title="We couldn’t sign you in" action={<Link to="/login" className="btn btn-primary">Back to log in</Link>}>
        <p>This sign-in link is incomplete. Start again from the log-in page.</p>
      </EmptyState>
    );
  } else if (exchange.isError) {
    body = (
      <EmptyState level={1} title="We couldn’t sign you in" action={<Link to="/login" className="btn btn-primary">Back to log in</Link>}>
        <p>{errorText(exchange.error)}</p>
      </EmptyState>
    );
  } else {
    body = <PageSpinner label="Signing you in…" />;
  }
  return (
    <>
      <title>Signing in · Lectern</title>
      {body}
    </>
  );
}

function LinkForm({ token, email, provider, link }: { token: string; email: string; provider: string; link: ReturnType<typeof useLinkWithPassword> }) {
  const errors = formErrors(link.error, ['password']);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    link.mutate({ link_token: token, password: String(new FormData(e.currentTarget).get('password')) });
  };
  return (
    <section className="auth-card">
      <h1>Link your account</h1>
      <p>
        <strong>{email}</strong> already has a Lectern account. Enter its password once to sign in with {provider} from now on.
      </p>
      <form className="form" onSubmit={submit}>
        {errors.summary && (
          <ErrorMessage>
            <p>{errors.summary}</p>
          </ErrorMessage>
        )}
        <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
        <Field label="Password" name="password" type="password" autoComplete="current-password" required autoFocus error={errors.field('password')} />
        <Button type="submit" loading={link.isPending} className="btn-block">
          Link and sign in
        </Button>
      </form>
    </section>
  );
}

/** Signed in: forget the remembered page and go there. */
function SignedIn({ to }: { to: string }) {
  useEffect(() => rememberNext(null), []);
  return <Navigate replace to={to} />;
}
