import { useLocation, useNavigate } from 'react-router';

import { useUser } from '@/lib/auth';
import { isWishlisted, useToggleWishlist, useWishlist } from '@/lib/wishlist';
import type { Course } from '@/types/api';

import './wishlist-heart.css';

/**
 * The wishlist heart: a toggle button (aria-pressed) for signed-in users; a
 * visitor is sent to sign in and comes back here. Hidden on the user's own
 * courses, which cannot be wishlisted.
 */
export function WishlistHeart({ course, className = '' }: { course: Course; className?: string }) {
  const { user } = useUser();
  const wishlist = useWishlist(!!user);
  const toggle = useToggleWishlist();
  const navigate = useNavigate();
  const location = useLocation();
  if (user && course.instructor.id === user.id) return null;
  const on = isWishlisted(wishlist.data, course.id);
  const label = on ? `Remove ${course.title} from your wishlist` : `Add ${course.title} to your wishlist`;

  const click = () => {
    if (!user) {
      navigate(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
      return;
    }
    toggle.mutate({ course, on: !on });
  };

  return (
    <button
      type="button"
      className={`wishlist-heart ${on ? 'is-on' : ''} ${className}`.trim()}
      aria-pressed={user ? on : undefined}
      aria-label={user ? label : `Log in to add ${course.title} to your wishlist`}
      title={on ? 'On your wishlist' : 'Add to wishlist'}
      onClick={click}
      data-testid="wishlist-heart"
    >
      <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
        <path
          d="M12 21s-7.5-4.6-9.6-9.1C.9 8.7 2.7 5 6.3 5c2.1 0 3.4 1.2 4.2 2.4h1C12.3 6.2 13.6 5 15.7 5c3.6 0 5.4 3.7 3.9 6.9C19.5 16.4 12 21 12 21z"
          fill={on ? 'currentColor' : 'none'}
          stroke="currentColor"
          strokeWidth="2"
          strokeLinejoin="round"
        />
      </svg>
    </button>
  );
}
