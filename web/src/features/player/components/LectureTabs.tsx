import { useState } from 'react';
import { useSearchParams } from 'react-router';

import { LectureNotes } from './LectureNotes';
import { LectureQA } from './LectureQA';

/** Under the lecture: its Q&A and the viewer's own notes, as two tabs. */
export function LectureTabs({ lectureId, courseId, userId, video }: { lectureId: string; courseId: string; userId: string; video: boolean }) {
  const [tab, setTab] = useState<'qa' | 'notes'>('qa');
  // A link to a question (from a notification) shows the Q&A tab, whichever was open.
  const focus = useSearchParams()[0].get('question');
  const [seenFocus, setSeenFocus] = useState(focus);
  if (focus !== seenFocus) {
    setSeenFocus(focus);
    if (focus) setTab('qa');
  }
  const tabs = [
    { id: 'qa', label: 'Q&A' },
    { id: 'notes', label: 'Notes' },
  ] as const;
  return (
    <section className="lecture-tabs" aria-label="Questions and notes">
      <div role="tablist" className="tabs" aria-label="Lecture tools">
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`panel-${t.id}`}
            className={tab === t.id ? 'tab tab-active' : 'tab'}
            onClick={() => setTab(t.id)}
            data-testid={`tab-${t.id}`}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'qa' ? (
          <LectureQA key={lectureId} lectureId={lectureId} userId={userId} video={video} />
        ) : (
          <LectureNotes key={lectureId} lectureId={lectureId} courseId={courseId} video={video} />
        )}
      </div>
    </section>
  );
}
