import fs from 'node:fs';
import path from 'node:path';
import type { LoadedContent } from '../content/load.ts';
import { reloadContent } from '../content/store.ts';
import { getDb } from '../db/connection.ts';
import { articleIndexName, getSearchClient } from './client.ts';
import { rebuildFtsIndex } from './fts.ts';
import { syncArticles } from './sync.ts';

export type RefreshReport = { articles: number; ms: number; engine: 'synced' | 'unavailable' };

/**
 * Makes a change to the files visible everywhere: the page cache, the FTS5 ranking (suggestions use it
 * first) and Meilisearch. Rendering is cached by content, so only changed files cost anything. If the
 * engine is down the FTS5 ranking already has the change; the next start re-syncs Meilisearch.
 */
export async function refreshKnowledgeBase(contentDir: string): Promise<RefreshReport & { content: LoadedContent }> {
  const started = performance.now();
  const content = reloadContent(contentDir);
  rebuildFtsIndex(getDb(), content.articles);
  let engine: RefreshReport['engine'] = 'unavailable';
  const client = getSearchClient(10_000);
  if (client) {
    try {
      await syncArticles(client, articleIndexName(), content.articles);
      engine = 'synced';
    } catch (error) {
      console.warn(`Search index not updated (${(error as Error).message}); suggestions still have the change.`);
    }
  }
  return { content, articles: content.articles.length, ms: Math.round(performance.now() - started), engine };
}

/**
 * Notices files changed outside the app (a `git pull` into content/) and refreshes, debounced so a
 * checkout of many files refreshes once. Returns a function that stops watching.
 */
export function watchKnowledgeBase(contentDir: string, options: { log?: (message: string) => void; debounceMs?: number; refresh?: (contentDir: string) => Promise<RefreshReport> } = {}): () => void {
  const { log = console.log, debounceMs = 250, refresh = refreshKnowledgeBase } = options;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(async () => {
        const report = await refresh(contentDir);
        log(`Content changed on disk: ${report.articles} articles reloaded in ${report.ms} ms (search ${report.engine}).`);
      }).catch((error: Error) => log(`Reloading content failed: ${error.message}`));
    }, debounceMs);
  };
  const watchers = ['kb', 'faq', '.'].flatMap((dir) => {
    const folder = path.join(contentDir, dir);
    if (!fs.existsSync(folder)) return [];
    // Temp files of the app's own atomic writes start with a dot; only Markdown and categories matter.
    return [fs.watch(folder, (_event, name) => {
      if (name && !name.startsWith('.') && (name.endsWith('.md') || name === 'categories.json')) schedule();
    })];
  });
  return () => {
    clearTimeout(timer);
    for (const w of watchers) w.close();
  };
}
