import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';

import { formatClock, plural } from '@/lib/format';
import type { Section } from '@/types/api';

/**
 * The course's lectures beside the player: completion ticks, the current
 * lecture highlighted. On a phone it folds away behind "Course content".
 */
export function CurriculumSidebar({
  slug,
  sections,
  currentId,
  completed,
  percent,
  onToggle,
}: {
  slug: string;
  sections: Section[];
  currentId: string;
  completed: Set<string>;
  percent: number | null;
  /** Enrolled students tick videos and articles complete by hand; quizzes complete by passing. */
  onToggle?: (lectureId: string, completed: boolean) => void;
}) {
  const [open, setOpen] = useState(false);
  const currentRef = useRef<HTMLAnchorElement>(null);
  const total = sections.reduce((n, s) => n + s.lectures.length, 0);

  useEffect(() => {
    currentRef.current?.scrollIntoView({ block: 'nearest' });
  }, [currentId]);

  return (
    <aside className={['learn-curriculum', open ? 'learn-curriculum-open' : ''].filter(Boolean).join(' ')} aria-labelledby="learn-curriculum-heading" data-testid="player-curriculum">
      <div className="learn-curriculum-head">
        <h2 id="learn-curriculum-heading">Course content</h2>
        {percent !== null && (
          <p className="learn-percent">
            <progress max={100} value={percent} aria-label="Course progress" /> {percent}% complete
          </p>
        )}
        <button type="button" className="btn btn-secondary btn-small learn-curriculum-toggle" aria-expanded={open} aria-controls="learn-curriculum-list" onClick={() => setOpen((o) => !o)}>
          {open ? 'Hide' : 'Show'} {plural(total, 'lecture')}
        </button>
      </div>
      <div id="learn-curriculum-list" className="learn-curriculum-list">
        {sections.map((s, si) => (
          <section key={s.id} className="learn-section">
            <h3>
              <span className="muted">Section {si + 1}:</span> {s.title}
            </h3>
            <ol>
              {s.lectures.map((l) => {
                const current = l.id === currentId;
                const done = completed.has(l.id);
                const toggle = onToggle && l.kind !== 'quiz';
                return (
                  <li key={l.id} className="learn-lecture-item">
                    {toggle && (
                      <input
                        type="checkbox"
                        className="learn-check"
                        checked={done}
                        onChange={(e) => onToggle(l.id, e.target.checked)}
                        aria-label={`Completed: ${l.title}`}
                        data-testid="lecture-complete-toggle"
                      />
                    )}
                    <Link
                      ref={current ? currentRef : undefined}
                      to={`/learn/${encodeURIComponent(slug)}/${encodeURIComponent(l.id)}`}
                      className={['learn-lecture', current ? 'learn-lecture-current' : ''].filter(Boolean).join(' ')}
                      aria-current={current ? 'page' : undefined}
                      data-testid="player-lecture"
                      data-done={done || undefined}
                      onClick={() => setOpen(false)}
                    >
                      <span className={toggle ? 'learn-tick-space' : ['learn-tick', done ? 'learn-tick-done' : ''].filter(Boolean).join(' ')} aria-hidden="true">
                        {done && !toggle ? '✓' : ''}
                      </span>
                      <span className="learn-lecture-title">
                        {l.title}
                        {done && <span className="sr-only"> (completed)</span>}
                      </span>
                      <span className="learn-lecture-meta muted">
                        {l.kind === 'article' ? 'Article' : l.kind === 'quiz' ? 'Quiz' : l.duration_s ? formatClock(l.duration_s) : ''}
                      </span>
                    </Link>
                  </li>
                );
              })}
            </ol>
          </section>
        ))}
      </div>
    </aside>
  );
}
