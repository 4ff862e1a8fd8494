import { Link, useParams } from 'react-router';

import { EmptyState } from '@/components/EmptyState';
import { ErrorMessage } from '@/components/ErrorMessage';
import { PageSpinner } from '@/components/Spinner';
import { ApiError } from '@/lib/api-client';
import { formatDuration } from '@/lib/format';

import { useCertificate } from '../api/certificates';

import '../components/learning.css';

/** /certificates/:id: the public page that verifies a certificate of completion. */
export default function CertificateRoute() {
  const { id = '' } = useParams();
  const cert = useCertificate(id);
  if (cert.isPending) return <PageSpinner label="Checking the certificate…" />;
  if (cert.isError) {
    if (cert.error instanceof ApiError && cert.error.status === 404) {
      return (
        <EmptyState level={1} title="No such certificate" action={<Link to="/courses" className="btn btn-primary">Browse courses</Link>}>
          <p>Lectern issued no certificate with this id. Check the address: it must be copied exactly.</p>
        </EmptyState>
      );
    }
    return <ErrorMessage title="We couldn’t check this certificate." error={cert.error} />;
  }
  const c = cert.data;
  const issued = new Date(c.issued_at).toLocaleDateString(undefined, { year: 'numeric', month: 'long', day: 'numeric' });
  return (
    <>
      <title>{`Certificate: ${c.student_name} · ${c.course.title} · Lectern`}</title>
      <article className="certificate-page card" data-testid="certificate">
        <p className="muted">✓ Verified certificate of completion</p>
        <p>This certifies that</p>
        <h1 className="certificate-name" data-testid="certificate-student">
          {c.student_name}
        </h1>
        <p>completed the course</p>
        <h2>
          <Link to={`/courses/${encodeURIComponent(c.course.slug)}`}>{c.course.title}</Link>
        </h2>
        <p>
          taught by {c.instructor_name} · {formatDuration(c.content_s) || 'less than a minute'} of content · completed on {issued}
        </p>
        <p className="form-actions certificate-actions">
          <a className="btn btn-primary" href={c.pdf_url} data-testid="certificate-download">
            Download PDF
          </a>
        </p>
        <p className="muted">Certificate id {c.id}</p>
      </article>
    </>
  );
}
