import net from 'node:net';
import { sql, type Db } from '#lib/db/db.ts';

/**
 * Sign-in throttling that slows guessing without locking the owner out (docs/decisions/009). Every
 * attempt counts against three keys:
 * - the account and the address together (`pair`): locked after a few failures, so one address cannot
 *   keep guessing one account, while the same account from another address is untouched;
 * - the address alone, across accounts: locked after many failures (one address spraying accounts);
 * - the account alone, from anywhere: never locked, but each failure past the free ones costs a growing
 *   delay, so guesses spread over many addresses come slowly. An address the account signed in from
 *   before (a known address) skips that delay: an attack from elsewhere cannot keep the owner out.
 */
export const THROTTLE = {
  /** Failures of one account from one address before that pair is locked for lockMs. */
  pairFailures: 5,
  /** Failures from one client address, across accounts, before the address is locked for lockMs. */
  addressFailures: 30,
  /** Failures of one account (the typed email, existing or not) before each further one costs a delay. */
  accountFailures: 5,
  /** The first delay past accountFailures; each further failure doubles it, up to accountDelayMaxMs. */
  accountDelayMs: 1000,
  accountDelayMaxMs: 10 * 60_000,
  lockMs: 15 * 60_000,
  /** A pair's or an address's count restarts after this long without a failure. */
  windowMs: 15 * 60_000,
  /** An account's count restarts after this long without a failure (longer than its longest delay). */
  accountWindowMs: 60 * 60_000,
  /** An address stays known to an account this long after its last successful sign-in there. */
  knownAddressMs: 90 * 24 * 60 * 60_000,
};

/** Who is trying: the typed email and the client's address. */
export type Attempt = { email: string; address: string };

type Kind = 'pair' | 'address' | 'account';
type Row = { failures: number; last_failure_at: number; locked_until: number };

const RULES: Record<Kind, { windowMs: number; lockMs: (failures: number) => number }> = {
  pair: {
    windowMs: THROTTLE.windowMs,
    lockMs: (f) => (f >= THROTTLE.pairFailures ? THROTTLE.lockMs : 0),
  },
  address: {
    windowMs: THROTTLE.windowMs,
    lockMs: (f) => (f >= THROTTLE.addressFailures ? THROTTLE.lockMs : 0),
  },
  account: {
    windowMs: THROTTLE.accountWindowMs,
    lockMs: (f) =>
      f >= THROTTLE.accountFailures
        ? Math.min(THROTTLE.accountDelayMs * 2 ** (f - THROTTLE.accountFailures), THROTTLE.accountDelayMaxMs)
        : 0,
  },
};

const accountOf = (email: string) => email.trim().toLowerCase().slice(0, 254);

/**
 * The address as the throttle counts it: IPv6 by its /64 (one subscriber's whole network, which costs
 * an attacker nothing to rotate through), IPv4 and anything else as it is.
 */
