import type { FederatedMultiSearchParams, Meilisearch } from 'meilisearch';
import { LOCALES, type Locale } from '#lib/i18n/locales.ts';
import { detectLanguage } from './analysis.ts';
import { textField } from './index-settings.ts';
import { shapeQuery } from './shape-query.ts';
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
  /** The language of the text shown (the reader's where the article is translated, else its source's). */
  locale: Locale;
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
  /** The person's own language: results are shown in it where translated; decides a query with no telling word. */
  locale?: Locale;
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
  // Meilisearch marks each part of a split compound ("Kenn" "wort"): adjacent marks become one.
  const escaped = escapeHtml(formatted.replaceAll(POST + PRE, ''));
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

/** Meilisearch's name of each language (ISO 639-3), for `locales` and localizedAttributes. */
const MEILI_LOCALE: Record<Locale, string> = { en: 'eng', de: 'deu', it: 'ita' };

/** One text per slug: in `lang` where the slug is written in it, else its source (decision 062). */
export const oneTextPerSlug = (lang: Locale): string =>
  `(locale = ${quote(lang)} OR (source = true AND NOT languages = ${quote(lang)}))`;

type Hit = ArticleDocument & { _formatted?: Record<string, unknown> };

function toSearchHit(hit: Hit): SearchHit {
  const f = hit._formatted ?? {};
  const field = (name: 'title' | 'summary' | 'body') => textField(name, hit.locale);
  const plain = (name: 'title' | 'summary' | 'body') => {
    const v = f[field(name)] ?? hit[field(name)];
    return typeof v === 'string' ? v : '';
  };
  // The summary reads best; the body excerpt is used when only the body mentions the words.
  const summary = plain('summary');
  const body = plain('body');
  const snippet = !summary.includes(PRE) && body.includes(PRE) ? body : summary;
  return {
    slug: hit.slug,
    type: hit.type,
    url: hit.url,
    category: hit.category,
    locale: hit.locale,
    titleHtml: highlightToHtml(plain('title')),
    snippetHtml: highlightToHtml(snippet),
  };
}

const SHOWN_FIELDS = ['title', 'summary', 'body'] as const;
const showFields = (langs: Locale[]) => ({
  attributesToRetrieve: [
    'slug',
    'type',
    'url',
    'category',
    'locale',
    ...langs.flatMap((l) => [textField('title', l), textField('summary', l)]),
  ],
  attributesToHighlight: langs.flatMap((l) => SHOWN_FIELDS.map((f) => textField(f, l))),
  attributesToCrop: langs.map((l) => textField('body', l)),
  cropLength: 30,
  highlightPreTag: PRE,
  highlightPostTag: POST,
  // Drop the most common words first when not every word matches: employees type sentences.
  matchingStrategy: 'frequency' as const,
});

/**
 * Full-text search over the articles a reader may see, one text per article: in the language the
 * query is written in (or the person's, `options.locale`, for a query with no telling word) where the
 * article is translated, else its source. A German or Italian query is tokenized as that language
 * (localizedAttributes) and, federated with it, its English translation through the term map finds
 * the articles not written in that language. A down or slow engine is an expected outcome
 * (`unavailable`), not an exception: pages say so and keep working.
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
  const lang = detectLanguage(query, options.locale ?? 'en');
  const limit = options.limit ?? 10;
  const offset = options.offset ?? 0;
  try {
    const own = {
      filter: [...filter, oneTextPerSlug(lang)],
      locales: [MEILI_LOCALE[lang]],
      ...showFields([lang, 'en', ...LOCALES.filter((l) => l !== lang && l !== 'en')]),
    };
    const english = lang === 'en' ? '' : shapeQuery(query, '', undefined, lang).engineQuery;
    const res =
      english && english !== query.toLowerCase()
        ? await client.multiSearch<FederatedMultiSearchParams, ArticleDocument>({
            federation: {
              limit,
              offset,
              facetsByIndex: { [indexUid]: ['category', 'type'] },
              mergeFacets: {},
            },
            queries: [
              { indexUid, q: query, ...own },
              {
                indexUid,
                q: english,
                // English texts of the articles not written in the query's language.
                filter: [...filter, 'locale = "en"', `NOT languages = ${quote(lang)}`],
                locales: ['eng'],
                ...showFields(['en']),
              },
            ],
          })
        : await client
            .index<ArticleDocument>(indexUid)
            .search(query, { ...own, limit, offset, facets: ['category', 'type'] });
    const seen = new Set<string>();
    const hits = (res.hits as Hit[]).filter((h) => !seen.has(h.id) && seen.add(h.id)).map(toSearchHit);
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
