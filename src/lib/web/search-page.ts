import { z } from 'zod';
import { categoryLabelsFor, localizedCategories } from './categories.ts';
import type { Locale } from '#lib/i18n/locales.ts';
import type { Reader } from '#lib/content/store.ts';
import { normalizeQuery } from '#lib/search/query.ts';
import { searchSite } from '#lib/search/site-search.ts';

export const RESULTS_PER_PAGE = 10;

// Search parameters are typed into URLs by hand and shared around: anything unusable is ignored, never an error.
const SearchParams = z.object({
  q: z.string().catch(''),
  category: z.string().optional().catch(undefined),
  type: z.enum(['article', 'faq']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100).catch(1).default(1),
});

/**
 * Everything /search renders, from its URL parameters; category names in the reader's language, and
 * results in it where an article is translated (a query with no telling word is read in it).
 */
export async function runSearchPage(params: URLSearchParams, reader: Reader, locale: Locale = 'en') {
  const input = SearchParams.parse({
    q: params.get('q') ?? '',
    category: params.get('category') ?? undefined,
    type: params.get('type') ?? undefined,
    page: params.get('page') ?? undefined,
  });
  const query = normalizeQuery(input.q);
  const labels = categoryLabelsFor(locale);
  const category = input.category && labels[input.category] ? input.category : undefined;
  const base = {
    query,
    category,
    type: input.type,
    page: input.page,
    labels,
    categories: localizedCategories(locale),
  };
  if (!query) return { ...base, result: null };
  const result = await searchSite(query, reader, {
    limit: RESULTS_PER_PAGE,
    offset: (input.page - 1) * RESULTS_PER_PAGE,
    category,
    type: input.type,
    locale,
  });
  return { ...base, result };
}
