import { useRef, type DragEvent } from 'react';

import { Button } from '@/components/Button';
import { ErrorMessage } from '@/components/ErrorMessage';
import { errorText } from '@/lib/form-errors';
import { plural } from '@/lib/format';
import type { Section } from '@/types/api';

import { useDeleteSection, useRenameSection } from '../api/sections';

import { AddLectureForm } from './AddLectureForm';
import { InlineTitle } from './InlineTitle';
import { LectureItem, type LectureDrag } from './LectureItem';

export interface SectionDrag {
  onHandleDragStart: (e: DragEvent<HTMLElement>) => void;
  onDragOver: (e: DragEvent<HTMLLIElement>) => void;
  onListDragOver: (e: DragEvent<HTMLElement>) => void;
  onDrop: (e: DragEvent<HTMLElement>) => void;
  onDragEnd: () => void;
  dropClass: string;
  /** '' or 'drop-into' while a lecture would land at the end of this (maybe empty) section. */
  listDropClass: string;
  lecture: (lectureId: string, index: number) => LectureDrag;
}

export function SectionItem({
  courseId,
  section,
  number,
  count,
  onMoveSection,
  onMoveLecture,
  canMoveLecture,
  drag,
}: {
  courseId: string;
  section: Section;
  number: number;
  count: number;
  onMoveSection: (delta: -1 | 1) => void;
  onMoveLecture: (lectureId: string, delta: -1 | 1) => void;
  canMoveLecture: (lectureId: string, delta: -1 | 1) => boolean;
  drag: SectionDrag;
}) {
  const rename = useRenameSection(courseId);
  const remove = useDeleteSection(courseId);
  const rowRef = useRef<HTMLDivElement>(null);
  const error = rename.error ?? remove.error;

  const onDelete = () => {
    const what = section.lectures.length ? ` and its ${plural(section.lectures.length, 'lecture')}` : '';
    if (window.confirm(`Delete section “${section.title}”${what}? This can’t be undone.`)) remove.mutate(section.id);
  };

  return (
    <li
      className={['builder-section', drag.dropClass].filter(Boolean).join(' ')}
      data-testid="section"
      data-section-id={section.id}
      onDragOver={drag.onDragOver}
      onDrop={drag.onDrop}
    >
      <div className="builder-section-head" ref={rowRef}>
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
        <span className="builder-section-label">Section {number}</span>
        <InlineTitle
          label={`Section ${number} title`}
          value={section.title}
          onSave={(title) => rename.mutate({ id: section.id, title })}
          className="builder-title"
          testId="section-title"
        />
        <div className="builder-actions">
          <Button variant="secondary" className="btn-small" disabled={number === 1} onClick={() => onMoveSection(-1)} data-focus={`section-${section.id}-up`}>
            Move up<span className="sr-only">: section {section.title}</span>
          </Button>
          <Button variant="secondary" className="btn-small" disabled={number === count} onClick={() => onMoveSection(1)} data-focus={`section-${section.id}-down`}>
            Move down<span className="sr-only">: section {section.title}</span>
          </Button>
          <Button variant="link" className="btn-small btn-danger-link" loading={remove.isPending} onClick={onDelete}>
            Delete<span className="sr-only"> section {section.title}</span>
          </Button>
        </div>
      </div>
      {error && (
        <ErrorMessage>
          <p>{errorText(error)}</p>
        </ErrorMessage>
      )}
      <ol className={['builder-lectures', drag.listDropClass].filter(Boolean).join(' ')} onDragOver={drag.onListDragOver} aria-label={`Lectures in section ${number}`}>
        {section.lectures.map((lecture, i) => (
          <LectureItem
            key={lecture.id}
            courseId={courseId}
            lecture={lecture}
            number={`${number}.${i + 1}`}
            canUp={canMoveLecture(lecture.id, -1)}
            canDown={canMoveLecture(lecture.id, 1)}
            onMove={(delta) => onMoveLecture(lecture.id, delta)}
            drag={drag.lecture(lecture.id, i)}
          />
        ))}
        {section.lectures.length === 0 && <li className="builder-empty muted">No lectures yet: add the first one below, or drag one here.</li>}
      </ol>
      <AddLectureForm courseId={courseId} sectionId={section.id} sectionNumber={number} />
    </li>
  );
}
