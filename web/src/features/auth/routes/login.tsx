import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';

import { safeNext, useUser } from '@/lib/auth';

import { LoginForm } from '../components/LoginForm';
import { ProviderButtons } from '../components/ProviderButtons';

export default function LoginRoute() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { user } = useUser();
  const next = safeNext(params.get('next'));
  const signupLink = params.get('next') ? `/signup?next=${encodeURIComponent(next)}` : '/signup';

  // Already logged in (e.g. back button after logging in): carry on.
  if (user) return <Navigate replace to={next} />;

  return (
    <section className="auth-card">
      <title>Log in · Lectern</title>
      <h1>Log in</h1>
      <ProviderButtons next={next} />
      <LoginForm onSuccess={() => navigate(next, { replace: true })} />
      <p className="auth-alt">
        New to Lectern? <Link to={signupLink}>Create an account</Link>
      </p>
    </section>
  );
}
