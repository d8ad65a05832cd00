import type { Db } from '#lib/db/db.ts';

/**
 * Makes SQLite itself refuse to grow this database file, as on a full disk: writes that need a new
 * page fail with SQLITE_FULL ("database or disk is full"), reads work. Real SQLite behaviour (the
 * connection's max_page_count), no mock. Returns the function that gives the space back.
 */
export function fillDatabase(db: Db): () => void {
  const pages = db.pragma('page_count', { simple: true }) as number;
  db.pragma(`max_page_count = ${pages}`);
  return () => {
    db.pragma('max_page_count = 4294967294');
  };
}

/** Makes this connection refuse every write as a read-only disk would (SQLITE_READONLY); returns the undo. */
export function makeReadOnly(db: Db): () => void {
  db.pragma('query_only = ON');
  return () => {
    db.pragma('query_only = OFF');
  };
}
