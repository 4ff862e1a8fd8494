// Review shapes as the API sends them (DESIGN.md §3, "Reviews and moderation").

export type ReviewStatus = 'visible' | 'flagged' | 'hidden';

export interface Review {
  id: string;
  course_id: string;
  user: { id: string; name: string };
  /** 1..5 */
  rating: number;
  /** Plain text: render as text, never as HTML. */
  comment: string;
  status: ReviewStatus;
  /** '' when the instructor has not replied. */
  instructor_reply: string;
  replied_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ReviewSummary {
  average: number;
  count: number;
  /** "1".."5" → how many visible reviews gave that many stars; missing keys are 0. */
  histogram: Record<string, number>;
}

export interface ReviewPage {
  items: Review[];
  next_cursor: string | null;
  summary: ReviewSummary;
}

export type ReviewSort = 'recent' | 'rating';
