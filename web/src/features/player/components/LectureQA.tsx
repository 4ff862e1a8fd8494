import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';

import { Button } from '@/components/Button';
import { ErrorMessage } from '@/components/ErrorMessage';
import { Field, TextAreaField } from '@/components/Field';
import { Spinner } from '@/components/Spinner';
import { ApiError } from '@/lib/api-client';

import { useAccept, useAnswer, useAsk, useLectureQuestions, useVote, type Answer, type Question } from '../api/qa';
import { clock, seekVideo, videoTime } from '../utils/video';

/** The lecture's questions and answers: ask (optionally at the current video time), search, answer, accept, upvote. */
export function LectureQA({ lectureId, userId, video }: { lectureId: string; userId: string; video: boolean }) {
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const list = useLectureQuestions(lectureId, q);
  // A notification links to /learn/…?question=ID: that question opens, and
  // the list is read again, since the news is why the student came.
  const [params] = useSearchParams();
  const focus = params.get('question');
  const queryClient = useQueryClient();
  useEffect(() => {
    if (focus) void queryClient.invalidateQueries({ queryKey: ['learn', 'qa', lectureId] });
  }, [focus, lectureId, queryClient]);

  return (
    <div className="qa" data-testid="qa-panel">
      <AskForm lectureId={lectureId} video={video} />
      <form
        role="search"
        aria-label="Questions about this lecture"
        className="qa-search"
        onSubmit={(e) => {
          e.preventDefault();
          setQ(search.trim());
        }}
      >
        <Field label="Search questions" type="search" value={search} onChange={(e) => setSearch(e.target.value)} data-testid="qa-search" />
        <Button type="submit" variant="secondary">
          Search
        </Button>
      </form>
      {list.isPending ? (
        <Spinner label="Loading questions…" />
      ) : list.isError ? (
        <ErrorMessage error={list.error} />
      ) : list.data.items.length === 0 ? (
        <p className="muted">{q ? 'No questions match your search.' : 'No questions yet. Be the first to ask.'}</p>
      ) : (
        <ul className="qa-list" aria-label="Questions">
          {list.data.items.map((question) => (
            <QuestionItem key={question.id} question={question} lectureId={lectureId} userId={userId} focused={question.id === focus} />
          ))}
        </ul>
      )}
    </div>
  );
}

function AskForm({ lectureId, video }: { lectureId: string; video: boolean }) {
  const ask = useAsk(lectureId);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [atNow, setAtNow] = useState(video);
  const errors = ask.error instanceof ApiError ? ask.error.fieldErrors : {};

  const submit = (e: FormEvent) => {
    e.preventDefault();
    ask.mutate(
      { title, body, at_s: atNow ? videoTime() : null },
      {
        onSuccess: () => {
          setTitle('');
          setBody('');
        },
      },
    );
  };

  return (
    <form className="qa-ask card" onSubmit={submit} data-testid="qa-ask">
      <h2 className="h3">Ask a question</h2>
      <Field label="Question" value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={200} error={errors.title} data-testid="qa-title" />
      <TextAreaField label="Details (optional)" value={body} onChange={(e) => setBody(e.target.value)} rows={3} error={errors.body} data-testid="qa-body" />
      {video && (
        <label className="checkbox">
          <input type="checkbox" checked={atNow} onChange={(e) => setAtNow(e.target.checked)} data-testid="qa-at-now" /> At the current time of the video
        </label>
      )}
      {ask.isError && !Object.keys(errors).length && <ErrorMessage error={ask.error} />}
      <Button type="submit" loading={ask.isPending} data-testid="qa-submit">
        Ask
      </Button>
    </form>
  );
}

