import { useState } from 'react';

import { Button } from '@/components/Button';
import { ErrorMessage } from '@/components/ErrorMessage';
import { Spinner } from '@/components/Spinner';
import { ApiError } from '@/lib/api-client';

import { useEditableQuiz, useSaveQuiz, type EditableQuestion, type EditableQuiz } from '../api/quiz';

const blankQuestion = (): EditableQuestion => ({
  prompt: '',
  multiple: false,
  answers: [
    { body: '', correct: true, explanation: '' },
    { body: '', correct: false, explanation: '' },
  ],
});

/** The quiz of a quiz lecture in the curriculum builder: questions, choices, the key, explanations and the pass mark. */
export function QuizEditor({ lectureId, number }: { lectureId: string; number: string }) {
  const loaded = useEditableQuiz(lectureId, true);
  if (loaded.isPending) return <Spinner label="Loading the quiz…" />;
  if (loaded.isError) return <ErrorMessage error={loaded.error} />;
  return <QuizForm key={lectureId} lectureId={lectureId} number={number} initial={loaded.data} />;
}

function QuizForm({ lectureId, number, initial }: { lectureId: string; number: string; initial: EditableQuiz }) {
  const save = useSaveQuiz(lectureId);
  const [quiz, setQuiz] = useState<EditableQuiz>(() => (initial.questions.length ? initial : { ...initial, questions: [blankQuestion()] }));
  const [saved, setSaved] = useState(false);
  const fieldErrors = save.error instanceof ApiError ? save.error.fieldErrors : {};

  const change = (f: (q: EditableQuiz) => EditableQuiz) => {
    setSaved(false);
    setQuiz(f);
  };
  const setQuestion = (qi: number, f: (q: EditableQuestion) => EditableQuestion) =>
    change((q) => ({ ...q, questions: q.questions.map((x, i) => (i === qi ? f(x) : x)) }));

  return (
    <form
      className="quiz-editor"
      data-testid="quiz-editor"
      aria-label={`Quiz of lecture ${number}`}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(quiz, {
          onSuccess: (q) => {
            setQuiz(q);
            setSaved(true);
          },
        });
      }}
    >
      <label className="inline-field">
        <span>Pass mark (%)</span>
        <input type="number" min={1} max={100} value={quiz.pass_percent} onChange={(e) => change((q) => ({ ...q, pass_percent: Number(e.target.value) }))} data-testid="quiz-pass" />
      </label>
      {fieldErrors.pass_percent && <p className="field-error">{fieldErrors.pass_percent}</p>}
      <ol className="quiz-editor-questions">
        {quiz.questions.map((qq, qi) => (
          <li key={qq.id ?? `new-${qi}`} data-testid="quiz-question-editor">
            <label>
              Question {qi + 1}
              <textarea rows={2} value={qq.prompt} onChange={(e) => setQuestion(qi, (x) => ({ ...x, prompt: e.target.value }))} data-testid="quiz-prompt" />
            </label>
            {fieldErrors[`questions.${qi}.prompt`] && <p className="field-error">{fieldErrors[`questions.${qi}.prompt`]}</p>}
            <label className="check">
              <input type="checkbox" checked={qq.multiple} onChange={(e) => setQuestion(qi, (x) => ({ ...x, multiple: e.target.checked }))} />
              Several answers are correct
            </label>
            <ul className="quiz-editor-answers">
              {qq.answers.map((a, ai) => (
                <li key={a.id ?? `new-${ai}`}>
                  <label className="check">
                    <input
                      type={qq.multiple ? 'checkbox' : 'radio'}
                      name={`correct-${lectureId}-${qi}`}
                      checked={a.correct}
                      onChange={(e) =>
                        setQuestion(qi, (x) => ({
                          ...x,
                          answers: x.answers.map((y, j) => (j === ai ? { ...y, correct: e.target.checked } : qq.multiple ? y : { ...y, correct: false })),
                        }))
                      }
                      data-testid="quiz-correct"
                    />
                    Correct
                  </label>
                  <input
                    type="text"
                    placeholder={`Answer ${ai + 1}`}
                    value={a.body}
                    onChange={(e) => setQuestion(qi, (x) => ({ ...x, answers: x.answers.map((y, j) => (j === ai ? { ...y, body: e.target.value } : y)) }))}
                    data-testid="quiz-answer"
                  />
                  <input
                    type="text"
                    placeholder="Why (shown after submitting)"
                    value={a.explanation}
                    onChange={(e) => setQuestion(qi, (x) => ({ ...x, answers: x.answers.map((y, j) => (j === ai ? { ...y, explanation: e.target.value } : y)) }))}
                    data-testid="quiz-explanation"
                  />
                  <Button variant="link" className="btn-small" disabled={qq.answers.length <= 2} onClick={() => setQuestion(qi, (x) => ({ ...x, answers: x.answers.filter((_, j) => j !== ai) }))}>
                    Remove<span className="sr-only"> answer {ai + 1}</span>
                  </Button>
                </li>
              ))}
            </ul>
            {fieldErrors[`questions.${qi}.answers`] && <p className="field-error">{fieldErrors[`questions.${qi}.answers`]}</p>}
            <div className="form-actions">
              <Button variant="secondary" className="btn-small" onClick={() => setQuestion(qi, (x) => ({ ...x, answers: [...x.answers, { body: '', correct: false, explanation: '' }] }))} data-testid="quiz-add-answer">
                Add an answer
              </Button>
              <Button variant="link" className="btn-small btn-danger-link" disabled={quiz.questions.length <= 1} onClick={() => change((q) => ({ ...q, questions: q.questions.filter((_, i) => i !== qi) }))}>
                Remove question {qi + 1}
              </Button>
            </div>
          </li>
        ))}
      </ol>
      <div className="form-actions">
        <Button variant="secondary" onClick={() => change((q) => ({ ...q, questions: [...q.questions, blankQuestion()] }))} data-testid="quiz-add-question">
          Add a question
        </Button>
        <Button type="submit" loading={save.isPending} data-testid="quiz-save">
          Save quiz
        </Button>
        {saved && (
          <span role="status" className="field-hint">
            Saved.
          </span>
        )}
      </div>
      {save.isError && !Object.keys(fieldErrors).length && <ErrorMessage error={save.error} />}
      {save.isError && Object.keys(fieldErrors).length > 0 && <p className="field-error">Some questions need fixing: see the notes above.</p>}
    </form>
  );
}
