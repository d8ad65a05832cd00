import { getConfig } from '#lib/config/config.ts';
import { getDb } from '#lib/db/connection.ts';
import { probeStorage, type StorageHealth } from '#lib/db/storage-health.ts';
import { getQueryEncoder, type EncoderStatus } from '#lib/embeddings/query-encoder.ts';
import { countVectors } from '#lib/embeddings/vectors.ts';
import { isSearchHealthy } from '#lib/search/site-search.ts';

export type Health = {
  status: 'ok' | 'degraded' | 'down';
  db: 'ok' | 'error';
  search: 'ok' | 'unavailable';
  storage: StorageHealth['storage'];
  freeMb: number | null;
  /**
   * Articles with a sentence-encoder vector for their current text, of all articles, and whether this
   * process can encode queries now (`down` also when it has no encoder). Suggestions rank lexically
   * without it, so neither changes the status.
   */
  vectors: { ready: number; total: number; encoder: EncoderStatus };
  /** Why the status is not ok, in sentences; absent when it is. */
  reason?: string;
};

/**
 * The database is required (down without it). Search and storage are not: pages and suggestions
 * render without the engine, and reads go on while DATA_DIR refuses writes (degraded, with the reason).
 */
export async function checkHealth(): Promise<Health> {
  let db: Health['db'] = 'ok';
  let vectors = { ready: 0, total: 0 };
  try {
    getDb().prepare('SELECT 1').get();
    vectors = countVectors(getDb());
  } catch {
    db = 'error';
  }
  const { dataDir, minFreeBytes } = getConfig();
  const [searchOk, storage] = await Promise.all([isSearchHealthy(), probeStorage(dataDir, minFreeBytes)]);
  const search: Health['search'] = searchOk ? 'ok' : 'unavailable';
  const reasons = [
    db === 'error' ? 'The database cannot be read.' : null,
    storage.reason,
    search === 'ok' ? null : 'Search is unavailable: suggestions use the built-in ranking only.',
  ].filter((r): r is string => r !== null);
  const status = db === 'error' ? 'down' : reasons.length > 0 ? 'degraded' : 'ok';
  return {
    status,
    db,
    search,
    storage: storage.storage,
    freeMb: storage.freeMb,
    vectors: { ...vectors, encoder: getQueryEncoder()?.status ?? 'down' },
    ...(reasons.length > 0 ? { reason: reasons.join(' ') } : {}),
  };
}
