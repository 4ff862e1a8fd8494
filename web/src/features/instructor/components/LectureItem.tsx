import { useId, useRef, useState, type DragEvent } from 'react';

import { Button } from '@/components/Button';
import { ErrorMessage } from '@/components/ErrorMessage';
import { errorText } from '@/lib/form-errors';
import type { Lecture, LectureKind } from '@/types/api';

import { useDeleteLecture, useUpdateLecture } from '../api/lectures';

import { CaptionsEditor } from './CaptionsEditor';
import { InlineTitle } from './InlineTitle';
import { QuizEditor } from './QuizEditor';
import { VideoUpload } from './VideoUpload';

export interface LectureDrag {
  onHandleDragStart: (e: DragEvent<HTMLElement>) => void;
  onDragOver: (e: DragEvent<HTMLLIElement>) => void;
  onDragEnd: () => void;
  /** '' | 'drop-before' | 'drop-after' */
  dropClass: string;
}

/** One lecture in the curriculum builder; every change saves at once. */
export function LectureItem({
  courseId,
  lecture,
  number,
  canUp,
  canDown,
  onMove,
  drag,
}: {
  courseId: string;
  lecture: Lecture;
  /** "1.2": section and lecture number, for labels. */
  number: string;
  canUp: boolean;
  canDown: boolean;
  onMove: (delta: -1 | 1) => void;
  drag: LectureDrag;
}) {
  const update = useUpdateLecture(courseId);
  const remove = useDeleteLecture(courseId);
  const bodyId = useId();
  const rowRef = useRef<HTMLLIElement>(null);
  // An empty article needs writing: open its editor straight away.
  const [bodyOpen, setBodyOpen] = useState(lecture.kind === 'article' && !lecture.body_md?.trim());
  const [quizOpen, setQuizOpen] = useState(false);
  const lastBody = useRef(lecture.body_md ?? '');
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const error = update.error ?? remove.error;

  const saveBody = () => {
    const body = bodyRef.current?.value ?? '';
    const before = lastBody.current;
    if (body === before) return;
    lastBody.current = body;
    // A failed save must be retryable with the same text.
    update.mutate({ id: lecture.id, body_md: body }, { onError: () => (lastBody.current = before) });
  };

  const onDelete = () => {
    if (window.confirm(`Delete the lecture “${lecture.title}”? This can’t be undone.`)) remove.mutate(lecture.id);
  };

  return (
    <li
      ref={rowRef}
      id={`lecture-${lecture.id}`}
      tabIndex={-1}
      className={['builder-lecture', drag.dropClass].filter(Boolean).join(' ')}
      data-testid="lecture"
      data-lecture-id={lecture.id}
      onDragOver={drag.onDragOver}
    >
      <div className="builder-row">
        <span
          className="drag-handle"
          draggable
          onDragStart={(e) => {
            if (rowRef.current) e.dataTransfer.setDragImage(rowRef.current, 16, 16);
            drag.onHandleDragStart(e);
          }}
          onDragEnd={drag.onDragEnd}
          title="Drag to reorder (or use Move up / Move down)"
          aria-hidden="true"
        >
          ⠿
        </span>
        <span className="builder-number" aria-hidden="true">
          {number}
        </span>
        <InlineTitle
          label={`Lecture ${number} title`}
          value={lecture.title}
          onSave={(title) => update.mutate({ id: lecture.id, title })}
          className="builder-title"
          testId="lecture-title"
        />
        <div className="builder-actions">
          <Button variant="secondary" className="btn-small" disabled={!canUp} onClick={() => onMove(-1)} data-focus={`lecture-${lecture.id}-up`} data-testid="move-up">
            Move up<span className="sr-only">: {lecture.title}</span>
          </Button>
          <Button variant="secondary" className="btn-small" disabled={!canDown} onClick={() => onMove(1)} data-focus={`lecture-${lecture.id}-down`} data-testid="move-down">
            Move down<span className="sr-only">: {lecture.title}</span>
          </Button>
          <Button variant="link" className="btn-small btn-danger-link" loading={remove.isPending} onClick={onDelete}>
            Delete<span className="sr-only"> lecture {lecture.title}</span>
          </Button>
        </div>
      </div>
      <div className="builder-row builder-row-details">
        <label className="inline-field">
          <span>Type</span>
          <select value={lecture.kind} onChange={(e) => update.mutate({ id: lecture.id, kind: e.target.value as LectureKind })} aria-label={`Lecture ${number} type`}>
            <option value="video">Video</option>
            <option value="article">Article</option>
            <option value="quiz">Quiz</option>
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={lecture.is_preview} onChange={(e) => update.mutate({ id: lecture.id, is_preview: e.target.checked })} />
          Free preview
        </label>
        {lecture.kind === 'article' && (
          <Button variant="link" className="btn-small" aria-expanded={bodyOpen} aria-controls={bodyId} onClick={() => setBodyOpen((o) => !o)} data-testid="edit-body">
            {bodyOpen ? 'Hide text' : lecture.body_md?.trim() ? 'Edit text' : 'Write text'}
          </Button>
        )}
      </div>
      {lecture.kind === 'quiz' && (
        <div className="builder-body">
          <Button variant="link" className="btn-small" aria-expanded={quizOpen} onClick={() => setQuizOpen((o) => !o)} data-testid="edit-quiz">
            {quizOpen ? 'Hide quiz' : 'Edit quiz'}
          </Button>
          {quizOpen && <QuizEditor lectureId={lecture.id} number={number} />}
        </div>
      )}
      {lecture.kind === 'video' && <VideoUpload courseId={courseId} lectureId={lecture.id} number={number} />}
      {lecture.kind === 'video' && lecture.video && <CaptionsEditor lectureId={lecture.id} videoId={lecture.video.id} number={number} />}
      {lecture.kind === 'article' && (
        <div id={bodyId} className="builder-body" hidden={!bodyOpen}>
          <label htmlFor={`${bodyId}-text`}>Article text (Markdown)</label>
          <textarea
            id={`${bodyId}-text`}
            ref={bodyRef}
            name="body_md"
            rows={6}
            defaultValue={lecture.body_md ?? ''}
            onBlur={saveBody}
            placeholder="Write the lesson. Markdown works: **bold**, lists, `code`, links."
          />
          <div className="form-actions">
            <Button variant="secondary" className="btn-small" onClick={saveBody} data-testid="save-body">
              Save text
            </Button>
            <span className="field-hint">Saved when you leave the box, too.</span>
          </div>
        </div>
      )}
      {error && (
        <ErrorMessage>
          <p>{errorText(error)}</p>
        </ErrorMessage>
      )}
    </li>
  );
}
