import type { CourseStatus } from '@/types/api';

const LABELS: Record<CourseStatus, string> = { draft: 'Draft', published: 'Published', unlisted: 'Unlisted', archived: 'Archived' };

export function StatusBadge({ status }: { status: CourseStatus }) {
  const tone = status === 'published' ? 'badge badge-ok' : status === 'draft' ? 'badge badge-warn' : 'badge';
  return (
    <span className={tone} data-testid="course-status" data-status={status}>
      {LABELS[status] ?? status}
    </span>
  );
}
