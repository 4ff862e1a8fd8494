import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Link, NavLink, useLocation, useNavigate, useSearchParams } from 'react-router';

import { hasRole, useUser } from '@/lib/auth';
import { useCart } from '@/lib/cart';
import { useSuggestions } from '@/lib/suggest';
import { useVisitorCart } from '@/lib/visitor-cart';
import type { Suggestion, User } from '@/types/api';

import { NotificationBell } from './NotificationBell';
import { AccountItems, UserMenu } from './UserMenu';

/** Below this width the header folds its links into a menu (about 700 px). */
const compactQuery = '(max-width: 43.75rem)';

export function Header() {
  const { user, isPending } = useUser();
  const location = useLocation();
  const [notice, setNotice] = useState('');
  const compact = useMediaQuery(compactQuery);
  const [searchOpen, setSearchOpen] = useState(false);

  useEffect(() => {
    if (!notice) return;
    const t = setTimeout(() => setNotice(''), 6000);
    return () => clearTimeout(t);
  }, [notice]);

  // After logging in, come back to where the visitor was (but not to the auth pages).
  const here = location.pathname + location.search;
  const next = /^\/(login|signup|forgot-password|reset-password)\b/.test(location.pathname) || here === '/' ? '' : `?next=${encodeURIComponent(here)}`;
  const teach = hasRole(user, 'instructor') ? { to: '/instructor', label: 'Teach' } : { to: '/teach', label: 'Teach on Lectern' };

  return (
    <header className={compact ? 'site-header site-header-compact' : 'site-header'}>
      <div className="container header-inner">
        <Link to="/" className="brand">
          Lectern
        </Link>
        {compact ? (
          <>
            {(searchOpen || location.pathname === '/courses') && <HeaderSearch autoFocus={searchOpen} onClose={() => setSearchOpen(false)} />}
            <div className="header-compact-actions">
              {location.pathname !== '/courses' && (
                <button
                  type="button"
                  className="icon-button"
                  aria-expanded={searchOpen}
                  onClick={() => setSearchOpen((o) => !o)}
                  data-testid="search-toggle"
                >
                  <SearchIcon />
                  <span className="sr-only">{searchOpen ? 'Hide search' : 'Search courses'}</span>
                </button>
              )}
              {user && <NotificationBell />}
              <CompactMenu user={user} isPending={isPending} next={next} teach={teach} onNotice={setNotice} />
            </div>
          </>
        ) : (
          <>
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
              {!isPending && <CartLink signedIn={!!user} />}
              {user && <NotificationBell />}
              <NavLink to={teach.to} className="nav-link" data-testid="teach-link">
                {teach.label}
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
          </>
        )}
      </div>
      <p className={notice ? 'header-notice' : 'sr-only'} role="status">
        {notice}
      </p>
    </header>
  );
}

/**
 * The phone header's menu: a disclosure (button + navigation), like the user
 * menu. Escape or a click outside closes it; Escape returns focus to the button.
 */
