import { readMigrations, type Db } from '#lib/db/db.ts';

// The backfill at the end of migration 0008 is the one definition of the rollups; rebuilding runs it again.
const MARKER = '-- What already happened before this migration';

/**
 * Recomputes the report facts (migration 0008) from the raw rows. Triggers keep them right as rows
 * arrive; bulk writers that insert out of order (demo:generate writes requests before their events,
 * with the ticket already set) call this once at the end.
 */
export function rebuildReportRollups(db: Db): void {
  const migration = readMigrations().find((m) => m.version === 8);
  if (!migration || !migration.sql.includes(MARKER))
    throw new Error('Migration 0008 (report rollups) is missing its backfill section.');
  db.transaction(() => {
    db.exec('DELETE FROM article_hourly;');
    db.exec(migration.sql.slice(migration.sql.indexOf(MARKER)));
  })();
}

const ROLLUP_TRIGGERS = [
  'help_request_events_rollup',
  'help_requests_ticket_rollup',
  'help_requests_next_ticket',
  'tickets_next_ticket',
  'help_requests_hourly_insert',
  'help_requests_hourly_update',
];

/**
 * Runs a bulk write with the rollup triggers set aside and rebuilds the rollups once afterwards:
 * 1.4 million rows through the triggers take three times as long as writing them. Call it inside a
 * transaction; the triggers come back (from their own stored definitions) before it commits.
 */
export function withRollupTriggersSuspended<T>(db: Db, write: () => T): T {
  const saved = db
    .prepare(
      `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (${ROLLUP_TRIGGERS.map(() => '?').join(', ')})`,
    )
    .all(...ROLLUP_TRIGGERS) as Array<{ name: string; sql: string }>;
  for (const t of saved) db.exec(`DROP TRIGGER ${t.name}`);
  try {
    return write();
  } finally {
    for (const t of saved) db.exec(t.sql);
    rebuildReportRollups(db);
  }
}
