import { Link, useSearchParams } from 'react-router';

import { EmptyState } from '@/components/EmptyState';

import { ResetPasswordForm } from '../components/ResetPasswordForm';

export default function ResetPasswordRoute() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';

  if (!token) {
    return (
      <EmptyState
        level={1}
        title="This reset link is incomplete"
        action={
          <Link to="/forgot-password" className="btn btn-primary">
            Request a new link
          </Link>
        }
      >
        <p>Open the link from the email again, or ask for a new one.</p>
      </EmptyState>
    );
  }

  return (
    <section className="auth-card">
      <title>Choose a new password · Lectern</title>
      <h1>Choose a new password</h1>
      <ResetPasswordForm token={token} />
    </section>
  );
}
