import type { Meilisearch } from 'meilisearch';
import type { Article } from '#lib/content/load.ts';
import { ARTICLE_INDEX_SETTINGS } from './index-settings.ts';

/** What the index stores of an article. Drafts and internal articles are indexed too and filtered per reader. */
export type ArticleDocument = {
  id: string;
  slug: string;
  type: Article['type'];
  title: string;
  summary: string;
  category: string;
  tags: string[];
  headings: string[];
  body: string;
  url: string;
  updated: string | null;
  status: Article['status'];
  audience: Article['audience'];
  locale: Article['locale'];
  hash: string;
};

/** Index ids allow [A-Za-z0-9_-]; slugs are unique across types, the prefix only makes ids readable. */
export function documentId(article: Pick<Article, 'type' | 'slug'>): string {
  return `${article.type}-${article.slug}`;
}

export function toDocument(article: Article): ArticleDocument {
  return {
    id: documentId(article),
    slug: article.slug,
    type: article.type,
    title: article.title,
    summary: article.summary,
    category: article.category,
    tags: article.tags,
    headings: article.headings.map((h) => h.text),
    body: article.text,
    url: article.url,
    updated: article.updated ?? null,
    status: article.status,
    audience: article.audience,
    locale: article.locale,
    hash: article.hash,
  };
}

export type SyncReport = { added: number; updated: number; removed: number; unchanged: number; ms: number };

const TASK_WAIT = { timeout: 120_000, interval: 50 };

/** Creates the index if needed and applies the settings (Meilisearch skips unchanged settings). */
export async function ensureArticleIndex(client: Meilisearch, indexUid: string): Promise<void> {
  try {
    await client.getIndex(indexUid);
  } catch {
    await client.createIndex(indexUid, { primaryKey: 'id' }).waitTask(TASK_WAIT);
  }
  const task = await client.index(indexUid).updateSettings(ARTICLE_INDEX_SETTINGS).waitTask(TASK_WAIT);
  if (task.status !== 'succeeded')
    throw new Error(`Updating the search settings failed: ${task.error?.message ?? task.status}`);
}

/** Sends only the articles whose content hash changed and removes documents whose file is gone. */
export async function syncArticles(
  client: Meilisearch,
  indexUid: string,
  articles: Article[],
): Promise<SyncReport> {
  const started = performance.now();
  await ensureArticleIndex(client, indexUid);
  const index = client.index<ArticleDocument>(indexUid);
  const indexed = new Map<string, string>();
  for (let offset = 0; ; offset += 1000) {
    const page = await index.getDocuments({ fields: ['id', 'hash'], limit: 1000, offset });
    for (const doc of page.results) indexed.set(doc.id, doc.hash);
    if (page.results.length < 1000) break;
  }
  const wanted = new Map(articles.map((a) => [documentId(a), a]));
  const changed = articles.filter((a) => indexed.get(documentId(a)) !== a.hash);
  const removed = [...indexed.keys()].filter((id) => !wanted.has(id));
  const tasks = [];
  if (changed.length)
    tasks.push(index.addDocuments(changed.map(toDocument), { primaryKey: 'id' }).waitTask(TASK_WAIT));
  if (removed.length) tasks.push(index.deleteDocuments(removed).waitTask(TASK_WAIT));
  for (const task of await Promise.all(tasks)) {
    if (task.status !== 'succeeded')
      throw new Error(`Indexing failed: ${task.error?.message ?? task.status}`);
  }
  const added = changed.filter((a) => !indexed.has(documentId(a))).length;
  return {
    added,
    updated: changed.length - added,
    removed: removed.length,
    unchanged: articles.length - changed.length,
    ms: Math.round(performance.now() - started),
  };
}
