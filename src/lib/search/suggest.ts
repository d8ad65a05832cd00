import type { Meilisearch } from 'meilisearch';
import type { Article } from '#lib/content/load.ts';
import type { Reader } from '#lib/content/store.ts';
import type { Db } from '#lib/db/db.ts';
import { searchFts } from './fts.ts';
import { escapeHtml, visibilityFilter } from './query.ts';
import { shapeQuery } from './shape-query.ts';
import type { Vocabulary } from './spelling.ts';

export type Suggestion = {
  slug: string;
  type: Article['type'];
  title: string;
  url: string;
  category: string;
  snippet: string;
};
export type SuggestResult = { status: 'ok' | 'degraded'; results: Suggestion[]; query: string };

/** How the two rankings are blended (reciprocal-rank fusion); chosen with `npm run eval:search`. */
export type FusionWeights = { meili: number; fts: number; titles: number; k: number };
/**
 * Measured with `npm run eval:search --sweep` on tests/fixtures/search-quality.jsonl (its first 180 requests;
 * on the grown set of 400 answerable ones this blend gives R@1 0.667, R@3 0.848, R@5 0.902, MRR@10 0.769):
 * - Meilisearch alone: recall@3 0.744, recall@5 0.839; BM25 over all fields alone: 0.850 / 0.900.
 * - Any reciprocal-rank blend with Meilisearch was worse than BM25 alone (1:3 gave 0.778 / 0.856), as
 *   DESIGN.md's public benchmark found; so Meilisearch gets weight 0 and only fills the list when
 *   BM25 finds fewer articles than asked for (typos beyond the speller, words typed halfway).
 * - Adding a BM25 ranking over titles and tags only, fused with k = 5: recall@1 0.656 → 0.722,
 *   recall@3 0.856, recall@5 0.900, MRR@10 0.751 → 0.802 (with the 64-word spell-check bound).
 */
export const DEFAULT_FUSION: FusionWeights = { meili: 0, fts: 1, titles: 1, k: 5 };

type Sources = {
  client: Meilisearch | null;
  indexUid: string;
  db: Db;
  articles: Map<string, Article>;
  vocabulary?: Vocabulary;
};

/** Meilisearch's ranking of the shaped query, or null when the engine does not answer. */
async function rankWithMeili(
  sources: Sources,
  query: string,
  reader: Reader,
  limit: number,
): Promise<string[] | null> {
  if (!sources.client || !query) return query ? null : [];
  try {
    const res = await sources.client.index(sources.indexUid).search(query, {
      filter: visibilityFilter(reader),
      limit,
      attributesToRetrieve: ['slug'],
      matchingStrategy: 'frequency',
    });
    return res.hits.map((h) => h.slug as string);
  } catch {
    return null;
  }
}

/** Reciprocal-rank fusion: each ranking gives weight / (k + rank); absent from a ranking gives nothing. */
export function fuseRankings(rankings: Array<{ slugs: string[]; weight: number }>, k: number): string[] {
  const scores = new Map<string, number>();
  for (const { slugs, weight } of rankings)
    slugs.forEach((slug, i) => scores.set(slug, (scores.get(slug) ?? 0) + weight / (k + i + 1)));
  return [...scores.entries()].sort((a, b) => b[1] - a[1]).map(([slug]) => slug);
}

/** The summary, escaped, with the request's words (and their stems' prefixes) in <mark>. */
export function highlightTerms(text: string, terms: string[]): string {
  const stems = [
    ...new Set(terms.filter((t) => t.length >= 3).map((t) => t.slice(0, Math.max(3, t.length - 2)))),
  ]
    .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .sort((a, b) => b.length - a.length);
  if (stems.length === 0) return escapeHtml(text);
  const pattern = new RegExp(`\\b(${stems.join('|')})[\\p{L}\\p{N}]*`, 'giu');
  let html = '';
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    html += `${escapeHtml(text.slice(last, m.index))}<mark>${escapeHtml(m[0])}</mark>`;
    last = m.index + m[0].length;
  }
  return html + escapeHtml(text.slice(last));
}

/**
 * Suggestions for what an employee typed: SQLite FTS5's BM25 over the shaped query (strong on
 * sentence-length requests), filled up by Meilisearch (typos, prefixes). When Meilisearch is down
 * the BM25 ranking alone answers, marked "degraded": suggestions never stop.
 */
export async function suggestArticles(
  sources: Sources,
  input: { subject: string; description?: string },
  reader: Reader,
  options: { limit?: number; fusion?: FusionWeights } = {},
): Promise<SuggestResult> {
  const limit = options.limit ?? 5;
  const fusion = options.fusion ?? DEFAULT_FUSION;
  const shaped = shapeQuery(input.subject, input.description, sources.vocabulary);
  if (shaped.terms.length === 0) return { status: 'ok', results: [], query: '' };
  const depth = Math.max(20, limit * 4);
  const fts = searchFts(sources.db, shaped.terms, reader, depth, shaped.lastTermOpen).map((r) => r.slug);
  const titles =
    fusion.titles > 0
      ? searchFts(sources.db, shaped.terms, reader, depth, shaped.lastTermOpen, true).map((r) => r.slug)
      : [];
  // With weight 0, Meilisearch only fills a short list: ask it only then, and spare its CPU otherwise.
  const needEngine = fusion.meili > 0 || new Set([...fts, ...titles]).size < limit;
  const meili = needEngine ? await rankWithMeili(sources, shaped.engineQuery, reader, depth) : [];
  const fused = fuseRankings(
    [
      { slugs: meili ?? [], weight: fusion.meili },
      { slugs: fts, weight: fusion.fts },
      { slugs: titles, weight: fusion.titles },
    ],
    fusion.k,
  );
  const results = fused
    .map((slug) => sources.articles.get(slug))
    .filter((a): a is Article => Boolean(a))
    .slice(0, limit)
    .map((a) => ({
      slug: a.slug,
      type: a.type,
      title: a.title,
      url: a.url,
      category: a.category,
      snippet: highlightTerms(a.summary, shaped.terms),
    }));
  return { status: meili === null ? 'degraded' : 'ok', results, query: shaped.engineQuery };
}
