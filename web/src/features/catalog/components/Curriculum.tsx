import { formatClock, formatDuration, plural } from '@/lib/format';
import type { Section } from '@/types/api';

/**
 * The course's sections as an accordion of native <details>: keyboard and
 * screen readers get expand/collapse for free. The first section starts open.
 */
export function Curriculum({ sections }: { sections: Section[] }) {
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
                      <span className="lecture-title">{l.title}</span>
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
