import Database from 'better-sqlite3';
import { readMigrations, type Db } from './db.ts';

/**
 * A consistent copy of a live database through SQLite's online backup API, while other processes go
 * on writing. All pages are copied in one backup step, which is one read transaction: in WAL mode
 * writers are not blocked by it, and the copy is the database as of one commit. (In small steps,
 * SQLite restarts the copy whenever another connection writes in between, which under a steady load
 * may never finish.)
 */
export async function snapshotDatabase(source: string, destination: string): Promise<void> {
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    await db.backup(destination, { progress: () => 0x7fffffff });
  } finally {
    db.close();
  }
  // A copy in rollback-journal mode is one self-contained file: opening it (to check it, or with the
  // sqlite3 shell) creates no -wal or -shm beside it. The portal switches it back to WAL when it opens it.
  const copy = new Database(destination, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
}

/** Opens a database copy (a snapshot or a restored file) read-only, to inspect it. */
export function openSnapshot(file: string): Db {
  return new Database(file, { readonly: true, fileMustExist: true });
}

/** `PRAGMA integrity_check`: null when the file is sound, else SQLite's first complaint. */
export function integrityProblem(db: Db): string | null {
  const result = db.pragma('integrity_check', { simple: true }) as string;
  return result === 'ok' ? null : result;
}

/** The newest migration recorded in the database (0 for a database that never ran one). */
export function schemaVersion(db: Db): number {
  const table = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
    .get();
  if (!table) return 0;
  return (db.prepare('SELECT coalesce(max(version), 0) FROM schema_migrations').pluck().get() as number) ?? 0;
}

/** The newest migration this code knows: a database past it was written by a newer Fixpoint. */
export function newestKnownSchemaVersion(): number {
  return Math.max(0, ...readMigrations().map((m) => m.version));
}
