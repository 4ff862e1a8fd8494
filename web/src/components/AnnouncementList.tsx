import type { Announcement } from '@/lib/announcements';

import './announcement-list.css';

/** Announcements, newest first; the body is HTML the server sanitised. */
export function AnnouncementList({ items, showDelivery = false }: { items: Announcement[]; showDelivery?: boolean }) {
  return (
    <ul className="announcement-list" data-testid="announcements">
      {items.map((a) => (
        <li key={a.id} className="announcement">
          <h3>{a.title}</h3>
          <p className="muted">
            {a.author.name} · {new Date(a.created_at).toLocaleDateString(undefined, { dateStyle: 'medium' })}
            {showDelivery && ` · emailed to ${a.delivered} ${a.delivered === 1 ? 'student' : 'students'}${a.emailed_at ? '' : ' so far'}`}
          </p>
          <div className="prose" dangerouslySetInnerHTML={{ __html: a.body_html }} />
        </li>
      ))}
    </ul>
  );
}
