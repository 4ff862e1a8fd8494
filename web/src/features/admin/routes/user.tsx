import { Link, useParams } from 'react-router';

import { ErrorMessage } from '@/components/ErrorMessage';
import { PageSpinner } from '@/components/Spinner';
import { useUser } from '@/lib/auth';
import { formatPrice } from '@/lib/format';

import { useAdminUser } from '../api/user';
import { AuditTable } from '../components/AuditTable';
import { SubscriptionPayments } from '../components/SubscriptionPayments';
import { UsersTable } from '../components/UsersTable';
import { formatDateTime } from '../utils/status';

/** /admin/users/:id: one user — roles and status (changed after a confirmation), orders, enrollments, courses taught, audit entries. */
export default function AdminUserRoute() {
  const { id = '' } = useParams();
  const detail = useAdminUser(id);
  const { user: me } = useUser();

  if (detail.isPending) return <PageSpinner label="Loading the user…" />;
  if (detail.isError) {
    return (
      <ErrorMessage
        title="We couldn’t load this user."
        error={detail.error}
        action={
          <Link to="/admin/users" className="btn btn-secondary">
            Back to the users
          </Link>
        }
      />
    );
  }
  const d = detail.data;
  const u = d.user;
  return (
    <>
      <title>{`${u.name || u.email} · Admin · Lectern`}</title>
      <p className="breadcrumbs">
        <Link to="/admin/users">Users</Link> / {u.name || u.email}
      </p>
      <h1>
        {u.name || '(no name)'} {u.disabled && <span className="badge badge-danger">Disabled</span>}
      </h1>
      <dl className="detail-list" data-testid="user-summary">
        <dt>Email</dt>
        <dd>
          {u.email}
          {!u.email_verified && <span className="muted"> · unverified</span>}
        </dd>
        <dt>Joined</dt>
        <dd>{formatDateTime(u.created_at)}</dd>
        <dt>Sign-in</dt>
        <dd>
          {u.has_password === false ? 'Through a sign-in provider' : 'Password'}
          {u.two_factor ? ' and an authenticator app' : ''}
        </dd>
      </dl>
      <h2>Roles and status</h2>
      <UsersTable users={[u]} selfId={me?.id} />

      <h2>Orders</h2>
      {d.orders.length === 0 ? (
        <p className="muted">No orders.</p>
      ) : (
        <div className="admin-table-wrap">
          <table className="admin-table admin-table-fixed" data-testid="user-orders">
            <colgroup>
              <col className="w-order" />
              <col />
              <col className="w-date" />
              <col className="w-money" />
              <col className="w-status" />
            </colgroup>
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Courses</th>
                <th scope="col">Placed</th>
                <th scope="col" className="num">
                  Total
                </th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {d.orders.map((o) => (
                <tr key={o.id}>
                  <th scope="row" className="nowrap">
                    <Link to={`/admin/orders/${o.id}`}>#{o.id}</Link>
                  </th>
                  <td className="cell-clip">
                    {o.items.map((it) => (
                      <span key={it.course_id} className="clip" title={it.course_title}>
                        {it.course_title}
                      </span>
                    ))}
                  </td>
                  <td className="nowrap">{formatDateTime(o.created_at)}</td>
                  <td className="num">{formatPrice(o.total_cents, o.currency)}</td>
                  <td className="nowrap">{o.status.replace('_', ' ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <SubscriptionPayments userId={u.id} />

      <h2>Enrolled in</h2>
      {d.enrollments.length === 0 ? (
        <p className="muted">No courses.</p>
      ) : (
        <ul className="plain-list" data-testid="user-enrollments">
          {d.enrollments.map((e) => (
            <li key={e.course.id}>
              <Link to={`/courses/${e.course.slug || e.course.id}`}>{e.course.title}</Link>{' '}
              <span className="muted">
                · {e.source} · {formatDateTime(e.created_at)}
              </span>
            </li>
          ))}
        </ul>
      )}

      {(d.teaches.length > 0 || u.roles.includes('instructor')) && (
        <>
          <h2>Teaches</h2>
          {d.teaches.length === 0 ? (
            <p className="muted">No courses yet.</p>
          ) : (
            <ul className="plain-list" data-testid="user-teaches">
              {d.teaches.map((c) => (
                <li key={c.id}>
                  <Link to={`/courses/${c.slug || c.id}`}>{c.title}</Link> <span className="muted">· {c.status}</span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}

      <h2>Recent audit entries</h2>
      {d.audit.length === 0 ? (
        <p className="muted">Nothing by or about this user.</p>
      ) : (
        <>
          <AuditTable entries={d.audit} />
          <p>
            <Link to={`/admin/audit-log?actor=${u.id}`}>Everything {u.name || 'they'} did as an admin</Link>
          </p>
        </>
      )}
    </>
  );
}
