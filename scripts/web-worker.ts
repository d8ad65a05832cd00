// One web server process of a cluster (WEB_WORKERS > 1), forked by scripts/start.ts after it has
// migrated the database, loaded the knowledge base and started Meilisearch. It serves pages only:
// background jobs (outbox, auto-close, index syncs) run once, in the start process.
import { parseConfig } from '#lib/config/config.ts';
import { usePrivateFileModes } from '#lib/config/data-dir.ts';
import { useRenderStore } from '#lib/content/load.ts';
import { sqliteRenderStore } from '#lib/content/render-store.ts';
import { getContent } from '#lib/content/store.ts';
import { getDatabase } from '#lib/db/db.ts';
import { EncoderFromPrimary } from '#lib/embeddings/encoder-ipc.ts';
import { loadVectorIndex } from '#lib/embeddings/vector-index.ts';
import { useQueryEncoder } from '#lib/embeddings/query-encoder.ts';
import { loadFtsPostings } from '#lib/search/fts.ts';
import { refreshKnowledgeBase, watchKnowledgeBase } from '#lib/search/refresh.ts';
import { buildVocabulary } from '#lib/search/spelling.ts';
import { builtRendererStamp } from './build-if-stale.ts';
import { flushAndCloseDatabases, startWebServer } from './web-server.ts';

const tell = (message: { type: 'fatal'; message: string }) => process.send?.(message);

// Inherited from the start process already; said here too, since this process writes uploads and articles.
usePrivateFileModes();
const config = parseConfig();
const db = getDatabase(config.databasePath);
// The start process rendered every article into the store just now: this load only reads them.
useRenderStore(sqliteRenderStore(db, builtRendererStamp()));
buildVocabulary(getContent(config.contentDir).articles);
loadFtsPostings(db); // suggestions rank from them (a large KB's build in the background: it serves meanwhile)
loadVectorIndex(db); // the articles' vectors computed so far (new ones are read as they come)
// Query vectors come from the start process's one encoder (its memory is not copied per worker).
useQueryEncoder(new EncoderFromPrimary());
// Another process changed the files (an editor save in another worker, a git pull): reload this
// process's copy. Whoever made the change updates the FTS5 copy and Meilisearch; the start process
// catches what nobody did.
watchKnowledgeBase(config.contentDir, {
  log: () => {},
  refresh: (dir) => refreshKnowledgeBase(dir, { indexes: false }),
});

let server: Awaited<ReturnType<typeof startWebServer>> | undefined;
try {
  server = await startWebServer(config);
} catch (error) {
  tell({ type: 'fatal', message: (error as Error).message });
  process.exit(1);
}

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await server?.stop();
  flushAndCloseDatabases();
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
// The start process is gone (even killed with SIGKILL): stop too, and free the port.
process.on('disconnect', () => void stop());
