import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '#test/temp.ts';
import { closeDatabases, getDatabase, migrate, openDatabase, readMigrations } from './db.ts';

describe('database', () => {
  it('opens a file with WAL, foreign keys and a busy timeout', () => {
    const db = openDatabase(path.join(tempDir(), 'nested', 'app.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    db.close();
  });

  it('commits with synchronous = FULL on the connection that files tickets and replies', () => {
    // getDb() is getDatabase(DATA_DIR/fixpoint.db): the web workers' connection.
    const db = getDatabase(path.join(tempDir(), 'fixpoint.db'));
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // 2 = FULL (NORMAL, 1, loses commits on power loss)
    closeDatabases();
  });

  it('creates the database, its WAL and shared memory readable by the owner only, in a 0700 folder', () => {
    const dir = path.join(tempDir(), 'data');
    const db = getDatabase(path.join(dir, 'fixpoint.db'));
    db.prepare('INSERT INTO schema_migrations (version, name) VALUES (9999, ?)').run('probe');
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    const files = fs.readdirSync(dir).sort();
    expect(files).toEqual(['fixpoint.db', 'fixpoint.db-shm', 'fixpoint.db-wal']);
    for (const f of files) expect([f, fs.statSync(path.join(dir, f)).mode & 0o777]).toEqual([f, 0o600]);
    closeDatabases();
  });

  it('applies every migration once, in order, and records it', () => {
    const db = openDatabase(path.join(tempDir(), 'app.db'));
    const all = readMigrations().map((m) => m.version);
    expect(all.length).toBeGreaterThan(0);
    expect(migrate(db)).toEqual(all);
    expect(migrate(db)).toEqual([]);
    expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual(all);
    db.close();
  });

  it('rolls back a migration that fails, leaving the schema as it was', () => {
    const db = openDatabase(path.join(tempDir(), 'app.db'));
    const broken = [{ version: 1, name: 'half', sql: 'CREATE TABLE a (x INTEGER); CREATE TABLE oops (' }];
    expect(() => migrate(db, broken)).toThrow();
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'a'").pluck().get()).toBe(0);
    db.close();
  });

  it('refuses a database made by newer code', () => {
    const db = openDatabase(path.join(tempDir(), 'app.db'));
    migrate(db, [
      { version: 1, name: 'one', sql: 'SELECT 1' },
      { version: 2, name: 'two', sql: 'SELECT 1' },
    ]);
    expect(() => migrate(db, [{ version: 1, name: 'one', sql: 'SELECT 1' }])).toThrow(/newer than this code/);
    db.close();
  });
});

describe('migration 0004', () => {
  it('gives tickets filed before it their SLA due times and a created event', () => {
    const db = openDatabase(path.join(tempDir(), 'app.db'));
    const all = readMigrations();
    migrate(
      db,
      all.filter((m) => m.version < 4),
    );
    db.prepare(
      "INSERT INTO users (id, email, display_name, password_hash) VALUES (1, 'a@example.com', 'A', 'x')",
    ).run();
    db.prepare(
      "INSERT INTO tickets (number, requester_id, subject, description, impact, urgency, priority, created_at) VALUES (1001, 1, 's', 'd', 'one', 'high', 3, '2026-11-10T08:00:00.000Z')",
    ).run();
    migrate(db, all);
    expect(db.prepare('SELECT first_response_due_at, resolution_due_at FROM tickets').get()).toEqual({
      first_response_due_at: '2026-11-10T12:00:00.000Z',
      resolution_due_at: '2026-11-13T08:00:00.000Z',
    });
    expect(db.prepare('SELECT type, to_value FROM ticket_events').all()).toEqual([
      { type: 'created', to_value: 'P3' },
    ]);
    db.close();
  });
});
