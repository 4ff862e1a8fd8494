import { useEffect, useId, useRef } from 'react';

import { CourseThumbnail } from '@/components/CourseCard';
import { Spinner } from '@/components/Spinner';
import { useLectureContent } from '@/features/player/api/lecture-content';
import { usePlayback } from '@/features/player/api/playback';
import { VideoPlayer } from '@/features/player/components/VideoPlayer';
import { formatClock } from '@/lib/format';
import type { CourseDetail, Lecture } from '@/types/api';

import '@/features/player/components/player.css';

/** Whether a lecture can be shown in the preview: a free preview, with a processed video or an article. */
export function previewable(l: Lecture): boolean {
  return l.is_preview && (l.kind === 'article' || (l.kind === 'video' && l.duration_s > 0));
}

/** The course's previewable lectures, videos first (the "Preview this course" button plays the first). */
export function previewLectures(course: CourseDetail): Lecture[] {
  const all = course.sections.flatMap((s) => s.lectures).filter(previewable);
  return [...all.filter((l) => l.kind === 'video'), ...all.filter((l) => l.kind !== 'video')];
}

/**
 * The course image; when the course has a preview lecture, a button on it
 * opens the preview (no sign-in, no page change).
 */
export function CoursePreview({ course, onPreview }: { course: CourseDetail; onPreview: (l: Lecture) => void }) {
  const first = previewLectures(course)[0];
  if (!first) return <CourseThumbnail course={course} className="course-thumb course-aside-thumb" />;
  return (
    <button type="button" className="preview-button" onClick={() => onPreview(first)} data-testid="preview-play" aria-haspopup="dialog">
      <CourseThumbnail course={course} className="course-thumb course-aside-thumb" />
      <span className="preview-button-label">
        <span aria-hidden="true">▶ </span>Preview this course
      </span>
    </button>
  );
}

/**
 * A free preview lecture in a modal <dialog> over the course page: the browser
 * keeps focus inside, Escape and the close button close it, and closing
 * unmounts the player, which stops the video. The other preview lectures are
 * listed below it. Render it only while open.
 */
export function PreviewDialog({ course, lecture, onSelect, onClose }: { course: CourseDetail; lecture: Lecture; onSelect: (l: Lecture) => void; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const others = previewLectures(course);

  useEffect(() => {
    const d = ref.current;
    // Focus goes back to what opened the preview (the dialog leaves the page before it could).
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (d && !d.open) d.showModal();
    return () => {
      d?.close();
      opener?.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className="preview-dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onClick={(e) => {
        // A click on the backdrop (the dialog element itself, outside its box) closes it.
        if (e.target === ref.current) onClose();
      }}
      data-testid="preview-dialog"
    >
      <div className="preview-dialog-head">
        <div>
          <p className="muted preview-dialog-kicker">Course preview</p>
          <h2 id={titleId}>{course.title}</h2>
        </div>
        <button type="button" className="icon-button" onClick={onClose} data-testid="preview-close">
          <svg aria-hidden="true" width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round">
            <path d="M6 6l12 12M18 6 6 18" />
          </svg>
          <span className="sr-only">Close the preview</span>
        </button>
      </div>
      {lecture.kind === 'video' ? <PreviewVideo key={lecture.id} course={course} lecture={lecture} /> : <PreviewArticle key={lecture.id} lecture={lecture} />}
      <p className="preview-dialog-lecture">{lecture.title}</p>
      {others.length > 1 && (
        <>
          <h3 className="preview-dialog-more">Free sample lectures</h3>
          <ul className="preview-dialog-list">
            {others.map((l) => (
              <li key={l.id}>
                <button type="button" aria-current={l.id === lecture.id || undefined} onClick={() => onSelect(l)}>
                  <span aria-hidden="true">{l.kind === 'video' ? '▶' : '☰'}</span>
                  <span className="preview-dialog-list-title">{l.title}</span>
                  <span className="muted">{l.kind === 'video' ? formatClock(l.duration_s) : 'Article'}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </dialog>
  );
}

/** The preview's video: the course player without progress reports, started at once. */
function PreviewVideo({ course, lecture }: { course: CourseDetail; lecture: Lecture }) {
  const playback = usePlayback(lecture.id, true);
  const frame = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const v = frame.current?.querySelector('video');
    if (!v || !playback.data) return;
    const start = () => void v.play().catch(() => undefined);
    v.addEventListener('canplay', start, { once: true });
    return () => v.removeEventListener('canplay', start);
  }, [playback.data]);

  return (
    <div className="preview-frame" ref={frame} data-testid="preview-player">
      {playback.isPending ? (
        <Spinner label="Loading the preview…" />
      ) : playback.isError ? (
        <p className="alert alert-error">The preview could not be loaded. Try again later.</p>
      ) : (
        <VideoPlayer lectureId={lecture.id} courseId={course.id} playback={playback.data} startAt={0} reportProgress={false} next={null} title={`Preview: ${lecture.title}`} />
      )}
    </div>
  );
}

/** A preview article's text (sanitised by the server). */
function PreviewArticle({ lecture }: { lecture: Lecture }) {
  const content = useLectureContent(lecture.id);
  return (
    // The text scrolls inside the dialog: focusable, so keyboard users can scroll it too.
    <div className="preview-article prose" tabIndex={0} role="region" aria-label={`Article: ${lecture.title}`} data-testid="preview-article">
      {content.isPending ? (
        <Spinner label="Loading the article…" />
      ) : content.isError ? (
        <p className="alert alert-error">The article could not be loaded. Try again later.</p>
      ) : (
        <div dangerouslySetInnerHTML={{ __html: content.data.body_html }} />
      )}
    </div>
  );
}
