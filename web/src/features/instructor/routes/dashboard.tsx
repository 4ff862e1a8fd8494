import { Link } from 'react-router';

import { Button } from '@/components/Button';
import { EmptyState } from '@/components/EmptyState';
import { ErrorMessage } from '@/components/ErrorMessage';
import { PageSpinner } from '@/components/Spinner';
import { hasRole, RequireAuth, useBecomeInstructor, useUser } from '@/lib/auth';
import { formatAmount, formatRating, plural } from '@/lib/format';

import { useInstructorDashboard, type DashboardCourse, type DashboardReview, type Earnings, type InstructorDashboard } from '../api/dashboard';
import { CreateCourseForm } from '../components/CreateCourseForm';
import { StatusBadge } from '../components/StatusBadge';

import '../components/instructor.css';

/** /instructor: the instructor's landing page — figures at a glance, then onward to courses, revenue and questions. */
function Dashboard() {
  const dash = useInstructorDashboard();

  let body;
  if (dash.isPending) {
    body = <PageSpinner label="Loading your figures…" />;
  } else if (dash.isError) {
    body = (
      <ErrorMessage
        title="We couldn’t load your dashboard."
        error={dash.error}
        action={
          <Button variant="secondary" onClick={() => void dash.refetch()}>
            Try again
          </Button>
        }
      />
    );
  } else {
    body = <Figures d={dash.data} />;
  }

  return (
    <div className="instructor-dashboard" data-testid="instructor-dashboard">
      <title>Teach · Lectern</title>
      <div className="dash-head">
        <h1>Your teaching dashboard</h1>
        <nav className="dash-links" aria-label="Instructor pages">
          <Link to="/instructor/revenue" className="btn btn-secondary btn-small" data-testid="revenue-link">
            Revenue and coupons
          </Link>
          <Link to="/instructor/questions" className="btn btn-secondary btn-small" data-testid="qa-inbox-link">
            Q&amp;A inbox
            {dash.data && dash.data.unanswered_questions > 0 && <span className="dash-count"> ({dash.data.unanswered_questions})</span>}
          </Link>
          <Link to="/instructor/reviews" className="btn btn-secondary btn-small">
            Reviews
          </Link>
        </nav>
      </div>
      <div className="stack">
        {body}
        <CreateCourseForm />
      </div>
    </div>
  );
}

function Figures({ d }: { d: InstructorDashboard }) {
  const days = d.window_days;
  return (
    <>
      <section aria-labelledby="glance-heading">
        <h2 id="glance-heading" className="sr-only">
          At a glance
        </h2>
        <ul className="dash-cards">
          <li className="card dash-card" data-testid="dash-students">
            <h3 id="dash-students-label" className="dash-label">
              Students
            </h3>
            <p className="dash-figure" data-testid="dash-students-total">
              {d.students.toLocaleString()}
            </p>
            <p className="dash-note">
              {d.new_students > 0 ? `+${d.new_students.toLocaleString()} new in the last ${days} days` : `No new students in the last ${days} days`}
            </p>
          </li>
          <li className="card dash-card" data-testid="dash-earnings">
            <h3 id="dash-earnings-label" className="dash-label">
              Earnings, last {days} days
            </h3>
            {d.earnings.length === 0 ? (
              <>
                <p className="dash-figure">—</p>
                <p className="dash-note">No sales yet</p>
              </>
            ) : (
              <EarningsFigures earnings={d.earnings} />
            )}
          </li>
          <li className="card dash-card" data-testid="dash-rating">
            <h3 id="dash-rating-label" className="dash-label">
              Average rating
            </h3>
            {d.rating_count > 0 ? (
              <>
                <p className="dash-figure">
                  {formatRating(d.rating_avg)}
                  <span className="dash-star" aria-hidden="true">
                    {' '}
                    ★
                  </span>
                  <span className="sr-only"> out of 5</span>
                </p>
                <p className="dash-note">{plural(d.rating_count, 'review')} of your published courses</p>
              </>
            ) : (
              <>
                <p className="dash-figure">—</p>
                <p className="dash-note">No reviews yet</p>
              </>
            )}
          </li>
          <li className="card dash-card" data-testid="dash-balance">
            <h3 id="dash-balance-label" className="dash-label">
              Balance
            </h3>
            {d.balances.length === 0 ? (
              <p className="dash-figure">—</p>
            ) : (
              d.balances.map((b) => (
                <p key={b.currency} className="dash-balance-line">
                  <strong>{formatAmount(b.available_cents, b.currency)}</strong> available
                  {b.pending_cents !== 0 && <span className="dash-note"> · {formatAmount(b.pending_cents, b.currency)} pending</span>}
                </p>
              ))
            )}
            <p className="dash-note">
              <Link to="/instructor/revenue">Payouts and statement</Link>
            </p>
          </li>
          <li className="card dash-card" data-testid="dash-questions">
            <h3 id="dash-questions-label" className="dash-label">
              Unanswered questions
            </h3>
            <p className="dash-figure">{d.unanswered_questions.toLocaleString()}</p>
            <p className="dash-note">
              <Link to="/instructor/questions">{d.unanswered_questions > 0 ? 'Answer them in your inbox' : 'Open your Q&A inbox'}</Link>
            </p>
          </li>
        </ul>
      </section>

      <div className="dash-columns">
        <CourseTable courses={d.courses} />
        <RecentReviews reviews={d.recent_reviews} />
      </div>
    </>
  );
}

