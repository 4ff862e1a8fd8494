import { useEffect, useId, useRef, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';

import { hasRole, useBecomeInstructor, useLogout } from '@/lib/auth';
import { errorText } from '@/lib/form-errors';
import type { User } from '@/types/api';

/**
 * A disclosure (button + list), not an ARIA menu: Tab moves through the items,
 * Escape closes and returns focus to the button.
 */
export function UserMenu({ user, onNotice }: { user: User; onNotice: (text: string) => void }) {
  const [open, setOpen] = useState(false);
  const listId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const location = useLocation();

  // Close after navigating anywhere.
  useEffect(() => setOpen(false), [location.key]);

  // Close on a click outside.
  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const close = (focusButton: boolean) => {
    setOpen(false);
    if (focusButton) buttonRef.current?.focus();
  };

  return (
    <div
      className="user-menu"
      ref={rootRef}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          close(true);
        }
      }}
      onBlur={(e) => {
        // Tabbing out of the menu closes it.
        if (open && e.relatedTarget && !rootRef.current?.contains(e.relatedTarget as Node)) setOpen(false);
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        className="user-menu-button"
        data-testid="user-menu"
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="avatar" aria-hidden="true">
          {initials(user.name || user.email)}
        </span>
        <span className="user-menu-name">{user.name || user.email}</span>
        <span className="caret" aria-hidden="true" />
      </button>
      <ul id={listId} className="user-menu-list" hidden={!open}>
        <AccountItems user={user} onNotice={onNotice} onDone={() => close(true)} />
      </ul>
    </div>
  );
}

/**
 * What a signed-in user can do with their account: the items of the user menu,
 * shared with the compact (phone) header's menu. `onDone` runs after an action
 * that stays on the page (becoming an instructor).
 */
export function AccountItems({ user, onNotice, onDone }: { user: User; onNotice: (text: string) => void; onDone: () => void }) {
  const navigate = useNavigate();
  const logout = useLogout();
  const becomeInstructor = useBecomeInstructor();
  return (
    <>
      <li className="user-menu-email">{user.email}</li>
      <li>
        <Link to="/wishlist" data-testid="wishlist-link">
          Wishlist
        </Link>
      </li>
      <li>
        <Link to="/account">Account settings</Link>
      </li>
      {hasRole(user, 'instructor') && (
        <li>
          <Link to="/instructor/reviews">Reviews of your courses</Link>
        </li>
      )}
      {hasRole(user, 'admin') && (
        <li>
          <Link to="/admin/users">Admin</Link>
        </li>
      )}
      {!hasRole(user, 'instructor') && (
        <li>
          <button
            type="button"
            disabled={becomeInstructor.isPending}
            onClick={() =>
              becomeInstructor.mutate(undefined, {
                onSuccess: () => {
                  onDone();
                  onNotice('You are now an instructor.');
                },
              })
            }
          >
            {becomeInstructor.isPending ? 'Becoming an instructor…' : 'Become an instructor'}
          </button>
          {becomeInstructor.isError && (
            <p className="user-menu-error" role="alert">
              {errorText(becomeInstructor.error)}
            </p>
          )}
        </li>
      )}
      <li>
        <button
          type="button"
          data-testid="logout"
          disabled={logout.isPending}
          onClick={() => logout.mutate(undefined, { onSettled: () => navigate('/') })}
        >
          {logout.isPending ? 'Logging out…' : 'Log out'}
        </button>
      </li>
    </>
  );
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? parts[parts.length - 1][0] : '')).toUpperCase() || '?';
}
