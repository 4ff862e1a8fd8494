import { Button } from '@/components/Button';
import { ErrorMessage } from '@/components/ErrorMessage';
import { useBecomeInstructor } from '@/lib/auth';

/** Shown to users who are not instructors yet. */
export function InstructorCard() {
  const become = useBecomeInstructor();
  return (
    <section className="card card-accent" aria-labelledby="instructor-heading">
      <h2 id="instructor-heading">Become an instructor</h2>
      <p>Share what you know: create courses, upload video lectures and earn from every sale. It’s free and takes one click.</p>
      {become.isError && <ErrorMessage error={become.error} />}
      <Button loading={become.isPending} onClick={() => become.mutate()}>
        Become an instructor
      </Button>
    </section>
  );
}
