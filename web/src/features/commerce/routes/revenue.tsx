import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';

import { Button } from '@/components/Button';
import { EmptyState } from '@/components/EmptyState';
import { ErrorMessage } from '@/components/ErrorMessage';
import { Field } from '@/components/Field';
import { PageSpinner, Spinner } from '@/components/Spinner';
import { hasRole, RequireAuth, useUser } from '@/lib/auth';
import { formErrors } from '@/lib/form-errors';

import { useInstructorCourses } from '../api/coupons';
import { useRevenue } from '../api/revenue';
import { CouponForm } from '../components/CouponForm';
import { PayoutsPanel } from '../components/PayoutsPanel';
import { RevenueChart } from '../components/RevenueChart';
import type { Revenue, RevenueFigures, SubscriptionShare } from '../types';
import { dailySeries, daysBetween, presetRange } from '../utils/chart';
import { formatAmount } from '../utils/money';

import '../components/commerce.css';

const PRESETS = [7, 30, 90] as const;
const MAX_DAYS = 400;

function RevenuePage() {
  // The range lives in the URL, so a report can be bookmarked and shared.
  const [params, setParams] = useSearchParams();
  const fallback = presetRange(30, new Date());
  const from = params.get('from') || fallback.from;
  const to = params.get('to') || fallback.to;
  const revenue = useRevenue(from, to);
  const [rangeError, setRangeError] = useState('');

  const setRange = (r: { from: string; to: string }) => {
    setRangeError('');
    setParams(r, { replace: true });
  };
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const f = String(data.get('from'));
    const t = String(data.get('to'));
    const n = daysBetween(f, t, MAX_DAYS + 1).length;
    if (n === 0) setRangeError('Choose a start date on or before the end date.');
    else if (n > MAX_DAYS) setRangeError(`Choose at most ${MAX_DAYS} days.`);
    else setRange({ from: f, to: t });
  };
  const activePreset = PRESETS.find((d) => {
    const r = presetRange(d, new Date());
    return r.from === from && r.to === to;
  });
  const serverErrors = formErrors(revenue.error, ['from', 'to']);

  return (
    <div className="revenue-page">
      <title>Revenue · Lectern</title>
      <p className="breadcrumb">
        <Link to="/instructor">Your courses</Link> / Revenue
      </p>
      <h1>Revenue</h1>

      <form className="revenue-range" onSubmit={submit} key={`${from}:${to}`} aria-label="Date range" data-testid="revenue-range">
        <div className="preset-buttons" role="group" aria-label="Quick ranges">
          {PRESETS.map((d) => (
            <Button
              key={d}
              variant="secondary"
              className={activePreset === d ? 'btn-small preset-active' : 'btn-small'}
              aria-pressed={activePreset === d}
              onClick={() => setRange(presetRange(d, new Date()))}
            >
              Last {d} days
            </Button>
          ))}
        </div>
        <div className="range-inputs">
          <Field label="From" name="from" type="date" defaultValue={from} max={to} required error={serverErrors.field('from')} />
          <Field label="To" name="to" type="date" defaultValue={to} required error={serverErrors.field('to')} />
          <Button type="submit" variant="secondary">
            Show
          </Button>
        </div>
        {rangeError && (
          <p className="field-error" role="alert">
            {rangeError}
          </p>
        )}
        <p className="field-hint">Days are UTC days. Earnings are your share after the platform fee, net of refunds.</p>
      </form>

      {revenue.isPending ? (
        <PageSpinner label="Loading your sales…" />
      ) : revenue.isError ? (
        <ErrorMessage
          title="We couldn’t load your revenue."
          error={revenue.error}
          action={
            <Button variant="secondary" onClick={() => void revenue.refetch()}>
              Try again
            </Button>
          }
        />
      ) : (
        <Report data={revenue.data} from={from} to={to} updating={revenue.isFetching && revenue.isPlaceholderData} />
      )}
      {revenue.data && <SubscriptionShares items={revenue.data.subscription ?? []} />}
      <PayoutsPanel />

      <section aria-labelledby="coupons-heading" className="card stack coupons">
        <h2 id="coupons-heading">Coupons</h2>
        <p className="muted">Make a discount code for one of your courses. Students enter it in their cart at checkout.</p>
        <Coupons />
      </section>
    </div>
  );
}

