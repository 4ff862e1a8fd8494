import { useEffect, useMemo } from 'react';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';

import { Button } from '@/components/Button';
import { EmptyState } from '@/components/EmptyState';
import { ErrorMessage } from '@/components/ErrorMessage';
import { PageSpinner, Spinner } from '@/components/Spinner';
import { ApiError } from '@/lib/api-client';
import { useUser } from '@/lib/auth';
import type { CourseDetail, Lecture } from '@/types/api';

import { usePlayerCourse } from '../api/get-course';
import { usePlayback } from '../api/playback';
import { useCourseProgress, useToggleComplete } from '../api/progress';
import type { LectureProgress } from '../api/types';
import { ArticleLecture } from '../components/ArticleLecture';
import { CourseComplete } from '../components/CourseComplete';
import { CurriculumSidebar } from '../components/CurriculumSidebar';
import { LectureTabs } from '../components/LectureTabs';
import { PlaybackError } from '../components/PlaybackError';
import { QuizLecture } from '../components/QuizLecture';
import { VideoPlayer, type NextLecture } from '../components/VideoPlayer';

import '../components/player.css';

/** /learn/:slug and /learn/:slug/:lectureId: the course player. */
export default function PlayerRoute() {
  const { slug = '', lectureId } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const { user, isPending: userPending } = useUser();
  const course = usePlayerCourse(slug);
  const c = course.data;
  const tracked = !!user && !!c && (c.enrolled || c.access === 'subscription');
  const progress = useCourseProgress(c?.id, tracked);
  const toggle = useToggleComplete(c?.id ?? '');

  const lectures = useMemo(() => c?.sections.flatMap((s) => s.lectures) ?? [], [c]);
  const byId = useMemo(() => new Map((progress.data?.lectures ?? []).map((p) => [p.lecture_id, p])), [progress.data]);
  const waitingForProgress = tracked && progress.isPending;
  // Wait for progress even when the address names the lecture: it holds the
  // position to resume from.
  const chosen = waitingForProgress ? undefined : (lectureId ?? progress.data?.next_lecture_id ?? lectures[0]?.id);

  // /learn/:slug continues where the student left off, and says so in the address.
  useEffect(() => {
    if (!lectureId && chosen && lectures.some((l) => l.id === chosen)) {
      // Keep the query: a notification's ?announcements=1 must survive the hop.
      navigate(`/learn/${encodeURIComponent(slug)}/${encodeURIComponent(chosen)}${location.search}`, { replace: true });
    }
  }, [lectureId, chosen, lectures, navigate, slug, location.search]);

  if (course.isPending || userPending) return <PageSpinner label="Loading the course…" />;
  if (course.isError) {
    if (course.error instanceof ApiError && course.error.status === 404) {
      return (
        <EmptyState level={1} title="Course not found" action={<Link to="/courses" className="btn btn-primary">Browse courses</Link>}>
          <p>It may have been unpublished, or the address is mistyped.</p>
        </EmptyState>
      );
    }
    return <ErrorMessage title="We couldn’t load this course." error={course.error} action={<Button variant="secondary" onClick={() => void course.refetch()}>Try again</Button>} />;
  }
  if (!c) return null;
  if (lectures.length === 0) {
    return (
      <EmptyState level={1} title="No lectures yet" action={<Link to={`/courses/${encodeURIComponent(slug)}`} className="btn btn-primary">Back to the course page</Link>}>
        <p>This course has no lectures to watch yet.</p>
      </EmptyState>
    );
  }
  if (!chosen) return <PageSpinner label="Finding where you left off…" />;
  const index = lectures.findIndex((l) => l.id === chosen);
  if (index < 0) {
    return (
      <EmptyState level={1} title="Lecture not found" action={<Link to={`/learn/${encodeURIComponent(slug)}`} className="btn btn-primary">Go to the course</Link>}>
        <p>It may have been removed from the course.</p>
      </EmptyState>
    );
  }
  const lecture = lectures[index];
  const nextLecture = lectures[index + 1];
  const prevLecture = lectures[index - 1];
  const href = (l: Lecture) => `/learn/${encodeURIComponent(slug)}/${encodeURIComponent(l.id)}`;
  const next: NextLecture | null = nextLecture ? { title: nextLecture.title, href: href(nextLecture) } : null;
  const completed = new Set([...byId.values()].filter((p) => p.completed).map((p) => p.lecture_id));
  const entitled = c.enrolled || c.can_edit || !!c.access || lecture.is_preview;

  return (
    <div className="learn" data-testid="player-page">
      <title>{`${lecture.title} · ${c.title} · Lectern`}</title>
      <div className="learn-main">
        <p className="learn-course">
          <Link to={`/courses/${encodeURIComponent(slug)}`}>{c.title}</Link>
        </p>
        {tracked && progress.data?.certificate && <CourseComplete courseId={c.id} courseSlug={slug} certificate={progress.data.certificate} />}
        {!entitled ? (
          <PlaybackError
            courseSlug={slug}
            error={
              user
                ? new ApiError({ status: 403, code: 'not_enrolled', title: 'Enroll in the course to watch this lecture.' })
                : new ApiError({ status: 401, code: 'login_required', title: 'Log in to watch this lecture.' })
            }
          />
        ) : lecture.kind === 'quiz' ? (
          <QuizLecture key={lecture.id} lecture={lecture} courseId={c.id} courseSlug={slug} />
        ) : lecture.kind === 'video' ? (
          <VideoLecture key={lecture.id} course={c} lecture={lecture} progress={byId.get(lecture.id)} tracked={tracked} next={next} />
        ) : (
          <ArticleLecture key={lecture.id} lecture={lecture} courseId={c.id} courseSlug={slug} done={completed.has(lecture.id)} canTrack={tracked} />
        )}
        <div className="learn-lecture-head">
          <h1>{lecture.title}</h1>
          <nav className="learn-steps" aria-label="Lectures">
            {prevLecture && (
              <Link className="btn btn-secondary btn-small" to={href(prevLecture)} rel="prev">
                ← Previous
              </Link>
            )}
            {nextLecture && (
              <Link className="btn btn-secondary btn-small" to={href(nextLecture)} rel="next" data-testid="next-lecture">
                Next →
              </Link>
            )}
          </nav>
        </div>
        {user && (c.enrolled || c.can_edit || !!c.access) && (
          <LectureTabs lectureId={lecture.id} courseId={c.id} userId={user.id} video={lecture.kind === 'video'} />
        )}
        {!user && lecture.is_preview && (
          <p className="muted">
            This is a free preview. <Link to={`/courses/${encodeURIComponent(slug)}`}>See the whole course</Link>.
          </p>
        )}
      </div>
      <CurriculumSidebar slug={slug} sections={c.sections} currentId={lecture.id} completed={completed} percent={tracked && progress.data ? progress.data.percent : null}
        onToggle={tracked && !c.can_edit ? (lectureId, done) => toggle.mutate({ lectureId, completed: done }) : undefined}
      />
    </div>
  );
}

