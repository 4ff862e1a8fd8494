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
  /** An authenticator app is required at sign-in. */
  two_factor?: boolean;
  /** False for an account made through a sign-in provider until its owner sets one. */
  has_password?: boolean;
  created_at: string;
}

/** A sign-in of an account with two-factor on answers with this instead of a session. */
export interface TwoFactorChallenge {
  two_factor_required: true;
  challenge: string;
}

export type SignInResult = AuthSession | TwoFactorChallenge;

export function isChallenge(r: SignInResult): r is TwoFactorChallenge {
  return (r as TwoFactorChallenge).two_factor_required === true;
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

/** One value of a search filter and how many results have it. */
export interface Facet {
  value: string;
  label: string;
  count: number;
}

export type FacetName = 'category' | 'level' | 'language' | 'price' | 'rating' | 'duration';

/** Title and subtitle as safe HTML from the server: escaped text, matches in <mark>. */
export interface Highlights {
  title: string;
  subtitle: string;
}

/**
 * A page of catalog search results. total, facets and highlights are null
 * while the server's search index is not ready (the database answers then).
 */
export interface SearchPage<T> extends Page<T & { highlights?: Highlights | null }> {
  total: number | null;
  facets: Record<FacetName, Facet[]> | null;
  did_you_mean: string | null;
}

export interface Suggestion {
  kind: 'course' | 'category' | 'instructor';
  id: string;
  title: string;
  slug: string;
}

export interface Category {
  id: string;
  slug: string;
  name: string;
}

export type CourseStatus = 'draft' | 'published' | 'unlisted' | 'archived';
export type CourseLevel = 'all' | 'beginner' | 'intermediate' | 'advanced';
export type LectureKind = 'video' | 'article' | 'quiz';

/** A course as lists show it (search, my courses, enrollments). */
export interface Course {
  id: string;
  slug: string;
  title: string;
  subtitle: string;
  /** A language code such as en or pt-BR. */
  language: string;
  level: CourseLevel;
  category: Category | null;
  /** Minor units of `currency` (cents; yen for JPY). 0 is free. */
  price_cents: number;
  currency: string;
  status: CourseStatus;
  instructor: { id: string; name: string };
  rating_avg: number;
  rating_count: number;
  enrollment_count: number;
  total_duration_s: number;
  thumbnail_url: string | null;
  /** Shown in the home page's featured row (admins choose). */
  featured: boolean;
  created_at: string;
  updated_at: string;
  published_at: string | null;
}

export interface Lecture {
  id: string;
  title: string;
  kind: LectureKind;
  position: number;
  duration_s: number;
  is_preview: boolean;
  /** Editors only. */
  body_md?: string;
  /** Editors only; absent until a video is uploaded. */
  video?: { id: string; status: string };
}

export interface Section {
  id: string;
  title: string;
  position: number;
  lectures: Lecture[];
}

/** GET /instructors/{id}: an instructor's public profile. */
export interface InstructorProfile {
  id: string;
  name: string;
  headline: string;
  bio: string;
  rating_avg: number;
  rating_count: number;
  student_count: number;
  courses: Course[];
}

/** GET /courses/{id-or-slug}. */
export interface CourseDetail extends Course {
  description_md: string;
  /** Sanitised by the server: safe to render as HTML. */
  description_html: string;
  enrolled: boolean;
  can_edit: boolean;
  /** Why the caller may open the lectures: enrolled, subscription, owner, admin; "" when they may not. */
  access: string;
  /** The instructor opted the course into the all-access subscription. */
  in_subscription: boolean;
  sections: Section[];
}

export interface Enrollment {
  course: Course;
  source: string;
  enrolled_at: string;
  /** Share of lectures completed, 0–100. */
  percent: number;
  completed_lectures: number;
  total_lectures: number;
  /** The last progress report; null before the student started. */
  last_active_at: string | null;
  /** Set once the course is finished. */
  certificate_id: string | null;
}