function Report({ data, from, to, updating }: { data: Revenue; from: string; to: string; updating: boolean }) {
  const totals = [...data.totals].sort((a, b) => b.gross_cents - a.gross_cents);
  const [picked, setPicked] = useState<string | null>(null);
  const currency = totals.find((t) => t.currency === picked)?.currency ?? totals[0]?.currency;
  const noSales = totals.every((t) => t.sales === 0 && t.refunded_cents === 0);

  if (noSales) {
    return (
      <EmptyState
        title="No sales in these dates"
        action={
          <Link to="/instructor" className="btn btn-secondary">
            Go to your courses
          </Link>
        }
      >
        <p>Try a longer range above. To get sales: publish a paid course, share its page, and make a coupon below for a launch discount.</p>
      </EmptyState>
    );
  }

  const points = currency ? dailySeries(from, to, data.by_day, currency) : [];
  const withSales = points.filter((p) => p.sales > 0 || p.earnings_cents !== 0);
  return (
    <div className="stack" aria-busy={updating || undefined}>
      {updating && <Spinner size="small" label="Updating…" />}
      <ul className="revenue-totals" aria-label="Totals" data-testid="revenue-totals">
        {totals.map((t) => (
          <TotalCard key={t.currency} t={t} />
        ))}
      </ul>

      <section className="card" aria-labelledby="per-day-heading">
        <div className="section-head">
          <h2 id="per-day-heading">Per day</h2>
          {totals.length > 1 && (
            <label className="inline-select">
              Currency{' '}
              <select value={currency} onChange={(e) => setPicked(e.target.value)}>
                {totals.map((t) => (
                  <option key={t.currency}>{t.currency}</option>
                ))}
              </select>
            </label>
          )}
        </div>
        {currency && <RevenueChart points={points} currency={currency} />}
        <details className="chart-table">
          <summary>Show the days with sales as a table</summary>
          <div className="table-wrap" role="region" aria-label="Sales per day table" tabIndex={0}>
            <table className="data-table">
              <caption className="sr-only">Sales and earnings per day in {currency}</caption>
              <thead>
                <tr>
                  <th scope="col">Day</th>
                  <th scope="col" className="num">Sales</th>
                  <th scope="col" className="num">Earnings</th>
                </tr>
              </thead>
              <tbody>
                {withSales.map((p) => (
                  <tr key={p.date}>
                    <th scope="row">{p.date}</th>
                    <td className="num">{p.sales}</td>
                    <td className="num">{formatAmount(p.earnings_cents, currency!)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      </section>

      <section className="card" aria-labelledby="per-course-heading">
        <h2 id="per-course-heading">Per course</h2>
        <div className="table-wrap" role="region" aria-label="Per course table" tabIndex={0}>
          <table className="data-table" data-testid="revenue-courses">
            <thead>
              <tr>
                <th scope="col">Course</th>
                <th scope="col" className="num">Sales</th>
                <th scope="col" className="num">Gross</th>
                <th scope="col" className="num">
                  Refunded <span className="muted">(your share)</span>
                </th>
                <th scope="col" className="num">Earnings</th>
              </tr>
            </thead>
            <tbody>
              {[...data.by_course]
                .sort((a, b) => b.earnings_cents - a.earnings_cents)
                .map((c) => (
                  <tr key={`${c.course_id}-${c.currency}`}>
                    <th scope="row">
                      <Link to={`/instructor/courses/${encodeURIComponent(c.course_id)}/edit`}>{c.title}</Link>
                    </th>
                    <td className="num">{c.sales}</td>
                    <td className="num">{formatAmount(c.gross_cents, c.currency)}</td>
                    <td className="num">{c.refunded_cents ? formatAmount(c.refunded_cents, c.currency) : '—'}</td>
                    <td className="num">
                      <strong>{formatAmount(c.earnings_cents, c.currency)}</strong>
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}

/** Each month the subscription's revenue, after the platform's share, is split by the minutes subscribers watched. */
function SubscriptionShares({ items }: { items: SubscriptionShare[] }) {
  if (items.every((i) => !i.closed && i.seconds_watched === 0)) return null;
  return (
    <section className="card" aria-labelledby="subscription-heading">
      <h2 id="subscription-heading">Subscription</h2>
      <p className="muted">Each month the subscription’s revenue, after the platform’s share, is split among instructors by the minutes subscribers watched of their courses.</p>
      <div className="table-wrap" role="region" aria-label="Subscription table" tabIndex={0}>
        <table className="data-table" data-testid="subscription-shares">
          <thead>
            <tr>
              <th scope="col">Month</th>
              <th scope="col" className="num">Minutes watched</th>
              <th scope="col" className="num">Your share</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={`${i.month}-${i.currency}`} data-testid="subscription-share" data-month={i.month} data-closed={i.closed}>
                <th scope="row">{i.month}</th>
                <td className="num">{i.minutes_watched}</td>
                <td className="num">{i.closed ? <strong data-testid="share-amount">{formatAmount(i.amount_cents, i.currency)}</strong> : <span className="muted">month still running</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function TotalCard({ t }: { t: RevenueFigures }) {
  const money = (cents: number) => formatAmount(cents, t.currency);
  return (
    <li className="card revenue-total" data-currency={t.currency}>
      <p className="revenue-total-label">Earnings ({t.currency})</p>
      <p className="revenue-total-value">{money(t.earnings_cents)}</p>
      <p className="muted">
        {t.sales} {t.sales === 1 ? 'sale' : 'sales'} · {money(t.gross_cents)} gross
        {t.refunded_cents > 0 && ` · ${money(t.refunded_cents)} of your share refunded`}
      </p>
    </li>
  );
}

function Coupons() {
  const courses = useInstructorCourses();
  if (courses.isPending) return <Spinner label="Loading your courses…" />;
  if (courses.isError) return <ErrorMessage error={courses.error} action={<Button variant="secondary" onClick={() => void courses.refetch()}>Try again</Button>} />;
  return <CouponForm courses={courses.data} />;
}

export default function RevenueRoute() {
  const { user } = useUser();
  return (
    <RequireAuth pending={<PageSpinner />}>
      {hasRole(user, 'instructor') || hasRole(user, 'admin') ? (
        <RevenuePage />
      ) : (
        <EmptyState
          level={1}
          title="Revenue is for instructors"
          action={
            <Link to="/instructor" className="btn btn-primary">
              Become an instructor
            </Link>
          }
        >
          <p>Once you teach a paid course, its sales and your earnings show up here.</p>
        </EmptyState>
      )}
    </RequireAuth>
  );
}
