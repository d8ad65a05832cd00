import { loadContent, type Article, type ArticleType, type LoadedContent, type Translation } from './load.ts';
import { LOCALES, type Locale } from '#lib/i18n/locales.ts';
import type { Category } from './schema.ts';
import { remember } from '#lib/config/remember.ts';

/** Who is reading: decides which articles exist for them. Anonymous readers are employees. */
export type Reader = { seesInternal: boolean; seesUnpublished: boolean };
export const EMPLOYEE: Reader = { seesInternal: false, seesUnpublished: false };

// One cache per process, even though `npm start` loads this module twice (once from source in
// scripts/start.ts, once bundled in the server): rendering the KB takes ~6 ms per article, so the
// server reuses what the start script already rendered instead of doing it again on the first request.
const stores = remember('content.store', () => new Map<string, LoadedContent>());

/** The knowledge base under contentDir, loaded once per process (reloadContent after changes). */
export function getContent(contentDir: string): LoadedContent {
  let content = stores.get(contentDir);
  if (!content) {
    content = loadContent(contentDir);
    stores.set(contentDir, content);
  }
  return content;
}

/** The copy already loaded in this process, without loading one. */
export function peekContent(contentDir: string): LoadedContent | null {
  return stores.get(contentDir) ?? null;
}

/** Reads the files again (only those that changed since the last load) and returns the new copy. */
export function reloadContent(contentDir: string): LoadedContent {
  const content = loadContent(contentDir, stores.get(contentDir));
  stores.set(contentDir, content);
  return content;
}

export function canRead(reader: Reader, article: Article): boolean {
  return (reader.seesUnpublished || article.status === 'published') && (reader.seesInternal || article.audience === 'employees');
}

// Derived once per loaded copy (a reload makes a new one): article pages are the busiest route, and
// sorting every title and scanning every article on each view cost ~5 % of its CPU time.
type Derived = {
  bySlug: Map<string, Article>;
  sorted: Map<string, Article[]>;
  related: Map<string, Article[]>;
  /** Translations by `type/slug`, in LOCALES order. */
  translations: Map<string, Translation[]>;
  localized: Map<string, LocalizedArticle>;
  localizedSorted: Map<string, LocalizedArticle[]>;
};
const derivedByContent = new WeakMap<LoadedContent, Derived>();

function derived(content: LoadedContent): Derived {
  let d = derivedByContent.get(content);
  if (!d) {
    const translations = new Map<string, Translation[]>();
    for (const t of content.translations) translations.set(`${t.type}/${t.slug}`, [...(translations.get(`${t.type}/${t.slug}`) ?? []), t]);
    for (const list of translations.values()) list.sort((a, b) => LOCALES.indexOf(a.locale) - LOCALES.indexOf(b.locale));
    d = { bySlug: new Map(content.articles.map((a) => [`${a.type}/${a.slug}`, a])), sorted: new Map(), related: new Map(), translations, localized: new Map(), localizedSorted: new Map() };
    derivedByContent.set(content, d);
  }
  return d;
}

const readerKey = (reader: Reader) => `${reader.seesInternal ? 'i' : '-'}${reader.seesUnpublished ? 'u' : '-'}`;

/** Articles the reader may see, optionally of one type or category, sorted by title. */
export function listArticles(content: LoadedContent, reader: Reader, filter: { type?: ArticleType; category?: string } = {}): Article[] {
  const d = derived(content);
  let sorted = d.sorted.get(readerKey(reader));
  if (!sorted) d.sorted.set(readerKey(reader), (sorted = content.articles.filter((a) => canRead(reader, a)).sort((a, b) => a.title.localeCompare(b.title))));
  return sorted.filter((a) => (!filter.type || a.type === filter.type) && (!filter.category || a.category === filter.category));
}

/** One article by type and slug, or null when it does not exist for this reader. */
export function getArticle(content: LoadedContent, reader: Reader, type: ArticleType, slug: string): Article | null {
  const article = derived(content).bySlug.get(`${type}/${slug}`);
  return article && canRead(reader, article) ? article : null;
}

export function getCategory(content: LoadedContent, slug: string): Category | null {
  return content.categories.find((c) => c.slug === slug) ?? null;
}

/** Categories with how many articles and FAQs the reader can see in each. */
export function countByCategory(content: LoadedContent, reader: Reader): Array<Category & { articles: number; faqs: number }> {
  const visible = listArticles(content, reader);
  return content.categories.map((c) => ({
    ...c,
    articles: visible.filter((a) => a.category === c.slug && a.type === 'article').length,
    faqs: visible.filter((a) => a.category === c.slug && a.type === 'faq').length,
  }));
}

/**
 * Articles about the same problem: shared tags weigh most, the same category adds a little.
 * Deterministic and instant; the search engine is not needed to render an article page.
 */
