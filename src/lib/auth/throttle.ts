import { sql, type Db } from '#lib/db/db.ts';

/** Sign-in throttling rules: failures counted per key within a window, then a lock. */
export const THROTTLE = {
  windowMs: 15 * 60_000,
  /** Failures for one account (the typed email, existing or not) before it is locked. */
  accountFailures: 5,
  /** Failures from one client address, across accounts, before the address is locked. */
  addressFailures: 30,
  lockMs: 15 * 60_000,
};

type Row = { failures: number; window_started_at: number; locked_until: number };

export const accountKey = (email: string) => `account:${email.trim().toLowerCase().slice(0, 254)}`;
export const addressKey = (address: string) => `address:${address}`;

/** Milliseconds until the first of these keys is unlocked; 0 when none is locked. */
export function lockedFor(db: Db, keys: string[], now: number = Date.now()): number {
  let wait = 0;
  for (const key of keys) {
    const row = sql(db, 'SELECT locked_until FROM login_throttle WHERE key = ?').get(key) as
      Pick<Row, 'locked_until'> | undefined;
    if (row && row.locked_until > now) wait = Math.max(wait, row.locked_until - now);
  }
  return wait;
}

/** Counts a failure for each key and locks the keys that reached their limit. */
export function recordFailure(
  db: Db,
  keys: Array<{ key: string; limit: number }>,
  now: number = Date.now(),
): void {
  db.transaction(() => {
    for (const { key, limit } of keys) {
      const row = sql(
        db,
        'SELECT failures, window_started_at, locked_until FROM login_throttle WHERE key = ?',
      ).get(key) as Row | undefined;
      const fresh = !row || now - row.window_started_at > THROTTLE.windowMs;
      const failures = fresh ? 1 : row.failures + 1;
      const lockedUntil = failures >= limit ? now + THROTTLE.lockMs : (row?.locked_until ?? 0);
      sql(
        db,
        `INSERT INTO login_throttle (key, failures, window_started_at, locked_until) VALUES (?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, window_started_at = excluded.window_started_at, locked_until = excluded.locked_until`,
      ).run(key, failures, fresh ? now : row.window_started_at, lockedUntil);
    }
  })();
}

/** A successful sign-in clears the account's count (not the address's: it may be guessing others). */
export function clearFailures(db: Db, key: string): void {
  sql(db, 'DELETE FROM login_throttle WHERE key = ?').run(key);
}
