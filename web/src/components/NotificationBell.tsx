import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';

import { useMarkRead, useNotifications } from '@/lib/notifications';

/** The bell in the header: the unread count, and the newest notifications in a panel. */
export function NotificationBell() {
  const list = useNotifications(true);
  const markRead = useMarkRead();
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const unread = list.data?.unread ?? 0;
  const items = list.data?.items ?? [];

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !ref.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);

  return (
    <div className="bell" ref={ref}>
      <button type="button" className="nav-link bell-button" aria-expanded={open} aria-controls="bell-panel" onClick={() => setOpen(!open)} data-testid="bell">
        <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
          <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
          <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
        </svg>
        <span className="sr-only">Notifications</span>
        {unread > 0 && (
          <span className="cart-count" data-testid="bell-count">
            <span className="sr-only">, </span>
            {unread}
            <span className="sr-only"> unread</span>
          </span>
        )}
      </button>
      {open && (
        <div id="bell-panel" className="bell-panel" data-testid="bell-panel">
          <div className="bell-head">
            <h2>Notifications</h2>
            {unread > 0 && (
              <button type="button" className="btn btn-link btn-small" onClick={() => markRead.mutate([])}>
                Mark all read
              </button>
            )}
          </div>
          {items.length === 0 ? (
            <p className="muted">Nothing yet. Answers to your questions will show up here.</p>
          ) : (
            <ul className="bell-list">
              {items.map((n) => (
                <li key={n.id} className={n.read ? 'bell-item' : 'bell-item bell-unread'} data-testid="notification">
                  <Link
                    to={n.link}
                    onClick={() => {
                      if (!n.read) markRead.mutate([n.id]);
                      setOpen(false);
                    }}
                  >
                    <strong>{n.title}</strong>
                    <span>{n.body}</span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
