import { formatClock, formatDuration, plural } from '@/lib/format';
import type { Lecture, Section } from '@/types/api';

import { previewable } from './CoursePreview';

/**
 * The course's sections as an accordion of native <details>: keyboard and
 * screen readers get expand/collapse for free. The first section starts open.
 * A free preview lecture's title is a button that opens it (onPreview).
 */
export function Curriculum({ sections, onPreview }: { sections: Section[]; onPreview?: (l: Lecture) => void }) {
  const lectures = sections.reduce((n, s) => n + s.lectures.length, 0);
  const total = sections.reduce((n, s) => n + s.lectures.reduce((m, l) => m + l.duration_s, 0), 0);
  if (lectures === 0) {
    return <p className="muted">The instructor hasn’t added any lectures yet.</p>;
  }
  return (
    <div data-testid="curriculum">
      <p className="muted">
        {plural(sections.length, 'section')} · {plural(lectures, 'lecture')}
        {total > 0 && ` · ${formatDuration(total)} in total`}
      </p>
      <div className="accordion">
        {sections.map((section, i) => {
          const length = section.lectures.reduce((m, l) => m + l.duration_s, 0);
          return (
            <details key={section.id} className="accordion-section" open={i === 0} data-testid="curriculum-section">
              <summary>
                <span className="accordion-title">{section.title}</span>
                <span className="accordion-meta">
                  {plural(section.lectures.length, 'lecture')}
                  {length > 0 && ` · ${formatDuration(length)}`}
                </span>
              </summary>
              {section.lectures.length === 0 ? (
                <p className="accordion-empty muted">No lectures in this section yet.</p>
              ) : (
                <ol className="lecture-list">
                  {section.lectures.map((l) => (
                    <li key={l.id} className="lecture-row" data-testid="curriculum-lecture">
                      <span className="lecture-kind" aria-label={l.kind === 'video' ? 'Video' : 'Article'} title={l.kind === 'video' ? 'Video' : 'Article'}>
                        {l.kind === 'video' ? '▶' : '☰'}
                      </span>
                      {onPreview && previewable(l) ? (
                        <button type="button" className="lecture-title lecture-preview-link" onClick={() => onPreview(l)} aria-haspopup="dialog" data-testid="curriculum-preview">
                          {l.title}
                        </button>
                      ) : (
                        <span className="lecture-title">{l.title}</span>
                      )}
                      {l.is_preview && <span className="badge badge-ok">Preview</span>}
                      <span className="lecture-duration">{l.duration_s > 0 ? formatClock(l.duration_s) : ''}</span>
                    </li>
                  ))}
                </ol>
              )}
            </details>
          );
        })}
      </div>
    </div>
  );
}
