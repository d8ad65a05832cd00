import { getDb } from '#lib/db/connection.ts';
import { isSearchHealthy } from '#lib/search/site-search.ts';

export type Health = { status: 'ok' | 'degraded' | 'down'; db: 'ok' | 'error'; search: 'ok' | 'unavailable' };

/** The database is required (down without it); search is not (pages render without it: degraded). */
export async function checkHealth(): Promise<Health> {
  let db: Health['db'] = 'ok';
  try {
    getDb().prepare('SELECT 1').get();
  } catch {
    db = 'error';
  }
  const search: Health['search'] = (await isSearchHealthy()) ? 'ok' : 'unavailable';
  return { status: db === 'error' ? 'down' : search === 'ok' ? 'ok' : 'degraded', db, search };
}
