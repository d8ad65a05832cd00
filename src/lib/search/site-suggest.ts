import { getConfig } from '#lib/config/config.ts';
import type { Article, LoadedContent } from '#lib/content/load.ts';
import { getContent, localizeArticle, type Reader } from '#lib/content/store.ts';
import type { Locale } from '#lib/i18n/locales.ts';
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

/** A slug's text in `locale` when this reader may read a translation in it (or the source is in it). */
export function translationLookup(content: LoadedContent, reader: Reader, articles: Map<string, Article>) {
  return (slug: string, locale: Locale): Article | undefined => {
    const article = articles.get(slug);
    if (!article) return undefined;
    const shown = localizeArticle(content, reader, article, locale);
    return shown.fallback ? undefined : shown;
  };
}

/**
 * Suggestions from the site's knowledge base for what a reader typed (subject, newline, description);
 * `locale` is the person's own language (a request with no telling word is read in it, and articles
 * translated into it are shown in it).
 */
export async function suggestFromKnowledgeBase(
  reader: Reader,
  text: string,
  limit = 5,
  locale?: Locale,
  {
    typing,
    declined,
  }: {
    /** Someone typing in this help request: answer without waiting for the encoder (typing-vectors.ts). */
    typing?: { requestId: string };
    /** What they answered "No" to in it: not suggested again (suggestArticles). */
    declined?: ReadonlySet<string>;
  } = {},
): Promise<SuggestResult> {
  const content = getContent(getConfig().contentDir);
  const client = getSearchClient(SUGGEST_ENGINE_TIMEOUT_MS);
  const sources = {
    client,
    indexUid: articleIndexName(),
    db: getDb(),
    articles: articlesBySlug(content),
    vocabulary: buildVocabulary(content.articles),
    translation: translationLookup(content, reader, articlesBySlug(content)),
  };
  return suggestArticles(sources, splitRequestText(text), reader, { limit, locale, typing, declined });
}
