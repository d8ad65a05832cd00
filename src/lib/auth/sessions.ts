import { createHash } from 'node:crypto';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { sql, type Db } from '#lib/db/db.ts';
import { isStorageError } from '#lib/db/storage-errors.ts';

// Lucia's session design (lucia-auth.com/sessions): the cookie holds a random token, the database
// only its SHA-256, so a leaked database cannot be replayed as cookies.
const DAY = 86_400_000;
/** A session unused for this long ends. */
export const SESSION_IDLE_MS = 7 * DAY;
/** No session lives longer than this, however active. */
export const SESSION_ABSOLUTE_MS = 30 * DAY;
// Extend only when a day of the idle window is used up: at most one write per session per day.
const RENEW_AFTER_MS = DAY;

export type Session = {
  id: string;
  userId: number;
  createdAt: number;
  expiresAt: number;
  absoluteExpiresAt: number;
  /** How the session was opened; an SSO one ends after OIDC_SESSION_HOURS. */
  method: 'password' | 'sso';
  /** Set by validateSessionToken when it moved expiresAt: the cookie must be re-sent with the new expiry. */
  renewed?: boolean;
};

/** 20 random bytes, base32: 160 bits that fit in a cookie. */
export function generateSessionToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

export function sessionIdFromToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** How a new session was opened: through the provider, it lasts at most `maxMs` and keeps the ID token. */
export type SessionOrigin = { method: 'password' } | { method: 'sso'; maxMs: number; idToken: string };

export function createSession(
  db: Db,
  token: string,
  userId: number,
  now: number = Date.now(),
  origin: SessionOrigin = { method: 'password' },
): Session {
  const absoluteExpiresAt =
    now + Math.min(SESSION_ABSOLUTE_MS, origin.method === 'sso' ? origin.maxMs : Infinity);
  const session: Session = {
    id: sessionIdFromToken(token),
    userId,
    createdAt: now,
    expiresAt: Math.min(now + SESSION_IDLE_MS, absoluteExpiresAt),
    absoluteExpiresAt,
    method: origin.method,
  };
  sql(
    db,
    `INSERT INTO sessions (id, user_id, created_at, expires_at, absolute_expires_at, method, id_token)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    session.id,
    userId,
    now,
    session.expiresAt,
    session.absoluteExpiresAt,
    origin.method,
    origin.method === 'sso' ? origin.idToken.slice(0, 20_000) : null,
  );
  return session;
}

/** The ID token an SSO session was opened with (for the provider's logout), or null. */
export function getSessionIdToken(db: Db, sessionId: string): string | null {
  return (
    (sql(db, 'SELECT id_token FROM sessions WHERE id = ?').pluck().get(sessionId) as
      string | null | undefined) ?? null
  );
}

type SessionRow = {
  id: string;
  user_id: number;
  created_at: number;
  expires_at: number;
  absolute_expires_at: number;
  method: 'password' | 'sso';
  disabled_at: string | null;
};

/**
 * The live session for a token, renewed if due; null for an unknown, expired or forged token, or when
 * the account is disabled (its sessions are deleted on the spot).
 */
/**
 * Housekeeping writes on the way to reading a page (renewing a session, dropping an expired one) must
 * not turn a read into an error when the disk is full: they are skipped and tried on a later request.
 */
function bestEffort(write: () => unknown): boolean {
  try {
    write();
    return true;
  } catch (error) {
    if (isStorageError(error)) return false;
    throw error;
  }
}

export function validateSessionToken(db: Db, token: string, now: number = Date.now()): Session | null {
  if (!/^[a-z2-7]{32}$/.test(token)) return null;
  const id = sessionIdFromToken(token);
  const row = sql(
    db,
    'SELECT s.id, s.user_id, s.created_at, s.expires_at, s.absolute_expires_at, s.method, u.disabled_at FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?',
  ).get(id) as SessionRow | undefined;
  if (!row) return null;
  if (now >= row.expires_at || now >= row.absolute_expires_at || row.disabled_at) {
    bestEffort(() => sql(db, 'DELETE FROM sessions WHERE id = ?').run(id));
    return null;
  }
  let expiresAt = row.expires_at;
  if (now >= expiresAt - SESSION_IDLE_MS + RENEW_AFTER_MS) {
    const renewed = Math.min(now + SESSION_IDLE_MS, row.absolute_expires_at);
    if (bestEffort(() => sql(db, 'UPDATE sessions SET expires_at = ? WHERE id = ?').run(renewed, id)))
      expiresAt = renewed;
  }
  return {
    id,
    userId: row.user_id,
    createdAt: row.created_at,
    expiresAt,
    absoluteExpiresAt: row.absolute_expires_at,
    method: row.method,
    renewed: expiresAt !== row.expires_at,
  };
}

export function invalidateSession(db: Db, sessionId: string): void {
  sql(db, 'DELETE FROM sessions WHERE id = ?').run(sessionId);
}

/** Ends every session of a user (password change, account disabled, roles reduced). */
export function invalidateUserSessions(db: Db, userId: number): number {
  return sql(db, 'DELETE FROM sessions WHERE user_id = ?').run(userId).changes;
}

/** How many live sessions a user has (what disabling the account would end). */
export function countUserSessions(db: Db, userId: number, now: number = Date.now()): number {
  return sql(
    db,
    'SELECT count(*) FROM sessions WHERE user_id = ? AND expires_at > ? AND absolute_expires_at > ?',
  )
    .pluck()
    .get(userId, now, now) as number;
}

/** Removes expired rows; safe to run any time. */
export function deleteExpiredSessions(db: Db, now: number = Date.now()): number {
  return sql(db, 'DELETE FROM sessions WHERE expires_at <= ? OR absolute_expires_at <= ?').run(now, now)
    .changes;
}
