import { Link } from 'react-router';

import type { AuditEntry } from '../types';
import { formatDateTime, parseSubject, subjectLink } from '../utils/status';

/** Audit entries with who did each (a link to them) and what it is about (a link to it, by name). */
export function AuditTable({ entries, filterLinks = false }: { entries: AuditEntry[]; filterLinks?: boolean }) {
  return (
    <div className="admin-table-wrap" role="region" aria-label="Audit log" tabIndex={0}>
      <table className="admin-table admin-table-fixed" data-testid="audit-log">
        <colgroup>
          <col className="w-date" />
          <col className="w-buyer" />
          <col className="w-status" />
          <col className="w-buyer" />
          <col />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">About</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => {
            const href = subjectLink(e.subject);
            const subject = parseSubject(e.subject);
            const about = e.subject_name || (subject?.kind === 'order' ? `Order #${subject.id}` : e.subject);
            return (
              <tr key={e.id} data-testid="audit-entry" data-action={e.action}>
                <td className="nowrap">
                  <time dateTime={e.at}>{formatDateTime(e.at)}</time>
                </td>
                <td className="cell-clip">
                  {e.actor.id !== '0' ? (
                    <Link to={`/admin/users/${e.actor.id}`} className="clip" title={e.actor.name} data-testid="audit-actor">
                      {e.actor.name || `User ${e.actor.id}`}
                    </Link>
                  ) : (
                    <span className="muted">The system</span>
                  )}
                  {filterLinks && e.actor.id !== '0' && (
                    <Link to={`/admin/audit-log?actor=${e.actor.id}`} className="row-note">
                      Only theirs
                    </Link>
                  )}
                </td>
                <td className="cell-clip">
                  <code className="clip" title={e.action}>
                    {e.action}
                  </code>
                </td>
                <td className="cell-clip">
                  {href ? (
                    <Link to={href} className="clip" title={e.subject} data-testid="audit-subject">
                      {about}
                    </Link>
                  ) : (
                    <span className="clip">{about}</span>
                  )}
                </td>
                <td className="detail">{e.detail || <span className="muted">—</span>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
