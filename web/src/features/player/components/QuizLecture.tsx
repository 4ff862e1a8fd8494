import { useState, type FormEvent } from 'react';

import { Button } from '@/components/Button';
import { ErrorMessage } from '@/components/ErrorMessage';
import { Spinner } from '@/components/Spinner';
import { ApiError } from '@/lib/api-client';
import type { Lecture } from '@/types/api';

import { useQuiz, useSubmitQuiz } from '../api/quiz';
import type { QuizResult } from '../api/types';

import { PlaybackError } from './PlaybackError';

/**
 * A quiz lecture: the questions (the server never sends the key before an
 * attempt), then the score with every answer explained, and Try again.
 */
export function QuizLecture({ lecture, courseId, courseSlug }: { lecture: Lecture; courseId: string; courseSlug: string }) {
  const quiz = useQuiz(lecture.id);
  const submit = useSubmitQuiz(lecture.id, courseId);
  const [chosen, setChosen] = useState<Record<string, string[]>>({});
  const [result, setResult] = useState<QuizResult | null>(null);

  if (quiz.isPending) return <Spinner label="Loading the quiz…" />;
  if (quiz.isError) {
    if (quiz.error instanceof ApiError && (quiz.error.status === 401 || quiz.error.status === 403)) return <PlaybackError error={quiz.error} courseSlug={courseSlug} />;
    return <ErrorMessage title="We couldn’t load this quiz." error={quiz.error} />;
  }
  const q = quiz.data;
  const answered = q.questions.every((qq) => (chosen[qq.id] ?? []).length > 0);

  const pick = (qid: string, aid: string, multiple: boolean, on: boolean) =>
    setChosen((c) => {
      const cur = c[qid] ?? [];
      const next = multiple ? (on ? [...cur, aid] : cur.filter((x) => x !== aid)) : [aid];
      return { ...c, [qid]: next };
    });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    submit.mutate(chosen, { onSuccess: (r) => setResult(r) });
  };

  if (result) {
    return (
      <section className="learn-quiz card" data-testid="quiz-result" data-passed={result.passed}>
        <h2 className={result.passed ? 'quiz-passed' : 'quiz-failed'} role="status">
          {result.passed ? 'Passed' : 'Not passed yet'}: {result.score_percent}% <span className="muted">(pass mark {result.pass_percent}%)</span>
        </h2>
        <ol className="quiz-questions">
          {result.questions.map((qq) => (
            <li key={qq.id} className={qq.correct ? 'quiz-right' : 'quiz-wrong'}>
              <p className="quiz-prompt">
                {qq.prompt} <strong>{qq.correct ? '✓ Right' : '✗ Wrong'}</strong>
              </p>
              <ul className="quiz-answers">
                {qq.answers.map((a) => (
                  <li key={a.id} className={[a.correct ? 'quiz-key' : '', qq.chosen.includes(a.id) ? 'quiz-chosen' : ''].filter(Boolean).join(' ')}>
                    {a.body}
                    {a.correct && <span className="quiz-tag"> correct answer</span>}
                    {qq.chosen.includes(a.id) && <span className="quiz-tag"> your answer</span>}
                    {a.explanation && <p className="quiz-explanation">{a.explanation}</p>}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
        <div className="form-actions">
          <Button
            variant={result.passed ? 'secondary' : 'primary'}
            onClick={() => {
              setResult(null);
              setChosen({});
            }}
            data-testid="quiz-retry"
          >
            Try again
          </Button>
        </div>
      </section>
    );
  }

  return (
    <form className="learn-quiz card" onSubmit={onSubmit} data-testid="quiz">
      <p className="muted">
        Quiz · {q.questions.length} questions · pass mark {q.pass_percent}%
        {q.passed && <strong className="quiz-passed"> · You passed this quiz</strong>}
        {q.attempts.length > 0 && ` · best score ${Math.max(...q.attempts.map((a) => a.score_percent))}%`}
      </p>
      <ol className="quiz-questions">
        {q.questions.map((qq) => (
          <li key={qq.id}>
            <fieldset>
              <legend className="quiz-prompt">
                {qq.prompt}
                {qq.multiple && <span className="muted"> (choose all that apply)</span>}
              </legend>
              {qq.answers.map((a) => (
                <label key={a.id} className="check quiz-choice">
                  <input
                    type={qq.multiple ? 'checkbox' : 'radio'}
                    name={`q-${qq.id}`}
                    value={a.id}
                    checked={(chosen[qq.id] ?? []).includes(a.id)}
                    onChange={(e) => pick(qq.id, a.id, qq.multiple, e.target.checked)}
                    data-testid="quiz-choice"
                  />
                  {a.body}
                </label>
              ))}
            </fieldset>
          </li>
        ))}
      </ol>
      <div className="form-actions">
        <Button type="submit" loading={submit.isPending} disabled={!answered} data-testid="quiz-submit">
          Submit answers
        </Button>
        {!answered && <span className="field-hint">Answer every question to submit.</span>}
      </div>
      {submit.isError && <ErrorMessage error={submit.error} />}
    </form>
  );
}
