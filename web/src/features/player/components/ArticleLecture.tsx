import { Button } from '@/components/Button';
import { ErrorMessage } from '@/components/ErrorMessage';
import { Spinner } from '@/components/Spinner';
import { ApiError } from '@/lib/api-client';
import type { Lecture } from '@/types/api';

import { useLectureContent } from '../api/lecture-content';
import { useMarkDone } from '../api/progress';

import { PlaybackError } from './PlaybackError';
import { sameText, withoutTitle } from '../utils/article';

/**
 * An article lecture: its sanitised HTML from GET /lectures/{id}/content, and
 * "Mark as done" for an enrolled student. Should that endpoint be missing
 * (an older server), editors still see their Markdown as plain paragraphs.
 */
export function ArticleLecture({ lecture, courseId, courseSlug, done, canTrack }: { lecture: Lecture; courseId: string; courseSlug: string; done: boolean; canTrack: boolean }) {
  const mark = useMarkDone(courseId);
  const content = useLectureContent(lecture.id);
  const refused = content.error instanceof ApiError && (content.error.status === 401 || content.error.status === 403);
  if (refused) return <PlaybackError error={content.error} courseSlug={courseSlug} />;

  const paragraphs = (lecture.body_md ?? '')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .filter((p, i) => i > 0 || !sameText(p.replace(/^#+\s*/, ''), lecture.title));
  let body;
  if (content.isPending) body = <Spinner label="Loading the article…" />;
  else if (content.data?.body_html) body = <div className="learn-article-body" dangerouslySetInnerHTML={{ __html: withoutTitle(content.data.body_html, lecture.title) }} />;
  else if (content.data) body = <p className="muted">This article is empty.</p>;
  else if (paragraphs.length)
    body = (
      <div className="learn-article-body learn-article-plain">
        {paragraphs.map((p, i) => (
          <p key={i}>{p}</p>
        ))}
      </div>
    );
  else body = <p className="muted">Article content: the text of this article can’t be shown in the player yet.</p>;

  return (
    <article className="learn-article card" data-testid="player-article">
      <p className="muted learn-article-kind">Article</p>
      {body}
      {canTrack && (
        <div className="form-actions">
          {done ? (
            <p className="learn-done" role="status">
              ✓ Done
            </p>
          ) : (
            <Button onClick={() => mark.mutate(lecture.id)} loading={mark.isPending} data-testid="mark-done">
              Mark as done
            </Button>
          )}
        </div>
      )}
      {mark.isError && <ErrorMessage error={mark.error} />}
    </article>
  );
}

