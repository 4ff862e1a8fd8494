import { useId, type ChangeEvent } from 'react';

import { useCategories } from '@/lib/categories';
import { languageName, levelNames } from '@/lib/format';

import type { CourseFilters } from '../api/get-courses';

/** Languages offered in the filter; a code from the URL that is not here is added. */
const LANGUAGES = ['en', 'es', 'fr', 'de', 'pt', 'pt-BR', 'it', 'nl', 'pl', 'ja', 'zh', 'hi'];

const RATINGS = ['4.5', '4', '3.5', '3'];

/**
 * The search filters. Every change applies at once by rewriting the URL, so
 * the back button undoes it and the address can be shared.
 */
export function SearchFilters({ filters, onChange }: { filters: CourseFilters; onChange: (name: keyof CourseFilters, value: string) => void }) {
  const categories = useCategories();
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
            </option>
          ))}
        </select>
      </div>
      <div className="filter">
        <label htmlFor={`${id}-price`}>Price</label>
        <select id={`${id}-price`} name="price" value={filters.price ?? ''} onChange={change('price')}>
          <option value="">Free and paid</option>
          <option value="free">Free</option>
          <option value="paid">Paid</option>
        </select>
      </div>
      <div className="filter">
        <label htmlFor={`${id}-rating`}>Rating</label>
        <select id={`${id}-rating`} name="min_rating" value={filters.min_rating ?? ''} onChange={change('min_rating')}>
          <option value="">Any rating</option>
          {RATINGS.map((r) => (
            <option key={r} value={r}>
              {Number(r).toFixed(1)} and up
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
