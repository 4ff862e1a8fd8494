import { Link, useSearchParams } from 'react-router';

import { Button } from '@/components/Button';
import { CourseGrid } from '@/components/CourseCard';
import { EmptyState } from '@/components/EmptyState';
import { ErrorMessage } from '@/components/ErrorMessage';
import { PageSpinner } from '@/components/Spinner';
import { ApiError } from '@/lib/api-client';

import { useCourseSearch, type CourseFilters } from '../api/get-courses';
import { SearchFilters } from '../components/SearchFilters';

import '../components/catalog.css';

const FILTER_NAMES = ['q', 'category', 'level', 'language', 'price', 'min_rating', 'duration', 'sort'] as const;

/** /courses?q=…&category=…: the whole search lives in the URL. */
export default function SearchRoute() {
  const [params, setParams] = useSearchParams();
  const filters: CourseFilters = {};
  for (const name of FILTER_NAMES) {
    const v = params.get(name)?.trim();
    if (v) filters[name] = v;
  }
  if (params.get('featured') === 'true') filters.featured = true; // the home page's featured row: "See all"
  const q = filters.q ?? '';
  const narrowed = filters.featured || FILTER_NAMES.some((n) => n !== 'q' && n !== 'sort' && filters[n]);
  const search = useCourseSearch(filters);
  const items = search.data?.pages.flatMap((p) => p.items) ?? [];
  const first = search.data?.pages[0];
  const total = first?.total ?? null;
  const didYouMean = first?.did_you_mean ?? null;

  const setFilter = (name: keyof CourseFilters, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next);
  };
  const clearFilters = () => setParams(q ? { q } : {});

  let content;
  if (search.isPending) {
    content = <PageSpinner label="Finding courses…" />;
  } else if (search.isError && !search.data) {
    const badFilter = search.error instanceof ApiError && search.error.status === 422;
    content = (
      <ErrorMessage
        title={badFilter ? 'This search has a filter we don’t understand.' : 'We couldn’t load courses.'}
        error={search.error}
        action={
          badFilter ? (
            <Button variant="secondary" onClick={clearFilters}>
              Clear the filters
            </Button>
          ) : (
            <Button variant="secondary" onClick={() => void search.refetch()}>
              Try again
            </Button>
          )
        }
      />
    );
  } else if (items.length === 0) {
    content = (
      <>
      {didYouMean && <DidYouMean q={didYouMean} params={params} />}
      <EmptyState
        title={q ? `No courses match “${q}”` : 'No courses match these filters'}
        action={
          narrowed ? (
            <Button variant="secondary" onClick={clearFilters}>
              Clear the filters
            </Button>
          ) : q ? (
            <Link to="/courses" className="btn btn-secondary">
              Browse all courses
            </Link>
          ) : undefined
        }
      >
        {narrowed ? (
          <p>Try fewer filters: clear them, or pick “Any” for level, language or rating.</p>
        ) : q ? (
          <p>Check the spelling, try a more general word (“python” rather than “python 3.12 asyncio”), or browse everything.</p>
        ) : (
          <p>No course is published yet. Check back soon — or teach one yourself.</p>
        )}
      </EmptyState>
      </>
    );
  } else {
    content = (
      <>
        <p className="result-count muted" data-testid="result-count">
          {total === null ? null : total === 1 ? '1 course' : `${total.toLocaleString()} courses`}
        </p>
        {didYouMean && <DidYouMean q={didYouMean} params={params} />}
        <CourseGrid courses={items} label="Search results" testId="search-results" headingLevel={2} />
        <div className="list-footer">
          {search.isFetchNextPageError && <ErrorMessage error={search.error} />}
          {search.hasNextPage ? (
            <Button variant="secondary" loading={search.isFetchingNextPage} onClick={() => void search.fetchNextPage()}>
              Load more
            </Button>
          ) : (
            <p className="muted">{items.length === 1 ? 'That’s the only match.' : 'That’s every match.'}</p>
          )}
        </div>
      </>
    );
  }

  return (
    <>
      <title>{q ? `“${q}” · Courses · Lectern` : 'Courses · Lectern'}</title>
      <h1>{q ? `Courses matching “${q}”` : 'All courses'}</h1>
      <SearchFilters filters={filters} onChange={setFilter} facets={first?.facets ?? null} />
      {narrowed && (
        <p className="filters-clear">
          <Button variant="link" onClick={clearFilters}>
            Clear filters
          </Button>
        </p>
      )}
      <div aria-live="polite" aria-busy={search.isFetching && !search.isFetchingNextPage}>
        {content}
      </div>
    </>
  );
}

/** "Did you mean …?": the same search with the spelling the catalog knows. */
function DidYouMean({ q, params }: { q: string; params: URLSearchParams }) {
  const next = new URLSearchParams(params);
  next.set('q', q);
  return (
    <p className="did-you-mean" data-testid="did-you-mean">
      Did you mean <Link to={`/courses?${next.toString()}`}>{q}</Link>?
    </p>
  );
}
