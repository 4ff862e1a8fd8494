import type { FormEvent } from 'react';

import { Button } from '@/components/Button';

/** A search box whose value lives in the URL (?q=); `label` says what it searches. */
export function UserSearch({
  q,
  onSearch,
  id = 'user-search',
  label = 'Search users by name or email',
  placeholder = 'Search by name or email',
}: {
  q: string;
  onSearch: (q: string) => void;
  id?: string;
  label?: string;
  placeholder?: string;
}) {
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    onSearch(String(new FormData(e.currentTarget).get('q')).trim());
  };
  return (
    <form role="search" aria-label={label} className="search-form" onSubmit={submit}>
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <input id={id} type="search" name="q" key={q} defaultValue={q} placeholder={placeholder} />
      <Button type="submit" variant="secondary">
        Search
      </Button>
      {q && (
        <Button variant="link" onClick={() => onSearch('')}>
          Clear
        </Button>
      )}
    </form>
  );
}
