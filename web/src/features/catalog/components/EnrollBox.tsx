import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';

import { Button } from '@/components/Button';
import { ErrorMessage } from '@/components/ErrorMessage';
import { Field } from '@/components/Field';
import { WishlistHeart } from '@/components/WishlistHeart';
import { ApiError } from '@/lib/api-client';
import { useUser } from '@/lib/auth';
import { useAddToCart, useCart, useCheckout } from '@/lib/cart';
import { formatPrice } from '@/lib/format';
import { addToVisitorCart, useVisitorCart } from '@/lib/visitor-cart';
import type { CourseDetail } from '@/types/api';

import { useEnroll } from '../api/enroll';
import { courseQueryKey } from '../api/get-course';

/** Price and the one thing to do next: enroll, go to the course, or buy. */
export function EnrollBox({ course }: { course: CourseDetail }) {
  const { user, isPending } = useUser();
  const location = useLocation();
  const navigate = useNavigate();
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
  } else if (course.access === 'subscription') {
    action = (
      <>
        <p className="enroll-status" role="status" data-testid="subscribed">
          <span className="badge badge-ok">In your subscription</span>
        </p>
        <Link to={learn} className="btn btn-primary btn-block" data-testid="learn-with-subscription">
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
        <Button className="btn-block" loading={enroll.isPending} onClick={() => enroll.mutate(course.id, { onSuccess: () => navigate(learn) })} data-testid="enroll">
          Enroll for free
        </Button>
      </>
    ) : (
      <>
        <Link to={`/login?next=${encodeURIComponent(location.pathname)}`} className="btn btn-primary btn-block">
          Log in to enroll for free
        </Link>
        <p className="enroll-note">
          New here? <Link to={`/signup?next=${encodeURIComponent(location.pathname)}`}>Create a free account</Link>.
        </p>
      </>
    );
  } else {
    action = isPending ? null : user ? (
      course.instructor.id === user.id ? (
        <p className="enroll-note">This is your course: students buy it here.</p>
      ) : (
        <BuyButtons course={course} />
      )
    ) : (
      <VisitorBuyButtons course={course} />
    );
  }

  // Students who already have the course are not shown its price.
  const owned = course.enrolled || course.access === 'subscription';
  return (
    <div className="enroll-box">
      {!owned && (
        <p className="enroll-price" data-testid="price">
          {formatPrice(course.price_cents, course.currency)}
        </p>
      )}
      {action}
      {!owned && course.instructor.id !== user?.id && (course.status === 'published' || course.status === 'unlisted') && (
        <p className="enroll-wishlist">
          <WishlistHeart course={course} /> <span aria-hidden="true">Wishlist</span>
        </p>
      )}
      {!owned && course.in_subscription && !free && (
        <p className="enroll-note" data-testid="subscription-note">
          Also included in the all-access subscription. <Link to="/plans">See plans</Link>
        </p>
      )}
    </div>
  );
}

/** A paid course for a signed-in student: add it to the cart, or buy it alone at once. */
function BuyButtons({ course }: { course: CourseDetail }) {
  const cart = useCart();
  const add = useAddToCart();
  const navigate = useNavigate();
  const buy = useCheckout(navigate);
  const queryClient = useQueryClient();
  const [added, setAdded] = useState(false);
  const [coupon, setCoupon] = useState('');
  const couponError = buy.error instanceof ApiError ? buy.error.fieldErrors.coupon : undefined;
  const inCart = cart.data?.items.some((c) => c.id === course.id) ?? false;
  const error = add.error ?? (buy.error instanceof ApiError && buy.error.fieldErrors.coupon ? null : buy.error);
  // Bought in another tab, say: the page is out of date, so load it again.
  const stale = (e: unknown) => {
    if (e instanceof ApiError && e.status === 409) void queryClient.invalidateQueries({ queryKey: courseQueryKey(course.slug) });
  };
  const leaving = buy.isPending || buy.isSuccess;

  return (
    <>
      {error && <ErrorMessage error={error} />}
      {inCart ? (
        <Link to="/cart" className="btn btn-primary btn-block" data-testid="go-to-cart" autoFocus={added}>
          Go to cart
        </Link>
      ) : (
        <Button
          className="btn-block"
          loading={add.isPending}
          disabled={cart.isPending || leaving}
          onClick={() => {
            buy.reset();
            add.mutate(course.id, { onSuccess: () => setAdded(true), onError: stale });
          }}
          data-testid="add-to-cart"
        >
          Add to cart
        </Button>
      )}
      <Button
        variant="secondary"
        className="btn-block"
        loading={leaving}
        disabled={add.isPending}
        onClick={() => {
          add.reset();
          buy.mutate({ courseIds: [course.id], coupon }, { onError: stale });
        }}
        data-testid="buy-now"
      >
        Buy now
      </Button>
      <details className="buy-coupon" open={Boolean(coupon || couponError)}>
        <summary>Have a coupon?</summary>
        <Field
          label="Coupon code"
          name="coupon"
          value={coupon}
          onChange={(e) => setCoupon(e.target.value)}
          autoComplete="off"
          error={couponError ? `This coupon ${couponError}.` : undefined}
          hint="Applied when you choose Buy now; in the cart, enter it at checkout."
          data-testid="buy-now-coupon"
        />
      </details>
      <p className="enroll-note" role="status">
        {added && inCart ? 'Added to your cart.' : ''}
      </p>
    </>
  );
}

/** A paid course for a visitor: the cart is kept in this browser until they sign in, then joins their account's. */
function VisitorBuyButtons({ course }: { course: CourseDetail }) {
  const location = useLocation();
  const inCart = useVisitorCart().some((c) => c.id === course.id);
  const [added, setAdded] = useState(false);
  return (
    <>
      {inCart ? (
        <Link to="/cart" className="btn btn-primary btn-block" data-testid="go-to-cart" autoFocus={added}>
          Go to cart
        </Link>
      ) : (
        <Button
          className="btn-block"
          onClick={() => {
            addToVisitorCart(course);
            setAdded(true);
          }}
          data-testid="add-to-cart"
        >
          Add to cart
        </Button>
      )}
      <Link to={`/login?next=${encodeURIComponent(location.pathname)}`} className="btn btn-secondary btn-block" data-testid="login-to-buy">
        Log in to buy
      </Link>
      <p className="enroll-note">
        New here? <Link to={`/signup?next=${encodeURIComponent(location.pathname)}`}>Create an account</Link> — your cart comes with you.
      </p>
      <p className="enroll-note" role="status">
        {added && inCart ? 'Added to your cart.' : ''}
      </p>
    </>
  );
}
