import { Link, useNavigate } from 'react-router';

import { Button } from '@/components/Button';
import { ErrorMessage } from '@/components/ErrorMessage';
import { hasRole, useBecomeInstructor, useUser } from '@/lib/auth';

import './teach.css';

/**
 * "Teach on Lectern": what instructors get and how it works, for visitors and
 * students. Its call to action follows the account flow: visitors sign up (and
 * come back here), students become instructors in one click (POST
 * /me/instructor), instructors go to their dashboard.
 */
export default function TeachRoute() {
  return (
    <div className="teach" data-testid="teach-page">
      <title>Teach on Lectern · Lectern</title>
      <section className="teach-hero">
        <h1>Teach on Lectern</h1>
        <p className="lead">Turn what you do every day into a video course. Build it with tools made for teaching, publish it to students looking for exactly that, and earn from every sale and every minute watched.</p>
        <TeachAction />
      </section>

      <section aria-labelledby="teach-get-heading">
        <h2 id="teach-get-heading">What you get</h2>
        <ul className="teach-cards">
          <li className="card">
            <h3>A share of every sale</h3>
            <p>You set the price (or make the course free) and keep most of each sale. Earnings become available for payout once the refund window has passed; your revenue page shows every sale, refund and payout, with a CSV statement.</p>
          </li>
          <li className="card">
            <h3>The subscription pool</h3>
            <p>Opt a course into the all-access subscription and earn from subscribers too: each month’s subscription revenue, after the platform’s share, is split among instructors by the seconds subscribers really watched.</p>
          </li>
          <li className="card">
            <h3>Tools that do the heavy lifting</h3>
            <p>A drag-and-drop curriculum of video, article and quiz lectures; resumable uploads turned into adaptive, encrypted streams; captions; coupons; announcements; student questions; and analytics down to where viewers drop off.</p>
          </li>
        </ul>
      </section>

      <section aria-labelledby="teach-how-heading">
        <h2 id="teach-how-heading">How it works</h2>
        <ol className="teach-steps">
          <li>
            <h3>Create your instructor account</h3>
            <p>Sign up, then become an instructor with one click. It’s free.</p>
          </li>
          <li>
            <h3>Plan your curriculum</h3>
            <p>Sections and lectures, free preview lectures for visitors, what students will learn and what they need first.</p>
          </li>
          <li>
            <h3>Upload your videos</h3>
            <p>Uploads pause and resume; Lectern makes every quality level, thumbnails and a seek preview while you keep editing.</p>
          </li>
          <li>
            <h3>Publish and earn</h3>
            <p>A checklist tells you what is missing. Once published, your course is in search, on your instructor profile, and in the subscription if you choose.</p>
          </li>
        </ol>
      </section>

      <section className="teach-cta card card-accent" aria-labelledby="teach-cta-heading">
        <h2 id="teach-cta-heading">Ready to start?</h2>
        <p>Your first course can be a short one. Students are looking for what you know.</p>
        <TeachAction />
      </section>
    </div>
  );
}

/** The call to action for who is looking: sign up, become an instructor, or go to the dashboard. */
function TeachAction() {
  const { user, isPending } = useUser();
  const become = useBecomeInstructor();
  const navigate = useNavigate();
  if (isPending) return null;
  if (!user) {
    return (
      <p className="hero-actions">
        <Link to="/signup?next=%2Fteach" className="btn btn-primary" data-testid="teach-signup">
          Sign up to teach
        </Link>
        <Link to="/login?next=%2Fteach" className="btn btn-secondary">
          Log in
        </Link>
      </p>
    );
  }
  if (hasRole(user, 'instructor')) {
    return (
      <p className="hero-actions">
        <Link to="/instructor" className="btn btn-primary" data-testid="teach-dashboard">
          Go to your instructor dashboard
        </Link>
      </p>
    );
  }
  return (
    <div className="hero-actions">
      <Button loading={become.isPending} onClick={() => become.mutate(undefined, { onSuccess: () => navigate('/instructor') })} data-testid="teach-become">
        Become an instructor
      </Button>
      {become.isError && <ErrorMessage error={become.error} />}
    </div>
  );
}
