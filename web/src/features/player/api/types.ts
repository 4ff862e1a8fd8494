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

/** GET /courses/{id}/progress. */
export interface CourseProgress {
  course_id: string;
  percent: number;
  next_lecture_id: string | null;
  lectures: LectureProgress[];
}

/** PUT /lectures/{id}/progress. */
export interface ProgressReport {
  position_s: number;
  /** Seconds actually played since the previous report. */
  watched_s: number;
  completed: boolean;
}