function QuestionItem({ question, lectureId, userId, focused }: { question: Question; lectureId: string; userId: string; focused: boolean }) {
  const vote = useVote(lectureId);
  // null: not toggled by hand yet, so open exactly when a link points here.
  const [toggled, setOpen] = useState<boolean | null>(null);
  const open = toggled ?? focused;
  const ref = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (focused) ref.current?.scrollIntoView({ block: 'center' });
  }, [focused]);
  return (
    <li ref={ref} className={focused ? 'qa-question qa-focused' : 'qa-question'} data-testid="qa-question" data-question-id={question.id} data-focused={focused || undefined}>
      <div className="qa-head">
        <h4>{question.title}</h4>
        {question.at_s != null && (
          <button type="button" className="qa-time" onClick={() => seekVideo(question.at_s ?? 0)} aria-label={`Play from ${clock(question.at_s)}`}>
            {clock(question.at_s)}
          </button>
        )}
      </div>
      {question.body && <p className="qa-body">{question.body}</p>}
      <p className="qa-meta muted">
        {question.user.name}
        {question.by_instructor && <span className="badge">Instructor</span>}
        {question.status !== 'visible' && <span className="badge">Under review</span>}
        {' · '}
        {question.answers.length} {question.answers.length === 1 ? 'answer' : 'answers'}
      </p>
      <div className="qa-actions">
        <Button variant="secondary" className="btn-small" aria-pressed={question.voted} onClick={() => vote.mutate({ kind: 'questions', id: question.id })} data-testid="qa-upvote">
          ▲ {question.upvotes} <span className="sr-only">upvotes</span>
        </Button>
        <Button variant="link" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Hide answers' : question.answers.length ? 'Show answers' : 'Answer'}
        </Button>
      </div>
      {open && (
        <div className="qa-thread">
          <ul className="qa-answers" aria-label="Answers">
            {question.answers.map((a) => (
              <AnswerItem key={a.id} answer={a} lectureId={lectureId} canAccept={question.user.id === userId} />
            ))}
          </ul>
          <AnswerForm questionId={question.id} lectureId={lectureId} />
        </div>
      )}
    </li>
  );
}

function AnswerItem({ answer, lectureId, canAccept }: { answer: Answer; lectureId: string; canAccept: boolean }) {
  const accept = useAccept(lectureId);
  const vote = useVote(lectureId);
  return (
    <li
      className={answer.accepted ? 'qa-answer qa-accepted' : 'qa-answer'}
      data-testid="qa-answer"
      data-by-instructor={answer.by_instructor || undefined}
      data-accepted={answer.accepted || undefined}
    >
      <p>{answer.body}</p>
      <p className="qa-meta muted">
        {answer.user.name}
        {answer.by_instructor && <span className="badge badge-instructor">Instructor</span>}
        {answer.accepted && <span className="badge badge-accepted">Accepted answer</span>}
      </p>
      <div className="qa-actions">
        <Button variant="secondary" className="btn-small" aria-pressed={answer.voted} onClick={() => vote.mutate({ kind: 'answers', id: answer.id })}>
          ▲ {answer.upvotes} <span className="sr-only">upvotes</span>
        </Button>
        {canAccept && (
          <Button variant="link" onClick={() => accept.mutate(answer.id)} data-testid="qa-accept">
            {answer.accepted ? 'Unaccept' : 'Accept this answer'}
          </Button>
        )}
      </div>
    </li>
  );
}

function AnswerForm({ questionId, lectureId }: { questionId: string; lectureId: string }) {
  const answer = useAnswer(lectureId);
  const [body, setBody] = useState('');
  const errors = answer.error instanceof ApiError ? answer.error.fieldErrors : {};
  return (
    <form
      className="qa-answer-form"
      onSubmit={(e) => {
        e.preventDefault();
        answer.mutate({ questionId, body }, { onSuccess: () => setBody('') });
      }}
    >
      <TextAreaField label="Your answer" value={body} onChange={(e) => setBody(e.target.value)} rows={2} required error={errors.body} />
      {answer.isError && !errors.body && <ErrorMessage error={answer.error} />}
      <Button type="submit" className="btn-small" loading={answer.isPending}>
        Post answer
      </Button>
    </form>
  );
}
