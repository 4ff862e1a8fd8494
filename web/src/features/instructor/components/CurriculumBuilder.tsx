import { useLayoutEffect, useRef, useState, type DragEvent, type FormEvent } from 'react';

import { Button } from '@/components/Button';
import { formErrors } from '@/lib/form-errors';
import type { CourseDetail, Section } from '@/types/api';

import { useReorderCurriculum } from '../api/reorder-curriculum';
import { useAddSection } from '../api/sections';
import { canStepLecture, findLecture, placeLecture, placeSection, sameOrder, stepLecture, stepSection } from '../utils/curriculum-order';

import { SectionItem, type SectionDrag } from './SectionItem';

type Dragging = { kind: 'lecture' | 'section'; id: string };
type Drop = { kind: 'lecture'; sectionId: string; index: number } | { kind: 'section'; index: number };

const below = (e: DragEvent<HTMLElement>) => {
  const r = e.currentTarget.getBoundingClientRect();
  return e.clientY > r.top + r.height / 2;
};

/**
 * Sections and lectures, saved as you go. Reorder by dragging a handle, or by
 * the Move up / Move down buttons (a lecture moved past the end of its
 * section goes into the next one). Every new order is sent whole to
 * PUT /courses/{id}/curriculum.
 */
export function CurriculumBuilder({ course }: { course: CourseDetail }) {
  const sections = course.sections;
  const reorder = useReorderCurriculum(course.id);
  const [announcement, setAnnouncement] = useState('');
  const dragging = useRef<Dragging | null>(null);
  const [drop, setDrop] = useState<Drop | null>(null);
  // After a move re-renders the list, put focus back on the button that did it.
  const pendingFocus = useRef<{ order: Section[]; keys: string[] } | null>(null);

  useLayoutEffect(() => {
    const p = pendingFocus.current;
    // Wait for the render that shows the new order (the cache copies it, so compare ids).
    if (!p || !sameOrder(p.order, sections)) return;
    pendingFocus.current = null;
    for (const key of p.keys) {
      const el = document.querySelector<HTMLButtonElement>(`[data-focus="${key}"]`);
      if (el && !el.disabled) {
        el.focus();
        return;
      }
    }
  });

  const apply = (next: Section[] | null, moved: Dragging, focusKeys: string[] = []) => {
    if (!next || sameOrder(sections, next)) return;
    pendingFocus.current = { order: next, keys: focusKeys };
    setAnnouncement(describe(next, moved));
    reorder.mutate(next);
  };

  // Focus stays on the button pressed, or on its twin once that end is reached.
  const focusKeys = (kind: string, id: string, delta: -1 | 1) =>
    delta < 0 ? [`${kind}-${id}-up`, `${kind}-${id}-down`] : [`${kind}-${id}-down`, `${kind}-${id}-up`];

  const moveLecture = (id: string, delta: -1 | 1) =>
    apply(stepLecture(sections, id, delta), { kind: 'lecture', id }, focusKeys('lecture', id, delta));

  const moveSection = (id: string, delta: -1 | 1) =>
    apply(stepSection(sections, id, delta), { kind: 'section', id }, focusKeys('section', id, delta));

  // ---- drag and drop (native HTML5 events) ----
  const setDropIfChanged = (d: Drop) =>
    setDrop((old) => (old && old.kind === d.kind && old.index === d.index && (old.kind === 'section' || (d.kind === 'lecture' && old.sectionId === d.sectionId)) ? old : d));
  const startDrag = (kind: Dragging['kind'], id: string) => (e: DragEvent<HTMLElement>) => {
    dragging.current = { kind, id };
    e.dataTransfer.effectAllowed = 'move';
    e.dataTransfer.setData('text/plain', id);
  };
  const endDrag = () => {
    dragging.current = null;
    setDrop(null);
  };
  const onDrop = (e: DragEvent<HTMLElement>) => {
    const d = dragging.current;
    if (!d || !drop) return;
    e.preventDefault();
    if (d.kind === 'lecture' && drop.kind === 'lecture') apply(placeLecture(sections, d.id, drop.sectionId, drop.index), d);
    if (d.kind === 'section' && drop.kind === 'section') apply(placeSection(sections, d.id, drop.index), d);
    endDrag();
  };

  const sectionDrag = (section: Section, n: number): SectionDrag => {
    const lectureCount = section.lectures.length;
    return {
      onHandleDragStart: startDrag('section', section.id),
      onDragEnd: endDrag,
      onDrop,
      onDragOver: (e) => {
        const d = dragging.current;
        if (!d) return;
        e.preventDefault();
        if (d.kind === 'section') setDropIfChanged({ kind: 'section', index: n + (below(e) ? 1 : 0) });
        else setDropIfChanged({ kind: 'lecture', sectionId: section.id, index: lectureCount });
      },
      onListDragOver: (e) => {
        if (dragging.current?.kind !== 'lecture') return;
        e.preventDefault();
        e.stopPropagation();
        setDropIfChanged({ kind: 'lecture', sectionId: section.id, index: lectureCount });
      },
      dropClass:
        drop?.kind === 'section' ? (drop.index === n ? 'drop-before' : n === sections.length - 1 && drop.index === sections.length ? 'drop-after' : '') : '',
      listDropClass: drop?.kind === 'lecture' && drop.sectionId === section.id && lectureCount === 0 ? 'drop-into' : '',
      lecture: (lectureId, i) => ({
        onHandleDragStart: startDrag('lecture', lectureId),
        onDragEnd: endDrag,
        onDragOver: (e) => {
          if (dragging.current?.kind !== 'lecture') return;
          e.preventDefault();
          e.stopPropagation();
          setDropIfChanged({ kind: 'lecture', sectionId: section.id, index: i + (below(e) ? 1 : 0) });
        },
        dropClass:
          drop?.kind === 'lecture' && drop.sectionId === section.id
            ? drop.index === i
              ? 'drop-before'
              : i === lectureCount - 1 && drop.index === lectureCount
                ? 'drop-after'
                : ''
            : '',
      }),
    };
  };

  return (
    <div className="builder">
      <p className="sr-only" role="status" aria-live="polite">
        {announcement}
      </p>
      {sections.length === 0 ? (
        <p className="builder-empty-all">
          No sections yet. Start with a section such as “Getting started”, then add video or article lectures to it.
        </p>
      ) : (
        <ol className="builder-sections" aria-label="Sections">
          {sections.map((section, n) => (
            <SectionItem
              key={section.id}
              courseId={course.id}
              section={section}
              number={n + 1}
              count={sections.length}
              onMoveSection={(delta) => moveSection(section.id, delta)}
              onMoveLecture={moveLecture}
              canMoveLecture={(id, delta) => canStepLecture(sections, id, delta)}
              drag={sectionDrag(section, n)}
            />
          ))}
        </ol>
      )}
      <AddSectionForm courseId={course.id} />
    </div>
  );
}

