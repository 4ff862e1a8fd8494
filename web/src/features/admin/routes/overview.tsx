import type { ReactNode } from 'react';
import { Link } from 'react-router';

import { Button } from '@/components/Button';
import { ErrorMessage } from '@/components/ErrorMessage';
import { PageSpinner } from '@/components/Spinner';
import { formatPrice } from '@/lib/format';

import { useAdminOverview } from '../api/overview';
import type { AdminOverview, SalesFigure } from '../types';
import { formatDateTime, formatSize, jobRows } from '../utils/status';

function Health({ ok, label }: { ok: boolean; label?: string }) {
  return <span className={ok ? 'badge badge-ok' : 'badge badge-danger'}>{label ?? (ok ? 'OK' : 'Problem')}</span>;
}

/** One figure of a card: its label, its value, and where to act on it. */
function Figure({ label, value, to, testId, trouble }: { label: string; value: ReactNode; to?: string; testId?: string; trouble?: boolean }) {
  return (
    <div className="status-row" data-testid={testId}>
      <dt>{to ? <Link to={to}>{label}</Link> : label}</dt>
      <dd className={trouble ? 'trouble' : undefined}>{value}</dd>
    </div>
  );
}

function Sales({ title, id, list, testId }: { title: string; id: string; list: SalesFigure[]; testId: string }) {
  return (
    <section className="card status-card" aria-labelledby={id} data-testid={testId}>
      <h2 id={id}>{title}</h2>
      {list.length === 0 ? (
        <p className="status-value" data-testid={`${testId}-empty`}>
          No sales
        </p>
      ) : (
        <dl className="status-list">
          {list.map((s) => (
            <Figure
              key={s.currency}
              label={`${s.orders.toLocaleString()} ${s.orders === 1 ? 'order' : 'orders'}`}
              value={<span data-testid={`${testId}-${s.currency}`}>{formatPrice(s.total_cents, s.currency)}</span>}
            />
          ))}
        </dl>
      )}
      <p className="card-link">
        <Link to="/admin/orders?status=paid">Paid orders</Link>
      </p>
    </section>
  );
}

function Cards({ o }: { o: AdminOverview }) {
  const jobs = jobRows(o.jobs);
  const count = (state: string) => jobs.find((j) => j.state === state)?.count ?? 0;
  const failed = count('retryable') + count('discarded');
  const lowDisk = o.disk.some((d) => d.low);
  const moderation = o.pending_moderation + o.reported_reviews + o.flagged_posts + o.reported_posts;
  return (
    <>
      {o.warnings.length > 0 && (
        <div className="alert alert-warn status-alert" role="alert" data-testid="overview-warnings">
          <p className="alert-title">Needs attention</p>
          {o.warnings.map((w) => (
            <p key={w}>{w}</p>
          ))}
        </div>
      )}
      <div className="status-grid">
        <Sales title="Sales today" id="ov-today" list={o.sales_today} testId="overview-sales-today" />
        <Sales title="Sales, last 30 days" id="ov-30d" list={o.sales_30d} testId="overview-sales-30d" />
        <section className="card status-card" aria-labelledby="ov-users" data-testid="overview-users">
          <h2 id="ov-users">New users</h2>
          <dl className="status-list">
            <Figure label="Today" value={o.new_users_today.toLocaleString()} testId="overview-new-users-today" />
            <Figure label="Last 30 days" value={o.new_users_30d.toLocaleString()} testId="overview-new-users-30d" />
            <Figure label="All users" value={o.users.toLocaleString()} testId="overview-users-total" />
          </dl>
          <p className="card-link">
            <Link to="/admin/users">Users</Link>
          </p>
        </section>
        <section className="card status-card" aria-labelledby="ov-mod" data-testid="overview-moderation">
          <h2 id="ov-mod">
            Pending moderation <Health ok={moderation === 0} label={moderation === 0 ? 'Clear' : `${moderation} to check`} />
          </h2>
          <dl className="status-list">
            <Figure label="Flagged reviews" to="/admin/reviews?status=flagged" value={o.pending_moderation} trouble={o.pending_moderation > 0} testId="overview-flagged-reviews" />
            <Figure label="Reported reviews still shown" to="/admin/reviews?status=visible" value={o.reported_reviews} testId="overview-reported-reviews" />
            <Figure label="Flagged Q&A posts" to="/admin/questions?status=flagged" value={o.flagged_posts} trouble={o.flagged_posts > 0} testId="overview-flagged-posts" />
            <Figure label="Reported Q&A posts still shown" to="/admin/questions?status=visible" value={o.reported_posts} testId="overview-reported-posts" />
          </dl>
        </section>
        <section className="card status-card" aria-labelledby="ov-jobs" data-testid="overview-jobs">
          <h2 id="ov-jobs">
            Job queue <Health ok={failed === 0} />
          </h2>
          <dl className="status-list">
            <Figure label="Waiting" value={(count('available') + count('scheduled')).toLocaleString()} />
            <Figure label="Running" value={count('running').toLocaleString()} />
            <Figure label="Failed" value={failed.toLocaleString()} trouble={failed > 0} testId="overview-jobs-failed" />
          </dl>
          <p className="card-link">
            <Link to="/admin/status">Status page</Link>
          </p>
        </section>
        <section className="card status-card" aria-labelledby="ov-disk" data-testid="overview-disk">
          <h2 id="ov-disk">
            Disk <Health ok={!lowDisk} label={lowDisk ? 'Low' : 'OK'} />
          </h2>
          <dl className="status-list">
            {o.disk.map((d) => (
              <Figure key={d.name} label={d.name} value={`${formatSize(d.free_bytes)} free`} trouble={d.low} />
            ))}
            <Figure label="Orphan videos" to="/admin/status" value={o.orphan_videos} testId="overview-orphans" />
          </dl>
          <p className="card-link">
            <Link to="/admin/status">Status page</Link>
          </p>
        </section>
        <section className="card status-card" aria-labelledby="ov-courses" data-testid="overview-courses">
          <h2 id="ov-courses">Courses</h2>
          <dl className="status-list">
            <Figure label="Published" to="/admin/courses?status=published" value={o.published_courses.toLocaleString()} />
            <Figure label="Drafts" to="/admin/courses?status=draft" value={o.draft_courses.toLocaleString()} />
          </dl>
        </section>
      </div>
      <p className="muted">
        “Today” is since {formatDateTime(o.today)}; the 30 days since {formatDateTime(o.since_30d)}. Sales count orders paid in the period,
        refunded or not. Refreshes every 30 seconds.
      </p>
    </>
  );
}

/** /admin: the console's first page — sales, sign-ups, what waits for moderation, and whether the machinery is healthy. */
export default function AdminOverviewRoute() {
  const overview = useAdminOverview();
  return (
    <>
      <title>Overview · Admin · Lectern</title>
      <div className="page-head">
        <h1>Overview</h1>
        <Button variant="secondary" className="btn-small" loading={overview.isFetching && !overview.isPending} onClick={() => void overview.refetch()}>
          Refresh
        </Button>
      </div>
      {overview.isPending ? (
        <PageSpinner label="Loading the figures…" />
      ) : overview.isError && !overview.data ? (
        <ErrorMessage
          title="We couldn’t load the figures."
          error={overview.error}
          action={
            <Button variant="secondary" onClick={() => void overview.refetch()}>
              Try again
            </Button>
          }
        />
      ) : (
        <Cards o={overview.data} />
      )}
    </>
  );
}
