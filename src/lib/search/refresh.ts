import fs from 'node:fs';
import path from 'node:path';
import { isUpToDate, type LoadedContent } from '#lib/content/load.ts';
import { getContent, peekContent, reloadContent } from '#lib/content/store.ts';
import { getConfig } from '#lib/config/config.ts';
import { getDb } from '#lib/db/connection.ts';
import type { Db } from '#lib/db/db.ts';
import type { Meilisearch } from 'meilisearch';
import { isEngineHealthy } from './engine.ts';
import {
  completeSearchUpdate,
  countPendingSearchUpdates,
  drainSearchOutbox,
  enqueueSearchUpdate,
} from './outbox.ts';
import { articleIndexName, getSearchClient } from './client.ts';
import { rebuildFtsIndex, updateFtsIndex } from './fts.ts';
import { carryVocabulary } from './spelling.ts';
import { indexedTexts, indexedTextsOf } from './texts.ts';
import { syncArticles } from './sync.ts';
import { remember } from '#lib/config/remember.ts';
import { getLogger } from '#lib/config/log.ts';
import { syncVectorCatalogue, updateVectorCatalogue } from '#lib/embeddings/vectors.ts';
import { articleVectorTexts } from './article-vector-texts.ts';

export type RefreshReport = {
  articles: number;
  ms: number;
  engine: 'queued' | 'synced' | 'unavailable' | 'skipped';
};

// One Meilisearch sync at a time, each with the content as it is when it starts. Changes made while
// a sync waits to start join it: a burst of edits (a git pull) costs one more sync, not one per file.
type SyncState = { chain: Promise<unknown>; waiting: Promise<RefreshReport['engine']> | null };
const syncs = remember<SyncState>('search.syncState', () => ({ chain: Promise.resolve(), waiting: null }));

function syncEngine(contentDir: string): Promise<RefreshReport['engine']> {
  const client = getSearchClient(30_000);
  if (!client) return Promise.resolve('unavailable');
  // Written before the attempt: if the engine is away (or this process dies), the outbox still has it.
  enqueueSearchUpdate(getDb(), 'articles');
  if (syncs.waiting) return syncs.waiting;
  const next = syncs.chain.then(async (): Promise<RefreshReport['engine']> => {
    syncs.waiting = null;
    try {
      // What this attempt settles: a change after this line is queued again and waits for the next
      // sync. Inside the try: a database locked past busy_timeout (a long write elsewhere) must not
      // reject the chain: nobody awaits it (the process would stop) and no later sync would run. The
      // row written before the attempt stays in the outbox, so the drain syncs it when it can.
      const attempt = enqueueSearchUpdate(getDb(), 'articles');
      await syncArticles(client, articleIndexName(), indexedTexts(getContent(contentDir)));
      completeSearchUpdate(getDb(), attempt.id, attempt.at);
      return 'synced';
    } catch (error) {
      getLogger().warn(
        `Search index not updated (${(error as Error).message}); the change waits in the outbox, and suggestions already have it.`,
      );
      return 'unavailable';
    }
  });
  syncs.waiting = next;
  syncs.chain = next;
  return next;
}

function changedArticles<T>(before: T[], after: T[]): { added: T[]; dropped: T[] } {
  const now = new Set(after);
  const then = new Set(before);
  return { added: after.filter((a) => !then.has(a)), dropped: before.filter((a) => !now.has(a)) };
}

/**
 * Makes a change to the files visible everywhere: the page cache and the FTS5 ranking at once
 * (suggestions rank with it first, so a published article is suggested as soon as this returns),
 * then Meilisearch, which takes seconds to index and is not waited for unless asked. If the engine is
 * down the next start re-syncs it. With `indexes: false` only this process's copy is reloaded (a web
 * worker noticing a change that another process indexes).
 */
