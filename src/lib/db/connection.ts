import { getConfig } from '#lib/config/config.ts';
import { getDatabase, type Db } from './db.ts';

/** The application's database (DATA_DIR/fixpoint.db), opened and migrated on first use. */
export function getDb(): Db {
  return getDatabase(getConfig().databasePath);
}
