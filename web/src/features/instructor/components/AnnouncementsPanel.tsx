import { useState, type FormEvent } from 'react';

import { AnnouncementList } from '@/components/AnnouncementList';
import { Button } from '@/components/Button';
import { ErrorMessage } from '@/components/ErrorMessage';
import { useAnnouncements, usePostAnnouncement } from '@/lib/announcements';
import { formErrors } from '@/lib/form-errors';

/** Write to everyone enrolled (emailed in the background), and see what was sent. */
export function AnnouncementsPanel({ courseId }: { courseId: string }) {
  const list = useAnnouncements(courseId);
  const post = usePostAnnouncement(courseId);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const errors = formErrors(post.error, ['title', 'body_md']);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    post.mutate(
      { title, body_md: body },
      {
        onSuccess: () => {
          setTitle('');
          setBody('');
        },
      },
    );
  };

  return (
    <>
      <form onSubmit={submit} className="announcement-form" noValidate>
        {errors.summary && <ErrorMessage error={post.error} />}
        <label className="field-label" htmlFor="announcement-title">
          Title
        </label>
        <input id="announcement-title" value={title} onChange={(e) => setTitle(e.target.value)} aria-invalid={!!errors.field('title')} maxLength={200} />
        {errors.field('title') && <p className="field-error">{errors.field('title')}</p>}
        <label className="field-label" htmlFor="announcement-body">
          Message (Markdown)
        </label>
        <textarea id="announcement-body" rows={5} value={body} onChange={(e) => setBody(e.target.value)} aria-invalid={!!errors.field('body_md')} />
        {errors.field('body_md') && <p className="field-error">{errors.field('body_md')}</p>}
        <Button type="submit" loading={post.isPending} data-testid="post-announcement">
          Post to enrolled students
        </Button>
        {post.isSuccess && (
          <p role="status" className="muted">
            Posted; the emails go out in the background.
          </p>
        )}
      </form>
      {list.data && list.data.items.length > 0 && <AnnouncementList items={list.data.items} showDelivery />}
    </>
  );
}
