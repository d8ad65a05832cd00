import { createHash, randomBytes } from 'node:crypto';
import { sql, type Db } from '#lib/db/db.ts';

/** How long a person has at the provider's sign-in page before the callback is refused as expired. */
export const SSO_LOGIN_TTL_MS = 10 * 60_000;
// Used and expired rows stay a day, so a replayed callback is recognised as a replay.
const KEEP_MS = 86_400_000;

/** What the callback must match: created when the person leaves for the provider. */
export type PendingSsoLogin = {
  state: string;
  nonce: string;
  codeVerifier: string;
  nextPath: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
};

type Row = {
  state: string;
  nonce: string;
  code_verifier: string;
  next_path: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
};

const idOf = (browserToken: string) => createHash('sha256').update(browserToken).digest('hex');

/** A random value for the browser's cookie; the database keeps only its hash. */
export function generateBrowserToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Stores a sign-in under way (and forgets ones older than a day). */
export function savePendingSsoLogin(
  db: Db,
  browserToken: string,
  login: Omit<PendingSsoLogin, 'createdAt' | 'expiresAt' | 'usedAt'>,
  now: number = Date.now(),
): PendingSsoLogin {
  sql(db, 'DELETE FROM sso_logins WHERE expires_at < ?').run(now - KEEP_MS);
  const pending = { ...login, createdAt: now, expiresAt: now + SSO_LOGIN_TTL_MS, usedAt: null };
  sql(
    db,
    `INSERT INTO sso_logins (id, state, nonce, code_verifier, next_path, created_at, expires_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    idOf(browserToken),
    login.state,
    login.nonce,
    login.codeVerifier,
    login.nextPath,
    now,
    pending.expiresAt,
  );
  return pending;
}

/**
 * The sign-in behind a browser's cookie, marked used in the same statement: a pending sign-in is good
 * for one callback whatever its outcome. `usedAt` is set on what comes back when it had been used before.
 */
export function takePendingSsoLogin(
  db: Db,
  browserToken: string,
  now: number = Date.now(),
): PendingSsoLogin | null {
  const id = idOf(browserToken);
  const row = db.transaction(() => {
    const found = sql(db, 'SELECT * FROM sso_logins WHERE id = ?').get(id) as Row | undefined;
    if (found && found.used_at === null)
      sql(db, 'UPDATE sso_logins SET used_at = ? WHERE id = ?').run(now, id);
    return found;
  })();
  if (!row) return null;
  return {
    state: row.state,
    nonce: row.nonce,
    codeVerifier: row.code_verifier,
    nextPath: row.next_path,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    usedAt: row.used_at,
  };
}

/** Whether a state was issued here and its sign-in has already come back (a replayed callback). */
export function isUsedSsoState(db: Db, state: string): boolean {
  return Boolean(sql(db, 'SELECT 1 FROM sso_logins WHERE state = ? AND used_at IS NOT NULL').get(state));
}
