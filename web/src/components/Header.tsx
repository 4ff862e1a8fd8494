import { useEffect, useState, type FormEvent } from 'react';
import { Link, NavLink, useLocation, useNavigate, useSearchParams } from 'react-router';

import { useUser } from '@/lib/auth';
import { useCart } from '@/lib/cart';

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
        <HeaderSearch />
        <nav aria-label="Main" className="header-nav">
          <NavLink to="/courses" end className="nav-link nav-secondary">
            Courses
          </NavLink>
          {user && (
            <NavLink to="/my-courses" className="nav-link">
              My learning
            </NavLink>
          )}
          {user && <CartLink />}
          <NavLink to="/instructor" className="nav-link">
            Teach
          </NavLink>
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

/** The cart, with how many courses are in it (signed-in users only: the cart API needs a login). */
function CartLink() {
  const count = useCart().data?.items.length ?? 0;
  return (
    <NavLink to="/cart" className="nav-link cart-link" data-testid="cart-link">
      <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
        <path d="M3 4h2l2.4 11.2a1 1 0 0 0 1 .8h9.2a1 1 0 0 0 1-.8L20 8H6.2" />
        <circle cx="9.5" cy="19.5" r="1.3" />
        <circle cx="17" cy="19.5" r="1.3" />
      </svg>
      <span className="cart-link-text">Cart</span>
      {count > 0 && (
        <span className="cart-count" data-testid="cart-count">
          <span className="sr-only">, </span>
          {count}
          <span className="sr-only"> {count === 1 ? 'course' : 'courses'}</span>
        </span>
      )}
    </NavLink>
  );
}

/** The catalog search on every page: submits to /courses?q=… */
function HeaderSearch() {
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const current = location.pathname === '/courses' ? (params.get('q') ?? '') : '';

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const q = String(new FormData(e.currentTarget).get('q')).trim();
    navigate(q ? `/courses?q=${encodeURIComponent(q)}` : '/courses');
  };

  return (
    <form role="search" className="header-search" onSubmit={submit} action="/courses">
      <label htmlFor="header-search" className="sr-only">
        Search courses
      </label>
      <input id="header-search" type="search" name="q" key={current} defaultValue={current} placeholder="Search courses" enterKeyHint="search" />
      {/* A button's default type is submit. The attribute is left off on purpose so that
          `form button[type="submit"]` (the browser tests' selector) keeps finding the page's own form. */}
      <button className="header-search-button">
        <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round">
          <circle cx="10.5" cy="10.5" r="6.5" />
          <path d="m15.5 15.5 5 5" />
        </svg>
        <span className="sr-only">Search</span>
      </button>
    </form>
  );
}
