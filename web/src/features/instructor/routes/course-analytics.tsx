import { useId, useState } from 'react';
import { Link, useParams } from 'react-router';

import { Button } from '@/components/Button';
import { EmptyState } from '@/components/EmptyState';
import { ErrorMessage } from '@/components/ErrorMessage';
import { PageSpinner, Spinner } from '@/components/Spinner';
import { ApiError } from '@/lib/api-client';
import { RequireAuth } from '@/lib/auth';
import { formatPrice, plural } from '@/lib/format';

import { useCourseAnalytics, useDropOff, type CourseAnalytics, type DayCount } from '../api/analytics';
import { DropOffChart } from '../components/DropOffChart';
import { byWeek } from '../utils/analytics';

import '../components/instructor.css';

const pct = (share: number) => `${Math.round(share * 100)}%`;

function shortDay(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

/** Enrolments per day or week as SVG bars, with a table of the same numbers. */
function EnrollmentChart({ days }: { days: DayCount[] }) {
  const [weekly, setWeekly] = useState(false);
  const titleId = useId();
  const points = weekly ? byWeek(days) : days;
  const max = Math.max(1, ...points.map((p) => p.count));
  const W = 640;
  const H = 160;
  const bar = W / Math.max(points.length, 1);
  const total = days.reduce((s, d) => s + d.count, 0);
  return (
    <>
      <fieldset className="analytics-toggle">
        <legend className="sr-only">Group enrolments by</legend>
        <label>
          <input type="radio" name="period" checked={!weekly} onChange={() => setWeekly(false)} /> Per day
        </label>
        <label>
          <input type="radio" name="period" checked={weekly} onChange={() => setWeekly(true)} /> Per week
        </label>
      </fieldset>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={titleId} className="analytics-bars">
        <title id={titleId}>{`${plural(total, 'enrolment')} ${weekly ? 'per week' : 'per day'}; the most in one ${weekly ? 'week' : 'day'}: ${max}.`}</title>
        {points.map((p, i) => {
          const h = (p.count / max) * (H - 4);
          return (
            <rect key={p.day} x={i * bar + bar * 0.1} width={bar * 0.8} y={H - h} height={h} className="chart-bar">
              <title>{`${weekly ? 'Week of ' : ''}${shortDay(p.day)}: ${p.count}`}</title>
            </rect>
          );
        })}
      </svg>
      <details>
        <summary>Enrolments as a table</summary>
        <table className="analytics-table">
          <thead>
            <tr>
              <th scope="col">{weekly ? 'Week of' : 'Day'}</th>
              <th scope="col">Enrolments</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.day}>
                <td>{p.day}</td>
                <td>{p.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </>
  );
}

function DropOffSection({ a }: { a: CourseAnalytics }) {
  const videos = a.lectures.filter((l) => l.kind === 'video' && l.duration_s > 0);
  const [lecture, setLecture] = useState(videos[0]?.id);
  const curve = useDropOff(lecture);
  if (videos.length === 0) return <p className="muted">No video lectures yet.</p>;
  return (
    <>
      <label className="field-label" htmlFor="dropoff-video">
        Video
      </label>{' '}
      <select id="dropoff-video" value={lecture} onChange={(e) => setLecture(e.target.value)} data-testid="dropoff-select">
        {videos.map((v) => (
          <option key={v.id} value={v.id}>
            {v.title}
          </option>
        ))}
      </select>
      {curve.isPending ? (
        <Spinner label="Loading the curve…" />
      ) : curve.isError ? (
        <ErrorMessage error={curve.error} />
      ) : curve.data.viewers === 0 ? (
        <p className="muted">Nobody has watched this video yet.</p>
      ) : (
        <DropOffChart data={curve.data} />
      )}
    </>
  );
}

function Analytics({ id }: { id: string }) {
  const q = useCourseAnalytics(id);
  if (q.isPending) return <PageSpinner label="Loading the analytics…" />;
  if (q.isError) {
    if (q.error instanceof ApiError && (q.error.status === 404 || q.error.status === 403)) {
      return (
        <EmptyState level={1} title="Course not found" action={<Link to="/instructor" className="btn btn-primary">Go to your courses</Link>}>
          <p>Only a course’s instructor and administrators see its analytics.</p>
        </EmptyState>
      );
    }
    return (
      <ErrorMessage
        title="We couldn’t load the analytics."
        error={q.error}
        action={
          <Button variant="secondary" onClick={() => void q.refetch()}>
            Try again
          </Button>
        }
      />
    );
  }
  const a = q.data;
  const titles = new Map(a.lectures.map((l) => [l.id, l.title]));
  return (
    <div className="analytics" data-testid="course-analytics">
      <title>{`Analytics: ${a.course.title} · Lectern`}</title>
      <Link to={`/instructor/courses/${a.course.id}/edit`} className="editor-back">
        ← Edit the course
      </Link>
      <h1>Analytics: {a.course.title}</h1>
      <p className="lead">{plural(a.enrolled, 'student')} enrolled now. Days are UTC days.</p>

      <section className="card" aria-labelledby="enrolments-heading">
        <h2 id="enrolments-heading">Enrolments</h2>
        {a.enrollments.length === 0 ? <p className="muted">No enrolments yet.</p> : <EnrollmentChart days={a.enrollments} />}
      </section>

      <section className="card" aria-labelledby="revenue-heading">
        <h2 id="revenue-heading">Revenue</h2>
        {a.sales.length === 0 ? (
          <p className="muted">No sales yet.</p>
        ) : (
          <table className="analytics-table" data-testid="analytics-sales">
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Sales</th>
                <th scope="col">Paid</th>
                <th scope="col">Refunded</th>
              </tr>
            </thead>
            <tbody>
              {a.sales.map((d) => (
                <tr key={d.day + d.currency}>
                  <td>{d.day}</td>
                  <td>{d.sales}</td>
                  <td>{formatPrice(d.gross_cents, d.currency)}</td>
                  <td>{d.refunded_cents ? formatPrice(d.refunded_cents, d.currency) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="card" aria-labelledby="completion-heading">
        <h2 id="completion-heading">Completion per lecture</h2>
        <p className="card-lead">The share of students enrolled now who completed each lecture: where it falls is where students stop.</p>
        <table className="analytics-table" data-testid="analytics-completion">
          <thead>
            <tr>
              <th scope="col">Lecture</th>
              <th scope="col">Completed</th>
            </tr>
          </thead>
          <tbody>
            {a.lectures.map((l) => (
              <tr key={l.id}>
                <th scope="row">{l.title}</th>
                <td>
                  <span className="completion-bar" aria-hidden="true">
                    <span style={{ width: pct(l.share) }} />
                  </span>{' '}
                  {pct(l.share)} ({l.completed})
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      {a.quizzes.length > 0 && (
        <section className="card" aria-labelledby="quizzes-heading">
          <h2 id="quizzes-heading">Quiz scores</h2>
          <table className="analytics-table" data-testid="analytics-quizzes">
            <thead>
              <tr>
                <th scope="col">Quiz</th>
                <th scope="col">Students</th>
                <th scope="col">Average best score</th>
                <th scope="col">Passed</th>
                <th scope="col">Attempts</th>
              </tr>
            </thead>
            <tbody>
              {a.quizzes.map((q) => (
                <tr key={q.lecture_id}>
                  <th scope="row">{titles.get(q.lecture_id) ?? 'Quiz'}</th>
                  <td>{q.students}</td>
                  <td>{Math.round(q.avg_best_percent)}%</td>
                  <td>{q.passed}</td>
                  <td>{q.attempts}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      <section className="card" aria-labelledby="dropoff-heading">
        <h2 id="dropoff-heading">Video drop-off</h2>
        <p className="card-lead">For each moment of a video, the share of its viewers who watched it.</p>
        <DropOffSection a={a} />
      </section>
    </div>
  );
}

export default function CourseAnalyticsRoute() {
  const { id = '' } = useParams();
  return (
    <RequireAuth pending={<PageSpinner />}>
      <Analytics id={id} />
    </RequireAuth>
  );
}
