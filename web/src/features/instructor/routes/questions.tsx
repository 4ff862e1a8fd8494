import { useState } from 'react';
import { Link } from 'react-router';

import { Button } from '@/components/Button';
import { EmptyState } from '@/components/EmptyState';
import { ErrorMessage } from '@/components/ErrorMessage';
import { TextAreaField } from '@/components/Field';
import { PageSpinner } from '@/components/Spinner';
import { ApiError } from '@/lib/api-client';

import { useAnswerQuestion, useQuestionInbox, type InboxQuestion } from '../api/questions';

/** /instructor/questions: the Q&A inbox, questions in your courses you have not answered yet. */
export default function QuestionInboxRoute() {
  const inbox = useQuestionInbox();
  let body;
  if (inbox.isPending) body = <PageSpinner label="Loading your questions…" />;
  else if (inbox.isError) body = <ErrorMessage title="We couldn’t load your questions." error={inbox.error} />;
  else if (inbox.data.items.length === 0)
    body = (
      <EmptyState level={2} title="All caught up">
        <p>Every question in your courses has your answer. New ones show up here and under the bell.</p>
      </EmptyState>
    );
  else
    body = (
      <ul className="qa-list" aria-label="Unanswered questions">
        {inbox.data.items.map((q) => (
          <InboxItem key={q.id} question={q} />
        ))}
      </ul>
    );
  return (
    <div className="instructor-questions" data-testid="qa-inbox">
      <title>Q&amp;A inbox · Lectern</title>
      <p>
        <Link to="/instructor">← Your courses</Link>
      </p>
      <h1>Q&amp;A inbox</h1>
      {body}
    </div>
  );
}

function clock(seconds: number) {
  const t = Math.floor(seconds);
  return `${Math.floor(t / 60)}:${String(t % 60).padStart(2, '0')}`;
}

function InboxItem({ question }: { question: InboxQuestion }) {
  const answer = useAnswerQuestion();
  const [text, setText] = useState('');
  const errors = answer.error instanceof ApiError ? answer.error.fieldErrors : {};
  const at = question.at_s != null ? `?t=${Math.floor(question.at_s)}` : '';
  return (
    <li className="qa-question card" data-testid="inbox-question">
      <h2 className="h4">{question.title}</h2>
      {question.body && <p>{question.body}</p>}
      <p className="muted">
        {question.user.name} on{' '}
        <Link to={`/learn/${encodeURIComponent(question.course.slug)}/${encodeURIComponent(question.lecture.id)}${at}`}>
          {question.course.title} · {question.lecture.title}
          {question.at_s != null && ` at ${clock(question.at_s)}`}
        </Link>
        {question.answer_count > 0 && ` · ${question.answer_count} student ${question.answer_count === 1 ? 'answer' : 'answers'}`}
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          answer.mutate({ questionId: question.id, body: text });
        }}
      >
        <TextAreaField label="Your answer" value={text} onChange={(e) => setText(e.target.value)} rows={3} required error={errors.body} data-testid="inbox-answer" />
        {answer.isError && !errors.body && <ErrorMessage error={answer.error} />}
        <Button type="submit" loading={answer.isPending} data-testid="inbox-submit">
          Post answer
        </Button>
      </form>
    </li>
  );
}
