import { EMPLOYEE, type Reader } from '#lib/content/store.ts';
import { articleIndexName, getSearchClient } from './client.ts';
import { isEngineHealthy } from './engine.ts';
import { searchArticles, type SearchOptions, type SearchResult } from './query.ts';

/** Searches the articles index of this site as `reader`. */
export function searchSite(
  query: string,
  reader: Reader = EMPLOYEE,
  options: SearchOptions = {},
): Promise<SearchResult> {
  return searchArticles(getSearchClient(), articleIndexName(), query, reader, options);
}

/** Whether the engine answers within a second, for /healthz. */
export async function isSearchHealthy(): Promise<boolean> {
  const client = getSearchClient();
  return client ? isEngineHealthy(client.config.host) : false;
}
