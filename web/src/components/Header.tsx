import { useEffect, useState } from 'react';
import { Link, NavLink, useLocation } from 'react-router';

import { useUser } from '@/lib/auth';

import { UserMenu } from './UserMenu';

export function Header() {
  const { user, isPending } = useUser();
  const location = useLocation();
  const [notice, setNotice] = useState('');

  useEffect(() => {
    if (!notice) return;
    const t = setTimeout(() => setNotice(''), 6000);
    return () => clearTimeout(t);
  }, [notice]);

  // After logging in, come back to where the visitor was (but not to the auth pages).
  const here = location.pathname + location.search;
  const next = /^\/(login|signup|forgot-password|reset-password)\b/.test(location.pathname) || here === '/' ? '' : `?next=${encodeURIComponent(here)}`;

  return (
    <header className="site-header">
      <div className="container header-inner">
        <Link to="/" className="brand">
          Lectern
        </Link>
        <nav aria-label="Account" className="header-nav">
          {isPending ? null : user ? (
            <UserMenu user={user} onNotice={setNotice} />
          ) : (
            <>
              <NavLink to={`/login${next}`} className="nav-link">
                Log in
              </NavLink>
              <NavLink to="/signup" className="btn btn-primary btn-small">
                Sign up
              </NavLink>
            </>
          )}
        </nav>
      </div>
      <p className={notice ? 'header-notice' : 'sr-only'} role="status">
        {notice}
      </p>
    </header>
  );
}