export async function refreshKnowledgeBase(
  contentDir: string,
  options: { waitForEngine?: boolean; indexes?: boolean } = {},
): Promise<RefreshReport & { content: LoadedContent }> {
  const started = performance.now();
  const before = peekContent(contentDir);
  const content = reloadContent(contentDir);
  const indexes = options.indexes !== false;
  if (before) {
    // Unchanged articles are the same objects after a reload: only the others are tokenized and indexed.
    const { added, dropped } = changedArticles(before.articles, content.articles);
    carryVocabulary(before.articles, content.articles, dropped, added);
    if (indexes) {
      // A slug is re-indexed in every language when its source or one of its translations changed.
      const texts = changedArticles(before.translations, content.translations);
      const touched = new Set([...added, ...dropped, ...texts.added, ...texts.dropped].map((a) => a.slug));
      updateFtsIndex(getDb(), indexedTextsOf(content, touched), [...touched]);
      // Who may see an article changes for its vector at once too; the vector itself follows (vector-sync.ts).
      updateVectorCatalogue(
        getDb(),
        added,
        dropped.map((a) => a.slug),
        articleVectorTexts,
      );
    }
  } else if (indexes) {
    rebuildFtsIndex(getDb(), indexedTexts(content));
    syncVectorCatalogue(getDb(), content.articles, articleVectorTexts);
  }
  if (!indexes)
    return {
      content,
      articles: content.articles.length,
      ms: Math.round(performance.now() - started),
      engine: 'skipped',
    };
  const engine = syncEngine(contentDir);
  return {
    content,
    articles: content.articles.length,
    ms: Math.round(performance.now() - started),
    engine: options.waitForEngine ? await engine : 'queued',
  };
}

/**
 * Notices files changed outside the app (a `git pull` into content/) and refreshes, debounced so the
 * files of a checkout are mostly taken together. The wait is short (50 ms): a refresh reads only
 * changed files, and Meilisearch syncs that pile up are merged, while in a cluster another worker's
 * edit reaches this one's pages and suggestions only through here. Returns a function that stops watching.
 */
export function watchKnowledgeBase(
  contentDir: string,
  options: {
    log?: (message: string) => void;
    debounceMs?: number;
    refresh?: (contentDir: string) => Promise<RefreshReport>;
  } = {},
): () => void {
  const { log = console.log, debounceMs = 50, refresh = refreshKnowledgeBase } = options;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const changed = new Set<string>();
  const schedule = (file: string) => {
    changed.add(file);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const files = [...changed];
      changed.clear();
      running = running
        .then(async () => {
          // The editor's own saves refresh before they answer: their notification finds nothing new.
          const loaded = peekContent(contentDir);
          if (loaded && !files.includes('categories.json') && isUpToDate(contentDir, loaded, files)) return;
          const report = await refresh(contentDir);
          log(
            `Content changed on disk: ${report.articles} articles reloaded in ${report.ms} ms (search ${report.engine}).`,
          );
        })
        .catch((error: Error) => log(`Reloading content failed: ${error.message}`));
    }, debounceMs);
  };
  const watchers = ['kb', 'faq', '.'].flatMap((dir) => {
    const folder = path.join(contentDir, dir);
    if (!fs.existsSync(folder)) return [];
    // Temp files of the app's own atomic writes start with a dot; only Markdown and categories matter.
    return [
      fs.watch(folder, (_event, name) => {
        if (!name || name.startsWith('.')) return;
        if (dir === '.' ? name === 'categories.json' : name.endsWith('.md'))
          schedule(dir === '.' ? name : `${dir}/${name}`);
      }),
    ];
  });
  return () => {
    clearTimeout(timer);
    for (const w of watchers) w.close();
  };
}

/** Index updates that other modules own: the tickets module sends a ticket's document (search sits below it). */
export type OutboxAppliers = { ticket: (ticketId: number, client: Meilisearch) => Promise<void> };

/**
 * Applies what waits in the search outbox whenever the engine answers: checked every few seconds, so
 * after a crash, a restart or an outage of an external MEILI_URL nothing published stays missing.
 * Returns a function that stops it.
 */
export function startSearchOutboxDrain(
  db: Db,
  contentDir: string,
  appliers: OutboxAppliers,
  { everyMs = 3000, log = console.log }: { everyMs?: number; log?: (message: string) => void } = {},
): () => void {
  let busy = false;
  const tick = async () => {
    if (busy || countPendingSearchUpdates(db) === 0) return;
    const client = getSearchClient(30_000);
    if (!client || !(await isEngineHealthy(getConfig().meili.url!))) return;
    busy = true;
    try {
      const applied = await drainSearchOutbox(db, async (entry) => {
        if (entry.kind === 'articles')
          await syncArticles(client, articleIndexName(), indexedTexts(getContent(contentDir)));
        else await appliers.ticket(Number(entry.ref), client);
      });
      if (applied > 0) log(`Search outbox: ${applied} update(s) applied now that Meilisearch answers.`);
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(
    () => void tick().catch((error: Error) => log(`Search outbox: ${error.message}`)),
    everyMs,
  );
  timer.unref();
  return () => clearInterval(timer);
}
