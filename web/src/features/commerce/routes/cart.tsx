import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';

import { Button } from '@/components/Button';
import { CourseThumbnail } from '@/components/CourseCard';
import { EmptyState } from '@/components/EmptyState';
import { ErrorMessage } from '@/components/ErrorMessage';
import { Field } from '@/components/Field';
import { PageSpinner } from '@/components/Spinner';
import { ApiError } from '@/lib/api-client';
import { useUser } from '@/lib/auth';
import { useCart, useCheckout, useRemoveFromCart, type Money } from '@/lib/cart';
import { formErrors } from '@/lib/form-errors';
import { formatPrice, plural } from '@/lib/format';
import { removeFromVisitorCart, useVisitorCart, visitorCartTotals, type VisitorCartItem } from '@/lib/visitor-cart';

import { cartCheckoutState, formatAmount, sortTotals } from '../utils/money';

import '../components/commerce.css';

function CartPage() {
  const cart = useCart();
  const remove = useRemoveFromCart();
  const navigate = useNavigate();
  const checkout = useCheckout(navigate);
  const [params] = useSearchParams();
  const [coupon, setCoupon] = useState('');

  if (cart.isPending) return <PageSpinner label="Loading your cart…" />;
  if (cart.isError) {
    return (
      <ErrorMessage
        title="We couldn’t load your cart."
        error={cart.error}
        action={
          <Button variant="secondary" onClick={() => void cart.refetch()}>
            Try again
          </Button>
        }
      />
    );
  }

  const { items } = cart.data;
  const totals = sortTotals(cart.data.totals);
  const state = cartCheckoutState(totals, items.length);
  // The server names a course it refuses by its place in course_ids ("course_ids.2").
  const sent = checkout.variables?.courseIds ?? [];
  const fieldErrs = checkout.error instanceof ApiError ? checkout.error.fieldErrors : {};
  const courseFields = Object.keys(fieldErrs).filter((f) => /^course_ids\.\d+$/.test(f));
  const courseError = (id: string) => courseFields.find((f) => sent[Number(f.slice('course_ids.'.length))] === id);
  const errors = formErrors(checkout.error, ['coupon', ...courseFields]);
  // After a successful checkout the browser is on its way to the payment page.
  const leaving = checkout.isPending || checkout.isSuccess;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    checkout.mutate({ courseIds: items.map((c) => c.id), coupon });
  };
  // PayPal is offered beside the card checkout when the server has it configured.
  const offersPayPal = cart.data.payment_providers?.includes('paypal') ?? false;
  const viaPayPal = checkout.variables?.provider === 'paypal';

  return (
    <div className="cart-page">
      <title>Cart · Lectern</title>
      <div className="section-head">
        <h1>Your cart</h1>
        <Link to="/orders">Your orders</Link>
      </div>
      {params.get('cancelled') && (
        <p className="alert alert-warn" role="status">
          The payment was cancelled and nothing was charged. Your cart is as you left it.
        </p>
      )}
      {state === 'empty' ? (
        <EmptyCart />
      ) : (
        <div className="cart-layout">
          <section aria-labelledby="cart-items-heading">
            <h2 id="cart-items-heading">{plural(items.length, 'course')} in your cart</h2>
            <ul className="cart-items" data-testid="cart-items">
              {items.map((c) => {
                const problem = courseError(c.id);
                return (
                  <CartItem
                    key={c.id}
                    course={c}
                    problem={problem && fieldErrs[problem]}
                    removing={remove.isPending && remove.variables === c.id}
                    disabled={remove.isPending || leaving}
                    onRemove={() => remove.mutate(c.id)}
                  />
                );
              })}
            </ul>
            {remove.isError && <ErrorMessage error={remove.error} />}
          </section>

          <aside className="card cart-summary" aria-labelledby="cart-summary-heading">
            <h2 id="cart-summary-heading">Summary</h2>
            <CartTotals totals={totals} />
            {state === 'mixed' ? (
              <p className="alert alert-warn" role="note">
                Courses in different currencies must be bought separately. Remove the courses in one currency, check out, then
                add them back.
              </p>
            ) : (
              <p className="field-hint">Coupon discounts are applied at checkout.</p>
            )}
            <form className="form" onSubmit={submit} data-testid="checkout-form">
              <Field
                label="Coupon code"
                name="coupon"
                autoComplete="off"
                autoCapitalize="characters"
                spellCheck={false}
                value={coupon}
                onChange={(e) => setCoupon(e.target.value)}
                error={errors.field('coupon')}
              />
              {errors.summary && <ErrorMessage>{<p>{errors.summary}</p>}</ErrorMessage>}
              <Button
                type="submit"
                className="btn-block"
                disabled={state !== 'ready' || (leaving && viaPayPal)}
                loading={leaving && !viaPayPal}
                data-testid="checkout"
              >
                Checkout
              </Button>
              {offersPayPal && (
                <Button
                  type="button"
                  variant="secondary"
                  className="btn-block"
                  disabled={state !== 'ready' || (leaving && !viaPayPal)}
                  loading={leaving && viaPayPal}
                  onClick={() => checkout.mutate({ courseIds: items.map((c) => c.id), coupon, provider: 'paypal' })}
                  data-testid="checkout-paypal"
                >
                  Pay with PayPal
                </Button>
              )}
            </form>
          </aside>
        </div>
      )}
    </div>
  );
}

