// Shapes of the playback and progress endpoints, as the API names them.

export interface Rendition {
  name: string;
  width: number;
  height: number;
  bandwidth: number;
}

export interface Caption {
  label: string;
  /** BCP 47, e.g. "en". */
  language: string;
  url: string;
}

/**
 * How to unlock encrypted segments: Common Encryption (cbcs) whose key EME
 * gets from the license URL (POST, with the access token). The server asks
 * the access policy on every key request.
 */
export interface Encryption {
  scheme: 'cbcs';
  key_system: 'org.w3.clearkey';
  license_url: string;
}

/** GET /lectures/{id}/playback: signed, expiring media URLs. */
export interface Playback {
  hls_url: string;
  /** A DASH manifest over the same segments; null while an older video waits to be repackaged. */
  dash_url: string | null;
  /** null for clear segments. */
  encryption: Encryption | null;
  thumbnails_vtt_url: string;
  poster_url: string;
  captions: Caption[];
  expires_at: string;
  /** The viewer's email, drawn faintly over the video; '' for an anonymous preview. */
  watermark: string;
  video: { duration_s: number; renditions: Rendition[] };
}

export interface LectureProgress {
  lecture_id: string;
  position_s: number;
  watched_s?: number;
  completed: boolean;
}

/** A certificate of completion, as anyone verifying it sees it. */
export interface Certificate {
  id: string;
  student_name: string;
  course: { id: string; title: string; slug: string };
  instructor_name: string;
  content_s: number;
  issued_at: string;
  verify_url: string;
  pdf_url: string;
}

/** GET /courses/{id}/progress. */
export interface CourseProgress {
  course_id: string;
  percent: number;
  next_lecture_id: string | null;
  lectures: LectureProgress[];
  /** Issued once every lecture is complete. */
  certificate: Certificate | null;
}

/** PUT /lectures/{id}/completion. */
export interface CompletionResult extends LectureProgress {
  certificate: Certificate | null;
}

export interface QuizChoice {
  id: string;
  body: string;
  /** Only in graded results: never sent before submission. */
  correct?: boolean;
  explanation?: string;
}

export interface QuizQuestion {
  id: string;
  prompt: string;
  multiple: boolean;
  answers: QuizChoice[];
}

export interface QuizAttempt {
  id: string;
  score_percent: number;
  passed: boolean;
  created_at: string;
}

/** GET /lectures/{id}/quiz: questions without the key. */
export interface LearnerQuiz {
  lecture_id: string;
  pass_percent: number;
  passed: boolean;
  questions: QuizQuestion[];
  attempts: QuizAttempt[];
}

/** POST /lectures/{id}/quiz/attempts. */
export interface QuizResult extends QuizAttempt {
  pass_percent: number;
  questions: (QuizQuestion & { chosen: string[]; correct: boolean })[];
  completed: boolean;
  certificate: Certificate | null;
}

/** PUT /lectures/{id}/progress. */
export interface ProgressReport {
  position_s: number;
  /** Seconds actually played since the previous report. */
  watched_s: number;
  completed: boolean;
}
