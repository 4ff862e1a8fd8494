import { Link } from 'react-router';

import { Button } from '@/components/Button';
import { EmptyState } from '@/components/EmptyState';
import { ErrorMessage } from '@/components/ErrorMessage';
import { PageSpinner } from '@/components/Spinner';

import { useAuditLog } from '../api/audit-log';
import { formatDateTime, subjectLink } from '../utils/status';

/** /admin/audit-log: who did what, newest first. */
export default function AdminAuditLogRoute() {
  const log = useAuditLog();
  const items = log.data?.pages.flatMap((p) => p.items) ?? [];

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
      <EmptyState title="Nothing logged yet">
        <p>Every admin action (roles, moderation, refunds, featuring) is recorded here as it happens.</p>
      </EmptyState>
    );
  } else {
    content = (
      <>
        <div className="admin-table-wrap" role="region" aria-label="Audit log" tabIndex={0}>
          <table className="admin-table" data-testid="audit-log">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Subject</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => {
                const href = subjectLink(e.subject);
                return (
                  <tr key={e.id}>
                    <td className="nowrap">
                      <time dateTime={e.at}>{formatDateTime(e.at)}</time>
                    </td>
                    <td className="nowrap">{e.actor.name || `user #${e.actor.id}`}</td>
                    <td className="nowrap">
                      <code>{e.action}</code>
                    </td>
                    <td className="nowrap">{href ? <Link to={href}>{e.subject}</Link> : e.subject}</td>
                    <td className="detail">{e.detail || <span className="muted">—</span>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
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
      {content}
    </>
  );
}