export function relatedArticles(content: LoadedContent, reader: Reader, article: Article, limit = 4): Article[] {
  const key = `${readerKey(reader)}:${article.type}/${article.slug}:${limit}`;
  const cached = derived(content).related.get(key);
  if (cached) return cached;
  const tags = new Set(article.tags);
  const related = listArticles(content, reader)
    .filter((a) => a.slug !== article.slug)
    .map((a) => ({ a, score: a.tags.filter((t) => tags.has(t)).length * 2 + (a.category === article.category ? 1 : 0) }))
    .filter((x) => x.score >= 2)
    .sort((x, y) => y.score - x.score || x.a.title.localeCompare(y.a.title))
    .slice(0, limit)
    .map((x) => x.a);
  derived(content).related.set(key, related);
  return related;
}

/** True once the article's review date has passed (dates compared as UTC calendar days). */
export function isStale(article: { review_by?: string | undefined }, today: Date = new Date()): boolean {
  return Boolean(article.review_by && article.review_by < today.toISOString().slice(0, 10));
}

/** An article as shown in one language: the translation's title, summary, tags, body and dates over the source's. */
export type LocalizedArticle = Article & {
  /** The language asked for. */
  wanted: Locale;
  /** True when the article is not (readably) in `wanted` and this is the English text (or, without one, the source's). */
  fallback: boolean;
  /** The source article's language. */
  sourceLocale: Locale;
  /** Every language the reader can read this article in, in LOCALES order. */
  locales: Locale[];
  /** A translation whose source changed after it was written (source `updated` later than `source_updated`). */
  outdated: boolean;
};

/** Every translation of an article that loaded (any status), in LOCALES order. */
export function translationsOf(content: LoadedContent, article: Pick<Article, 'type' | 'slug'>): Translation[] {
  return derived(content).translations.get(`${article.type}/${article.slug}`) ?? [];
}

export function canReadTranslation(reader: Reader, translation: Translation): boolean {
  return reader.seesUnpublished || translation.status === 'published';
}

/** True when the source was changed after the translation was last brought up to date. */
export function isOutdated(translation: Pick<Translation, 'source_updated'>, source: Pick<Article, 'updated'>): boolean {
  return Boolean(source.updated && source.updated > translation.source_updated);
}

/** Translations older than their source, for content:check and the editor. */
export function outdatedTranslations(content: LoadedContent): Array<{ translation: Translation; source: Article }> {
  const d = derived(content);
  return content.translations.flatMap((translation) => {
    const source = d.bySlug.get(`${translation.type}/${translation.slug}`);
    return source && isOutdated(translation, source) ? [{ translation, source }] : [];
  });
}

/**
 * The article in the wanted language: its translation when the reader may read one, the source when it
 * is in that language; otherwise the English text (the source or an English translation), or the source
 * as it is, flagged `fallback`. Cached per loaded copy, so listings of 10,000 articles stay cheap.
 */
export function localizeArticle(content: LoadedContent, reader: Reader, article: Article, wanted: Locale): LocalizedArticle {
  const d = derived(content);
  const key = `${readerKey(reader)}:${wanted}:${article.type}/${article.slug}`;
  const cached = d.localized.get(key);
  if (cached) return cached;
  const readable = translationsOf(content, article).filter((t) => canReadTranslation(reader, t));
  const pick = (locale: Locale) => (article.locale === locale ? article : readable.find((t) => t.locale === locale));
  const shown = pick(wanted) ?? pick('en') ?? article;
  const locales = LOCALES.filter((l) => l === article.locale || readable.some((t) => t.locale === l));
  const base = { ...article, wanted, fallback: shown.locale !== wanted, sourceLocale: article.locale, locales };
  const localized: LocalizedArticle =
    shown === article
      ? { ...base, outdated: false }
      : {
          ...base,
          ...pickLocalFields(shown as Translation),
          outdated: isOutdated(shown as Translation, article),
        };
  d.localized.set(key, localized);
  return localized;
}

function pickLocalFields(t: Translation) {
  const { title, summary, tags, locale, status, updated, review_by, file, text, headings, internalLinks, hash, renderKey, wordCount } = t;
  return { title, summary, tags, locale, status, updated, review_by, file, text, headings, internalLinks, hash, renderKey, wordCount };
}

/** One article in the wanted language (or its fallback), or null when it does not exist for this reader. */
export function getLocalizedArticle(content: LoadedContent, reader: Reader, type: ArticleType, slug: string, wanted: Locale): LocalizedArticle | null {
  const article = getArticle(content, reader, type, slug);
  return article ? localizeArticle(content, reader, article, wanted) : null;
}

/** listArticles in a language: localized titles and summaries, sorted by the localized title in that language's order. */
export function listLocalizedArticles(content: LoadedContent, reader: Reader, wanted: Locale, filter: { type?: ArticleType; category?: string } = {}): LocalizedArticle[] {
  const d = derived(content);
  const key = `${readerKey(reader)}:${wanted}`;
  let sorted = d.localizedSorted.get(key);
  if (!sorted) {
    const collator = new Intl.Collator(wanted);
    sorted = listArticles(content, reader).map((a) => localizeArticle(content, reader, a, wanted)).sort((a, b) => collator.compare(a.title, b.title));
    d.localizedSorted.set(key, sorted);
  }
  return sorted.filter((a) => (!filter.type || a.type === filter.type) && (!filter.category || a.category === filter.category));
}
