import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { remember } from '#lib/config/remember.ts';
import { makeDirectoryDurably } from './durable-files.ts';

export type Db = Database.Database;

// Beside this file when run from source (scripts, tests); the server bundle lives in dist/, so there
// the migrations are found from the project root that `npm start` runs in.
const besideSource = fileURLToPath(new URL('./migrations/', import.meta.url));
const migrationsDir = fs.existsSync(besideSource) ? besideSource : path.resolve('src/lib/db/migrations');

/** Opens (creating if needed) the SQLite file with the pragmas every connection needs. */
export function openDatabase(file: string): Db {
  createPrivately(file);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // FULL: every commit fsyncs the WAL before it returns, so a ticket or reply answered 201 survives a
  // power cut too (NORMAL only survives a crash of the process). It about halves ticket intake here
  // (scripts/bench/intake.ts): see docs/decisions/010-private-and-durable-data.md.
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  return withImmediateTransactions(db);
}

/**
 * Creates a missing database file readable by its owner only: SQLite gives the -wal and -shm files
 * the mode of the database file, so they are private too, whatever the process's umask. (SQLite
 * fsyncs the folder itself when it creates its journal, which makes the new file's name durable.)
 */
function createPrivately(file: string): void {
  if (file === '' || file === ':memory:') return; // SQLite's names for databases without a file
  makeDirectoryDurably(path.dirname(file), 0o700);
  try {
    fs.closeSync(fs.openSync(file, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/**
 * Makes `db.transaction(fn)` take the write lock when it begins (BEGIN IMMEDIATE) instead of at its
 * first write. In WAL mode a transaction that reads and then writes fails at once with "database is
 * locked" when another connection wrote in between (busy_timeout cannot help a stale snapshot); the
 * portal has several connections (the server, the start script, CLIs), so every read-then-write
 * transaction could fail that way. Waiting for the lock up front lets busy_timeout do its job.
 */
function withImmediateTransactions(db: Db): Db {
  const transaction = db.transaction.bind(db);
  db.transaction = ((fn: Parameters<Db['transaction']>[0]) => {
    const variants = transaction(fn);
    const run = (...args: unknown[]) => variants.immediate(...args);
    // The variants are non-enumerable properties: copy them by name.
    return Object.assign(run, {
      default: variants.default,
      deferred: variants.deferred,
      immediate: variants.immediate,
      exclusive: variants.exclusive,
    });
  }) as Db['transaction'];
  return db;
}

export type Migration = { version: number; name: string; sql: string };

/** The numbered `NNNN_name.sql` files, in order. */
export function readMigrations(dir: string = migrationsDir): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({
      version: Number(f.slice(0, 4)),
      name: f.slice(5, -4),
      sql: fs.readFileSync(path.join(dir, f), 'utf8'),
    }));
}

/** Applies pending migrations, each in its own transaction; returns the versions applied. */
export function migrate(db: Db, migrations: Migration[] = readMigrations()): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  ) STRICT`);
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  const newest = Math.max(0, ...applied);
  const known = Math.max(0, ...migrations.map((m) => m.version));
  if (newest > known) {
    throw new Error(
      `The database has schema version ${newest}, newer than this code knows (${known}). Run the newer Fixpoint, or restore a matching backup.`,
    );
  }
  const done: number[] = [];
  for (const m of migrations) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name) VALUES (?, ?)').run(m.version, m.name);
    })();
    done.push(m.version);
  }
  return done;
}

const statements = new WeakMap<Db, Map<string, Database.Statement>>();

/**
 * A prepared statement, compiled once per connection. Compiling costs more than running the small
 * queries on every request (session check: 156 µs uncached), so hot paths use this instead of prepare().
 */
export function sql(db: Db, text: string): Database.Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let statement = cache.get(text);
  if (!statement) cache.set(text, (statement = db.prepare(text)));
  return statement;
}

/**
 * One connection per file and process: `npm start` loads this module twice (the start script's source
 * and the server bundle, see remember.ts), and both use the one connection, so what is kept per
 * connection (FTS5 postings, the vector index) is read and held once.
 */
const opened = remember('db.opened', () => new Map<string, Db>());

/** The process-wide connection to `file`, opened and migrated on first use. */
export function getDatabase(file: string): Db {
  let db = opened.get(file);
  if (!db) {
    db = openDatabase(file);
    migrate(db);
    opened.set(file, db);
  }
  return db;
}

/** Closes every connection opened by getDatabase (tests, shutdown). */
export function closeDatabases(): void {
  for (const db of opened.values()) db.close();
  opened.clear();
}
