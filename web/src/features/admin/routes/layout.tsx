import { Suspense } from 'react';
import { Link, NavLink, Outlet } from 'react-router';

import { EmptyState } from '@/components/EmptyState';
import { PageSpinner } from '@/components/Spinner';
import { RequireAuth } from '@/lib/auth';

import '../components/admin.css';

const SECTIONS = [
  { to: '', label: 'Overview' },
  { to: 'users', label: 'Users' },
  { to: 'courses', label: 'Courses' },
  { to: 'reviews', label: 'Reviews' },
  { to: 'questions', label: 'Q&A' },
  { to: 'orders', label: 'Orders' },
  { to: 'payouts', label: 'Payouts' },
  { to: 'audit-log', label: 'Audit log' },
  { to: 'status', label: 'Status' },
] as const;

/**
 * /admin/*: the console's navigation around each admin page. Each page is its
 * own chunk; the nav stays put while the next one loads.
 */
export default function AdminLayout() {
  return (
    <RequireAuth
      role="admin"
      pending={<PageSpinner />}
      forbidden={
        <EmptyState
          level={1}
          title="You don’t have access to this page"
          action={
            <Link to="/" className="btn btn-primary">
              Go to the home page
            </Link>
          }
        >
          <p>The admin console is for administrators of this Lectern site. If you need access, ask one of them.</p>
        </EmptyState>
      }
    >
      <div className="admin-console">
        <nav aria-label="Admin" className="admin-nav">
          <p className="admin-nav-title">Admin</p>
          <ul>
            {SECTIONS.map((s) => (
              <li key={s.to}>
                <NavLink to={s.to ? `/admin/${s.to}` : '/admin'} end={!s.to} className="admin-nav-link">
                  {s.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="admin-page">
          <Suspense fallback={<PageSpinner />}>
            <Outlet />
          </Suspense>
        </div>
      </div>
    </RequireAuth>
  );
}
