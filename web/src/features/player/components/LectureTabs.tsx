import { useState } from 'react';
import { useSearchParams } from 'react-router';

import { AnnouncementList } from '@/components/AnnouncementList';
import { EmptyState } from '@/components/EmptyState';
import { ErrorMessage } from '@/components/ErrorMessage';
import { Spinner } from '@/components/Spinner';
import { useAnnouncements } from '@/lib/announcements';

import { LectureNotes } from './LectureNotes';
import { LectureQA } from './LectureQA';

type Tab = 'qa' | 'notes' | 'announcements';

/** Under the lecture: its Q&A, the viewer's own notes and the course's announcements, as tabs. */
export function LectureTabs({ lectureId, courseId, userId, video }: { lectureId: string; courseId: string; userId: string; video: boolean }) {
  // A notification links to a question (?question=) or the announcements
  // (?announcements=1): that tab shows, whichever was open.
  const [params] = useSearchParams();
  const linked: Tab | null = params.get('question') ? 'qa' : params.get('announcements') ? 'announcements' : null;
  const [tab, setTab] = useState<Tab>(linked ?? 'qa');
  const link = params.toString();
  const [seenLink, setSeenLink] = useState(link);
  if (link !== seenLink) {
    setSeenLink(link);
    if (linked) setTab(linked);
  }
  const tabs = [
    { id: 'qa', label: 'Q&A' },
    { id: 'notes', label: 'Notes' },
    { id: 'announcements', label: 'Announcements' },
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
        ) : tab === 'notes' ? (
          <LectureNotes key={lectureId} lectureId={lectureId} courseId={courseId} video={video} />
        ) : (
          <CourseAnnouncements courseId={courseId} />
        )}
      </div>
    </section>
  );
}

function CourseAnnouncements({ courseId }: { courseId: string }) {
  const list = useAnnouncements(courseId);
  if (list.isPending) return <Spinner label="Loading announcements…" />;
  if (list.isError) return <ErrorMessage error={list.error} />;
  if (list.data.items.length === 0)
    return (
      <EmptyState title="No announcements yet">
        <p>When the instructor posts one, it shows here and under the bell.</p>
      </EmptyState>
    );
  return <AnnouncementList items={list.data.items} />;
}
