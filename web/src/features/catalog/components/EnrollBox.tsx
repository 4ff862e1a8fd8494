import { Link, useLocation } from 'react-router';

import { Button } from '@/components/Button';
import { ErrorMessage } from '@/components/ErrorMessage';
import { useUser } from '@/lib/auth';
import { formatPrice } from '@/lib/format';
import type { CourseDetail } from '@/types/api';

import { useEnroll } from '../api/enroll';

/** Price and the one thing to do next: enroll, go to the course, or (later) buy. */
export function EnrollBox({ course }: { course: CourseDetail }) {
  const { user, isPending } = useUser();
  const location = useLocation();
  const enroll = useEnroll(course.slug);
  const free = course.price_cents === 0;
  const learn = `/learn/${course.slug}`;

  let action;
  if (course.enrolled) {
    action = (
      <>
        <p className="enroll-status" role="status" data-testid="enrolled">
          <span className="badge badge-ok">Enrolled</span>
        </p>
        <Link to={learn} className="btn btn-primary btn-block">
          Go to course
        </Link>
      </>
    );
  } else if (course.status !== 'published' && course.status !== 'unlisted') {
    action = <p className="muted">Students can enroll once the course is published.</p>;
  } else if (free) {
    action = isPending ? null : user ? (
      <>
        {enroll.isError && <ErrorMessage error={enroll.error} />}
        <Button className="btn-block" loading={enroll.isPending} onClick={() => enroll.mutate(course.id)} data-testid="enroll">
          Enroll for free
        </Button>
      </>
    ) : (
      <>
        <Link to={`/login?next=${encodeURIComponent(location.pathname)}`} className="btn btn-primary btn-block">
          Log in to enroll for free
        </Link>
        <p className="enroll-note">
          New here? <Link to="/signup">Create a free account</Link>.
        </p>
      </>
    );
  } else {
    action = (
      <>
        <Button className="btn-block" disabled aria-describedby="cart-note">
          Add to cart
        </Button>
        <p className="enroll-note" id="cart-note">
          Checkout is coming soon.
        </p>
      </>
    );
  }

  return (
    <div className="enroll-box">
      <p className="enroll-price" data-testid="price">
        {formatPrice(course.price_cents, course.currency)}
      </p>
      {action}
    </div>
  );
}
