import type { FormEvent } from 'react';

import { Button } from '@/components/Button';

export function UserSearch({ q, onSearch }: { q: string; onSearch: (q: string) => void }) {
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    onSearch(String(new FormData(e.currentTarget).get('q')).trim());
  };
  return (
    <form role="search" className="search-form" onSubmit={submit}>
      <label htmlFor="user-search" className="sr-only">
        Search users by name or email
      </label>
      <input id="user-search" type="search" name="q" key={q} defaultValue={q} placeholder="Search by name or email" />
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
