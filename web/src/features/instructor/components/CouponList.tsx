import { useState } from 'react';
import { Link } from 'react-router';

import { Button } from '@/components/Button';
import { ConfirmDialog } from '@/components/ConfirmDialog';
import { ErrorMessage } from '@/components/ErrorMessage';
import { Spinner } from '@/components/Spinner';
import { formatPrice } from '@/lib/format';
import type { CourseDetail } from '@/types/api';

import { useCourseCoupons, useDisableCoupon, type CourseCoupon } from '../api/coupons';

function discount(c: CourseCoupon, currency: string): string {
  return c.percent_off != null ? `${c.percent_off}% off` : `${formatPrice(c.amount_off_cents ?? 0, c.currency || currency)} off`;
}

function state(c: CourseCoupon): { label: string; active: boolean } {
  if (c.disabled_at) return { label: 'Disabled', active: false };
  if (c.expires_at && new Date(c.expires_at) < new Date()) return { label: 'Expired', active: false };
  if (c.max_redemptions != null && c.redemptions >= c.max_redemptions) return { label: 'Used up', active: false };
  return { label: 'Active', active: true };
}

/** A course's coupons with how often each was redeemed, and a way to switch one off. */
export function CouponList({ course }: { course: CourseDetail }) {
  const coupons = useCourseCoupons(course.id);
  const disable = useDisableCoupon(course.id);
  const [asking, setAsking] = useState<CourseCoupon | null>(null);

  if (coupons.isPending) return <Spinner label="Loading coupons…" />;
  if (coupons.isError) return <ErrorMessage title="We couldn’t load the coupons." error={coupons.error} />;

  return (
    <div className="coupon-list" data-testid="course-coupons">
      {coupons.data.length === 0 ? (
        <p className="muted">
          No coupons yet. <Link to="/instructor/revenue">Create one on the revenue page</Link>
          {course.price_cents === 0 ? ' once the course has a price.' : '.'}
        </p>
      ) : (
        <div className="editor-table-wrap" role="region" aria-label="Coupons table" tabIndex={0}>
          <table className="editor-table">
            <caption className="sr-only">Coupons of {course.title}</caption>
            <thead>
              <tr>
                <th scope="col">Code</th>
                <th scope="col">Discount</th>
                <th scope="col">Redeemed</th>
                <th scope="col">Expires</th>
                <th scope="col">State</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {coupons.data.map((c) => {
                const st = state(c);
                return (
                  <tr key={c.id} data-testid="coupon-row" data-code={c.code} data-state={st.label.toLowerCase()}>
                    <td>
                      <code>{c.code}</code>
                    </td>
                    <td>{discount(c, course.currency)}</td>
                    <td data-testid="coupon-redemptions">
                      {c.redemptions}
                      {c.max_redemptions != null ? ` of ${c.max_redemptions}` : ''}
                    </td>
                    <td>{c.expires_at ? new Date(c.expires_at).toLocaleDateString() : 'Never'}</td>
                    <td data-testid="coupon-state">{st.label}</td>
                    <td>
                      {!c.disabled_at && (
                        <Button variant="secondary" className="btn-small" onClick={() => setAsking(c)} data-testid="disable-coupon">
                          Disable <span className="sr-only">{c.code}</span>
                        </Button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {asking && (
        <ConfirmDialog
          title={`Disable coupon ${asking.code}?`}
          confirmLabel="Disable coupon"
          danger
          pending={disable.isPending}
          error={disable.error}
          onConfirm={() => disable.mutate(asking.id, { onSuccess: () => setAsking(null) })}
          onCancel={() => {
            disable.reset();
            setAsking(null);
          }}
        >
          <p>Checkout will refuse this code from now on. Orders that already used it keep their discount. This can’t be undone.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