/** What just moved where, for screen readers. */
function describe(next: Section[] | null, moved: Dragging | null): string {
  if (!next || !moved) return '';
  if (moved.kind === 'section') {
    const i = next.findIndex((s) => s.id === moved.id);
    return i < 0 ? '' : `Section “${next[i].title}” is now section ${i + 1} of ${next.length}.`;
  }
  const at = findLecture(next, moved.id);
  if (!at) return '';
  const s = next[at.section];
  return `“${s.lectures[at.index].title}” is now lecture ${at.index + 1} of ${s.lectures.length} in section ${at.section + 1}, “${s.title}”.`;
}

function AddSectionForm({ courseId }: { courseId: string }) {
  const add = useAddSection(courseId);
  const errors = formErrors(add.error, ['title']);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const title = String(new FormData(form).get('new-section-title')).trim();
    if (!title) return;
    add.mutate(title, { onSuccess: () => form.reset() });
  };
  const error = errors.field('title') ?? errors.summary;
  return (
    <form className="add-section" onSubmit={submit} data-testid="add-section">
      <div className="field">
        <label htmlFor="new-section-title">New section</label>
        <input
          id="new-section-title"
          name="new-section-title"
          type="text"
          maxLength={120}
          placeholder="e.g. Getting started"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'new-section-error' : undefined}
        />
        {error && (
          <p className="field-error" id="new-section-error" role="alert">
            {error}
          </p>
        )}
      </div>
      <Button type="submit" variant="secondary" loading={add.isPending}>
        Add section
      </Button>
    </form>
  );
}
