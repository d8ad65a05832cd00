import path from 'node:path';
import { migrate, openDatabase, type Db } from '#lib/db/db.ts';
import { tempDir } from './temp.ts';

/** A fresh, migrated SQLite file in a temporary folder (removed after the test). */
export function testDatabase(): Db {
  const db = openDatabase(path.join(tempDir(), 'test.db'));
  migrate(db);
  return db;
}