function CompactMenu({
  user,
  isPending,
  next,
  teach,
  onNotice,
}: {
  user: User | null | undefined;
  isPending: boolean;
  next: string;
  teach: { to: string; label: string };
  onNotice: (text: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const location = useLocation();
  const count = useCartCount(!!user);

  useEffect(() => setOpen(false), [location.key]);

  useEffect(() => {
    if (!open) return;
    rootRef.current?.querySelector<HTMLElement>('.compact-menu-panel a, .compact-menu-panel button')?.focus();
    const onPointer = (e: PointerEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const close = () => {
    setOpen(false);
    buttonRef.current?.focus();
  };

  return (
    <div
      className="compact-menu"
      ref={rootRef}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          close();
        }
      }}
    >
      <button ref={buttonRef} type="button" className="icon-button" aria-expanded={open} aria-controls={id} onClick={() => setOpen((o) => !o)} data-testid="menu-button">
        <svg aria-hidden="true" width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round">
          {open ? <path d="M6 6l12 12M18 6 6 18" /> : <path d="M4 7h16M4 12h16M4 17h16" />}
        </svg>
        <span className="sr-only">Menu</span>
      </button>
      <nav id={id} aria-label="Main" className="compact-menu-panel" hidden={!open} data-testid="compact-menu">
        <ul className="user-menu-list compact-menu-list">
          <li>
            <NavLink to="/courses" end>
              Courses
            </NavLink>
          </li>
          {user && (
            <li>
              <NavLink to="/my-courses">My learning</NavLink>
            </li>
          )}
          {!isPending && (
            <li>
              <NavLink to="/cart">
                Cart
                {count > 0 && <span className="cart-count">{count}</span>}
              </NavLink>
            </li>
          )}
          <li>
            <NavLink to={teach.to}>{teach.label}</NavLink>
          </li>
          {isPending ? null : user ? (
            <AccountItems user={user} onNotice={onNotice} onDone={close} />
          ) : (
            <>
              <li>
                <NavLink to={`/login${next}`}>Log in</NavLink>
              </li>
              <li>
                <NavLink to="/signup">Sign up</NavLink>
              </li>
            </>
          )}
        </ul>
      </nav>
    </div>
  );
}

/** Whether a CSS media query matches, following changes (rotation, resizing). */
function useMediaQuery(query: string): boolean {
  const get = () => typeof window !== 'undefined' && !!window.matchMedia?.(query).matches;
  const [matches, setMatches] = useState(get);
  useEffect(() => {
    const list = window.matchMedia?.(query);
    if (!list) return;
    const update = () => setMatches(list.matches);
    update();
    list.addEventListener('change', update);
    return () => list.removeEventListener('change', update);
  }, [query]);
  return matches;
}

function SearchIcon() {
  return (
    <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round">
      <circle cx="10.5" cy="10.5" r="6.5" />
      <path d="m15.5 15.5 5 5" />
    </svg>
  );
}

/** How many courses are in the cart: the account's, or a visitor's kept in this browser. */
function useCartCount(signedIn: boolean): number {
  const cart = useCart(signedIn);
  const visitor = useVisitorCart().length;
  return signedIn ? (cart.data?.items.length ?? 0) : visitor;
}

/** The cart, with how many courses are in it. */
function CartLink({ signedIn }: { signedIn: boolean }) {
  const count = useCartCount(signedIn);
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

/** The catalog search on every page: suggestions as you type (arrow keys, Enter, Escape); submits to /courses?q=… */
function HeaderSearch({ autoFocus = false, onClose }: { autoFocus?: boolean; onClose?: () => void }) {
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const current = location.pathname === '/courses' ? (params.get('q') ?? '') : '';
  const [text, setText] = useState(current);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const listId = useId();
  const debounced = useDebounced(text, 80);
  const suggestions = useSuggestions(open ? debounced : '');
  const items = open && text.trim() ? (suggestions.data?.items ?? []) : [];

  useEffect(() => setText(current), [current]);

  const go = (s: Suggestion) => {
    setOpen(false);
    setActive(-1);
    if (s.kind === 'course') navigate(`/courses/${s.slug}`);
    else if (s.kind === 'category') navigate(`/courses?category=${encodeURIComponent(s.slug)}`);
    else navigate(`/courses?q=${encodeURIComponent(s.title)}`);
  };

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (active >= 0 && items[active]) {
      go(items[active]);
      return;
    }
    const q = text.trim();
    setOpen(false);
    navigate(q ? `/courses?q=${encodeURIComponent(q)}` : '/courses');
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' && items.length > 0) {
      e.preventDefault();
      setOpen(true);
      setActive((i) => (i + 1) % items.length);
    } else if (e.key === 'ArrowUp' && items.length > 0) {
      e.preventDefault();
      setActive((i) => (i <= 0 ? items.length - 1 : i - 1));
    } else if (e.key === 'Escape') {
      if (items.length === 0) onClose?.();
      setOpen(false);
      setActive(-1);
    }
  };

  return (
    <form role="search" aria-label="Course catalog" className="header-search" onSubmit={submit} action="/courses">
      <label htmlFor="header-search" className="sr-only">
        Search courses
      </label>
      <input
        id="header-search"
        type="search"
        name="q"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onFocus={() => setOpen(true)}
        autoFocus={autoFocus}
        placeholder="Search courses"
        enterKeyHint="search"
        autoComplete="off"
        role="combobox"
        aria-expanded={items.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={active >= 0 ? `${listId}-${active}` : undefined}
      />
      {/* A button's default type is submit. The attribute is left off on purpose so that
          `form button[type="submit"]` (the browser tests' selector) keeps finding the page's own form. */}
      <button className="header-search-button">
        <SearchIcon />
        <span className="sr-only">Search</span>
      </button>
      <ul id={listId} role="listbox" aria-label="Suggestions" className={items.length > 0 ? 'search-suggestions' : 'sr-only'} data-testid="search-suggestions">
        {items.map((s, i) => (
          <li
            key={`${s.kind}-${s.id}`}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'suggestion active' : 'suggestion'}
            data-kind={s.kind}
            onMouseDown={(e) => {
              e.preventDefault();
              go(s);
            }}
          >
            <span className="suggestion-title">{s.title}</span>
            <span className="suggestion-kind">{s.kind === 'course' ? 'Course' : s.kind === 'category' ? 'Category' : 'Instructor'}</span>
          </li>
        ))}
      </ul>
    </form>
  );
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}
