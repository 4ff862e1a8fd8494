import { useState, type FormEvent, type MouseEvent } from 'react';

import { Button } from '@/components/Button';
import { ErrorMessage } from '@/components/ErrorMessage';
import { TextAreaField } from '@/components/Field';
import { Spinner } from '@/components/Spinner';
import { api, ApiError } from '@/lib/api-client';

import { useAddNote, useDeleteNote, useLectureNotes } from '../api/notes';
import { clock, seekVideo, videoTime } from '../utils/video';

/** Private notes at times in the lecture; clicking a time plays the video from there. */
export function LectureNotes({ lectureId, courseId, video }: { lectureId: string; courseId: string; video: boolean }) {
  const notes = useLectureNotes(lectureId);
  const add = useAddNote(lectureId);
  const del = useDeleteNote(lectureId);
  const [body, setBody] = useState('');
  const errors = add.error instanceof ApiError ? add.error.fieldErrors : {};

  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate({ at_s: videoTime() ?? 0, body }, { onSuccess: () => setBody('') });
  };

  return (
    <div className="notes" data-testid="notes-panel">
      <form className="notes-add" onSubmit={submit}>
        <TextAreaField
          label={video ? 'New note at the current time' : 'New note'}
          value={body}
          onChange={(e) => setBody(e.target.value)}
          rows={2}
          required
          error={errors.body}
          data-testid="note-body"
        />
        {add.isError && !errors.body && <ErrorMessage error={add.error} />}
        <Button type="submit" className="btn-small" loading={add.isPending} data-testid="note-save">
          Save note
        </Button>
      </form>
      {notes.isPending ? (
        <Spinner label="Loading your notes…" />
      ) : notes.isError ? (
        <ErrorMessage error={notes.error} />
      ) : notes.data.items.length === 0 ? (
        <p className="muted">No notes on this lecture yet. Only you can see your notes.</p>
      ) : (
        <ul className="notes-list" aria-label="Your notes">
          {notes.data.items.map((n) => (
            <li key={n.id} className="note" data-testid="note">
              {video ? (
                <button type="button" className="qa-time" onClick={() => seekVideo(n.at_s)} data-testid="note-time" aria-label={`Play from ${clock(n.at_s)}`}>
                  {clock(n.at_s)}
                </button>
              ) : null}
              <span className="note-body">{n.body}</span>
              <Button variant="link" onClick={() => del.mutate(n.id)} aria-label={`Delete the note at ${clock(n.at_s)}`}>
                Delete
              </Button>
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href={`/api/v1/courses/${encodeURIComponent(courseId)}/notes.md`} onClick={(e) => void downloadNotes(e, courseId)} data-testid="notes-download">
          Download all your notes on this course (Markdown)
        </a>
      </p>
    </div>
  );
}

/** The export needs the bearer token, so it is fetched through the API client and saved from a blob. */
async function downloadNotes(e: MouseEvent, courseId: string) {
  e.preventDefault();
  const text = await api.get<string>(`/courses/${encodeURIComponent(courseId)}/notes.md`, { text: true });
  const url = URL.createObjectURL(new Blob([text], { type: 'text/markdown' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = 'notes.md';
  a.click();
  URL.revokeObjectURL(url);
}
