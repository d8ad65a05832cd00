import { getConfig } from '#lib/config/config.ts';
import { getDb } from '#lib/db/connection.ts';
import { mostViewedSlugs, recordArticleView } from '#lib/deflection/article-views.ts';
import type { Article, ArticleType } from '#lib/content/load.ts';
import type { Category } from '#lib/content/schema.ts';
import {
  countByCategory,
  getArticle,
  getCategory,
  getContent,
  isStale,
  listArticles,
  relatedArticles,
  type Reader,
} from '#lib/content/store.ts';
import { newRequestId } from '#lib/deflection/requests.ts';
import { requireReader } from './guards.ts';

/** Data for the portal pages, computed here so that pages and components only render. */

function content() {
  return getContent(getConfig().contentDir);
}

export type ArticleSummary = Pick<
  Article,
  'slug' | 'type' | 'url' | 'title' | 'summary' | 'category' | 'updated'
> & { categoryLabel: string };

function summarize(article: Article, categories: Category[]): ArticleSummary {
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
  };
}

/** Home page: categories with counts, the most read articles (recently updated ones until there are views), new FAQs. */
export function getHomeData(reader: Reader) {
  const c = content();
  const visible = listArticles(c, reader);
  const bySlug = new Map(visible.map((a) => [a.slug, a]));
  const popular = mostViewedSlugs(getDb(), 30, 6)
    .map((v) => bySlug.get(v.slug))
    .filter((a): a is Article => Boolean(a && a.type === 'article'));
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
  return { ...getHomeData(requireReader(locals)), requestId: newRequestId(), labels: getCategoryLabels() };
}

/** A list page (/kb or /faq): articles grouped by category, optionally only one category. */
export function getListing(reader: Reader, type: ArticleType, categorySlug?: string) {
  const c = content();
  const category = categorySlug ? getCategory(c, categorySlug) : null;
  const articles = listArticles(c, reader, { type, category: category?.slug });
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
      ? listArticles(c, reader, { type: 'faq', category: category.slug }).map((a) =>
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

/** An article page, or null when the reader may not see it (the page answers 404). Counts the view. */
export function openArticle(reader: Reader, type: ArticleType, slug: string) {
  const c = content();
  const article = getArticle(c, reader, type, slug);
  if (!article) return null;
  recordArticleView(getDb(), article.slug);
  return {
    article,
    category: getCategory(c, article.category),
    stale: isStale(article),
    related: relatedArticles(c, reader, article).map((a) => summarize(a, c.categories)),
  };
}

/** Category labels by slug, for search results. */
export function getCategoryLabels(): Record<string, string> {
  return Object.fromEntries(content().categories.map((c) => [c.slug, c.label]));
}

export function getCategories(): Category[] {
  return content().categories;
}
