import { useEffect, useRef, useState } from 'react';

import { CourseThumbnail } from '@/components/CourseCard';
import { Spinner } from '@/components/Spinner';
import { usePlayback } from '@/features/player/api/playback';
import { VideoPlayer } from '@/features/player/components/VideoPlayer';
import type { CourseDetail, Lecture } from '@/types/api';

import '@/features/player/components/player.css';

/** The first free preview lecture with a processed video, if any. */
export function previewLecture(course: CourseDetail): Lecture | undefined {
  for (const s of course.sections) {
    for (const l of s.lectures) if (l.is_preview && l.kind === 'video' && l.duration_s > 0) return l;
  }
  return undefined;
}

/**
 * The course image; when the course has a preview video, a button on it
 * plays the preview in place (no sign-in, no page change).
 */
export function CoursePreview({ course }: { course: CourseDetail }) {
  const lecture = previewLecture(course);
  const [playing, setPlaying] = useState(false);
  const playback = usePlayback(lecture?.id ?? '', playing && !!lecture);
  const frame = useRef<HTMLDivElement>(null);

  // The visitor pressed play: start as soon as the video can.
  useEffect(() => {
    const v = frame.current?.querySelector('video');
    if (!v || !playback.data) return;
    const start = () => void v.play().catch(() => undefined);
    v.addEventListener('canplay', start, { once: true });
    return () => v.removeEventListener('canplay', start);
  }, [playback.data]);

  if (!lecture) return <CourseThumbnail course={course} className="course-thumb course-aside-thumb" />;
  if (!playing) {
    return (
      <button type="button" className="preview-button" onClick={() => setPlaying(true)} data-testid="preview-play">
        <CourseThumbnail course={course} className="course-thumb course-aside-thumb" />
        <span className="preview-button-label">
          <span aria-hidden="true">▶ </span>Preview this course
        </span>
      </button>
    );
  }
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
