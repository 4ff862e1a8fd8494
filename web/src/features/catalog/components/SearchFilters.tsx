import { useId, type ChangeEvent } from 'react';

import { useCategories } from '@/lib/categories';
import { languageName, levelNames } from '@/lib/format';

import type { Facet, FacetName } from '@/types/api';

import type { CourseFilters } from '../api/get-courses';

/** Languages offered in the filter; a code from the URL that is not here is added. */
const LANGUAGES = ['en', 'es', 'fr', 'de', 'pt', 'pt-BR', 'it', 'nl', 'pl', 'ja', 'zh', 'hi'];

const RATINGS = ['4.5', '4', '3.5', '3'];

const DURATIONS: [string, string][] = [
  ['0-1', 'Under 1 hour'],
  ['1-3', '1–3 hours'],
  ['3-6', '3–6 hours'],
  ['6-17', '6–17 hours'],
  ['17+', '17+ hours'],
];

/**
 * The search filters. Every change applies at once by rewriting the URL, so
 * the back button undoes it and the address can be shared.
 */
export function SearchFilters({
  filters,
  onChange,
  facets,
}: {
  filters: CourseFilters;
  onChange: (name: keyof CourseFilters, value: string) => void;
  facets?: Record<FacetName, Facet[]> | null;
}) {
  const categories = useCategories();
  // How many results each value would give, shown beside it. Counts are for
  // the current search; a filter already set shows only its own count.
  const count = (facet: FacetName, param: keyof CourseFilters, value: string) => {
    if (!facets) return '';
    if (filters[param] && filters[param] !== value) return '';
    const n = facets[facet]?.find((f) => f.value === value)?.count ?? 0;
    return ` (${n.toLocaleString()})`;
  };
  const id = useId();
  const change = (name: keyof CourseFilters) => (e: ChangeEvent<HTMLSelectElement>) => onChange(name, e.target.value);
  const languages = filters.language && !LANGUAGES.includes(filters.language) ? [filters.language, ...LANGUAGES] : LANGUAGES;

  return (
    <form className="filters" aria-label="Filter and sort courses" onSubmit={(e) => e.preventDefault()}>
      <div className="filter">
        <label htmlFor={`${id}-category`}>Category</label>
        <select id={`${id}-category`} name="category" value={filters.category ?? ''} onChange={change('category')}>
          <option value="">All categories</option>
          {filters.category && !categories.data?.some((c) => c.slug === filters.category) && (
            <option value={filters.category}>{filters.category}</option>
          )}
          {categories.data?.map((c) => (
            <option key={c.id} value={c.slug}>
              {c.name}
              {count('category', 'category', c.slug)}
            </option>
          ))}
        </select>
      </div>
      <div className="filter">
        <label htmlFor={`${id}-level`}>Level</label>
        <select id={`${id}-level`} name="level" value={filters.level ?? ''} onChange={change('level')}>
          <option value="">Any level</option>
          {Object.entries(levelNames).map(([value, name]) => (
            <option key={value} value={value}>
              {name}
              {count('level', 'level', value)}
            </option>
          ))}
        </select>
      </div>
      <div className="filter">
        <label htmlFor={`${id}-language`}>Language</label>
        <select id={`${id}-language`} name="language" value={filters.language ?? ''} onChange={change('language')}>
          <option value="">Any language</option>
          {languages.map((code) => (
            <option key={code} value={code}>
              {languageName(code)}
              {count('language', 'language', code)}
            </option>
          ))}
        </select>
      </div>
      <div className="filter">
        <label htmlFor={`${id}-price`}>Price</label>
        <select id={`${id}-price`} name="price" value={filters.price ?? ''} onChange={change('price')}>
          <option value="">Free and paid</option>
          <option value="free">Free{count('price', 'price', 'free')}</option>
          <option value="paid">Paid{count('price', 'price', 'paid')}</option>
        </select>
      </div>
      <div className="filter">
        <label htmlFor={`${id}-rating`}>Rating</label>
        <select id={`${id}-rating`} name="min_rating" value={filters.min_rating ?? ''} onChange={change('min_rating')}>
          <option value="">Any rating</option>
          {RATINGS.map((r) => (
            <option key={r} value={r}>
              {Number(r).toFixed(1)} and up
              {count('rating', 'min_rating', r)}
            </option>
          ))}
        </select>
      </div>
      <div className="filter">
        <label htmlFor={`${id}-duration`}>Video length</label>
        <select id={`${id}-duration`} name="duration" value={filters.duration ?? ''} onChange={change('duration')}>
          <option value="">Any length</option>
          {DURATIONS.map(([value, name]) => (
            <option key={value} value={value}>
              {name}
              {count('duration', 'duration', value)}
            </option>
          ))}
        </select>
      </div>
      <div className="filter">
        <label htmlFor={`${id}-sort`}>Sort by</label>
        <select id={`${id}-sort`} name="sort" value={filters.sort ?? (filters.q ? 'relevance' : 'newest')} onChange={change('sort')}>
          {filters.q && <option value="relevance">Best match</option>}
          <option value="newest">Newest</option>
          <option value="rating">Highest rated</option>
          <option value="popular">Most popular</option>
        </select>
      </div>
    </form>
  );
}
