// Shapes the Lectern API sends, named as the API names them (DESIGN.md §3).

export type Role = 'student' | 'instructor' | 'admin';

export interface User {
  id: string;
  email: string;
  name: string;
  headline: string;
  bio: string;
  /** Known roles today; the server may add more, so treat as open-ended. */
  roles: string[];
  email_verified: boolean;
  disabled: boolean;
  created_at: string;
}

/** Returned by register, login and refresh. */
export interface AuthSession {
  user: User;
  access_token: string;
  /** Also set as the HttpOnly `lectern_refresh` cookie; the web UI ignores this copy. */
  refresh_token?: string;
  /** Seconds until access_token expires. */
  expires_in: number;
}

/** A keyset-paginated list. */
export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}
