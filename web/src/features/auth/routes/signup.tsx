import { Link, Navigate, useSearchParams } from 'react-router';

import { safeNext, useUser } from '@/lib/auth';

import { ProviderButtons } from '../components/ProviderButtons';
import { SignupForm } from '../components/SignupForm';

export default function SignupRoute() {
  const [params] = useSearchParams();
  const { user } = useUser();
  const next = safeNext(params.get('next'));

  if (user) return <Navigate replace to={next} />;

  return (
    <section className="auth-card">
      <title>Sign up · Lectern</title>
      <h1>Create your account</h1>
      <ProviderButtons next={next} />
      <SignupForm next={next} />
      <p className="auth-alt">
        Already have an account? <Link to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`}>Log in</Link>
      </p>
    </section>
  );
}
