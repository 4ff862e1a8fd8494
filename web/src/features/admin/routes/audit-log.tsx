import { useSearchParams } from 'react-router';

import { Button } from '@/components/Button';
import { EmptyState } from '@/components/EmptyState';
import { ErrorMessage } from '@/components/ErrorMessage';
import { SelectField } from '@/components/Field';
import { PageSpinner } from '@/components/Spinner';

import { useAuditLog } from '../api/audit-log';
import { AuditTable } from '../components/AuditTable';

/** What admins do, as the filter lists it. */
const ACTIONS = [
  { value: 'user.roles', label: 'Role changes' },
  { value: 'user.disable', label: 'Users disabled' },
  { value: 'user.enable', label: 'Users enabled' },
  { value: 'order.refund', label: 'Refunds' },
  { value: 'review.hide', label: 'Reviews hidden' },
  { value: 'review.restore', label: 'Reviews restored' },
  { value: 'review.delete', label: 'Reviews deleted' },
  { value: 'course.feature', label: 'Courses featured' },
  { value: 'course.unfeature', label: 'Courses unfeatured' },
  { value: 'course.delete', label: 'Courses deleted' },
  { value: 'coupon.disable', label: 'Coupons disabled' },
  { value: 'payout.record', label: 'Payouts recorded' },
  { value: 'plan.set', label: 'Plan prices' },
  { value: 'category.create', label: 'Categories created' },
  { value: 'category.update', label: 'Categories changed' },
  { value: 'category.delete', label: 'Categories deleted' },
  { value: 'videos.clean_orphans', label: 'Orphan videos cleaned' },
];

/** /admin/audit-log?action=&actor=: who did what, newest first. */
export default function AdminAuditLogRoute() {
  const [params, setParams] = useSearchParams();
  const action = params.get('action') ?? '';
  const actor = params.get('actor') ?? '';
  const log = useAuditLog({ action, actor });
  const items = log.data?.pages.flatMap((p) => p.items) ?? [];
  const setFilter = (key: 'action' | 'actor', value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const actorName = items.find((e) => e.actor.id === actor)?.actor.name;

  let content;
  if (log.isPending) {
    content = <PageSpinner label="Loading the audit log…" />;
  } else if (log.isError && !log.data) {
    content = (
      <ErrorMessage
        title="We couldn’t load the audit log."
        error={log.error}
        action={
          <Button variant="secondary" onClick={() => void log.refetch()}>
            Try again
          </Button>
        }
      />
    );
  } else if (items.length === 0) {
    content = (
      <EmptyState
        title={action || actor ? 'No entries match' : 'Nothing logged yet'}
        action={
          (action || actor) && (
            <Button variant="secondary" onClick={() => setParams({}, { replace: true })}>
              Show every entry
            </Button>
          )
        }
      >
        <p>Every admin action (roles, moderation, refunds, featuring) is recorded here as it happens.</p>
      </EmptyState>
    );
  } else {
    content = (
      <>
        <AuditTable entries={items} filterLinks />
        <div className="list-footer">
          {log.isFetchNextPageError && <ErrorMessage error={log.error} />}
          {log.hasNextPage ? (
            <Button variant="secondary" loading={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
              Load older entries
            </Button>
          ) : (
            <p className="muted">That’s the beginning of the log.</p>
          )}
        </div>
      </>
    );
  }

  return (
    <>
      <title>Audit log · Admin · Lectern</title>
      <div className="page-head">
        <h1>Audit log</h1>
        <Button variant="secondary" className="btn-small" loading={log.isRefetching && !log.isFetchingNextPage} onClick={() => void log.refetch()}>
          Refresh
        </Button>
      </div>
      <p className="lead">Every administrator action, newest first.</p>
      <div className="admin-filters">
        <SelectField label="Action" name="action" value={action} onChange={(e) => setFilter('action', e.target.value)}>
          <option value="">Any action</option>
          {ACTIONS.map((a) => (
            <option key={a.value} value={a.value}>
              {a.label}
            </option>
          ))}
        </SelectField>
        {actor && (
          <p className="filter-chip" data-testid="actor-filter">
            By {actorName || `user ${actor}`}{' '}
            <Button variant="link" onClick={() => setFilter('actor', '')}>
              Show everyone’s
            </Button>
          </p>
        )}
      </div>
      {content}
    </>
  );
}
