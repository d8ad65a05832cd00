import { loadContent, type Article, type ArticleType, type LoadedContent } from './load.ts';
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
type Derived = { bySlug: Map<string, Article>; sorted: Map<string, Article[]>; related: Map<string, Article[]> };
const derivedByContent = new WeakMap<LoadedContent, Derived>();

function derived(content: LoadedContent): Derived {
  let d = derivedByContent.get(content);
  if (!d) derivedByContent.set(content, (d = { bySlug: new Map(content.articles.map((a) => [`${a.type}/${a.slug}`, a])), sorted: new Map(), related: new Map() }));
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
    .filter((a) => a !== article)
    .map((a) => ({ a, score: a.tags.filter((t) => tags.has(t)).length * 2 + (a.category === article.category ? 1 : 0) }))
    .filter((x) => x.score >= 2)
    .sort((x, y) => y.score - x.score || x.a.title.localeCompare(y.a.title))
    .slice(0, limit)
    .map((x) => x.a);
  derived(content).related.set(key, related);
  return related;
}

/** True once the article's review date has passed (dates compared as UTC calendar days). */
export function isStale(article: Article, today: Date = new Date()): boolean {
  return Boolean(article.review_by && article.review_by < today.toISOString().slice(0, 10));
}
