import type { Meilisearch } from 'meilisearch';
import type { Reader } from '#lib/content/store.ts';
import type { ArticleDocument } from './sync.ts';
import { getLogger } from '#lib/config/log.ts';

/** Longest query sent to the engine; longer input is cut at a word boundary (never an error). */
export const MAX_QUERY_CHARS = 300;

export type SearchHit = {
  slug: string;
  type: ArticleDocument['type'];
  url: string;
  category: string;
  /** Title with matches in <mark>, HTML-escaped. */
  titleHtml: string;
  /** Excerpt with matches in <mark>, HTML-escaped. */
  snippetHtml: string;
};

export type SearchResult =
  | {
      status: 'ok';
      query: string;
      hits: SearchHit[];
      total: number;
      facets: { category: Record<string, number>; type: Record<string, number> };
      ms: number;
    }
  | { status: 'unavailable'; query: string };

export type SearchOptions = {
  limit?: number;
  offset?: number;
  category?: string;
  type?: ArticleDocument['type'];
};

// Private-use characters as highlight markers: content and queries never contain them (both are
// stripped of them), so after HTML-escaping they can be turned into <mark> without ambiguity.
const PRE = '\uE000';
const POST = '\uE001';

/** Makes free text safe to send: no control or marker characters, single spaces, bounded length. */
export function normalizeQuery(input: string): string {
  const cleaned = input
    .normalize('NFKC')
    .replace(/[\u0000-\u001f\u007f-\u009f\uE000-\uF8FF\uFFF0-\uFFFF]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (cleaned.length <= MAX_QUERY_CHARS) return cleaned;
  const cut = cleaned.slice(0, MAX_QUERY_CHARS);
  const lastSpace = cut.lastIndexOf(' ');
  return (lastSpace > MAX_QUERY_CHARS / 2 ? cut.slice(0, lastSpace) : cut).trim();
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe to place in HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Escapes engine output first, and only then turns the highlight markers into <mark>. */
export function highlightToHtml(formatted: string): string {
  const escaped = escapeHtml(formatted);
  // Balance the markers so a cut inside a highlight cannot leave an open <mark>.
  let open = false;
  let html = '';
  for (const ch of escaped) {
    if (ch === PRE) {
      if (!open) html += '<mark>';
      open = true;
    } else if (ch === POST) {
      if (open) html += '</mark>';
      open = false;
    } else html += ch;
  }
  return open ? `${html}</mark>` : html;
}

/** The Meilisearch filter that keeps a reader to what they may read. */
export function visibilityFilter(reader: Reader): string[] {
  const filter: string[] = [];
  if (!reader.seesUnpublished) filter.push('status = "published"');
  if (!reader.seesInternal) filter.push('audience = "employees"');
  return filter;
}

function quote(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

/**
 * Full-text search over the articles a reader may see. A down or slow engine is an expected
 * outcome (`unavailable`), not an exception: pages say so and keep working.
 */
export async function searchArticles(
  client: Meilisearch | null,
  indexUid: string,
  rawQuery: string,
  reader: Reader,
  options: SearchOptions = {},
): Promise<SearchResult> {
  const query = normalizeQuery(rawQuery);
  if (!client) return { status: 'unavailable', query };
  const filter = visibilityFilter(reader);
  if (options.category) filter.push(`category = ${quote(options.category)}`);
  if (options.type) filter.push(`type = ${quote(options.type)}`);
  try {
    const res = await client.index<ArticleDocument>(indexUid).search(query, {
      filter,
      limit: options.limit ?? 10,
      offset: options.offset ?? 0,
      attributesToRetrieve: ['slug', 'type', 'url', 'category', 'title', 'summary'],
      attributesToHighlight: ['title', 'summary', 'body'],
      attributesToCrop: ['body'],
      cropLength: 30,
      highlightPreTag: PRE,
      highlightPostTag: POST,
      // Drop the most common words first when not every word matches: employees type sentences.
      matchingStrategy: 'frequency',
      facets: ['category', 'type'],
    });
    const hits = res.hits.map((hit): SearchHit => {
      const f = (hit._formatted ?? {}) as Partial<Record<'title' | 'summary' | 'body', string>>;
      // The summary reads best; the body excerpt is used when only the body mentions the words.
      const summary = f.summary ?? hit.summary;
      const body = f.body ?? '';
      const snippet = !summary.includes(PRE) && body.includes(PRE) ? body : summary;
      return {
        slug: hit.slug,
        type: hit.type,
        url: hit.url,
        category: hit.category,
        titleHtml: highlightToHtml(f.title ?? hit.title),
        snippetHtml: highlightToHtml(snippet),
      };
    });
    const dist = res.facetDistribution ?? {};
    return {
      status: 'ok',
      query,
      hits,
      total: res.estimatedTotalHits ?? hits.length,
      facets: { category: dist.category ?? {}, type: dist.type ?? {} },
      ms: res.processingTimeMs,
    };
  } catch (error) {
    getLogger().warn(`search unavailable: ${(error as Error).message}`);
    return { status: 'unavailable', query };
  }
}
