import { createHash, randomBytes } from 'node:crypto';
import { encodeBase64urlNoPadding } from '@oslojs/encoding';
import { sql, type Db } from '#lib/db/db.ts';
import { recordAudit, recordRepeatedAudit } from './audit.ts';
import type { MessageKey } from '#lib/i18n/translate.ts';
import { checkNewPassword, hashPassword } from './passwords.ts';
import { invalidateUserSessions } from './sessions.ts';
import { throttleAddress } from './throttle.ts';
import { getUserByEmail, getUserById, type User } from './users.ts';

export const PASSWORD_RESET = {
  /** How long a link works. */
  validMs: 30 * 60_000,
  /** Requests for one typed address per window (each may send a mail: the owner's inbox is not a target). */
  perAccount: 3,
  /** Requests from one client address per window, across typed addresses. */
  perAddress: 10,
  windowMs: 60 * 60_000,
};

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export type ResetRequest =
  /** The caller answers the same whether or not `user` is set: only the mail tells the owner. */
  { ok: true; user: User | null; token: string | null } | { ok: false; retryAfterSeconds: number };

/**
 * Records a reset request for a typed address and, when it names an active account, a new single-use
 * token (only its hash is stored; earlier unused tokens of the account stop working). Limited per
 * typed address and per client address, whether or not the account exists.
 */
export function requestPasswordReset(
  db: Db,
  input: { email: string; address: string },
  now: number = Date.now(),
): ResetRequest {
  const account = input.email.trim().toLowerCase().slice(0, 254);
  const address = throttleAddress(input.address);
  const since = now - PASSWORD_RESET.windowMs;
  return db.transaction((): ResetRequest => {
    sql(db, 'DELETE FROM password_reset_requests WHERE at < ?').run(now - 24 * 60 * 60_000);
    const byAccount = sql(
      db,
      'SELECT at FROM password_reset_requests WHERE account = ? AND at >= ? ORDER BY at',
    )
      .pluck()
      .all(account, since) as number[];
    const byAddress = sql(
      db,
      'SELECT at FROM password_reset_requests WHERE address = ? AND at >= ? ORDER BY at',
    )
      .pluck()
      .all(address, since) as number[];
    const blockedBy =
      byAccount.length >= PASSWORD_RESET.perAccount
        ? byAccount[byAccount.length - PASSWORD_RESET.perAccount]!
        : byAddress.length >= PASSWORD_RESET.perAddress
          ? byAddress[byAddress.length - PASSWORD_RESET.perAddress]!
          : null;
    if (blockedBy !== null) {
      recordRepeatedAudit(db, {
        actor: 'anonymous',
        action: 'password.reset-throttled',
        target: account,
        address: input.address,
      });
      return {
        ok: false,
        retryAfterSeconds: Math.max(1, Math.ceil((blockedBy + PASSWORD_RESET.windowMs - now) / 1000)),
      };
    }
    sql(db, 'INSERT INTO password_reset_requests (account, address, at) VALUES (?, ?, ?)').run(
      account,
      address,
      now,
    );
    const user = getUserByEmail(db, account);
    if (!user || user.disabled) {
      recordAudit(db, {
        actor: 'anonymous',
        action: 'password.reset-requested',
        target: account,
        address: input.address,
        detail: { sent: false, reason: user ? 'account disabled' : 'unknown email' },
      });
      return { ok: true, user: null, token: null };
    }
    const token = encodeBase64urlNoPadding(randomBytes(32));
    sql(db, 'DELETE FROM password_resets WHERE user_id = ?').run(user.id);
    sql(
      db,
      'INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
    ).run(hashToken(token), user.id, now, now + PASSWORD_RESET.validMs);
    recordAudit(db, {
      actor: 'anonymous',
      action: 'password.reset-requested',
      target: user.email,
      address: input.address,
      detail: { sent: true },
    });
    return { ok: true, user, token };
  })();
}

/** The account a reset link is for, or null when the link is unknown, used or expired. */
export function findPasswordReset(db: Db, token: string, now: number = Date.now()): User | null {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const row = sql(db, 'SELECT user_id, expires_at, used_at FROM password_resets WHERE token_hash = ?').get(
    hashToken(token),
  ) as { user_id: number; expires_at: number; used_at: number | null } | undefined;
  if (!row || row.used_at !== null || row.expires_at <= now) return null;
  const user = getUserById(db, row.user_id);
  return user && !user.disabled ? user : null;
}

export type ResetResult =
  | { ok: true; user: User }
  | { ok: false; reason: 'invalid-link' }
  /** `message`: why the password is refused, a catalogue key (passwords.ts). */
  | { ok: false; reason: 'weak'; message: MessageKey };

/**
 * Sets the new password through a reset link: the link is used up, every session of the account ends,
 * and other outstanding links stop working, all in one transaction with the new hash.
 */
export async function completePasswordReset(
  db: Db,
  input: { token: string; password: string; address: string },
  now: number = Date.now(),
): Promise<ResetResult> {
  const user = findPasswordReset(db, input.token, now);
  if (!user) return { ok: false, reason: 'invalid-link' };
  const problem = checkNewPassword(input.password, { email: user.email });
  if (problem) return { ok: false, reason: 'weak', message: problem };
  const passwordHash = await hashPassword(input.password);
  const done = db.transaction(() => {
    // Checked again inside the write lock: two tabs submitting the same link change the password once.
    const used = sql(
      db,
      'UPDATE password_resets SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?',
    ).run(now, hashToken(input.token), now).changes;
    if (used !== 1) return false;
    sql(
      db,
      "UPDATE users SET password_hash = ?, password_changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?",
    ).run(passwordHash, user.id);
    sql(db, 'DELETE FROM password_resets WHERE user_id = ? AND used_at IS NULL').run(user.id);
    const ended = invalidateUserSessions(db, user.id);
    recordAudit(db, {
      actor: `user:${user.id} ${user.email}`,
      action: 'password.reset',
      target: user.email,
      address: input.address,
      detail: { sessionsEnded: ended },
    });
    return true;
  })();
  return done ? { ok: true, user } : { ok: false, reason: 'invalid-link' };
}
