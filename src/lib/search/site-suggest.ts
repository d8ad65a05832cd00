import type { Principal } from '#lib/auth/roles.ts';
import { readerFor } from '#lib/auth/roles.ts';
import { getConfig } from '#lib/config/config.ts';
import type { Article, LoadedContent } from '#lib/content/load.ts';
import { getContent } from '#lib/content/store.ts';
import { getDb } from '#lib/db/connection.ts';
import { isRequestId, recordSuggestionsShown } from '#lib/deflection/requests.ts';
import { articleIndexName, getSearchClient } from './client.ts';
import { buildVocabulary } from './spelling.ts';
import { suggestArticles, type SuggestResult } from './suggest.ts';

// Meilisearch only fills suggestions up (BM25 ranks them): a stalled engine must not stall typing.
const SUGGEST_ENGINE_TIMEOUT_MS = 300;

const bySlug = new WeakMap<LoadedContent, Map<string, Article>>();

function articlesBySlug(content: LoadedContent): Map<string, Article> {
  let map = bySlug.get(content);
  if (!map) bySlug.set(content, (map = new Map(content.articles.map((a) => [a.slug, a]))));
  return map;
}

/** Splits what the page sends (subject, newline, description) back into its two parts. */
export function splitRequestText(text: string): { subject: string; description: string } {
  const cut = text.indexOf('\n');
  return cut < 0 ? { subject: text, description: '' } : { subject: text.slice(0, cut), description: text.slice(cut + 1) };
}

/**
 * Suggestions for a signed-in person, recorded against their help request when the page sent its id
 * (and the request is theirs). Used by /api/suggest and by /help without JavaScript.
 */
export async function suggestForRequest(principal: Principal, text: string, requestId: string | undefined, limit = 5): Promise<SuggestResult> {
  const db = getDb();
  const content = getContent(getConfig().contentDir);
  const bounded = text.slice(0, 22_000);
  const result = await suggestArticles({ client: getSearchClient(SUGGEST_ENGINE_TIMEOUT_MS), indexUid: articleIndexName(), db, articles: articlesBySlug(content), vocabulary: buildVocabulary(content.articles) }, splitRequestText(bounded), readerFor(principal), { limit });
  if (requestId && isRequestId(requestId) && principal.kind === 'user' && bounded.trim().length >= 3) {
    recordSuggestionsShown(db, { requestId, userId: principal.id, query: result.query, draft: bounded, slugs: result.results.map((r) => r.slug) });
  }
  return result;
}
