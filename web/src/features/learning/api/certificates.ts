import { useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

/** A certificate as anyone verifying it sees it (GET /certificates/{id}). */
export interface PublicCertificate {
  id: string;
  student_name: string;
  course: { id: string; title: string; slug: string };
  instructor_name: string;
  content_s: number;
  issued_at: string;
  verify_url: string;
  pdf_url: string;
}

export function getCertificate(id: string, signal?: AbortSignal): Promise<PublicCertificate> {
  return api.get<PublicCertificate>(`/certificates/${encodeURIComponent(id)}`, { signal });
}

export function useCertificate(id: string) {
  return useQuery({ queryKey: ['certificates', id], queryFn: ({ signal }) => getCertificate(id, signal), retry: false });
}
