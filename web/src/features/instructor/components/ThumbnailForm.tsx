import { useId, useState, type ChangeEvent } from 'react';

import { CourseThumbnail } from '@/components/CourseCard';
import { ErrorMessage } from '@/components/ErrorMessage';
import { Spinner } from '@/components/Spinner';
import { ApiError } from '@/lib/api-client';
import { errorText } from '@/lib/form-errors';
import type { CourseDetail } from '@/types/api';

import { THUMBNAIL_MAX_BYTES, THUMBNAIL_TYPES, useUploadThumbnail } from '../api/upload-thumbnail';

/** Picking a file uploads it at once (PUT /courses/{id}/thumbnail). */
export function ThumbnailForm({ course }: { course: CourseDetail }) {
  const upload = useUploadThumbnail(course.id);
  const [problem, setProblem] = useState('');
  const id = useId();

  const onFile = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = ''; // choosing the same file again still uploads
    if (!file) return;
    if (!THUMBNAIL_TYPES.includes(file.type)) {
      setProblem('That file is not a JPEG, PNG or WebP image. Choose one of those.');
      return;
    }
    if (file.size > THUMBNAIL_MAX_BYTES) {
      setProblem(`That image is ${(file.size / 1024 / 1024).toFixed(1)} MB; the limit is 5 MB. Export a smaller one (1280×720 is plenty).`);
      return;
    }
    setProblem('');
    upload.mutate(file);
  };

  const error = problem || uploadError(upload.error);

  return (
    <div className="thumbnail-form">
      <CourseThumbnail course={course} className="course-thumb thumbnail-preview" />
      <div className="thumbnail-controls">
        {/* The input is visually hidden but focusable; its label is the visible button. */}
        <input
          id={id}
          name="thumbnail"
          className="file-input"
          type="file"
          accept={THUMBNAIL_TYPES.join(',')}
          onChange={onFile}
          disabled={upload.isPending}
          aria-describedby={`${id}-hint`}
        />
        <label htmlFor={id} className="btn btn-secondary file-button">
          {course.thumbnail_url ? 'Replace image' : 'Choose an image'}
        </label>
        <p className="field-hint" id={`${id}-hint`}>
          JPEG, PNG or WebP, up to 5 MB. 16:9 looks best (e.g. 1280×720).
        </p>
        {upload.isPending && <Spinner label="Uploading…" />}
        {error && (
          <ErrorMessage>
            <p>{error}</p>
          </ErrorMessage>
        )}
      </div>
    </div>
  );
}

function uploadError(error: unknown): string {
  if (!error) return '';
  if (error instanceof ApiError) {
    if (error.status === 404 || error.status === 405) return 'This server can’t take course images yet. Update Lectern, or try again later.';
    // A rejected image names its reason in the field error ("must be a JPEG, PNG or WebP image").
    const reason = error.fieldErrors.thumbnail;
    if (reason) return `${errorText(error)} The image ${reason}.`;
  }
  return errorText(error);
}
