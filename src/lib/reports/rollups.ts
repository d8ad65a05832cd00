import { readMigrations, type Db } from '#lib/db/db.ts';

// The backfills at the end of migrations 0008, 0050 and 0066 are the one definition of the rollups; rebuilding runs them again.
const MARKER = '-- What already happened before this migration';
const ROLLUP_MIGRATIONS = [8, 50, 66];

/**
 * Recomputes the report facts (migration 0008) from the raw rows. Triggers keep them right as rows
 * arrive; bulk writers that insert out of order (demo:generate writes requests before their events,
 * with the ticket already set) call this once at the end.
 */
export function rebuildReportRollups(db: Db): void {
  const migrations = readMigrations();
  const backfills = ROLLUP_MIGRATIONS.map((version) => {
    const migration = migrations.find((m) => m.version === version);
    if (!migration || !migration.sql.includes(MARKER))
      throw new Error(`Migration ${version} (report rollups) is missing its backfill section.`);
    return migration.sql.slice(migration.sql.indexOf(MARKER));
  });
  db.transaction(() => {
    db.exec('DELETE FROM article_hourly;');
    for (const backfill of backfills) db.exec(backfill);
  })();
}

const ROLLUP_TRIGGERS = [
  'help_request_events_rollup',
  'help_requests_ticket_rollup',
  'help_requests_next_ticket',
  'tickets_next_ticket',
  'help_requests_hourly_insert',
  'help_requests_hourly_update',
  'help_requests_channel_insert',
  'help_requests_channel_update',
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
