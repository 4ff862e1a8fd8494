import { Link } from 'react-router';

import { Button } from '@/components/Button';
import { CourseThumbnail } from '@/components/CourseCard';
import { EmptyState } from '@/components/EmptyState';
import { ErrorMessage } from '@/components/ErrorMessage';
import { PageSpinner } from '@/components/Spinner';
import { RequireAuth } from '@/lib/auth';
import { formatPrice, plural } from '@/lib/format';
import { useMoveToCart, useToggleWishlist, useWishlist } from '@/lib/wishlist';

import '../components/commerce.css';

/** The courses a student hearted, newest first: open one, move it to the cart, or take it off. */
function WishlistPage() {
  const wishlist = useWishlist();
  const move = useMoveToCart();
  const toggle = useToggleWishlist();

  if (wishlist.isPending) return <PageSpinner label="Loading your wishlist…" />;
  if (wishlist.isError) {
    return (
      <ErrorMessage
        title="We couldn’t load your wishlist."
        error={wishlist.error}
        action={
          <Button variant="secondary" onClick={() => void wishlist.refetch()}>
            Try again
          </Button>
        }
      />
    );
  }
  const { items } = wishlist.data;
  const busy = move.isPending || toggle.isPending;

  return (
    <div className="cart-page">
      <title>Wishlist · Lectern</title>
      <div className="section-head">
        <h1>Your wishlist</h1>
        <Link to="/cart">Your cart</Link>
      </div>
      {items.length === 0 ? (
        <EmptyState
          title="Your wishlist is empty"
          action={
            <Link to="/courses" className="btn btn-primary">
              Browse courses
            </Link>
          }
        >
          <p>Tap the heart on a course to keep it here for later.</p>
        </EmptyState>
      ) : (
        <section aria-labelledby="wishlist-heading">
          <h2 id="wishlist-heading">{plural(items.length, 'course')} on your wishlist</h2>
          {move.isError && <ErrorMessage error={move.error} />}
          <ul className="cart-items" data-testid="wishlist-items">
            {items.map((c) => (
              <li key={c.id} className="cart-item" data-testid="wishlist-item">
                <CourseThumbnail course={c} className="course-thumb cart-item-thumb" />
                <div className="cart-item-text">
                  <h3 className="cart-item-title">
                    <Link to={`/courses/${encodeURIComponent(c.slug)}`}>{c.title}</Link>
                  </h3>
                  <p className="muted">By {c.instructor.name}</p>
                </div>
                <div className="cart-item-side">
                  <p className="cart-item-price">{formatPrice(c.price_cents, c.currency)}</p>
                  {c.price_cents > 0 ? (
                    <Button
                      className="btn-small"
                      loading={move.isPending && move.variables?.id === c.id}
                      disabled={busy}
                      onClick={() => move.mutate(c)}
                      data-testid="move-to-cart"
                    >
                      Move to cart<span className="sr-only"> {c.title}</span>
                    </Button>
                  ) : (
                    <Link to={`/courses/${encodeURIComponent(c.slug)}`} className="btn btn-secondary btn-small">
                      Enroll for free<span className="sr-only"> in {c.title}</span>
                    </Link>
                  )}
                  <Button variant="link" className="btn-small" disabled={busy} onClick={() => toggle.mutate({ course: c, on: false })} data-testid="remove-from-wishlist">
                    Remove<span className="sr-only"> {c.title}</span>
                  </Button>
                </div>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

export default function WishlistRoute() {
  return (
    <RequireAuth pending={<PageSpinner />}>
      <WishlistPage />
    </RequireAuth>
  );
}