function VideoLecture({
  course,
  lecture,
  progress,
  tracked,
  next,
}: {
  course: CourseDetail;
  lecture: Lecture;
  progress: LectureProgress | undefined;
  tracked: boolean;
  next: NextLecture | null;
}) {
  const playback = usePlayback(lecture.id, true);
  // ?t=SECONDS (the instructor's inbox links a question's time) starts there.
  const asked = useSearchParams()[0].get('t');
  if (playback.isPending) {
    return (
      <div className="player-frame player-loading">
        <Spinner label="Loading the video…" />
      </div>
    );
  }
  if (playback.isError) return <PlaybackError error={playback.error} courseSlug={course.slug} />;
  const duration = playback.data.video.duration_s || lecture.duration_s;
  // Resume where the student stopped, unless they finished it or barely started.
  const linked = asked != null && asked !== '' && Number.isFinite(Number(asked)) && Number(asked) >= 0 ? Number(asked) : null;
  const at = linked != null ? linked : progress && !progress.completed && progress.position_s > 3 && (!duration || progress.position_s < duration - 5) ? progress.position_s : 0;
  return (
    <VideoPlayer
      lectureId={lecture.id}
      courseId={course.id}
      playback={playback.data}
      startAt={at}
      reportProgress={tracked}
      next={next}
      title={lecture.title}
    />
  );
}
