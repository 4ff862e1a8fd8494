import { useId, useState, type FormEvent } from 'react';

import { Button } from '@/components/Button';
import { ErrorMessage, SuccessMessage } from '@/components/ErrorMessage';
import { Field, SelectField } from '@/components/Field';
import { formErrors } from '@/lib/form-errors';
import { formatPrice, parsePrice, priceInputValue } from '@/lib/format';
import type { CourseDetail } from '@/types/api';

import { useUpdateCourse } from '../api/update-course';

/** The currencies the server accepts (internal/catalog: Currencies). */
const CURRENCIES = ['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'NZD', 'CHF', 'SEK', 'NOK', 'DKK', 'PLN', 'INR', 'BRL', 'MXN', 'SGD', 'HKD', 'JPY', 'ZAR'];

export function PricingForm({ course }: { course: CourseDetail }) {
  const update = useUpdateCourse(course.id);
  const [paid, setPaid] = useState(course.price_cents > 0);
  const [currency, setCurrency] = useState(course.currency || 'USD');
  const [priceError, setPriceError] = useState('');
  const errors = formErrors(update.error, ['price_cents', 'currency']);
  const id = useId();

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!paid) {
      update.mutate({ price_cents: 0 });
      return;
    }
    const cents = parsePrice(String(new FormData(e.currentTarget).get('price')), currency);
    if (cents === null || cents === 0) {
      setPriceError(cents === 0 ? 'A paid course needs a price above zero; choose Free instead.' : 'Enter the price as a number, such as 19.99.');
      return;
    }
    setPriceError('');
    update.mutate({ price_cents: cents, currency });
  };

  return (
    <form className="form" onSubmit={submit} onChange={() => update.isSuccess && update.reset()}>
      {errors.summary && (
        <ErrorMessage>
          <p>{errors.summary}</p>
        </ErrorMessage>
      )}
      <fieldset className="radio-group">
        <legend>Price</legend>
        <label className="check">
          <input type="radio" name="pricing" value="free" checked={!paid} onChange={() => setPaid(false)} />
          Free — anyone with an account can enroll
        </label>
        <label className="check">
          <input type="radio" name="pricing" value="paid" checked={paid} onChange={() => setPaid(true)} />
          Paid
        </label>
      </fieldset>
      {paid && (
        <div className="form-grid" id={`${id}-paid`}>
          <Field
            label="Price"
            name="price"
            inputMode="decimal"
            autoComplete="off"
            defaultValue={course.price_cents > 0 ? priceInputValue(course.price_cents, course.currency) : ''}
            placeholder={currency === 'JPY' ? '1200' : '19.99'}
            error={priceError || errors.field('price_cents')}
          />
          <SelectField label="Currency" name="currency" value={currency} onChange={(e) => setCurrency(e.target.value)} error={errors.field('currency')}>
            {CURRENCIES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </SelectField>
        </div>
      )}
      <div className="form-actions">
        <Button type="submit" loading={update.isPending} data-testid="save-pricing">
          Save price
        </Button>
        {update.isSuccess && <SuccessMessage>Price saved: {formatPrice(course.price_cents, course.currency)}.</SuccessMessage>}
      </div>
    </form>
  );
}
