import { getConfig } from '#lib/config/config.ts';
import type { Article, LoadedContent } from '#lib/content/load.ts';
import { getContent, type Reader } from '#lib/content/store.ts';
import { getDb } from '#lib/db/connection.ts';
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
  return cut < 0
    ? { subject: text, description: '' }
    : { subject: text.slice(0, cut), description: text.slice(cut + 1) };
}

/** Suggestions from the site's knowledge base for what a reader typed (subject, newline, description). */
export async function suggestFromKnowledgeBase(
  reader: Reader,
  text: string,
  limit = 5,
): Promise<SuggestResult> {
  const content = getContent(getConfig().contentDir);
  const client = getSearchClient(SUGGEST_ENGINE_TIMEOUT_MS);
  const sources = {
    client,
    indexUid: articleIndexName(),
    db: getDb(),
    articles: articlesBySlug(content),
    vocabulary: buildVocabulary(content.articles),
  };
  return suggestArticles(sources, splitRequestText(text), reader, { limit });
}
