// `npm run reindex`: sends changed articles to the search index and removes deleted ones.
// Uses MEILI_URL when set; otherwise starts the managed Meilisearch for the time it takes.
import { parseConfig } from '#lib/config/config.ts';
import { loadContent } from '#lib/content/load.ts';
import { createSearchClient } from '#lib/search/client.ts';
import { SearchEngineError, startSearchEngine } from '#lib/search/engine.ts';
import { syncArticles } from '#lib/search/sync.ts';
import { indexedTexts } from '#lib/search/texts.ts';

const config = parseConfig();
const content = loadContent(config.contentDir);
const { articles, problems } = content;
for (const p of problems) console.warn(`skipped ${p.file}: ${p.message}`);
try {
  const engine = await startSearchEngine(config);
  try {
    const report = await syncArticles(
      createSearchClient(engine, 30_000),
      `${config.meili.indexPrefix}articles`,
      indexedTexts(content),
    );
    console.log(
      `Indexed ${articles.length} articles: ${report.added} added, ${report.updated} updated, ${report.removed} removed, ${report.unchanged} unchanged in ${report.ms} ms.`,
    );
  } finally {
    await engine.stop();
  }
} catch (error) {
  if (error instanceof SearchEngineError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