export function throttleAddress(address: string): string {
  if (!net.isIPv6(address)) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = address.includes('::') && tail ? tail.split(':') : [];
  const rightGroups = right.length + (right.at(-1)?.includes('.') ? 1 : 0);
  const groups = [...left, ...Array<string>(Math.max(0, 8 - left.length - rightGroups)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => Number.parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

/** The three keys of an attempt, as stored in login_throttle. */
export function throttleKeys(attempt: Attempt): Record<Kind, string> {
  const account = accountOf(attempt.email);
  const address = throttleAddress(attempt.address);
  return { pair: `pair:${address} ${account}`, address: `address:${address}`, account: `account:${account}` };
}

const getRow = (db: Db, key: string) =>
  sql(db, 'SELECT failures, last_failure_at, locked_until FROM login_throttle WHERE key = ?').get(key) as
    Row | undefined;

function isKnownAddress(db: Db, attempt: Attempt, now: number): boolean {
  return (
    sql(db, 'SELECT 1 FROM sign_in_known_addresses WHERE account = ? AND address = ? AND last_success_at > ?')
      .pluck()
      .get(accountOf(attempt.email), throttleAddress(attempt.address), now - THROTTLE.knownAddressMs) === 1
  );
}

/** Milliseconds this attempt must wait before it may be checked; 0 when it may be checked now. */
export function throttleWait(db: Db, attempt: Attempt, now: number = Date.now()): number {
  const keys = throttleKeys(attempt);
  let wait = 0;
  for (const kind of ['pair', 'address', 'account'] as const) {
    const row = getRow(db, keys[kind]);
    if (!row || row.locked_until <= now) continue;
    if (kind === 'account' && isKnownAddress(db, attempt, now)) continue;
    wait = Math.max(wait, row.locked_until - now);
  }
  return wait;
}

function countFailure(db: Db, kind: Kind, key: string, now: number): void {
  const rule = RULES[kind];
  const row = getRow(db, key);
  const fresh = !row || now - row.last_failure_at >= rule.windowMs;
  const failures = fresh ? 1 : row.failures + 1;
  const lock = rule.lockMs(failures);
  const lockedUntil = lock > 0 ? now + lock : 0;
  sql(
    db,
    `INSERT INTO login_throttle (key, failures, last_failure_at, locked_until, expires_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at,
       locked_until = excluded.locked_until, expires_at = excluded.expires_at`,
  ).run(key, failures, now, lockedUntil, Math.max(lockedUntil, now + rule.windowMs));
}

/**
 * Admits an attempt, or says how long it must wait. An admitted attempt is counted as a failure at
 * once, in the same write transaction as the check, so that a burst of parallel requests cannot all
 * pass the check while the first password is still being hashed; `recordSignInSuccess` takes it back.
 */
export function beginSignInAttempt(
  db: Db,
  attempt: Attempt,
  now: number = Date.now(),
): { admitted: true } | { admitted: false; waitMs: number } {
  return db.transaction(() => {
    const waitMs = throttleWait(db, attempt, now);
    if (waitMs > 0) return { admitted: false as const, waitMs };
    const keys = throttleKeys(attempt);
    for (const kind of ['pair', 'address', 'account'] as const) countFailure(db, kind, keys[kind], now);
    pruneThrottle(db, now);
    return { admitted: true as const };
  })(); // BEGIN IMMEDIATE (see db.ts): the check and the count cannot interleave across processes
}

/**
 * The right password: the pair's count is cleared and the address becomes known to the account; the
 * address's and the account's counts forget this attempt (other addresses' failures stay counted).
 */
export function recordSignInSuccess(db: Db, attempt: Attempt, now: number = Date.now()): void {
  const keys = throttleKeys(attempt);
  db.transaction(() => {
    sql(db, 'DELETE FROM login_throttle WHERE key = ?').run(keys.pair);
    for (const kind of ['address', 'account'] as const) {
      const row = getRow(db, keys[kind]);
      if (!row) continue;
      const failures = Math.max(0, row.failures - 1);
      const lockedUntil = RULES[kind].lockMs(failures) > 0 ? row.locked_until : 0;
      sql(db, 'UPDATE login_throttle SET failures = ?, locked_until = ? WHERE key = ?').run(
        failures,
        lockedUntil,
        keys[kind],
      );
    }
    sql(
      db,
      `INSERT INTO sign_in_known_addresses (account, address, last_success_at) VALUES (?, ?, ?)
       ON CONFLICT (account, address) DO UPDATE SET last_success_at = excluded.last_success_at`,
    ).run(accountOf(attempt.email), throttleAddress(attempt.address), now);
    sql(db, 'DELETE FROM sign_in_known_addresses WHERE last_success_at <= ?').run(
      now - THROTTLE.knownAddressMs,
    );
  })();
}

/** Deletes counters that no longer mean anything (window and lock both over), so the table stays small. */
export function pruneThrottle(db: Db, now: number = Date.now()): number {
  return sql(db, 'DELETE FROM login_throttle WHERE expires_at <= ?').run(now).changes;
}
