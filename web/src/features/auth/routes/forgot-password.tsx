import { Link } from 'react-router';

import { ForgotPasswordForm } from '../components/ForgotPasswordForm';

export default function ForgotPasswordRoute() {
  return (
    <section className="auth-card">
      <title>Forgot password · Lectern</title>
      <h1>Reset your password</h1>
      <p>Enter the email you signed up with and we’ll send you a link to choose a new password.</p>
      <ForgotPasswordForm />
      <p className="auth-alt">
        Remembered it? <Link to="/login">Log in</Link>
      </p>
    </section>
  );
}
