import { useState, type FormEvent } from 'react';

import { Button } from '@/components/Button';
import { ErrorMessage } from '@/components/ErrorMessage';
import { Field, SelectField } from '@/components/Field';
import { formErrors } from '@/lib/form-errors';
import { formatPrice, parsePrice } from '@/lib/format';
import type { Course } from '@/types/api';

import { useCreateCoupon } from '../api/coupons';
import type { Coupon, CouponInput } from '../types';
import { formatAmount } from '../utils/money';

const fields = ['code', 'percent_off', 'amount_off_cents', 'max_redemptions', 'expires_at', 'currency'] as const;

/** Creates a coupon for one of the instructor's paid courses, and shows it once created. */
export function CouponForm({ courses }: { courses: Course[] }) {
  const paid = courses.filter((c) => c.price_cents > 0);
  const [courseId, setCourseId] = useState(paid[0]?.id ?? '');
  const [kind, setKind] = useState<'percent' | 'amount'>('percent');
  const [localError, setLocalError] = useState<Partial<Record<(typeof fields)[number], string>>>({});
  const [created, setCreated] = useState<{ coupon: Coupon; course: Course } | null>(null);
  const create = useCreateCoupon();
  const course = paid.find((c) => c.id === courseId);
  // A field the form does not show now (the other kind of discount) has its error in the summary.
  const shown = fields.filter((f) => (kind === 'percent' ? f !== 'amount_off_cents' && f !== 'currency' : f !== 'percent_off'));
  const errors = formErrors(create.error, shown);
  const err = (f: (typeof fields)[number]) => localError[f] ?? errors.field(f);

  if (paid.length === 0) {
    return <p className="muted">Coupons are for paid courses. Set a price on a course in its editor to offer discounts on it.</p>;
  }

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!course) return;
    const data = new FormData(e.currentTarget);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const input: CouponInput = { code: text('code').toUpperCase() };
    // Every field is checked before anything is sent, so all that is wrong shows at once.
    const bad: typeof localError = {};
    if (!/^[A-Z0-9][A-Z0-9_-]{2,31}$/.test(input.code)) bad.code = 'must be 3 to 32 letters, digits, - or _ (starting with a letter or digit)';
    if (kind === 'percent') {
      const n = Number(text('percent_off'));
      if (!Number.isInteger(n) || n < 1 || n > 100) bad.percent_off = 'must be a whole number from 1 to 100';
      else input.percent_off = n;
    } else {
      const cents = parsePrice(text('amount_off'), course.currency);
      if (cents === null || cents <= 0) bad.amount_off_cents = `must be an amount in ${course.currency}, such as 5.00`;
      else {
        input.amount_off_cents = cents;
        input.currency = course.currency;
      }
    }
    if (text('max_redemptions')) {
      const n = Number(text('max_redemptions'));
      if (!Number.isInteger(n) || n < 1) bad.max_redemptions = 'must be a whole number, 1 or more';
      else input.max_redemptions = n;
    }
    if (text('expires_at')) {
      // The end of the chosen day, in the instructor's time zone.
      const at = new Date(`${text('expires_at')}T23:59:59`);
      if (Number.isNaN(at.getTime())) bad.expires_at = 'must be a date';
      else if (at.getTime() <= Date.now()) bad.expires_at = 'must be today or later';
      else input.expires_at = at.toISOString();
    }
    setLocalError(bad);
    if (Object.keys(bad).length) {
      create.reset(); // the last answer's errors are not about this attempt
      return;
    }
    create.mutate(
      { courseId: course.id, input },
      {
        onSuccess: (coupon) => {
          setCreated({ coupon, course });
        },
      },
    );
  };

  return (
    <div className="stack">
      <form className="form coupon-form" onSubmit={submit} data-testid="coupon-form" noValidate>
        <SelectField label="Course" name="course" value={courseId} onChange={(e) => setCourseId(e.target.value)}>
          {paid.map((c) => (
            <option key={c.id} value={c.id}>
              {c.title} ({formatPrice(c.price_cents, c.currency)})
            </option>
          ))}
        </SelectField>
        <Field
          label="Code"
          name="code"
          required
          autoComplete="off"
          spellCheck={false}
          maxLength={32}
          hint="3 to 32 letters, digits, - or _, e.g. LAUNCH20. Students type it in their cart."
          error={err('code')}
        />
        <fieldset className="coupon-kind">
          <legend>Discount</legend>
          <label>
            <input type="radio" name="kind" value="percent" checked={kind === 'percent'} onChange={() => setKind('percent')} /> Percent off
          </label>
          <label>
            <input type="radio" name="kind" value="amount" checked={kind === 'amount'} onChange={() => setKind('amount')} /> Amount off
          </label>
        </fieldset>
        {kind === 'percent' ? (
          <Field label="Percent off" name="percent_off" type="number" min={1} max={100} step={1} inputMode="numeric" required error={err('percent_off')} />
        ) : (
          <Field label={`Amount off (${course?.currency ?? ''})`} name="amount_off" inputMode="decimal" required error={err('amount_off_cents') ?? err('currency')} />
        )}
        <div className="coupon-limits">
          <Field label="Uses (optional)" name="max_redemptions" type="number" min={1} step={1} inputMode="numeric" hint="Empty: no limit." error={err('max_redemptions')} />
          <Field label="Expires after (optional)" name="expires_at" type="date" hint="Empty: never." error={err('expires_at')} />
        </div>
        {errors.summary && <ErrorMessage>{<p>{errors.summary}</p>}</ErrorMessage>}
        <div className="form-actions">
          <Button type="submit" loading={create.isPending} data-testid="create-coupon">
            Create coupon
          </Button>
        </div>
      </form>
      {created && (
        <div className="alert alert-success" role="status" data-testid="created-coupon">
          <p className="alert-title">
            Coupon <code>{created.coupon.code}</code> created for {created.course.title}
          </p>
          <p>
            {created.coupon.percent_off != null
              ? `${created.coupon.percent_off}% off`
              : `${formatAmount(created.coupon.amount_off_cents ?? 0, created.coupon.currency || created.course.currency)} off`}
            {created.coupon.max_redemptions != null ? `, ${created.coupon.max_redemptions} uses` : ', unlimited uses'}
            {created.coupon.expires_at ? `, until ${new Date(created.coupon.expires_at).toLocaleString()}` : ', no expiry'}.
            Share the code: students enter it in their cart.
          </p>
        </div>
      )}
    </div>
  );
}