function EmptyCart() {
  return (
    <EmptyState
      title="Your cart is empty — browse courses"
      action={
        <Link to="/courses" className="btn btn-primary">
          Browse courses
        </Link>
      }
    >
      <p>Add a course from its page, then come back here to check out.</p>
    </EmptyState>
  );
}

function CartTotals({ totals }: { totals: Money[] }) {
  return (
    <dl className="order-totals">
      {totals.map((t) => (
        <div key={t.currency} className="order-totals-row">
          <dt className="order-total-label">{totals.length > 1 ? `Total in ${t.currency}` : 'Total'}</dt>
          <dd className="order-total" data-testid="cart-total">
            {formatAmount(t.amount_cents, t.currency)}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** One course in the cart (the account's or a visitor's). */
function CartItem({
  course: c,
  problem,
  removing = false,
  disabled = false,
  onRemove,
}: {
  course: VisitorCartItem;
  problem?: string;
  removing?: boolean;
  disabled?: boolean;
  onRemove: () => void;
}) {
  return (
    <li className="cart-item" data-testid="cart-item">
      <CourseThumbnail course={c} className="course-thumb cart-item-thumb" />
      <div className="cart-item-text">
        <h3 className="cart-item-title">
          <Link to={`/courses/${encodeURIComponent(c.slug)}`}>{c.title}</Link>
        </h3>
        <p className="muted">By {c.instructor.name}</p>
        {problem && (
          <p className="field-error" role="alert">
            {problem}
          </p>
        )}
      </div>
      <div className="cart-item-side">
        <p className="cart-item-price">{formatPrice(c.price_cents, c.currency)}</p>
        <Button variant="link" className="btn-small" loading={removing} disabled={disabled} onClick={onRemove} data-testid="remove-from-cart">
          Remove<span className="sr-only"> {c.title}</span>
        </Button>
      </div>
    </li>
  );
}

/** The cart of a visitor, kept in this browser: checking out needs an account, and the cart comes along. */
function VisitorCartPage() {
  const items = useVisitorCart();
  const totals = sortTotals(visitorCartTotals(items));
  const next = encodeURIComponent('/cart');
  return (
    <div className="cart-page">
      <title>Cart · Lectern</title>
      <div className="section-head">
        <h1>Your cart</h1>
      </div>
      {items.length === 0 ? (
        <EmptyCart />
      ) : (
        <div className="cart-layout">
          <section aria-labelledby="cart-items-heading">
            <h2 id="cart-items-heading">{plural(items.length, 'course')} in your cart</h2>
            <ul className="cart-items" data-testid="cart-items">
              {items.map((c) => (
                <CartItem key={c.id} course={c} onRemove={() => removeFromVisitorCart(c.id)} />
              ))}
            </ul>
          </section>
          <aside className="card cart-summary" aria-labelledby="cart-summary-heading">
            <h2 id="cart-summary-heading">Summary</h2>
            <CartTotals totals={totals} />
            <p className="field-hint">Sign up or log in to check out: the courses in this cart come with you.</p>
            <Link to={`/signup?next=${next}`} className="btn btn-primary btn-block" data-testid="signup-to-checkout">
              Sign up to check out
            </Link>
            <Link to={`/login?next=${next}`} className="btn btn-secondary btn-block" data-testid="login-to-checkout">
              Log in to check out
            </Link>
          </aside>
        </div>
      )}
    </div>
  );
}

export default function CartRoute() {
  const { user, isPending } = useUser();
  if (isPending) return <PageSpinner />;
  return user ? <CartPage /> : <VisitorCartPage />;
}