function EarningsFigures({ earnings }: { earnings: Earnings[] }) {
  return (
    <>
      {earnings.map((e) => (
        <p key={e.currency} className="dash-figure dash-money" data-testid="dash-earnings-recent" data-currency={e.currency}>
          {formatAmount(e.recent_earnings_cents, e.currency)}
        </p>
      ))}
      <p className="dash-note">
        All time:{' '}
        {earnings.map((e, i) => (
          <span key={e.currency} data-testid="dash-earnings-total" data-currency={e.currency}>
            {i > 0 && ', '}
            {formatAmount(e.earnings_cents, e.currency)}
          </span>
        ))}
      </p>
    </>
  );
}

function CourseTable({ courses }: { courses: DashboardCourse[] }) {
  return (
    <section className="card dash-courses" aria-labelledby="mine-heading">
      <h2 id="mine-heading">Your courses</h2>
      {courses.length === 0 ? (
        <p className="muted" data-testid="dash-no-courses">
          You have no courses yet. Give your first course a title below: you can add lectures, a description and a price before anyone sees it.
        </p>
      ) : (
        <div className="dash-table-wrap" role="region" aria-label="Your courses table" tabIndex={0}>
          <table className="dash-table" data-testid="dash-courses">
            <thead>
              <tr>
                <th scope="col">Course</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Students
                </th>
                <th scope="col" className="num">
                  Rating
                </th>
                <th scope="col" className="num">
                  Earnings
                </th>
              </tr>
            </thead>
            <tbody>
              {courses.map((c) => (
                <tr key={c.id} data-testid="dash-course" data-course-id={c.id}>
                  <th scope="row">
                    <Link to={`/instructor/courses/${encodeURIComponent(c.id)}/edit`}>{c.title}</Link>
                    <span className="dash-row-links">
                      <Link to={`/instructor/courses/${encodeURIComponent(c.id)}/analytics`} data-testid="analytics-link">
                        Analytics<span className="sr-only"> of {c.title}</span>
                      </Link>
                      {c.status !== 'draft' && (
                        <Link to={`/courses/${encodeURIComponent(c.slug)}`}>
                          View<span className="sr-only"> {c.title}</span>
                        </Link>
                      )}
                    </span>
                  </th>
                  <td data-label="Status">
                    <StatusBadge status={c.status} />
                  </td>
                  <td className="num" data-label="Students">
                    {c.students.toLocaleString()}
                  </td>
                  <td className="num" data-label="Rating">
                    {c.rating_count > 0 ? (
                      <>
                        {formatRating(c.rating_avg)} <span className="dash-note">({c.rating_count.toLocaleString()})</span>
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td className="num" data-label="Earnings">
                    {c.earnings.length === 0 ? '—' : c.earnings.map((e) => formatAmount(e.earnings_cents, e.currency)).join(', ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function RecentReviews({ reviews }: { reviews: DashboardReview[] }) {
  return (
    <section className="card dash-reviews" aria-labelledby="recent-reviews-heading">
      <h2 id="recent-reviews-heading">Recent reviews</h2>
      {reviews.length === 0 ? (
        <p className="muted">No reviews yet. They appear here as students rate your courses.</p>
      ) : (
        <>
          <ul className="dash-review-list" aria-labelledby="recent-reviews-heading">
            {reviews.map((r) => (
              <li key={r.id} className="dash-review" data-testid="dash-review">
                <h3 className="dash-review-course">
                  <Link to={`/courses/${encodeURIComponent(r.course.slug)}`}>{r.course.title}</Link>
                </h3>
                <p className="dash-review-meta">
                  <span className="dash-stars" role="img" aria-label={`Rated ${r.rating} out of 5`}>
                    <span aria-hidden="true">{'★'.repeat(r.rating)}</span>
                    <span className="dash-stars-empty" aria-hidden="true">
                      {'★'.repeat(5 - r.rating)}
                    </span>
                  </span>{' '}
                  {r.student_name} · <time dateTime={r.created_at}>{new Date(r.created_at).toLocaleDateString()}</time>
                </p>
                {r.comment && <p className="dash-review-text">{r.comment}</p>}
              </li>
            ))}
          </ul>
          <p className="dash-note">
            <Link to="/instructor/reviews">All reviews and replies</Link>
          </p>
        </>
      )}
    </section>
  );
}

function BecomeInstructor() {
  const become = useBecomeInstructor();
  return (
    <EmptyState
      level={1}
      title="Become an instructor"
      action={
        <Button loading={become.isPending} onClick={() => become.mutate()}>
          Become an instructor
        </Button>
      }
    >
      <p>Share what you know: create courses, publish video and article lectures, and teach students anywhere. It’s free and takes one click.</p>
      {become.isError && <ErrorMessage error={become.error} />}
    </EmptyState>
  );
}

export default function DashboardRoute() {
  const { user } = useUser();
  return (
    <RequireAuth pending={<PageSpinner />}>
      {hasRole(user, 'instructor') || hasRole(user, 'admin') ? <Dashboard /> : <BecomeInstructor />}
    </RequireAuth>
  );
}
