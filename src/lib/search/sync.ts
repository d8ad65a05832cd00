import type { Meilisearch } from 'meilisearch';
import type { Article } from '#lib/content/load.ts';
import type { Locale } from '#lib/i18n/locales.ts';
import { ARTICLE_INDEX_SETTINGS, textField } from './index-settings.ts';
import type { IndexedText } from './texts.ts';

/**
 * What the index stores of one language's text of an article: one document per source and per
 * translation (decision 062). Drafts and internal articles are indexed too and filtered per reader.
 */
export type ArticleDocument = {
  id: string;
  slug: string;
  type: Article['type'];
  category: string;
  url: string;
  updated: string | null;
  status: Article['status'];
  audience: Article['audience'];
  locale: Locale;
  /** The source file's text (false: a translation). */
  source: boolean;
  /** Every language the slug is written in: /search shows one text per slug, the reader's language first. */
  languages: Locale[];
  hash: string;
} & Partial<Record<string, string | string[] | boolean | null>>;

/** Index ids allow [A-Za-z0-9_-]; slugs are unique across types, the prefix only makes ids readable. */
export function documentId(
  article: Pick<Article, 'type' | 'slug' | 'locale'> & { source?: boolean },
): string {
  // The English source keeps the id it had before translations existed (no needless reindex).
  const base = `${article.type}-${article.slug}`;
  return article.locale === 'en' && article.source !== false ? base : `${base}-${article.locale}`;
}

type Indexable = Omit<IndexedText, 'source' | 'languages'> &
  Partial<Pick<IndexedText, 'source' | 'languages'>>;

export function toDocument(text: Indexable): ArticleDocument {
  const languages = text.languages ?? [text.locale];
  return {
    id: documentId(text),
    slug: text.slug,
    type: text.type,
    category: text.category,
    url: text.url,
    updated: text.updated ?? null,
    status: text.status,
    audience: text.audience,
    locale: text.locale,
    source: text.source ?? true,
    languages,
    // A source's document changes when a translation is added or removed (its `languages`).
    hash: `${text.hash}:${languages.join(',')}`,
    [textField('title', text.locale)]: text.title,
    [textField('tags', text.locale)]: text.tags,
    [textField('summary', text.locale)]: text.summary,
    [textField('headings', text.locale)]: text.headings.map((h) => h.text),
    [textField('body', text.locale)]: text.text,
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
  articles: Indexable[],
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
  const documents = new Map(articles.map((a) => [documentId(a), toDocument(a)]));
  const changed = articles.filter((a) => indexed.get(documentId(a)) !== documents.get(documentId(a))!.hash);
  const removed = [...indexed.keys()].filter((id) => !wanted.has(id));
  const tasks = [];
  if (changed.length)
    tasks.push(
      index
        .addDocuments(
          changed.map((a) => documents.get(documentId(a))!),
          { primaryKey: 'id' },
        )
        .waitTask(TASK_WAIT),
    );
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
