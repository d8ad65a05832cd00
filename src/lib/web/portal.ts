import { getConfig } from '#lib/config/config.ts';
import { getDb } from '#lib/db/connection.ts';
import { mostViewedSlugs, recordArticleView } from '#lib/deflection/article-views.ts';
import { articleHtml, type Article, type ArticleType } from '#lib/content/load.ts';
import type { Category } from '#lib/content/schema.ts';
import {
  countByCategory,
  getArticle,
  getCategory,
  getContent,
  getLocalizedArticle,
  isStale,
  listLocalizedArticles,
  localizeArticle,
  relatedArticles,
  type LocalizedArticle,
  type Reader,
} from '#lib/content/store.ts';
import { newRequestId } from '#lib/deflection/requests.ts';
import { LOCALE_NAMES, type Locale } from '#lib/i18n/locales.ts';
import { requireReader } from './guards.ts';

/** Data for the portal pages, computed here so that pages and components only render. */

function content() {
  return getContent(getConfig().contentDir);
}

export type ArticleSummary = Pick<
  Article,
  'slug' | 'type' | 'url' | 'title' | 'summary' | 'category' | 'updated'
> & {
  categoryLabel: string;
  /** The language of the title and summary when it is not the page's (an English fallback): their `lang`. */
  lang: Locale | null;
};

function summarize(article: LocalizedArticle, categories: Category[]): ArticleSummary {
  const { slug, type, url, title, summary, category, updated } = article;
  return {
    slug,
    type,
    url,
    title,
    summary,
    category,
    updated,
    categoryLabel: categories.find((c) => c.slug === category)?.label ?? category,
    lang: article.locale === article.wanted ? null : article.locale,
  };
}

/** Home page: categories with counts, the most read articles (recently updated ones until there are views), new FAQs. */
export function getHomeData(reader: Reader, locale: Locale = 'en') {
  const c = content();
  const visible = listLocalizedArticles(c, reader, locale);
  const bySlug = new Map(visible.map((a) => [a.slug, a]));
  const popular = mostViewedSlugs(getDb(), 30, 6)
    .map((v) => bySlug.get(v.slug))
    .filter((a): a is LocalizedArticle => Boolean(a && a.type === 'article'));
  const byUpdated = (a: Article, b: Article) =>
    (b.updated ?? '').localeCompare(a.updated ?? '') || a.title.localeCompare(b.title);
  for (const a of visible.filter((x) => x.type === 'article').sort(byUpdated)) {
    if (popular.length >= 6) break;
    if (!popular.includes(a)) popular.push(a);
  }
  return {
    categories: countByCategory(c, reader).filter((x) => x.articles + x.faqs > 0),
    popular: popular.map((a) => summarize(a, c.categories)),
    latestFaqs: visible
      .filter((a) => a.type === 'faq')
      .sort(byUpdated)
      .slice(0, 5)
      .map((a) => summarize(a, c.categories)),
    totals: {
      articles: visible.filter((a) => a.type === 'article').length,
      faqs: visible.filter((a) => a.type === 'faq').length,
    },
  };
}

/** The home page: its lists, and a fresh help request for the problem box (it suggests as people type). */
export function homePage(locals: App.Locals) {
  return {
    ...getHomeData(requireReader(locals), locals.i18n.locale),
    requestId: newRequestId(),
    labels: getCategoryLabels(),
  };
}

/** /kb and /faq: the listing for the reader, in the request's language, optionally one category (`?category=`). */
export function listingPage(locals: App.Locals, url: URL, type: ArticleType) {
  const category = url.searchParams.get('category') ?? undefined;
  return getListing(requireReader(locals), type, category, locals.i18n.locale);
}

/** A list page (/kb or /faq): articles grouped by category, optionally only one category; titles and summaries localized. */
export function getListing(reader: Reader, type: ArticleType, categorySlug?: string, locale: Locale = 'en') {
  const c = content();
  const category = categorySlug ? getCategory(c, categorySlug) : null;
  const articles = listLocalizedArticles(c, reader, locale, { type, category: category?.slug });
  const groups = c.categories
    .map((cat) => ({
      category: cat,
      articles: articles.filter((a) => a.category === cat.slug).map((a) => summarize(a, c.categories)),
    }))
    .filter((g) => g.articles.length > 0);
  const counts = countByCategory(c, reader)
    .map((x) => ({ ...x, count: type === 'article' ? x.articles : x.faqs }))
    .filter((x) => x.count > 0);
  // A topic page in the knowledge base also lists that topic's FAQs: readers arrive there from the home page.
  const topicFaqs =
    type === 'article' && category
      ? listLocalizedArticles(c, reader, locale, { type: 'faq', category: category.slug }).map((a) =>
          summarize(a, c.categories),
        )
      : [];
  return {
    category,
    unknownCategory: Boolean(categorySlug && !category),
    groups,
    counts,
    total: articles.length,
    topicFaqs,
  };
}

/** A language the article can be read in, as the page lists it. */
export type ArticleLanguage = { locale: Locale; name: string; url: string; current: boolean };

/**
 * An article page in `wanted` (the request's language, or `?lang=`), or null when the reader may not
 * see it (the page answers 404). Counts the view, under the one slug every language shares.
 */
export function openArticle(
  reader: Reader,
  type: ArticleType,
  slug: string,
  wanted: Locale = 'en',
  pageLocale: Locale = wanted,
) {
  const c = content();
  const article = getLocalizedArticle(c, reader, type, slug, wanted);
  if (!article) return null;
  recordArticleView(getDb(), article.slug);
  const languages: ArticleLanguage[] = article.locales.map((l) => ({
    locale: l,
    name: LOCALE_NAMES[l],
    url: `${article.url}?lang=${l}`,
    current: l === article.locale,
  }));
  return {
    article,
    /** The body, sanitized when it was rendered. */
    html: articleHtml(article),
    category: getCategory(c, article.category),
    stale: isStale(article),
    // Related by the source's tags: every article has them, translations may not.
    related: relatedArticles(c, reader, getArticle(c, reader, type, slug)!).map((a) =>
      summarize(localizeArticle(c, reader, a, wanted), c.categories),
    ),
    languages,
    /** Set when the text is not in the page's language: the body's `lang`. */
    bodyLang: article.locale === pageLocale ? null : article.locale,
  };
}

/** Category labels by slug, for search results. */
export function getCategoryLabels(): Record<string, string> {
  return Object.fromEntries(content().categories.map((c) => [c.slug, c.label]));
}

export function getCategories(): Category[] {
  return content().categories;
}
