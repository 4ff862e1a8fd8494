import { useId, useRef, useState, type ChangeEvent, type FormEvent } from 'react';

import { Button } from '@/components/Button';
import { ErrorMessage } from '@/components/ErrorMessage';
import { ApiError } from '@/lib/api-client';
import { errorText } from '@/lib/form-errors';

import { CAPTION_MAX_BYTES, useCaptionMutations, useCaptions, type CaptionTrack } from '../api/captions';

const LANGUAGE_RE = /^[a-z]{2,3}(-[A-Z]{2})?$/;
const ACCEPT = '.vtt,.srt,text/vtt,application/x-subrip';

/** "pt-BR" → "Português (Brasil)", in the language itself; the code when the browser does not know it. */
export function languageName(code: string): string {
  try {
    return new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

function checkFile(file: File): string {
  if (!/\.(vtt|srt)$/i.test(file.name) && !['text/vtt', 'application/x-subrip'].includes(file.type)) {
    return `“${file.name}” is not a caption file. Choose a WebVTT (.vtt) or SubRip (.srt) file.`;
  }
  if (file.size > CAPTION_MAX_BYTES) {
    return `“${file.name}” is ${(file.size / 1024 / 1024).toFixed(1)} MB; caption files can be at most 1 MB.`;
  }
  return '';
}

function failure(error: unknown): string {
  if (!error) return '';
  if (error instanceof ApiError) {
    const reason = error.fieldErrors.captions ?? error.fieldErrors.language ?? error.fieldErrors.label;
    if (reason) return `The file was not saved: it ${reason}.`;
  }
  return errorText(error);
}

/**
 * Captions of a video lecture, per language: add one (WebVTT, or SRT that
 * the server converts), replace a language's file, or delete it.
 */
export function CaptionsEditor({ lectureId, videoId, number }: { lectureId: string; videoId: string; number: string }) {
  const captions = useCaptions(lectureId, videoId);
  const { put, remove } = useCaptionMutations(lectureId, videoId);
  const [problem, setProblem] = useState('');
  const [language, setLanguage] = useState('');
  const [label, setLabel] = useState('');
  const fileRef = useRef<HTMLInputElement>(null);
  const replaceRef = useRef<HTMLInputElement>(null);
  const [replacing, setReplacing] = useState<CaptionTrack | null>(null);
  const id = useId();
  const tracks = captions.data ?? [];

  const upload = (track: { language: string; label: string }, file: File) => {
    const bad = checkFile(file);
    setProblem(bad);
    if (bad) return;
    put.mutate({ ...track, file }, { onSuccess: () => setProblem('') });
  };

  const onAdd = (e: FormEvent) => {
    e.preventDefault();
    const file = fileRef.current?.files?.[0];
    const lang = language.trim();
    if (!LANGUAGE_RE.test(lang)) {
      setProblem('Give the language as a code such as en, es or pt-BR.');
      return;
    }
    if (!file) {
      setProblem('Choose a .vtt or .srt file.');
      return;
    }
    upload({ language: lang, label: label.trim() || languageName(lang) }, file);
    if (fileRef.current) fileRef.current.value = '';
    setLanguage('');
    setLabel('');
  };

  const onReplace = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (file && replacing) upload(replacing, file);
    setReplacing(null);
  };

  const error = problem || failure(put.error ?? remove.error) || (captions.error ? errorText(captions.error) : '');

  return (
    <section className="captions-editor" aria-labelledby={`${id}-title`} data-testid="captions-editor">
      <h4 id={`${id}-title`} className="captions-title">
        Captions<span className="sr-only"> for lecture {number}</span>
      </h4>
      {tracks.length === 0 && !captions.isPending && <p className="muted captions-empty">No captions yet. Add a WebVTT or SRT file for each language you have.</p>}
      {tracks.length > 0 && (
        <ul className="captions-list">
          {tracks.map((t) => (
            <li key={t.language} data-testid="caption-track" data-language={t.language}>
              <span className="badge">{t.language}</span> {t.label}
              <span className="captions-actions">
                <Button
                  variant="secondary"
                  className="btn-small"
                  onClick={() => {
                    setReplacing(t);
                    replaceRef.current?.click();
                  }}
                  loading={put.isPending && put.variables?.language === t.language}
                >
                  Replace<span className="sr-only"> {t.label} captions</span>
                </Button>
                <Button
                  variant="link"
                  className="btn-small btn-danger-link"
                  loading={remove.isPending && remove.variables === t.language}
                  onClick={() => window.confirm(`Delete the ${t.label} captions?`) && remove.mutate(t.language)}
                >
                  Delete<span className="sr-only"> {t.label} captions</span>
                </Button>
              </span>
            </li>
          ))}
        </ul>
      )}
      <input ref={replaceRef} type="file" accept={ACCEPT} className="sr-only" tabIndex={-1} aria-hidden="true" onChange={onReplace} />
      <form className="captions-add" onSubmit={onAdd}>
        <label>
          <span>Language code</span>
          <input
            name="language"
            value={language}
            onChange={(e) => setLanguage(e.target.value)}
            placeholder="en"
            size={6}
            list={`${id}-languages`}
            autoComplete="off"
            aria-describedby={`${id}-hint`}
          />
        </label>
        <datalist id={`${id}-languages`}>
          {['en', 'es', 'fr', 'de', 'it', 'pt', 'pt-BR', 'nl', 'pl', 'ru', 'uk', 'tr', 'ar', 'hi', 'ja', 'ko', 'zh'].map((c) => (
            <option key={c} value={c}>
              {languageName(c)}
            </option>
          ))}
        </datalist>
        <label>
          <span>Name shown to viewers</span>
          <input name="label" value={label} onChange={(e) => setLabel(e.target.value)} placeholder={language ? languageName(language.trim()) : 'English'} maxLength={50} />
        </label>
        <label>
          <span>File</span>
          <input ref={fileRef} name="captions" type="file" accept={ACCEPT} data-testid="caption-file" />
        </label>
        <Button type="submit" variant="secondary" className="btn-small" loading={put.isPending}>
          Add captions
        </Button>
      </form>
      <p className="field-hint" id={`${id}-hint`}>
        WebVTT (.vtt) or SubRip (.srt, converted to WebVTT), up to 1 MB. Adding a language that exists replaces its file.
      </p>
      {error && (
        <ErrorMessage>
          <p>{error}</p>
        </ErrorMessage>
      )}
    </section>
  );
}
